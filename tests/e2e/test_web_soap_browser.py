"""Match Week in real headless Chromium: import a demo unfilled list, instantiate the worst-case plan, see 45 or
fewer applications with no program that refuses the applicant's visa, record an offer and see the
recommendation."""

from __future__ import annotations

import re
from typing import Protocol

import pytest
from playwright.sync_api import Page, expect

from matchpilot.services import Services

pytestmark = pytest.mark.browser


class LiveApp(Protocol):
    """The ``live_app`` fixture of conftest.py: the running app's address and its services."""

    url: str
    services: Services


def test_match_week_from_the_unfilled_list_to_an_offer(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/programs")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Match Week").click()
    expect(page.get_by_role("heading", name="Match Week", exact=True)).to_be_visible()
    expect(page.locator("svg.timeline")).to_be_visible()

    page.get_by_role("button", name="Use a fictional demo list").click()
    expect(page.locator("#unfilled-imported")).to_contain_text("Imported")
    page.locator("#unfilled").get_by_role("link", name="Make the plan").first.click()

    page.get_by_label("Distribution plan").select_option("worst-case")
    page.get_by_role("button", name="Make the plan").click()
    page.wait_for_url(re.compile(r"plan=worst-case"))
    count = int(page.locator("#application-count strong").inner_text())
    assert 0 < count <= 45
    rows = page.locator("#applications tbody tr")
    expect(rows).to_have_count(count)
    visas = page.locator("#applications td.visa").evaluate_all("cells => cells.map(c => c.dataset.visa)")
    assert "no" not in visas and set(visas) <= {"yes", "unknown"}
    sheet = {p.code: p for p in live_app.services.list_programs().programs}
    codes = page.locator("#applications tbody tr").evaluate_all("rows => rows.map(r => r.id.slice(2))")
    assert all(sheet[c].visa_j1 is not False for c in codes if c in sheet)
    expect(page.locator("#excluded")).to_contain_text("does not sponsor J-1")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the application list (CSV)").click()
    assert download.value.suggested_filename == "matchpilot-soap-worst-case.csv"

    # issue 14: offers come only from the applications sent, and are recorded during their round (rehearsed)
    page.get_by_role("button", name="These are the applications I sent").click()
    expect(page.locator("#applications-saved")).to_be_visible()
    expect(page.locator("#sent-table tbody tr")).to_have_count(count)
    page.get_by_role("navigation", name="Match Week").get_by_role("link", name="Offers").click()
    first = codes[0]
    page.get_by_label("Program", exact=True).select_option(first)
    page.get_by_label("Round", exact=True).select_option("1")
    page.get_by_label("Deadline (your time)").fill("2027-03-18T11:00")
    page.locator("#offer-tz").fill("America/New_York")
    page.get_by_label("Rehearse at (optional, your time)").fill("2027-03-18T09:30")
    page.get_by_role("button", name="Record the offer").click()
    expect(page.locator("#offer-saved")).to_contain_text(first)
    expect(page.locator("#recommendation")).to_contain_text("Recommendation:")
    expect(page.locator("#options tbody tr")).to_have_count(2)
    expect(page.locator("#binding")).to_contain_text("Acceptance is binding")
