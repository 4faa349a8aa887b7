"""Issue 14, items 3 and 8 on the command line: `soap offer worths` shows and sets what each kind of position is
worth to you, the decision help uses it; `soap facts` stores what eligibility cannot know, and until then
eligibility asks instead of assuming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matchpilot.cli import common

from support.cli import run, said


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    common.set_database_url(None)
    return url


def test_worths_are_shown_set_and_used_by_the_decision_help() -> None:
    code, out, err = run("soap", "offer", "worths", "--json")
    assert code == 0, err
    rows = {r["kind"]: r for r in json.loads(out)["worths"]}
    assert set(rows) == {
        "pmr-categorical",
        "pmr-advanced-with-pgy1",
        "pmr-advanced-without-pgy1",
        "preliminary",
        "transitional",
        "other",
    }
    assert not any(r["set_by_you"] for r in rows.values())
    code, out, err = run("soap", "offer", "worths", "--set", "preliminary=3.5", "--set", "other=0")
    assert code == 0, err
    shown = said(out)
    assert "yours" in shown and "reapplying" in shown and "visa" in shown
    rows = {r["kind"]: r for r in json.loads(run("soap", "offer", "worths", "--json")[1])["worths"]}
    assert rows["preliminary"] == {**rows["preliminary"], "worth": 3.5, "set_by_you": True}
    assert rows["other"]["worth"] == 0


@pytest.mark.parametrize(
    ("item", "named"),
    [("preliminary=9", "Preliminary year (PGY-1): '9'"), ("fellowship=2", "'fellowship'"), ("other", "KIND=N")],
)
def test_a_bad_worth_is_exit_2_and_nothing_saved(item: str, named: str) -> None:
    code, _, err = run("soap", "offer", "worths", "--set", "transitional=4", "--set", item)
    assert code == 2 and named in said(err)
    rows = json.loads(run("soap", "offer", "worths", "--json")[1])["worths"]
    assert not any(r["set_by_you"] for r in rows)


def test_eligibility_asks_until_told_and_remembers_the_answer() -> None:
    code, out, _ = run("soap", "eligibility", "--ecfmg", "--year", "2027")
    shown = said(out)
    assert code == 0 and "cannot tell yet" in shown
    assert "Tell matchpilot whether you are registered for the Main Residency Match" in shown
    assert "matchpilot soap facts --set registered=yes|no" in shown
    code, out, err = run("soap", "facts", "--set", "registered=no")
    assert code == 0, err
    assert "Registered for the Main Residency Match: no" in said(out)
    code, out, _ = run("soap", "eligibility", "--ecfmg", "--json", "--year", "2027")
    data = json.loads(out)
    assert data["verdict"] == "not_eligible"
    code, out, _ = run("soap", "facts", "--set", "registered=yes", "--set", "status=partial-advanced", "--json")
    assert json.loads(out) == {"registered": "yes", "ecfmg": "unknown", "status": "partial-advanced"}
    data = json.loads(run("soap", "eligibility", "--ecfmg", "--json", "--year", "2027")[1])
    assert data["verdict"] == "eligible_complementary_only"


def test_a_bad_fact_is_exit_2_naming_it() -> None:
    code, _, err = run("soap", "facts", "--set", "registered=perhaps")
    assert code == 2 and "registered: 'perhaps'" in said(err)
    code, _, err = run("soap", "facts", "--set", "visa=yes")
    assert code == 2 and "visa" in said(err)


def test_the_decision_help_weighs_an_offer_on_your_worth_for_its_kind() -> None:
    assert run("demo")[0] == 0
    assert run("soap", "unfilled", "demo")[0] == 0
    plan = json.loads(run("soap", "plan", "--json", "--save")[1])
    prelim = next(a for a in plan["applications"] if a["track"] in ("preliminary", "transitional"))
    at = ["--tz", "America/New_York", "--now"]  # round 1 of 2027: Thursday 18 March, 09:00-11:00 EDT
    code, _, err = run("soap", "offer", "record", prelim["code"], "--round", "1", *at, "2027-03-18T09:10")
    assert code == 0, err
    kind = "transitional" if prelim["track"] == "transitional" else "preliminary"
    assert run("soap", "offer", "worths", "--set", f"{kind}=4.5")[0] == 0
    code, out, err = run("soap", "offer", "decide", *at, "2027-03-18T09:30", "--json")
    assert code == 0, err
    data = json.loads(out)
    offer = next(o for o in data["offers"] if o["code"] == prelim["code"])
    assert offer["kind"] == kind and offer["worth"] == 4.5
    option = next(o for o in data["options"] if o["code"] == prelim["code"])
    assert option["value"] == 4.5 and "you rate this kind 4.5 of 5" in option["why"]
    code, out, _ = run("soap", "offer", "decide", *at, "2027-03-18T09:30")
    shown = said(out)
    assert "dynamic programming" not in shown and shown.count("Acceptance is binding") == 1
