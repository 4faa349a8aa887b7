"""Opening Practice Match Week (GET) created the practice workspace's owner in the database: a page that only
shows must change nothing. The owner is now made by *Start a practice* (POST), and *Clear the practice* before
any start makes nothing either."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.storage import practice_owner_name
from matchpilot.storage.tables import owners
from matchpilot.web import create_app

from support.web import TestClient


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, Services]]:
    services = build_services(database_url=f"sqlite:///{tmp_path}/w.db", today=lambda: date(2026, 12, 7))
    load_demo(services)
    yield TestClient(create_app(services)), services
    services.database.dispose()


def _owners(services: Services) -> set[str]:
    with services.database.engine.connect() as connection:
        return {str(name) for (name,) in connection.execute(select(owners.c.name))}


def test_opening_the_practice_page_writes_nothing(client: tuple[TestClient, Services]) -> None:
    web, services = client
    before = _owners(services)
    for path in ("/match-week", "/match-week/practice", "/match-week/offers"):
        assert web.get(path).status_code == 200, path
    cleared = web.post("/match-week/practice/reset")
    assert cleared.status_code == 200 and "The practice was cleared" in cleared.text
    assert _owners(services) == before
    assert practice_owner_name(services.owner_id) not in before

    started = web.post("/match-week/practice/start", data={"seed": "3"})
    assert started.status_code == 200 and "Practice started" in started.text
    assert _owners(services) == before | {practice_owner_name(services.owner_id)}
