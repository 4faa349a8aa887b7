"""Exact dynamic programs for budgets and category bounds.

The recurrence is Kapur & Hong's (2022, "The College Application Problem", the dynamic program over
costs): take the candidates in *increasing* order of ``w`` (utility over the outside option). If candidate j is
the best one of a portfolio X, then ``v(X) = p_j w_j + (1 - p_j) v(X - {j})`` — j pays when it succeeds and
the rest only matters when it fails. So with ``V[j][state]`` the best value using candidates 1..j reaching
``state``::

    V[j][s] = max(V[j-1][s], (1 - p_j) V[j-1][s - step_j] + p_j w_j)

Kapur & Hong's state is the money spent; here a state is a vector (count in each bounded category, count of
the others when a count limit applies, money spent when a budget applies), so counts, budgets and category
bounds combine in one exact program. Each candidate is one vectorised NumPy update over all states.

Two exact reductions keep it fast:

- **dominance pruning**: if at least ``cap`` candidates of the same category and cost are at least as likely and
  at least as valuable as j (``cap`` the most applications that category can get), some optimal portfolio
  leaves j out — swap j for a dominating candidate outside the portfolio; the value cannot drop. Such
  candidates are removed before the program runs.
- **saturating counts**: a category with a minimum but no maximum and no count limit only needs to know
  whether its minimum is met, so its count stops at the minimum.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matchpilot.errors import InputError

__all__ = ["MAX_DP_CELLS", "CountAxis", "dominance_prune", "dp_optimize"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

MAX_DP_CELLS = 300_000_000
"""The largest (candidates x states) table the exact program accepts (about this many bytes of memory)."""


@dataclass(frozen=True, slots=True)
class CountAxis:
    """One counted group of candidates: at least ``min``, at most ``cap`` of them.

    ``saturating``: the count stops at ``cap`` (== ``min``) instead of refusing more; used when the group has
    no maximum and no count limit applies.
    """

    cap: int
    min: int = 0
    saturating: bool = False


def dominance_prune(w: FloatArray, p: FloatArray, group: IntArray, caps: dict[int, int]) -> BoolArray:
    """Return a mask of the candidates to keep: drop each one dominated by at least ``caps[group]`` others.

    j is dominated by i when both are in the same group (same category and cost), ``w_i >= w_j``,
    ``p_i >= p_j``, and i comes first in the order (w desc, p desc, index) — the order breaks ties between
    identical candidates. Groups missing from ``caps`` are kept whole.

    Steps: sort by (group, w desc, p desc, index); walk each group keeping a min-heap of the ``cap`` largest
    ``p`` seen so far; j is dominated by at least ``cap`` earlier candidates exactly when the heap is full and
    its smallest entry is >= ``p_j``.
    """
    n = w.size
    keep = np.ones(n, dtype=np.bool_)
    if n == 0 or not caps:
        return keep
    order = np.lexsort((np.arange(n), -p, -w, group))
    groups = group[order].tolist()
    ps = p[order].tolist()
    idx = order.tolist()
    current = None
    heap: list[float] = []
    cap = 0
    limited = False
    for g, pj, j in zip(groups, ps, idx, strict=True):
        if g != current:
            current = g
            heap = []
            limited = g in caps
            cap = caps.get(g, 0)
        if not limited:
            continue
        if len(heap) < cap:
            heapq.heappush(heap, pj)
        elif cap == 0 or heap[0] >= pj:
            keep[j] = False
        else:
            heapq.heapreplace(heap, pj)
    return keep


def dp_optimize(
    w: FloatArray,
    p: FloatArray,
    cost: IntArray,
    axis: IntArray,
    axes: list[CountAxis],
    *,
    total: int | None,
    budget: int | None,
) -> IntArray | None:
    """Return the indices of an optimal portfolio, or None when no portfolio meets the limits.

    ``axis[j]`` is the counted group of candidate j (-1: counted nowhere), ``axes`` the groups, ``total`` the
    count limit over all groups (every candidate must then be in a group), ``budget`` the limit on the sum of
    ``cost``. Ties prefer the smaller portfolio.

    Steps:
    1. sort the candidates by increasing ``w`` (Kapur & Hong 2022, the dynamic program over costs);
    2. start with value 0 in the empty state and -inf elsewhere;
    3. for each candidate, update every state at once: taking it moves one step along its group's axis and
       ``cost`` along the money axis, and is kept where ``(1 - p) V + p w`` beats the current value; record
       where it was taken (one bit per state);
    4. among the final states meeting every minimum and the count limit, take the best;
    5. walk the records backwards from there to read off the portfolio.
    """
    n = w.size
    dims = [a.cap + 1 for a in axes]
    budget_dim = len(dims) if budget is not None else -1
    if budget is not None:
        dims.append(budget + 1)
    shape = tuple(dims)
    states = int(np.prod(shape)) if shape else 1
    if states * max(n, 1) > MAX_DP_CELLS:
        raise InputError(
            f"the exact dynamic program would need {states:,} states for each of {n:,} candidates, more than it "
            f"can hold ({MAX_DP_CELLS:,}); state costs and the budget in a coarser unit (e.g. tens of dollars) "
            "or lower the limits"
        )
    order = np.argsort(w, kind="stable")
    value = np.full(shape, -np.inf, dtype=np.float64)
    value[(0,) * len(shape)] = 0.0
    ndim = len(shape)
    full = (slice(None),) * ndim
    records: list[tuple[BoolArray | None, BoolArray | None]] = []
    with np.errstate(invalid="ignore"):
        for j in order.tolist():
            a = int(axis[j])
            c = int(cost[j]) if budget is not None else 0
            if budget is not None and c > budget:
                records.append((None, None))
                continue
            keep = 1.0 - float(p[j])
            add = float(p[j]) * float(w[j])
            dst: list[slice | int] = list(full)
            src: list[slice | int] = list(full)
            if budget_dim >= 0 and c:
                dst[budget_dim] = slice(c, None)
                src[budget_dim] = slice(0, dims[budget_dim] - c)
            saturated: BoolArray | None = None
            if a >= 0 and axes[a].saturating:
                top = axes[a].cap
                sdst = list(dst)
                ssrc = list(src)
                sdst[a] = top
                ssrc[a] = top
                target = value[(*sdst, Ellipsis)]
                candidate = value[(*ssrc, Ellipsis)] * keep + add
                saturated = candidate > target
                np.copyto(target, candidate, where=saturated)
            if a >= 0:
                dst[a] = slice(1, None)
                src[a] = slice(0, -1)
            target = value[(*dst, Ellipsis)]
            candidate = value[(*src, Ellipsis)] * keep + add
            shifted = candidate > target
            np.copyto(target, candidate, where=shifted)
            records.append((shifted, saturated))

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
    if not np.isfinite(final.flat[flat]):
        return None
    state: list[int] = [int(s) for s in np.unravel_index(flat, shape)] if shape else []

    chosen: list[int] = []
    for step in range(n - 1, -1, -1):
        j = int(order[step])
        shifted_rec, saturated_rec = records[step]
        if shifted_rec is None:
            continue
        a = int(axis[j])
        c = int(cost[j]) if budget is not None else 0
        if budget_dim >= 0 and state[budget_dim] < c:
            continue
        base = list(state)
        if budget_dim >= 0:
            base[budget_dim] -= c
        if a >= 0 and state[a] >= 1:
            at = list(base)
            at[a] -= 1
            if shifted_rec[tuple(at)]:
                chosen.append(j)
                state = at
                continue
        elif a < 0 and shifted_rec[tuple(base)]:
            chosen.append(j)
            state = base
            continue
        if saturated_rec is not None and state[a] == axes[a].cap:
            at = [s for d, s in enumerate(base) if d != a]
            if saturated_rec[tuple(at)]:
                chosen.append(j)
                state = base
    return np.array(chosen, dtype=np.int64)
