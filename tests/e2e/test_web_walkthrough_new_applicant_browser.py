"""Issue 15's "done when", walked in real headless Chromium on a laptop (1280 px) and a phone (390 px): a new
applicant with an EMPTY workspace and their own messy spreadsheet starts at the home page, imports the sheet
through the mapping preview, fills the profile form with lenient values ("New York", "PM&R"), reads the chance of
a match on My list, pins one program and excludes another, downloads the list as CSV and XLSX, sees where to send
the ERAS signals, and goes on to the letters — with clicks, typing and file uploads only, never a terminal.

Each size runs its own app over its own empty database (the session's demo app stays untouched) and one browser
context. axe-core checks every page on the way (the autouse ``axe_watch`` of conftest.py). On the phone, no page
scrolls sideways and every button the walk uses is within the screen's width.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Locator, Page, expect

from matchpilot.bootstrap import build_services
from matchpilot.services import Services

from support.axe import axe_violations
from support.web import BROWSER_WAIT_MS, serving

pytestmark = pytest.mark.browser

WEB_TODAY = date(2026, 11, 23)
"""Interview season: the home page has letters to suggest, and the sheet's interview dates are past and future."""

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# An applicant's own tracker: foreign column names, the specialty written two ways, a typed percentage beside an
# Excel fraction (0.4 for 40%), an interview date (past and future) that is not when a fact was checked, notes.
TRACKER = (
    "Program Name,NRMP Code,ST,Specialty,Track,IMG %,J1?,Interview date,My notes\n"
    "Lakeview Rehabilitation (fictional),1001340C0,NY,PM&R,Categorical,35%,yes,2026-11-18,liked the residents\n"
    "Harbor Rehab Institute (fictional),1002340A0,NJ,Physical Medicine & Rehabilitation,Advanced,20%,yes,2026-12-15,\n"
    "Hillcrest Physiatry (fictional),1003340C0,PA,PM&R,Categorical,0.4,yes,,\n"
    "Riverside Rehab Medicine (fictional),1004340C0,NY,PM&R,Categorical,50%,yes,,big IMG program\n"
    "Summit Physical Medicine (fictional),1005340C0,NJ,Physical Medicine & Rehabilitation,Categorical,15%,no,,\n"
    "Maple Valley Rehab (fictional),1006340A0,PA,PM&R,Advanced,30%,yes,,\n"
    "Oak Harbor Rehabilitation (fictional),1007340C0,NY,PM&R,Categorical,25%,,,\n"
    "Cedar Point Physiatry (fictional),1008340C0,MA,Physical Medicine & Rehabilitation,Categorical,10%,yes,,\n"
)
PINNED = ("Cedar Point Physiatry (fictional)", "1008340C0")
EXCLUDED = ("Riverside Rehab Medicine (fictional)", "1004340C0")

# Every visible button, submit and button-looking link whose box leaves the screen's width (as the phone test).
OUT_OF_REACH = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.querySelectorAll('button, input[type=submit], input[type=button], a.button, summary')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < 0 || box.right > width + 0.5) out.push(el.outerHTML.slice(0, 120));
  }
  return out;
}"""


@dataclass(frozen=True)
class EmptyApp:
    url: str
    services: Services


@pytest.fixture(params=["laptop", "phone"])
def walk(
    request: pytest.FixtureRequest, chromium: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Page, EmptyApp, str]]:
    """An empty workspace served by its own app, and one browser context of the size of a laptop or a phone."""
    size: str = request.param
    folder = tmp_path_factory.mktemp(f"walk-{size}")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: WEB_TODAY)
    options: dict[str, Any] = {"viewport": LAPTOP, "locale": "en-US", "accept_downloads": True}
    if size == "phone":
        options.update(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    with serving(services, f"matchpilot-walk-{size}") as url:
        context = chromium.new_context(**options)
        context.set_default_timeout(BROWSER_WAIT_MS)
        try:
            yield context.new_page(), EmptyApp(url, services), size
        finally:
            context.close()


def fits(page: Page, size: str, *used: Locator) -> None:
    """On the phone: the page does not scroll sideways, no button leaves the screen, and each control used is in
    reach (within the screen's width once scrolled into view)."""
    if size != "phone":
        return
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, page.url
    assert page.evaluate(OUT_OF_REACH) == [], page.url
    for control in used:
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box is not None, control
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, control


def go(page: Page, size: str, name: str) -> None:
    """Follow a link of the main navigation: on a phone it sits behind the "Menu" button, opened first."""
    navigation = page.get_by_role("navigation", name="Main")
    if size == "phone":
        menu = navigation.locator("summary", has_text="Menu")
        expect(menu).to_be_visible()
        fits(page, size, menu)
        menu.click()
    link = navigation.get_by_role("link", name=name, exact=True)
    fits(page, size, link)
    link.click()


def download(page: Page, link: Locator, folder: Path) -> Path:
    with page.expect_download() as waiting:
        link.click()
    saved = folder / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    return saved


def test_a_new_applicant_walks_from_an_empty_workspace_to_a_list_they_can_act_on(
    walk: tuple[Page, EmptyApp, str], tmp_path: Path
) -> None:
    page, app, size = walk
    services = app.services

    # 1. Home, empty: three ways in; the applicant imports their own sheet.
    page.goto(f"{app.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if size == "phone":
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="My list")).to_be_hidden()
    expect(page.get_by_role("button", name="Try it on fictional demo data")).to_be_visible()
    fits(page, size)
    start = page.get_by_role("link", name="Import a sheet")
    fits(page, size, start)
    start.click()

    # 2. Import: the file's own columns go to the mapping preview; nothing is saved before the applicant agrees.
    page.get_by_label("Sheet file (.csv or .xlsx)").set_input_files(
        files=[{"name": "my tracker.csv", "mimeType": "text/csv", "buffer": TRACKER.encode()}]
    )
    page.get_by_role("button", name="Import the sheet").click()
    expect(page.get_by_role("heading", name="Check the columns of my tracker.csv")).to_be_visible()
    expect(page.get_by_label("Program Name")).to_have_value("name")
    expect(page.get_by_label("NRMP Code")).to_have_value("code")
    expect(page.get_by_label("ST", exact=True)).to_have_value("state")
    expect(page.get_by_label("IMG %")).to_have_value("img_share")
    expect(page.get_by_label("Interview date")).to_have_value("interview_date")  # not when a fact was checked
    fits(page, size)
    assert services.program_count() == 0
    page.get_by_label("J1?").select_option("visa_j1")
    go_on = page.get_by_role("button", name="Import 8 programs")
    fits(page, size, go_on)
    go_on.click()
    expect(page.locator("#import-result")).to_contain_text("Imported 8 programs from my tracker.csv")
    assert services.get_program("1003340C0").img_share == 40, "the Excel fraction 0.4 read as 40%"
    assert {program.specialty for program in services.list_programs().programs} == {"PM&R"}
    fits(page, size)

    # 3. Profile: lenient values, as the importer reads them.
    go(page, size, "Profile")
    page.get_by_label("Your name").fill("Ada Example")
    page.get_by_label("AAMC ID").fill("98765432")
    page.get_by_label("Applicant type").select_option(label="Non-US IMG")
    page.get_by_label("Visa you need").select_option(label="J-1")
    page.get_by_label("USMLE Step 2 CK score").fill("238")
    page.get_by_label("Preferred states").fill("New York, New Jersey")
    page.get_by_label("Tracks you will accept").fill("PM&R, prelim")
    save = page.get_by_role("button", name="Save profile")
    fits(page, size, save)
    save.click()
    expect(page.locator("#profile-saved")).to_be_visible()
    profile = services.profile()
    assert profile is not None
    assert profile.preferred_states == ("NY", "NJ")
    fits(page, size)

    # 4. My list: the chance of a match, read in words; pin one program, exclude another.
    go(page, size, "My list")
    expect(page.get_by_role("heading", name="Your chance of at least one match")).to_be_visible()
    expect(page.locator("#headline-chance")).to_contain_text("%")
    expect(page.locator("#headline-explained")).to_contain_text("at least one of them matches you")
    fits(page, size)
    chosen = page.locator("#chosen-heading ~ * table").first
    pin = page.get_by_role("button", name=f"Pin: always keep {PINNED[0]} on your list")
    fits(page, size, pin.first)
    pin.first.click()
    expect(page.locator("#pick-choices")).to_contain_text(PINNED[0])
    exclude = page.get_by_role("button", name=f"Exclude: never put {EXCLUDED[0]} on your list")
    fits(page, size, exclude.first)
    exclude.first.click()
    expect(page.locator("#pick-choices")).to_contain_text(EXCLUDED[0])
    expect(chosen).to_contain_text(PINNED[0])
    expect(chosen).not_to_contain_text(EXCLUDED[0])
    fits(page, size)

    # 5. Export: the CSV and the XLSX hold the list as shown, with the pin and without the excluded program.
    export = page.locator("#export-links")
    csv_link, xlsx_link = export.get_by_role("link", name="CSV"), export.get_by_role("link", name="Excel (XLSX)")
    fits(page, size, csv_link, xlsx_link)
    table = list(csv.DictReader(io.StringIO(download(page, csv_link, tmp_path).read_text(encoding="utf-8-sig"))))
    status = {row["code"]: row for row in table}
    assert status[PINNED[1]]["status"] == "chosen" and status[PINNED[1]]["name"] == PINNED[0]
    assert "pinned" in status[PINNED[1]]["reason"], status[PINNED[1]]
    assert status[EXCLUDED[1]]["status"] == "left_out" and "you chose never" in status[EXCLUDED[1]]["reason"]
    assert 0 <= float(status[PINNED[1]]["p_match_mid"]) <= 1
    workbook = load_workbook(download(page, xlsx_link, tmp_path), read_only=True)
    sheet = workbook.worksheets[0]
    header, *body = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    by_code = {row[header.index("code")]: dict(zip(header, row, strict=True)) for row in body}
    assert by_code.keys() == status.keys(), "the XLSX holds the same programs as the CSV"
    assert by_code[PINNED[1]]["status"] == "chosen" and by_code[EXCLUDED[1]]["status"] == "left_out"
    assert isinstance(by_code[PINNED[1]]["p_match_mid"], float), "numbers as numbers"

    # 6. Signals: where to send them, next.
    signals = page.locator("#signals")
    signals.scroll_into_view_if_needed()
    expect(signals.get_by_role("heading", name="Where to send your ERAS signals")).to_be_visible()
    fits(page, size)

    # 7. Letters next: the home page says what to do now (each step a link), then the Write page drafts the
    #    thank-you for the interview of last week and checks it against the NRMP rules.
    home = page.get_by_role("link", name="matchpilot", exact=True)  # the brand leads home, on every size
    fits(page, size, home)
    home.click()
    steps = page.locator("ol.next-steps")
    expect(
        steps.get_by_role("link", name="Check the visa facts of Oak Harbor Rehabilitation (fictional)")
    ).to_be_visible()
    fits(page, size, *steps.get_by_role("link").all())
    go(page, size, "Write")
    page.get_by_label("Program", exact=True).select_option(label="Lakeview Rehabilitation (fictional) (1001340C0)")
    page.get_by_label("Kind of letter", exact=True).select_option(label="post-interview thank-you")
    page.get_by_label("Interviewer").fill("Dr. Ana Rivera")
    page.get_by_label("Interview date").fill("2026-11-18")
    page.get_by_label("What you discussed").fill("the spinal cord injury rotation")
    draft = page.get_by_role("button", name="Get the draft")
    fits(page, size, draft)
    draft.click()
    message = page.get_by_label("Your message")
    expect(message).to_contain_text("Dear Dr. Rivera")
    expect(message).to_contain_text("my interview at Lakeview Rehabilitation (fictional) on November 18, 2026")
    expect(message).to_contain_text("(Ada Example, AAMC ID 98765432)")
    expect(message).not_to_contain_text("[")  # no placeholder left: the profile filled them all
    check = page.get_by_role("button", name="Check the message")
    fits(page, size, check, page.get_by_role("button", name="Save to the log"))
    check.click()
    expect(page.locator("#lint-summary")).to_be_visible()
    expect(page.locator("#lint-summary")).not_to_have_class("notice notice-error")  # the draft keeps the rules
    # exact: the marked copy is labelled "Your message, with the ..." once the imported interview is in the log
    expect(page.get_by_label("Your message", exact=True)).to_contain_text("Dear Dr. Rivera")
    fits(page, size)
    confirm = page.get_by_label("I have read the warnings and want to save this message as it is")
    if confirm.count():
        confirm.check()
    save = page.get_by_role("button", name="Save to the log")
    fits(page, size, save)
    save.click()
    expect(page).to_have_url(f"{app.url}/programs/1001340C0?saved=message#messages")
    expect(page.get_by_role("heading", name="Lakeview Rehabilitation (fictional)", level=1)).to_be_visible()
    fits(page, size)


# --- what the walk found: the phone's navigation, and the phone's cards without JavaScript -------------------------


class DemoApp(Protocol):
    """The ``live_app`` fixture of conftest.py (the demo data)."""

    url: str
    services: Services


def test_the_phone_navigation_is_one_menu_button_that_opens_without_javascript(
    chromium: Browser, live_app: DemoApp
) -> None:
    """The top navigation wrapped to four lines on a phone: it is now a "Menu" button (a <details>) that the keyboard
    reaches and opens with JavaScript off; on a laptop the links stand in the header as before."""
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_app.url}/picks")
        header = page.locator("header.site-header").bounding_box()
        assert header is not None and header["height"] < 80, "one line: the brand and the Menu button"
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation.get_by_role("link", name="My list")).to_be_hidden()
        for _ in range(3):  # skip link, brand, Menu
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Programs"
        fits(page, "phone", *navigation.get_by_role("link").all())
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{live_app.url}/programs")
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs")).to_be_hidden()
    finally:
        context.close()

    laptop = chromium.new_context(viewport=LAPTOP)
    try:
        page = laptop.new_page()
        page.goto(f"{live_app.url}/picks")
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation.locator("summary", has_text="Menu")).to_be_hidden()
        expect(navigation.get_by_role("link", name="My list")).to_be_visible()
        for _ in range(3):  # skip link, brand, then the first link itself: no Menu button in the way
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Programs"
    finally:
        laptop.close()


def test_the_open_menu_is_accessible_on_a_phone(chromium: Browser, live_app: DemoApp) -> None:
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{live_app.url}/")
        menu = page.get_by_role("navigation", name="Main").locator("summary", has_text="Menu")
        menu.click()
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Match Week")).to_be_visible()
        assert axe_violations(page) == []
    finally:
        context.close()


def test_the_phone_cards_name_their_columns_without_javascript(chromium: Browser, live_app: DemoApp) -> None:
    """Without JavaScript the phone's cards showed values without their column names (page.js set them)."""
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_app.url}/programs?sort=name")
        row = page.locator("table.sheet tbody tr").first
        shown = row.locator("td[data-label='Place']").evaluate("c => getComputedStyle(c, '::before').content")
        assert shown == '"Place: "'
        page.goto(f"{live_app.url}/rank-list")
        cell = page.locator("#rank-table tbody tr").first.locator("td").nth(1)
        assert cell.evaluate("c => getComputedStyle(c, '::before').content").startswith('"')
        page.goto(f"{live_app.url}/picks?max=5")
        cells = page.locator("#chosen-table tbody tr").first.locator("td")
        names = cells.evaluate_all("cs => cs.map(c => getComputedStyle(c, '::before').content)")
        assert names[:3] == ['"#: "', '"Program: "', '"Kind: "'] and '"Fee: "' in names
    finally:
        context.close()
