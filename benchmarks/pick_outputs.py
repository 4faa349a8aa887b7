"""Save every answer of ``matchpilot pick`` and My list on a database, to ``cmp`` them before and after a change.

Not a test and not timed: it writes one file per answer into ``--out`` (52 per database), each from a fresh copy
of the database (the copy is removed at the end), so that two source trees can be compared byte for byte:

    .venv/bin/python benchmarks/pick_outputs.py --database /tmp/sheet.db --out /tmp/before
    ... change the code ...
    .venv/bin/python benchmarks/pick_outputs.py --database /tmp/sheet.db --out /tmp/after
    diff -r /tmp/before /tmp/after

``--make-sheet FOLDER`` and ``--make-demo FOLDER`` build the databases first (the 5,000-program sheet of
``user_speed.py``, the demo data alone) and print their paths. ``--src`` runs another source tree (its ``src``
folder, for a "before" of ``git archive``). The answers are: ``matchpilot pick`` as text, ``--json`` and
``--csv`` under eleven option sets; the ``/picks`` page under ten parameter sets, its CSV export and the API with
and without limits, the report page; then, after pinning one program and excluding another through My list's
choices, the page, its export and the API again. The answers name today's date: compare them the same day.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

PAGES = (
    "/picks",
    "/picks?filtered=all",
    "/picks?others=all",
    "/picks?max=20&budget=600",
    "/picks?budget=600",
    "/picks?max=20&min_pmr=12&max_prelim=5",
    "/picks?threshold=1.5",
    "/picks?max=60",
    "/picks?budget=2000",
    "/picks?max=20&signals={signal}",
    "/picks/export.csv",
    "/picks/export.csv?max=20&budget=600",
    "/api/v1/picks",
    "/api/v1/picks?max_applications=20&budget=600",
    "/picks/report",
)
"""My list's answers (``{signal}``: a chosen program's code, signalled by hand)."""

AFTER_CHOICES = ("/picks", "/picks/export.csv", "/api/v1/picks")
"""The answers asked again once a program is pinned and another excluded through My list."""


def _option_sets(pin: str, exclude: str, signal: str) -> dict[str, list[str]]:
    """The ``matchpilot pick`` option sets, named."""
    return {
        "default": [],
        "max20": ["--max", "20"],
        "budget600": ["--budget", "600"],
        "budget600ns": ["--budget", "600", "--no-signals"],
        "nosig": ["--no-signals"],
        "mins": ["--max", "20", "--min", "pmr=12", "--max-in", "prelim=5"],
        "max60t": ["--max", "60", "--threshold", "0.5"],
        "b2000": ["--budget", "2000", "--no-signals", "--min", "transitional=2"],
        "m30b900": ["--max", "30", "--budget", "900"],
        "pinex": ["--max", "25", "--pin", pin, "--exclude", exclude],
        "sig": ["--max", "20", "--signal", signal],
    }


def save_outputs(database: Path, out: Path, src: Path | None) -> int:
    """Write every answer on a copy of ``database`` into ``out``; returns how many files were written."""
    out.mkdir(parents=True, exist_ok=True)
    work = out / "work.db"
    shutil.copy(database, work)
    url = f"sqlite:///{work}"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(MATCHPILOT_DATABASE_URL=url, COLUMNS="200")
    if src is not None:
        env["PYTHONPATH"] = str(src)
    written = 0

    def cli(name: str, args: Sequence[str]) -> bytes:
        nonlocal written
        done = subprocess.run(
            [sys.executable, "-m", "matchpilot", "pick", *args], env=env, capture_output=True, check=False
        )
        text = done.stdout + b"\n--stderr--\n" + done.stderr + f"\nrc={done.returncode}".encode()
        (out / f"cli-{name}.out").write_bytes(text)
        written += 1
        return done.stdout

    rows = list(csv.DictReader(io.StringIO(cli("default-csv", ["--csv"]).decode())))
    chosen = [row["code"] for row in rows if row["status"] == "chosen"]
    others = [row["code"] for row in rows if row["status"] != "chosen" and row["why"] == "worth-less"]
    pin, exclude, signal = others[3], chosen[0], chosen[1]
    for name, args in _option_sets(pin, exclude, signal).items():
        for fmt in ("", "--json", "--csv"):
            cli(name + (fmt or "-text"), [*args, fmt] if fmt else args)

    if src is not None:
        sys.path.insert(0, str(src))
    warnings.simplefilter("ignore")  # the test client's deprecation notes are not the answers
    from starlette.testclient import TestClient

    from matchpilot.bootstrap import build_services
    from matchpilot.services.picks import set_pick_choice
    from matchpilot.web import create_app

    def page(prefix: str, index: int, path: str) -> None:
        nonlocal written
        client = TestClient(create_app(build_services(database_url=url)))
        response = client.get(path)
        (out / f"{prefix}-{index:02d}.out").write_bytes(f"{path} {response.status_code}\n".encode() + response.content)
        written += 1

    for index, path in enumerate(PAGES):
        page("page", index, path.format(signal=signal))
    services = build_services(database_url=url)
    set_pick_choice(services, pin, "pin")
    set_pick_choice(services, exclude, "exclude")
    for index, path in enumerate(AFTER_CHOICES):
        page("pinned", index, path)
    for leftover in out.glob("work.db*"):  # the copy and its journal files
        leftover.unlink()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", type=Path, help="a SQLite database file holding a sheet and a profile")
    parser.add_argument("--out", type=Path, help="the folder the answers are written to")
    parser.add_argument("--src", type=Path, help="another source tree's src folder (default: the installed one)")
    parser.add_argument("--make-sheet", type=Path, help="build the 5,000-program sheet's database in this folder")
    parser.add_argument("--make-demo", type=Path, help="build the demo data's database in this folder")
    options = parser.parse_args(argv)
    if options.make_sheet is not None:
        sys.path.insert(0, str(Path(__file__).parent))
        import user_speed

        options.make_sheet.mkdir(parents=True, exist_ok=True)
        print(user_speed._sheet_database(options.make_sheet))
    if options.make_demo is not None:
        from matchpilot.bootstrap import build_services
        from matchpilot.services.demo import load_demo

        options.make_demo.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{options.make_demo / 'demo.db'}"
        load_demo(build_services(database_url=url))
        print(url)
    if options.database is not None:
        if options.out is None:
            parser.error("--out is needed with --database")
        print("saved", save_outputs(options.database, options.out, options.src))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
