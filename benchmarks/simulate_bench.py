"""Benchmark of the rank-list simulation (``matchpilot simulate``), in one run:

- 10,000 runs of a PM&R-sized market (about 1,000 applicants, 150 programs) on 1 and 2 local worker processes
  and on a Dask LocalCluster (2 worker processes, loopback) — target < 10 s on the 2-core machine;
- 100 runs of the national-scale market (47,208 applicants, 6,626 programs) — target < 20 s;
- the speed-up from 1 to 2 local workers and through the cluster, and a check that all give identical figures.

Run: ``.venv/bin/python benchmarks/simulate_bench.py [--runs 10000] [--national-runs 100] [--no-dask]``.
Markets are fictional (``generate_market``); the applicant's list and chances are made up here.
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings

from matchpilot.match.simulate import (
    MARKET_PRESETS,
    ListVariant,
    NamedProgram,
    ProgramOdds,
    SimulationJob,
    batch_tasks,
    build_market,
    compile_variants,
    run_task,
    summarize,
    warm_up,
)
from matchpilot.services.executors import DaskExecutor, LocalExecutor

CODES = [f"{1001 + i}340{'A' if i % 3 == 2 else 'C'}0" for i in range(12)] + ["2001140P0", "2002999T0"]


def _job(market_name: str) -> tuple[SimulationJob, list[ListVariant], float]:
    named = [NamedProgram(c, c[7] if c[4:7] != "999" else "T", c[4:7] == "340", 4) for c in CODES]
    odds = [ProgramOdds(c, (0.2, 0.35, 0.5), (0.1, 0.18, 0.28)) for c in CODES]
    started = time.perf_counter()
    market = build_market(MARKET_PRESETS[market_name], named, odds)
    built = time.perf_counter() - started
    advanced = tuple(c for c in CODES[:12] if c[7] == "A")
    variants = [ListVariant("your list", tuple(CODES[:12]), ((advanced, tuple(CODES[12:])),))]
    return SimulationJob(market, compile_variants(market, variants)), variants, built


def _timed(executor: object, job: SimulationJob, runs: int, seed: int = 7) -> tuple[float, object]:
    tasks = batch_tasks(runs, seed, job.market.entries)
    started = time.perf_counter()
    results = executor.run(run_task, job, tasks)  # type: ignore[attr-defined]
    return time.perf_counter() - started, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--national-runs", type=int, default=100)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.system()}, Python {platform.python_version()}")
    warm_up()
    job, variants, built = _job("pmr")
    print(f"PM&R market: {job.market.applicants} applicants, {len(job.market.codes)} programs, built in {built:.2f} s")
    one_s, one = _timed(LocalExecutor(1), job, args.runs)
    print(f"  {args.runs} runs, 1 worker:  {one_s:.2f} s")
    two_s, two = _timed(LocalExecutor(2), job, args.runs)
    print(f"  {args.runs} runs, 2 workers: {two_s:.2f} s  (speed-up {one_s / two_s:.2f}x)")
    same = summarize(job.market, variants, one, seed=7) == summarize(job.market, variants, two, seed=7)  # type: ignore[arg-type]
    print(f"  identical figures 1 vs 2 workers: {same}")
    if not args.no_dask:
        import distributed

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
            ) as cluster:
                dask_s, remote = _timed(DaskExecutor(cluster.scheduler_address), job, args.runs)
        same = summarize(job.market, variants, one, seed=7) == summarize(job.market, variants, remote, seed=7)  # type: ignore[arg-type]
        print(
            f"  {args.runs} runs, Dask LocalCluster (2 processes): {dask_s:.2f} s",
            f" (vs 1 worker {one_s / dask_s:.2f}x); identical: {same}",
        )
    job, variants, built = _job("national")
    print(
        f"national market: {job.market.applicants} applicants, {len(job.market.codes)} programs, built in {built:.1f} s"
    )
    n1, _ = _timed(LocalExecutor(1), job, args.national_runs)
    print(f"  {args.national_runs} runs, 1 worker:  {n1:.2f} s")
    n2, _ = _timed(LocalExecutor(2), job, args.national_runs)
    print(f"  {args.national_runs} runs, 2 workers: {n2:.2f} s  (speed-up {n1 / n2:.2f}x)")


if __name__ == "__main__":
    main()
