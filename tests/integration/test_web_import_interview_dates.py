"""Interview dates in the applicant's own tracker become interviews matchpilot knows (issue 15, items 1 and 3):
through the web's mapping step the "Interview date" column is suggested as interview dates, the import records
one interview per dated row in the letters log (past or upcoming), the result says how many, the home page then
shows the thank-you due, and importing the same file again adds no interview. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

from matchpilot.services import Services
from matchpilot.services.letters import letter_log, record_interview
from matchpilot.web import create_app

from support.db import TODAY
from support.web import TestClient

PAST = TODAY - timedelta(days=2)
FUTURE = TODAY + timedelta(days=20)
TRACKER = (
    "Program Name,NRMP Code,Specialty,Track,Interview date\n"
    f"Lakeview Rehabilitation (fictional),1001340C0,PM&R,Categorical,{PAST.isoformat()}\n"
    f"Harbor Rehab (fictional),1002340A0,PM&R,Advanced,{FUTURE.strftime('%m/%d/%Y')}\n"
    "Hillcrest Rehab (fictional),1003340C0,PM&R,Categorical,\n"
)


def mapping_step(client: TestClient, text: str) -> tuple[str, dict[str, str]]:
    """Upload ``text`` on the Import page; the kept upload's id and the mapping form's chosen targets."""
    sent = client.post("/programs/import", files={"file": ("my tracker.csv", text.encode(), "text/csv")})
    page = client.get(sent.headers["location"]) if sent.status_code == 303 else sent
    assert page.status_code == 200, page.text
    upload = re.search(r'name="upload" value="([^"]+)"', page.text)
    assert upload is not None
    chosen = {}
    for field in re.finditer(r'<select id="(map-\d+)"[^>]*>(.*?)</select>', page.text, re.S):
        value = re.search(r'<option value="([^"]*)" selected>', field.group(2))
        chosen[field.group(1)] = value.group(1) if value else ""
    return upload.group(1), chosen


def import_through_mapping(client: TestClient, text: str, *, untick: str | None = None) -> str:
    upload, chosen = mapping_step(client, text)
    if untick is not None:
        chosen[untick] = ""
    done = client.post("/sheet/mapping", data={"upload": upload, "action": "import", **chosen})
    assert done.status_code == 200, done.text
    return done.text


def test_interview_dates_are_recorded_once_and_home_shows_the_thank_you_due(services: Services) -> None:
    client = TestClient(create_app(services))
    _, chosen = mapping_step(client, TRACKER)
    assert chosen["map-4"] == "interview_date"  # suggested, and never checked_on

    done = import_through_mapping(client, TRACKER)
    assert re.search(r'id="import-interviews">2 interviews recorded', done)
    log = letter_log(services)
    assert [(i.program, i.on) for i in log.interviews] == [("1001340C0", PAST), ("1002340A0", FUTURE)]
    assert services.get_program("1001340C0").checked_on is None

    home = client.get("/")
    assert 'href="/compose?kind=thank-you&amp;program=1001340C0"' in home.text
    assert "program=1002340A0" not in home.text  # the upcoming interview has no thank-you due yet

    again = import_through_mapping(client, TRACKER)
    assert "import-interviews" not in again  # nothing new to record
    assert len(letter_log(services).interviews) == 2


def test_an_interview_logged_by_hand_is_not_recorded_twice(services: Services) -> None:
    record_interview(services, "1001340C0", PAST, ["Dr. Rivera (fictional)"], "spinal cord injury rotation")
    client = TestClient(create_app(services))
    done = import_through_mapping(client, TRACKER)
    assert re.search(r'id="import-interviews">1 interview recorded', done)
    interviews = letter_log(services).interviews
    assert [(i.program, i.on) for i in interviews] == [("1001340C0", PAST), ("1002340A0", FUTURE)]
    assert interviews[0].notes == "spinal cord injury rotation"


def test_an_unticked_interview_column_records_nothing(services: Services) -> None:
    client = TestClient(create_app(services))
    done = import_through_mapping(client, TRACKER, untick="map-4")
    assert "Imported 3 programs" in done
    assert "import-interviews" not in done
    assert letter_log(services).interviews == ()


def test_an_unreadable_interview_day_saves_nothing(services: Services) -> None:
    client = TestClient(create_app(services))
    broken = TRACKER.replace(PAST.isoformat(), "next Tuesday")
    upload, chosen = mapping_step(client, broken)
    chosen["map-4"] = "interview_date"  # half its values are not dates, so it is not suggested: the user picks it
    refused = client.post("/sheet/mapping", data={"upload": upload, "action": "import", **chosen})
    assert refused.status_code == 400
    assert "next Tuesday" in refused.text
    assert services.program_count() == 0
    assert letter_log(services).interviews == ()
