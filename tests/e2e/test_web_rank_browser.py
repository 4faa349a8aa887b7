"""The Rank list page in real headless Chromium: reorder with the buttons, run a small simulation, see the
chart."""

from __future__ import annotations

from typing import Protocol

import pytest
from playwright.sync_api import Page, expect

from matchpilot.services import Services

pytestmark = pytest.mark.browser


class LiveApp(Protocol):
    """The ``live_app`` fixture of conftest.py: the running app's address and its services."""

    url: str
    services: Services


def test_reorder_and_simulate(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/")
    page.get_by_role("link", name="Rank list").click()
    expect(page.get_by_role("heading", name="Rank list", level=1)).to_be_visible()
    rows = page.locator("#rank-table tbody tr")
    expect(rows).to_have_count(12)
    first = rows.nth(0).get_attribute("id")
    second = rows.nth(1).get_attribute("id")
    assert first and second
    page.get_by_role("button", name=f"Move {second[2:]} up to rank 1").click()
    expect(page.locator("#rank-saved")).to_be_visible()
    expect(rows.nth(0)).to_have_attribute("id", second)
    page.get_by_role("button", name=f"Move {second[2:]} down to rank 2").click()
    expect(rows.nth(0)).to_have_attribute("id", first)
    page.get_by_text("Advanced settings").click()  # issue 15: runs and seed sit behind "Advanced settings"
    page.get_by_label("Runs").fill("100")
    page.get_by_role("button", name="Run the simulation").click()
    expect(page.locator("#sim-chart")).to_be_visible()
    expect(page.locator("#sim-chart rect.sim-bar")).to_have_count(12)
    expect(page.locator("#sim-p-match")).to_contain_text("%")
