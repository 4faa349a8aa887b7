"""Logging an interview or a reply from the program page (no JavaScript): it lands in the program's timeline;
a bad entry is refused with the reason next to the form and nothing is saved."""

from __future__ import annotations

from datetime import date

from matchpilot.services import Services
from matchpilot.services import letters as service
from matchpilot.web import create_app

from support.web import TestClient, demo_fixture

TODAY = date(2026, 11, 23)


demo = demo_fixture(TODAY)


def first_code(services: Services) -> str:
    return services.list_programs().programs[0].code


def test_an_interview_logged_on_the_program_page_shows_in_its_timeline(demo: Services) -> None:
    client = TestClient(create_app(demo), base_url="http://127.0.0.1:8000")
    code = first_code(demo)
    page = client.get(f"/programs/{code}")
    assert 'action="/programs/' in page.text and "Log an interview or a reply" in page.text
    answer = client.post(
        f"/programs/{code}/log",
        data={
            "what": "interview",
            "on": "2026-11-10",
            "interviewers": "Dr. Ana Rivera (fictional), Dr. Lee",
            "text": "SCI unit",
        },
    )
    assert answer.status_code == 200
    assert "The interview was added to the log." in answer.text
    assert "Dr. Ana Rivera (fictional)" in answer.text
    (interview,) = service.letter_log(demo, code).interviews
    assert interview.interviewers == ("Dr. Ana Rivera (fictional)", "Dr. Lee")


def test_an_empty_reply_is_refused_with_the_reason_and_nothing_is_saved(demo: Services) -> None:
    client = TestClient(create_app(demo), base_url="http://127.0.0.1:8000")
    code = first_code(demo)
    answer = client.post(f"/programs/{code}/log", data={"what": "reply", "on": "2026-11-10", "text": "  "})
    assert answer.status_code == 200 and "the reply is empty" in answer.text and 'role="alert"' in answer.text
    answer = client.post(f"/programs/{code}/log", data={"what": "reply", "on": "10/11/2026", "text": "Thanks!"})
    assert "is not a date" in answer.text
    assert service.letter_log(demo, code).replies == ()


def test_a_program_not_in_the_sheet_is_404(demo: Services) -> None:
    client = TestClient(create_app(demo), base_url="http://127.0.0.1:8000")
    answer = client.post("/programs/NOPE/log", data={"what": "reply", "on": "2026-11-10", "text": "Hello"})
    assert answer.status_code == 404
    assert service.letter_log(demo, "NOPE").replies == ()
