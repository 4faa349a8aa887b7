"""Practice Match Week in real headless Chromium (issue 14 item 6): from the Match Week page to the practice,
the banner, a seeded start, the plan sent, the clock moved round by round with the clock form, an offer with the
decision help, an acceptance, and a reset; the real offers page stays as it was; no WCAG 2.1 A/AA violation
(axe-core) on the practice page before and during the rounds."""

from __future__ import annotations

from typing import Protocol

import pytest
from playwright.sync_api import Page, expect
from test_web_accessibility import axe_violations, describe

from matchpilot.services import Services
from matchpilot.services import soap_practice as practice

pytestmark = pytest.mark.browser


class LiveApp(Protocol):
    """The ``live_app`` fixture of conftest.py: the running app's address and its services."""

    url: str
    services: Services


def jump_to(page: Page, ending: str) -> None:
    """Set the practice clock with the "Jump to" choice whose label ends with ``ending``."""
    options = page.locator("#clock-moment option").evaluate_all("options => options.map(o => [o.value, o.textContent])")
    value = next(v for v, text in options if text.endswith(ending))
    page.get_by_label("Jump to").select_option(value)
    page.get_by_role("button", name="Set the clock").click()


def test_a_practice_week_in_the_browser(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/match-week/offers")
    real_offers = page.locator("#offers").inner_text()

    page.goto(f"{live_app.url}/match-week")
    page.get_by_role("link", name="Practice Match Week").click()
    expect(page.get_by_role("heading", name="Practice Match Week", exact=True)).to_be_visible()
    expect(page.locator("#practice-banner")).to_contain_text("Practice — nothing here touches your real Match Week")
    page.get_by_label("Seed (optional)").fill("1")
    page.get_by_role("button", name="Start a practice").click()
    expect(page.locator("#practice-done")).to_contain_text("Practice started")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    expect(page.locator("#list-not-yet")).to_contain_text("The list is released")
    jump_to(page, ": List of unfilled programs for SOAP-eligible applicants")
    expect(page.locator("#practice-unfilled")).to_be_attached()
    page.get_by_label("Distribution plan").select_option("best-case")
    page.get_by_role("button", name="Make the plan and send its applications").click()
    expect(page.locator("#practice-done")).to_contain_text("applications are sent")
    sent = int(page.locator("#practice-sent strong").inner_text())
    assert sent > 0

    accepted = False
    for number in (1, 2, 3, 4):
        jump_to(page, f": SOAP offer round {number}")
        expect(page.locator("#practice-clock")).to_contain_text(f"SOAP offer round {number} is open")
        buttons = page.get_by_role("button", name="Accept: the practice offer of", exact=False)
        if buttons.count():
            expect(page.locator("#practice-recommendation")).to_contain_text("Recommendation:")
            violations = axe_violations(page)
            assert not violations, describe(violations)
            buttons.first.click()
            expect(page.locator("#practice-done")).to_contain_text("your practice SOAP is over")
            expect(page.locator("#practice-offers")).to_contain_text("accepted")
            accepted = True
            break
    assert accepted

    page.goto(f"{live_app.url}/match-week/offers")
    assert page.locator("#offers").inner_text() == real_offers

    page.goto(f"{live_app.url}/match-week/practice")
    page.get_by_role("button", name="Clear the practice").click()
    expect(page.locator("#practice-done")).to_contain_text("The practice was cleared")
    assert practice.practice_state(live_app.services) is None
