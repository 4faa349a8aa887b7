"""Databases and services for tests: a SQLite file always, PostgreSQL when configured."""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest

from matchpilot.bootstrap import Settings, build_services
from matchpilot.services import Services

TODAY = date(2026, 11, 23)


def postgres_url() -> str:
    url = os.environ.get("MATCHPILOT_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("MATCHPILOT_TEST_POSTGRES_URL is not set in CI; run the tests through `make test`")
        pytest.skip("PostgreSQL not configured: set MATCHPILOT_TEST_POSTGRES_URL (make test does)")
    return url


def make_services(url: str, owner: str | None = None) -> Services:
    owner = owner or f"test-{uuid.uuid4().hex[:12]}"
    return build_services(Settings(owner=owner), database_url=url, today=lambda: TODAY)
