"""``Candidate.remade`` (the optimizer's rounds remake thousands of candidates) is ``dataclasses.replace``."""

from __future__ import annotations

from dataclasses import fields, replace

from matchpilot.domain.portfolio import Candidate, CandidateSignal


def test_remade_gives_what_replace_gives() -> None:
    signal = CandidateSignal("pmr", "1001-340", {"gold": 0.5})
    candidate = Candidate("1001340C0", 0.3, 2.0, 105, "pmr", signal)
    assert candidate.remade(candidate.p, candidate.cost, candidate.category, candidate.signal) == candidate
    assert candidate.remade(0.1, 1, None, None) == replace(candidate, p=0.1, cost=1, category=None, signal=None)
    other = CandidateSignal("im", "2001-140", {"standard": 0.2})
    assert candidate.remade(0.4, 3, "prelim", other) == replace(
        candidate, p=0.4, cost=3, category="prelim", signal=other
    )


def test_remade_copies_every_field_it_does_not_set() -> None:
    # remade keeps id and utility and sets the rest: a field added to Candidate must be added to remade too
    assert [f.name for f in fields(Candidate)] == ["id", "p", "utility", "cost", "category", "signal"]


def test_a_signal_owning_its_chances_is_the_signal_the_constructor_makes() -> None:
    """``CandidateSignal.owning`` skips the constructor's copy: the same fields, equality, hash of fields, repr
    and a read-only view of the chances; a field added to CandidateSignal must be set there too."""
    import pytest

    chances = {"gold": 0.5, "silver": 0.25}
    made = CandidateSignal.owning("pmr", "1001-340", chances)
    expected = CandidateSignal("pmr", "1001-340", dict(chances))
    assert made == expected and repr(made) == repr(expected) and type(made) is CandidateSignal
    assert [f.name for f in fields(CandidateSignal)] == ["pool", "group", "p"]
    with pytest.raises(TypeError):
        made.p["gold"] = 1.0  # type: ignore[index]
    assert made.p is not chances and dict(made.p) == chances
