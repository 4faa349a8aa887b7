"""Hand-worked examples; each is told as a story in docs/match-engine.md."""

from __future__ import annotations

from typing import Any

import pytest

from matchpilot.domain.market import MatchResult, Reversion
from matchpilot.io.match_json import instance_from_dict
from matchpilot.match import run_match, verify
from matchpilot.match.engine import numba_available

ENGINES = ["python", "numba"] if numba_available() else ["python"]


def _run(programs: list[dict[str, Any]], applicants: list[dict[str, Any]], couples: Any = (), engine: str = "python"):
    document = {"format": "matchpilot.match-instance/1", "programs": programs, "applicants": applicants}
    if couples:
        document["couples"] = list(couples)
    instance = instance_from_dict(document)
    result: MatchResult = run_match(instance, engine=engine)  # type: ignore[arg-type]
    assert verify(instance, result).ok
    return result


@pytest.mark.parametrize("engine", ENGINES)
def test_the_example_of_the_contract(engine: str) -> None:
    result = _run(
        [
            {"id": "1001340A0", "quota": 3, "rol": ["a1", "a7", "a2"]},
            {"id": "1001140P0", "quota": 2, "rol": ["a7", "a1", "a3"]},
            {"id": "1002340C0", "quota": 1, "rol": ["a2", "a3"], "revert_to": "1002340A0"},
            {"id": "1002340A0", "quota": 1, "rol": ["a3", "a2"]},
        ],
        [
            {
                "id": "a1",
                "rol": ["1001340A0", "1002340C0"],
                "supplemental_lists": [{"attached_to": ["1001340A0"], "rol": ["1001140P0"]}],
            },
            {"id": "a2", "rol": ["1002340C0", "1001340A0"]},
            {"id": "a3"},
            {"id": "a7"},
        ],
        [{"id": "c1", "members": ["a3", "a7"], "rol": [["1002340A0", "1001140P0"], ["1002340C0", None]]}],
        engine,
    )
    assert dict(result.matches) == {"a1": "1001340A0", "a2": "1002340C0", "a3": "1002340A0", "a7": "1001140P0"}
    assert dict(result.supplemental_matches) == {"a1": "1001140P0"}
    assert dict(result.reverted) == {}
    assert dict(result.unfilled) == {"1001340A0": 2}
    assert result.unstable == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_supplemental_list_is_used_with_its_advanced_match(engine: str) -> None:
    result = _run(
        [
            {"id": "1001340A0", "quota": 1, "rol": ["ana"]},
            {"id": "1001140P0", "quota": 1, "rol": ["ana"]},
            {"id": "1001999P0", "quota": 1, "rol": ["ana"]},
        ],
        [
            {
                "id": "ana",
                "rol": ["1001340A0"],
                "supplemental_lists": [{"attached_to": ["1001340A0"], "rol": ["1001140P0", "1001999P0"]}],
            }
        ],
        engine=engine,
    )
    assert result.matches["ana"] == "1001340A0"
    assert dict(result.supplemental_matches) == {"ana": "1001140P0"}
    assert dict(result.unfilled) == {"1001999P0": 1}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_supplemental_list_is_unused_when_the_advanced_program_is_not_matched(engine: str) -> None:
    result = _run(
        [
            {"id": "1001340A0", "quota": 1, "rol": ["cara", "ben"]},
            {"id": "1002340C0", "quota": 1, "rol": ["ben"]},
            {"id": "1001140P0", "quota": 2, "rol": ["ben", "cara"]},
        ],
        [
            {
                "id": "ben",
                "rol": ["1001340A0", "1002340C0"],
                "supplemental_lists": [{"attached_to": ["1001340A0"], "rol": ["1001140P0"]}],
            },
            {"id": "cara", "rol": ["1001340A0"]},
        ],
        engine=engine,
    )
    assert dict(result.matches) == {"ben": "1002340C0", "cara": "1001340A0"}
    assert dict(result.supplemental_matches) == {}, "Ben's PGY-1 list must not be used without his advanced match"
    assert dict(result.unfilled) == {"1001140P0": 2}


@pytest.mark.parametrize("engine", ENGINES)
def test_an_applicant_keeps_the_advanced_match_when_no_pgy1_takes_them(engine: str) -> None:
    result = _run(
        [
            {"id": "1001340A0", "quota": 1, "rol": ["dev"]},
            {"id": "1002340C0", "quota": 1, "rol": ["dev"]},
            {"id": "1001140P0", "quota": 1, "rol": ["eli", "dev"]},
        ],
        [
            {
                "id": "dev",
                "rol": ["1001340A0", "1002340C0"],
                "supplemental_lists": [{"attached_to": ["1001340A0"], "rol": ["1001140P0"]}],
            },
            {"id": "eli", "rol": ["1001140P0"]},
        ],
        engine=engine,
    )
    assert result.matches["dev"] == "1001340A0", "the algorithm must not go further down Dev's primary list"
    assert "dev" not in result.supplemental_matches
    assert result.matches["eli"] == "1001140P0"
    assert dict(result.unfilled) == {"1002340C0": 1}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_couple_matches_on_its_third_pair(engine: str) -> None:
    result = _run(
        [
            {"id": "X", "quota": 1, "rol": ["hal", "fay"]},
            {"id": "Y", "quota": 1, "rol": ["gus"]},
            {"id": "Z", "quota": 1, "rol": ["gus"]},
            {"id": "W", "quota": 1, "rol": ["fay"]},
        ],
        [{"id": "fay"}, {"id": "gus"}, {"id": "hal", "rol": ["X"]}],
        [{"id": "c1", "members": ["fay", "gus"], "rol": [["X", "Y"], ["X", "Z"], ["W", "Z"]]}],
        engine,
    )
    assert dict(result.matches) == {"fay": "W", "gus": "Z", "hal": "X"}
    assert dict(result.unfilled) == {"Y": 1}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_couple_stays_unmatched_rather_than_split(engine: str) -> None:
    result = _run(
        [
            {"id": "X", "quota": 1, "rol": ["fay"]},
            {"id": "Y", "quota": 1, "rol": ["ida", "gus"]},
        ],
        [{"id": "fay"}, {"id": "gus"}, {"id": "ida", "rol": ["Y"]}],
        [{"id": "c1", "members": ["fay", "gus"], "rol": [["X", "Y"]]}],
        engine,
    )
    assert result.matches["fay"] is None and result.matches["gus"] is None
    assert result.matches["ida"] == "Y"
    assert dict(result.unfilled) == {"X": 1}, "X had a seat for Fay, yet she is not matched alone"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_reversion_fills_a_seat(engine: str) -> None:
    result = _run(
        [
            {"id": "1003340C0", "quota": 2, "rol": ["ivy"], "revert_to": "1003340A0"},
            {"id": "1003340A0", "quota": 1, "rol": ["jon", "kim"]},
        ],
        [
            {"id": "ivy", "rol": ["1003340C0"]},
            {"id": "jon", "rol": ["1003340A0"]},
            {"id": "kim", "rol": ["1003340A0"]},
        ],
        engine=engine,
    )
    assert dict(result.matches) == {"ivy": "1003340C0", "jon": "1003340A0", "kim": "1003340A0"}
    assert dict(result.reverted) == {"1003340C0": Reversion("1003340A0", 1)}
    assert dict(result.unfilled) == {}
