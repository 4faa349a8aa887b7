"""`matchpilot chances` as a user runs it: ranges and reasons, filtered programs with the way out, JSON,
user weights, learning from an outcomes file, and exit code 2 with a clear message for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from matchpilot.cli import main

runner = CliRunner()

PROFILE_TOML = """
name = "Chances Applicant (fictional)"
applicant_type = "non_us_img"
graduation_year = 2021
step2_ck = 239
step3 = "none"
visa_need = "j1"
usce_months = 5
usce_pmr_months = 2
research_items = 4
pmr_research_items = 1
letters = ["pmr", "pmr", "internal_medicine"]
preferred_states = ["NY"]
targets = ["pmr", "prelim"]
"""

SHEET = """code,name,specialty,track,state,visa_j1,visa_h1b,img_share,min_step2,max_years_since_graduation
1001340C0,Lakeview Rehabilitation Institute (fictional),PM&R,C,NY,yes,no,40,220,
1002340C0,Unknown Visa Rehab (fictional),PM&R,C,PA,,,,,
1003340C0,H1B Only Rehab (fictional),PM&R,C,NJ,no,yes,50,,
1004140P0,Harbor Prelim Medicine (fictional),Internal Medicine,P,NY,yes,,60,,
1005999T0,Hilltop Transitional (fictional),Transitional Year,T,PA,yes,,30,,
1006340A0,Old Grads Rehab (fictional),PM&R,A,PA,yes,,30,,3
"""


ROOT = main.app


def run(*args: str, app: typer.Typer | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app or ROOT, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "250")
    return url


@pytest.fixture
def loaded(db: str, tmp_path: Path) -> Path:
    profile = tmp_path / "me.toml"
    profile.write_text(PROFILE_TOML)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET)
    assert run("profile", "load", str(profile), app=main.app)[0] == 0
    assert run("programs", "import", str(sheet), app=main.app)[0] == 0
    return tmp_path


def chances_json(*args: str) -> dict[str, object]:
    code, out, err = run("chances", "--json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def by_code(data: dict[str, object]) -> dict[str, dict[str, object]]:
    return {p["code"]: p for p in data["programs"]}  # type: ignore[index, union-attr]


def test_every_command_has_help() -> None:
    for args in (["chances", "--help"], ["chances", "weights", "--help"]):
        code, out, _ = run(*args)
        assert code == 0 and "Usage" in out
    code, out, _ = run("chances", "--help")
    for option in ("--program", "--json", "--weights", "--outcomes", "--signal", "--season"):
        assert option in out


def test_table_shows_ranges_reasons_and_filtered_programs_with_the_way_out(loaded: Path) -> None:
    code, out, _ = run("chances", "--season", "2026")
    assert code == 0
    assert "programs you can apply to" in out and "1001340C0" in out and "middle" in out
    assert "filtered out" in out
    assert "sponsors H-1B only; you need J-1" in out and "j1_or_h1b" in out
    assert "a transitional year" in out and 'Add "transitional" to targets' in out
    assert "takes graduates of the last 3 years" in out
    assert "assumption" in out


def test_json_has_intervals_factors_and_unknowns(loaded: Path) -> None:
    data = chances_json("--season", "2026")
    assert data["format"] == "matchpilot.chances/1" and data["season_year"] == 2026
    programs = by_code(data)
    assert set(programs) == {"1001340C0", "1002340C0", "1003340C0", "1004140P0", "1005999T0", "1006340A0"}
    for program in programs.values():
        p = program["p_interview"]
        assert 0 <= p["low"] <= p["mid"] <= p["high"] <= 1  # type: ignore[index]
    assert {f["code"] for f in programs["1003340C0"]["filters"]} == {"visa-not-sponsored"}  # type: ignore[union-attr, index]
    unknown = programs["1002340C0"]
    assert not unknown["filtered"]
    visa = next(f for f in unknown["factors"] if f["key"] == "visa")  # type: ignore[union-attr, index]
    assert visa["unknown"] and visa["explanation"].startswith("unknown: ask the program")
    width = lambda p: p["p_interview"]["high"] - p["p_interview"]["low"]  # noqa: E731
    assert width(unknown) > width(programs["1001340C0"])


def test_one_program_in_detail(loaded: Path) -> None:
    code, out, _ = run("chances", "--program", "1003340C0")
    assert code == 0 and "Filtered:" in out and "How to change it" in out
    code, out, _ = run("chances", "--program", "1001340C0", "--signal", "1001340C0")
    assert code == 0 and "Program signal" in out and "Step 2 CK" in out and "PM&R letters" in out
    data = chances_json("--program", "1001340C0")
    assert [p["code"] for p in data["programs"]] == ["1001340C0"]  # type: ignore[union-attr, index]


def test_a_signal_raises_the_chance(loaded: Path) -> None:
    plain = by_code(chances_json())["1001340C0"]["p_interview"]["mid"]  # type: ignore[index]
    signalled = by_code(chances_json("--signal", "1001340C0,1004140P0"))["1001340C0"]["p_interview"]["mid"]  # type: ignore[index]
    assert signalled > plain


def test_outcomes_update_the_outlook_and_explain_why(loaded: Path) -> None:
    outcomes = loaded / "outcomes.csv"
    outcomes.write_text(
        "code,outcome,date\n1001340C0,invited,2026-10-20\n1004140P0,invited,2026-10-22\nNOPE,rejected,\n"
    )
    code, out, err = run("chances", "--outcomes", str(outcomes))
    assert code == 0
    assert "How your outlook changed" in out and "moved up" in out
    assert "NOPE" in err and "no program with this code" in err
    data = chances_json("--outcomes", str(outcomes))
    strength = data["strength"]
    assert strength["after"]["mean"] > strength["before"]["mean"]  # type: ignore[index]
    assert by_code(data)["1001340C0"]["p_interview"] == {"low": 1.0, "mid": 1.0, "high": 1.0}
    assert data["change"]["evidence"]  # type: ignore[index]


def test_user_weights_change_the_estimate_and_bad_ones_name_the_key(loaded: Path) -> None:
    mine = loaded / "weights.toml"
    code, out, _ = run("chances", "weights", "--out", str(mine))
    assert code == 0 and mine.read_text().startswith("# matchpilot")
    code, _, err = run("chances", "weights", "--out", str(mine))
    assert code == 2 and "already exists" in err
    mine.write_text("[signal]\nsent = 3.0\n")
    code, out, _ = run("chances", "weights", "--check", str(mine))
    assert code == 0 and "no errors" in out
    stronger = by_code(chances_json("--weights", str(mine), "--signal", "1001340C0"))["1001340C0"]
    default = by_code(chances_json("--signal", "1001340C0"))["1001340C0"]
    assert stronger["p_interview"]["mid"] > default["p_interview"]["mid"]  # type: ignore[index]
    mine.write_text("[signal]\nsent = -1\nsend = 2\n")
    code, _, err = run("chances", "--weights", str(mine))
    assert code == 2 and "signal.sent" in err and "signal.send" in err and "out of range" in err
    code, _, err = run("chances", "weights", "--check", str(mine))
    assert code == 2 and "signal.sent" in err


def test_printing_the_default_weights(db: str) -> None:
    code, out, _ = run("chances", "weights")
    assert code == 0 and "assumption" in out and "[intercept]" in out


def test_bad_input_exits_2_with_a_message(loaded: Path) -> None:
    code, _, err = run("chances", "--program", "NOPE")
    assert code == 2 and "no program with code 'NOPE'" in err
    code, _, err = run("chances", "--signal", "NOPE")
    assert code == 2 and "NOPE" in err
    code, _, err = run("chances", "--weights", str(loaded / "missing.toml"))
    assert code == 2 and "no such file" in err
    code, _, err = run("chances", "--season", "3000")
    assert code == 2 and "--season" in err
    bad = loaded / "outcomes.csv"
    bad.write_text("code,outcome\n1001340C0,maybe\n")
    code, _, err = run("chances", "--outcomes", str(bad))
    assert code == 2 and "row 2, column outcome" in err


def test_no_profile_yet(db: str) -> None:
    code, _, err = run("chances")
    assert code == 2 and "no profile yet" in err
