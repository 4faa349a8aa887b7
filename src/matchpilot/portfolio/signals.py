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

import numpy as np
from numpy.typing import NDArray

from matchpilot.domain.portfolio import PortfolioProblem, PortfolioResult
from matchpilot.errors import InputError
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
    best = p.copy()
    for position, i in enumerate(index.tolist()):
        signal = problem.candidates[i].signal
        if signal is not None and signal.p:
            best[position] = max(best[position], *signal.p.values())
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
    axis_of = {key: d for d, key in enumerate(tiers)}
    kept = index.tolist()
    psig = np.repeat(arrays.p[index][:, None], len(tiers), axis=1) if tiers else np.zeros((len(kept), 0))
    group = np.full(len(kept), -1, dtype=np.int64)
    names: dict[str, int] = {}
    for position, i in enumerate(kept):
        candidate = problem.candidates[i]
        signal = candidate.signal
        if signal is None or arrays.w[i] <= 0.0:
            continue
        gain = False
        for tier, chance in signal.p.items():
            d = axis_of.get((signal.pool, tier))
            if d is not None and chance > candidate.p:
                psig[position, d] = chance
                gain = True
        if gain:
            group[position] = names.setdefault(signal.group, len(names))
    if not names:
        return None
    sizes = np.bincount(group[group >= 0], minlength=len(names)).tolist()
    group_pool = [""] * len(names)
    for position, i in enumerate(kept):
        signal = problem.candidates[i].signal
        if group[position] >= 0 and signal is not None:
            group_pool[int(group[position])] = signal.pool
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
    n = w.size
    base_p = p.copy()
    moves: list[list[tuple[float, int, int]]] = [[] for _ in range(n)]
    caps = [info.unit * count for count in info.counts]
    for d in fixed.values():
        if d >= 0:
            caps[d] -= info.unit
    if min(caps, default=0) < 0:
        return None
    for j in np.flatnonzero(info.group >= 0).tolist():
        g = int(info.group[j])
        if g in fixed:
            if fixed[g] >= 0:
                base_p[j] = info.psig[j, fixed[g]]
            continue
        charge = info.unit // info.group_size[g]
        for d in range(len(info.tiers)):
            if info.psig[j, d] > p[j] and caps[d] >= charge:
                moves[j].append((float(info.psig[j, d]), d, charge))
    picked = _dp(w, base_p, cost, axis, axes, limit, budget, moves, caps)
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
    moves: list[list[tuple[float, int, int]]],
    caps: list[int],
) -> tuple[float, list[tuple[int, int]]] | None:
    """The exact program with signal axes: best value and the (candidate, signal axis or -1) it takes."""
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
    value = np.full(shape, -np.inf, dtype=np.float64)
    value[(0,) * ndim] = 0.0
    order = np.argsort(w, kind="stable")
    records: list[tuple[NDArray[np.int8], list[tuple[int, int, bool]]] | None] = []
    with np.errstate(invalid="ignore"):
        for j in order.tolist():
            a = int(axis[j])
            c = int(cost[j]) if budget is not None else 0
            ways: list[tuple[float, int, int]] = [(float(p[j]), -1, 0), *moves[j]]
            if budget is not None and c > budget:
                records.append(None)
                continue
            old = value.copy()
            record = np.zeros(shape, dtype=np.int8)
            codes: list[tuple[int, int, bool]] = []
            for pk, d, units in ways:
                for stay in (False, True) if a >= 0 and axes[a].saturating else (False,):
                    dst: list[slice | int] = [slice(None)] * ndim
                    src: list[slice | int] = [slice(None)] * ndim
                    if budget_dim >= 0 and c:
                        dst[budget_dim] = slice(c, None)
                        src[budget_dim] = slice(0, dims[budget_dim] - c)
                    if d >= 0 and units:
                        if units >= dims[signal_dim + d]:
                            continue
                        dst[signal_dim + d] = slice(units, None)
                        src[signal_dim + d] = slice(0, dims[signal_dim + d] - units)
                    if a >= 0:
                        if stay:
                            dst[a] = slice(axes[a].cap, None)
                            src[a] = slice(axes[a].cap, None)
                        else:
                            if dims[a] < 2:
                                continue
                            dst[a] = slice(1, None)
                            src[a] = slice(0, -1)
                    codes.append((d, units, stay))
                    target = value[tuple(dst)]
                    candidate = old[tuple(src)] * (1.0 - pk) + pk * float(w[j])
                    better = candidate > target
                    np.copyto(target, candidate, where=better)
                    np.copyto(record[tuple(dst)], np.int8(len(codes)), where=better)
            records.append((record, codes))

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
    state = [int(s) for s in np.unravel_index(flat, shape)] if shape else []
    taken: list[tuple[int, int]] = []
    for step in range(n - 1, -1, -1):
        entry = records[step]
        if entry is None:
            continue
        record, codes = entry
        code = int(record[tuple(state)])
        if code == 0:
            continue
        d, units, stay = codes[code - 1]
        j = int(order[step])
        a = int(axis[j])
        if budget_dim >= 0:
            state[budget_dim] -= int(cost[j])
        if d >= 0:
            state[signal_dim + d] -= units
        if a >= 0 and not stay:
            state[a] -= 1
        taken.append((j, d))
    return best, taken


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
