"""The first import in real headless Chromium (issue 15): an empty workspace, the home page's way in to the
Import page, a normal spreadsheet with its own column names ("Program Name", "NRMP Code", "ST", "IMG %",
"Interview date") — taken straight to the mapping step with the file carried, imported, and one PM&R filter
option that finds every PM&R program.

Runs its own app over an empty database (the session's demo app stays untouched for the other browser tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from matchpilot.bootstrap import build_services
from matchpilot.services import Services

from support.web import BROWSER_WAIT_MS, serving

pytestmark = pytest.mark.browser

WEB_TODAY = date(2026, 11, 23)

TRACKER = (
    "Program Name,NRMP Code,ST,Specialty,Track,IMG %,Interview date\n"
    "Lakeview Rehabilitation (fictional),1001340C0,NY,PM&R,Categorical,35%,2026-10-20\n"
    "Harbor Rehab (fictional),1002340A0,NJ,Physical Medicine & Rehabilitation,Advanced,20%,2026-12-15\n"
    "Hillcrest Rehab (fictional),1003340C0,PA,PM&R,Categorical,0.4,\n"
)


@dataclass(frozen=True)
class ImportApp:
    url: str
    services: Services


@pytest.fixture(scope="module")
def import_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ImportApp]:
    """The web app over an empty database, served by uvicorn in a background thread."""
    folder = tmp_path_factory.mktemp("first-import-web")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: WEB_TODAY)
    with serving(services, "matchpilot-first-import-web") as url:
        yield ImportApp(url, services)


@pytest.fixture
def import_page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(BROWSER_WAIT_MS)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def test_a_normal_spreadsheet_goes_from_the_import_page_through_the_mapping_to_the_sheet(
    import_page: Page, import_app: ImportApp
) -> None:
    page, services = import_page, import_app.services
    page.goto(f"{import_app.url}/programs/import")
    expect(page.get_by_role("link", name="template (CSV)")).to_have_attribute("href", "/programs/import/template.csv")
    page.get_by_label("Sheet file (.csv or .xlsx)").set_input_files(
        files=[{"name": "my tracker.csv", "mimeType": "text/csv", "buffer": TRACKER.encode()}]
    )
    page.get_by_role("button", name="Import the sheet").click()

    expect(page.get_by_role("heading", name="Check the columns of my tracker.csv")).to_be_visible()
    expect(page.locator("#mapping-carried")).to_contain_text("“Program Name”")
    expect(page.get_by_label("Program Name")).to_have_value("name")
    expect(page.get_by_label("NRMP Code")).to_have_value("code")
    expect(page.get_by_label("ST", exact=True)).to_have_value("state")
    expect(page.get_by_label("IMG %")).to_have_value("img_share")
    expect(page.get_by_label("Interview date")).to_have_value("interview_date")  # interviews, not a fact
    expect(page.locator("#preview-table")).to_contain_text("40")
    assert services.program_count() == 0
    page.get_by_role("button", name="Import 3 programs").click()
    expect(page.locator("#import-result")).to_contain_text("Imported 3 programs from my tracker.csv")
    assert services.get_program("1003340C0").img_share == 40
    assert services.get_program("1002340A0").specialty == "PM&R"

    page.goto(f"{import_app.url}/programs")
    specialty = page.get_by_label("Specialty")
    expect(specialty.locator("option", has_text="PM&R")).to_have_count(1)
    expect(specialty.locator("option", has_text="Physical Medicine")).to_have_count(0)
