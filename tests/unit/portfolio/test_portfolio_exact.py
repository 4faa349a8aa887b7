"""Every exact method against exhaustive search: same best value, a feasible list, the value it claims."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from portfolio_oracle import best, feasible, value_of

from matchpilot.domain.portfolio import Candidate, CategoryBounds, Objective, PortfolioProblem
from matchpilot.errors import InvalidDataError
from matchpilot.portfolio import DP_BUDGET, DP_CATEGORIES, GREEDY, solve

CHANCES = st.one_of(st.sampled_from([0.0, 0.1, 0.5, 1.0]), st.floats(0.0, 1.0))
UTILITIES = st.one_of(st.sampled_from([0.0, 1.0, 2.0, 5.0]), st.floats(0.0, 10.0))


@st.composite
def problems(draw: st.DrawFn, *, count: bool, budget: bool, categories: bool, objective: Objective) -> PortfolioProblem:
    """Small random problems (up to 6 candidates) with exactly the requested kinds of limit."""
    n = draw(st.integers(0, 6))
    names = ["pmr", "prelim", "other"]
    candidates = tuple(
        Candidate(
            id=f"P{i}",
            p=draw(CHANCES),
            utility=draw(UTILITIES),
            cost=draw(st.integers(0, 4)),
            category=draw(st.sampled_from([*names, None])),
        )
        for i in range(n)
    )
    bounds: dict[str, CategoryBounds] = {}
    if categories:
        for name in draw(st.lists(st.sampled_from(names[:2]), min_size=1, max_size=2, unique=True)):
            low = draw(st.integers(0, 2))
            high = draw(st.one_of(st.none(), st.integers(low, low + 2)))
            bounds[name] = CategoryBounds(low, high)
    return PortfolioProblem(
        candidates=candidates,
        objective=objective,
        outside_utility=draw(st.sampled_from([0.0, 1.0, 2.5])),
        max_applications=draw(st.integers(0, 5)) if count else None,
        budget=draw(st.integers(0, 9)) if budget else None,
        categories=bounds,
    )


COMBINATIONS = [
    pytest.param(
        count, budget, categories, objective, id=f"{objective.value}-count{count:d}-budget{budget:d}-cat{categories:d}"
    )
    for count, budget, categories in itertools.product([False, True], repeat=3)
    for objective in Objective
]


@pytest.mark.parametrize(("count", "budget", "categories", "objective"), COMBINATIONS)
def test_every_method_finds_the_best_portfolio_exhaustive_search_finds(
    count: bool, budget: bool, categories: bool, objective: Objective
) -> None:
    @settings(max_examples=45)
    @given(problems(count=count, budget=budget, categories=categories, objective=objective))
    def check(problem: PortfolioProblem) -> None:
        reference = best(problem)
        if reference is None:
            with pytest.raises(InvalidDataError, match="cannot all be met"):
                solve(problem)
            return
        result = solve(problem)
        assert feasible(problem, result.chosen), result
        assert result.value == pytest.approx(value_of(problem, result.chosen), abs=1e-9)
        assert result.value == pytest.approx(reference, abs=1e-9)
        assert result.optimal is True
        assert result.method in (GREEDY, DP_BUDGET, DP_CATEGORIES)
        assert result.candidates == len(problem.candidates)

    check()


@settings(max_examples=120)
@given(
    st.sampled_from(list(Objective)).flatmap(
        lambda objective: problems(count=True, budget=False, categories=False, objective=objective)
    )
)
def test_the_curve_is_the_best_value_for_each_number_of_applications_and_the_lists_are_nested(
    problem: PortfolioProblem,
) -> None:
    result = solve(problem)
    assert result.method == GREEDY
    assert result.curve is not None
    assert len(result.curve) == min(problem.max_applications or 0, len(problem.candidates))
    for size, value in enumerate(result.curve, start=1):
        assert value == pytest.approx(best(problem, size), abs=1e-9)
        # nested: the first `size` programs chosen are themselves the best list of that size
        prefix = result.chosen[:size]
        assert value_of(problem, prefix) == pytest.approx(value, abs=1e-9)
    assert list(result.curve) == sorted(result.curve)


def test_no_useless_application_is_recommended() -> None:
    problem = PortfolioProblem(
        candidates=(
            Candidate("good", 0.5, 10.0),
            Candidate("never", 0.0, 10.0),
            Candidate("worthless", 0.9, 1.0),
        ),
        outside_utility=2.0,
        max_applications=3,
    )
    result = solve(problem)
    assert result.chosen == ("good",)
    assert result.value == pytest.approx(2.0 + 0.5 * 8.0)
    assert result.curve == pytest.approx((6.0, 6.0, 6.0))


def test_p_any_counts_only_whether_something_succeeds() -> None:
    problem = PortfolioProblem(
        candidates=(Candidate("a", 0.2, 100.0), Candidate("b", 0.6, 1.0), Candidate("c", 0.5, 0.0)),
        objective=Objective.P_ANY,
        max_applications=2,
    )
    result = solve(problem)
    assert set(result.chosen) == {"b", "c"}
    assert result.value == pytest.approx(1 - 0.4 * 0.5)


def test_a_budget_is_never_filled_by_value_per_dollar() -> None:
    # Value per dollar picks the two cheap long shots; the exact program spends everything on the sure thing.
    problem = PortfolioProblem(
        candidates=(
            Candidate("cheap1", 0.1, 10.0, cost=1),
            Candidate("cheap2", 0.1, 10.0, cost=1),
            Candidate("sure", 0.9, 10.0, cost=2),
        ),
        budget=2,
    )
    result = solve(problem)
    assert result.chosen == ("sure",)
    assert result.method == DP_BUDGET
    assert result.value == pytest.approx(9.0)


def test_category_minimums_are_met_even_when_they_add_nothing() -> None:
    problem = PortfolioProblem(
        candidates=(
            Candidate("pmr-1", 0.3, 10.0, category="pmr"),
            Candidate("prelim-1", 0.9, 0.0, category="prelim"),
            Candidate("prelim-2", 0.8, 0.0, category="prelim"),
        ),
        max_applications=3,
        categories={"prelim": CategoryBounds(min=2)},
    )
    result = solve(problem)
    assert result.method == DP_CATEGORIES
    assert set(result.chosen) == {"pmr-1", "prelim-1", "prelim-2"}
