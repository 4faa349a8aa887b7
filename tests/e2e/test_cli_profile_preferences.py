"""Issue 16 item 6 in the terminal: the profile file holds up to three Census divisions and a setting; `pick`
says why each program's worth is what it is; a fourth division exits 2 naming the key and saves nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli.main import app

runner = CliRunner()

PROFILE_TOML = """
name = "Prefs Applicant (fictional)"
applicant_type = "non_us_img"
step2_ck = 240
visa_need = "j1"
targets = ["pmr"]
preferred_divisions = ["new england", "Pacific"]
preferred_setting = "suburban"
preferred_program_types = ["university"]
"""

SHEET = (
    "code,name,specialty,track,state,visa_j1,program_type,interest\n"
    "1001340C0,Harbor Rehab (fictional),PM&R,C,MA,yes,university,\n"
    "1002340C0,Plains Rehab (fictional),PM&R,C,KS,yes,community,\n"
    "1003340C0,Bay Rehab (fictional),PM&R,C,CA,yes,community,2\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    (tmp_path / "me.toml").write_text(PROFILE_TOML)
    (tmp_path / "sheet.csv").write_text(SHEET)
    code, _, err = run("profile", "load", str(tmp_path / "me.toml"))
    assert code == 0, err
    assert run("programs", "import", str(tmp_path / "sheet.csv"))[0] == 0
    return tmp_path


def test_the_profile_keeps_divisions_and_setting(loaded: Path) -> None:
    code, out, _ = run("profile", "show", "--json")
    shown = json.loads(out)
    assert code == 0
    assert shown["preferred_divisions"] == ["New England", "Pacific"]
    assert shown["preferred_setting"] == "suburban" and shown["preferred_program_types"] == ["university"]


def test_pick_says_why_each_worth_is_what_it_is(loaded: Path) -> None:
    code, out, err = run("pick", "--json", "--max", "3")
    assert code == 0, err
    chosen = {c["code"]: c for c in json.loads(out)["chosen"]}
    harbor, plains, bay = chosen["1001340C0"], chosen["1002340C0"], chosen["1003340C0"]
    assert harbor["utility"] == 4.5
    assert (
        "worth 4.5 of 5: the default for pmr is 3; +1 because it is in your preferred division, New England; "
        "+0.5 because it is a university program, as you prefer"
    ) in harbor["reasons"]
    assert (
        plains["utility"] == 3.0 and "no interest given: counted as 3 of 5 (the default for pmr)" in plains["reasons"]
    )
    assert bay["utility"] == 2.0 and "your interest 2 of 5" in bay["reasons"]  # an interest overrides the division
    code, text, _ = run("pick", "--max", "3", "--csv")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}
    assert code == 0 and rows["1001340C0"]["utility"] == "4.5"
    assert "+1 because it is in your preferred division, New England" in rows["1001340C0"]["reason"]
    code, text, _ = run("pick", "--max", "3")
    assert code == 0 and "Chosen programs" in text


def test_a_fourth_division_exits_2_naming_the_key_and_saves_nothing(loaded: Path) -> None:
    bad = loaded / "bad.toml"
    bad.write_text(
        PROFILE_TOML.replace('["new england", "Pacific"]', '["New England", "Pacific", "Mountain", "Atlantis"]')
    )
    code, _, err = run("profile", "load", str(bad))
    flat = " ".join(err.split())
    assert code == 2 and "preferred_divisions" in flat and "'Atlantis' is not a US Census division" in flat
    bad.write_text(
        PROFILE_TOML.replace('["new england", "Pacific"]', '["New England", "Pacific", "Mountain", "Mid-Atlantic"]')
    )
    code, _, err = run("profile", "load", str(bad))
    flat = " ".join(err.split())
    assert code == 2 and "preferred_divisions" in flat and "at most 3" in flat and "nothing was saved" in flat
    assert json.loads(run("profile", "show", "--json")[1])["preferred_divisions"] == ["New England", "Pacific"]
