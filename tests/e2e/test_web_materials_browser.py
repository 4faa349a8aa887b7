"""The Materials pages in real headless Chromium: reached from the navigation, a statement checked and saved,
an experience entry refused with its field named then saved, a letter planned and tracked — all with JavaScript
off (plain forms) — and every Materials page, with and without errors shown, free of axe-core violations.

Runs its own app over an empty workspace (the session's demo app stays untouched).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services import materials as mat

from support.axe import axe_violations
from support.web import BROWSER_WAIT_MS, serving

pytestmark = pytest.mark.browser

PMR = (
    "Physiatry is where I belong. During my observership on an inpatient rehabilitation unit I took part in team "
    "rounds and functional assessments, and saw what quality of life means to a patient after a stroke."
)


@dataclass(frozen=True)
class MaterialsApp:
    url: str
    services: Services


@pytest.fixture(scope="module")
def materials_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MaterialsApp]:
    folder = tmp_path_factory.mktemp("materials-web")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: date(2026, 11, 23))
    with serving(services, "matchpilot-materials-web") as url:
        yield MaterialsApp(url, services)


def _page(chromium: Browser, *, javascript: bool) -> Iterator[Page]:
    # Not through the AxeWatch (the class's own new_context): these tests check every page explicitly, and the
    # watch's background checks and the explicit ones waited on each other on these pages.
    context = type(chromium).new_context(
        chromium, viewport={"width": 1280, "height": 900}, locale="en-US", java_script_enabled=javascript
    )
    context.set_default_timeout(BROWSER_WAIT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def no_js_page(chromium: Browser) -> Iterator[Page]:
    yield from _page(chromium, javascript=False)


@pytest.fixture
def js_page(chromium: Browser) -> Iterator[Page]:
    yield from _page(chromium, javascript=True)


def _violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on ``page`` (all rules), after any check the AxeWatch is running on it."""
    return [{"rule": v["id"], "nodes": [n["target"] for n in v["nodes"][:3]]} for v in axe_violations(page)]


def test_write_check_and_track_materials_without_javascript(no_js_page: Page, materials_app: MaterialsApp) -> None:
    page = no_js_page
    page.goto(materials_app.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Materials").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application materials")

    page.get_by_role("link", name="Write the PM&R statement (core)").click()
    page.get_by_label("Statement").fill("I like physiatry.")
    page.get_by_role("button", name="Check without saving").click()
    expect(page.get_by_text("Tells of your rehabilitation experience")).to_be_visible()
    assert not mat.statement(materials_app.services, "pmr").written
    page.get_by_label("Statement").fill(PMR)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Statement saved.")
    expect(page.get_by_role("heading", name="Checks")).to_contain_text("every check passes")

    page.goto(materials_app.url + "/materials/experiences/new")
    page.get_by_label("Description").fill("I observed stroke care.")
    page.get_by_role("button", name="Save").click()
    title = page.get_by_role("textbox", name="Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#m-title-error")).to_contain_text("the title is required")
    expect(page.get_by_label("Description")).to_have_value("I observed stroke care.")
    title.fill("Stroke unit observership")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Says what you did, not only what you observed")).to_be_visible()

    page.goto(materials_app.url + "/materials/letters/new")
    page.get_by_label("Writer", exact=True).fill("Dr. Ana Ruiz")
    page.get_by_label("Writer's specialty").fill("Neurology")
    page.get_by_label("Requested on").fill("2026-10-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("None of your letters is from a PM&R physician.")).to_be_visible()
    page.get_by_role("link", name="Dr. Ana Ruiz").click()
    page.get_by_label("Assigned to programs on").fill("2026-10-05")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#m-uploaded_on-error")).to_contain_text("a letter is assigned only after it is uploaded")
    page.get_by_label("Uploaded to ERAS on").fill("2026-10-04")
    page.get_by_role("button", name="Save", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Dr. Ana Ruiz")
    expect(row).to_contain_text("assigned")
    expect(row).to_contain_text("2026-10-04")


def test_the_materials_pages_have_no_accessibility_violation(js_page: Page, materials_app: MaterialsApp) -> None:
    services = materials_app.services
    mat.save_statement(services, "general", "I want to care for complex, chronically ill patients. [City]")
    entry = mat.add_experience(services, "Research", "", "Data cleaning.")
    paths = [
        "/materials",
        "/materials/statements/general",
        "/materials/statements/prelim",
        f"/materials/experiences/{entry.id}",
        "/materials/letters/new",
    ]
    for path in paths:
        response = js_page.goto(materials_app.url + path)
        assert response is not None and response.ok, path
        found = _violations(js_page)
        assert found == [], f"{path}: {json.dumps(found)}"
    js_page.goto(materials_app.url + "/materials/letters/new")
    js_page.get_by_role("button", name="Save").click()  # nothing filled in: the errors shown
    expect(js_page.get_by_role("alert")).to_contain_text("Nothing was saved")
    found = _violations(js_page)
    assert found == [], json.dumps(found)


def test_the_materials_pages_fit_a_phone(chromium: Browser, materials_app: MaterialsApp) -> None:
    services = materials_app.services
    mat.save_statement(services, "prelim", "A preliminary year of training. [Program]")
    context = chromium.new_context(viewport={"width": 375, "height": 740}, locale="en-US")
    try:
        page = context.new_page()
        for path in ("/materials", "/materials/statements/prelim", "/materials/letters/new"):
            page.goto(materials_app.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()
