"""The ninth linter (issue 17, eighth pass): the spent ``2026_12_07g`` files train it, the ``2026_12_07i`` files
measure it, its design is chosen by leaving each hand-written blind set out in turn, and three known false alarms
are gone by general means: a passive ("I was ranked by my mentors as the top student") is no claim of the
applicant's own ranking, and matching with *a* program or "with you or elsewhere" asks nothing of this program."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.letters import lint_text
from matchpilot.letters.intent import MODEL_FORMAT

from support.scripts import load_module

ROOT = Path(__file__).resolve().parents[3]


def rules(text: str) -> set[str]:
    return {finding.rule for finding in lint_text(text)}


def test_the_leave_one_set_out_folds_are_the_spent_hand_written_blind_sets_all_training_files() -> None:
    script = load_module("train_lint_model_ninth", ROOT / "scripts" / "train_lint_model.py")
    bench = load_module("lint_generalisation_ninth", ROOT / "benchmarks" / "lint_generalisation.py")
    assert sorted(bench.SETS) == [f"07{letter}" for letter in "bcefghijklmno"]
    for files in bench.SETS.values():
        assert len(files) == 3
        for name in files:
            assert name in script.TRAINING_FILES, name
            assert (ROOT / "tests" / "letters_corpus" / name).is_file(), name


@pytest.mark.parametrize(
    "text",
    [
        "I wonder whether I will match with a program near my family.",
        "Whether I match with you or elsewhere, I am grateful for the interview.",
        "I hope I match somewhere close to my parents, and I am grateful for your time.",
    ],
)
def test_matching_with_some_program_is_no_question_about_this_programs_ranking(text: str) -> None:
    assert "ask-rank" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "I wonder whether I will match with your program.",
        "May I know if I will match with you?",
    ],
)
def test_matching_with_this_program_is_still_asked_about(text: str) -> None:
    assert "ask-rank" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "I was ranked by my mentors as the top student in my class.",
        "I got ranked by my class as number one in anatomy.",
        "If I get the chance, I'll be ranked by my attendings as the top resident within a year.",
    ],
)
def test_being_ranked_by_others_is_no_claim_of_the_applicants_own_ranking(text: str) -> None:
    assert not rules(text) & {"first-choice-claim", "conditional-promise"}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I will rank you first.", "first-choice-claim"),
        ("I have ranked your program first on my list.", "first-choice-claim"),
        ("If you rank me to match, I will rank you first.", "conditional-promise"),
    ],
)
def test_the_applicants_own_ranking_is_still_read(text: str, rule: str) -> None:
    assert rule in rules(text)


def _model(sentence_bias: float, message_bias: float) -> dict[str, object]:
    """A one-rule model scoring every sentence ``sigmoid(sentence_bias)`` and every message
    ``sigmoid(message_bias)`` (no feature carries weight), thresholds 0.9 for sentences and 0.6 for messages."""
    return {
        "format": MODEL_FORMAT,
        "rules": ["ask-rank"],
        "idf": {},
        "weights": {},
        "intercepts": [sentence_bias],
        "thresholds": [0.9],
        "message": {"rules": ["ask-rank"], "idf": {}, "weights": {}, "intercepts": [message_bias], "thresholds": [0.6]},
    }


def test_a_rule_the_whole_message_is_flagged_for_goes_to_a_sentence_scored_at_least_message_low(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from matchpilot.letters import intent

    # sentence score 0.62 (below its 0.9 threshold, above MESSAGE_LOW 0.5); message score 0.73 (above 0.6)
    model = intent.Model(_model(0.5, 1.0))
    assert model.message is not None
    monkeypatch.setattr(intent, "load_model", lambda sender="me": model)
    scored = intent.score_sentences(["First sentence.", "Second sentence."])
    assert sum("ask-rank" in found for found, _ in scored) == 1
    # a single sentence is read by the sentence model alone
    assert intent.score_sentences(["Only one sentence."])[0][0] == set()


def test_the_message_model_adds_nothing_when_no_sentence_reaches_message_low(monkeypatch: pytest.MonkeyPatch) -> None:
    from matchpilot.letters import intent

    quiet = intent.Model(_model(-1.0, 1.0))  # sentences 0.27 < MESSAGE_LOW
    monkeypatch.setattr(intent, "load_model", lambda sender="me": quiet)
    assert all(not found for found, _ in intent.score_sentences(["One.", "Two."]))
    unsure = intent.Model(_model(0.5, 0.0))  # message 0.5 < its threshold 0.6
    monkeypatch.setattr(intent, "load_model", lambda sender="me": unsure)
    assert all(not found for found, _ in intent.score_sentences(["One.", "Two."]))


def test_the_shipped_models_carry_a_message_level_model() -> None:
    from matchpilot.letters.intent import load_model

    for sender in ("me", "program"):
        model = load_model(sender)
        assert model is not None and model.message is not None
        assert model.message.rules == model.rules
