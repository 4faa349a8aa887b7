"""Speed where users feel it (issue 13, item 10), every figure in one run, medians of ``--repeats`` runs:

1. ``matchpilot match run`` at national scale (47,000 applicants, 6,600 programs, a fictional market from
   ``generate_market``, seed 2025) from file to file, against the baseline of reading the same JSON file with
   the standard library (``json.load``) in this process. Two ratios: the whole command (a new process: Python,
   imports, loading the compiled kernel, reading, checking, indexing, solving, writing) and the work of the
   command alone (``services.match.run_match_file`` in this process, after the imports and the kernel are
   loaded). Target: within 3x.
2. ``matchpilot pick`` on a 5,000-program sheet (the fictional demo data plus generated fictional programs, the
   sheet ``benchmarks/load_bench.py`` builds), wall time of the whole command. Target: within 1 s.
3. The My list page's first answer (``GET /picks`` on a new app, so nothing is kept yet) on the same sheet,
   server time measured around the request in this process (Starlette's test client, no network); then again
   as ``matchpilot serve`` runs it (``gc.freeze()`` of what is loaded and the server's collector threshold,
   ``cli/common.server_collector``), printed as a second line ("page as served"). Target: within 150 ms.
4. CLI start-up: ``matchpilot --help``, wall time of the whole command. Target: within 0.3 s.

Run: ``.venv/bin/python benchmarks/user_speed.py [--repeats 5] [--only match,pick,page,help]``. Not a test: it
reports, never asserts. The machine may be shared: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

APPLICANTS, PROGRAMS, SEED = 47_000, 6_600, 2025
PARTS = ("match", "pick", "page", "help")


def _command() -> list[str]:
    """The installed ``matchpilot`` command of this interpreter's environment."""
    beside = Path(sys.executable).parent / "matchpilot"
    found = str(beside) if beside.exists() else shutil.which("matchpilot")
    return [found] if found else [sys.executable, "-m", "matchpilot"]


Timing = tuple[float, float]
"""(wall seconds, CPU seconds: user + system of this process, or of the command's process)."""


def _median(run: Callable[[], Timing], repeats: int) -> tuple[Timing, list[Timing]]:
    times = [run() for _ in range(repeats)]
    return (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)), times


def _in_process(work: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def _command_time(argv: Sequence[str], env: dict[str, str] | None = None) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _show(median: Timing, times: list[Timing], unit: float = 1.0, digits: int = 3) -> str:
    shown = ", ".join(f"{t[0] * unit:.{digits}f}" for t in times)
    name = "s" if unit == 1.0 else "ms"
    return f"{median[0] * unit:.{digits}f} {name} wall [{shown}], {median[1] * unit:.{digits}f} {name} CPU"


def bench_match(folder: Path, repeats: int) -> None:
    """The national-scale match from file to file against ``json.load`` of the same file."""
    from matchpilot.io.match_json import instance_to_dict
    from matchpilot.match import generate_market
    from matchpilot.services import match as service

    instance_path, output = folder / "instance.json", folder / "result.json"
    market = instance_to_dict(generate_market(APPLICANTS, PROGRAMS, seed=SEED))
    # written as `matchpilot match generate` wrote it before orjson (indent 1), the file the issue measured
    instance_path.write_text(json.dumps(market, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    size = instance_path.stat().st_size

    def baseline() -> None:
        with instance_path.open(encoding="utf-8") as handle:
            json.load(handle)

    service.run_match_file(instance_path, output)  # load (or compile) the kernel once
    parse, parse_times = _median(lambda: _in_process(baseline), repeats)
    work, work_times = _median(lambda: _in_process(lambda: service.run_match_file(instance_path, output)), repeats)
    argv = [*_command(), "match", "run", str(instance_path), "-o", str(output)]
    command, command_times = _median(lambda: _command_time(argv), repeats)
    print(f"match: {APPLICANTS} applicants, {PROGRAMS} programs, {size / 1e6:.1f} MB of JSON (seed {SEED})")
    print(f"  json.load of the file (baseline):        {_show(parse, parse_times)}")
    print(f"  run_match_file in process (read..write): {_show(work, work_times)}")
    print(f"    = {work[0] / parse[0]:.2f}x the baseline's wall time, {work[1] / parse[1]:.2f}x its CPU time")
    print(f"  matchpilot match run (whole command):    {_show(command, command_times)}")
    print(f"    = {command[0] / parse[0]:.2f}x the baseline's wall time, {command[1] / parse[1]:.2f}x its CPU time "
          "(target 3x)")  # fmt: skip


def _sheet_database(folder: Path) -> str:
    """A SQLite database holding the demo data and a 5,000-program fictional sheet; its URL."""
    import load_bench
    from matchpilot.bootstrap import build_services

    url = f"sqlite:///{folder / 'sheet.db'}"
    services = build_services(database_url=url)
    sheet = folder / "sheet.csv"
    load_bench.write_sheet(services, sheet)
    load_bench.fill_workspace(services, sheet)
    return url


def bench_pick(url: str, repeats: int) -> None:
    """``matchpilot pick`` on the 5,000-program sheet, wall time of the command."""
    env = {**os.environ, "MATCHPILOT_DATABASE_URL": url}
    wall, times = _median(lambda: _command_time([*_command(), "pick"], env), repeats)
    print(f"pick: matchpilot pick on {load_bench_programs()} programs: {_show(wall, times)}  (target 1 s wall)")


def load_bench_programs() -> int:
    import load_bench

    return load_bench.PROGRAMS


def bench_page(url: str, repeats: int) -> None:
    """The My list page's first answer on a new app (nothing kept), server time in process."""
    import warnings

    with warnings.catch_warnings():  # Starlette warns when its test client runs on httpx rather than httpx2
        warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient` is deprecated")
        from starlette.testclient import TestClient

    from matchpilot.bootstrap import build_services
    from matchpilot.web import create_app

    def first_answer() -> Timing:
        client = TestClient(create_app(build_services(database_url=url)))
        client.get("/")  # the app's own first request (templates, connection) is not My list's
        response = None

        def ask() -> None:
            nonlocal response
            response = client.get("/picks")

        timing = _in_process(ask)
        assert response is not None and response.status_code == 200, response
        return timing

    first_answer()  # imports and the portfolio optimizer's first call
    server, times = _median(first_answer, repeats)
    print(f"page: My list (/picks) first answer at {load_bench_programs()} programs: "
          f"{_show(server, times, unit=1000.0, digits=0)}  (target 150 ms)")  # fmt: skip
    # Then as `matchpilot serve` runs it: what is loaded frozen out of the collector's sight, and the server's
    # threshold of the youngest generation (cli/serve.py: freeze_imports, server_collector). The line above is
    # the figure of the earlier passes, without them.
    import gc

    from matchpilot.cli.common import SERVER_YOUNG_THRESHOLD

    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(SERVER_YOUNG_THRESHOLD, *thresholds[1:])
    try:
        served, served_times = _median(first_answer, repeats)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
    print(f"page as served (gc.freeze() and the server's collector threshold, after the line above): "
          f"{_show(served, served_times, unit=1000.0, digits=0)}  (target 150 ms)")  # fmt: skip


def bench_help(repeats: int) -> None:
    """``matchpilot --help``, wall time of the command."""
    _command_time([*_command(), "--help"])
    wall, times = _median(lambda: _command_time([*_command(), "--help"]), repeats)
    print(f"help: matchpilot --help: {_show(wall, times)}  (target 0.3 s wall)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of each measurement; medians are reported")
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated parts: match, pick, page, help")
    options = parser.parse_args(argv)
    parts = [part.strip() for part in options.only.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown or options.repeats < 1:
        parser.error(f"--only takes {', '.join(PARTS)} (got {', '.join(unknown)}); --repeats must be ≥ 1")
    import numpy

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}, Python "
          f"{platform.python_version()}, NumPy {numpy.__version__}; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="matchpilot-speed-") as name:
        folder = Path(name)
        if "match" in parts:
            bench_match(folder, options.repeats)
        if "pick" in parts or "page" in parts:
            url = _sheet_database(folder)
            if "pick" in parts:
                bench_pick(url, options.repeats)
            if "page" in parts:
                bench_page(url, options.repeats)
        if "help" in parts:
            bench_help(options.repeats)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
