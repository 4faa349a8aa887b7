"""The portfolio methods without signals, and the reduction of limits that cannot bind (used by
:func:`matchpilot.portfolio.solve.solve` and by the signals optimizer alike)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from matchpilot.domain.portfolio import PortfolioProblem, PortfolioResult
from matchpilot.errors import InvalidDataError
from matchpilot.portfolio.dp import CountAxis, dominance_prune, dp_optimize
from matchpilot.portfolio.greedy import greedy_nested
from matchpilot.portfolio.model import IntArray, ProblemArrays, portfolio_value

__all__ = ["DP_BUDGET", "DP_CATEGORIES", "GREEDY", "LimitPlan", "plan_limits", "solve_plain"]

GREEDY = "greedy-nested"
DP_BUDGET = "dp-budget"
DP_CATEGORIES = "dp-categories"

_UNLIMITED = math.inf


def solve_plain(problem: PortfolioProblem, arrays: ProblemArrays) -> PortfolioResult:
    """Solve a checked, feasible problem as if it had no signals (steps 2-4 of :func:`solve`)."""
    plan = plan_limits(problem, arrays)
    if plan.budget is None and not plan.bounded:
        return _greedy(problem, arrays, plan.index, plan.limit)
    index, cost, axis, axes, limit, budget = plan.index, plan.cost, plan.axis, plan.axes, plan.limit, plan.budget
    w = arrays.w[index]
    p = arrays.p[index]
    caps: dict[int, int] = {}
    top_cost = int(cost.max()) if cost.size else 0
    group = (axis + 1) * (top_cost + 1) + cost
    for g in np.unique(group).tolist():
        a = g // (top_cost + 1) - 1
        c = g % (top_cost + 1)
        cap_g: float = _UNLIMITED
        if a >= 0 and not axes[a].saturating:
            cap_g = axes[a].cap
        if budget is not None and c > 0:
            cap_g = min(cap_g, budget // c)
        if limit is not None:
            cap_g = min(cap_g, limit)
        if cap_g != _UNLIMITED:
            caps[g] = int(cap_g)
    keep = dominance_prune(w, p, group, caps)
    kept = np.flatnonzero(keep)
    picked = dp_optimize(w[kept], p[kept], cost[kept], axis[kept], axes, total=limit, budget=budget)
    if picked is None:  # pragma: no cover - check_feasible is exact; kept as a guard
        raise InvalidDataError("no portfolio meets all the limits together", [])
    chosen = index[kept[picked]]
    return _result(problem, arrays, chosen, DP_CATEGORIES if plan.bounded else DP_BUDGET)


@dataclass(frozen=True, slots=True)
class LimitPlan:
    """The limits of a problem reduced to what can bind, ready for the dynamic program.

    ``index`` are the candidates kept (those within the budget), ``cost`` their costs in the budget's unit,
    ``axis`` their count axis (-1: counted nowhere) among ``axes``, ``limit`` and ``budget`` the count and
    money limits that can still bind (None: none), ``bounded`` whether a category bound binds.
    """

    index: IntArray
    cost: IntArray
    axis: IntArray
    axes: list[CountAxis]
    limit: int | None
    budget: int | None
    bounded: bool


def plan_limits(problem: PortfolioProblem, arrays: ProblemArrays) -> LimitPlan:
    """Drop the limits that cannot bind and lay out the count axes of the exact program (see :func:`solve`)."""
    n = len(problem.candidates)
    limit = problem.max_applications
    budget = problem.budget
    cost = arrays.cost
    allowed = np.ones(n, dtype=np.bool_) if budget is None else cost <= budget
    index = np.flatnonzero(allowed)
    cost = cost[index]
    if budget is not None:
        positive = cost[cost > 0]
        if int(cost.sum()) <= budget or positive.size == 0:
            budget = None
        else:
            unit = int(np.gcd.reduce(positive))
            if unit > 1:
                cost = cost // unit
                budget //= unit
            if positive.size == cost.size and int(cost.min()) == int(cost.max()):
                as_count = budget // int(cost[0])
                limit = as_count if limit is None else min(limit, as_count)
                budget = None
    if budget is not None and limit is not None:
        cheapest = cost.min()
        if limit >= index.size or (cheapest > 0 and limit >= budget // int(cheapest)):
            limit = None
    if limit is not None and limit >= index.size:
        limit = None
    axis = arrays.axis[index]
    bounded: list[int] = []
    for a, name in enumerate(arrays.names):
        bounds = problem.categories[name]
        size = int(np.count_nonzero(axis == a))
        reach = size if limit is None else min(size, limit)
        if bounds.min > 0 or (bounds.max is not None and bounds.max < reach):
            bounded.append(a)

    remap = np.full(len(arrays.names) + 1, -1, dtype=np.int64)
    for new, a in enumerate(bounded):
        remap[a] = new
    axis = remap[axis]  # -1 stays -1 through the last slot
    axes: list[CountAxis] = []
    mins = [problem.categories[arrays.names[a]].min for a in bounded]
    for new, a in enumerate(bounded):
        bounds = problem.categories[arrays.names[a]]
        size = int(np.count_nonzero(axis == new))
        cap: float = min(size, _UNLIMITED if bounds.max is None else bounds.max)
        if limit is not None:
            cap = min(cap, limit - (sum(mins) - bounds.min))
        if cap == _UNLIMITED or (bounds.max is None and limit is None):
            axes.append(CountAxis(cap=bounds.min, min=bounds.min, saturating=True))
        else:
            axes.append(CountAxis(cap=int(cap), min=bounds.min))
    rest = axis < 0
    if limit is not None and bool(rest.any()):
        axis = axis.copy()
        axis[rest] = len(axes)
        axes.append(CountAxis(cap=min(int(np.count_nonzero(rest)), limit - sum(mins))))

    return LimitPlan(index, cost, axis, axes, limit, budget, bool(bounded))


def _ordered(arrays: ProblemArrays, chosen: IntArray) -> IntArray:
    """Best first: by decreasing gain over the outside option, then decreasing chance, then input order."""
    if chosen.size == 0:
        return chosen
    order = np.lexsort((chosen, -arrays.p[chosen], -arrays.w[chosen]))
    return chosen[order]


def _result(problem: PortfolioProblem, arrays: ProblemArrays, chosen: IntArray, method: str) -> PortfolioResult:
    chosen = _ordered(arrays, chosen)
    return PortfolioResult(
        chosen=tuple(problem.candidates[i].id for i in chosen.tolist()),
        value=portfolio_value(arrays.w, arrays.p, chosen.tolist(), arrays.base),
        curve=None,
        optimal=True,
        method=method,
        candidates=len(problem.candidates),
    )


def _greedy(problem: PortfolioProblem, arrays: ProblemArrays, index: IntArray, limit: int | None) -> PortfolioResult:
    n = len(problem.candidates)
    steps = n if limit is None else min(limit, n)
    picked, gains = greedy_nested(arrays.w[index], arrays.p[index], steps)
    chosen = index[picked]
    curve = arrays.base + np.cumsum(gains)
    last = float(curve[-1]) if curve.size else arrays.base
    values = curve.tolist() + [last] * (steps - curve.size)
    return PortfolioResult(
        chosen=tuple(problem.candidates[i].id for i in chosen.tolist()),
        value=portfolio_value(arrays.w, arrays.p, chosen.tolist(), arrays.base),
        curve=tuple(values),
        optimal=True,
        method=GREEDY,
        candidates=n,
    )
