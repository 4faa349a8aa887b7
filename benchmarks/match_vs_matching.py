"""Benchmark: the match engine's singles solve against the ``matching`` package's hospital-resident solver.

Issue 3 asks that the engine's solve (``stats.solve_seconds``, compiled with Numba) be at least 500x faster than
the hospital-resident solver of the ``matching`` PyPI package (``pip install matching``; not a dependency of
matchpilot) where that one finishes. This script measures the ratio on fictional singles markets of growing size,
all in one run, and checks that both programs return the same applicant-optimal stable matching.

How the markets are made comparable:

- ``generate_market(n, round(n * 6600 / 47000), seed=...)`` with no couples, supplemental lists or reversions.
- ``matching`` needs consistent lists (each side ranks exactly those who rank it), while our programs rank only
  applicants who ranked them and an applicant may rank a program that leaves them off. Both solvers therefore get
  the market trimmed to mutually acceptable pairs (the applicant-optimal stable matching does not change: a pair
  that is not mutually acceptable can neither match nor block). Applicants or programs left with an empty list
  are kept in our instance (they stay unmatched) and left out of ``matching``'s game, which rejects them.

What is timed for ``matching`` (each in a forked child process, killed at ``--cap`` seconds):

- *solver*: ``matching.algorithms.hospital_resident(residents, hospitals, "resident")`` on players built with
  ``matching.players`` -- exactly what ``HospitalResident.solve()`` runs (up to 3 runs on fresh
  players, as it consumes them). The ratio is its fastest solve over the engine's fastest
  ``stats.solve_seconds`` (of ``--repeats`` runs; the median is shown beside it): on a shared machine the
  fastest run is the one least disturbed by other jobs. ``stats.solve_seconds`` is the algorithm alone
  (``matching``'s solve has no stability check either); the engine's own stability check, which ``run_match``
  always runs after the algorithm, is timed separately and shown in its own column (and is in the wall time).
- *game*: the public path ``HospitalResident.create_from_dictionaries(...)`` then ``.solve()``. The constructor
  deep-copies the players (recursive: it needs the recursion limit raised, here to 1,000,000, run in a thread
  with a 1 GiB stack) and checks its inputs with loops that grow with residents x hospitals, so it stops
  finishing well before national scale; its time is reported beside ``run_match``'s whole wall time.

Run: ``.venv/bin/python benchmarks/match_vs_matching.py [--sizes 1000,5000,20000,47000] [--cap 120]``.
Larger sizes are skipped for a path once one size exceeds the cap, and the table says so.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import multiprocessing.connection
import os
import platform
import statistics
import sys
import threading
import time
import warnings
from dataclasses import dataclass, replace
from importlib.metadata import version
from typing import Any

from matchpilot.domain.market import MatchInstance
from matchpilot.match import generate_market, run_match

PROGRAMS_PER_APPLICANT = 6_600 / 47_000
Prefs = dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class Game:
    """A market as ``matching`` wants it: consistent preference lists and capacities."""

    residents: Prefs
    hospitals: Prefs
    capacities: dict[str, int]


def trim(instance: MatchInstance) -> MatchInstance:
    """The same market restricted to mutually acceptable pairs (each side keeps its order)."""
    ranked_by = {p.id: set(p.rol) for p in instance.programs}
    applicants = tuple(replace(a, rol=tuple(p for p in a.ranked if a.id in ranked_by[p])) for a in instance.applicants)
    applied: dict[str, set[str]] = {}
    for a in applicants:
        for p in a.ranked:
            applied.setdefault(p, set()).add(a.id)
    programs = tuple(replace(p, rol=tuple(a for a in p.rol if a in applied.get(p.id, ()))) for p in instance.programs)
    return MatchInstance(programs, applicants, ())


def to_game(trimmed: MatchInstance) -> Game:
    """``matching``'s inputs: players with an empty list are left out (its game rejects them)."""
    residents = {a.id: list(a.ranked) for a in trimmed.applicants if a.ranked}
    hospitals = {p.id: list(p.rol) for p in trimmed.programs if p.rol and p.quota > 0}
    capacities = {p.id: p.quota for p in trimmed.programs if p.id in hospitals}
    return Game(residents, hospitals, capacities)


def _as_matches(solution: Any) -> dict[str, str]:
    return {resident.name: hospital.name for hospital, held in solution.items() for resident in held}


def _solver_child(conn: multiprocessing.connection.Connection, game: Game) -> None:
    """Build fresh players and solve; repeated while one solve takes under 5 s (the fastest solve counts)."""
    from matching.algorithms import hospital_resident  # type: ignore[import-untyped]
    from matching.players import Hospital, Player  # type: ignore[import-untyped]

    builds: list[float] = []
    solves: list[float] = []
    while len(solves) < 3 and (not solves or solves[0] < 5.0):
        gc.collect()  # the previous run's players are cyclic garbage: collect it outside the timing
        started = time.perf_counter()
        hospitals = {h: Hospital(h, game.capacities[h]) for h in game.hospitals}
        residents = {r: Player(r) for r in game.residents}
        for r, prefs in game.residents.items():
            residents[r].set_prefs([hospitals[h] for h in prefs])
        for h, prefs in game.hospitals.items():
            hospitals[h].set_prefs([residents[r] for r in prefs])
        built = time.perf_counter()
        solution = hospital_resident(list(residents.values()), list(hospitals.values()), optimal="resident")
        solves.append(time.perf_counter() - built)
        builds.append(built - started)
    answer = {"build": min(builds), "solve": min(solves), "runs": len(solves)}
    conn.send({**answer, "matches": _as_matches(solution)})


def _game_child(conn: multiprocessing.connection.Connection, game: Game) -> None:
    from matching.games import HospitalResident  # type: ignore[import-untyped]

    out: dict[str, Any] = {}

    def run() -> None:
        try:
            started = time.perf_counter()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                hr = HospitalResident.create_from_dictionaries(game.residents, game.hospitals, game.capacities)
            built = time.perf_counter()
            solution = hr.solve(optimal="resident")
            solved = time.perf_counter()
            out.update(build=built - started, solve=solved - built, warnings=len(caught))
            out["matches"] = _as_matches(solution)
        except RecursionError as error:  # pragma: no cover - only if the raised limit is still too low
            out["error"] = f"RecursionError: {error}"

    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    conn.send(out)


def run_capped(target: Any, game: Game, cap: float) -> dict[str, Any] | None:
    """Run ``target(conn, game)`` in a forked child; its answer, or None when it took longer than ``cap`` s."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(child, game))
    started = time.perf_counter()
    process.start()
    child.close()
    answer: dict[str, Any] | None = None
    if parent.poll(cap):
        answer = parent.recv()
    process.join(timeout=0 if answer is None else None)
    if process.is_alive():
        process.kill()
        process.join()
    if answer is not None:
        answer["wall"] = time.perf_counter() - started
    return answer


def engine_times(instance: MatchInstance, repeats: int) -> tuple[float, float, float, dict[str, str | None]]:
    """Fastest and median ``stats.solve_seconds``, median wall time of ``run_match`` (Numba), and the matching."""
    solves, walls = [], []
    matches: dict[str, str | None] = {}
    for _ in range(repeats):
        started = time.perf_counter()
        result = run_match(instance, engine="numba", timer=time.perf_counter)
        walls.append(time.perf_counter() - started)
        solves.append(result.stats.solve_seconds)
        matches = dict(result.matches)
    return min(solves), statistics.median(solves), statistics.median(walls), matches


def check_times(instance: MatchInstance, repeats: int) -> float:
    """Fastest time of the engine's stability check alone (the compiled kernel's ``check`` on the solve's state),
    which ``run_match`` runs after every solve and does not count in ``stats.solve_seconds``."""
    from matchpilot.match import engine as match_engine

    args = match_engine._prepare(instance).args
    solve, check, _name = match_engine._solver("numba")
    out = solve(*args, 50 * sum(len(args[i]) for i in (1, 10, 13)) + 10_000, 2000)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        match_engine._run_check(check, args, out)
        times.append(time.perf_counter() - started)
    return min(times)


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000,47000", help="applicants per market, comma-separated")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds allowed to each matching run")
    parser.add_argument("--repeats", type=int, default=7, help="engine runs per market")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, {platform.system()}, "
        f"Python {platform.python_version()}; matching {version('matching')}, numba {version('numba')}, "
        f"numpy {version('numpy')}; cap {args.cap:.0f} s per matching run"
    )
    run_match(generate_market(50, 10, seed=1), engine="numba")  # compile or load from cache, outside timing

    rows: list[list[str]] = []
    solver_over = game_over = False
    for size in sizes:
        programs = max(1, round(size * PROGRAMS_PER_APPLICANT))
        market = generate_market(size, programs, seed=args.seed)
        trimmed = trim(market)
        game = to_game(trimmed)
        pairs = sum(len(r) for r in game.residents.values())
        print(
            f"\n{size} applicants, {programs} programs, {market.positions} positions; mutually acceptable pairs "
            f"{pairs} (of {sum(len(a.ranked) for a in market.applicants)} ranked), {len(game.residents)} residents "
            f"and {len(game.hospitals)} hospitals in matching's game"
        )
        solve_s, median_s, wall_s, ours = engine_times(trimmed, args.repeats)
        check_s = check_times(trimmed, args.repeats)
        untrimmed = dict(run_match(market, engine="numba").matches)
        assert untrimmed == ours, "trimming changed the engine's matching"
        print(
            f"  engine: solve {_fmt(solve_s)} fastest, {_fmt(median_s)} median of {args.repeats}; stability check "
            f"after it {_fmt(check_s)} fastest; run_match wall {_fmt(wall_s)} (median)"
        )

        solver_note = "skipped (a smaller size went over the cap)" if solver_over else f"> {args.cap:.0f} s"
        solver = None if solver_over else run_capped(_solver_child, game, args.cap)
        if solver is not None:
            theirs = {a: solver["matches"].get(a) for a in ours}
            assert theirs == ours, "matching's solver and the engine disagree"
            print(
                f"  matching solver: build players {_fmt(solver['build'])}, solve {_fmt(solver['solve'])} "
                f"(fastest of {solver['runs']}); same matching"
            )
        elif not solver_over:
            solver_over = True
            print(f"  matching solver: over the {args.cap:.0f} s cap; larger sizes skipped")

        game_note = "skipped" if game_over else f"> {args.cap:.0f} s"
        game_run = None if game_over else run_capped(_game_child, game, args.cap)
        if game_run is not None and "error" not in game_run:
            theirs = {a: game_run["matches"].get(a) for a in ours}
            assert theirs == ours, "matching's HospitalResident game and the engine disagree"
            print(
                f"  matching game: create_from_dictionaries {_fmt(game_run['build'])} ({game_run['warnings']} "
                f"warnings), solve {_fmt(game_run['solve'])}; same matching"
            )
        elif not game_over:
            game_over = True
            why = game_run["error"] if game_run is not None else f"over the {args.cap:.0f} s cap"
            game_note = "failed" if game_run is not None else game_note
            print(f"  matching game: {why}; larger sizes skipped")
            game_run = None

        game_total = game_run["build"] + game_run["solve"] if game_run is not None else None
        rows.append(
            [
                f"{size:,}",
                f"{programs:,}",
                f"{_fmt(solve_s)} ({_fmt(median_s)})",
                _fmt(check_s),
                _fmt(solver["solve"]) if solver else solver_note,
                f"{solver['solve'] / solve_s:,.0f}x" if solver else "-",
                f"{solver['solve'] / (solve_s + check_s):,.0f}x" if solver else "-",
                _fmt(wall_s),
                _fmt(game_total) if game_total is not None else game_note,
                f"{game_total / wall_s:,.0f}x" if game_total is not None else "-",
            ]
        )

    header = [
        "applicants",
        "programs",
        "engine solve, fastest (median)",
        "engine check, fastest",
        "matching solve, fastest",
        "ratio (target >= 500x)",
        "ratio, solve + check",
        "run_match wall",
        "matching game build+solve",
        "ratio",
    ]
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
