"""Migrations create exactly the schema the code expects, on every supported database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from matchpilot.services import Services
from matchpilot.storage.tables import metadata


def test_migrations_match_the_tables(services: Services) -> None:
    with services.database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_migrating_twice_is_harmless(services: Services) -> None:
    services.database.migrate()
    assert {"owners", "profiles", "programs", "alembic_version"} <= set(services.database.table_names())
