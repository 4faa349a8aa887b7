"""The correlated model: approximate and labelled so, reproducible by seed, within every limit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from portfolio_oracle import best, feasible, value_of

from matchpilot.domain.portfolio import Candidate, CategoryBounds, PortfolioProblem
from matchpilot.errors import InputError
from matchpilot.portfolio import SAMPLE_AVERAGE_GREEDY, latent_thresholds, solve_correlated


def _problem(seed: int, n: int = 8, **limits: object) -> PortfolioProblem:
    rng = np.random.default_rng(seed)
    return PortfolioProblem(
        tuple(
            Candidate(f"P{i}", float(rng.uniform(0.05, 0.9)), float(rng.uniform(0, 10)), 1, ["pmr", "prelim"][i % 2])
            for i in range(n)
        ),
        **limits,  # type: ignore[arg-type]
    )


def test_thresholds_keep_each_chance() -> None:
    p = np.array([0.0, 0.1, 0.5, 0.9, 1.0])
    t = latent_thresholds(p)
    assert t[0] == np.inf and t[-1] == -np.inf
    assert t[2] == pytest.approx(0.0)
    assert t[1] == pytest.approx(1.2815515655446004)


@settings(max_examples=30)
@given(st.integers(0, 1000), st.floats(0.0, 1.0), st.integers(0, 5), st.booleans())
def test_the_answer_is_labelled_approximate_reproducible_and_within_the_limits(
    seed: int, rho: float, limit: int, bounded: bool
) -> None:
    categories = {"pmr": CategoryBounds(1, 3), "prelim": CategoryBounds(min=1)} if bounded and limit >= 2 else {}
    problem = _problem(seed, max_applications=limit, categories=categories)
    first = solve_correlated(problem, correlation=rho, rng=seed, samples=200)
    again = solve_correlated(problem, correlation=rho, rng=np.random.default_rng(seed), samples=200)
    assert first.chosen == again.chosen
    assert first.optimal is False
    assert first.method == SAMPLE_AVERAGE_GREEDY
    assert first.curve is None
    assert feasible(problem, first.chosen)
    assert first.value == pytest.approx(value_of(problem, first.chosen), abs=1e-9)


def test_with_independent_outcomes_it_comes_close_to_the_exact_optimum() -> None:
    for seed in range(5):
        problem = _problem(seed, max_applications=3)
        result = solve_correlated(problem, correlation=0.0, rng=seed, samples=20_000)
        assert result.value >= 0.97 * (best(problem) or 0.0)
        assert result.estimate == pytest.approx(result.value, rel=0.05)


def test_strong_correlation_lowers_what_the_list_is_worth() -> None:
    problem = _problem(3, n=30, max_applications=10)
    independent = solve_correlated(problem, correlation=0.0, rng=1, samples=4000)
    correlated = solve_correlated(problem, correlation=0.9, rng=1, samples=4000)
    assert correlated.estimate is not None and independent.estimate is not None
    assert correlated.estimate < independent.estimate


def test_bad_settings_are_refused() -> None:
    problem = _problem(0, max_applications=2)
    with pytest.raises(InputError, match="correlation"):
        solve_correlated(problem, correlation=1.5, rng=0)
    with pytest.raises(InputError, match="budget together with category minimums"):
        solve_correlated(
            _problem(0, budget=3, categories={"pmr": CategoryBounds(min=1)}), correlation=0.3, rng=0, samples=10
        )
