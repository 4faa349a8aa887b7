"""The speed-ups (dominance pruning, screening) never change the answer on larger problems."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchpilot.domain.portfolio import Candidate, CategoryBounds, PortfolioProblem
from matchpilot.portfolio import CountAxis, dp_optimize, greedy_nested, portfolio_value, solve
from matchpilot.portfolio.greedy import greedy_pass


def _market(seed: int, n: int, *, anti: bool) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    utility = rng.choice([1.0, 2.0, 5.0, 10.0], size=n) if seed % 3 == 0 else rng.uniform(0.0, 10.0, n)
    chance = np.clip(0.5 - 0.04 * utility + rng.normal(0, 0.05, n), 0.0, 1.0) if anti else rng.uniform(0, 0.4, n)
    if seed % 4 == 0:
        chance = np.round(chance, 1)
    return utility, chance


@settings(max_examples=25)
@given(st.integers(0, 10_000), st.integers(1, 60), st.booleans())
def test_the_pruned_greedy_gives_the_same_curve_as_the_plain_greedy(seed: int, k: int, anti: bool) -> None:
    w, p = _market(seed, 1500, anti=anti)
    _, fast = greedy_nested(w, p, k)
    _, plain = greedy_pass(w, p, k)
    assert np.cumsum(fast) == pytest.approx(np.cumsum(plain), rel=1e-12, abs=1e-12)


@settings(max_examples=15)
@given(st.integers(0, 10_000), st.booleans(), st.booleans())
def test_the_pruned_category_program_matches_the_unpruned_one(seed: int, anti: bool, with_budget: bool) -> None:
    n = 400
    w, p = _market(seed, n, anti=anti)
    rng = np.random.default_rng(seed + 1)
    category = rng.choice(["pmr", "prelim", "other"], size=n, p=[0.5, 0.3, 0.2])
    cost = rng.choice([11, 30], size=n) if with_budget else np.ones(n, dtype=np.int64)
    problem = PortfolioProblem(
        candidates=tuple(
            Candidate(f"P{i}", float(p[i]), float(w[i]), int(cost[i]), str(category[i])) for i in range(n)
        ),
        max_applications=12,
        budget=250 if with_budget else None,
        categories={"pmr": CategoryBounds(4, 8), "prelim": CategoryBounds(2, 5)},
    )
    result = solve(problem)
    # The same program with every candidate kept (no pruning, no reductions).
    axis = np.array([{"pmr": 0, "prelim": 1}.get(c, 2) for c in category], dtype=np.int64)
    axes = [CountAxis(cap=8, min=4), CountAxis(cap=5, min=2), CountAxis(cap=12)]
    chosen = dp_optimize(w, p, cost.astype(np.int64), axis, axes, total=12, budget=250 if with_budget else None)
    assert chosen is not None
    assert result.value == pytest.approx(portfolio_value(w, p, chosen.tolist()), abs=1e-9)
    assert len(result.chosen) <= 12
