"""Editing the sheet in real headless Chromium (issue 15, item 2): "Edit facts" with a bad value (the error
summary receives focus, the field is described by its message, nothing is saved), then corrected with a source;
interest and notes; adding a program; removing one after confirming; clearing the demo. axe-core checks each
form, including the pages with errors.

Runs its own app over its own demo database (the session's demo app stays untouched for the other tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from matchpilot.bootstrap import build_services
from matchpilot.domain.sheet import program_to_cells
from matchpilot.services import Services
from matchpilot.services.demo import demo_program_count, load_demo
from matchpilot.services.editing import add_program

from support.axe import axe_violations, describe
from support.web import BROWSER_WAIT_MS, serving

pytestmark = pytest.mark.browser

WEB_TODAY = date(2026, 11, 23)
OWN_PROGRAM = {
    "code": "1998340C0",
    "name": "Hillside Rehabilitation (mine)",
    "specialty": "Physical Medicine & Rehabilitation",
    "track": "categorical",
    "source": "program website",
}
"""A program of the user's own, on the sheet of ``cleared_app``."""


@dataclass(frozen=True)
class EditApp:
    url: str
    services: Services


@pytest.fixture(scope="module")
def edit_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EditApp]:
    folder = tmp_path_factory.mktemp("edit-web")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: WEB_TODAY)
    load_demo(services)
    with serving(services, "matchpilot-edit-web") as url:
        yield EditApp(url, services)


@pytest.fixture
def tab(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(BROWSER_WAIT_MS)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {describe(violations)}"


def test_a_fact_is_corrected_with_its_source_after_a_bad_value_is_refused(tab: Page, edit_app: EditApp) -> None:
    services = edit_app.services
    program = services.list_programs().programs[1]
    tab.goto(f"{edit_app.url}/programs/{program.code}")
    tab.get_by_role("link", name="Edit facts").click()
    expect(tab.get_by_role("heading", name="Edit facts", exact=True)).to_be_visible()
    assert_accessible(tab)

    tab.get_by_label("J-1 visa", exact=True).select_option("no" if program.visa_j1 else "yes")
    tab.get_by_label("Residents who graduated abroad (IMG share)", exact=True).fill("about half")
    tab.get_by_role("button", name="Save the facts").click()

    summary = tab.get_by_role("alert")
    expect(summary).to_contain_text("Nothing was saved")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="J-1 visa (source)")).to_be_visible()
    share = tab.locator("#f-img_share")
    expect(share).to_have_value("about half")
    expect(share).to_have_attribute("aria-invalid", "true")
    expect(tab.locator("#f-img_share-error")).to_have_text("! 'about half' is not a percentage")
    assert "f-img_share-error" in (share.get_attribute("aria-describedby") or "")
    assert services.get_program(program.code) == program
    assert_accessible(tab)

    share.fill(program_to_cells(program)["img_share"])  # back as it was: no change, no source needed
    tab.locator("#f-visa_j1_source").fill("email from the coordinator")
    tab.get_by_role("button", name="Save the facts").click()
    expect(tab.get_by_role("status").filter(has_text="Saved:")).to_be_visible()
    expect(tab.locator("#fact-visa_j1")).to_contain_text("email from the coordinator")
    saved = services.get_program(program.code)
    assert saved.visa_j1 is not program.visa_j1 and saved.img_share == program.img_share


def test_interest_and_notes_are_set_on_the_program_page(tab: Page, edit_app: EditApp) -> None:
    code = edit_app.services.list_programs().programs[2].code
    tab.goto(f"{edit_app.url}/programs/{code}")
    assert_accessible(tab)
    tab.get_by_label("Your interest (1 to 5)").select_option("5")
    tab.get_by_label("Your notes").fill("Strong spinal cord injury unit")
    tab.get_by_role("button", name="Save interest and notes").click()
    expect(tab.get_by_text("Your interest and notes were saved.")).to_be_visible()
    assert edit_app.services.get_program(code).interest == 5


def test_a_program_is_added_after_a_missing_required_fact_is_named(tab: Page, edit_app: EditApp) -> None:
    tab.goto(f"{edit_app.url}/programs")
    tab.get_by_role("link", name="Add a program").click()
    assert_accessible(tab)
    tab.get_by_label("Program code (required)").fill("1999340C0")
    tab.get_by_label("Name (required)", exact=True).fill("Riverside Rehabilitation (mine)")
    tab.get_by_label("Track (required)", exact=True).select_option("categorical")
    tab.get_by_role("button", name="Add the program").click()
    expect(tab.get_by_role("alert")).to_be_focused()
    expect(tab.get_by_role("alert").get_by_role("link", name="Specialty: a value is required")).to_be_visible()
    assert_accessible(tab)
    tab.get_by_label("Specialty (required)", exact=True).fill("Physical Medicine & Rehabilitation")
    tab.get_by_label("Where these facts come from (required)").fill("program website")
    tab.get_by_label("State", exact=True).fill("New York")
    tab.get_by_role("button", name="Add the program").click()
    expect(tab.get_by_text("The program was added to your sheet.")).to_be_visible()
    added = edit_app.services.get_program("1999340C0")
    assert (added.specialty, added.state) == ("PM&R", "NY")


@pytest.fixture
def cleared_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EditApp]:
    """An app of its own for the test that clears the demo (the other tests of the module, in any order, keep
    theirs): the demo and one program of the user's own, as the test that adds one leaves ``edit_app``."""
    folder = tmp_path_factory.mktemp("edit-web-cleared")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: WEB_TODAY)
    load_demo(services)
    assert add_program(services, OWN_PROGRAM).program is not None
    with serving(services, "matchpilot-edit-web-cleared") as url:
        yield EditApp(url, services)


def test_a_program_is_removed_after_confirming_and_the_demo_cleared_from_the_sheet_page(
    tab: Page, cleared_app: EditApp
) -> None:
    edit_app = cleared_app
    services = edit_app.services
    program = services.list_programs().programs[3]
    tab.goto(f"{edit_app.url}/programs/{program.code}")
    tab.get_by_role("link", name="Remove from my sheet").click()
    assert_accessible(tab)
    tab.get_by_role("button", name="Yes, remove this program").click()
    expect(tab.get_by_text(f"{program.name} was removed from your sheet.")).to_be_visible()

    own = services.program_count() - demo_program_count(services)
    assert own == 1  # the user's own program (cleared_app)
    tab.goto(f"{edit_app.url}/sheet")
    tab.get_by_role("link", name="Clear the demo data").click()
    assert_accessible(tab)
    tab.get_by_role("button", name="Yes, clear the demo data").click()
    assert services.program_count() == own


def test_a_failed_profile_save_moves_the_focus_to_the_error_summary(tab: Page, edit_app: EditApp) -> None:
    tab.goto(f"{edit_app.url}/profile")
    tab.get_by_label("USMLE Step 2 CK score").fill("great")
    tab.get_by_role("button", name="Save profile").click()
    expect(tab.locator("#profile-errors")).to_be_focused()
    assert_accessible(tab)
