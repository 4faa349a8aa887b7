"""Integration fixtures: real databases — a SQLite file always, PostgreSQL when MATCHPILOT_TEST_POSTGRES_URL
is set (``make test`` sets it; in CI its absence is a failure, not a skip). The PostgreSQL schema is shared by the
tests of a session, except for those marked ``every_owner``, which read every owner of the database: they get a
schema of their own, emptied before each (``support.db.emptied_postgres_url``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete

from matchpilot.services import Services
from matchpilot.storage.tables import owners

from support.db import emptied_postgres_url, make_services, postgres_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db')}/matchpilot.db"
    if request.node.get_closest_marker("every_owner"):
        return emptied_postgres_url()
    return postgres_url()


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    made = make_services(database_url)
    yield made
    with made.database.engine.begin() as connection:
        connection.execute(delete(owners).where(owners.c.id == made.owner_id))
    made.database.dispose()
