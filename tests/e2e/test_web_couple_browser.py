"""The couple's paired list in real headless Chromium: from the Rank list page, record the partner, add two pairs
(one "no match" on my side), move one up with its button, remove the other, and download the export."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Page, expect

from matchpilot.services import Services
from matchpilot.services.rank_lists import couple_list, program_choices

pytestmark = pytest.mark.browser


class LiveApp(Protocol):
    """The ``live_app`` fixture of conftest.py: the running app's address and its services."""

    url: str
    services: Services


def test_build_a_couple_list_in_the_browser(page: Page, live_app: LiveApp) -> None:
    mine = program_choices(live_app.services)[3]
    page.goto(f"{live_app.url}/rank-list")
    page.get_by_role("link", name="your couple's list").click()
    expect(page.get_by_role("heading", name="Couple's paired list", level=1)).to_be_visible()
    rows = page.locator("#couple-table tbody tr")
    expect(rows).to_have_count(0)

    page.get_by_label("Partner's name").fill("Sam Partner")
    page.get_by_label("Partner's NRMP or AAMC id (optional)").fill("N123")
    page.get_by_role("button", name="Save the partner").click()
    expect(page.locator("#couple-saved")).to_contain_text("Partner saved.")
    expect(page.locator("#partner-now")).to_contain_text("Sam Partner (id N123)")

    page.get_by_label("Your program").fill("Nowhere General")  # names no program: refused beside the field
    page.get_by_label('Partner\'s program code (or "none")').fill("2345140C0")
    page.get_by_role("button", name="Add the pair").click()
    expect(page.locator("#mine-error")).to_contain_text("no program on your sheet has the code or name")
    expect(page.get_by_label("Your program")).to_have_value("Nowhere General")
    expect(rows).to_have_count(0)
    page.get_by_label("Your program").fill(f"{mine.name} ({mine.code})")  # the suggestion as shown
    page.get_by_label('Partner\'s program code (or "none")').fill("2345140C0")
    page.get_by_role("button", name="Add the pair").click()
    expect(page.locator("#couple-saved")).to_contain_text("Pair added.")
    page.get_by_label("Your program").fill("none")
    page.get_by_label('Partner\'s program code (or "none")').fill("2999140C0")
    page.get_by_role("button", name="Add the pair").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-pair", f"{mine.code}+2345140C0")
    expect(rows.nth(0)).to_contain_text(mine.name)

    page.get_by_role("button", name="Move the pair no match + 2999140C0 up to rank 1").click()
    expect(page.locator("#couple-saved")).to_contain_text("Pair moved.")
    expect(rows.nth(0)).to_have_attribute("data-pair", "none+2999140C0")
    expect(rows.nth(1)).to_have_attribute("data-pair", f"{mine.code}+2345140C0")
    page.get_by_role("button", name=f"Remove the pair {mine.code} + 2345140C0 at rank 2").click()
    expect(rows).to_have_count(1)
    expect(page.locator("#couple-count")).to_contain_text("1 pair")
    assert [p.label() for p in couple_list(live_app.services).pairs] == ["no match + 2999140C0"]

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as text").click()
    assert download.value.suggested_filename == "matchpilot-couple-list.txt"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text == "Couple's paired rank order list with Sam Partner (N123)\n  1. No match  |  2999140C0\n"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    csv = Path(download.value.path()).read_text(encoding="utf-8")
    assert csv == "rank,my_code,my_program,partner_code\n1,no match,,2999140C0\n"
