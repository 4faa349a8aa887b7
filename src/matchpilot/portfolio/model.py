"""The independence model in arrays: checking a problem, the exact value of a portfolio, feasibility.

Everything here is pure: plain values in, plain values out.

The value of a portfolio X under independence (Kapur & Hong 2022, the objective (1); Chade & Smith 2006): with the
outside utility ``u0`` and ``w_j = max(u_j - u0, 0)`` (every ``w_j = 1`` and ``u0 = 0`` for ``p_any``), list X by
decreasing ``w``; then ``v(X) = u0 + sum_i w_i p_i prod_{l < i} (1 - p_l)`` — the best success counts, and a
candidate worth no more than the outside option adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NoReturn

import numpy as np
from numpy.typing import NDArray

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.portfolio import Objective, PortfolioProblem, json_quote, problem_issues, signal_issues
from matchpilot.errors import InvalidDataError

__all__ = ["ProblemArrays", "check_feasible", "exact_value", "portfolio_value", "to_arrays"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class ProblemArrays:
    """A checked problem as flat arrays, indexed like ``problem.candidates``.

    ``w`` is the gain over the outside option (``max(utility - outside_utility, 0)``, or 1 for ``p_any``),
    ``base`` the value of applying nowhere, ``axis`` the index of the candidate's bounded category in
    ``names`` (-1: none).
    """

    p: FloatArray
    w: FloatArray
    cost: IntArray
    axis: IntArray
    base: float
    names: tuple[str, ...]


def _raise_issues(problem: PortfolioProblem) -> NoReturn:
    issues = problem_issues(problem) or [
        Issue("bad-value", Severity.ERROR, "a field has a value of the wrong kind", "candidates")
    ]
    count = len(issues)
    raise InvalidDataError(f"the portfolio problem has {count} error{'s' if count != 1 else ''}", issues)


def to_arrays(problem: PortfolioProblem) -> ProblemArrays:
    """Check ``problem`` and return it as arrays; raise :class:`InvalidDataError` listing every bad field.

    Steps: read each field into a NumPy array; check them vectorised (p in 0..1, utilities finite and >= 0,
    whole non-negative costs, unique non-empty text ids, valid limits and bounds); on any failure, collect
    every problem with :func:`matchpilot.domain.portfolio.problem_issues` and raise.
    """
    candidates = problem.candidates
    n = len(candidates)
    ids = [c.id for c in candidates]
    try:
        p = np.fromiter([c.p for c in candidates], dtype=np.float64, count=n)
        u = np.fromiter([c.utility for c in candidates], dtype=np.float64, count=n)
        whole = np.fromiter([c.cost for c in candidates], dtype=np.float64, count=n)
        "".join(ids)  # raises TypeError unless every id is a text
        unique = set(ids)
        ok = (
            len(unique) == n
            and "" not in unique
            and bool(np.all((p >= 0.0) & (p <= 1.0)))
            and bool(np.all(np.isfinite(u) & (u >= 0.0)))
            and bool(np.all((whole >= 0.0) & (whole <= 2.0**53) & (whole == np.floor(whole))))
            and not _limits_malformed(problem)
        )
    except (TypeError, ValueError, OverflowError):
        ok = False
    names = tuple(problem.categories)
    if names:
        index = {name: i for i, name in enumerate(names)}
        categories = [c.category for c in candidates]
        ok = ok and "" not in categories and all(type(c) is str or c is None for c in categories)
        axis = np.array([index.get(c, -1) for c in categories], dtype=np.int64)  # type: ignore[arg-type]
    else:
        axis = np.full(len(candidates), -1, dtype=np.int64)
    if not ok or ((problem.signals or any(c.signal is not None for c in candidates)) and signal_issues(problem)):
        _raise_issues(problem)
    cost = whole.astype(np.int64)
    if problem.objective is Objective.P_ANY:
        w = np.ones(len(candidates), dtype=np.float64)
        base = 0.0
    else:
        base = float(problem.outside_utility)
        w = np.maximum(u - base, 0.0)
    return ProblemArrays(p=p, w=w, cost=cost, axis=axis, base=base, names=names)


def _limits_malformed(problem: PortfolioProblem) -> bool:
    """True when a limit, the objective, the outside utility or a category bound is malformed."""
    limits_ok = all(
        value is None or (type(value) is int and value >= 0) for value in (problem.max_applications, problem.budget)
    )
    bounds_ok = all(
        type(b.min) is int and b.min >= 0 and (b.max is None or (type(b.max) is int and b.min <= b.max))
        for b in problem.categories.values()
    )
    outside_ok = isinstance(problem.outside_utility, int | float) and bool(np.isfinite(problem.outside_utility))
    return not (limits_ok and bounds_ok and outside_ok and isinstance(problem.objective, Objective))


def portfolio_value(w: FloatArray, p: FloatArray, chosen: Iterable[int], base: float = 0.0) -> float:
    """The exact value of the portfolio ``chosen`` (indices) under independence.

    Steps: order the chosen candidates by decreasing ``w``; the i-th pays ``w_i`` when it succeeds and every
    better one fails, so ``value = base + sum_i w_i p_i prod_{l<i} (1 - p_l)`` (Kapur & Hong 2022, the objective (1)).
    """
    index = np.fromiter(chosen, dtype=np.int64)
    if index.size == 0:
        return float(base)
    ww = w[index]
    order = np.argsort(-ww, kind="stable")
    ww = ww[order]
    pp = p[index][order]
    miss_before = np.concatenate(([1.0], np.cumprod(1.0 - pp)[:-1]))
    return float(base + np.sum(ww * pp * miss_before))


def exact_value(problem: PortfolioProblem, chosen_ids: Sequence[str]) -> float:
    """The exact objective of the candidates named ``chosen_ids`` in ``problem`` (independence model)."""
    arrays = to_arrays(problem)
    position = {c.id: i for i, c in enumerate(problem.candidates)}
    return portfolio_value(arrays.w, arrays.p, (position[i] for i in chosen_ids), arrays.base)


def _infeasible(message: str, where: str) -> InvalidDataError:
    return InvalidDataError(
        f"the limits cannot all be met: {message}",
        [Issue("infeasible", Severity.ERROR, message, where)],
    )


def check_feasible(problem: PortfolioProblem, arrays: ProblemArrays) -> None:
    """Raise :class:`InvalidDataError` saying which limit cannot be met; return when some portfolio meets all.

    Category maxima can always be met (apply to exactly the minimum), so the problem is feasible exactly when:
    1. every category has at least ``min`` candidates;
    2. the minimums add up to at most ``max_applications``;
    3. the ``min`` cheapest candidates of every category together cost at most ``budget``.
    """
    names = arrays.names
    mins = {name: problem.categories[name].min for name in names}
    for i, name in enumerate(names):
        have = int(np.count_nonzero(arrays.axis == i))
        if mins[name] > have:
            raise _infeasible(
                f"category {json_quote(name)} needs at least {mins[name]} applications but has only "
                f"{have} candidate{'s' if have != 1 else ''}",
                f"categories {json_quote(name)}",
            )
    needed = [(name, m) for name, m in mins.items() if m > 0]
    detail = ", ".join(f"{name} {m}" for name, m in needed)
    total = sum(m for _, m in needed)
    if problem.max_applications is not None and total > problem.max_applications:
        raise _infeasible(
            f"the category minimums add up to {total} ({detail}), more than max_applications "
            f"{problem.max_applications}",
            "max_applications",
        )
    if problem.budget is not None and needed:
        least = 0
        for i, name in enumerate(names):
            if mins[name]:
                costs = np.sort(arrays.cost[arrays.axis == i])
                least += int(costs[: mins[name]].sum())
        if least > problem.budget:
            raise _infeasible(
                f"budget {problem.budget} is below {least}, the least the category minimums cost ({detail})",
                "budget",
            )
