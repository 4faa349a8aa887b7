"""`matchpilot materials` end to end: statements set from a file or standard input and checked with reasons,
experience entries added and checked, letters planned and tracked with advice, and the readiness status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli import common, main

from support.cli import run, said

PMR = (
    "Physiatry is where I belong. During my observership on an inpatient rehabilitation unit I took part in team "
    "rounds and functional assessments, and saw what quality of life means to a patient after a stroke."
)
BRIDGE = "My long-term goal is PM&R, and I value this preliminary year as a strong foundation."
GENERAL = "I want to care for complex, chronically ill patients, and I adapt quickly to new teams."


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "60")
    common.set_database_url(None)
    return url


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_statement_from_standard_input_is_saved_and_its_checks_explained() -> None:
    result = CliRunner().invoke(main.app, ["materials", "statement", "set", "pmr", "-"], input="I like physiatry.")
    assert result.exit_code == 0, result.stderr
    out = said(result.stdout)
    assert "Saved the PM&R statement (core) (17 characters, 3 words)" in out
    assert "todo Tells of your rehabilitation experience" in out
    assert "suggestion: Tell of one rehabilitation experience" in out
    code, out, _ = run("materials", "statement", "show", "pmr")
    assert code == 0 and out.strip() == "I like physiatry."


def test_statement_check_exits_1_until_all_three_pass_and_says_why(tmp_path: Path) -> None:
    run("materials", "statement", "set", "pmr", _file(tmp_path, "pmr.txt", PMR))
    code, out, _ = run("materials", "statement", "check", "--json")
    assert code == 1
    data = json.loads(out)
    assert [s["variant"] for s in data["statements"]] == ["pmr", "prelim", "general"]
    assert data["statements"][0]["review"]["passed"] is True
    assert data["statements"][1]["written"] is False
    run("materials", "statement", "set", "bridge", _file(tmp_path, "b.txt", BRIDGE))
    run("materials", "statement", "set", "general", _file(tmp_path, "g.txt", GENERAL))
    code, out, err = run("materials", "statement", "check")
    assert code == 0, out + err
    assert "every check passes" in said(out)
    code, out, _ = run("materials", "statement", "check", "bridge", "--json")
    goal = json.loads(out)["statements"][0]["review"]["checks"][0]
    assert goal["code"] == "names-pmr-goal" and goal["found"] == [BRIDGE]


def test_bad_statement_input_names_the_problem_and_saves_nothing(tmp_path: Path) -> None:
    code, _, err = run("materials", "statement", "set", "surgery", _file(tmp_path, "s.txt", PMR))
    assert code == 2 and "variant: 'surgery' is not a variant" in said(err)
    code, _, err = run("materials", "statement", "set", "pmr", str(tmp_path / "missing.txt"))
    assert code == 2 and "cannot read the statement" in said(err)
    code, _, err = run("materials", "statement", "set", "pmr", _file(tmp_path, "e.txt", "  \n"))
    assert code == 2 and "text: the statement's text is empty" in said(err)
    code, out, _ = run("materials", "statement", "show", "pmr")
    assert code == 1 and "not written yet" in out


def test_experience_entries_are_added_checked_edited_and_listed(tmp_path: Path) -> None:
    code, out, err = run(
        "materials", "experience", "add", "--title", "Research assistant",
        _file(tmp_path, "r.txt", "I cleaned data for a cardiology trial."),
    )  # fmt: skip
    assert code == 0, err
    assert "Add one or two sentences that connect this experience to PM&R values" in said(out)
    code, out, _ = run("materials", "experience", "check")
    assert code == 1 and "needs work" in out
    code, out, _ = run(
        "materials", "experience", "edit", "1", _file(tmp_path, "r2.txt", "Outcomes on mobility after stroke.")
    )
    assert code == 0
    code, out, _ = run("materials", "experience", "check", "--json")
    data = json.loads(out)
    assert code == 0 and data["passed"] is True
    assert data["experiences"][0]["review"]["values"]["function"] == ["mobility"]
    assert data["experiences"][0]["title"] == "Research assistant"
    code, out, _ = run("materials", "experience", "list")
    assert "Research assistant" in said(out) and "function, disability" in said(out)
    code, _, err = run("materials", "experience", "add", "--title", "", _file(tmp_path, "x.txt", "text"))
    assert code == 2 and "--title: the title is required" in said(err)
    code, _, err = run("materials", "experience", "remove", "7")
    assert code == 2 and "no experience entry number 7" in err


def test_letters_are_planned_tracked_and_advised_by_the_preference_order() -> None:
    code, out, err = run("materials", "letters", "add", "--writer", "Dr. Ana Ruiz", "--specialty", "Neurology")
    assert code == 0, err
    code, out, _ = run("materials", "letters", "list")
    assert "None of your letters is from a PM&R physician." in said(out)
    code, out, err = run("materials", "letters", "set", "1", "--requested", "2025-09-01", "--uploaded", "2025-10-01")
    assert code == 0, err
    code, _, err = run("materials", "letters", "set", "1", "--assigned", "2025-08-01")
    assert code == 2 and "--assigned: the letter is assigned before it was uploaded" in said(err)
    code, _, err = run("materials", "letters", "add", "--writer", "Dr. X", "--specialty", "", "--requested", "May")
    assert code == 2 and "--requested: 'May' is not a date: write it as YYYY-MM-DD" in said(err)
    code, _, err = run("materials", "letters", "add", "--writer", "Dr. X", "--specialty", " ")
    assert code == 2 and "--specialty: the writer's specialty is required" in said(err)
    run("materials", "letters", "add", "--writer", "Dr. Okafor", "--specialty", "PM&R")
    code, out, _ = run("materials", "letters", "list", "--json")
    data = json.loads(out)
    assert [(x["writer"], x["state"], x["preference"]) for x in data["letters"]] == [
        ("Dr. Ana Ruiz", "uploaded", "medicine"),
        ("Dr. Okafor", "planned", "pmr"),
    ]
    assert data["letters"][0]["assigned_on"] is None
    assert "pmr-letter" in [a["code"] for a in data["advice"]]
    code, _, err = run("materials", "letters", "set", "1", "--uploaded", "none")
    assert code == 0, err
    code, out, _ = run("materials", "letters", "list", "--json")
    assert json.loads(out)["letters"][0]["state"] == "requested"


def test_status_says_what_is_ready_and_exits_1_until_everything_is(tmp_path: Path) -> None:
    code, out, _ = run("materials", "status", "--json")
    assert code == 1
    items = {item["key"]: item for item in json.loads(out)["items"]}
    assert set(items) == {
        "statement-pmr", "statement-prelim", "statement-general", "experiences", "letters-uploaded", "letter-pmr",
    }  # fmt: skip
    for variant, text in (("pmr", PMR), ("bridge", BRIDGE), ("general", GENERAL)):
        run("materials", "statement", "set", variant, _file(tmp_path, f"{variant}.txt", text))
    run("materials", "experience", "add", "--title", "Stroke unit", _file(tmp_path, "e.txt", "Team rounds."))
    for writer in ("A", "B", "C"):
        run(
            "materials",
            "letters",
            "add",
            "--writer",
            f"Dr. {writer}",
            "--specialty",
            "PM&R",
            "--uploaded",
            "2025-10-01",
        )
    code, out, _ = run("materials", "status")
    assert code == 0 and "Your materials are ready." in said(out)
