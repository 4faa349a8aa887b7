"""Accessibility of every main page, checked in headless Chromium with axe-core (WCAG 2.1 A and AA rules).

axe-core comes from the npm registry through the project's package.json (``make test`` installs it); it is
injected into each page the way a browser extension would, and its violations are reported rule by rule with the
elements they concern.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pytest
from playwright.sync_api import Page

from matchpilot.bootstrap import build_services
from matchpilot.pick import PickLimits
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.services.picks import pick_for, record_outcome

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


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds on ``page`` as loaded."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """The violations as a reader wants them: rule, impact, help and the first elements concerned."""
    return json.dumps(
        [
            {
                "rule": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"][:3]],
            }
            for v in violations
        ],
        indent=1,
    )


@pytest.mark.parametrize("path", PAGES)
def test_a_main_page_has_no_accessibility_violation(page: Page, live_app: LiveApp, path: str) -> None:
    response = page.goto(f"{live_app.url}{path}")
    assert response is not None and response.status == 200
    violations = axe_violations(page)
    assert not violations, f"{path}: {describe(violations)}"


def test_a_program_page_has_no_accessibility_violation(page: Page, live_app: LiveApp) -> None:
    code = live_app.services.list_programs().programs[0].code
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


def test_the_checker_finds_a_violation(page: Page, live_app: LiveApp) -> None:
    """The check itself works: an image without a text alternative and an unlabelled input are found."""
    page.goto(f"{live_app.url}/")
    page.evaluate(
        "() => { const f = document.createElement('div'); "
        "f.innerHTML = '<img src=\"x.png\"><input type=\"text\">'; document.querySelector('main').appendChild(f); }"
    )
    rules = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= rules
