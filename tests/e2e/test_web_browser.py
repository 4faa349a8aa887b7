"""The web app in real headless Chromium: what an applicant does with a mouse and a keyboard.

Set MATCHPILOT_UPDATE_SCREENSHOTS=1 to write the README's screenshot (docs/img/program-sheet.png).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Page, expect

from matchpilot.domain import ProgramFilter, ProgramQuery, VisaKind
from matchpilot.services import Services

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "docs" / "img" / "program-sheet.png"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

BAD_SHEET = (
    "code,name,specialty,track,visa_j1,min_step2,checked_on\n"
    "7001340C0,Brookside Rehabilitation (fictional),PM&R,categorical,yes,220,2026-05-01\n"
    "7002340C0,Clearwater Rehabilitation (fictional),PM&R,categorical,maybe,999,2026-05-01\n"
    "7003140P0,Fernhill Medicine (fictional),Internal Medicine,preliminary,no,,2024-01-01\n"
)
"""Row 3 has two bad cells; row 4 is only stale (a warning)."""


class LiveApp(Protocol):
    """The ``live_app`` fixture of conftest.py: the running app's address and its services."""

    url: str
    services: Services


def shown_count(page: Page) -> int:
    """The number of programs the sheet page says it shows."""
    text = page.locator("#program-count strong").inner_text()
    return int(text)


def test_filter_by_j1_changes_the_count(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/programs")
    expect(page.get_by_role("heading", name="Program sheet")).to_be_visible()
    everything = shown_count(page)
    assert everything == live_app.services.program_count()

    page.get_by_label("Visa sponsorship").select_option("j1")
    page.get_by_role("button", name="Show programs").click()
    page.wait_for_url(re.compile(r"visa=j1"))

    expected = live_app.services.list_programs(ProgramQuery(ProgramFilter(visa=VisaKind.J1))).total
    expect(page.locator("#program-count")).to_contain_text(f"{expected} programs match your filters")
    assert 0 < shown_count(page) < everything
    j1_cells = page.locator("table.sheet tbody td.visas > .badge:first-child")
    assert j1_cells.count() == min(expected, 50)
    assert set(j1_cells.all_inner_texts()) == {"✓ sponsors J-1"}

    page.get_by_role("link", name="Clear filters").click()
    expect(page.locator("#program-count strong")).to_have_text(str(everything))


def test_upload_with_a_bad_row_names_the_row(page: Page, live_app: LiveApp) -> None:
    before = live_app.services.program_count()
    page.goto(f"{live_app.url}/programs")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    page.get_by_label("Sheet file (.csv or .xlsx)").set_input_files(
        files=[{"name": "my-sheet.csv", "mimeType": "text/csv", "buffer": BAD_SHEET.encode()}]
    )
    page.get_by_role("button", name="Import the sheet").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved: my-sheet.csv has 2 errors")
    errors = page.locator("#import-errors li")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("row 3, column visa_j1")
    expect(errors.nth(1)).to_contain_text("row 3, column min_step2")
    expect(page.locator("#import-warnings")).to_contain_text("row 4, column checked_on")
    assert live_app.services.program_count() == before


def test_profile_with_a_step2_ck_of_400_shows_the_error_next_to_the_field(page: Page, live_app: LiveApp) -> None:
    before = live_app.services.profile()
    page.goto(f"{live_app.url}/profile")
    score = page.get_by_label("USMLE Step 2 CK score")
    score.fill("400")
    page.get_by_role("button", name="Save profile").click()

    error = page.locator("#p-step2_ck-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("400 is out of range")
    score = page.get_by_label("USMLE Step 2 CK score")
    expect(score).to_have_value("400")
    expect(score).to_have_attribute("aria-invalid", "true")
    assert "p-step2_ck-error" in (score.get_attribute("aria-describedby") or "").split()
    # the error sits right by its field: just above the input, inside the same field block
    field = page.locator(".field.has-error")
    expect(field).to_have_count(1)
    expect(field.locator("input")).to_have_attribute("name", "step2_ck")
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    assert live_app.services.profile() == before

    # the summary link takes the keyboard to the field
    page.get_by_role("link", name=re.compile("USMLE Step 2 CK score")).click()
    expect(score).to_be_focused()


def test_sorting_by_clicking_a_column_header(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/programs")
    page.get_by_role("link", name="IMG share").click()
    page.wait_for_url(re.compile(r"sort=img_share&dir=asc"))
    header = page.locator("th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "ascending")
    shares = [float(text.rstrip("%")) for text in page.locator("tbody td:nth-child(7)").all_inner_texts()]
    assert shares == sorted(shares)
    page.get_by_role("link", name=re.compile("IMG share")).click()
    page.wait_for_url(re.compile(r"dir=desc"))
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")


def test_a_row_opens_its_program_page_with_sources(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/programs?specialty=PM%26R")
    first = page.locator("table.sheet tbody tr").first.get_by_role("link")
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="Where this row came from")).to_be_visible()
    expect(page.locator("#fact-visa_j1 th")).to_have_text("J-1 visa")
    values = set(page.locator("#fact-visa_j1 td").first.all_inner_texts())
    assert values <= {"sponsors J-1", "does not sponsor J-1", "unknown"}


def test_keyboard_users_can_skip_to_the_content(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/programs")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "f-search", "after skipping, the first field of the page has the focus"


def test_the_sheet_works_on_a_phone(page: Page, live_app: LiveApp) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_app.url}/programs")
    expect(page.get_by_role("button", name="Show programs")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page does not scroll sideways; only the table does"


def test_program_sheet_screenshot_with_a_sticky_header(page: Page, live_app: LiveApp, tmp_path: Path) -> None:
    page.goto(f"{live_app.url}/programs")
    expect(page.locator("table.sheet")).to_be_visible()
    shot = tmp_path / "program-sheet.png"
    page.screenshot(path=str(shot))
    content = shot.read_bytes()
    assert content.startswith(PNG_SIGNATURE)
    assert len(content) > 10_000
    width, height = int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    assert (width, height) == (1280, 800)
    if os.environ.get("MATCHPILOT_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(content)

    # the header row stays in view while the table scrolls
    scroller = page.locator(".table-scroll")
    top = scroller.bounding_box()
    scroller.evaluate("element => { element.scrollTop = 600; }")
    header = page.locator("table.sheet thead th").first.bounding_box()
    assert top is not None and header is not None
    assert abs(header["y"] - top["y"]) <= 2
