"""Choosing the method for a problem under independence, and running it.

Every limit the problem states is honoured exactly; limits that cannot bind are dropped first so the simplest
exact method runs:

- a count (or none): ``greedy-nested`` (Kapur & Hong 2022, the nested greedy; Chade & Smith 2006);
- a budget, perhaps with a count: ``dp-budget`` (Kapur & Hong 2022, the dynamic program over costs);
- category bounds, with a count and/or a budget: ``dp-categories`` (the same recurrence, counts per category).
"""

from __future__ import annotations

from matchpilot.domain.portfolio import PortfolioProblem, PortfolioResult
from matchpilot.portfolio.model import check_feasible, to_arrays
from matchpilot.portfolio.plain import DP_BUDGET, DP_CATEGORIES, GREEDY, LimitPlan, plan_limits, solve_plain
from matchpilot.portfolio.signals import solve_with_signals

__all__ = ["DP_BUDGET", "DP_CATEGORIES", "GREEDY", "LimitPlan", "plan_limits", "solve", "solve_plain"]


def solve(problem: PortfolioProblem) -> PortfolioResult:
    """Return an optimal portfolio for ``problem`` under independence (``optimal`` is always true here).

    Steps:
    1. check the problem (every bad field at once) and that its limits can all be met, else raise
       :class:`matchpilot.errors.InvalidDataError` saying which limit cannot be met;
    2. drop candidates that cost more than the budget, and limits that cannot bind: a budget above the cost of
       everything, a budget with equal costs (it is then a count), a count above what the budget allows,
       category bounds with no minimum and a maximum at or above what could be chosen anyway;
    3. count limit only: the nested greedy (:func:`matchpilot.portfolio.greedy.greedy_nested`), which also
       gives the diminishing-returns curve; otherwise the exact dynamic program
       (:func:`matchpilot.portfolio.dp.dp_optimize`) with a count axis per bounded category, one for the
       other candidates when a count limit applies, and a money axis when a budget applies;
    4. compute the value of the chosen portfolio exactly (:func:`matchpilot.portfolio.model.portfolio_value`).

    ``solve_seconds`` is left at 0: the caller times the call.
    """
    arrays = to_arrays(problem)
    check_feasible(problem, arrays)
    if problem.signals:
        return solve_with_signals(problem, arrays)
    return solve_plain(problem, arrays)
