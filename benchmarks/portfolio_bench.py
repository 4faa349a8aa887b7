"""Portfolio optimizer benchmarks (issue 4): not tests — figures and ratios measured in one run.

Run: ``.venv/bin/python benchmarks/portfolio_bench.py [--repeat N]``

1. Count limit: n = 5,000 candidates, 45 applications (target <= 2 ms). Timed end to end (``solve`` on domain
   values: checking the 5,000 candidates, converting, optimizing, exact value) and the optimizer alone
   (``greedy_nested`` on arrays).
2. Two category bounds (pmr 20..25, prelim 10..15) with the count limit: ``solve`` (``dp-categories``) against a
   straightforward NumPy dynamic program over (candidates sorted by utility, pmr count, prelim count) that keeps
   the full value table for the traceback (target: at least 2x faster). Both answers are checked equal.

Two synthetic markets (fictional): ``independent`` (chance and utility unrelated) and ``prestige`` (the more a
program is worth, the harder it is to get: the hard case for dominance pruning).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from matchpilot.domain.portfolio import Candidate, CategoryBounds, PortfolioProblem
from matchpilot.portfolio import greedy_nested, portfolio_value, solve, to_arrays

N = 5_000
K = 45
BOUNDS = {"pmr": CategoryBounds(20, 25), "prelim": CategoryBounds(10, 15)}


def market(kind: str, seed: int = 2026) -> PortfolioProblem:
    """A fictional market of N candidates, 60% PM&R and 40% preliminary, with the count limit K."""
    rng = np.random.default_rng(seed)
    utility = rng.uniform(1.0, 10.0, N)
    if kind == "independent":
        chance = rng.beta(1.2, 12.0, N)
    else:
        chance = np.clip(0.35 - 0.03 * utility + rng.normal(0.0, 0.03, N), 0.002, 0.95)
    category = np.where(rng.random(N) < 0.6, "pmr", "prelim")
    candidates = tuple(
        Candidate(f"F{i:05d}", float(chance[i]), float(utility[i]), 1, str(category[i])) for i in range(N)
    )
    return PortfolioProblem(candidates, max_applications=K)


def timed(call: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``call`` in seconds (after one warm-up call)."""
    call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def straightforward_dp(problem: PortfolioProblem) -> tuple[float, list[int]]:
    """The baseline: Kapur & Hong's recurrence over (pmr count, prelim count), one full table per candidate.

    V[j] = max(V[j-1], shifted((1 - p_j) V[j-1] + p_j u_j)) along the candidate's category axis, for every
    candidate in increasing utility; then trace back through the stored tables.
    """
    arrays = to_arrays(problem)
    u, p = arrays.w, arrays.p
    cat = np.array([0 if c.category == "pmr" else 1 for c in problem.candidates])
    caps = (BOUNDS["pmr"].max or 0, BOUNDS["prelim"].max or 0)
    order = np.argsort(u, kind="stable")
    table: NDArray[np.float64] = np.full((len(order) + 1, caps[0] + 1, caps[1] + 1), -np.inf)
    table[0, 0, 0] = 0.0
    with np.errstate(invalid="ignore"):
        for step, j in enumerate(order):
            prev = table[step]
            nxt = prev.copy()
            take = (1.0 - p[j]) * prev + p[j] * u[j]
            if cat[j] == 0:
                nxt[1:, :] = np.maximum(prev[1:, :], take[:-1, :])
            else:
                nxt[:, 1:] = np.maximum(prev[:, 1:], take[:, :-1])
            table[step + 1] = nxt
    a = np.arange(caps[0] + 1)[:, None]
    b = np.arange(caps[1] + 1)[None, :]
    ok = (a >= BOUNDS["pmr"].min) & (b >= BOUNDS["prelim"].min) & (a + b <= K)
    final = np.where(ok, table[-1], -np.inf)
    i, k = np.unravel_index(int(np.argmax(final)), final.shape)
    chosen = []
    for step in range(len(order), 0, -1):
        if table[step, i, k] != table[step - 1, i, k]:
            j = int(order[step - 1])
            chosen.append(j)
            if cat[j] == 0:
                i -= 1
            else:
                k -= 1
    return float(final.max()), chosen


def main() -> None:
    """Run both benchmarks on both markets and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per figure (the categories: /20)")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"NumPy {np.__version__}"
    )
    for kind in ("independent", "prestige"):
        problem = market(kind)
        arrays = to_arrays(problem)
        end_to_end = timed(lambda problem=problem: solve(problem), args.repeat)
        kernel = timed(lambda arrays=arrays: greedy_nested(arrays.w, arrays.p, K), args.repeat)
        print(
            f"[{kind}] count limit n={N} k={K}: solve {end_to_end * 1e3:.2f} ms end to end "
            f"(optimizer alone {kernel * 1e3:.2f} ms; target <= 2 ms)"
        )

        bounded = PortfolioProblem(problem.candidates, max_applications=K, categories=BOUNDS)
        ours = solve(bounded)
        base_value, base_chosen = straightforward_dp(bounded)
        assert abs(ours.value - portfolio_value(arrays.w, arrays.p, base_chosen)) < 1e-9, "answers differ"
        assert abs(base_value - ours.value) < 1e-9, "values differ"
        repeat = max(3, args.repeat // 20)
        fast = timed(lambda bounded=bounded: solve(bounded), repeat)
        slow = timed(lambda bounded=bounded: straightforward_dp(bounded), repeat)
        print(
            f"[{kind}] two category bounds + count: dp-categories {fast * 1e3:.2f} ms, straightforward NumPy DP "
            f"{slow * 1e3:.2f} ms, ratio {slow / fast:.1f}x (target >= 2x); same value {ours.value:.6f}"
        )


if __name__ == "__main__":
    main()
