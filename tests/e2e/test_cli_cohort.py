"""`matchpilot chances cohort` as a user runs it: share or stop sharing one's outcomes, see what the pool holds
(never below 5 applicants), and `matchpilot chances` saying how much of the chances comes from the cohort."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import Settings, build_services
from matchpilot.services.chances import chances_for
from matchpilot.services.cohort import set_consent
from matchpilot.services.picks import record_outcome
from matchpilot.services.predictions import keep_shown

from support.cli import run, said
from support.sheets import img_profile

PROFILE = img_profile("CLI Cohort Applicant (fictional)", "pmr", "prelim")
SHEET = "\n".join(
    [
        "code,name,specialty,track,visa_j1,img_share",
        *(f"40{i:02d}340C0,CLI Cohort Rehab {i} (fictional),PM&R,categorical,yes,{10 + 6 * i}" for i in range(4)),
    ]
)
STRICT = "4001340C0"


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "60")
    for name in ("local", *(f"member{i}" for i in range(5))):
        made = build_services(Settings(owner=name), database_url=url, today=lambda: date(2026, 10, 1))
        assert made.save_profile(PROFILE).ok
        assert made.import_programs_bytes((SHEET + "\n").encode(), "sheet.csv").ok
        if name != "local":
            keep_shown(made, chances_for(made))
            record_outcome(made, STRICT, "rejected", date(2026, 10, 1))
        made.database.dispose()
    return url


def _member(url: str, i: int) -> None:
    made = build_services(Settings(owner=f"member{i}"), database_url=url)
    set_consent(made, True)
    made.database.dispose()


def test_sharing_is_asked_stored_and_revocable(server: str) -> None:
    code, out, _ = run("chances", "cohort")
    assert code == 0
    assert "You do not share your recorded outcomes" in said(out)
    assert "Fewer than 5 applicants on this server share their outcomes yet" in said(out)
    code, out, _ = run("chances", "cohort", "--consent", "yes")
    assert code == 0 and "You share your recorded outcomes" in said(out)
    document = json.loads(run("chances", "cohort", "--json")[1])
    assert document["format"] == "matchpilot.chances-cohort/1"
    assert document["consent"] is True and document["applicants"] is None, "no count below 5 applicants"
    code, out, _ = run("chances", "cohort", "--consent", "no")
    assert code == 0 and "You do not share" in said(out)
    code, _, err = run("chances", "cohort", "--consent", "perhaps")
    assert code == 2 and "'perhaps'" in said(err) and "yes or no" in said(err)


def test_chances_say_how_much_comes_from_the_cohort(server: str) -> None:
    code, out, _ = run("chances")
    assert code == 0 and "Applicants on this server" not in said(out)
    for i in range(5):
        _member(server, i)
    code, out, _ = run("chances")
    assert code == 0
    assert "Applicants on this server: 1 of your programs include a term" in said(out)
    assert "5 applicants who share them" in said(out)
    data = json.loads(run("chances", "--json")[1])
    cohort = data["cohort"]
    assert cohort["applicants"] == 5 and [p["code"] for p in cohort["programs"]] == [STRICT]
    assert cohort["programs"][0]["shift"] < 0
    strict = next(p for p in data["programs"] if p["code"] == STRICT)
    factor = next(f for f in strict["factors"] if f["key"] == "cohort")
    assert factor["contribution"] == cohort["programs"][0]["shift"] and "less often" in factor["explanation"]
    status = json.loads(run("chances", "cohort", "--json")[1])
    assert (status["applicants"], status["outcomes"], status["programs"]) == (5, 5, 1)
