"""Every answer of My list and ``matchpilot pick`` written to files, to compare two versions of the code byte for
byte (``cmp`` or ``diff -r`` of two ``--out`` folders).

What it writes, on the demo sheet and on the 5,000-program sheet of ``user_speed.py`` (each version on its own
copy of the same two databases, built once into ``--sheets``): ``matchpilot pick`` as text, ``--json`` and
``--csv`` under a dozen option sets (limits, budgets with and without signals, pins, exclusions, a hand-fixed
signal, a threshold); the answers of ``/picks`` under its variants, ``/picks/export.csv``, ``/api/v1/picks``,
``/picks/report``; then the same page, export and API after pinning one program and excluding another (as My
list's buttons do, through :func:`matchpilot.services.picks.set_pick_choice`). The per-session form token of
each page is blanked; nothing else is changed.

Run, for example, with ``before`` being another ``src/`` (``git archive <commit> src | tar -x -C /tmp/old``)::

    .venv/bin/python benchmarks/pick_outputs.py --sheets /tmp/sheets --out /tmp/after
    PYTHONPATH=/tmp/old/src .venv/bin/python benchmarks/pick_outputs.py --sheets /tmp/sheets --out /tmp/before
    diff -r /tmp/before /tmp/after

Not a test: a tool to check that a change of speed changed no answer.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

_TOKEN = re.compile(rb'(csrf[-_]token"? (?:value|content)=")[^"]*(")')

_PICK_OPTIONS: tuple[tuple[str, ...], ...] = (
    (),
    ("--max", "20"),
    ("--budget", "600"),
    ("--budget", "600", "--no-signals"),
    ("--no-signals",),
    ("--max", "20", "--min", "pmr=12", "--max-in", "prelim=5"),
    ("--max", "60", "--threshold", "0.5"),
    ("--budget", "2000", "--no-signals", "--min", "transitional=2"),
    ("--max", "30", "--budget", "900"),
    ("--max", "25", "--pin", "{PIN}", "--exclude", "{EXCLUDE}"),
    ("--max", "20", "--signal", "{SIGNAL}"),
)

_PAGES: tuple[str, ...] = (
    "/picks",
    "/picks?filtered=all",
    "/picks?others=all",
    "/picks?max=20&budget=600",
    "/picks?budget=600",
    "/picks?max=20&min_pmr=12&max_prelim=5",
    "/picks?threshold=1.5",
    "/picks?max=60",
    "/picks?budget=2000",
    "/picks?max=20&signals={SIGNAL}",
    "/picks/export.csv",
    "/picks/export.csv?max=20&budget=600",
    "/api/v1/picks",
    "/api/v1/picks?max=20&budget=600",
    "/picks/report",
)

_AFTER_CHOICES: tuple[str, ...] = ("/picks", "/picks/export.csv", "/api/v1/picks")


def _copy(source: Path, target: Path) -> None:
    """A whole SQLite database copied, with what its write-ahead log still holds (SQLite's backup)."""
    with sqlite3.connect(source) as old, sqlite3.connect(target) as new:
        old.backup(new)
    old.close()
    new.close()


def _build_sheets(folder: Path) -> None:
    """The two databases: the demo's (profile, sheet, rank list) and the 5,000-program sheet of user_speed.py."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "demo.db").exists():
        from matchpilot.bootstrap import build_services
        from matchpilot.services.demo import load_demo

        with tempfile.TemporaryDirectory(prefix="matchpilot-outputs-") as name:
            load_demo(build_services(database_url=f"sqlite:///{Path(name) / 'demo.db'}"))
            _copy(Path(name) / "demo.db", folder / "demo.db")
    if not (folder / "sheet.db").exists():
        import user_speed

        with tempfile.TemporaryDirectory(prefix="matchpilot-outputs-") as name:
            url = user_speed._sheet_database(Path(name))
            _copy(Path(url.removeprefix("sqlite:///")), folder / "sheet.db")


def _codes(url: str) -> dict[str, str]:
    """Programs to pin, exclude and signal, read from the default list (the same for any version that gives the
    same list): the first chosen program is excluded, the first program left out for its worth is pinned, the
    last program the list's signals went to is signalled by hand, with the same tier."""
    from matchpilot.bootstrap import build_services
    from matchpilot.io.pick_json import pick_to_dict
    from matchpilot.pick import PickLimits
    from matchpilot.services.picks import pick_for

    report = pick_for(build_services(database_url=url), PickLimits(45))
    document = pick_to_dict(report)
    chosen = [row["code"] for row in document["chosen"]]
    others = [row["code"] for row in document["left_out"] if row["why"] != "filtered"]
    sent = (document.get("signals") or {}).get("sent") or []
    signalled = [f"{group['programs'][-1]['code']}:{group['tier']}" for group in sent if group["programs"]]
    return {"PIN": others[0], "EXCLUDE": chosen[0], "SIGNAL": (signalled or chosen)[-1]}


def _cli(url: str, args: Sequence[str]) -> bytes:
    """``matchpilot pick ARGS`` in this process (new services each time): exit code, output and errors."""
    from typer.testing import CliRunner

    from matchpilot.cli import common
    from matchpilot.cli.main import app

    common._state.clear()
    result = CliRunner().invoke(app, ["pick", *args], env={"MATCHPILOT_DATABASE_URL": url, "COLUMNS": "160"})
    return f"exit {result.exit_code}\n".encode() + result.stdout_bytes + b"\n--- stderr\n" + result.stderr_bytes


def _web(url: str, paths: Sequence[str]) -> list[bytes]:
    """The answers of ``paths`` on a new app: status, content type and body (form tokens blanked)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

        from matchpilot.bootstrap import build_services
        from matchpilot.web import create_app

    client = TestClient(create_app(build_services(database_url=url)))
    client.get("/")
    found = []
    for path in paths:
        response = client.get(path)
        head = f"{response.status_code} {response.headers.get('content-type')}\n".encode()
        found.append(head + _TOKEN.sub(rb"\1-\2", response.content))
    return found


def _name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9=_.-]+", "_", text).strip("_") or "default"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sheets", type=Path, required=True, help="where the two databases are kept (built once)")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write the answers to")
    parser.add_argument("--only", choices=("demo", "sheet"), help="one of the two sheets")
    options = parser.parse_args(argv)
    _build_sheets(options.sheets)
    options.out.mkdir(parents=True, exist_ok=True)
    count = 0
    for label in ("demo", "sheet") if options.only is None else (options.only,):
        with tempfile.TemporaryDirectory(prefix="matchpilot-outputs-") as name:
            database = Path(name) / f"{label}.db"
            _copy(options.sheets / f"{label}.db", database)
            url = f"sqlite:///{database}"
            codes = _codes(url)
            (options.out / f"{label}-codes.txt").write_text(json.dumps(codes, sort_keys=True) + "\n")
            for args in _PICK_OPTIONS:
                filled = [arg.format(**codes) for arg in args]
                for kind in ("text", "--json", "--csv"):
                    extra = [] if kind == "text" else [kind]
                    path = options.out / f"{label}-cli-{_name(' '.join(filled))}-{kind.strip('-')}.txt"
                    path.write_bytes(_cli(url, [*filled, *extra]))
                    count += 1
            pages = [path.format(**codes) for path in _PAGES]
            for path, body in zip(pages, _web(url, pages), strict=True):
                (options.out / f"{label}-web-{_name(path)}.txt").write_bytes(body)
                count += 1
            from matchpilot.bootstrap import build_services
            from matchpilot.services.picks import set_pick_choice

            services = build_services(database_url=url)
            set_pick_choice(services, codes["PIN"], "pin")
            set_pick_choice(services, codes["EXCLUDE"], "exclude")
            for path, body in zip(_AFTER_CHOICES, _web(url, _AFTER_CHOICES), strict=True):
                (options.out / f"{label}-chosen-web-{_name(path)}.txt").write_bytes(body)
                count += 1
    print(f"{count} answers written to {options.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
