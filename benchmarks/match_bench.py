"""Benchmark of the match engine at national scale (the 2025 Main Match's size), in one run:

- singles: the engine's solve (``stats.solve_seconds``, compiled with Numba: the algorithm alone, not the
  stability check that always runs after it, whose time is shown beside it) against a plain textbook Python
  deferred acceptance on the same market (the ratio is what counts, not absolute times);
- 2% of applicants in couples and 10% with supplemental lists: solve time, and how often the result is stable
  over several seeds;
- the pure-Python fallback of the same kernel, peak memory, and what a second process pays to load the cached
  compiled code.

Run: ``.venv/bin/python benchmarks/match_bench.py [--seeds N]``. Markets are fictional (``generate_market``).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "match"))

from match_reference import textbook_deferred_acceptance

from matchpilot.match import engine as match_engine
from matchpilot.match import generate_market, run_match

APPLICANTS, PROGRAMS = 47_000, 6_600


def check_seconds(instance: object, repeats: int) -> float:
    """Median time of the engine's stability check alone (the kernel's ``check``, compiled), which ``run_match``
    always runs after the algorithm and does not count in ``stats.solve_seconds``."""
    args = match_engine._prepare(instance).args  # type: ignore[arg-type]
    solve, check, _name = match_engine._solver("numba")
    entries = sum(len(args[i]) for i in (1, 10, 13))
    out = solve(*args, 50 * entries + 10_000, 2000)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        match_engine._run_check(check, args, out)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _median_solve(instance: object, engine: str, repeats: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeats):
        result = run_match(instance, engine=engine, timer=time.perf_counter)  # type: ignore[arg-type]
        times.append(result.stats.solve_seconds)
    return statistics.median(times), result


def _second_process_seconds() -> float:
    code = (
        "import time; t=time.perf_counter();"
        "from matchpilot.match import generate_market, run_match;"
        "run_match(generate_market(50, 10, seed=1), engine='numba');"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="markets with couples to test for stability")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-python-fallback", action="store_true")
    args = parser.parse_args()

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()}")  # fmt: skip
    started = time.perf_counter()
    singles = generate_market(APPLICANTS, PROGRAMS, seed=2025)
    ranks = sum(len(a.ranked) for a in singles.applicants) / len(singles.applicants)
    print(
        f"generated singles market in {time.perf_counter() - started:.1f} s: {len(singles.applicants)} applicants, "
        f"{len(singles.programs)} programs, {singles.positions} positions, {ranks:.1f} ranks per applicant"
    )

    run_match(generate_market(50, 10, seed=1), engine="numba")  # compile or load from cache, outside timing
    engine_s, result = _median_solve(singles, "numba", args.repeats)
    wall = time.perf_counter()
    run_match(singles, engine="numba")
    wall = time.perf_counter() - wall
    textbook_times = []
    for _ in range(3):
        t = time.perf_counter()
        expected = textbook_deferred_acceptance(singles)
        textbook_times.append(time.perf_counter() - t)
    textbook_s = statistics.median(textbook_times)
    assert dict(result.matches) == expected, "engine and textbook disagree"  # type: ignore[attr-defined]
    print(f"singles: engine solve {engine_s * 1000:.1f} ms (median of {args.repeats}; "
          f"{wall:.2f} s with indexing ids into arrays), textbook Python DA {textbook_s:.2f} s "
          f"-> {textbook_s / engine_s:.0f}x faster; {result.stats.matched} matched, "  # type: ignore[attr-defined]
          f"{result.stats.proposals} proposals, same matching as the textbook")  # type: ignore[attr-defined]  # fmt: skip
    print(f"singles: the stability check after the solve (not in solve_seconds) "
          f"{check_seconds(singles, args.repeats) * 1000:.1f} ms (median of {args.repeats}); "
          f"{len(result.unstable)} blocking")  # type: ignore[attr-defined]  # fmt: skip

    stable = 0
    couple_times: list[float] = []
    check_times: list[float] = []
    for seed in range(args.seeds):
        market = generate_market(APPLICANTS, PROGRAMS, couples_share=0.02, supplemental_share=0.10, seed=seed)
        seconds, outcome = _median_solve(market, "numba", 3)
        couple_times.append(seconds)
        check_times.append(check_seconds(market, 3))
        stable += not outcome.unstable  # type: ignore[attr-defined]
        print(f"  seed {seed}: {len(market.couples)} couples, "
              f"{sum(1 for a in market.applicants if a.supplemental_lists)} with supplemental lists, solve "
              f"{seconds * 1000:.1f} ms, check {check_times[-1] * 1000:.1f} ms, {len(outcome.unstable)} blocking, "  # type: ignore[attr-defined]
              f"rounds {outcome.stats.rounds}, stopped at bound: {outcome.stats.stopped_at_bound}")  # type: ignore[attr-defined]  # fmt: skip
    print(
        f"2% couples + 10% supplemental: median solve {statistics.median(couple_times) * 1000:.1f} ms, "
        f"max {max(couple_times) * 1000:.1f} ms (check after it: median {statistics.median(check_times) * 1000:.1f} "
        f"ms); stable in {stable} of {args.seeds} markets"
    )

    reverting = generate_market(APPLICANTS, PROGRAMS, reversion_share=0.10, seed=2025)
    seconds, outcome = _median_solve(reverting, "numba", args.repeats)
    quotas = {p.id: p.quota for p in reverting.programs}
    for donor, moved in outcome.reverted.items():  # type: ignore[attr-defined]
        quotas[donor] -= moved.seats
        quotas[moved.to] += moved.seats
    optimal = dict(outcome.matches) == textbook_deferred_acceptance(reverting, quotas)  # type: ignore[attr-defined]
    print(f"singles, 10% of programs reverting: solve {seconds * 1000:.1f} ms (median of {args.repeats}), "
          f"{len(outcome.reverted)} programs moved "  # type: ignore[attr-defined]
          f"{sum(m.seats for m in outcome.reverted.values())} seats, "  # type: ignore[attr-defined]
          f"{outcome.stats.proposals} proposals, {len(outcome.unstable)} blocking; the textbook's matching "  # type: ignore[attr-defined]
          f"for the quotas after reversion: {optimal}")  # fmt: skip

    if not args.skip_python_fallback:
        t = time.perf_counter()
        fallback = run_match(singles, engine="python", timer=time.perf_counter)
        print(f"pure-Python fallback of the same kernel, singles: solve {fallback.stats.solve_seconds:.1f} s "
              f"(same result: {dict(fallback.matches) == expected})")  # fmt: skip
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (all markets, textbook included): {peak_mb:.0f} MB")
    print(
        f"a second process: import + load the cached compiled kernel + a small match: {_second_process_seconds():.2f} s"
    )


if __name__ == "__main__":
    main()
