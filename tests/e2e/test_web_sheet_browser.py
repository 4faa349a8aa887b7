"""The Sheet pages in real headless Chromium: a spreadsheet with foreign column names imported through the
suggested mapping, and a peer's sheet merged with one conflict resolved by one click.

Runs its own app over an empty database (the session's demo app stays untouched for the other browser tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services import sheet_tools as tools

from support.web import BROWSER_WAIT_MS, serving

pytestmark = pytest.mark.browser

WEB_TODAY = date(2026, 6, 1)

FOREIGN = (
    "NRMP Code,Program,Hospital,ST,Specialty,Position type,Visa,IMG %,Step 2 cutoff,Last checked,My notes\n"
    "1001340C0,Lakeview Rehabilitation (fictional),Lakeview Health,NY,PM&R,Categorical,J-1 only,35%,220,"
    "2026-03-01,liked the PD\n"
    "1002340A0,Harbor PM&R (fictional),Harbor MC,New Jersey,PM&R,Advanced,J-1 and H-1B,12 %,≥230,2026-04-01,\n"
)

PEER = (
    "code,name,specialty,track,visa_j1,img_share,source,checked_on\n"
    "1001340C0,Lakeview Rehabilitation (fictional),PM&R,categorical,no,35,a classmate,\n"
    "1003140P0,Riverside Medicine (fictional),Internal Medicine,preliminary,yes,50,FREIDA,2026-05-01\n"
)
"""Lakeview's J-1 differs and the peer's row is undated: one conflict. Riverside is new."""


@dataclass(frozen=True)
class SheetApp:
    url: str
    services: Services


@pytest.fixture(scope="module")
def sheet_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SheetApp]:
    """The web app over an empty database, served by uvicorn in a background thread."""
    folder = tmp_path_factory.mktemp("sheet-web")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: WEB_TODAY)
    with serving(services, "matchpilot-sheet-web") as url:
        yield SheetApp(url, services)


@pytest.fixture
def sheet_page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(BROWSER_WAIT_MS)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def test_upload_foreign_columns_accept_mapping_preview_import_then_merge_and_resolve(
    sheet_page: Page, sheet_app: SheetApp, tmp_path: Path
) -> None:
    page, services = sheet_page, sheet_app.services

    # Any spreadsheet in: upload, the suggested mapping, the preview, import.
    page.goto(f"{sheet_app.url}/sheet")
    page.get_by_role("link", name="Import a spreadsheet").click()
    page.get_by_label("Spreadsheet (.csv or .xlsx)").set_input_files(
        files=[{"name": "freida.csv", "mimeType": "text/csv", "buffer": FOREIGN.encode()}]
    )
    page.get_by_role("button", name="Next: check the columns").click()
    expect(page.get_by_role("heading", name="Check the columns of freida.csv")).to_be_visible()
    expect(page.get_by_label("IMG %")).to_have_value("img_share")
    expect(page.get_by_label("Visa", exact=True)).to_have_value("visa")
    expect(page.get_by_label("Position type")).to_have_value("track")
    preview = page.locator("#preview-table")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("was “35%”")
    expect(preview).to_contain_text("NJ")
    page.get_by_role("button", name="Import 2 programs").click()
    expect(page.locator("#import-result")).to_contain_text("Imported 2 programs from freida.csv")
    lakeview = services.get_program("1001340C0")
    assert (lakeview.visa_j1, lakeview.visa_h1b, lakeview.img_share) == (True, False, 35.0)
    assert lakeview.notes == "liked the PD"
    assert services.get_program("1002340A0").min_step2 == 230

    # The freshness badge on each program.
    page.goto(f"{sheet_app.url}/programs")
    expect(page.locator(".fresh-badge").first).to_contain_text("facts:")

    # Merge a peer's sheet with one conflict, confirm, resolve it with one click.
    page.get_by_role("link", name="Sheet", exact=True).click()
    page.get_by_role("link", name="Merge a sheet").click()
    page.get_by_label("Your peer's sheet (.csv or .xlsx)").set_input_files(
        files=[{"name": "amina.csv", "mimeType": "text/csv", "buffer": PEER.encode()}]
    )
    page.get_by_role("button", name="Show what would change").click()
    expect(page.locator("#merge-report")).to_contain_text("1 in conflict")
    expect(page.locator("#merge-conflicts")).to_contain_text("a classmate")
    assert services.program_count() == 2  # nothing written before confirming
    page.get_by_role("button", name="Confirm the merge").click()
    expect(page.locator("#merge-result")).to_contain_text("Merged amina.csv")
    expect(page.locator("#conflict-count")).to_contain_text("1 open")
    assert services.program_count() == 3
    page.get_by_role("button", name="Take their value no for 1001340C0 visa_j1").click()
    expect(page.locator("#resolve-result")).to_contain_text("took their value")
    expect(page.get_by_role("heading", name="No open conflicts")).to_be_visible()
    assert services.get_program("1001340C0").visa_j1 is False
    assert tools.list_conflicts(services) == []
