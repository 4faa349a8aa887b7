"""Before and after for ``matchpilot pick`` and My list's first answer on the 5,000-program sheet, alternated.

On a shared machine a median of a few runs moves by 15% or more between minutes, so this alternates the two
versions of the code in the same minutes and keeps the **minimum** CPU time of each: ``before`` runs with
``PYTHONPATH`` at another ``src/`` (for example ``git archive <commit> src | tar -x -C /tmp/old``), ``after`` with
this checkout's. Each round: ``matchpilot pick`` as a new process; then My list's first answer (``GET /picks`` on a
new app, in process, as ``user_speed.py`` measures it: the minimum of 3 in one process), and the same after
``gc.freeze()`` and the collector's threshold as ``matchpilot serve`` sets them. The sheet is the one of
``load_bench.py``, built once in a temporary folder (or given with ``--database``).

Run: ``.venv/bin/python benchmarks/pick_before_after.py --before-src /tmp/old/src [--rounds 5] [--no-page]``. Not a
test.
"""

from __future__ import annotations

import argparse
import ast
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

_PAGE = r"""
import gc, sys, time, warnings
warnings.simplefilter("ignore")
from starlette.testclient import TestClient
from matchpilot.bootstrap import build_services
from matchpilot.web import create_app

def first():
    client = TestClient(create_app(build_services(database_url=sys.argv[1])))
    client.get("/")
    wall, cpu = time.perf_counter(), time.process_time()
    assert client.get("/picks").status_code == 200
    return time.perf_counter() - wall, time.process_time() - cpu

first()  # imports and the optimizer's first call
if sys.argv[2] == "freeze":  # what `matchpilot serve` does once started: the freeze, then its collector's threshold
    gc.freeze()
    import matchpilot.cli.common as common
    gc.set_threshold(getattr(common, "SERVER_YOUNG_THRESHOLD", gc.get_threshold()[0]), *gc.get_threshold()[1:])
print(min(first() for _ in range(3)))
"""


def _env(src: str | None, url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    if src:
        env["PYTHONPATH"] = src
    env["MATCHPILOT_DATABASE_URL"] = url
    return env


def _pick(src: str | None, url: str) -> tuple[float, float]:
    command = Path(sys.executable).parent / "matchpilot"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(command), "pick"], check=True, stdout=subprocess.DEVNULL, env=_env(src, url))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _page(src: str | None, url: str, mode: str) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, "-c", _PAGE, url, mode], check=True, capture_output=True, text=True, env=_env(src, url)
    )
    wall, cpu = ast.literal_eval(done.stdout.strip())
    return float(wall), float(cpu)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--before-src", required=True, help="the src/ folder of the code to compare against")
    parser.add_argument("--rounds", type=int, default=5, help="alternations (minima are reported)")
    parser.add_argument("--database", help="a SQLite URL already holding the sheet (default: build one)")
    parser.add_argument("--no-page", action="store_true", help="time `matchpilot pick` only, not My list")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="matchpilot-pick-ab-") as name:
        url = options.database
        if url is None:
            import user_speed

            url = user_speed._sheet_database(Path(name))
        found: dict[str, list[tuple[float, float]]] = {}
        for _ in range(options.rounds):
            for label, src in (("before", options.before_src), ("after", None)):
                found.setdefault(f"pick {label}", []).append(_pick(src, url))
                if not options.no_page:
                    found.setdefault(f"page {label}", []).append(_page(src, url, "plain"))
            if not options.no_page:
                found.setdefault("page after, gc.freeze()", []).append(_page(None, url, "freeze"))
    for label, times in found.items():
        unit, name = (1.0, "s") if label.startswith("pick") else (1000.0, "ms")
        print(
            f"{label}: minimum {min(t[0] for t in times) * unit:.2f} {name} wall, "
            f"{min(t[1] for t in times) * unit:.2f} {name} CPU over {len(times)} runs"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
