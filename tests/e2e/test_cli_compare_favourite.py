"""`matchpilot programs compare` and `programs favourite` as a user runs them (issue 15 item 8)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from matchpilot.cli import main

runner = CliRunner()


def run(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(main.app, ["--db", db, *args])
    return result.exit_code, result.output


def demo_codes(db: str) -> list[str]:
    code, out = run(db, "programs", "list", "--json")
    assert code == 0
    return [p["code"] for p in json.loads(out)["programs"]]


def test_compare_prints_the_programs_side_by_side(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/cli.db"
    assert run(db, "demo")[0] == 0
    codes = demo_codes(db)[:3]
    code, out = run(db, "programs", "compare", *codes)
    assert code == 0 and "Compare programs" in out
    code, out = run(db, "programs", "compare", "--json", *[c.lower() for c in codes])
    assert code == 0
    shown = json.loads(out)["programs"]
    assert [p["code"] for p in shown] == codes and all(p["name"] and "chance" in p for p in shown)


def test_compare_refuses_more_than_four_and_unknown_codes_naming_them(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/cli.db"
    assert run(db, "demo")[0] == 0
    codes = demo_codes(db)[:5]
    code, out = run(db, "programs", "compare", *codes)
    assert code != 0 and "at most 4" in " ".join(out.split()) and codes[4] in out
    code, out = run(db, "programs", "compare", codes[0], "9999999Z9")
    assert code != 0 and "9999999Z9" in out


def test_favourite_stars_and_unstars_and_the_list_filters(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/cli.db"
    assert run(db, "demo")[0] == 0
    chosen = demo_codes(db)[2]
    code, out = run(db, "programs", "favourite", chosen)
    assert code == 0 and "starred" in out
    code, out = run(db, "programs", "list", "--favourites", "--json")
    assert code == 0 and [p["code"] for p in json.loads(out)["programs"]] == [chosen]
    code, out = run(db, "programs", "compare", "--json", chosen, demo_codes(db)[0])
    assert [p["favourite"] for p in json.loads(out)["programs"]] == [True, False]
    assert run(db, "programs", "favourite", chosen, "--off")[0] == 0
    code, out = run(db, "programs", "list", "--favourites", "--json")
    assert json.loads(out)["programs"] == []
    code, out = run(db, "programs", "favourite", "9999999Z9")
    assert code != 0 and "9999999Z9" in out
