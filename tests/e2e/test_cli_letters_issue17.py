"""``matchpilot letters`` for issue 17: ``new intent`` refuses a second letter of intent in a season until the
first is withdrawn, ``new visa-inquiry`` says when the sheet already answers it, drafts carry the AAMC ID (a
placeholder, noted, while the profile lacks it), ``letters mentor`` drafts a mentor's letter of support, and
``lint --context`` reads the sheet for ``already-answered``."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from support.cli import run

RECENT = (date.today() - timedelta(days=10)).isoformat()  # the CLI reads the real clock: a recent check
PROFILE = 'name = "Amina Yusuf (fictional)"\napplicant_type = "non_us_img"\nvisa_need = "j1"\n'
SHEET = (
    "code,name,specialty,track,visa_j1,visa_h1b,source,checked_on\n"
    f"1001340C0,Alder Rehabilitation (fictional),PM&R,categorical,yes,no,program website,{RECENT}\n"
    "1002340C0,Birch Rehabilitation (fictional),PM&R,categorical,,,,\n"
)
INTENT = "Dear Dr. Rivera,\n\nYour program is my first choice, and I will rank it first.\n\nAmina\n"


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", f"sqlite:///{tmp_path}/l17.db")
    monkeypatch.setenv("COLUMNS", "60")
    (tmp_path / "me.toml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "sheet.csv").write_text(SHEET, encoding="utf-8")
    assert run("profile", "load", str(tmp_path / "me.toml"))[0] == 0
    assert run("programs", "import", str(tmp_path / "sheet.csv"))[0] == 0


def test_a_second_letter_of_intent_is_refused_until_the_first_is_withdrawn(tmp_path: Path) -> None:
    sent = tmp_path / "intent.txt"
    sent.write_text(INTENT, encoding="utf-8")
    assert run("letters", "log", "add-message", str(sent), "--program", "1001340C0", "--kind", "intent")[0] == 0
    notes = "highlight: close mentorship; goal: stroke rehabilitation"
    code, out, err = run("letters", "new", "intent", "--program", "1002340C0", "--interview-notes", notes)
    assert (
        code == 2 and out == "" and "1001340C0" in " ".join(err.split()) and "one program only" in " ".join(err.split())
    )
    assert run("letters", "new", "intent", "--program", "1001340C0", "--interview-notes", notes)[0] == 0
    withdrawal = tmp_path / "withdrawal.txt"
    withdrawal.write_text(
        "Dear Dr. Rivera,\n\nMy plans have changed since my last letter.\n\nAmina\n", encoding="utf-8"
    )
    assert (
        run("letters", "log", "add-message", str(withdrawal), "--program", "1001340C0", "--kind", "withdrawal")[0] == 0
    )
    code, out, _ = run("letters", "new", "intent", "--program", "1002340C0", "--interview-notes", notes)
    assert code == 0 and "first choice" in out


def test_the_visa_inquiry_says_when_the_sheet_answers_and_carries_a_noted_placeholder() -> None:
    code, out, err = run(
        "letters", "new", "visa-inquiry", "--program", "1001340C0", "--interview-notes", "highlight: SCI unit"
    )
    said = " ".join(err.split())
    assert code == 0 and "already answers this" in said and "J-1 sponsored: yes" in said and "FREIDA" in said
    assert "could not find" not in out.lower() and "AAMC ID [AAMC ID]" in out and "AAMC ID to your profile" in said
    code, out, err = run(
        "letters", "new", "visa-inquiry", "--program", "1002340C0", "--interview-notes", "highlight: SCI unit"
    )
    assert code == 0 and "already answers" not in " ".join(err.split())


def test_letters_mentor_drafts_a_letter_that_passes_the_mentor_rules(tmp_path: Path) -> None:
    args = ["letters", "mentor", "--program", "1001340C0", "--mentor", "Dr. Ngozi Umeh", "--to", "Ana Rivera, MD"]
    code, _, err = run(*args)
    assert code == 2 and "mentor_role" in err and "mentor_strengths" in err
    more = [
        "--role",
        "Professor of Neurology (fictional)",
        "--worked",
        "supervised her observership",
        "--strengths",
        "care for patients after stroke with skill",
        "-o",
        str(tmp_path / "m.txt"),
    ]
    assert run(*args, *more)[0] == 0
    text = (tmp_path / "m.txt").read_text(encoding="utf-8")
    assert "Dear Dr. Rivera," in text and text.endswith("Dr. Ngozi Umeh\n")
    assert run("letters", "lint", "--from", "mentor", str(tmp_path / "m.txt"))[0] == 0


def test_lint_with_a_context_sheet_warns_on_an_answered_visa_question(tmp_path: Path) -> None:
    message = tmp_path / "visa.txt"
    message.write_text("Dear Coordinator,\n\nDo you sponsor J-1 visas?\n\nAmina\n", encoding="utf-8")
    context = {
        "today": "2026-11-25",
        "drafts": {"visa.txt": {"program": "X1", "kind": "visa-inquiry"}},
        "sheet": [{"program": "X1", "visa_j1": True, "source": "FREIDA", "checked_on": "2026-10-01"}],
    }
    (tmp_path / "ctx.json").write_text(json.dumps(context), encoding="utf-8")
    code, out, _ = run("letters", "lint", str(message), "--context", str(tmp_path / "ctx.json"), "--json")
    assert code == 0 and [f["rule"] for f in json.loads(out)["files"][0]["findings"]] == ["already-answered"]
