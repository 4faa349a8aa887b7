"""The CLI as a user runs it: profile, programs, demo; exit codes and messages for bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli.main import app

from support.sheets import csv_bytes, sheet_rows

runner = CliRunner()

PROFILE_TOML = """
name = "Demo Applicant (fictional)"
applicant_type = "non_us_img"
graduation_year = 2021
ecfmg_certified = true
step1 = "pass"
step2_ck = 239
visa_need = "j1"
letters = ["pmr", "pmr", "internal_medicine"]
preferred_states = ["NY", "NJ"]
targets = ["pmr", "prelim"]
"""


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "200")
    return url


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_profile_load_and_show(db: str, tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text(PROFILE_TOML)
    code, out, _ = run("profile", "load", str(path))
    assert code == 0 and "Saved" in out
    code, out, _ = run("profile", "show", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["step2_ck"] == 239 and shown["letters"] == ["pmr", "pmr", "internal_medicine"]
    code, out, _ = run("profile", "show")
    assert "step3" in out and "unknown" in out


def test_bad_profile_names_the_key_and_saves_nothing(db: str, tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text(PROFILE_TOML.replace("step2_ck = 239", "step2_ck = 400"))
    code, _, err = run("profile", "load", str(path))
    assert code == 2
    assert "step2_ck" in err and "out of range" in err and "nothing was saved" in err
    code, _, err = run("profile", "show")
    assert code == 1 and "No profile yet" in err


def test_unreadable_profile(db: str, tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text("name = ")
    code, _, err = run("profile", "load", str(path))
    assert code == 2 and "not valid TOML" in err
    code, _, err = run("profile", "load", str(tmp_path / "missing.json"))
    assert code == 2 and "no such file" in err


def test_import_list_filter_export(db: str, tmp_path: Path) -> None:
    header, rows = sheet_rows(40)
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(csv_bytes(header, rows))
    code, out, _ = run("programs", "import", str(sheet))
    assert code == 0 and "40 new" in out
    code, out, _ = run("programs", "list", "--json")
    everything = json.loads(out)
    assert everything["total"] == 40
    code, out, _ = run("programs", "list", "--visa", "j1", "--json")
    j1 = json.loads(out)
    assert 0 < j1["total"] < 40
    assert all(p["visa_j1"] is True for p in j1["programs"])
    code, out, _ = run("programs", "list", "--state", "NY", "--specialty", "PM&R", "--min-img-share", "10", "--json")
    assert all(p["state"] == "NY" and p["img_share"] >= 10 for p in json.loads(out)["programs"])
    code, out, _ = run("programs", "list", "--visa", "j1")
    assert code == 0 and f"{j1['total']} programs" in out
    exported = tmp_path / "out.xlsx"
    code, out, _ = run("programs", "export", str(exported))
    assert code == 0 and exported.exists()
    code, out, _ = run("programs", "import", str(exported))
    assert code == 0 and "40 unchanged" in out


def test_bad_cells_are_listed_and_nothing_is_imported(db: str, tmp_path: Path) -> None:
    header, rows = sheet_rows(6)
    rows[2][8] = "perhaps"  # visa_j1, row 4
    rows[4][10] = "140"  # img_share, row 6
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(csv_bytes([*header, "my own column"], rows))
    code, _, err = run("programs", "import", str(sheet))
    assert code == 2
    assert "nothing was imported" in err
    assert "row 4, column visa_j1" in err and "row 6, column img_share" in err
    assert "my own column" in err  # the warning is listed too
    code, out, _ = run("programs", "list", "--json")
    assert json.loads(out)["total"] == 0


def test_show_a_program_with_its_sources(db: str, tmp_path: Path) -> None:
    header, rows = sheet_rows(3)
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(csv_bytes(header, rows))
    run("programs", "import", str(sheet))
    code, out, _ = run("programs", "show", rows[0][0])
    assert code == 0 and "program website" in out and "2026-09-01" in out
    code, _, err = run("programs", "show", "NOPE")
    assert code == 2 and "no program with code 'NOPE'" in err


def test_bad_options_exit_2(db: str) -> None:
    code, _, err = run("programs", "list", "--visa", "f1")
    assert code == 2 and "--visa" in err
    code, _, err = run("programs", "list", "--track", "x")
    assert code == 2 and "--track" in err


def test_unreachable_database_is_one_clear_message(tmp_path: Path) -> None:
    code, _, err = run("--db", "postgresql+psycopg://u:pw@127.0.0.1:9/x", "programs", "list")
    assert code == 2 and "cannot reach the database" in err and "Traceback" not in err
    code, _, err = run("--db", "mysql://x/y", "programs", "list")
    assert code == 2 and "unsupported database" in err


def test_every_command_has_help() -> None:
    import typer.main

    group = typer.main.get_command(app)

    def walk(command: object, path: list[str]) -> list[tuple[list[str], object]]:
        found = [(path, command)]
        for name, sub in getattr(command, "commands", {}).items():
            found += walk(sub, [*path, name])
        return found

    # words for applicants: no file that does not ship, no code, whole sentences, flags without a value type
    unshipped = re.compile(r"spec/|RULES\.md|DESIGN\.md|seed guide|seeds?/|module docstring|docstring", re.IGNORECASE)
    for path, command in walk(group, []):
        name = f"matchpilot {' '.join(path)}"
        text = (getattr(command, "help", None) or "").strip()
        assert text, f"{name} has no help text"
        assert text.endswith((".", ")")), f"{name}: the help text is not a whole sentence: {text!r}"
        code, out, _ = run(*path, "--help")
        assert code == 0 and "Usage" in out
        assert not unshipped.search(out), f"{name} --help mentions a file that does not ship or code: {out}"
        assert "<bool>" not in out, f"{name} --help shows a flag as if it took a value"


def test_demo_loads_a_fictional_market_once(db: str, tmp_path: Path) -> None:
    code, out, _ = run("demo")
    assert code == 0 and "fictional programs" in out
    code, out, _ = run("programs", "list", "--json")
    programs = json.loads(out)["programs"]
    assert len(programs) > 250
    assert all(p["name"].endswith("(fictional)") for p in programs)
    code, out, _ = run("programs", "list", "--specialty", "PM&R", "--visa", "j1", "--json")
    assert 0 < json.loads(out)["total"] < len(programs)
    code, out, _ = run("profile", "show", "--json")
    assert json.loads(out)["visa_need"] == "j1"
    # --if-empty keeps the user's own sheet
    header, rows = sheet_rows(3)
    sheet = tmp_path / "mine.csv"
    sheet.write_bytes(csv_bytes(header, rows))
    run("programs", "import", str(sheet), "--replace")
    code, out, _ = run("demo", "--if-empty")
    assert code == 0 and "already has 3 programs" in out
    code, out, _ = run("programs", "list", "--json")
    assert json.loads(out)["total"] == 3


def test_serve_refuses_non_loopback_addresses(db: str) -> None:
    code, _, err = run("serve", "--host", "0.0.0.0")
    assert code == 2 and "only listens on this computer" in err and "0.0.0.0" in err


@pytest.mark.parametrize("columns", ["40", "80", "200"])
def test_an_error_is_one_line_at_any_terminal_width(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    deep = tmp_path / ("a-folder-with-a-long-name-" * 4) / "profile.toml"
    deep.parent.mkdir()
    deep.write_text("visa_need = 'sometimes'\nstep2_ck = 999\n", encoding="utf-8")
    code, out, err = run("profile", "load", str(deep))
    assert code == 2
    first = err.splitlines()[0]
    assert str(deep) in first, f"the path was split across lines: {err!r}"
    code, out, _ = run("demo")
    code, out, _ = run("programs", "list")
    rows = [line for line in out.splitlines() if "(fictional)" in line]
    assert rows and all(line.count("│") >= 3 for line in rows), "a table row was folded over several lines"


def test_an_error_says_the_next_step_as_a_command(db: str) -> None:
    code, _, err = run("simulate", "--runs", "10")
    assert code == 2 and "rank order list is empty" in err
    assert "next: add programs with `matchpilot rol add CODE`" in err
    code, _, err = run("chances")
    assert code == 2 and "no profile yet" in err and "matchpilot profile load" in err
