"""The inner loop of the dynamic program with signal axes, on flat arrays, in the subset Numba compiles.

:func:`matchpilot.portfolio.signals._dp` prepares, for each candidate in increasing order of worth, its *ways*
in (unsignalled, signalled in a tier, staying on a saturated count): the chance ``way_p``, the shift of the flat
state index ``way_shift`` (what the way adds to each axis, times the axis' stride), and the box of target states
it can reach, ``way_low`` (the way's addition on each axis) to ``way_high`` (exclusive; one level, the cap, for a
saturated count). The kernel applies them in order, strictly improving only, exactly as the NumPy slices did,
and records per step and state the way taken (0: none, k: the k-th way).

:func:`run` compiles it with ``numba.njit(cache=True)`` on first use (Numba's cache beside this file makes a
second process load the machine code); without Numba the same code runs as it stands: same results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["run"]

_compiled: list[Callable[..., Any]] = []


def _kernel(
    value: Any,
    records: Any,
    dims: Any,
    nways: Any,
    way_p: Any,
    way_w: Any,
    way_shift: Any,
    way_low: Any,
    way_high: Any,
) -> None:
    """Update ``value`` (flat, C order over ``dims``) step by step; ``records[step, state]`` the way taken.

    Way by way, the target states form a box (``way_low`` to ``way_high`` on each axis); the loop walks the box
    with the last axis innermost. Each way reads the values before the step (``old``) and improves a state only
    when strictly better, so the order of the ways, not of the states, decides ties — as in one pass per state.
    """
    steps = nways.shape[0]
    ndim = dims.shape[0]
    states = value.shape[0]
    old = np.empty(states, dtype=np.float64)
    coords = np.zeros(ndim, dtype=np.int64)
    strides = np.ones(ndim, dtype=np.int64)
    for d in range(ndim - 2, -1, -1):
        strides[d] = strides[d + 1] * dims[d + 1]
    last = ndim - 1
    for step in range(steps):
        k_count = nways[step]
        if k_count == 0:
            continue
        worth = way_w[step]
        old[:] = value
        for k in range(k_count):
            empty = False
            for d in range(ndim):
                if way_low[step, k, d] >= way_high[step, k, d]:
                    empty = True
            if empty:
                continue
            pk = way_p[step, k]
            keep = 1.0 - pk
            gain = pk * worth
            shift = way_shift[step, k]
            lo = way_low[step, k, last]
            hi = way_high[step, k, last]
            code = k + 1
            for d in range(ndim):
                coords[d] = way_low[step, k, d]
            while True:
                row = 0
                for d in range(last):
                    row += coords[d] * strides[d]
                for i in range(row + lo, row + hi):
                    candidate = old[i - shift] * keep + gain
                    if candidate > value[i]:
                        value[i] = candidate
                        records[step, i] = code
                d = last - 1
                while d >= 0:
                    coords[d] += 1
                    if coords[d] < way_high[step, k, d]:
                        break
                    coords[d] = way_low[step, k, d]
                    d -= 1
                if d < 0:
                    break


def run(
    value: NDArray[np.float64],
    dims: NDArray[np.int64],
    nways: NDArray[np.int64],
    way_p: NDArray[np.float64],
    way_w: NDArray[np.float64],
    way_shift: NDArray[np.int64],
    way_low: NDArray[np.int64],
    way_high: NDArray[np.int64],
) -> NDArray[np.int8]:
    """Run the program over every step in place on ``value``; return the records ``(steps, states)``."""
    records = np.zeros((nways.shape[0], value.shape[0]), dtype=np.int8)
    _runner()(value, records, dims, nways, way_p, way_w, way_shift, way_low, way_high)
    return records


def _runner() -> Callable[..., Any]:
    """The compiled kernel (loaded from Numba's cache or compiled now), or the plain one without Numba."""
    if not _compiled:
        try:
            import numba  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:  # pragma: no cover - exercised where Numba is not installed
            _compiled.append(_kernel)
        else:
            _compiled.append(numba.njit(cache=True)(_kernel))
    return _compiled[0]
