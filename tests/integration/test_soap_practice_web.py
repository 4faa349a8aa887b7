"""The Practice Match Week page through FastAPI's TestClient: linked from Match Week, the banner, start, the
clock form, the plan, offers with the decision help, answers, bad input shown on the page, and reset; the real
Match Week pages never show practice data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services import soap_practice as practice
from matchpilot.services.demo import load_demo
from matchpilot.web import create_app

from support.web import TestClient

BANNER = "Practice — nothing here touches your real Match Week."


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, Services]]:
    services = build_services(database_url=f"sqlite:///{tmp_path}/w.db", today=lambda: date(2026, 12, 7))
    load_demo(services)
    yield TestClient(create_app(services)), services
    services.database.dispose()


def test_a_practice_from_the_match_week_page_to_an_answered_offer(client: tuple[TestClient, Services]) -> None:
    web, services = client
    home = web.get("/match-week")
    assert 'href="/match-week/practice"' in home.text
    page = web.get("/match-week/practice")
    assert page.status_code == 200 and BANNER in page.text and "Start a practice" in page.text

    started = web.post("/match-week/practice/start", data={"seed": "1"})
    assert started.status_code == 200 and "Practice started" in started.text
    assert "Mon 15 Mar 2027" in started.text and 'id="practice-unfilled"' not in started.text
    assert 'id="list-not-yet"' in started.text
    early = web.post("/match-week/practice/plan", data={"plan": "best-case"})
    assert early.status_code == 400 and "the list of unfilled programs is released" in early.text
    web.post("/match-week/practice/clock", data={"at": "2027-03-15T10:00"})
    sent = web.post("/match-week/practice/plan", data={"plan": "best-case"})
    assert sent.status_code == 200 and "Your practice applications are sent" in sent.text
    count = int(re.search(r"Applications sent in the practice: <strong>(\d+)</strong>", sent.text).group(1))  # type: ignore[union-attr]
    assert count > 0
    assert f"Plan best-case: <strong>{count}</strong>" in sent.text

    answered = False
    for hour in (9, 12, 15, 18):
        moved = web.post("/match-week/practice/clock", data={"at": f"2027-03-18T{hour:02d}:05"})
        assert moved.status_code == 200 and "The clock moved" in moved.text
        assert "Plan worst-case:" not in moved.text  # only the plan just made is summed up, never another one
        codes = re.findall(
            r'name="code" value="([^"]+)">\s*<input type="hidden" name="status" value="accepted"', moved.text
        )
        if codes:
            assert 'id="practice-options"' in moved.text and "Recommendation:" in moved.text
            done = web.post("/match-week/practice/offers", data={"code": codes[0], "status": "accepted"})
            assert "your practice SOAP is over" in done.text
            answered = True
            break
    assert answered
    assert BANNER in web.get("/match-week/practice").text

    real = web.get("/match-week/offers")
    assert "No offer recorded yet." in real.text
    assert "soap-over" not in real.text

    cleared = web.post("/match-week/practice/reset")
    assert "The practice was cleared" in cleared.text and "Start a practice" in cleared.text
    assert practice.practice_record_count(services) == 0


def test_bad_input_is_shown_on_the_page_naming_it(client: tuple[TestClient, Services]) -> None:
    web, _ = client
    bad_seed = web.post("/match-week/practice/start", data={"seed": "seven"})
    assert bad_seed.status_code == 400 and "Seed &#39;seven&#39;" in bad_seed.text
    web.post("/match-week/practice/start", data={})
    outside = web.post("/match-week/practice/clock", data={"at": "2027-04-02T10:00"})
    assert outside.status_code == 400 and "the practice week runs from" in outside.text
    nonsense = web.post("/match-week/practice/clock", data={"at": "noon"})
    assert nonsense.status_code == 400 and "Clock &#39;noon&#39;" in nonsense.text
    empty = web.post("/match-week/practice/clock", data={})
    assert empty.status_code == 400 and "choose a moment" in empty.text
    unknown = web.post("/match-week/practice/offers", data={"code": "NOPE", "status": "accepted"})
    assert unknown.status_code == 400 and "NOPE" in unknown.text


def test_no_practice_page_names_a_terminal_command(client: tuple[TestClient, Services]) -> None:
    web, _ = client
    pages = [web.get("/match-week/practice").text, web.post("/match-week/practice/start", data={"seed": "1"}).text]
    pages.append(web.post("/match-week/practice/clock", data={"at": "2027-03-15T10:00"}).text)
    pages.append(web.post("/match-week/practice/plan", data={}).text)
    for text in pages:
        assert "matchpilot soap" not in text and "--" + "save" not in text and ".py" not in text
