"""The linter meets issue 5's quality targets on the labelled corpus (tuning and held-out files).

Targets: recall >= 0.95 on every error and warning rule, recall 1.0 on every error rule, false alarms on at most
3% of compliant messages. The numbers themselves are printed by ``benchmarks/lint_quality.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.letters import TEXT_RULES

from support.scripts import load_module

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "lint_quality.py"


quality = load_module("lint_quality", SCRIPT)


def test_corpus_is_large_and_covers_every_text_rule() -> None:
    samples = quality.load("tuning") + quality.load("heldout")
    assert len(samples) >= 150
    assert len({s.id for s in samples}) == len(samples)
    for rule in TEXT_RULES:
        assert sum(rule in s.expected for s in samples) >= 10, rule
    compliant = [s for s in samples if s.compliant]
    assert len(compliant) >= 60
    assert sum(len(s.expected - {"first-choice-claim"}) >= 2 for s in samples) >= 10  # mixtures


@pytest.mark.parametrize("name", ["tuning", "heldout"])
def test_quality_targets_are_met(name: str) -> None:
    report = quality.evaluate(name, quality.load(name))
    assert report.failures() == [], quality.render(report, verbose=True)


def test_corpus_parser_reads_labels_and_allowances() -> None:
    text = "### a1 | ask-rank, tone-pleading | allow: request-commitment\nHello?\n\n### a2 | -\nFine.\n"
    first, second = quality.parse_corpus(text)
    assert first.expected == {"ask-rank", "tone-pleading"} and first.allowed == {"request-commitment"}
    assert second.expected == frozenset() and second.compliant and second.text == "Fine."
    with pytest.raises(ValueError, match="unknown rule"):
        quality.parse_corpus("### x | no-such-rule\nHi\n")
