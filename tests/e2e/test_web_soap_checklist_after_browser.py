"""Issue 14, items 7 and 8 in real headless Chromium with JavaScript off: the readiness checklist on the Match
Week page is ticked with a plain form and overdue items say so in words; the After SOAP page shows each of the
three paths (PM&R, a PGY-1 year, no position) in plain steps — every page checked with axe-core. Each test runs
an app of its own, so the shared demo app's offers and answers stay as they are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from test_web_accessibility import axe_violations, describe

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services import soap_week as week
from matchpilot.services.demo import load_demo
from matchpilot.services.soap import load_rules
from matchpilot.soap import soap_category

from support.axe import AxeWatch
from support.web import BROWSER_WAIT_MS, serving

pytestmark = pytest.mark.browser

RULES = load_rules().rules


@pytest.fixture
def no_js_page(chromium: Browser) -> Iterator[Page]:
    """A page with JavaScript off, as some users browse (forms must work without it)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="en-US", java_script_enabled=False)
    context.set_default_timeout(BROWSER_WAIT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[str, Services]]:
    # after Match Week 2027: the path is read right after SOAP
    services = build_services(database_url=f"sqlite:///{tmp_path}/after.db", today=lambda: date(2027, 3, 19))
    load_demo(services)
    with serving(services) as url:
        yield url, services


def test_the_checklist_is_ticked_without_javascript_and_overdue_items_say_so(
    no_js_page: Page, page: Page, app: tuple[str, Services], axe_watch: AxeWatch
) -> None:
    url, _ = app
    address = f"{url}/match-week?now=2027-02-20T10:00&tz=America/New_York"
    no_js_page.goto(address)
    checklist = no_js_page.locator("#checklist")
    expect(checklist.get_by_role("heading", name="Ready for Match Week 2027: your checklist")).to_be_visible()
    registration = no_js_page.locator("#item-nrmp-registration")
    expect(registration).to_contain_text("Overdue")  # in words, not colour alone
    expect(registration).to_contain_text("due Mon 18 Jan 2027, 21:00 EST")
    expect(registration).to_contain_text("you have not told matchpilot yet")  # eligibility asks, never assumes
    expect(no_js_page.locator("#item-phone-ready")).to_contain_text("due Sun 14 Mar 2027, 21:00 EDT")

    no_js_page.get_by_label("Letters of recommendation in place").check()
    no_js_page.get_by_label("Registration for the Main Residency Match complete").check()
    no_js_page.get_by_role("button", name="Save the checklist").click()
    expect(no_js_page.locator("#checklist-saved")).to_be_visible()
    expect(no_js_page.locator("#checklist-summary")).to_contain_text("2 of 15 done")
    expect(no_js_page.locator("#item-nrmp-registration")).to_contain_text("Done")
    expect(no_js_page.get_by_label("Letters of recommendation in place")).to_be_checked()

    no_js_page.get_by_label("Letters of recommendation in place").uncheck()
    no_js_page.get_by_role("button", name="Save the checklist").click()
    expect(no_js_page.locator("#checklist-summary")).to_contain_text("1 of 15 done")

    axe_watch.leave_to_test(page)  # checked below, once
    page.goto(address)  # axe-core needs JavaScript
    violations = axe_violations(page)
    assert not violations, describe(violations)


def _accept(services: Services, category: str) -> str:
    week.import_demo_unfilled(services)
    unfilled, _ = week.stored_unfilled(services)
    sheet = {p.code: p for p in services.list_programs().programs}
    code = next(u.code for u in unfilled if u.code in sheet and soap_category(sheet[u.code]) == category)
    start = RULES.match_week(2027).round_event(1).start  # type: ignore[union-attr]
    now = start + timedelta(minutes=5)
    week.add_applications(services, [code], rules=RULES, now=now)
    week.record_offer(services, code, 1, None, rules=RULES, now=now)
    week.set_offer_status(services, code, "accepted", rules=RULES, now=now)
    return code


PATHS = {
    "matched-pmr": (
        "You matched into PM&R",
        ["Licence and onboarding", "Visa: J-1 through the ECFMG", "Thank the program", "Early reading"],
    ),
    "matched-pgy1": (
        "You have a preliminary or transitional year",
        ["Be a top intern", "Meet PM&R faculty", "Reapply in the 2027-28 season (Match 2028)"],
    ),
    "unmatched": (
        "You do not have a position yet",
        ["Wait until SOAP has ended", "Strengthen your application this year", "Give the year a purpose"],
    ),
}


@pytest.mark.parametrize("path", list(PATHS))
def test_the_after_soap_page_shows_each_path_in_plain_steps(
    no_js_page: Page, page: Page, app: tuple[str, Services], path: str, axe_watch: AxeWatch
) -> None:
    url, services = app
    heading, steps = PATHS[path]
    if path == "matched-pmr":
        _accept(services, "pmr")
    elif path == "matched-pgy1":
        week.set_facts(services, {"status": "partial-pgy1"})  # a PGY-1 from the Main Match, nothing in SOAP
    else:
        week.import_demo_unfilled(services)
    no_js_page.goto(f"{url}/match-week")
    no_js_page.get_by_role("navigation", name="Match Week").get_by_role("link", name="After SOAP").click()
    expect(no_js_page.locator("#situation")).to_have_attribute("data-situation", path)
    expect(no_js_page.get_by_role("heading", name=heading)).to_be_visible()
    for step in steps:
        expect(no_js_page.locator("#steps").get_by_role("heading", name=step)).to_be_visible()
    expect(no_js_page.locator("#next-season")).to_contain_text("2027-28 season (Match 2028)")
    outreach = no_js_page.locator("#outreach")
    if path == "unmatched":
        expect(outreach.locator("tbody tr").first).to_be_visible()
        expect(outreach).to_contain_text("once SOAP has ended")
    else:
        expect(outreach).to_have_count(0)  # no outreach once matched
    text = no_js_page.locator("main").inner_text()
    assert "matchpilot soap" not in text and "--" not in text  # no terminal command on a page

    axe_watch.leave_to_test(page)  # checked below, once
    page.goto(f"{url}/match-week/after")
    violations = axe_violations(page)
    assert not violations, describe(violations)
