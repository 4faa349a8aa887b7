"""The JSON layer of spec/match.md: every problem reported, naming its entry; round trips."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from match_reference import markets

from matchpilot.domain.market import MatchInstance
from matchpilot.errors import InvalidDataError
from matchpilot.io.match_json import (
    instance_from_dict,
    instance_to_dict,
    parse_instance,
    parse_result,
    result_from_dict,
    result_to_dict,
)
from matchpilot.match import run_match


def _doc(**parts: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"format": "matchpilot.match-instance/1", "programs": [], "applicants": []}
    document.update(parts)
    return document


def _messages(document: object) -> list[str]:
    instance, issues = parse_instance(document)
    assert instance is None
    return [str(issue) for issue in issues]


def test_supplemental_list_attached_off_the_primary_list_names_the_applicant() -> None:
    applicants: list[dict[str, Any]] = [{"id": f"a{i + 1}", "rol": []} for i in range(12)]
    applicants.append(
        {"id": "a13", "rol": ["1001340A0"], "supplemental_lists": [{"attached_to": ["1009340A0"], "rol": []}]}
    )
    programs = [{"id": "1001340A0", "quota": 1, "rol": []}, {"id": "1009340A0", "quota": 1, "rol": []}]
    assert _messages(_doc(programs=programs, applicants=applicants)) == [
        'applicants[12] "a13": supplemental list attached to "1009340A0", which is not on the primary list'
    ]


def test_every_problem_is_reported_at_once() -> None:
    document = _doc(
        programs=[
            {"id": "P1", "quota": -2, "rol": ["a1", "a1", "ghost"], "revert_to": "P2"},
            {"id": "P2", "quota": "three", "revert_to": "P1"},
            {"id": "P1", "quota": 1},
        ],
        applicants=[
            {"id": "a1", "rol": ["P1", "nowhere"]},
            {"id": "a2", "rol": ["P1"]},
            {"id": "a3"},
            {"id": "a1"},
            {"id": "a4", "rol": ["P2"], "supplemental_lists": [{"attached_to": ["P2"], "rol": ["P2"]}]},
        ],
        couples=[
            {"id": "c1", "members": ["a2", "a3"], "rol": [[None, None], ["P1", "P2"], ["P1", "P2"]]},
            {"id": "c2", "members": ["a3", "zed"], "rol": [["P9", None]]},
        ],
    )
    messages = _messages(document)
    expected = [
        "programs[1] \"P2\": quota is 'three'; it must be a whole number, 0 or more",
        'programs[2] "P1": id is also used by programs[0]',
        'applicants[3] "a1": id is also used by applicants[0]',
        'couples[0] "c1": pair 1 is [null, null]; one side must name a program',
        'couples[0] "c1": rol lists ["P1", "P2"] more than once',
        'couples[1] "c2": member "zed" is not an applicant',
        'couples[1] "c2": member "a3" is already in couple "c1"',
        'couples[1] "c2": rol ranks "P9", which is not a program',
        'programs[0] "P1": quota is -2; it must be 0 or more',
        'programs[0] "P1": rol lists "a1" more than once',
        'programs[0] "P1": rol ranks "ghost", which is not an applicant',
        'programs[0] "P1": reversions form a cycle: P1 → P2 → P1',
        'applicants[0] "a1": rol ranks "nowhere", which is not a program',
        'applicants[1] "a2": belongs to couple "c1", whose list replaces its own; give it no rol',
        'applicants[4] "a4": supplemental list ranks "P2", which it is attached to',
    ]
    for message in expected:
        assert any(message in m for m in messages), (message, messages)


def test_structural_errors_name_the_entry_and_field() -> None:
    messages = _messages(
        {
            "format": "matchpilot.match-instance/1",
            "programs": [7, {"id": "", "quota": 1, "rol": "a1"}],
            "applicants": [{"id": "a1", "supplemental_lists": [{"attached_to": "P", "rol": [1]}]}],
            "couples": [{"id": "c1", "members": ["a1"], "rol": [["P"]]}],
        }
    )
    assert "programs[0]: each program must be a JSON object" in messages
    assert "programs[1]: id must be a non-empty string" in messages
    assert "programs[1]: rol must be a list of ids" in messages
    assert 'applicants[0] "a1": supplemental list 1 attached_to must be a list of ids' in messages
    assert 'applicants[0] "a1": supplemental list 1 rol item 1 is not an id (a non-empty string)' in messages
    assert 'couples[0] "c1": members must be a list of two applicant ids' in messages
    assert 'couples[0] "c1": pair 1 must be [program id or null, program id or null]' in messages


def test_missing_format_and_lists_are_reported() -> None:
    messages = _messages({})
    assert messages == [
        'instance: "format" is missing; expected "matchpilot.match-instance/1"',
        'instance: "programs" is missing; it must be a list',
        'instance: "applicants" is missing; it must be a list',
    ]
    assert _messages([1, 2]) == ["instance: a match instance must be a JSON object"]


def test_instance_from_dict_raises_with_all_issues_and_the_source() -> None:
    with pytest.raises(InvalidDataError) as caught:
        instance_from_dict(_doc(programs=[{"id": "P", "quota": -1}]), source="market.json")
    assert str(caught.value) == "market.json is not a valid match instance (1 problem)"
    assert [issue.where for issue in caught.value.issues] == ['programs[0] "P"']


@settings(max_examples=150)
@given(markets())
def test_instances_and_results_round_trip(instance: MatchInstance) -> None:
    assert instance_from_dict(instance_to_dict(instance)) == instance
    result = run_match(instance, engine="python")
    assert result_from_dict(result_to_dict(result)) == result


def test_result_shape_errors_are_reported() -> None:
    result, issues = parse_result(
        {
            "format": "matchpilot.match-result/1",
            "matches": {"a1": 3},
            "reverted": {"P": {"to": "Q"}},
            "unfilled": {"P": -1},
            "unstable": [{"kind": "odd"}],
            "stats": {"solve_seconds": "fast"},
        }
    )
    assert result is None
    assert [str(i) for i in issues] == [
        'matches "a1": must be a program id or null',
        'reverted "P": must be {"to": program id, "seats": whole number ≥ 0}',
        'unfilled "P": must be a whole number ≥ 0',
        'unstable[0]: must be {"kind": "single" | "supplemental" | "couple", "applicants", "programs"}',
        "stats.solve_seconds: must be a number of seconds ≥ 0",
    ]
