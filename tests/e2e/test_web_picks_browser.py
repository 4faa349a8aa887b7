"""My list in real headless Chromium: change the count, see the list follow and the chart drawn."""

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


def test_my_list_follows_the_count_and_draws_the_curve(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/")
    page.get_by_role("link", name="My list").click()
    expect(page.get_by_role("heading", name="My list", level=1)).to_be_visible()
    rows = page.locator("#chosen-table tbody tr")
    expect(rows).to_have_count(45)
    expect(page.locator("svg.curve")).to_have_count(1)
    expect(page.get_by_role("img", name=re.compile("Diminishing returns"))).to_be_visible()

    page.get_by_label("Number of applications (at most)").fill("12")
    page.get_by_role("button", name="Update my list").click()
    page.wait_for_url(re.compile(r"max=12"))
    expect(rows).to_have_count(12)
    expect(page.locator("#pick-count strong")).to_have_text("12")
    expect(page.locator("svg.curve circle.marker")).to_have_count(1)
    page.get_by_text("The numbers behind this chart").click()
    expect(page.locator("tr.is-chosen")).to_contain_text("12")
