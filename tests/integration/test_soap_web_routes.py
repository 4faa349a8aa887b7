"""The Match Week pages through FastAPI's TestClient: what an applicant sees on each page."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services import soap_week as week
from matchpilot.services.demo import load_demo
from matchpilot.web import create_app

from support.web import TestClient


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, Services]]:
    services = build_services(database_url=f"sqlite:///{tmp_path}/w.db", today=lambda: date(2026, 6, 1))
    load_demo(services)
    yield TestClient(create_app(services)), services
    services.database.dispose()


def test_the_overview_shows_eligibility_countdown_and_the_timeline(client: tuple[TestClient, Services]) -> None:
    web, services = client
    week.set_facts(services, {"registered": "yes"})  # told, never assumed (issue 14, item 8)
    page = web.get("/match-week?tz=Asia/Kolkata&now=2027-03-18T19:30:00%2B05:30")  # round 1: Thursday (issue 14)
    assert page.status_code == 200
    assert 'aria-current="page">Match Week' in page.text
    assert "Eligible for SOAP" in page.text
    assert "SOAP offer round 1 is open until" in page.text
    assert '<svg class="timeline"' in page.text and 'class="now-line"' in page.text
    assert "IST" in page.text  # times in the applicant's zone
    assert page.text.count("<tr") >= 10  # the table of events under the chart


def test_a_bad_time_zone_is_named_next_to_its_field(client: tuple[TestClient, Services]) -> None:
    web, _ = client
    page = web.get("/match-week?tz=Mars/Olympus")
    assert page.status_code == 200 and 'id="tz-error"' in page.text and "Mars/Olympus" in page.text


def test_a_bad_unfilled_list_names_the_rows_and_keeps_the_old_one(client: tuple[TestClient, Services]) -> None:
    web, _ = client
    web.post("/match-week/unfilled/demo")
    bad = b"code,name,specialty,track,positions,state\n7003340C0,,PM&R,categorical,many,NY\n"
    page = web.post("/match-week/unfilled", files={"file": ("list.csv", bad, "text/csv")})
    assert page.status_code == 400
    assert "row 2, column positions" in page.text and "nothing was saved" in page.text
    assert "The list imported before is kept" in page.text


def test_the_plan_page_and_its_csv_export(client: tuple[TestClient, Services]) -> None:
    web, _ = client
    assert web.get("/match-week/plan").status_code == 400  # no unfilled list yet: says what to do
    web.post("/match-week/unfilled/demo")
    page = web.get("/match-week/plan?plan=worst-case")
    assert page.status_code == 200
    count = int(re.search(r'id="application-count"[^>]*><strong>(\d+)</strong>', page.text).group(1))  # type: ignore[union-attr]
    assert 0 < count <= 45
    assert 'data-visa="no"' not in page.text
    export = web.get("/match-week/plan.csv?plan=worst-case")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert len(rows) == count and all(row["visa"] != "no" for row in rows)
    # issue 14: a plan's minimums are targets; best-case (20+ PM&R) on a list with fewer is made, and says so
    short = web.get("/match-week/plan?plan=best-case")
    assert short.status_code == 200 and 'id="plan-targets"' in short.text
    assert "Target not met: at least 20 PM&amp;R applications" in short.text and "the slots went to" in short.text
    partial = web.get("/match-week/plan?plan=worst-case&status=partial-advanced")
    assert partial.status_code == 200 and "do not complete your match" in partial.text


def test_recording_an_offer_shows_the_recommendation(client: tuple[TestClient, Services]) -> None:
    web, _ = client
    web.post("/match-week/unfilled/demo")
    web.post("/match-week/applications/from-plan", data={"plan": "worst-case", "status": "unmatched"})
    at = {"tz": "America/New_York", "now": "2027-03-18T09:30"}  # round 1 of 2027: Thursday 09:00-11:00 EDT
    page = web.get("/match-week/offers", params=at)
    code = re.search(r'<option value="(\w+)">', page.text).group(1)  # type: ignore[union-attr]
    missing = web.post("/match-week/offers", data={"code": "", "round": "1", **at})
    assert missing.status_code == 400 and 'id="code-error"' in missing.text
    unknown = web.post("/match-week/offers", data={"code": "9999999C0", "round": "1", **at})
    assert unknown.status_code == 404 and 'id="code-error"' in unknown.text  # not on the list: shown by the field
    done = web.post(
        "/match-week/offers",
        data={"code": code, "round": "1", "deadline": "2027-03-18T11:00", **at},
    )
    assert done.status_code == 200 and "Recorded the offer" in done.text
    assert 'id="recommendation"' in done.text and "Acceptance is binding" in done.text
    again = web.post("/match-week/offers", data={"code": code, "round": "2", **at, "now": "2027-03-18T12:30"})
    assert again.status_code == 400 and "at most one offer" in again.text
    accepted = web.post("/match-week/offers/status", data={"code": code, "status": "accepted", **at})
    assert accepted.status_code == 200 and "SOAP is over for you" in accepted.text


def test_the_cheat_sheet_prints(client: tuple[TestClient, Services]) -> None:
    web, _ = client
    page = web.get("/match-week/cheatsheet")
    assert page.status_code == 200 and "Three core reasons I chose PM&amp;R" in page.text
    assert '<link rel="stylesheet" href="/static/soap.css">' in page.text  # a file: no inline style (CSP)
    assert "@media print" in web.get("/static/soap.css").text


def test_an_expired_offer_cannot_be_accepted_on_the_page_and_an_acceptance_shows_everywhere(
    client: tuple[TestClient, Services],
) -> None:
    web, _ = client
    web.post("/match-week/unfilled/demo")
    saved = web.post("/match-week/applications/from-plan", data={"plan": "worst-case", "status": "unmatched"})
    assert saved.status_code == 200 and 'id="applications-saved"' in saved.text
    round_1 = {"tz": "America/New_York", "now": "2027-03-18T09:30"}
    page = web.get("/match-week/offers", params=round_1)
    first, second = re.findall(r'<option value="(\w+)">', page.text)[:2]
    assert web.post("/match-week/offers", data={"code": first, "round": "1", **round_1}).status_code == 200
    round_2 = {**round_1, "now": "2027-03-18T12:30"}
    late = web.post("/match-week/offers/status", data={"code": first, "status": "accepted", **round_2})
    assert late.status_code == 409 and "expired" in late.text and "11:00 EDT" in late.text
    assert web.post("/match-week/offers", data={"code": second, "round": "2", **round_2}).status_code == 200
    accepted = web.post("/match-week/offers/status", data={"code": second, "status": "accepted", **round_2})
    assert accepted.status_code == 200
    for path in ("/match-week", "/match-week/plan", "/match-week/offers", "/match-week/applications"):
        shown = web.get(path)
        assert 'id="soap-over"' in shown.text and "Your SOAP is over" in shown.text, path
    refused = web.post("/match-week/offers", data={"code": first, "round": "2", **round_2})
    assert refused.status_code == 409 and "binding" in refused.text


def test_an_offer_from_a_program_not_applied_to_is_refused_on_the_page(client: tuple[TestClient, Services]) -> None:
    web, _ = client
    web.post("/match-week/unfilled/demo")
    unfilled = web.get("/match-week/applications")
    code = re.search(r'<option value="(\w+)">', unfilled.text).group(1)  # type: ignore[union-attr]
    refused = web.post(
        "/match-week/offers", data={"code": code, "round": "1", "tz": "America/New_York", "now": "2027-03-18T09:30"}
    )
    assert refused.status_code == 400 and "you did not apply to this program" in refused.text
    bad = web.post("/match-week/applications", data={"codes": "NOPE0000"})
    assert bad.status_code == 404 and "code NOPE0000" in bad.text and "nothing was saved" in bad.text


FOREIGN_LIST = (
    "Program Code,Program Name,Specialty,Track,Positions Available,State,Contact\n"
    "7001340C0,Brookside Rehabilitation (fictional),PM&R,Categorical,2,NY,x\n"
    "7002140P0,Clearwater Medicine (fictional),Internal Medicine,Preliminary,3,New Jersey,\n"
)


def test_an_uploaded_list_with_its_own_column_names_goes_through_the_mapping_step(
    client: tuple[TestClient, Services],
) -> None:
    web, services = client
    files = {"file": ("unfilled.csv", FOREIGN_LIST.encode(), "text/csv")}
    page = web.post("/match-week/unfilled", files=files)
    assert page.status_code == 200 and 'id="unfilled-mapping-form"' in page.text
    assert 'id="unfilled-preview-table"' in page.text and "was “New Jersey”" in page.text
    content = re.search(r'name="content" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    form = {"filename": "unfilled.csv", "content": content, "action": "import"}
    form |= {f"map-{i}": t for i, t in enumerate(["code", "name", "specialty", "track", "positions", "state", ""])}
    both = {**form, "map-6": "state"}  # a list column chosen twice
    refused = web.post("/match-week/unfilled/mapping", data=both)
    assert refused.status_code == 400 and "state is already read from State" in refused.text
    assert week.stored_unfilled(services)[0] == ()
    done = web.post("/match-week/unfilled/mapping", data=form)
    assert done.status_code == 200 and "/match-week" in str(done.url)
    assert [p.code for p in week.stored_unfilled(services)[0]] == ["7001340C0", "7002140P0"]


def test_the_recorded_offer_is_named_by_its_program(client: tuple[TestClient, Services]) -> None:
    """Issue 15: "Recorded the offer of 1273140P0" named a code; the notice now names the program, code beside."""
    web, _ = client
    web.post("/match-week/unfilled/demo")
    web.post("/match-week/applications/from-plan", data={"plan": "worst-case", "status": "unmatched"})
    at = {"tz": "America/New_York", "now": "2027-03-18T09:30"}
    page = web.get("/match-week/offers", params=at)
    code, label = re.search(r'<option value="(\w+)">([^<]+) \(\1\)</option>', page.text).groups()  # type: ignore[union-attr]
    done = web.post("/match-week/offers", data={"code": code, "round": "1", "deadline": "2027-03-18T11:00", **at})
    notice = done.text.split('id="offer-saved"', 1)[1].split("</div>", 1)[0]
    assert f"Recorded the offer of {label} <span" in notice and code in notice
