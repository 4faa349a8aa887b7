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


def test_the_training_scripts_counted_tfidf_is_the_vectorisers_bit_for_bit() -> None:
    """The training counts each sentence's features once and builds every fold's TF-IDF matrix from the counts; the
    matrices must be the vectoriser's to the bit (same vocabulary, idf, values and order of each row's entries, which
    is the order liblinear sums them in), or the retrained models would drift from the committed ones."""
    import numpy as np
    from sklearn.model_selection import KFold  # type: ignore[import-untyped]

    script = load_module("train_lint_model", ROOT / "scripts" / "train_lint_model.py")
    texts = []
    for text, *_ in script.records(script.CORPUS / "tuning.txt"):
        pieces = script._pieces(text)
        texts.extend(script._in_context(pieces))
    assert len(texts) > 100
    counts = script._Counts(texts)

    def same(ours: object, theirs: object) -> bool:
        return (
            type(ours) is type(theirs)
            and ours.shape == theirs.shape  # type: ignore[attr-defined]
            and ours.indptr.tobytes() == theirs.indptr.tobytes()  # type: ignore[attr-defined]
            and ours.indices.tobytes() == theirs.indices.tobytes()  # type: ignore[attr-defined]
            and ours.data.tobytes() == theirs.data.tobytes()  # type: ignore[attr-defined]
        )

    everything = np.arange(len(texts))
    splits = [(everything, None), *KFold(5, shuffle=True, random_state=0).split(np.zeros(len(texts)))]
    for train_index, test_index in splits:
        vectoriser = script._vectoriser()
        expected_train = vectoriser.fit_transform([texts[i] for i in train_index])
        train, test, vocabulary, idf = counts.fit(train_index, test_index)
        assert same(train, expected_train)
        assert list(vocabulary) == list(vectoriser.get_feature_names_out())
        assert idf.tobytes() == vectoriser.idf_.tobytes()
        if test_index is not None:
            assert same(test, vectoriser.transform([texts[i] for i in test_index]))
