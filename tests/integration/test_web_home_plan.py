"""The home page says what to do now (issue 15, item 3), from the date and the workspace, each step a link to
the page that does it, and never a terminal command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.services.home import home_plan
from matchpilot.services.letters import record_interview
from matchpilot.web import create_app

from support.web import TestClient


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path


def services_on(folder: Path, today: date, *, demo: bool) -> Services:
    services = build_services(database_url=f"sqlite:///{folder}/{today.isoformat()}.db", today=lambda: today)
    if demo:
        load_demo(services)
    return services


def steps_of(page: str) -> list[tuple[str, str]]:
    """The (address, words) of each step's link on the home page."""
    items = re.findall(r'<li class="next-step[^"]*" data-step="[^"]+">\s*<a href="([^"]+)">([^<]+)</a>', page)
    return [(address.replace("&amp;", "&"), words) for address, words in items]


def test_an_empty_workspace_in_october_links_to_import_and_the_profile(folder: Path) -> None:
    services = services_on(folder, date(2026, 10, 15), demo=False)
    page = TestClient(create_app(services)).get("/").text
    assert "Now: Interviews" in page
    assert steps_of(page) == [("/programs/import", "Bring in your program sheet"), ("/profile", "Fill in your profile")]
    assert "2027-03-03" in page  # the certification deadline of the packaged rules for Match 2027
    assert not re.search(r"matchpilot (programs|profile|demo|rol|letters|pick|soap|next|serve)\b|`", page)


def test_a_thank_you_due_links_to_the_letter_for_that_program(folder: Path) -> None:
    services = services_on(folder, date(2026, 11, 23), demo=True)
    code = services.list_programs().programs[0].code
    record_interview(services, code, date(2026, 11, 21), ["Dr. Rivera (fictional)"], "")
    page = TestClient(create_app(services)).get("/").text
    first_address, first_words = steps_of(page)[0]
    assert first_address == f"/compose?kind=thank-you&program={code}"
    assert first_words.startswith("Send a thank-you to ")
    assert home_plan(services).steps[0].due == date(2026, 11, 24)


def test_late_february_asks_to_certify_the_demo_rank_list(folder: Path) -> None:
    services = services_on(folder, date(2027, 2, 26), demo=True)
    page = TestClient(create_app(services)).get("/").text
    assert "Now: Ranking" in page
    assert steps_of(page)[0] == ("/rank-list#certify", "Certify your rank order list")
    client = TestClient(create_app(services))
    refused = client.post("/rank-list/certify", data={"on": "2027-02-30"})
    assert refused.status_code == 400 and 'aria-describedby="certify-on-error"' in refused.text
    assert client.post("/rank-list/certify", data={"on": "2027-02-25"}).status_code == 200
    assert "certify" not in [step.key for step in home_plan(services).steps]
    assert ("/sheet/clear-demo", "Clear the fictional demo data when you start on your own") in steps_of(page)
    edits = [address for address, _ in steps_of(page) if address.endswith("/edit")]
    assert edits and all(address.startswith("/programs/") for address in edits)
