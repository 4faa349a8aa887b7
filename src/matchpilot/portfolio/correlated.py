"""Correlated outcomes: a sample-average greedy over a latent-strength model (approximate).

Under independence a weak applicant is weak only by chance at each program; in reality an applicant who is
weak for one program is weak for all. The latent-strength model (a one-factor Gaussian copula) says so:

    success at j  <=>  sqrt(rho) * Z + sqrt(1 - rho) * e_j > t_j,    Z, e_j ~ N(0, 1) independent,

where Z is the applicant's strength, shared by every program, ``rho`` in [0, 1] how much outcomes move
together, and ``t_j`` the program's success threshold; ``t_j = Phi^-1(1 - p_j)`` keeps each chance at ``p_j``.

No exact method is known for this objective, so the portfolio is built by sample-average approximation
(Kleywegt, Shapiro & Homem-de-Mello 2002, "The sample average approximation method for stochastic discrete
optimization") with the greedy of Kapur & Hong (2022) applied to the sampled objective: draw scenarios, then
repeatedly add the candidate that raises the average best outcome most. The answer is labelled
``optimal: false`` with method ``sample-average-greedy``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from matchpilot.domain.portfolio import PortfolioProblem, PortfolioResult
from matchpilot.errors import InputError
from matchpilot.portfolio.model import FloatArray, check_feasible, portfolio_value, to_arrays

__all__ = ["SAMPLE_AVERAGE_GREEDY", "latent_thresholds", "sample_successes", "solve_correlated"]

SAMPLE_AVERAGE_GREEDY = "sample-average-greedy"

_CHUNK_CELLS = 4_000_000


def latent_thresholds(p: Sequence[float] | FloatArray) -> FloatArray:
    """The thresholds ``t_j = Phi^-1(1 - p_j)`` that give each candidate its chance ``p_j`` in the model.

    ``p = 0`` gives +inf (never succeeds) and ``p = 1`` gives -inf (always succeeds).
    """
    normal = NormalDist()
    out = []
    for value in np.asarray(p, dtype=np.float64).tolist():
        if value <= 0.0:
            out.append(math.inf)
        elif value >= 1.0:
            out.append(-math.inf)
        else:
            out.append(normal.inv_cdf(1.0 - value))
    return np.array(out, dtype=np.float64)


def sample_successes(
    thresholds: FloatArray, correlation: float, samples: int, rng: np.random.Generator
) -> NDArray[np.bool_]:
    """Draw ``samples`` scenarios of the latent-strength model; row s, column j: success at j in scenario s.

    Steps: for each scenario draw the strength Z and one noise e_j per candidate (standard normal, from
    ``rng``); candidate j succeeds when ``sqrt(rho) Z + sqrt(1 - rho) e_j > t_j``. Rows are drawn in chunks
    so memory stays small.
    """
    n = thresholds.size
    out = np.empty((samples, n), dtype=np.bool_)
    shared = math.sqrt(correlation)
    own = math.sqrt(1.0 - correlation)
    rows = max(1, _CHUNK_CELLS // max(n, 1))
    for start in range(0, samples, rows):
        stop = min(samples, start + rows)
        strength = rng.standard_normal((stop - start, 1))
        noise = rng.standard_normal((stop - start, n))
        out[start:stop] = shared * strength + own * noise > thresholds
    return out


def solve_correlated(
    problem: PortfolioProblem,
    *,
    correlation: float,
    rng: np.random.Generator | int,
    samples: int = 1000,
    thresholds: Sequence[float] | FloatArray | None = None,
) -> PortfolioResult:
    """Choose a portfolio when outcomes are correlated through the applicant's strength (approximate).

    ``correlation`` is rho in [0, 1]; ``rng`` a NumPy generator or a seed (the only randomness);
    ``samples`` the number of scenarios; ``thresholds`` the per-candidate success thresholds (default
    :func:`latent_thresholds` of the chances). Honours ``max_applications``, category bounds and a budget
    (a budget together with category minimums is refused: the greedy cannot promise to meet both).

    Steps (sample-average approximation, Kleywegt et al. 2002, with the greedy of Kapur & Hong 2022):
    1. check the problem and its feasibility as :func:`matchpilot.portfolio.solve.solve` does;
    2. draw the scenarios (:func:`sample_successes`);
    3. keep, per scenario, the best outcome so far ``b_s`` (0 = the outside option) and per candidate its
       average gain ``mean_s [success_sj] (w_j - b_s)^+``;
    4. add the allowed candidate of largest gain — allowed: not chosen, its category below its maximum,
       affordable, and, when the remaining slots are exactly what the unmet category minimums need, from a
       category still below its minimum; when nothing gains but minimums remain unmet, add the best candidate
       of such a category; update ``b_s`` and the gains only in the scenarios that changed;
    5. stop at the count limit or when nothing gains and every minimum is met.
    ``value`` is the exact value under independence; ``estimate`` the sampled value under correlation.
    """
    if not 0.0 <= correlation <= 1.0 or not math.isfinite(correlation):
        raise InputError(f"correlation {correlation!r} is out of range (0..1)")
    if samples < 1:
        raise InputError(f"samples {samples!r} must be at least 1")
    if problem.signals:
        raise InputError(
            "correlated outcomes do not take signals into account yet: leave out the correlation to choose "
            "applications and signals together (exact, independent outcomes)"
        )
    arrays = to_arrays(problem)
    check_feasible(problem, arrays)
    names = arrays.names
    mins = np.array([problem.categories[name].min for name in names], dtype=np.int64)
    maxs = np.array(
        [-1 if problem.categories[name].max is None else problem.categories[name].max for name in names],
        dtype=np.int64,
    )
    if problem.budget is not None and bool((mins > 0).any()):
        raise InputError(
            "the correlated model handles max_applications and category bounds, or a budget, but not a budget "
            "together with category minimums; drop one of them or solve under independence"
        )
    n = len(problem.candidates)
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    t = latent_thresholds(arrays.p) if thresholds is None else np.asarray(thresholds, dtype=np.float64)
    if t.shape != (n,) or bool(np.isnan(t).any()):
        raise InputError(f"thresholds must be {n} numbers, one per candidate")
    success = sample_successes(t, correlation, samples, generator)
    w = arrays.w
    best = np.zeros(samples, dtype=np.float64)
    gain = success.mean(axis=0) * w
    chosen = np.zeros(n, dtype=np.bool_)
    count = np.zeros(len(names), dtype=np.int64)
    order: list[int] = []
    spent = 0
    limit = n if problem.max_applications is None else min(problem.max_applications, n)
    tolerance = float(w.max(initial=0.0)) * 1e-12
    in_category = arrays.axis >= 0
    while len(order) < limit:
        need = int(np.maximum(mins - count, 0).sum())
        allowed = ~chosen
        if problem.budget is not None:
            allowed &= arrays.cost <= problem.budget - spent
        needy = np.zeros(n, dtype=np.bool_)
        if names:
            slot = np.maximum(arrays.axis, 0)
            full = (maxs >= 0) & (count >= maxs)
            allowed &= ~(in_category & full[slot])
            needy = in_category & (count < mins)[slot]
            if need >= limit - len(order):
                allowed &= needy
        if not bool(allowed.any()):
            break
        scores = np.where(allowed, gain, -np.inf)
        j = int(np.argmax(scores))
        if scores[j] <= tolerance:
            if need == 0:
                break
            scores = np.where(allowed & needy, gain, -np.inf)
            j = int(np.argmax(scores))
            if not np.isfinite(scores[j]):  # pragma: no cover - feasibility guarantees a needy candidate
                break
        order.append(j)
        chosen[j] = True
        spent += int(arrays.cost[j])
        if arrays.axis[j] >= 0:
            count[arrays.axis[j]] += 1
        changed = success[:, j] & (w[j] > best)
        if bool(changed.any()):
            rows = success[changed]
            old = best[changed]
            before = np.maximum(w[None, :] - old[:, None], 0.0)
            after = np.maximum(w - w[j], 0.0)
            gain += (rows * (after[None, :] - before)).sum(axis=0) / samples
            best[changed] = w[j]
    index = np.array(order, dtype=np.int64)
    return PortfolioResult(
        chosen=tuple(problem.candidates[i].id for i in order),
        value=portfolio_value(arrays.w, arrays.p, index.tolist(), arrays.base),
        curve=None,
        optimal=False,
        method=SAMPLE_AVERAGE_GREEDY,
        candidates=n,
        estimate=float(arrays.base + best.mean()),
    )
