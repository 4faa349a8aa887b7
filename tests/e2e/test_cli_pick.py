"""`matchpilot pick` and `matchpilot outcome` as a user runs them: the list with reasons, limits obeyed,
filtered programs with the slots they would waste, JSON and CSV, outcomes that change the list, exit code 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from matchpilot.cli import main

runner = CliRunner()

PROFILE_TOML = """
name = "Pick Applicant (fictional)"
applicant_type = "non_us_img"
graduation_year = 2021
step2_ck = 240
visa_need = "j1"
usce_months = 4
letters = ["pmr", "pmr"]
targets = ["pmr", "prelim"]
"""

SHEET = (
    "\n".join(
        [
            "code,name,specialty,track,state,visa_j1,visa_h1b,img_share,interest",
            *(f"10{i:02d}340C0,Rehab {i} (fictional),PM&R,C,NY,yes,,{20 + 5 * i},{(i % 5) + 1}" for i in range(10)),
            "1099340C0,H1B Only Rehab (fictional),PM&R,C,NJ,no,yes,50,5",
            *(f"20{i:02d}140P0,Prelim {i} (fictional),Internal Medicine,P,PA,yes,,{40 + 5 * i}," for i in range(4)),
        ]
    )
    + "\n"
)


ROOT = main.app


def run(*args: str, app: typer.Typer | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app or ROOT, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    profile = tmp_path / "me.toml"
    profile.write_text(PROFILE_TOML)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET)
    assert run("profile", "load", str(profile), app=main.app)[0] == 0
    assert run("programs", "import", str(sheet), app=main.app)[0] == 0
    return tmp_path


def pick_json(*args: str) -> dict[str, object]:
    code, out, err = run("pick", "--json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_every_command_has_help() -> None:
    code, out, _ = run("pick", "--help")
    assert code == 0
    for option in ("--max", "--budget", "--min", "--max-in", "--json", "--csv"):
        assert option in out
    for args in (["outcome", "--help"], ["outcome", "record", "--help"], ["outcome", "list", "--help"]):
        code, out, _ = run(*args)
        assert code == 0 and "Usage" in out


def test_the_list_with_reasons_expected_outcome_and_filtered_programs(loaded: Path) -> None:
    code, out, _ = run("pick", "--max", "5")
    assert code == 0
    assert "Your list: 5 programs" in out and "Chosen programs" in out
    assert "Expected outcome" in out and "chance of at least one match" in out
    assert "1 programs a hard filter removes: applying would waste 1 application slots and US$11" in out
    assert "sponsors H-1B only; you need J-1" in out


def test_limits_are_obeyed(loaded: Path) -> None:
    data = pick_json("--max", "6", "--min", "prelim=3", "--max-in", "pmr=2")
    kinds = [c["category"] for c in data["chosen"]]  # type: ignore[union-attr, index]
    assert len(kinds) <= 6 and kinds.count("prelim") >= 3 and kinds.count("pmr") <= 2
    budget = pick_json("--budget", "50")
    assert budget["expected"]["fee_usd"] <= 50 and len(budget["chosen"]) == 4  # type: ignore[index, arg-type]
    assert budget["curve"]["dollars"]  # type: ignore[index]
    assert "1099340C0" not in {c["code"] for c in pick_json("--max", "50")["chosen"]}  # type: ignore[union-attr, index]


def test_csv_has_every_program(loaded: Path) -> None:
    code, out, _ = run("pick", "--max", "3", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 15 and [r["status"] for r in rows[:3]] == ["chosen"] * 3
    filtered = next(r for r in rows if r["code"] == "1099340C0")
    assert filtered["why"] == "filtered" and "J-1" in filtered["reason"]


def test_recording_outcomes_changes_the_list(loaded: Path) -> None:
    before = pick_json("--max", "3")
    outside = next(i["code"] for i in before["left_out"] if i["why"] == "worth-less")  # type: ignore[union-attr, index]
    code, out, _ = run("outcome", "record", outside, "invited", "--on", "2020-01-01")
    assert code == 0 and "Recorded" in out
    after = pick_json("--max", "3")
    assert outside in [c["code"] for c in after["chosen"]]  # type: ignore[union-attr, index]
    code, out, _ = run("outcome", "list")
    assert code == 0 and outside in out and "invited" in out
    assert run("outcome", "clear", outside)[0] == 0
    assert "No outcome recorded" in run("outcome", "list")[1]


def test_bad_input_exits_2_with_a_clear_message(loaded: Path) -> None:
    code, _, err = run("pick", "--min", "surgery=2")
    assert code == 2 and "not a category" in err
    code, _, err = run("pick", "--max", "3", "--min", "prelim=9")
    assert code == 2 and "prelim" in err
    code, _, err = run("outcome", "record", "NOPE", "invited")
    assert code == 2 and "no program with code 'NOPE'" in err
    code, _, err = run("outcome", "record", "1000340C0", "maybe")
    assert code == 2 and "not an outcome" in err
    code, _, err = run("outcome", "record", "1000340C0", "invited", "--on", "soon")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run("pick", "--json", "--csv")
    assert code == 2
