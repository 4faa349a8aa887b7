"""The Evidence page in real headless Chromium: the DOL LCA file uploaded (through the page's progress script),
the report, a suggested link confirmed, the program page showing the evidence and the conflict, the link undone.

Runs its own app over a database with a small fictional sheet (the session's demo app stays untouched).
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

from support.lca import sample_cases, write_csv
from support.web import BROWSER_WAIT_MS, serving

pytestmark = pytest.mark.browser

SHEET = (
    "code,name,institution,state,specialty,track,visa_j1,visa_h1b\n"
    "1001340C0,Lakeview Rehabilitation (fictional),University of Lakeview Medical Center,NY,PM&R,categorical,no,no\n"
)


@dataclass(frozen=True)
class EvidenceApp:
    url: str
    services: Services


@pytest.fixture(scope="module")
def evidence_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EvidenceApp]:
    folder = tmp_path_factory.mktemp("evidence-web")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: date(2026, 11, 23))
    sheet = folder / "sheet.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    assert services.import_programs(sheet).ok
    with serving(services, "matchpilot-evidence-web") as url:
        yield EvidenceApp(url, services)


@pytest.fixture
def evidence_page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(BROWSER_WAIT_MS)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def test_upload_confirm_a_link_see_the_evidence_then_undo(
    evidence_page: Page, evidence_app: EvidenceApp, tmp_path: Path
) -> None:
    page = evidence_page
    lca = write_csv(tmp_path / "lca_fy2025.csv", sample_cases())
    page.goto(f"{evidence_app.url}/programs")
    page.get_by_role("link", name="Evidence", exact=True).click()
    expect(page).to_have_url(f"{evidence_app.url}/evidence")
    # The progress script is deferred (it runs before DOMContentLoaded): a file sent before it listens goes as the
    # plain form does, and the upload would not go through the script on a busy machine. Wait for it.
    page.wait_for_load_state("domcontentloaded")
    uploads: list[str] = []
    page.on("request", lambda r: uploads.append(r.resource_type) if r.url.endswith("/evidence/import") else None)
    page.get_by_label("DOL H-1B disclosure file (.xlsx or .csv)").set_input_files(str(lca))
    page.get_by_role("button", name="Import the file").click()
    expect(page.locator("#import-report")).to_contain_text("kept 7 resident cases and 1 clinical fellow case")
    assert uploads == ["xhr"], uploads  # through the progress script, not the plain form

    page.get_by_role(
        "button", name="Link Univ. of Lakeview Med. Ctr., Inc. to University of Lakeview Medical Center"
    ).click()
    expect(page.locator("#links-done")).to_contain_text("Linked.")

    page.goto(f"{evidence_app.url}/programs/1001340C0")
    section = page.locator("#evidence")
    expect(section).to_contain_text("3 certified and 1 denied H-1B LCAs for residents")
    expect(page.locator("#evidence-conflict")).to_contain_text("Your sheet says this program does not sponsor H-1B")
    expect(section.get_by_role("row", name="FY2025")).to_contain_text("3")

    page.goto(f"{evidence_app.url}/evidence")
    page.get_by_role("button", name="Undo the link of Univ. of Lakeview Med. Ctr., Inc.").click()
    expect(page.locator("#links-done")).to_contain_text("Link undone")
    page.goto(f"{evidence_app.url}/programs/1001340C0")
    expect(page.locator("#evidence")).to_contain_text("No LCA evidence linked")
