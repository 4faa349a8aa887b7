"""My list's kept answer (the list already computed: the page's own work, mostly drawing its HTML), before and
after a change, alternated.

Not a test. Each round runs, for ``before`` (``PYTHONPATH`` at another ``src/``, for example ``git archive
<commit> src | tar -x -C /tmp/old``) and then ``after`` (this checkout's), a new process that answers ``GET /``
and My list's first request on a new app, then ``--answers`` more requests for My list, kept by the memo, and
prints the minimum CPU time of those; the minimum over the rounds is reported, with the page's size (the two
must match byte for byte).

    .venv/bin/python benchmarks/page_kept.py --before-src /tmp/old/src --database sqlite:///sheet.db

The database is one ``pick_outputs.py --make-sheet`` builds (the 5,000-program sheet); each process works on
its own copy.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

_KEPT = r"""
import hashlib, sys, time, warnings
warnings.simplefilter("ignore")
from starlette.testclient import TestClient
from matchpilot.bootstrap import build_services
from matchpilot.web import create_app

client = TestClient(create_app(build_services(database_url=sys.argv[1])))
client.get("/")
assert client.get("/picks").status_code == 200
times = []
for _ in range(int(sys.argv[2])):
    cpu = time.process_time()
    response = client.get("/picks")
    times.append(time.process_time() - cpu)
print((min(times), hashlib.sha256(response.content).hexdigest(), len(response.content)))
"""


def _run(src: str | None, database: Path, answers: int) -> tuple[float, str, int]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    if src:
        env["PYTHONPATH"] = src
    with tempfile.TemporaryDirectory(prefix="matchpilot-kept-") as folder:
        copy = Path(folder) / "sheet.db"
        shutil.copy(database, copy)
        done = subprocess.run(
            [sys.executable, "-c", _KEPT, f"sqlite:///{copy}", str(answers)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
    found: tuple[float, str, int] = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--before-src", required=True, help="the src/ folder of the code to compare against")
    parser.add_argument("--database", required=True, help="a SQLite URL (sqlite:///FILE) holding the sheet")
    parser.add_argument("--rounds", type=int, default=3, help="alternations (minima are reported)")
    parser.add_argument("--answers", type=int, default=20, help="kept answers timed in each process")
    options = parser.parse_args(argv)
    database = Path(options.database.removeprefix("sqlite:///"))
    found: dict[str, list[tuple[float, str, int]]] = {"before": [], "after": []}
    for _ in range(options.rounds):
        found["before"].append(_run(options.before_src, database, options.answers))
        found["after"].append(_run(None, database, options.answers))
    for name, runs in found.items():
        shown = ", ".join(f"{run[0] * 1000:.1f}" for run in runs)
        print(f"{name}: My list kept answer, CPU, minimum {min(r[0] for r in runs) * 1000:.1f} ms [{shown}]; "
              f"page {runs[0][2]} bytes, sha256 {runs[0][1][:16]}")  # fmt: skip
    same = {run[1] for runs in found.values() for run in runs}
    print("the same page before and after" if len(same) == 1 else "THE PAGES DIFFER")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
