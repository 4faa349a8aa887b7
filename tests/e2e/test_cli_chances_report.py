"""`matchpilot chances report` as a user runs it: nothing to score at first; after `chances` and `pick` showed
the chances and outcomes were recorded, the Brier score against the baseline, the reliability table and the
plain words; what-ifs (`--outcomes FILE`, `--season`) are not kept as predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli import main

runner = CliRunner()

PROFILE_TOML = """
name = "Report Applicant (fictional)"
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
            "code,name,specialty,track,state,visa_j1,img_share",
            *(f"10{i:02d}340C0,Rehab {i} (fictional),PM&R,C,NY,yes,{10 + 7 * i}" for i in range(8)),
        ]
    )
    + "\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(main.app, list(args))
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
    assert run("profile", "load", str(tmp_path / "me.toml"))[0] == 0
    assert run("programs", "import", str(tmp_path / "sheet.csv"))[0] == 0
    return tmp_path


def report() -> dict[str, object]:
    code, out, err = run("chances", "report", "--json")
    assert code == 0, err
    found: dict[str, object] = json.loads(out)
    assert found["format"] == "matchpilot.chances-report/1"
    return found


def test_help_names_the_report() -> None:
    code, out, _ = run("chances", "report", "--help")
    assert code == 0 and "Brier" in out and "--json" in out


def test_nothing_to_score_before_outcomes(loaded: Path) -> None:
    assert run("chances")[0] == 0
    code, out, _ = run("chances", "report")
    assert code == 0 and "No prediction can be scored yet" in out
    assert report()["scored"] == 0


def test_outcomes_after_chances_are_scored(loaded: Path) -> None:
    code, out, _ = run("chances", "--json")
    assert code == 0
    shown = {p["code"]: p["p_interview"]["mid"] for p in json.loads(out)["programs"]}
    for program, word in (("1000340C0", "invited"), ("1001340C0", "rejected"), ("1002340C0", "silent")):
        assert run("outcome", "record", program, word)[0] == 0
    assert run("pick", "--max", "3")[0] == 0  # shown again after the outcomes: the answered ones keep theirs
    found = report()
    assert found["scored"] == 2 and found["invited"] == 1
    expected = ((shown["1000340C0"] - 1) ** 2 + shown["1001340C0"] ** 2) / 2
    assert found["brier"] == pytest.approx(expected, abs=1e-6)
    assert found["baseline"] == {"kind": "your invitation rate as a constant", "rate": 0.5, "brier": 0.25}
    assert found["not_scored"] == {"silent": 1, "never_predicted": []}
    bins = found["reliability"]
    assert isinstance(bins, list) and sum(b["count"] for b in bins) == 2
    assert "too few to draw any conclusion" in str(found["what_it_can_say"])
    code, out, _ = run("chances", "report")
    assert code == 0
    text = " ".join(out.split())
    assert "Brier score" in text and "over 2 outcomes" in text and "Reliability" in text
    assert "1 silent outcome not scored" in text


def test_what_ifs_are_not_kept(loaded: Path) -> None:
    outcomes = loaded / "what-if.csv"
    outcomes.write_text("code,outcome\n1003340C0,invited\n")
    assert run("chances", "--outcomes", str(outcomes))[0] == 0
    assert run("chances", "--season", "2030")[0] == 0
    assert run("outcome", "record", "1004340C0", "rejected")[0] == 0
    found = report()
    assert found["scored"] == 0
    assert found["not_scored"] == {"silent": 0, "never_predicted": ["1004340C0"]}
