"""The JSON formats of spec/portfolio.md: read back what is written; every bad field named with its entry."""

from __future__ import annotations

import json
from typing import Any

import pytest

from matchpilot.domain.portfolio import Candidate, CategoryBounds, Objective, PortfolioResult
from matchpilot.errors import InvalidDataError
from matchpilot.io.portfolio_json import problem_from_dict, problem_to_dict, result_from_dict, result_to_dict

SPEC_EXAMPLE: dict[str, Any] = {
    "format": "matchpilot.portfolio-problem/1",
    "objective": "expected_utility",
    "outside_utility": 0.0,
    "max_applications": 45,
    "budget": None,
    "candidates": [
        {"id": "1001340C0", "p": 0.22, "utility": 10.0, "cost": 1, "category": "pmr"},
        {"id": "1003140P0", "p": 0.40, "utility": 4.0, "cost": 1, "category": "prelim"},
    ],
    "categories": {"pmr": {"min": 20, "max": 25}, "prelim": {"min": 10, "max": 15}},
}


def test_the_spec_example_reads_and_round_trips() -> None:
    problem = problem_from_dict(SPEC_EXAMPLE)
    assert problem.candidates[0] == Candidate("1001340C0", 0.22, 10.0, 1, "pmr")
    assert problem.categories["pmr"] == CategoryBounds(20, 25)
    assert problem.max_applications == 45 and problem.budget is None
    assert problem_from_dict(json.loads(json.dumps(problem_to_dict(problem)))) == problem


def test_defaults_cost_one_no_category_and_utility_one_for_p_any() -> None:
    problem = problem_from_dict(
        {"format": "matchpilot.portfolio-problem/1", "objective": "p_any", "candidates": [{"id": "a", "p": 0.5}]}
    )
    assert problem.objective is Objective.P_ANY
    assert problem.candidates == (Candidate("a", 0.5, 1.0, 1, None),)
    assert problem.categories == {}


def test_every_bad_field_is_reported_at_once_with_its_entry() -> None:
    document = dict(SPEC_EXAMPLE)
    document["candidates"] = [
        *SPEC_EXAMPLE["candidates"],
        {"id": "x", "p": "high", "utility": -1, "cost": 2.5},
        {"id": "1001340C0", "p": 1.4, "utility": 1, "rank": 3},
        {"p": 0.3, "utility": 1},
        "not an object",
    ]
    document["objective"] = "most_interviews"
    document["max_applications"] = -3
    document["categories"] = {"pmr": {"min": 5, "max": 2}}
    with pytest.raises(InvalidDataError) as caught:
        problem_from_dict(document, source="problem.json")
    assert str(caught.value).startswith("problem.json: the portfolio problem has")
    shown = {str(issue) for issue in caught.value.issues}
    assert shown >= {
        'candidates[2] "x": p "high" is not a number',
        'candidates[2] "x": utility -1 is negative (must be >= 0)',
        'candidates[2] "x": cost 2.5 is not a whole number',
        'candidates[3] "1001340C0": p 1.4 is out of range (0..1)',
        'candidates[3] "1001340C0": id is already used by candidates[0]',
        'candidates[3] "1001340C0": unknown key "rank" (expected one of: id, p, utility, cost, category)',
        "candidates[4]: id is required",
        "candidates[5]: each candidate must be an object",
        'objective: objective "most_interviews" is not one of "expected_utility", "p_any"',
        "max_applications: max_applications -3 is negative (must be >= 0)",
        'categories "pmr": min 5 is above max 2',
    }


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([], "the document must be a JSON object"),
        ({"candidates": []}, 'format: format is required (expected "matchpilot.portfolio-problem/1")'),
        ({"format": "matchpilot.portfolio-problem/1"}, "candidates: candidates is required"),
        ({"format": "matchpilot.portfolio-problem/1", "candidates": [], "budjet": 3}, 'unknown key "budjet"'),
    ],
)
def test_malformed_documents_say_what_is_wrong(document: object, expected: str) -> None:
    with pytest.raises(InvalidDataError) as caught:
        problem_from_dict(document)
    assert any(expected in str(issue) for issue in caught.value.issues)


def test_results_round_trip_in_the_spec_shape() -> None:
    result = PortfolioResult(("1001340C0", "1003140P0"), 4.76, (2.2, 4.76), True, "greedy-nested", 2, 0.0002)
    document = result_to_dict(result)
    assert list(document) == ["format", "chosen", "value", "curve", "optimal", "method", "stats"]
    assert document["stats"] == {"candidates": 2, "solve_seconds": 0.0002}
    assert result_from_dict(json.loads(json.dumps(document))) == result
    without_curve = PortfolioResult(("a",), 1.0, None, False, "sample-average-greedy", 1)
    assert result_to_dict(without_curve)["curve"] is None
    assert result_from_dict(result_to_dict(without_curve)) == without_curve


def test_a_bad_result_document_names_its_fields() -> None:
    with pytest.raises(InvalidDataError) as caught:
        result_from_dict({"format": "matchpilot.portfolio-result/1", "chosen": [1], "optimal": "yes", "stats": {}})
    wheres = {issue.where for issue in caught.value.issues}
    assert {"chosen", "value", "optimal", "method"} <= wheres
