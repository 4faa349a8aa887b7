"""The independent verifier catches broken results: each rule of a valid result, and blocking pairs."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any

from matchpilot.domain.market import BlockingKind, MatchResult, Reversion
from matchpilot.io.match_json import instance_from_dict
from matchpilot.match import run_match, verify

INSTANCE = instance_from_dict(
    {
        "format": "matchpilot.match-instance/1",
        "programs": [
            {"id": "A", "quota": 1, "rol": ["a1", "a2"]},
            {"id": "P", "quota": 1, "rol": ["a1", "a2", "m2"]},
            {"id": "C", "quota": 1, "rol": ["a2", "a1", "m1"], "revert_to": "A"},
            {"id": "D", "quota": 2, "rol": ["m1", "m2"]},
        ],
        "applicants": [
            {"id": "a1", "rol": ["A", "C"], "supplemental_lists": [{"attached_to": ["A"], "rol": ["P"]}]},
            {"id": "a2", "rol": ["C", "A", "P"]},
            {"id": "m1"},
            {"id": "m2"},
        ],
        "couples": [{"id": "c", "members": ["m1", "m2"], "rol": [["D", "D"], ["C", "P"]]}],
    }
)
GOOD = run_match(INSTANCE, engine="python")


def _with(**changes: Any) -> MatchResult:
    fields = {k: MappingProxyType(v) if isinstance(v, dict) else v for k, v in changes.items()}
    return dataclasses.replace(GOOD, **fields)


def _codes(result: MatchResult) -> list[str]:
    return [issue.code for issue in verify(INSTANCE, result).problems]


def test_the_engine_result_is_valid_and_stable() -> None:
    assert dict(GOOD.matches) == {"a1": "A", "a2": "C", "m1": "D", "m2": "D"}
    assert dict(GOOD.supplemental_matches) == {"a1": "P"}
    assert verify(INSTANCE, GOOD).ok


def test_over_quota_is_caught() -> None:
    result = _with(matches={**GOOD.matches, "a2": "A"}, unfilled={"C": 1})
    assert "over-quota" in _codes(result)


def test_a_pair_that_is_not_mutually_acceptable_is_caught() -> None:
    result = _with(matches={**GOOD.matches, "a1": "C", "a2": None}, supplemental_matches={}, unfilled={"A": 1, "P": 1})
    assert _codes(result) == []  # a1 ranks C and C ranks a1: acceptable
    unacceptable = _with(
        matches={**GOOD.matches, "a1": "P", "a2": None}, supplemental_matches={}, unfilled={"A": 1, "C": 1}
    )
    problems = verify(INSTANCE, unacceptable).problems
    assert [(p.code, p.where) for p in problems if p.code == "unacceptable"] == [("unacceptable", 'applicant "a1"')]


def test_a_split_couple_is_caught() -> None:
    result = _with(matches={**GOOD.matches, "m2": None}, unfilled={"D": 1})
    verification = verify(INSTANCE, result)
    assert [p.code for p in verification.problems] == ["couple-split"]
    assert "is split" in verification.problems[0].message


def test_a_supplemental_match_without_its_advanced_match_is_caught() -> None:
    result = _with(matches={**GOOD.matches, "a1": None}, unfilled={"A": 1})
    assert "supplemental-without-advanced" in _codes(result)


def test_a_missing_applicant_and_wrong_unfilled_counts_are_caught() -> None:
    matches = dict(GOOD.matches)
    del matches["a2"]
    assert set(_codes(_with(matches=matches))) == {"missing-applicant", "wrong-unfilled"}


def test_a_reversion_to_the_wrong_program_is_caught() -> None:
    assert "bad-reversion" in _codes(_with(reverted={"C": Reversion("D", 1)}))
    assert "bad-reversion" in _codes(_with(reverted={"A": Reversion("C", 1)}))


def test_every_blocking_pair_is_reported() -> None:
    # a1 and a2 swapped: both prefer the other's program, and both programs prefer them back
    result = _with(matches={**GOOD.matches, "a1": "C", "a2": "A"}, supplemental_matches={}, unfilled={"P": 1})
    verification = verify(INSTANCE, result)
    assert verification.valid
    found = {(b.kind, b.applicants, b.programs) for b in verification.blocking}
    assert (BlockingKind.SINGLE, ("a1",), ("A",)) in found
    assert (BlockingKind.SINGLE, ("a2",), ("C",)) in found
    assert not verification.ok


def test_an_unused_supplemental_seat_blocks() -> None:
    result = _with(supplemental_matches={}, unfilled={"P": 1})
    verification = verify(INSTANCE, result)
    assert verification.valid
    assert [(b.kind, b.applicants, b.programs) for b in verification.blocking] == [
        (BlockingKind.SUPPLEMENTAL, ("a1",), ("P",))
    ]


def test_a_blocking_couple_is_reported() -> None:
    result = _with(
        matches={**GOOD.matches, "m1": "C", "m2": "P", "a2": None, "a1": "A"},
        supplemental_matches={},
        unfilled={"D": 2},
    )
    verification = verify(INSTANCE, result)
    assert verification.valid, verification.problems
    assert (BlockingKind.COUPLE, ("m1", "m2"), ("D", "D")) in {
        (b.kind, b.applicants, b.programs) for b in verification.blocking
    }
