"""The home page says what to do now, in real headless Chromium (issue 15, item 3): the stage of the season,
the next dates and the steps, each a link that leads to the page doing it; axe-core finds no violation.

Runs its own app (demo data, one interview two days ago) so the shared demo app stays untouched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.services.letters import record_interview

from support.axe import axe_violations, describe
from support.web import BROWSER_WAIT_MS, serving

pytestmark = pytest.mark.browser

TODAY = date(2026, 11, 23)


@dataclass(frozen=True)
class HomeApp:
    url: str
    services: Services


@pytest.fixture(scope="module")
def home_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HomeApp]:
    folder = tmp_path_factory.mktemp("home-web")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: TODAY)
    load_demo(services)
    record_interview(services, services.list_programs().programs[0].code, date(2026, 11, 21), [], "")
    with serving(services, "matchpilot-home-web") as url:
        yield HomeApp(url, services)


@pytest.fixture
def tab(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    context.set_default_timeout(BROWSER_WAIT_MS)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def test_the_home_page_leads_to_the_thank_you_due_and_has_no_accessibility_violation(
    tab: Page, home_app: HomeApp
) -> None:
    program = home_app.services.list_programs().programs[0]
    tab.goto(f"{home_app.url}/")
    expect(tab.get_by_role("heading", name="Now: Interviews")).to_be_visible()
    steps = tab.locator("#plan ol li")
    expect(steps.first).to_contain_text(f"Send a thank-you to {program.name}")
    expect(steps.first).to_contain_text("by 2026-11-24")
    expect(tab.locator("#plan")).to_contain_text("Rank order list certification deadline")
    violations = axe_violations(tab)
    assert not violations, describe(violations)
    steps.first.get_by_role("link").click()
    expect(tab.get_by_role("heading", name="Write to a program", level=1)).to_be_visible()
    assert f"program={program.code}" in tab.url and "kind=thank-you" in tab.url


def test_a_step_to_check_visa_facts_opens_the_edit_form_and_the_rank_list_records_certification(
    tab: Page, home_app: HomeApp
) -> None:
    tab.goto(f"{home_app.url}/")
    tab.locator("li[data-step=unknown-visa-program] a").first.click()
    expect(tab.get_by_role("heading", name="Edit facts", exact=True)).to_be_visible()
    tab.goto(f"{home_app.url}/rank-list#certify")
    tab.get_by_label("Day certified (YYYY-MM-DD; today if blank)").fill("next week")
    tab.get_by_role("button", name="Record the day I certified").click()
    expect(tab.locator("#certify-errors")).to_be_focused()
    violations = axe_violations(tab)
    assert not violations, describe(violations)


SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "home.png"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_home_page_screenshot_shows_the_stage_and_the_steps(chromium: Browser, home_app: HomeApp) -> None:
    """The README's picture of the home page (written when MATCHPILOT_UPDATE_SCREENSHOTS=1), on a laptop screen."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"{home_app.url}/")
        expect(page.get_by_role("heading", name="Now: Interviews")).to_be_visible()
        expect(page.locator("#plan ol li").first).to_contain_text("Send a thank-you")
        content = page.screenshot()
    finally:
        context.close()
    assert content.startswith(PNG_SIGNATURE)
    assert int.from_bytes(content[16:20], "big") == 1280
    if os.environ.get("MATCHPILOT_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.write_bytes(content)
