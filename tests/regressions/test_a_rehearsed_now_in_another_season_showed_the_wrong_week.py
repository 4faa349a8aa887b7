"""The Match Week page took its season from the app's today, not from the ``now=`` moment it rehearses: with today
in the 2027 season, ``now`` in Match Week 2028 showed the 2027 week (the now line outside it, the 2027 hours).
The week, the eligibility year and the readiness checklist now follow ``now`` when it is given; a ``now`` in a
season the rules data has no week for is refused, naming ``now``."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.services.soap import load_rules
from matchpilot.soap import format_local
from matchpilot.web import create_app

from support.web import TestClient

TODAY = date(2026, 11, 23)  # the 2027 season


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    services: Services = build_services(database_url=f"sqlite:///{tmp_path}/w.db", today=lambda: TODAY)
    load_demo(services)
    yield TestClient(create_app(services))
    services.database.dispose()


def _round_1(year: int, zone: ZoneInfo) -> str:
    schedule = load_rules().rules.match_week(year)
    assert schedule is not None
    event = schedule.round_event(1)
    assert event is not None
    return format_local(event.start.astimezone(zone))


@pytest.mark.parametrize(("moment", "year"), [("2028-03-16T10:00", 2028), ("2026-03-19T10:00", 2026)])
def test_the_week_follows_a_now_in_another_season(client: TestClient, moment: str, year: int) -> None:
    zone = ZoneInfo("America/New_York")
    page = client.get("/match-week", params={"tz": zone.key, "now": moment})
    assert page.status_code == 200, page.text[:500]
    assert _round_1(year, zone) in page.text
    assert _round_1(2027, zone) not in page.text
    assert f"Ready for Match Week {year}: your checklist" in page.text


def test_without_now_the_week_is_that_of_the_apps_today(client: TestClient) -> None:
    zone = ZoneInfo("America/New_York")
    page = client.get("/match-week", params={"tz": zone.key})
    assert page.status_code == 200
    assert _round_1(2027, zone) in page.text


def test_a_now_in_a_season_without_a_week_is_refused_naming_now(client: TestClient) -> None:
    page = client.get("/match-week", params={"now": "2041-03-19T10:00"})
    assert page.status_code == 400
    text = html.unescape(page.text)
    assert "now='2041-03-19T10:00'" in text and "known years" in text
