"""`matchpilot rol` as a user runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from matchpilot.cli import main

runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    return main.app


def run(app: typer.Typer, db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, *args])
    return result.exit_code, result.output


def test_build_check_and_export_a_list(app: typer.Typer, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/cli.db"
    assert run(app, db, "demo")[0] == 0
    code, out = run(app, db, "rol", "show")
    assert code == 0 and "Rank order list" in out and "supplemental 1" in out
    code, out = run(app, db, "rol", "export")
    primary = [line.split()[1] for line in out.splitlines() if line.strip()[:1].isdigit()][:12]
    assert code == 0 and len(primary) == 12
    assert run(app, db, "rol", "move", primary[-1], "1")[0] == 0
    code, out = run(app, db, "rol", "export", "--csv")
    assert out.splitlines()[1].startswith(f"primary,1,{primary[-1]},")
    assert run(app, db, "rol", "remove", primary[0])[0] == 0
    assert primary[0] not in run(app, db, "rol", "export")[1].split("Supplemental")[0]
    advanced = next(c for c in primary if c[7] == "A")
    assert run(app, db, "rol", "supplemental", "remove", advanced)[0] == 0
    code, out = run(app, db, "rol", "check")
    assert code == 0 and "advanced-without-pgy1" not in out  # warnings go to stderr
    assert run(app, db, "rol", "pgy1", "--held")[0] == 0
    code, out = run(app, db, "rol", "check")
    assert code == 0 and "limit 300" in out


def test_input_errors_exit_2(app: typer.Typer, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/cli.db"
    assert run(app, db, "rol", "add", "1001340C0")[0] == 0
    code, out = run(app, db, "rol", "add", "1001340c0")
    assert code == 2 and "already on your rank order list" in out
    assert run(app, db, "rol", "move", "9999340C0", "1")[0] == 2
    assert run(app, db, "rol", "supplemental", "add", "9999340A0", "1004140P0")[0] == 2


def test_check_exits_1_on_a_broken_rule(app: typer.Typer, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/cli.db"
    rules = tmp_path / "rules.toml"
    rules.write_text("[rol_max_ranks.2025]\nvalue = 1\nsource = 'test'\nchecked = 2025\n", encoding="utf-8")
    for code in ("1001340C0", "1002340C0"):
        run(app, db, "rol", "add", code)
    assert run(app, db, "rol", "check", "--rules", str(rules))[0] == 1


def test_a_couple_list_from_the_command_line(app: typer.Typer, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/cli.db"
    assert run(app, db, "demo")[0] == 0
    code, out = run(app, db, "rol", "couple", "show")
    assert code == 0 and "not recorded" in out and "No pairs yet" in out
    mine = run(app, db, "rol", "export")[1].splitlines()[1].split()[1]
    assert run(app, db, "rol", "couple", "set-partner", "Sam Partner", "--id", "N123")[0] == 0
    assert run(app, db, "rol", "couple", "add", mine, "2001140C0")[0] == 0
    assert run(app, db, "rol", "couple", "add", "none", "2002140C0")[0] == 0
    assert run(app, db, "rol", "couple", "add", mine, "none")[0] == 0
    code, out = run(app, db, "rol", "couple", "add", "none", "NONE")
    assert code == 2 and "both cannot" in out
    code, out = run(app, db, "rol", "couple", "add", mine.lower(), "2001140c0")
    assert code == 2 and "already on your couple's list" in out
    code, out = run(app, db, "rol", "couple", "show")
    assert code == 0 and "Sam Partner (N123)" in out and "2002140C0" in out
    code, out = run(app, db, "rol", "couple", "export")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Couple's paired rank order list with Sam Partner (N123)"
    assert lines[1].startswith(f"  1. {mine}") and lines[1].endswith("|  2001140C0")
    assert lines[2] == "  2. No match  |  2002140C0" and lines[3].endswith("|  No match")
    code, out = run(app, db, "rol", "couple", "export", "--csv")
    assert out.splitlines()[0] == "rank,my_code,my_program,partner_code"
    assert out.splitlines()[2] == "2,no match,,2002140C0"
    assert run(app, db, "rol", "couple", "remove", "2")[0] == 0
    assert "2002140C0" not in run(app, db, "rol", "couple", "export")[1]
    assert run(app, db, "rol", "couple", "remove", "7")[0] == 2
    assert run(app, db, "rol", "check")[0] == 0


def test_check_reports_couple_list_problems(app: typer.Typer, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/cli.db"
    rules = tmp_path / "rules.toml"
    rules.write_text("[rol_max_ranks.2025]\nvalue = 1\nsource = 'test'\nchecked = 2025\n", encoding="utf-8")
    run(app, db, "rol", "couple", "add", "1001340C0", "none")
    run(app, db, "rol", "couple", "add", "1002340C0", "none")
    result = runner.invoke(app, ["--db", db, "rol", "check", "--rules", str(rules)])
    assert result.exit_code == 1
    assert "2 pairs on your couple's list" in result.output
    assert "a couple's list holds at most 1 (test" in result.output
    assert "has pairs but no partner" in result.output
