"""Databases and services for tests: a SQLite file always, PostgreSQL when configured.

PostgreSQL tests run in a schema of their own, created for this test session and dropped after it, so a run
never meets tables or migrations left by another run (a developer's newer branch, an earlier session).
"""

from __future__ import annotations

import atexit
import os
import uuid
from datetime import date
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from matchpilot.bootstrap import Settings, build_services
from matchpilot.services import Services
from matchpilot.storage.database import Database
from matchpilot.storage.tables import metadata

TODAY = date(2026, 11, 23)

_session_url: dict[str, str] = {}


def _base_url() -> str:
    """MATCHPILOT_TEST_POSTGRES_URL (skip when not configured; fail in CI)."""
    base = os.environ.get("MATCHPILOT_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("MATCHPILOT_TEST_POSTGRES_URL is not set in CI; run the tests through `make test`")
        pytest.skip("PostgreSQL not configured: set MATCHPILOT_TEST_POSTGRES_URL (make test does)")
    return base


def _new_schema(base: str) -> str:
    """The URL of a new schema, dropped when the session's process exits."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()

    def drop() -> None:
        engine = create_engine(base)
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()

    atexit.register(drop)
    separator = "&" if "?" in base else "?"
    # synchronous_commit off, for this session's connections only: a commit returns before its WAL record reaches
    # the disk (the data are the same; only a crash of the server could lose the last commits, and the test data
    # are thrown away). Each commit otherwise waits for a disk flush, which made PostgreSQL tests 3-4x slower.
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    return f"{base}{separator}options={quote(options)}"


def postgres_url() -> str:
    """The URL of a fresh PostgreSQL schema for this test session (skip when not configured; fail in CI)."""
    if "url" not in _session_url:
        _session_url["url"] = _new_schema(_base_url())
    return _session_url["url"]


def emptied_postgres_url() -> str:
    """The URL of a second PostgreSQL schema of this test session, emptied of every row before each use: for the
    tests that read every owner of the database (an all-owner backup and its restore).

    In the session's shared schema (``postgres_url``) such a test reads, and restores, what every earlier test of
    the session left there, so its cost grew with its place in the run (an all-owner backup took 15 s late in a
    full run, 1 s early). Here it meets only the owners it made. Made and migrated on first use.
    """
    if "emptied" not in _session_url:
        _session_url["emptied"] = _new_schema(_base_url())
        database = Database(_session_url["emptied"])
        database.migrate()
        database.dispose()
    engine = create_engine(_session_url["emptied"])
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()
    return _session_url["emptied"]


def make_services(url: str, owner: str | None = None) -> Services:
    """Services for a new owner (unique name unless given), migrated, with today fixed to ``TODAY``."""
    owner = owner or f"test-{uuid.uuid4().hex[:12]}"
    return build_services(Settings(owner=owner), database_url=url, today=lambda: TODAY)
