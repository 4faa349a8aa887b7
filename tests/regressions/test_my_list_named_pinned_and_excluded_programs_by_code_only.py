"""My list's "Programs you pinned or excluded" showed codes only ("1008340C0 — pinned"): a new applicant who just
pinned a program by its name could not tell which line was theirs. Each line now names the program (its code as
secondary text) and links to its page; the buttons still name the code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import escape
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.web import create_app

from support.web import TestClient


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Services]:
    built = build_services(database_url=f"sqlite:///{tmp_path}/db/t.db", today=lambda: date(2026, 6, 1))
    load_demo(built)
    yield built
    built.database.dispose()


def test_the_pinned_and_excluded_programs_are_named(demo: Services) -> None:
    client = TestClient(create_app(demo))
    pinned, excluded = demo.list_programs().programs[:2]
    client.post("/picks/choice", data={"code": pinned.code, "choice": "pin", "back": "max=4"})
    client.post("/picks/choice", data={"code": excluded.code, "choice": "exclude", "back": "max=4"})
    page = client.get("/picks?max=4").text
    choices = page.split('id="pick-choices"', 1)[1].split("</section>", 1)[0]
    lines = re.findall(r"<li>(.*?)</li>", choices, flags=re.DOTALL)
    assert len(lines) == 2
    for program, word in ((pinned, "pinned"), (excluded, "excluded")):
        line = next(line for line in lines if program.code in line)
        assert f'<a href="/programs/{program.code}">{escape(program.name)}</a>' in line
        assert f"— {word}:" in line
    assert f'aria-label="Unpin {pinned.code} ({escape(pinned.name)})"' in choices
