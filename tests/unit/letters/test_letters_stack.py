"""The letter linter's second stage (issue 17, ninth pass: the tenth linter): gradient-boosted trees over one
message's stacked evidence, fitted by scikit-learn in ``scripts/train_lint_model.py`` and scored in pure Python."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from matchpilot.letters import intent, lint, lint_received, lint_text, received
from matchpilot.letters.stack import STACK_FORMAT, Booster, Stacker, evidence, load_stacker

from support.scripts import load_module

ROOT = Path(__file__).resolve().parents[3]


def test_the_exported_trees_score_exactly_as_scikit_learn_does() -> None:
    script = load_module("train_lint_model_stack", ROOT / "scripts" / "train_lint_model.py")
    rng = np.random.default_rng(0)
    x = rng.random((400, 19))
    y = ((x[:, 0] > 0.6) & (x[:, 3] < 0.5) | (x[:, 7] > 0.9)).astype(int)
    with threadpool_limits(1):  # OpenMP's waiting threads are slow on a shared machine
        fitted = script._booster().set_params(max_iter=30).fit(x, y)
    booster = Booster(json.loads(json.dumps(script._export(fitted, 0.5))))
    expected = fitted.predict_proba(x)[:, 1]
    got = np.array([booster.probability(row.tolist()) for row in x])
    assert np.allclose(got, expected, rtol=0, atol=1e-12)
    assert 0 < (got >= 0.5).sum() < len(x)


def test_a_booster_flags_a_rule_at_its_threshold_and_only_the_senders_rules() -> None:
    leaf = {"baseline": 0.0, "trees": [[[0, 0.5, 1, 2], [-3.0], [3.0]]]}  # feature 0 above 0.5: p = 0.95
    stacker = Stacker(
        {
            "rules": ["program-asks-rank", "third-party-pressure"],
            "boosters": {
                "program-asks-rank": {**leaf, "threshold": 0.9},
                "third-party-pressure": {**leaf, "threshold": 0.96},
            },
        }
    )
    rows = {"program-asks-rank": [0.7], "third-party-pressure": [0.7]}
    assert stacker.flags(rows) == {"program-asks-rank"}
    assert stacker.flags(rows, ("third-party-pressure",)) == set()
    assert stacker.flags({"program-asks-rank": [0.2], "third-party-pressure": [0.2]}) == set()


def test_the_evidence_row_of_a_rule() -> None:
    rules = ("ask-rank", "tone-pleading")
    scores = [{"ask-rank": 0.2, "tone-pleading": 0.1}, {"ask-rank": 0.8, "tone-pleading": 0.3}]
    rows = evidence(rules, scores, {"ask-rank": 0.7, "tone-pleading": 0.05}, "Hi. Where am I?", {"ask-rank"}, set())
    assert rows["ask-rank"] == pytest.approx([0.8, 0.3, 0.7, 0.05, 0.2, 0.5, np.log1p(2), 1.0, 1.0, 0.0, 0.0])
    assert rows["tone-pleading"][-3:] == [0.0, 0.0, 0.0]


def test_the_shipped_second_stage_was_fitted_on_the_training_files_the_models_were() -> None:
    script = load_module("train_lint_model_stack", ROOT / "scripts" / "train_lint_model.py")
    data = json.loads((ROOT / "src" / "matchpilot" / "letters" / "lint_stack.json").read_text(encoding="utf-8"))
    assert data["format"] == STACK_FORMAT
    assert data["trained_on"] == list(script.TRAINING_FILES)
    assert data["me"]["rules"] == list(intent.MODEL_RULES)
    assert data["program"]["rules"] == list(intent.RECEIVED_MODEL_RULES)
    for part in ("me", "program"):
        for booster in data[part]["boosters"].values():
            assert script.STACK_FLOOR <= booster["threshold"] < 1
    assert load_stacker("me") is not None and load_stacker("mentor") is not None


def test_the_second_stage_only_adds_findings_and_stays_quiet_on_allowed_wording(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quality = load_module("lint_quality_stack", ROOT / "benchmarks" / "lint_quality.py")
    samples = quality.load("tuning")[:60] + quality.load("heldout_2026_12_07h_others")[:20]
    with_stage = [
        {(f.rule, f.start) for f in (lint_text(s.text) if s.sender == "me" else lint_received(s.text, s.sender))}
        for s in samples
    ]
    monkeypatch.setattr(lint, "load_stacker", lambda sender="me": None)
    monkeypatch.setattr(received, "load_stacker", lambda sender="me": None)
    without = [
        {(f.rule, f.start) for f in (lint_text(s.text) if s.sender == "me" else lint_received(s.text, s.sender))}
        for s in samples
    ]
    # The stage adds findings; its precision check (lint.PRECISION_CHECK) may drop one only where the message does
    # not expect that rule (since the sixteenth linter it checks ask-rank too, and drops the ask-rank read beside
    # the request for commitment of t029 and t035, "Would you be willing to rank me first on your list?").
    for sample, a, b in zip(samples, with_stage, without, strict=True):
        assert {rule for rule, _ in b - a} <= set(lint.PRECISION_CHECK) - sample.expected, sample.id
    assert sum(len(b - a) for a, b in zip(with_stage, without, strict=True)) <= 2
    monkeypatch.undo()
    for text in (
        "Is my application still under consideration?",
        "I wanted to ask where I stand in terms of being considered for an interview.",
        "Your program is among my top choices, and I will rank it highly.",
    ):
        assert not {f.rule for f in lint_text(text)} & {"ask-rank", "request-commitment"}


def test_the_veto_candidate_drops_only_rules_the_linear_models_alone_found_below_its_bar(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``lint.STACK_VETO`` (a candidate of the eleventh linter, off in the shipped linter: docs/letters.md): a rule
    the linear models found is dropped when the trees give it less than its bar; the patterns' rules only when
    ``STACK_VETO_PATTERNS``."""
    leaf = {"baseline": 0.0, "trees": [[[0, 0.5, 1, 2], [-3.0], [3.0]]]}  # feature 0 above 0.5: p = 0.95
    stacker = Stacker(
        {
            "rules": ["ask-rank", "tone-pleading"],
            "boosters": {"ask-rank": {**leaf, "threshold": 0.9}, "tone-pleading": {**leaf, "threshold": 0.9}},
        }
    )
    rows = {"ask-rank": [0.2], "tone-pleading": [0.7]}  # p = 0.05 and 0.95
    found = {"ask-rank", "tone-pleading"}
    assert lint.STACK_VETO == {} and lint.STACK_VETO_PATTERNS is False
    monkeypatch.setattr(lint, "PRECISION_CHECK", {})  # the shipped check (ask-rank too since the sixteenth) apart
    assert lint._vetoed(stacker, rows, found, set()) == set()
    monkeypatch.setattr(lint, "STACK_VETO", {"ask-rank": 0.3, "tone-pleading": 0.3})
    assert lint._vetoed(stacker, rows, found, set()) == {"ask-rank"}
    assert lint._vetoed(stacker, rows, found, {"ask-rank"}) == set()
    monkeypatch.setattr(lint, "STACK_VETO_PATTERNS", True)
    assert lint._vetoed(stacker, rows, found, {"ask-rank"}) == {"ask-rank"}


def test_a_compliant_near_twins_own_sentences_are_the_hard_negatives() -> None:
    script = load_module("train_lint_model_hard", ROOT / "scripts" / "train_lint_model.py")
    hard = script.hard_negatives(script.TRAINING_FILES)
    assert 1000 < len(hard) < 10000
    violating = set()
    for name in script.TRAINING_FILES[:6]:
        for text, expected, _, _ in script.records(script.CORPUS / name):
            if script._graded(expected):
                violating.update(p.text for p in script._pieces(text))
    # a hard negative is what a compliant message says where its twin breaks a rule: seldom a sentence of a
    # violating message too (about 5%: signatures, phone numbers and greetings that twins vary as well)
    assert len(hard & violating) < len(hard) // 10
    assert script.HARD_NEGATIVE_WEIGHT == 3.0 and script.HARD_MESSAGES is True
    assert 1000 < len(script.hard_messages(script.TRAINING_FILES)) < 5000
    weights = script._sample_weights(
        [(sorted(hard)[0], None), ("Not a sentence of the corpus, zq.", None)], script.TRAINING_FILES
    )
    assert weights is not None and weights.tolist() == [3.0, 1.0]
