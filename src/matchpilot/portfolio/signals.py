"""Applications and ERAS program signals chosen together, exactly (``spec/portfolio.md``, "Signals").

A signal changes a candidate's chance, never its worth, so Kapur & Hong's recurrence still holds: take the
candidates in increasing order of ``w``; the best of a portfolio pays when it succeeds and the rest only
matters when it fails. Each candidate now has several ways in — unsignalled with ``p``, or signalled with a tier
``t`` of its pool with ``signal.p[t]`` — and the state of the dynamic program gains one axis per (pool, tier)
counting the signals used::

    V[j][s] = max(V[j-1][s], max over ways k of (1 - p_jk) V[j-1][s - step_jk] + p_jk w_j)

When every signal group holds one candidate this program is exact (``dp-signals``). A group of several
candidates (categorical and advanced tracks of one institution) shares one signal, which couples candidates far
apart in the order; then the program runs on a *relaxation* — each member of a group of ``m`` can be signalled
on its own, charged ``1/m`` of a signal, in any tier — whose value bounds the best from above. Branch and bound
on the group decisions (``dp-signals-branch-and-bound``) fixes, for a group the relaxation splits or over-uses,
each tier or no signal in turn, best bound first, until a relaxed answer is a real one (then it is optimal) or
no open branch can beat the best real answer found. Past ``max_nodes`` relaxations (fewer on large problems,
see :data:`MAX_WORK`) it stops and answers the
best real portfolio found with ``optimal`` false and the proven ``bound``.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matchpilot.domain.portfolio import PortfolioProblem, PortfolioResult
from matchpilot.errors import InputError
from matchpilot.portfolio import _signals_kernel
from matchpilot.portfolio.dp import MAX_DP_CELLS, CountAxis
from matchpilot.portfolio.model import FloatArray, IntArray, ProblemArrays, portfolio_value
from matchpilot.portfolio.plain import LimitPlan, plan_limits, solve_plain

__all__ = ["MAX_NODES", "SIGNALS_BB", "SIGNALS_DP", "solve_with_signals"]

SIGNALS_DP = "dp-signals"
SIGNALS_BB = "dp-signals-branch-and-bound"
MAX_NODES = 400
"""How many relaxations branch and bound solves at most before it answers the best found with a bound."""
MAX_WORK = 100_000_000
"""Branch and bound also stops once its relaxations have updated about this many table cells in all (at least
two relaxations), so large problems answer in seconds."""

_MAX_UNIT = 6
_TOLERANCE = 1e-12


@dataclass(frozen=True, slots=True)
class _Signals:
    """The signal structure of a problem, over the kept candidates (positions into ``plan.index``)."""

    tiers: list[tuple[str, str]]  # one per signal axis: (pool, tier)
    counts: list[int]  # signals available per axis
    group: IntArray  # group number per kept candidate, -1: cannot be signalled
    group_names: list[str]
    group_size: list[int]
    group_pool: list[str]
    psig: FloatArray  # (kept, axes): chance when signalled in that tier (the plain chance when no gain)
    unit: int  # a signal is this many units on a signal axis


@dataclass(slots=True)
class _Relaxed:
    """One solved relaxation: its bound, the candidates it takes and the tier axis each is signalled on."""

    bound: float
    taken: list[tuple[int, int]]  # (kept position, signal axis or -1)


def solve_with_signals(
    problem: PortfolioProblem, arrays: ProblemArrays, *, max_nodes: int = MAX_NODES
) -> PortfolioResult:
    """Return the best applications and signals for a checked, feasible ``problem`` that has ``signals``.

    Steps:
    1. reduce the limits as without signals (:func:`matchpilot.portfolio.plain.plan_limits`);
    2. list the signal axes (pool, tier with a count > 0) and each candidate's gain per tier; with nothing to
       gain, solve as without signals;
    3. run the dynamic program with signal axes; when groups of several candidates exist, branch and bound on
       the group decisions over its relaxation (see the module);
    4. report the chosen candidates, the signalled groups and the signals used per pool and tier, with the
       value computed exactly under the signalled chances.
    """
    plan = plan_limits(problem, arrays)
    keep = _prune(problem, arrays, plan)
    plan = replace(plan, index=plan.index[keep], cost=plan.cost[keep], axis=plan.axis[keep])
    info = _signal_info(problem, arrays, plan.index)
    used: dict[str, dict[str, int]] = {pool: dict.fromkeys(tiers, 0) for pool, tiers in problem.signals.items()}
    if info is None:
        plain = solve_plain(problem, arrays)
        return PortfolioResult(
            chosen=plain.chosen,
            value=plain.value,
            curve=plain.curve,
            optimal=plain.optimal,
            method=plain.method,
            candidates=plain.candidates,
            signals_used=used,
        )
    w = arrays.w[plan.index]
    p = arrays.p[plan.index]
    cost = plan.cost
    several = any(size > 1 for size in info.group_size)

    def relax(fixed: dict[int, int]) -> _Relaxed | None:
        return _relaxation(w, p, cost, plan.axis, plan.axes, plan.limit, plan.budget, info, fixed)

    cells = w.size * math.prod(a.cap + 1 for a in plan.axes)
    cells *= (plan.budget + 1 if plan.budget is not None else 1) * math.prod(info.unit * c + 1 for c in info.counts)
    max_nodes = min(max_nodes, max(2, MAX_WORK // max(cells, 1)))
    nodes = 1
    root = relax({})
    if root is None:  # pragma: no cover - check_feasible is exact; kept as a guard
        raise InputError("no portfolio meets all the limits together")
    best_value = -math.inf
    best: tuple[list[int], dict[int, int]] = ([], {})
    heap: list[tuple[float, int, dict[int, int], _Relaxed]] = [(-root.bound, 0, {}, root)]
    serial = 1
    optimal = True
    bound: float | None = None
    while heap:
        negative, _, fixed, relaxed = heapq.heappop(heap)
        if -negative <= best_value + _TOLERANCE * max(1.0, abs(best_value)):
            break
        chosen, tiers, branch = _interpret(relaxed, fixed, info, w, p)
        value = _value(w, p, info, chosen, tiers)
        if value > best_value:
            best_value, best = value, (chosen, tiers)
        if branch < 0:
            continue  # the relaxed answer is a real one: nothing in this branch does better
        if nodes >= max_nodes:
            optimal = False
            bound = max([-negative, *(-entry[0] for entry in heap)]) + arrays.base
            break
        pool_axes = [d for d, (pool, _) in enumerate(info.tiers) if pool == info.group_pool[branch]]
        for choice in [*pool_axes, -1]:
            child = {**fixed, branch: choice}
            if choice >= 0 and sum(1 for t in child.values() if t == choice) > info.counts[choice]:
                continue
            solved = relax(child)
            nodes += 1
            if solved is not None and solved.bound > best_value:
                heapq.heappush(heap, (-solved.bound, serial, child, solved))
                serial += 1
    chosen, tiers = best
    return _report(problem, arrays, plan.index, info, w, p, chosen, tiers, optimal, bound, several, used)


def _prune(problem: PortfolioProblem, arrays: ProblemArrays, plan: LimitPlan) -> NDArray[np.bool_]:
    """A mask of the candidates worth keeping: drop each one beaten by at least ``cap`` others.

    j is beaten by i when both have the same count axis and cost, ``w_i >= w_j`` and i's *unsignalled* chance is
    at least j's best *signalled* one (i comes first in the order w desc, chance desc, index). With ``cap`` the
    most applications j's axis and cost allow, some i is left out of any portfolio holding j; swapping j for i
    (unsignalled) keeps every limit and cannot lower the value, and j's signal, if any, may go unused.
    """
    index = plan.index
    n = index.size
    keep = np.ones(n, dtype=np.bool_)
    if n == 0:
        return keep
    w = arrays.w[index]
    p = arrays.p[index]
    candidates = problem.candidates
    best = np.maximum(
        p,
        np.array(
            [
                max(signal.p.values()) if (signal := candidates[i].signal) is not None and signal.p else -1.0
                for i in index.tolist()
            ],
            dtype=np.float64,
        ),
    )
    cost = plan.cost
    top = int(cost.max()) + 1
    key = (plan.axis + 1) * top + cost
    caps: dict[int, int] = {}
    for g in np.unique(key).tolist():
        a, c = g // top - 1, g % top
        cap: float = math.inf
        if a >= 0 and not plan.axes[a].saturating:
            cap = plan.axes[a].cap
        if plan.budget is not None and c > 0:
            cap = min(cap, plan.budget // c)
        if plan.limit is not None:
            cap = min(cap, plan.limit)
        if cap != math.inf:
            caps[g] = int(cap)
    if not caps:
        return keep
    order = np.lexsort((np.arange(n), -p, -w, key))
    current = -1
    heap: list[float] = []
    cap_g = 0
    for j in order.tolist():
        g = int(key[j])
        if g != current:
            current, heap, cap_g = g, [], caps.get(g, -1)
        if cap_g < 0:
            continue
        if len(heap) >= cap_g and (cap_g == 0 or heap[0] >= best[j]):
            keep[j] = False
        if cap_g > 0:
            if len(heap) < cap_g:
                heapq.heappush(heap, float(p[j]))
            elif p[j] > heap[0]:
                heapq.heapreplace(heap, float(p[j]))
    return keep


def _signal_info(problem: PortfolioProblem, arrays: ProblemArrays, index: IntArray) -> _Signals | None:
    """The signal axes and groups over the kept candidates; None when no signal can gain anything."""
    tiers = [(pool, tier) for pool, counts in problem.signals.items() for tier, count in counts.items() if count > 0]
    kept = index.tolist()
    candidates = problem.candidates
    signals = [candidates[i].signal for i in kept]
    p = arrays.p[index]
    psig = np.repeat(p[:, None], len(tiers), axis=1) if tiers else np.zeros((len(kept), 0))
    for d, (pool, tier) in enumerate(tiers):
        column = np.array(
            [math.nan if s is None or s.pool != pool else s.p.get(tier, math.nan) for s in signals], dtype=np.float64
        )
        psig[:, d] = np.where(column > p, column, p)  # NaN (no such tier) compares False
    gains = (psig > p[:, None]).any(axis=1) & (arrays.w[index] > 0.0)
    group = np.full(len(kept), -1, dtype=np.int64)
    names: dict[str, int] = {}
    group_pool: list[str] = []
    for position in np.flatnonzero(gains).tolist():
        signal = signals[position]
        assert signal is not None  # a gain needs a signal
        number = names.setdefault(signal.group, len(names))
        if number == len(group_pool):
            group_pool.append(signal.pool)
        group[position] = number
    psig[~gains] = p[~gains, None]
    if not names:
        return None
    sizes = np.bincount(group[group >= 0], minlength=len(names)).tolist()
    pool_groups: dict[str, int] = {}
    for pool in group_pool:
        pool_groups[pool] = pool_groups.get(pool, 0) + 1
    counts = [min(problem.signals[pool][tier], pool_groups.get(pool, 0)) for pool, tier in tiers]
    unit = min(max(sizes), _MAX_UNIT)
    return _Signals(tiers, counts, group, list(names), sizes, group_pool, psig, unit)


def _relaxation(
    w: FloatArray,
    p: FloatArray,
    cost: IntArray,
    axis: IntArray,
    axes: list[CountAxis],
    limit: int | None,
    budget: int | None,
    info: _Signals,
    fixed: dict[int, int],
) -> _Relaxed | None:
    """Solve the relaxation with the groups in ``fixed`` decided (tier axis, or -1 for no signal)."""
    caps = [info.unit * count for count in info.counts]
    for d in fixed.values():
        if d >= 0:
            caps[d] -= info.unit
    if min(caps, default=0) < 0:
        return None
    group = info.group
    signalled = group >= 0
    decided = np.full(len(info.group_names) + 1, -2, dtype=np.int64)  # -2: open; the last entry: no group
    for g, d in fixed.items():
        decided[g] = d
    decision = decided[group]  # group -1 reads the last entry
    base_p = p.copy()
    chosen_tier = signalled & (decision >= 0)
    rows = np.flatnonzero(chosen_tier)
    base_p[rows] = info.psig[rows, decision[rows]]
    sizes = np.asarray([*info.group_size, 1], dtype=np.int64)
    charge = np.where(signalled, info.unit // sizes[group], 0)
    allowed = (
        (signalled & (decision == -2))[:, None]
        & (info.psig > p[:, None])
        & (np.asarray(caps, dtype=np.int64)[None, :] >= charge[:, None])
    )
    move_p = np.where(allowed, info.psig, np.nan)
    picked = _dp(w, base_p, cost, axis, axes, limit, budget, move_p, charge, caps)
    if picked is None:
        return None
    value, taken = picked
    return _Relaxed(value, taken)


def _dp(
    w: FloatArray,
    p: FloatArray,
    cost: IntArray,
    axis: IntArray,
    axes: list[CountAxis],
    total: int | None,
    budget: int | None,
    move_p: FloatArray,
    charge: IntArray,
    caps: list[int],
) -> tuple[float, list[tuple[int, int]]] | None:
    """The exact program with signal axes: best value and the (candidate, signal axis or -1) it takes.

    ``move_p[j, d]`` is j's chance when signalled on axis ``d`` (NaN: not allowed), which takes ``charge[j]``
    units of that axis.
    """
    n = w.size
    dims = [a.cap + 1 for a in axes]
    budget_dim = len(dims) if budget is not None else -1
    if budget is not None:
        dims.append(budget + 1)
    signal_dim = len(dims)
    dims += [c + 1 for c in caps]
    shape = tuple(dims)
    states = int(np.prod(shape)) if shape else 1
    if states * max(n, 1) > MAX_DP_CELLS:
        raise InputError(
            f"the exact program with signals would need {states:,} states for each of {n:,} candidates, more than "
            f"it can hold ({MAX_DP_CELLS:,}); lower the limits or the signal counts"
        )
    ndim = len(shape)
    strides = [int(np.prod(shape[d + 1 :])) for d in range(ndim)]
    order = np.argsort(w, kind="stable")
    ways = _ways(order, p, cost, axis, axes, budget, budget_dim, signal_dim, dims, strides, move_p, charge)
    value = np.full(states, -np.inf, dtype=np.float64)
    value[0] = 0.0
    records = _signals_kernel.run(
        value,
        np.array(dims if dims else [1], dtype=np.int64),
        ways.count,
        ways.p,
        w[order].astype(np.float64),
        ways.shift,
        ways.low,
        ways.high,
    )
    value = value.reshape(shape)

    feasible = np.ones(shape, dtype=np.bool_)
    counted = np.zeros(shape, dtype=np.int64)
    for d, ax in enumerate(axes):
        index_shape = [1] * ndim
        index_shape[d] = dims[d]
        level = np.arange(dims[d]).reshape(index_shape)
        feasible &= level >= ax.min
        counted = counted + level
    if total is not None:
        feasible &= counted <= total
    final = np.where(feasible, value, -np.inf)
    flat = int(np.argmax(final))
    best = float(final.flat[flat])
    if not np.isfinite(best):
        return None
    taken: list[tuple[int, int]] = []
    for step in range(n - 1, -1, -1):
        code = int(records[step, flat])
        if code == 0:
            continue
        flat -= int(ways.shift[step, code - 1])
        taken.append((int(order[step]), int(ways.tier[step, code - 1])))
    return best, taken


@dataclass(frozen=True, slots=True)
class _Ways:
    """Each step's ways in, in the order the program tries them (see :mod:`._signals_kernel`)."""

    count: IntArray  # (steps,) ways in use
    p: FloatArray  # (steps, ways) chance
    shift: IntArray  # (steps, ways) flat shift from target to source state
    low: IntArray  # (steps, ways, axes) the box of target states, from
    high: IntArray  # (steps, ways, axes) to (exclusive)
    tier: IntArray  # (steps, ways) signal axis, -1: unsignalled


def _ways(
    order: IntArray,
    p: FloatArray,
    cost: IntArray,
    axis: IntArray,
    axes: list[CountAxis],
    budget: int | None,
    budget_dim: int,
    signal_dim: int,
    dims: list[int],
    strides: list[int],
    move_p: FloatArray,
    charge: IntArray,
) -> _Ways:
    """The ways in of every candidate, step by step (candidates in ``order``), as arrays.

    For each candidate: unsignalled, then signalled on each axis it may use; each of them once more staying at
    the cap when its count saturates. A way is dropped when its count axis has no room (cap 0), when its charge
    does not fit the signal axis, and every way when the candidate costs more than the budget.
    """
    steps = order.size
    tiers = move_p.shape[1]
    ndim = len(dims)
    width = max(ndim, 1)
    chance = np.concatenate([p[order][:, None], move_p[order]], axis=1)  # (steps, 1 + tiers)
    units = np.zeros((steps, 1 + tiers), dtype=np.int64)
    units[:, 1:] = charge[order][:, None]
    valid = ~np.isnan(chance)
    for d in range(tiers):
        valid[:, 1 + d] &= units[:, 1 + d] < dims[signal_dim + d]
    a = axis[order]
    cap = np.array([ax.cap for ax in axes] + [0], dtype=np.int64)[a]  # axis -1 reads the last entry
    saturating = np.array([ax.saturating for ax in axes] + [False], dtype=np.bool_)[a]
    roomy = np.array([ax.cap + 1 >= 2 for ax in axes] + [True], dtype=np.bool_)[a]
    c = cost[order].astype(np.int64) if budget is not None else np.zeros(steps, dtype=np.int64)
    stays = 2 if bool(saturating.any()) else 1
    low = np.zeros((steps, 1 + tiers, stays, width), dtype=np.int64)
    high = np.broadcast_to(np.array(dims if dims else [1], dtype=np.int64), low.shape).copy()
    if budget_dim >= 0:
        low[:, :, :, budget_dim] = c[:, None, None]
    for d in range(tiers):
        low[:, 1 + d, :, signal_dim + d] = units[:, 1 + d][:, None]
    counted = np.flatnonzero(a >= 0)
    low[counted, :, 0, a[counted]] = 1
    ok = np.repeat(valid[:, :, None], stays, axis=2)
    ok[:, :, 0] &= roomy[:, None]
    if stays == 2:
        ok[:, :, 1] &= saturating[:, None]
        sat = np.flatnonzero(saturating)
        low[sat, :, 1, a[sat]] = cap[sat][:, None]
        high[sat, :, 1, a[sat]] = cap[sat][:, None] + 1
    if budget is not None:
        ok &= (c <= budget)[:, None, None]
    stride = np.array(strides if strides else [0], dtype=np.int64)
    shift = (low * stride).sum(axis=3)
    if stays == 2:
        shift[:, :, 1] -= np.where(saturating, cap * stride[np.maximum(a, 0)], 0)[:, None]
    ways = (1 + tiers) * stays
    ok = ok.reshape(steps, ways)
    pick = np.argsort(~ok, axis=1, kind="stable")  # the ways in use first, in their order

    def take(array: NDArray[Any]) -> NDArray[Any]:
        flat = array.reshape(steps, ways, *array.shape[3:])
        index = pick.reshape(steps, ways, *([1] * (flat.ndim - 2)))
        return np.take_along_axis(flat, index, axis=1)

    tier = np.broadcast_to(np.arange(-1, tiers, dtype=np.int64)[None, :, None], (steps, 1 + tiers, stays))
    spread = np.broadcast_to(chance[:, :, None], (steps, 1 + tiers, stays))
    return _Ways(
        count=ok.sum(axis=1).astype(np.int64),
        p=np.ascontiguousarray(take(np.nan_to_num(spread, nan=0.0))),
        shift=np.ascontiguousarray(take(shift)),
        low=np.ascontiguousarray(take(low)),
        high=np.ascontiguousarray(take(high)),
        tier=take(tier),
    )


def _interpret(
    relaxed: _Relaxed, fixed: dict[int, int], info: _Signals, w: FloatArray, p: FloatArray
) -> tuple[list[int], dict[int, int], int]:
    """A real answer from a relaxed one, and the group to branch on (-1: the relaxed answer is already real).

    Each group takes the tier most of its signalled members got (fixed groups keep theirs); where a tier is
    over-used, the groups of least gain lose their signal. The branching group is one with members in
    different tiers, or a partly charged group in an over-used tier, of largest gain.
    """
    chosen = [j for j, _ in relaxed.taken]
    votes: dict[int, dict[int, float]] = {}
    for j, d in relaxed.taken:
        if d >= 0:
            g = int(info.group[j])
            gain = float(w[j]) * (float(info.psig[j, d]) - float(p[j]))
            votes.setdefault(g, {})
            votes[g][d] = votes[g].get(d, 0.0) + gain
    tiers: dict[int, int] = {}
    gains: dict[int, float] = {}
    members = {int(info.group[j]) for j in chosen if info.group[j] >= 0}
    for g, d in fixed.items():
        if d >= 0 and g in members:
            tiers[g] = d
            gains[g] = math.inf
    branch = -1
    branch_gain = -1.0
    for g, tally in votes.items():
        d = max(tally, key=lambda t: tally[t])
        tiers[g] = d
        gains[g] = sum(tally.values())
        if len(tally) > 1 and gains[g] > branch_gain:
            branch, branch_gain = g, gains[g]
    for d, count in enumerate(info.counts):
        using = sorted((g for g, t in tiers.items() if t == d), key=lambda g: -gains[g])
        if len(using) > count:
            for g in using:
                if g not in fixed and info.group_size[g] > 1 and gains[g] > branch_gain and branch < 0:
                    branch, branch_gain = g, gains[g]
            for g in using[count:]:
                del tiers[g]
    return chosen, tiers, branch


def _effective(p: FloatArray, info: _Signals, tiers: dict[int, int]) -> FloatArray:
    """The chances with the signalled groups' members at their signalled chance."""
    effective = p.copy()
    for g, d in tiers.items():
        members = info.group == g
        effective[members] = info.psig[members, d]
    return effective


def _value(w: FloatArray, p: FloatArray, info: _Signals, chosen: list[int], tiers: dict[int, int]) -> float:
    return portfolio_value(w, _effective(p, info, tiers), chosen)


def _report(
    problem: PortfolioProblem,
    arrays: ProblemArrays,
    index: IntArray,
    info: _Signals,
    w: FloatArray,
    p: FloatArray,
    chosen: list[int],
    tiers: dict[int, int],
    optimal: bool,
    bound: float | None,
    several: bool,
    used: dict[str, dict[str, int]],
) -> PortfolioResult:
    effective = _effective(p, info, tiers)
    picked = np.array(chosen, dtype=np.int64)
    if picked.size:
        picked = picked[np.lexsort((index[picked], -effective[picked], -w[picked]))]
    signalled: dict[str, str] = {}
    for g, d in sorted(tiers.items(), key=lambda item: info.group_names[item[0]]):
        pool, tier = info.tiers[d]
        signalled[info.group_names[g]] = tier
        used[pool][tier] += 1
    return PortfolioResult(
        chosen=tuple(problem.candidates[i].id for i in index[picked].tolist()),
        value=portfolio_value(w, effective, picked.tolist(), arrays.base),
        curve=None,
        optimal=optimal,
        method=SIGNALS_BB if several else SIGNALS_DP,
        candidates=len(problem.candidates),
        signalled=signalled,
        signals_used=used,
        bound=bound,
    )
