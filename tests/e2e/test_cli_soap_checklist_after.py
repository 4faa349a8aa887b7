"""Issue 14, items 7 and 8 on the command line: `soap checklist` lists the readiness items with due dates from
the dated rules, ticks and unticks them (stored), marks overdue items, and puts them in the calendar file;
`soap after --json` gives the path's steps and the next season's dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matchpilot.cli import common

from support.cli import run, said

AT = ("--now", "2027-02-20T10:00")


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    common.set_database_url(None)
    return url


def test_the_checklist_lists_ticks_and_unticks() -> None:
    code, out, err = run("soap", "checklist", *AT, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["format"] == "matchpilot.soap-checklist/1" and data["year"] == 2027 and data["done"] == 0
    rows = {row["id"]: row for row in data["items"]}
    assert rows["nrmp-registration"]["due"] == "2027-01-18T21:00:00-05:00"
    assert rows["nrmp-registration"]["state"] == "overdue" and "nrmp-registration" in data["overdue"]
    assert rows["phone-ready"]["due"] == "2027-03-14T21:00:00-04:00"  # the day clocks move to daylight time
    assert rows["nrmp-registration"]["eligibility_answer"] == "unknown"

    code, _, err = run("soap", "checklist", *AT, "--tick", "letters", "--tick", "nrmp-registration")
    assert code == 0 and "2 ticked" in said(err)
    code, out, _ = run("soap", "checklist", *AT)
    shown = said(out)
    assert "2 of 15 done" in shown and "OVERDUE" in shown and "DONE Letters of recommendation in place" in shown

    assert run("soap", "checklist", *AT, "--untick", "letters")[0] == 0
    data = json.loads(run("soap", "checklist", *AT, "--json")[1])
    assert [row["id"] for row in data["items"] if row["done"]] == ["nrmp-registration"]


def test_a_bad_item_is_exit_2_naming_it_and_nothing_saved() -> None:
    code, _, err = run("soap", "checklist", *AT, "--tick", "letters", "--tick", "statement-pmrr")
    assert code == 2 and "'statement-pmrr' is not a checklist item" in said(err)
    data = json.loads(run("soap", "checklist", *AT, "--json")[1])
    assert data["done"] == 0


def test_the_calendar_file_holds_the_checklist_as_to_dos(tmp_path: Path) -> None:
    assert run("soap", "checklist", *AT, "--tick", "rehearsal")[0] == 0
    target = tmp_path / "week.ics"
    code, _, err = run("soap", "timeline", "--tz", "UTC", *AT, "--ics", str(target))
    assert code == 0, err
    assert "15 items as to-dos" in said(err)
    raw = target.read_bytes().decode("utf-8")
    assert raw.count("BEGIN:VTODO") == 15
    assert (
        "UID:2027-checklist-rehearsal.match-week@matchpilot\r\nDTSTAMP:20270220T100000Z\r\nDUE:20270309T020000Z" in raw
    )
    done = raw.split("UID:2027-checklist-rehearsal")[1].split("END:VTODO")[0]
    assert "STATUS:COMPLETED" in done


def test_after_soap_json_gives_the_path_and_the_next_season() -> None:
    assert run("demo")[0] == 0
    code, out, err = run("soap", "after", "--json")
    assert code == 0, err
    after = json.loads(out)
    assert after["situation"] == "unmatched" and after["outreach"] == []  # no unfilled list: the path all the same
    titles = [step["title"] for step in after["steps"]]
    assert "Wait until SOAP has ended" in titles and "Give the year a purpose" in titles
    assert after["next_season"]["label"].endswith(f"(Match {after['next_season']['match_year']})")
    code, out, _ = run("soap", "after")
    assert code == 0 and "You do not have a position yet" in said(out) and "Keep a record" in said(out)
