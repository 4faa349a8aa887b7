"""Issue 15 items 5, 7 and 8 in real headless Chromium: a rank list entry and a supplemental choice show program
names (the choice picked by name, submitting the code); two programs ticked on the sheet are compared side by
side and one is starred; the research simulator opens from the "Tools" menu. axe-core checks each page."""

from __future__ import annotations

from typing import Protocol

import pytest
from playwright.sync_api import Page, expect

from matchpilot.services import Services
from matchpilot.services.compare import favourites, set_favourite
from matchpilot.services.rank_lists import rank_list

from support.axe import axe_violations, describe

pytestmark = pytest.mark.browser


class LiveApp(Protocol):
    """The ``live_app`` fixture of conftest.py: the running app's address and its services."""

    url: str
    services: Services


def test_a_rank_list_entry_and_a_supplemental_choice_show_names(page: Page, live_app: LiveApp) -> None:
    services = live_app.services
    rol = rank_list(services)
    advanced = next(c for c in rol.primary if c[7] == "A")
    before = rol.supplemental_for(advanced)
    pgy1 = next(p for p in services.list_programs().programs if p.track.is_pgy1_only)
    page.goto(f"{live_app.url}/rank-list")
    first = services.get_program(rol.primary[0])
    expect(page.locator(f"#r-{first.code} td.name-cell")).to_contain_text(first.name)
    choice = page.get_by_label("Choice 1").and_(page.locator(f"#supp-{advanced}-1"))
    choice.fill(f"{pgy1.name} ({pgy1.code})")  # as the field's suggestion reads
    for place in range(2, page.locator(f"input[id^='supp-{advanced}-']").count() + 1):
        page.locator(f"#supp-{advanced}-{place}").fill("")
    page.get_by_role("button", name=f"Save the list of {services.get_program(advanced).name}").click()
    expect(page.locator("#rank-saved")).to_be_visible()
    assert rank_list(services).supplemental_for(advanced).codes == (pgy1.code,)  # type: ignore[union-attr]
    expect(page.locator(f"#r-{advanced} .supp-names")).to_contain_text(pgy1.name)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    if before is not None:  # leave the shared demo as it was
        from matchpilot.services.rank_lists import set_supplemental

        set_supplemental(services, advanced, list(before.codes))


def test_compare_two_ticked_programs_and_star_one(page: Page, live_app: LiveApp) -> None:
    services = live_app.services
    one, two = services.list_programs().programs[:2]
    page.goto(f"{live_app.url}/programs/compare?code={one.code}&code={two.code}")
    expect(page.get_by_role("heading", name="Compare programs", level=1)).to_be_visible()
    expect(page.locator("#compare-table thead")).to_contain_text(one.name)
    expect(page.locator("#compare-table thead")).to_contain_text(two.name)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_role("button", name=f"Favourite: {two.name}").click()
    expect(page.get_by_role("button", name=f"Favourite: {two.name}")).to_have_attribute("aria-pressed", "true")
    assert favourites(services) == {two.code}
    page.goto(f"{live_app.url}/programs")
    page.get_by_label("Favourites only").check()
    page.get_by_role("button", name="Show programs").click()
    expect(page.locator("table.sheet tbody tr")).to_have_count(1)
    expect(page.locator("table.sheet tbody")).to_contain_text(two.name)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    set_favourite(services, two.code, on=False)


def test_the_sheet_checkboxes_submit_the_comparison(page: Page, live_app: LiveApp) -> None:
    services = live_app.services
    one, two = services.list_programs().programs[:2]
    page.goto(f"{live_app.url}/programs?sort=code")
    page.get_by_label(f"Compare {one.name}").check()
    page.get_by_label(f"Compare {two.name}").check()
    page.get_by_role("button", name="Compare the ticked programs").click()
    expect(page).to_have_url(f"{live_app.url}/programs/compare?code={one.code}&code={two.code}")
    expect(page.locator("#compare-table thead")).to_contain_text(two.name)


def test_the_research_simulator_opens_from_tools(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/")
    page.get_by_text("Tools", exact=True).click()
    page.get_by_role("link", name="Research Match simulator").click()
    expect(page).to_have_url(f"{live_app.url}/match-simulator")
    violations = axe_violations(page)
    assert not violations, describe(violations)
