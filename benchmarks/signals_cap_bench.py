"""How large an exact problem with signals My list can afford (issue 16, ``EXACT_CELLS`` in ``pick/plan.py``): not
a test — figures measured in one run.

Run: ``.venv/bin/python benchmarks/signals_cap_bench.py [--caps 1e6,1e7,3e7] [--limits 20,45]``

For the fictional demo (about 300 programs) and a 5,000-program fictional sheet (``load_bench``), the problem My
list hands to :func:`matchpilot.pick.plan.plan_signals` is captured (the default limits, and each ``--limits``
count), then solved again with each cap on the exact optimizer's table cells, with My list's branch-and-bound
limit (``PAGE_SIGNAL_NODES``). Printed per problem and cap: its cells (:func:`exact_cells`), whether the exact
optimizer runs, the method, whether the answer is proven best, the value, the gap to the bound, and the CPU and
wall seconds of the solve alone (the chances before it are the same for every cap). Then My list's first answer
on the demo (a new app, nothing kept: chances, list, signals, page), median of three, per cap and list length.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load_bench
import matchpilot.pick.make as make
import matchpilot.pick.plan as plan
from matchpilot.bootstrap import build_services
from matchpilot.domain.portfolio import PortfolioProblem
from matchpilot.pick import PickLimits
from matchpilot.pick.plan import exact_cells, plan_signals
from matchpilot.portfolio import solve
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.services.picks import pick_for
from matchpilot.web.app import PAGE_SIGNAL_NODES

TODAY = date(2026, 6, 1)


def captured(services: Services, limits: PickLimits) -> PortfolioProblem:
    """The problem with signals My list solves for ``limits`` (caught on its way to ``plan_signals``)."""
    seen: list[PortfolioProblem] = []
    real = make.plan_signals

    def catch(problem: PortfolioProblem, *args: Any, **kwargs: Any) -> Any:
        seen.append(problem)
        return real(problem, *args, **kwargs)

    make.plan_signals = catch  # type: ignore[assignment]
    try:
        pick_for(services, limits, max_signal_nodes=PAGE_SIGNAL_NODES)
    finally:
        make.plan_signals = real
    return seen[-1]


def measure(name: str, problem: PortfolioProblem, caps: list[int]) -> None:
    """One row per cap."""
    cells = exact_cells(problem)
    plan_signals(problem, solve, max_nodes=PAGE_SIGNAL_NODES, largest_exact=max(caps))  # compile and warm up
    for cap in caps:
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        result = plan_signals(problem, solve, max_nodes=PAGE_SIGNAL_NODES, largest_exact=cap)
        cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
        gap = "" if result.bound is None else f"{(result.bound - result.value) / result.value * 100:.3f}%"
        print(
            f"| {name} | {len(problem.candidates)} | {problem.max_applications} | {cells / 1e6:.1f}M | "
            f"{cap / 1e6:g}M | {'yes' if cells <= cap else 'no'} | {result.method} | {result.optimal} | "
            f"{result.value:.6f} | {gap} | {cpu * 1000:.0f} | {wall * 1000:.0f} |"
        )


def page(url: str, caps: list[int], counts: list[int]) -> None:
    """My list's first answer on a new app for each cap and list length: median CPU and wall ms of three."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from matchpilot.web import create_app

    print()
    print("| sheet | cap | applications | page ms CPU | page ms wall |")
    print("|---|---|---|---|---|")
    kept = plan.EXACT_CELLS
    try:
        for cap in caps:
            plan.EXACT_CELLS = cap
            for count in counts:
                times = []
                for _ in range(3):
                    client = TestClient(create_app(build_services(database_url=url, today=lambda: TODAY)))
                    client.get("/")
                    start_cpu, start_wall = time.process_time(), time.perf_counter()
                    answer = client.get(f"/picks?max={count}")
                    times.append((time.process_time() - start_cpu, time.perf_counter() - start_wall))
                    assert answer.status_code == 200
                cpu = statistics.median(t[0] for t in times)
                wall = statistics.median(t[1] for t in times)
                print(f"| demo | {cap / 1e6:g}M | {count} | {cpu * 1000:.0f} | {wall * 1000:.0f} |")
    finally:
        plan.EXACT_CELLS = kept


def main() -> None:
    """Print the figures as a Markdown table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--caps", default="1e6,1e7,3e7,5e7,1e8")
    parser.add_argument("--limits", default="8,20")
    arguments = parser.parse_args()
    caps = [int(float(c)) for c in arguments.caps.split(",")]
    counts = [int(c) for c in arguments.limits.split(",") if c]
    print("| sheet | candidates | applications | cells | cap | exact runs | method | optimal | value | gap to bound "
          "| solve ms CPU | solve ms wall |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        demo = build_services(database_url=f"sqlite:///{folder}/demo.db", today=lambda: TODAY)
        load_demo(demo)
        big = build_services(database_url=f"sqlite:///{folder}/big.db", today=lambda: TODAY)
        sheet = Path(folder) / "sheet.csv"
        load_bench.write_sheet(big, sheet)
        load_bench.fill_workspace(big, sheet)
        for name, services in (("demo", demo), ("5,000", big)):
            for count in [None, *counts]:
                measure(name, captured(services, PickLimits(max_applications=count)), caps)
        page(f"sqlite:///{folder}/demo.db", caps, [10, *counts])
        demo.database.dispose()
        big.database.dispose()


if __name__ == "__main__":
    main()
