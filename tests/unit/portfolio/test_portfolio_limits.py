"""Limits that cannot be met are errors that say which one; bad fields are reported all at once."""

from __future__ import annotations

import pytest

from matchpilot.domain.portfolio import Candidate, CategoryBounds, PortfolioProblem
from matchpilot.errors import InputError, InvalidDataError
from matchpilot.portfolio import solve, solve_correlated


def _pool() -> tuple[Candidate, ...]:
    return tuple(
        [Candidate(f"pmr-{i}", 0.2, 10.0, cost=30, category="pmr") for i in range(5)]
        + [Candidate(f"prelim-{i}", 0.5, 3.0, cost=11, category="prelim") for i in range(4)]
    )


def test_minimums_above_the_count_limit_are_named() -> None:
    problem = PortfolioProblem(
        _pool(), max_applications=5, categories={"pmr": CategoryBounds(min=4), "prelim": CategoryBounds(min=3)}
    )
    with pytest.raises(InvalidDataError) as caught:
        solve(problem)
    message = str(caught.value)
    assert "category minimums add up to 7 (pmr 4, prelim 3), more than max_applications 5" in message
    assert caught.value.issues[0].where == "max_applications"


def test_a_budget_below_the_cost_of_the_minimums_is_named() -> None:
    problem = PortfolioProblem(
        _pool(), budget=100, categories={"pmr": CategoryBounds(min=3), "prelim": CategoryBounds(1, 2)}
    )
    with pytest.raises(InvalidDataError, match=r"budget 100 is below 101, the least the category minimums cost"):
        solve(problem)


def test_a_minimum_larger_than_the_category_is_named() -> None:
    problem = PortfolioProblem(_pool(), categories={"prelim": CategoryBounds(min=6)})
    with pytest.raises(InvalidDataError, match=r'category "prelim" needs at least 6 applications but has only 4'):
        solve(problem)
    with pytest.raises(InvalidDataError, match="needs at least 6"):
        solve_correlated(problem, correlation=0.5, rng=1, samples=50)


def test_every_bad_field_is_reported_with_its_entry() -> None:
    problem = PortfolioProblem(
        (Candidate("1001340C0", 1.4, 10.0), Candidate("x", 0.2, -1.0, cost=-2), Candidate("x", 0.1, 1.0)),
        max_applications=-1,
        categories={"pmr": CategoryBounds(min=3, max=1)},
    )
    with pytest.raises(InvalidDataError) as caught:
        solve(problem)
    shown = [str(issue) for issue in caught.value.issues]
    assert 'candidates[0] "1001340C0": p 1.4 is out of range (0..1)' in shown
    assert 'candidates[1] "x": utility -1.0 is negative (must be >= 0)' in shown
    assert 'candidates[1] "x": cost -2 is negative (must be >= 0)' in shown
    assert 'candidates[2] "x": id is already used by candidates[1]' in shown
    assert "max_applications: max_applications -1 is negative (must be >= 0)" in shown
    assert 'categories "pmr": min 3 is above max 1' in shown


def test_an_empty_problem_gives_an_empty_list() -> None:
    result = solve(PortfolioProblem((), outside_utility=1.5, max_applications=3))
    assert result.chosen == ()
    assert result.value == 1.5
    assert result.curve == ()


def test_a_budget_with_equal_costs_is_a_count_and_keeps_the_curve() -> None:
    result = solve(PortfolioProblem(_pool()[:5], budget=95))
    assert len(result.chosen) == 3
    assert result.curve is not None and len(result.curve) == 3


def test_the_exact_program_refuses_tables_it_cannot_hold() -> None:
    huge = tuple(Candidate(f"c{i}", 0.3, float(i % 7), cost=1 + i % 997, category="a") for i in range(3000))
    problem = PortfolioProblem(huge, max_applications=2000, budget=1_000_000, categories={"a": CategoryBounds(1, 1999)})
    with pytest.raises(InputError, match="coarser unit"):
        solve(problem)
