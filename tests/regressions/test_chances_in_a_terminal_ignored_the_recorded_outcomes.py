"""Regression: `matchpilot chances` learned only from an --outcomes file and ignored the outcomes recorded with
`matchpilot outcome record`, which My list and `matchpilot pick` learn from — so the terminal and the web app
showed different chances for the same workspace. It also kept the chances shown before refusing an unknown
--signal code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.bootstrap import build_services
from matchpilot.cli import main
from matchpilot.services.predictions import prediction_report

SHEET = """code,name,specialty,track,state,visa_j1,visa_h1b,img_share
1001340C0,Lakeview Rehabilitation Institute (fictional),PM&R,C,NY,yes,no,40
1004140P0,Harbor Prelim Medicine (fictional),Internal Medicine,P,NY,yes,,60
"""
PROFILE = 'name = "Recorded (fictional)"\napplicant_type = "non_us_img"\ngraduation_year = 2021\nvisa_need = "j1"\n'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main.app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    database = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", database)
    (tmp_path / "me.toml").write_text(PROFILE)
    (tmp_path / "sheet.csv").write_text(SHEET)
    assert run("profile", "load", str(tmp_path / "me.toml"))[0] == 0
    assert run("programs", "import", str(tmp_path / "sheet.csv"))[0] == 0
    return database


def test_recorded_outcomes_move_the_chances_in_the_terminal(url: str) -> None:
    assert run("outcome", "record", "1001340C0", "invited", "--on", "2026-10-20")[0] == 0
    code, out, err = run("chances", "--json")
    assert code == 0, err
    data = json.loads(out)
    programs = {p["code"]: p for p in data["programs"]}
    assert programs["1001340C0"]["p_interview"] == {"low": 1.0, "mid": 1.0, "high": 1.0}
    assert data["strength"]["after"]["mean"] > data["strength"]["before"]["mean"]


def test_an_unknown_signal_keeps_nothing(url: str) -> None:
    code, _, err = run("chances", "--signal", "NOPE")
    assert code == 2 and "NOPE" in err
    assert run("outcome", "record", "1001340C0", "invited", "--on", "2026-10-20")[0] == 0
    report = prediction_report(build_services(database_url=url))
    assert report.unpredicted == ("1001340C0",) and not report.scored  # no chance was kept by the failed command
