"""The Write page's "Before you write" warnings (a thank-you due, a letter out of season) named each program by its
code only ("1021140P2 Thank-you due ..."). Each now names the program, links to writing to it, and keeps the code
as secondary text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from html import escape
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services import letters as service
from matchpilot.services.demo import load_demo
from matchpilot.web import create_app

from support.web import TestClient

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Services]:
    built = build_services(database_url=f"sqlite:///{tmp_path}/db/t.db", today=lambda: TODAY)
    load_demo(built)
    yield built
    built.database.dispose()


def test_the_warnings_name_the_program(demo: Services) -> None:
    program = demo.list_programs().programs[3]
    service.record_interview(demo, program.code, TODAY - timedelta(days=1), ["Dr. Li"], "EMG training")
    page = TestClient(create_app(demo)).get("/compose").text
    season = page.split('id="season-warnings"', 1)[1].split("</section>", 1)[0]
    line = next(line for line in season.split("<li>") if program.code in line)
    assert f'<a href="/compose?program={program.code}">{escape(program.name)}</a>' in line
    assert f'<span class="code">{program.code}</span>' in line and "Thank-you due" in line
    assert f"<code>{program.code}</code>" not in season
