"""`matchpilot soap` for Match Week as a user runs it: documents, plans, the unfilled list, the plan (text,
JSON, CSV), offers and the decision, the simulator, after SOAP and the cheat sheet; exit code 2 and a message
naming the problem for bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli import common, main

runner = CliRunner()

BAD_LIST = "code,name,specialty,track,positions,state\n7001340C0,Rehab (fictional),PM&R,sideways,2,NY\n"


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    common.set_database_url(None)
    return url


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(main.app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def said(text: str) -> str:
    """What a person reads, with Rich's wrapping and table borders undone."""
    return " ".join(text.replace("│", " ").replace("┃", " ").split())


@pytest.fixture
def demo_week() -> None:
    assert run("demo")[0] == 0
    code, out, err = run("soap", "unfilled", "demo")
    assert code == 0, err
    assert "Imported a fictional unfilled list" in out


def test_the_worst_case_plan_as_json(demo_week: None) -> None:
    code, out, err = run("soap", "plan", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["format"] == "matchpilot.soap-plan/1" and data["plan"] == "worst-case"
    assert data["limit"] == 45 and data["visa_need"] == "j1"
    assert 0 < len(data["applications"]) <= 45
    assert all(a["visa"] in ("yes", "unknown") for a in data["applications"])
    assert all(a["personal_statement"] in ("pmr", "prelim", "general") for a in data["applications"])
    assert all(1 <= len(a["letters"]) <= 4 for a in data["applications"])
    reasons = [x["reason"] for x in data["excluded"]]
    assert "does not sponsor J-1" in reasons


def test_the_plan_as_a_table_and_a_csv(demo_week: None, tmp_path: Path) -> None:
    target = tmp_path / "apply.csv"
    code, out, err = run("soap", "plan", "--plan", "worst-case", "--csv", str(target))
    assert code == 0, err
    shown = said(out)
    assert "Plan worst-case" in shown and "Excluded" in shown and "SOAP cap: 45 applications" in shown
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert rows and {row["visa"] for row in rows} <= {"yes", "unknown"}


def test_bounds_that_cannot_be_met_are_targets_the_plan_says_it_missed(demo_week: None) -> None:
    # issue 14: "category pmr needs at least 20 applications but has only 12 candidates" was an error (exit 2)
    code, out, err = run("soap", "plan", "--plan", "best-case")
    assert code == 0, err
    shown = said(out)
    assert "Target not met: at least 20 PM&R applications, but the list has only" in shown
    assert "Instead of the" in shown and "the slots went to" in shown


def test_plans_and_documents_are_stored_and_listed(tmp_path: Path) -> None:
    code, out, err = run("soap", "plans", "add", "mine", "--pmr", "20-25", "--prelim", "10-15", "--default")
    assert code == 0, err
    assert "Stored plan mine (pmr 20-25, prelim 10-15) — the default" in said(out)
    code, out, _ = run("soap", "plans", "list", "--json")
    assert json.loads(out) == [
        {
            "name": "mine",
            "default": True,
            "max_applications": None,
            "bounds": {"pmr": [20, 25], "prelim": [10, 15]},
            "note": "",
        }
    ]
    statement = tmp_path / "ps.txt"
    statement.write_text("My PM&R statement (fictional).", encoding="utf-8")
    assert (
        run("soap", "documents", "add", "statement", "pmr", "--title", "PM&R SOAP PS", "--file", str(statement))[0] == 0
    )
    assert run("soap", "documents", "add", "letter", "letter-pmr-1", "--writer", "Dr. A", "--specialty", "PM&R")[0] == 0
    assert run("soap", "documents", "assign", "prelim", "--statement", "prelim", "--letter", "letter-pmr-1")[0] == 0
    code, out, _ = run("soap", "documents", "list", "--json")
    data = json.loads(out)
    assert data["statements"][0]["text"] == "My PM&R statement (fictional)."
    assert {"target": "prelim", "statement": "prelim", "letters": ["letter-pmr-1"]} in data["rule"]
    code, out, _ = run("soap", "documents", "list")
    assert "prelim (missing)" in said(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["soap", "plans", "add", "x", "--pmr", "25-20"], "--pmr '25-20': the upper end 20 is below the lower end 25"),
        (["soap", "plans", "add", "x", "--pmr", "40+", "--prelim", "10"], "the minimums add up to 50"),
        (["soap", "documents", "add", "statement", "Bad Key", "--title", "t", "--text", "x"], "is not a key"),
        (["soap", "plan"], "no profile yet"),
        (["soap", "offer", "record", "X", "--round", "1"], "no program with code 'X' on your unfilled list"),
        (["soap", "simulate", "--variant", "four:45"], "write ROUNDS:CAP"),
        (["soap", "cheatsheet", "--reason", "only one"], "the cheat sheet cannot be stored"),
    ],
)
def test_bad_input_exits_2_naming_the_problem(args: list[str], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in said(err)


def test_a_bad_unfilled_list_names_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(BAD_LIST, encoding="utf-8")
    code, _, err = run("soap", "unfilled", "import", str(path))
    assert code == 2
    shown = said(err)
    assert "nothing was saved" in shown and "row 2, column track: 'sideways' is not a track" in shown


def test_an_offer_is_weighed_and_acceptance_ends_soap(demo_week: None) -> None:
    plan = json.loads(run("soap", "plan", "--json", "--save")[1])  # the applications sent
    first, second = plan["applications"][0]["code"], plan["applications"][5]["code"]
    at = ["--tz", "America/New_York", "--now"]  # round 2 of 2027 is Thursday 18 March, 12:00-14:00 EDT
    code, out, err = run(
        "soap", "offer", "record", first, "--round", "2", "--deadline", "2027-03-18T14:00", *at, "2027-03-18T12:10"
    )
    assert code == 0, err
    code, out, err = run("soap", "offer", "decide", "--now", "2027-03-18T12:30", "--tz", "America/New_York", "--json")
    assert code == 0, err
    decision = json.loads(out)
    assert decision["round"] == 2 and decision["rounds"] == 4
    assert [o["code"] for o in decision["options"]] == [first, None]
    best = max(decision["options"], key=lambda o: o["value"])
    assert decision["recommended"] == (best["code"] or "wait")
    assert "binding" in decision["reminder"] and "ends your SOAP" in decision["reminder"]
    code, out, _ = run("soap", "offer", "decide", "--now", "2027-03-18T12:30", "--tz", "America/New_York")
    assert "Recommendation:" in said(out) and "Acceptance is binding" in said(out)
    assert run("soap", "offer", "set", first, "accepted", *at, "2027-03-18T12:40")[0] == 0
    code, _, err = run("soap", "offer", "record", second, "--round", "3", *at, "2027-03-18T15:10")
    assert code == 2 and "binding and ends your SOAP" in said(err)
    code, out, _ = run("soap", "after", "--json")
    after = json.loads(out)
    assert first not in {p["code"] for p in after["programs"]} and after["advice"]


def test_the_simulator_compares_rules() -> None:
    code, out, err = run("soap", "simulate", "--seed", "3", "--variant", "3:45", "--variant", "4:45")
    assert code == 0, err
    shown = said(out)
    assert "Simulated SOAP market (fictional, seed 3)" in shown and "not NRMP data" in shown


def test_the_cheat_sheet_is_saved_and_printed(tmp_path: Path) -> None:
    args = ["soap", "cheatsheet"]
    for flag, items in (("--reason", "abc"), ("--quality", "def"), ("--story", "gh")):
        for item in items:
            args += [flag, f"{item} (fictional)"]
    code, out, err = run(*args)
    assert code == 0, err
    assert "Three core reasons I chose PM&R" in out and "  3. c (fictional)" in out
    page = tmp_path / "sheet.txt"
    assert run("soap", "cheatsheet", "-o", str(page))[0] == 0
    assert "Questions to rehearse" in page.read_text(encoding="utf-8")


def test_every_match_week_command_has_help() -> None:
    for path in (
        ["documents"],
        ["documents", "add", "statement"],
        ["documents", "add", "letter"],
        ["documents", "list"],
        ["documents", "assign"],
        ["documents", "remove"],
        ["plans", "add"],
        ["plans", "list"],
        ["plans", "remove"],
        ["unfilled", "import"],
        ["unfilled", "demo"],
        ["unfilled", "show"],
        ["plan"],
        ["offer", "record"],
        ["offer", "set"],
        ["offer", "list"],
        ["offer", "decide"],
        ["simulate"],
        ["after"],
        ["cheatsheet"],
    ):
        code, out, _ = run("soap", *path, "--help")
        assert code == 0 and len(said(out)) > 60, path
