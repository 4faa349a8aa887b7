"""`matchpilot soap practice` end to end (issue 14 item 6): start a practice, make and send the plan, move the
clock round by round, see offers arrive and expire, decide, accept; the real workspace stays as it was; reset
clears the practice. Refusals exit 2 with a message naming the bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matchpilot.cli import common

from support.cli import run, said

# 2027 rounds: Thursday 18 March, 09, 12, 15 and 18 h Eastern Time, two hours each: (start, last minute, end)
ROUNDS = [
    (f"2027-03-18T{h:02d}:01", f"2027-03-18T{h + 1:02d}:59", f"2027-03-18T{h + 2:02d}:00") for h in (9, 12, 15, 18)
]


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    common.set_database_url(None)
    return url


def status() -> dict[str, object]:
    code, out, err = run("soap", "practice", "status", "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_a_practice_week_from_monday_to_an_acceptance_leaves_the_real_week_alone() -> None:
    assert run("demo")[0] == 0
    assert run("soap", "unfilled", "demo")[0] == 0
    real_before = run("soap", "applications", "list", "--json")[1]

    code, out, err = run("soap", "practice", "start", "--seed", "1", "--year", "2027")
    assert code == 0, err
    assert "Practice — nothing here touches your real Match Week" in said(err)
    assert "Mon 15 Mar 2027, 09:00" in said(out)
    code, out, err = run("soap", "practice", "plan", "--plan", "best-case", "--save")
    assert code == 2 and "the list of unfilled programs is released" in said(err)
    assert run("soap", "practice", "clock", "2027-03-15T10:00")[0] == 0
    code, out, err = run("soap", "practice", "plan", "--plan", "best-case", "--save")
    assert code == 0, err
    assert "Sent" in said(out)
    planned = json.loads(run("soap", "practice", "plan", "--plan", "best-case", "--json")[1])["applications"]
    assert status()["applications"] == len(planned) > 0

    accepted = None
    for start, last, _ in ROUNDS:
        code, out, err = run("soap", "practice", "clock", start)
        assert code == 0, err
        offers = [o for o in status()["offers"] if o["status"] == "open"]  # type: ignore[union-attr]
        if offers:
            code, out, err = run("soap", "practice", "decide", "--json")
            assert code == 0, err
            decision = json.loads(out)
            assert decision["practice"] is True and decision["recommended"]
            accepted = offers[0]["code"]
            code, out, err = run("soap", "practice", "accept", str(accepted))
            assert code == 0, err
            break
        code, out, err = run("soap", "practice", "clock", last)
        assert code == 0, err
    assert accepted is not None, "seed 1 brings an offer"
    assert status()["accepted"] == accepted

    assert run("soap", "applications", "list", "--json")[1] == real_before
    code, out, err = run("soap", "offer", "list", "--now", "2027-03-18T19:00", "--tz", "America/New_York")
    assert code == 0 and "No offer recorded yet." in said(out)

    code, out, err = run("soap", "practice", "reset")
    assert code == 0 and "Your real Match Week was not touched" in said(out)
    code, out, err = run("soap", "practice", "status")
    assert code == 2 and "no practice under way" in said(err)


def test_the_clock_refuses_a_moment_outside_the_week_or_back_in_time() -> None:
    assert run("demo")[0] == 0
    assert run("soap", "practice", "start", "--year", "2027")[0] == 0
    code, _, err = run("soap", "practice", "clock", "2027-04-01T10:00")
    assert code == 2 and "the practice week runs from" in said(err)
    code, _, err = run("soap", "practice", "clock", "Thursday")
    assert code == 2 and "clock 'Thursday'" in said(err)
    assert run("soap", "practice", "clock", "2027-03-18T12:30")[0] == 0
    code, _, err = run("soap", "practice", "clock", "2027-03-16T10:00")
    assert code == 2 and "moves forward only" in said(err)


def test_an_offer_expires_at_its_rounds_end_and_cannot_be_accepted() -> None:
    assert run("demo")[0] == 0
    assert run("soap", "practice", "start", "--seed", "1", "--year", "2027")[0] == 0
    assert run("soap", "practice", "clock", "2027-03-15T10:00")[0] == 0
    assert run("soap", "practice", "plan", "--plan", "best-case", "--save")[0] == 0
    ends = ""
    for start, _, end in ROUNDS:
        assert run("soap", "practice", "clock", start)[0] == 0
        offers = [o for o in status()["offers"] if o["status"] == "open"]  # type: ignore[union-attr]
        if offers:
            ends = end
            break
    assert offers and ends
    assert run("soap", "practice", "clock", ends)[0] == 0
    assert all(o["status"] == "expired" for o in status()["offers"] if o["code"] == offers[0]["code"])  # type: ignore[union-attr]
    code, _, err = run("soap", "practice", "accept", str(offers[0]["code"]))
    assert code == 2 and "expired" in said(err)
