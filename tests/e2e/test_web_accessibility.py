"""Accessibility of every main page, checked in headless Chromium with axe-core (all its rules: WCAG 2.1 A and AA
and best practices, every impact), and the focus after a failed submit.

axe-core comes from the npm registry through the project's package.json (``make test`` installs it); it is
injected into each page the way a browser extension would, and its violations are reported rule by rule with the
elements they concern. Besides these tests, every page any browser test visits is checked (support/axe.py, the
``axe_watch`` fixture of conftest.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Page, expect

from matchpilot.bootstrap import build_services
from matchpilot.pick import PickLimits
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.services.picks import pick_for, record_outcome

from support.axe import AxeWatch, axe_violations, describe
from support.web import serving

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/programs",
    "/programs/import",
    "/profile",
    "/sheet",
    "/picks",
    "/compose",
    "/rank-list",
    "/rank-list/couple",
    "/match-simulator",
    "/match-week",
]


class LiveApp(Protocol):
    """The ``live_app`` fixture of conftest.py."""

    url: str
    services: Services


@pytest.mark.parametrize("path", PAGES)
def test_a_main_page_has_no_accessibility_violation(
    page: Page, live_app: LiveApp, path: str, axe_watch: AxeWatch
) -> None:
    axe_watch.leave_to_test(page)  # this test checks the page itself: axe runs once on it, not twice
    response = page.goto(f"{live_app.url}{path}")
    assert response is not None and response.status == 200
    violations = axe_violations(page)
    assert not violations, f"{path}: {describe(violations)}"


def test_a_program_page_has_no_accessibility_violation(page: Page, live_app: LiveApp, axe_watch: AxeWatch) -> None:
    code = live_app.services.list_programs().programs[0].code
    axe_watch.leave_to_test(page)
    page.goto(f"{live_app.url}/programs/{code}")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_chances_report_with_scores_has_no_accessibility_violation(page: Page, tmp_path: Path) -> None:
    """/picks/report with outcomes scored (its chart and tables), on an app of its own: the shared demo app's
    outcomes stay as they are."""
    services = build_services(database_url=f"sqlite:///{tmp_path}/report.db", today=lambda: date(2026, 10, 1))
    load_demo(services)
    chosen = pick_for(services, PickLimits(max_applications=6)).chosen  # the chances shown
    for picked, word in zip(chosen, ["invited", "rejected", "rejected", "silent"], strict=False):
        record_outcome(services, picked.program.code, word)
    with serving(services) as url:
        page.goto(f"{url}/picks/report")
        assert page.locator("#reliability-table").count() == 1
        violations = axe_violations(page)
    services.database.dispose()
    assert not violations, describe(violations)


def test_the_checker_finds_a_violation(page: Page, live_app: LiveApp, axe_watch: AxeWatch) -> None:
    """The check itself works: an image without a text alternative and an unlabelled input are found."""
    page.goto(f"{live_app.url}/")
    axe_watch.excuse(page)  # the page is broken on purpose below
    page.evaluate(
        "() => { const f = document.createElement('div'); "
        "f.innerHTML = '<img src=\"x.png\"><input type=\"text\">'; document.querySelector('main').appendChild(f); }"
    )
    rules = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= rules


BROKEN_PAGE = """<!doctype html><html lang="en"><head><title>Broken on purpose</title></head><body>
<nav><a href="/">One</a></nav><nav><a href="/">Two</a></nav>
<main><h1>Broken on purpose</h1><img src="x.png"><input type="text"></main></body></html>"""


def test_every_page_a_test_visits_is_checked(page: Page, live_app: LiveApp, axe_watch: AxeWatch) -> None:
    """The watch over all browser tests works: a page of the app's address that breaks a WCAG rule (image-alt,
    label) and a best practice (landmark-unique: two navigations of the same name) is found on its own, with no
    call from the test but a visit; the test takes the findings so that they do not fail it."""
    broken = f"{live_app.url}/broken-on-purpose"
    page.route(broken, lambda route: route.fulfill(status=200, content_type="text/html", body=BROKEN_PAGE))
    page.goto(broken)
    axe_watch.check_now(page)  # waits for the check the page started on load
    found = [f for f in axe_watch.take_findings() if f.url == broken]
    assert len(found) == 1
    assert {"image-alt", "label", "landmark-unique"} <= {v["rule"] for v in found[0].violations}
    page.goto(f"{live_app.url}/")


def test_a_document_left_to_the_test_is_checked_once_and_recorded_for_the_watch(
    page: Page, live_app: LiveApp, axe_watch: AxeWatch
) -> None:
    """``leave_to_test``: the watch runs no check of its own on the next document (axe ran twice on the pages a
    test checks itself), records the test's check for that variant, and checks the page's later documents."""
    left, later = f"{live_app.url}/broken-left-to-the-test", f"{live_app.url}/broken-after-the-test"
    for url in (left, later):
        page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=BROKEN_PAGE))
    axe_watch.leave_to_test(page)
    page.goto(left)
    axe_watch.check_now(page)
    assert not [f for f in axe_watch.take_findings() if f.url == left]  # the watch ran nothing on it
    assert {"image-alt", "label"} <= {v["id"] for v in axe_violations(page)}
    recorded = axe_watch.checked[page.evaluate("() => window.__mpAxeVariant()")]
    assert recorded.url == left and {"image-alt", "label"} <= {v["rule"] for v in recorded.violations}
    assert not axe_watch.take_findings()  # the test reports what its own check found, the watch does not
    page.goto(later)
    axe_watch.check_now(page)
    found = [f for f in axe_watch.take_findings() if f.url == later]  # later documents: checked as before
    assert len(found) == 1 and {"image-alt", "label"} <= {v["rule"] for v in found[0].violations}
    page.goto(f"{live_app.url}/")


def test_a_page_whose_policy_allows_only_its_own_scripts_is_checked(
    page: Page, live_app: LiveApp, axe_watch: AxeWatch
) -> None:
    """The watch loads axe-core only into the documents it checks, by an evaluation the page's
    Content-Security-Policy does not govern: a page under the multi-user server's policy (``script-src 'self'``, no
    inline script, no eval) is checked as well, and a test's own ``axe_violations`` works there too."""
    broken = f"{live_app.url}/broken-under-policy"
    policy = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"
    page.route(
        broken,
        lambda route: route.fulfill(
            status=200, content_type="text/html", headers={"Content-Security-Policy": policy}, body=BROKEN_PAGE
        ),
    )
    page.goto(broken)
    axe_watch.check_now(page)
    found = [f for f in axe_watch.take_findings() if f.url == broken]
    assert len(found) == 1
    assert {"image-alt", "label", "landmark-unique"} <= {v["rule"] for v in found[0].violations}
    assert {"image-alt", "label"} <= {v["id"] for v in axe_violations(page)}
    page.goto(f"{live_app.url}/")


BAD_SHEET = (
    "code,name,specialty,track,visa_j1,min_step2,checked_on\n"
    "7002340C0,Clearwater Rehabilitation (fictional),PM&R,categorical,maybe,999,2026-05-01\n"
)
"""One row with two bad cells: nothing is saved."""


def test_focus_moves_to_the_error_summary_after_a_failed_submit(page: Page, live_app: LiveApp) -> None:
    """The profile form and the sheet import come back with an error summary that has the focus (it was on the
    page's body), so a screen reader reads it first and Tab goes on to its links."""
    page.goto(f"{live_app.url}/profile")
    page.get_by_label("USMLE Step 2 CK score").fill("400")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator("#profile-errors")).to_be_focused()

    page.goto(f"{live_app.url}/programs/import")
    page.get_by_label("Sheet file (.csv or .xlsx)").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": BAD_SHEET.encode()}]
    )
    page.get_by_role("button", name="Import the sheet").click()
    summary = page.locator("#import-result")
    expect(summary).to_contain_text("Nothing was saved")
    expect(summary).to_be_focused()


def test_focus_moves_to_the_invalid_field_when_a_form_has_no_summary(page: Page, live_app: LiveApp) -> None:
    """Match Week's time-zone form marks its field only: the focus goes to that field."""
    page.goto(f"{live_app.url}/match-week")
    page.get_by_label("Your time zone").fill("Nowhere/Atlantis")
    page.get_by_role("button", name="Show in this zone").click()
    expect(page.locator("#tz-error")).to_be_visible()
    expect(page.get_by_label("Your time zone")).to_be_focused()


def test_a_page_without_errors_leaves_the_focus_alone(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/profile")
    assert page.evaluate("document.activeElement === document.body")


def test_focus_moves_to_the_field_a_lone_error_describes(page: Page, live_app: LiveApp) -> None:
    """A program's log form, refused, comes back (after its redirect) with one error above the date it concerns:
    the focus goes to that date field."""
    code = live_app.services.list_programs().programs[0].code
    page.goto(f"{live_app.url}/programs/{code}?log_error=The+date+is+missing")
    expect(page.locator("#log-error")).to_be_visible()
    expect(page.locator("#log-on")).to_be_focused()
