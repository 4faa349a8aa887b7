"""The exact greedy for a count limit alone, and its diminishing-returns curve.

Kapur & Hong (2022), "The College Application Problem", arXiv:2205.01869 — the nested-portfolio theorem and
its greedy algorithm (the same result as Chade & Smith 2006, "Simultaneous Search", Econometrica 74(5)): when
only the number of applications is limited, the
optimal portfolios are *nested* — the best portfolio of size h + 1 is the best of size h plus the candidate with
the largest marginal gain — so one greedy pass of k steps gives every optimal portfolio of size 1..k.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["greedy_nested", "greedy_pass"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def greedy_nested(w: FloatArray, p: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    """Add candidates one by one, each time the one of largest marginal gain; return (order, gains).

    ``w`` are the gains over the outside option (>= 0), ``p`` the chances, ``k`` the count limit. Returns the
    indices in the order they were added and each one's marginal gain; the value of the first h is
    ``base + sum(gains[:h])`` and is optimal among all portfolios of at most h applications (Kapur & Hong 2022).
    The pass stops early when no candidate adds anything (no useless application is chosen).

    Steps:
    1. keep the candidates with ``p > 0`` and ``w > 0``;
    2. drop candidates strictly dominated by at least k others (others strictly more valuable and strictly
       more likely to succeed): some optimal portfolio of each size h <= k avoids them — swap one for a
       dominating candidate left out, which cannot lower the value. Found as a staircase: for a few levels q
       (the k-th, 2k-th, 4k-th, ... largest chance), with r the k-th largest ``w`` among candidates with
       ``p >= q``, every candidate with ``p < q`` and ``w < r`` goes;
    3. run :func:`greedy_pass` on the rest.
    """
    useful = np.flatnonzero((p > 0.0) & (w > 0.0))
    if useful.size == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    ws = w[useful]
    ps = p[useful]
    n = useful.size
    if n > 4 * k:
        ranks = [n - k * 2**i for i in range(8) if k * 2**i < n]
        levels = np.partition(ps, ranks)[ranks]
        keep = np.ones(n, dtype=np.bool_)
        for q in levels.tolist():
            above = ws[ps >= q]
            if above.size < k:
                continue
            r = float(np.partition(above, above.size - k)[above.size - k])
            keep &= (ps >= q) | (ws >= r)
        useful = useful[keep]
    picked, gains = greedy_pass(w[useful], p[useful], k)
    return useful[picked], gains


def greedy_pass(w: FloatArray, p: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    """One greedy pass over all of ``w``, ``p``: the candidates in the order added and their marginal gains.

    Steps (Kapur & Hong 2022, the greedy for identical costs, in O(n log n + n k)):
    1. keep the candidates with ``p > 0`` and ``w > 0``; sort them by decreasing ``w`` (ties keep input order);
    2. for each candidate j keep ``G_j = E[(w_j - Y)^+]``, Y the best outcome of the current portfolio
       (initially ``G_j = w_j``); its marginal gain is ``p_j G_j``;
    3. add the candidate k* of largest gain ``g``; then for every j with ``w_j > w_k*`` subtract ``p_k* G_k*``
       from ``G_j`` (so ``p_j g`` from its gain), and for every j with ``w_j <= w_k*`` multiply ``G_j`` by
       ``1 - p_k*`` (both follow from conditioning on whether k* succeeds);
    4. repeat k times or until the largest gain is 0.
    Sorting makes step 3 two contiguous slices, so each step is a handful of vector operations.
    """
    useful = np.flatnonzero((p > 0.0) & (w > 0.0))
    if useful.size == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    order = useful[np.argsort(-w[useful], kind="stable")]
    ws = w[order]
    ps = p[order]
    # Start of each block of equal w in the sorted order: the candidates strictly better than j are [0, start_j).
    neg = -ws
    start = np.searchsorted(neg, neg, side="left")
    gain = ps * ws
    scratch = np.empty_like(gain)
    tolerance = float(ws[0]) * 1e-13
    steps = min(k, ws.size)
    picked = np.empty(steps, dtype=np.int64)
    gains = np.empty(steps, dtype=np.float64)
    done = 0
    for step in range(steps):
        i = int(gain.argmax())
        g = float(gain[i])
        if g <= tolerance:
            break
        picked[step] = i
        gains[step] = g
        done = step + 1
        s = int(start[i])
        if s:
            np.multiply(ps[:s], g, out=scratch[:s])
            np.subtract(gain[:s], scratch[:s], out=gain[:s])
        gain[s:] *= 1.0 - float(ps[i])
        gain[i] = -1.0
    return order[picked[:done]], gains[:done]
