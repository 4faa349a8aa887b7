"""The sentence-intent model with the patterns: the kinds the patterns missed (issue 17), the boundary seed 004
draws, and a model file that the training script reproduces from the repository's corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.letters import lint_patterns, lint_text
from matchpilot.letters.intent import MODEL_RULES, analyse, load_model

from support.scripts import load_module

ROOT = Path(__file__).resolve().parents[3]


def rules(text: str) -> set[str]:
    return {finding.rule for finding in lint_text(text)}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("How competitive does my candidacy look on your final list?", "ask-rank"),
        ("May I ask whether I am above the line for your program this year?", "ask-rank"),
        ("I request you to kindly tell me my position in your merit list.", "ask-rank"),
        ("I will need a firm yes from your program before I finalise my own list.", "request-commitment"),
        ("I can offer the top of my list in exchange for you ranking me high.", "conditional-promise"),
        ("Most programs I have seen this season were mediocre.", "tone-disparaging"),
        ("I look forward to joining PROGRAM_NAME next year.", "placeholder"),
    ],
)
def test_the_kinds_the_patterns_missed_are_found(text: str, rule: str) -> None:
    assert rule in rules(text)


def test_the_patterns_alone_missed_them() -> None:
    """The model, not the old patterns, catches these (they are the misses issue 17 reported)."""
    missed = [
        "How competitive does my candidacy look on your final list?",
        "I will need a firm yes from your program before I finalise my own list.",
        "Most programs I have seen this season were mediocre.",
    ]
    assert all(not lint_patterns(text) for text in missed)


@pytest.mark.parametrize(
    "text",
    [
        "I wanted to ask where I stand in terms of being considered for an interview.",
        "Is my application still under consideration?",
        "May I know if my application is still being considered for an interview?",
        "Kindly inform me whether your program sponsors J-1 visas.",
        "Your program is among my top choices, and I would be honored to train there.",
        "I passed Step 1 on my second attempt and have since scored 250 on Step 2 CK.",
    ],
)
def test_what_seed_004_allows_stays_quiet(text: str) -> None:
    assert rules(text) == set()


def test_asking_for_rank_information_is_still_ask_rank_next_to_the_allowed_question() -> None:
    assert "ask-rank" in rules("I wanted to ask where I stand on your rank list.")


def test_the_model_reads_words_and_question_marks_of_the_normalised_sentence() -> None:
    grams = analyse("Where do I stand?")
    assert {"where", "i", "?", "where do i", "stand ?"} <= set(grams)


def test_the_shipped_model_covers_the_model_rules() -> None:
    model = load_model()
    assert model is not None and model.rules == MODEL_RULES
    assert all(0.5 <= threshold < 1 for threshold in model.thresholds)


def test_the_training_script_reproduces_the_committed_model() -> None:
    script = load_module("train_lint_model", ROOT / "scripts" / "train_lint_model.py")
    committed = (ROOT / "src" / "matchpilot" / "letters" / "lint_model.json").read_text(encoding="utf-8")
    assert script.dump(script.train()) == committed
