"""Which hand-written blind sets train the linter and which one measures it (issue 17), in one place.

Each pass of issue 17 trains the next linter on the set that measured the one before (the set is then "spent") and
measures it on a newer set written by someone who never read the linter. The corpus README classes every file; the
training script reads only files it names *and* the README classes as training. Before this file, each pass's test
file repeated the check of the newest set, and every pass edited them all; the newest set is now named once
(``HELD_OUT``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.scripts import load_module

ROOT = Path(__file__).resolve().parents[3]

HELD_OUT = ("2026_12_07p", "2026_12_08a", "2026_12_08b", "2026_12_08c")
"""The blind sets that measure the linter on main: held out, never trained on (several are written for one linter)."""


def _set(tag: str) -> tuple[str, ...]:
    return (f"heldout_2026_12_{tag}.txt", f"heldout_2026_12_{tag}_others.txt", f"adversarial_2026_12_{tag}.txt")


SPENT = {
    "07c (measured the fifth linter)": _set("07c"),
    "07e (the sixth)": _set("07e"),
    "07f's training file": ("training_2026_12_07f.txt",),
    "07f (the seventh)": _set("07f"),
    "07g (the eighth)": _set("07g"),
    "07h (the ninth)": _set("07h"),
    "07i (the ninth and the tenth)": _set("07i"),
    "07j (the eleventh)": _set("07j"),
    "07k (the twelfth)": _set("07k"),
    "07l (the twelfth and the thirteenth)": _set("07l"),
    "07m (the thirteenth and the fourteenth)": _set("07m"),
    "07n (the fourteenth and the fifteenth)": _set("07n"),
    "07o (the fourteenth, the fifteenth and the sixteenth)": _set("07o"),
}
"""Blind sets of earlier passes, now training files (the ``07h`` set and the older ones are checked as the folds of
the leave-one-set-out benchmark, in test_letters_issue17_ninth.py)."""


@pytest.fixture(scope="module")
def script():  # type: ignore[no-untyped-def]
    return load_module("train_lint_model_blind_sets", ROOT / "scripts" / "train_lint_model.py")


@pytest.mark.parametrize("names", list(SPENT.values()), ids=list(SPENT))
def test_a_spent_blind_set_trains_the_linter(script, names: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    for name in names:
        assert script.readme_class(name) == "training", name
        assert name in script.TRAINING_FILES, name


@pytest.mark.parametrize("newest", HELD_OUT)
def test_the_newest_blind_sets_are_held_out_and_never_trained_on(script, newest: str) -> None:  # type: ignore[no-untyped-def]
    for name in (f"heldout_{newest}.txt", f"heldout_{newest}_others.txt", f"heldout_{newest}2.txt"):
        assert script.readme_class(name) == "heldout", name
        assert name not in script.TRAINING_FILES, name
    assert script.readme_class(f"adversarial_{newest}.txt") == "adversarial"
    assert (ROOT / "tests" / "letters_corpus" / f"heldout_{newest}.txt").is_file()
    assert not any(name.startswith((f"heldout_{newest}", f"adversarial_{newest}")) for name in script.TRAINING_FILES)


def test_the_first_adversarial_file_and_a_new_file_of_a_spent_name_stay_out_of_training(script) -> None:  # type: ignore[no-untyped-def]
    assert script.readme_class("adversarial.txt") == "adversarial"
    assert "adversarial.txt" not in script.TRAINING_FILES
    assert script.readme_class("heldout_2026_12_07f2.txt") == "heldout"  # a spent set's row names its files only
