"""From the day after Match Day 2027 the Match Week page asked for the 2028 week, which the rules data did not
hold: the page was an error ("no Match Week schedule for 2028"). 2028 is now in the rules data, projected: the
page shows its timeline, every hour marked projected, in the user's zone."""

from __future__ import annotations

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


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    services: Services = build_services(database_url=f"sqlite:///{tmp_path}/w.db", today=lambda: date(2027, 4, 2))
    load_demo(services)
    yield TestClient(create_app(services))
    services.database.dispose()


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata"])
def test_the_page_shows_the_projected_2028_week(client: TestClient, zone: str) -> None:
    page = client.get("/match-week", params={"tz": zone, "now": "2027-04-02T10:00"})
    assert page.status_code == 200, page.text[:500]
    schedule = load_rules().rules.match_week(2028)
    assert schedule is not None
    round_1 = schedule.round_event(1)
    assert round_1 is not None
    assert format_local(round_1.start.astimezone(ZoneInfo(zone))) in page.text
    assert "<strong>Projected</strong> (no official page confirms it for 2028)" in page.text
    assert "Ready for Match Week 2028: your checklist" in page.text
