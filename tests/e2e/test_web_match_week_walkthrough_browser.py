"""Issue 14's "Done when", walked in real headless Chromium from the web app alone: in January the applicant
ticks checklist items, writes the three personal statements, adds an ERAS experience and plans a letter on the
Materials pages; rehearses in Practice Match Week (start, the Monday triage and plan, an offer in a round,
accepted); then lives the real Match Week 2027: imports an unfilled list with its own column names through the
mapping preview, saves a plan's applications, records an offer in round 2, sees the round's end in New York and
in Kolkata time, cannot accept the offer a minute after its round ends but can a minute before, accepts it and
reads After SOAP's matched path.

Every hour is read from the dated rules data (never written here), and the app's clock is set per step the way
the Match Week pages allow it: ``now`` and ``tz`` in the address, the offers page's "Rehearse at", and the
practice clock. Runs its own app (January 2027) over the fictional demo data; the shared demo app is untouched.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from matchpilot.bootstrap import build_services
from matchpilot.domain.rules import MatchWeekEvent
from matchpilot.letters.materials import check_statement
from matchpilot.services import Services
from matchpilot.services import materials as mat
from matchpilot.services import soap_practice as practice
from matchpilot.services import soap_week as week
from matchpilot.services.demo import load_demo
from matchpilot.services.soap import load_rules
from matchpilot.soap import format_local, soap_category

from support.web import serving

pytestmark = pytest.mark.browser

RULES = load_rules().rules
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
JANUARY = date(2027, 1, 15)

STATEMENTS = {
    "pmr": (
        "PM&R statement (core)",
        "Physiatry is where I belong. During my observership on an inpatient rehabilitation unit I took part in "
        "team rounds and functional assessments, and saw what quality of life means to a patient after a stroke.",
    ),
    "prelim": (
        "Preliminary/transitional statement (bridge)",
        "I am applying for a preliminary year as preparation for my long-term goal of a career in Physical "
        "Medicine and Rehabilitation. A strong intern year in internal medicine will build the clinical "
        "foundation a physiatrist needs.",
    ),
    "general": (
        "General clinical statement (backup)",
        "I want to care for complex, chronically ill patients over time. I value teamwork with nurses and "
        "therapists, careful listening, and honest conversations about goals, and I will bring the same steady "
        "work to every patient on the wards.",
    ),
}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[str, Services]]:
    services = build_services(database_url=f"sqlite:///{tmp_path}/walk.db", today=lambda: JANUARY)
    load_demo(services)
    with serving(services, "matchpilot-walkthrough") as url:
        yield url, services


def _round(number: int) -> MatchWeekEvent:
    schedule = RULES.match_week(2027)
    assert schedule is not None
    event = schedule.round_event(number)
    assert event is not None and event.end is not None
    return event


def _local(moment: datetime, zone: ZoneInfo) -> str:
    """A moment as a datetime-local field holds it, in ``zone``."""
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _offers_at(url: str, moment: datetime, zone: ZoneInfo) -> str:
    return f"{url}/match-week/offers?" + urlencode({"now": _local(moment, zone), "tz": zone.key})


def _unfilled_csv(services: Services) -> bytes:
    """An unfilled list as users get it: its own column names, the programs of the sheet that may take a J-1
    visa holder (PM&R and PGY-1 years), positions and state."""
    programs = [p for p in services.list_programs().programs if p.visa_j1 is not False]
    chosen = [p for p in programs if soap_category(p) == "pmr"][:20] + [
        p for p in programs if soap_category(p) == "prelim"
    ][:25]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Program Code", "Program Name", "Specialty", "Program Track", "Positions Available", "State"])
    for p in chosen:
        writer.writerow([p.code, p.name, p.specialty, p.track.value, "1", p.state or ""])
    return out.getvalue().encode("utf-8")


def _january(page: Page, url: str, services: Services) -> None:
    # the checklist, in January, at a moment given in the address
    january = datetime(2027, 1, 15, 10, 0, tzinfo=NEW_YORK)
    page.goto(f"{url}/match-week?" + urlencode({"now": _local(january, NEW_YORK), "tz": NEW_YORK.key}))
    expect(
        page.locator("#checklist").get_by_role("heading", name="Ready for Match Week 2027: your checklist")
    ).to_be_visible()
    page.get_by_label("Registration for the Main Residency Match complete").check()
    page.get_by_label("Letters of recommendation in place").check()
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.locator("#checklist-saved")).to_be_visible()
    expect(page.locator("#item-nrmp-registration")).to_contain_text("Done")
    expect(page.locator("#checklist-summary")).to_contain_text("2 of")

    # the three personal statements, from the Materials page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Materials").click()
    for number, (variant, (label, text)) in enumerate(STATEMENTS.items()):
        assert check_statement(variant, text).passed  # the texts pass the product's own checks
        if number:  # the first starts where the Main menu's link led: no second load of /materials
            page.goto(f"{url}/materials")
        page.locator(f'a[href="/materials/statements/{variant}"]').click()
        expect(page.get_by_role("heading", level=1)).to_have_text(label)
        page.get_by_label("Statement").fill(text)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("Statement saved.")
        expect(page.get_by_role("heading", name="Checks")).to_contain_text("every check passes")
        assert mat.statement(services, variant).text == text

    # an ERAS experience entry and a letter of recommendation
    page.goto(f"{url}/materials")
    page.get_by_role("link", name="Add an experience entry").click()
    page.get_by_label("Title").fill("Inpatient rehabilitation observership")
    page.get_by_label("Description").fill(
        "I took part in interdisciplinary team meetings with physical and occupational therapists and assessed "
        "mobility and independence in daily living after stroke and spinal cord injury."
    )
    page.get_by_role("button", name="Save").click()
    page.goto(f"{url}/materials")
    expect(page.get_by_role("link", name="Inpatient rehabilitation observership")).to_be_visible()
    page.get_by_role("link", name="Plan a letter").click()
    page.get_by_label("Writer", exact=True).fill("Dr. Lena Park (fictional)")
    page.get_by_label("Writer's specialty").fill("Physical Medicine and Rehabilitation")
    page.get_by_label("Requested on").fill("2027-01-10")
    page.get_by_role("button", name="Save").click()  # a saved letter leads back to /materials
    expect(page).to_have_url(re.compile(r"/materials\?done=letter"))
    expect(page.get_by_role("row").filter(has_text="Dr. Lena Park (fictional)")).to_contain_text("requested")
    assert [e.experience.title for e in mat.experiences(services)][-1] == "Inpatient rehabilitation observership"


def _jump_to(page: Page, ending: str) -> None:
    options = page.locator("#clock-moment option").evaluate_all("options => options.map(o => [o.value, o.textContent])")
    value = next(v for v, text in options if text.endswith(ending))
    page.get_by_label("Jump to").select_option(value)
    page.get_by_role("button", name="Set the clock").click()


def _rehearsal(page: Page, url: str, services: Services) -> None:
    page.goto(f"{url}/match-week")
    page.get_by_role("link", name="Practice Match Week").click()
    expect(page.locator("#practice-banner")).to_contain_text("nothing here touches your real Match Week")
    page.get_by_label("Seed (optional)").fill("1")
    page.get_by_role("button", name="Start a practice").click()
    expect(page.locator("#practice-done")).to_contain_text("Practice started")
    state = practice.practice_state(services)
    assert state is not None and state.year == 2027  # January 2027: the Match Week ahead

    # Monday: the list is released, the triage and the plan
    _jump_to(page, ": List of unfilled programs for SOAP-eligible applicants")
    expect(page.locator("#practice-unfilled")).to_be_attached()
    page.get_by_label("Distribution plan").select_option("best-case")
    page.get_by_role("button", name="Make the plan and send its applications").click()
    expect(page.locator("#practice-done")).to_contain_text("applications are sent")
    assert int(page.locator("#practice-sent strong").inner_text()) > 0

    # Thursday: round by round until an offer arrives, then accept it
    for number in (1, 2, 3, 4):
        _jump_to(page, f": SOAP offer round {number}")
        expect(page.locator("#practice-clock")).to_contain_text(f"SOAP offer round {number} is open")
        buttons = page.get_by_role("button", name="Accept: the practice offer of", exact=False)
        if buttons.count():
            buttons.first.click()
            expect(page.locator("#practice-done")).to_contain_text("your practice SOAP is over")
            break
    else:
        pytest.fail("no practice offer arrived in any round")
    assert week.list_offers(services) == ()  # the rehearsal left the real offers empty
    assert week.applications(services) == ()


def _real_week(page: Page, url: str, services: Services) -> None:
    # Monday: the list users get, with its own column names, through the mapping preview
    page.goto(f"{url}/match-week")
    page.get_by_label("Unfilled list (.csv or .xlsx)").set_input_files(
        files=[{"name": "unfilled-2027.csv", "mimeType": "text/csv", "buffer": _unfilled_csv(services)}]
    )
    page.get_by_role("button", name="Import the unfilled list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the columns of unfilled-2027.csv")
    expect(page.get_by_label("Program Code")).to_have_value("code")
    expect(page.get_by_label("Positions Available")).to_have_value("positions")
    expect(page.locator("#unfilled-preview-table tbody tr").first).to_be_visible()
    page.get_by_role("button", name="Import the list").click()
    expect(page.locator("#unfilled-imported")).to_contain_text("Imported 45 unfilled programs")

    # the plan, and its applications saved as the ones sent
    page.goto(f"{url}/match-week/plan")
    page.get_by_label("Distribution plan").select_option("best-case")
    page.get_by_role("button", name="Make the plan").click()
    page.get_by_role("button", name="These are the applications I sent").click()
    expect(page.locator("#applications-saved")).to_be_visible()
    sent = week.applications(services)
    assert sent
    sheet = {p.code: p for p in services.list_programs().programs}
    pmr = next(a.code for a in sent if soap_category(sheet[a.code]) == "pmr")

    # Thursday, five minutes into round 2 (New York time): the offer is recorded
    round_2 = _round(2)
    assert round_2.end is not None
    during = round_2.start + timedelta(minutes=5)
    page.goto(_offers_at(url, during, NEW_YORK))
    page.get_by_label("Program", exact=True).select_option(pmr)
    page.get_by_label("Round", exact=True).select_option("2")
    page.locator("#offer-tz").fill(NEW_YORK.key)
    page.get_by_label("Rehearse at (optional, your time)").fill(_local(during, NEW_YORK))
    page.get_by_role("button", name="Record the offer").click()
    expect(page.locator("#offer-saved")).to_contain_text(pmr)
    row = page.locator(f"#o-{pmr}")
    ends_ny = round_2.end.astimezone(NEW_YORK).strftime("%a %d %b %H:%M %Z")
    expect(row).to_contain_text(ends_ny)  # the round's end, as the dated rules give it
    expect(row).to_contain_text("open")

    # the same end in Kolkata time, on the offers page and in the timeline
    page.goto(_offers_at(url, during, KOLKATA))
    ends_in = round_2.end.astimezone(KOLKATA).strftime("%a %d %b %H:%M %Z")
    assert ends_in != ends_ny
    expect(page.locator(f"#o-{pmr}")).to_contain_text(ends_in)
    page.goto(f"{url}/match-week?" + urlencode({"now": _local(during, KOLKATA), "tz": KOLKATA.key}))
    shown = format_local(round_2.start.astimezone(KOLKATA)) + " to " + round_2.end.astimezone(KOLKATA).strftime("%H:%M")
    expect(page.locator("#timeline-table tbody tr").filter(has_text="SOAP offer round 2")).to_contain_text(shown)

    # a minute after the round ends: expired, no Accept; a form sent late is refused with the round and its end
    page.goto(_offers_at(url, round_2.end - timedelta(minutes=1), NEW_YORK))
    accept = page.get_by_role("button", name=f"Accept: the offer of {sheet[pmr].name}")
    expect(accept).to_be_visible()
    page.locator("#offer-table").evaluate(
        "(table, late) => { for (const i of table.querySelectorAll('input[name=now]')) i.value = late }",
        _local(round_2.end + timedelta(minutes=1), NEW_YORK),
    )
    accept.click()
    expect(page.locator("#offer-problem")).to_contain_text("expired when round 2 ended")
    expect(page.locator("#offer-problem")).to_contain_text(format_local(round_2.end.astimezone(NEW_YORK)))
    page.goto(_offers_at(url, round_2.end + timedelta(minutes=1), NEW_YORK))
    expect(page.locator(f"#o-{pmr}")).to_contain_text("expired")
    expect(page.locator(f"#o-{pmr}")).to_contain_text("round ended")
    expect(page.get_by_role("button", name=f"Accept: the offer of {sheet[pmr].name}")).to_have_count(0)

    # a minute before it ends: accepted; SOAP is over
    page.goto(_offers_at(url, round_2.end - timedelta(minutes=1), NEW_YORK))
    page.get_by_role("button", name=f"Accept: the offer of {sheet[pmr].name}").click()
    expect(page.locator(f"#o-{pmr}")).to_contain_text("accepted")
    expect(page.locator("#record")).to_have_count(0)  # no offer can be recorded after an acceptance

    # After SOAP: the matched path
    page.get_by_role("navigation", name="Match Week").get_by_role("link", name="After SOAP").click()
    expect(page.locator("#situation")).to_have_attribute("data-situation", "matched-pmr")
    expect(page.get_by_role("heading", name="You matched into PM&R")).to_be_visible()
    expect(page.locator("#outreach")).to_have_count(0)


def test_prepare_in_january_rehearse_and_live_match_week_from_the_web_app(
    page: Page, app: tuple[str, Services]
) -> None:
    url, services = app
    _january(page, url, services)
    _rehearsal(page, url, services)
    _real_week(page, url, services)
    text = page.locator("main").inner_text()
    assert "matchpilot soap" not in text  # no page sends the user to a terminal
