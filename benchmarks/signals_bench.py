"""Applications and ERAS signals chosen together (issue 16): not tests — figures and ratios measured in one run.

Run: ``.venv/bin/python benchmarks/signals_bench.py [--repeat N]``

n = 5,000 fictional candidates, 45 applications, 20 signals of one tier (PM&R-like). ``solve`` (``dp-signals``,
end to end on domain values) against a straightforward NumPy dynamic program over (applications, signals) per
program, candidates sorted by worth, keeping every table for the traceback (the issue's reference, target: at
least 2x faster). Both values are checked equal. A second market pairs programs two by two in institution
groups (categorical and advanced sharing one signal): ``dp-signals-branch-and-bound``, timed alone.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from matchpilot.domain.portfolio import Candidate, CandidateSignal, PortfolioProblem
from matchpilot.portfolio import solve

N = 5_000
K = 45
S = 20


def market(kind: str, *, pairs: bool = False, seed: int = 2026) -> PortfolioProblem:
    """A fictional market: N candidates, a signal raising the odds of an interview about 2.5-fold."""
    rng = np.random.default_rng(seed)
    utility = rng.uniform(1.0, 10.0, N)
    if kind == "independent":
        chance = rng.beta(1.2, 12.0, N)
    else:
        chance = np.clip(0.35 - 0.03 * utility + rng.normal(0.0, 0.03, N), 0.002, 0.95)
    odds = chance / (1.0 - chance) * 2.5
    signalled = np.maximum(odds / (1.0 + odds), chance)
    candidates = tuple(
        Candidate(
            f"F{i:05d}",
            float(chance[i]),
            float(utility[i]),
            1,
            "pmr",
            CandidateSignal("pmr", f"G{i // 2 if pairs else i:05d}", {"standard": float(signalled[i])}),
        )
        for i in range(N)
    )
    return PortfolioProblem(candidates, max_applications=K, signals={"pmr": {"standard": S}})


def reference(w: NDArray[np.float64], p: NDArray[np.float64], ps: NDArray[np.float64]) -> float:
    """The straightforward program: V[a, s] over (applications, signals), one update per program, full records."""
    order = np.argsort(w, kind="stable")
    value = np.full((K + 1, S + 1), -np.inf)
    value[0, 0] = 0.0
    records = []
    for j in order.tolist():
        old = value.copy()
        plain = old[:-1, :] * (1.0 - p[j]) + p[j] * w[j]
        signal = old[:-1, :-1] * (1.0 - ps[j]) + ps[j] * w[j]
        take = plain > value[1:, :]
        value[1:, :] = np.where(take, plain, value[1:, :])
        sig = signal > value[1:, 1:]
        value[1:, 1:] = np.where(sig, signal, value[1:, 1:])
        records.append((take, sig))
    return float(value.max())


def timed_pair(mine: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median CPU seconds of ``mine`` and ``theirs``, run alternately (after one warm-up call each), and the
    median of the per-round ratios theirs / mine.

    Alternating and counting the process's CPU time (not wall time) keeps the ratio fair on a shared machine
    where other work comes and goes: both calls see the same conditions round by round.
    """
    mine()
    theirs()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        start = time.process_time()
        mine()
        a.append(time.process_time() - start)
        start = time.process_time()
        theirs()
        b.append(time.process_time() - start)
    ratios = [y / x for x, y in zip(a, b, strict=True) if x > 0]
    return statistics.median(a), statistics.median(b), statistics.median(ratios)


def main() -> None:
    """Print the figures as Markdown table rows."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}; "
        f"CPU time, median of {repeat} alternating rounds"
    )
    print("| market | solve (ms CPU) | reference (ms CPU) | reference / solve | value equal | signals used |")
    print("|---|---|---|---|---|---|")
    for kind in ("independent", "prestige"):
        problem = market(kind)
        w = np.array([c.utility for c in problem.candidates])
        p = np.array([c.p for c in problem.candidates])
        ps = np.array([c.signal.p["standard"] for c in problem.candidates if c.signal is not None])
        result = solve(problem)
        expected = reference(w, p, ps)
        mine, theirs, ratio = timed_pair(
            lambda problem=problem: solve(problem),  # type: ignore[misc]
            lambda w=w, p=p, ps=ps: reference(w, p, ps),  # type: ignore[misc]
            repeat,
        )
        equal = abs(result.value - expected) <= 1e-9 * max(1.0, expected)
        print(
            f"| {kind} | {mine * 1000:.1f} | {theirs * 1000:.1f} | {ratio:.2f}x | {equal} | "
            f"{result.signals_used['pmr']['standard']} |"
        )
    print()
    print("| market, groups of two | solve (s, one run) | method | optimal | value | bound |")
    print("|---|---|---|---|---|---|")
    for kind in ("independent", "prestige"):
        problem = market(kind, pairs=True)
        start = time.perf_counter()
        result = solve(problem)
        seconds = time.perf_counter() - start
        bound = "" if result.bound is None else f"{result.bound:.6f}"
        print(f"| {kind} | {seconds:.1f} | {result.method} | {result.optimal} | {result.value:.6f} | {bound} |")


if __name__ == "__main__":
    main()
