"""Issue 14, items 7 and 8 on real databases (SQLite, and PostgreSQL when configured): the readiness checklist's
ticks are stored per owner and per Match year, all or nothing; after SOAP the path follows the acceptance and
the Match result the applicant told."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.domain.profile import ApplicantType
from matchpilot.errors import InputError
from matchpilot.services import Services
from matchpilot.services import soap_week as week
from matchpilot.services.demo import load_demo
from matchpilot.services.soap import load_rules
from matchpilot.services.soap_checklist import change_checklist, readiness, save_checklist
from matchpilot.soap import soap_category
from matchpilot.web import create_app

from support.web import TestClient

RULES = load_rules().rules
FEBRUARY = datetime(2027, 2, 20, 15, 0, tzinfo=UTC)


def _done(services: Services, now: datetime = FEBRUARY, year: int | None = None) -> set[str]:
    view = readiness(services, RULES, now=now, year=year)
    return {e.item.id for e in view.checklist.entries if e.ticked_at is not None}


def test_ticks_are_stored_and_the_first_tick_is_kept(services: Services) -> None:
    change_checklist(services, RULES, tick=["letters", "statement-pmr"], now=FEBRUARY)
    later = FEBRUARY + timedelta(days=2)
    view = change_checklist(services, RULES, tick=["Letters"], untick=["statement-pmr"], now=later)
    assert _done(services) == {"letters"}
    letters = next(e for e in view.checklist.entries if e.item.id == "letters")
    assert letters.ticked_at == FEBRUARY  # ticking again keeps when it was first done
    assert view.checklist.done == 1 and "letters" not in {e.item.id for e in view.checklist.overdue}


def test_a_bad_item_names_it_and_saves_nothing(services: Services) -> None:
    with pytest.raises(InputError, match="'rehersal' is not a checklist item"):
        change_checklist(services, RULES, tick=["letters", "rehersal"], now=FEBRUARY)
    with pytest.raises(InputError, match="ticked and unticked at once"):
        change_checklist(services, RULES, tick=["letters"], untick=["letters"], now=FEBRUARY)
    assert _done(services) == set()


def test_ticks_belong_to_their_match_year(services: Services) -> None:
    change_checklist(services, RULES, tick=["rehearsal"], now=FEBRUARY)
    assert _done(services) == {"rehearsal"}
    next_season = datetime(2027, 10, 1, tzinfo=UTC)  # the 2028 season: a fresh checklist
    assert readiness(services, RULES, now=next_season).checklist.year == 2028
    assert _done(services, next_season) == set()
    assert _done(services, next_season, year=2027) == {"rehearsal"}


def test_the_form_ticks_what_is_checked_and_unticks_the_rest(services: Services) -> None:
    change_checklist(services, RULES, tick=["letters", "rehearsal"], now=FEBRUARY)
    save_checklist(services, RULES, ["rehearsal", "cheat-sheet"], now=FEBRUARY)
    assert _done(services) == {"rehearsal", "cheat-sheet"}


def test_each_owner_has_their_own_checklist(services: Services) -> None:
    other = Services(services.database, owner=f"other-{uuid.uuid4().hex[:12]}", today=services.today)
    change_checklist(services, RULES, tick=["letters"], now=FEBRUARY)
    change_checklist(other, RULES, tick=["rehearsal"], now=FEBRUARY)
    assert _done(other) == {"rehearsal"} and _done(services) == {"letters"}


def test_eligibility_answers_show_on_the_items_it_asks_about(services: Services) -> None:
    view = readiness(services, RULES, now=FEBRUARY)
    assert view.facts == {"registered": "unknown", "ecfmg": "unknown"}  # asked, never assumed
    week.set_facts(services, {"registered": "yes"})
    data = readiness(services, RULES, now=FEBRUARY).to_dict()
    rows = {row["id"]: row for row in data["items"]}  # type: ignore[union-attr]
    assert rows["nrmp-registration"]["eligibility_answer"] == "yes"
    assert rows["ecfmg-status"]["eligibility_answer"] == "unknown"


def test_a_us_graduate_is_not_asked_about_ecfmg(services: Services) -> None:
    load_demo(services)
    profile = services.profile()
    assert profile is not None and profile.applicant_type.is_img
    assert "ecfmg-status" in {e.item.id for e in readiness(services, RULES, now=FEBRUARY).checklist.entries}
    result = services.save_profile({"name": "US Senior (fictional)", "applicant_type": ApplicantType.US_MD.value})
    assert result.profile is not None, result.issues
    ids = {e.item.id for e in readiness(services, RULES, now=FEBRUARY).checklist.entries}
    assert "ecfmg-status" not in ids and "visa-needs" not in ids


# --- after SOAP ------------------------------------------------------------------------------------------------


def _accept(services: Services, category: str) -> str:
    week.import_demo_unfilled(services)
    unfilled, _ = week.stored_unfilled(services)
    sheet = {p.code: p for p in services.list_programs().programs}
    code = next(u.code for u in unfilled if u.code in sheet and soap_category(sheet[u.code]) == category)
    start = RULES.match_week(2027).round_event(1).start  # type: ignore[union-attr]
    now = start + timedelta(minutes=5)
    week.add_applications(services, [code], rules=RULES, now=now)
    week.record_offer(services, code, 1, None, rules=RULES, now=now)
    week.set_offer_status(services, code, "accepted", rules=RULES, now=now)
    return code


def test_a_pgy1_year_that_completes_an_advanced_match_is_the_pmr_path(services: Services) -> None:
    load_demo(services)
    week.set_facts(services, {"status": "partial-advanced"})
    _accept(services, "prelim")
    after = week.after_soap(services, RULES)
    assert after.situation == "matched-pmr" and after.programs == ()
    titles = [step.title for step in after.steps]
    assert "Your two years fit together" in titles and "Early reading" in titles
    assert not any(title.startswith("Reapply") for title in titles)


def test_a_pgy1_from_the_main_match_without_an_acceptance_is_the_intern_path(services: Services) -> None:
    load_demo(services)
    week.import_demo_unfilled(services)
    week.set_facts(services, {"status": "partial-pgy1"})
    after = week.after_soap(services, RULES)
    assert after.situation == "matched-pgy1" and after.programs == ()
    assert "outreach" not in after.to_dict()


def test_an_advanced_match_without_a_pgy1_looks_for_pgy1_years_only(services: Services) -> None:
    load_demo(services)
    week.import_demo_unfilled(services)
    week.set_facts(services, {"status": "partial-advanced"})
    after = week.after_soap(services, RULES)
    assert after.situation == "unmatched" and after.programs
    assert {p.category for p in after.programs} == {"prelim"}
    assert after.steps[2].title.startswith("Look for the PGY-1 year")


def test_unmatched_without_a_list_still_gets_the_path(services: Services) -> None:
    load_demo(services)
    after = week.after_soap(services, RULES)
    assert after.situation == "unmatched" and after.programs == ()
    assert any("No list of unfilled programs is stored" in note for note in after.notes)
    data = after.to_dict()
    assert data["outreach"] == [] and data["steps"]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, Services]]:
    services = build_services(database_url=f"sqlite:///{tmp_path}/w.db", today=lambda: date(2027, 3, 19))
    load_demo(services)
    yield TestClient(create_app(services)), services
    services.database.dispose()


def test_the_checklist_form_saves_and_names_a_bad_item(client: tuple[TestClient, Services]) -> None:
    web, services = client
    form = {"done": ["letters", "rehearsal"], "year": "2027", "tz": "Asia/Kolkata", "now": "2027-02-20T10:00"}
    saved = web.post("/match-week/checklist", data=form, follow_redirects=False)
    assert saved.status_code == 303 and "checklist=saved" in saved.headers["location"]
    assert "tz=Asia%2FKolkata" in saved.headers["location"]  # the page comes back in the same zone and clock
    page = web.get(saved.headers["location"])
    assert 'id="checklist-saved"' in page.text and "2 of 15</strong> done" in page.text
    assert _done(services) == {"letters", "rehearsal"}

    bad = web.post("/match-week/checklist", data={**form, "done": ["letters", "nope"]}, follow_redirects=True)
    assert bad.status_code == 200 and "&#39;nope&#39; is not a checklist item" in bad.text
    assert _done(services) == {"letters", "rehearsal"}  # nothing half-saved


def test_the_after_page_shows_the_acceptance_path(client: tuple[TestClient, Services]) -> None:
    web, services = client
    code = _accept(services, "pmr")
    page = web.get("/match-week/after")
    assert page.status_code == 200
    assert 'data-situation="matched-pmr"' in page.text and code in page.text
    assert "Thank the program" in page.text and 'id="outreach"' not in page.text


def test_the_calendar_downloads_with_the_week_and_the_checklist(client: tuple[TestClient, Services]) -> None:
    web, services = client
    page = web.get("/match-week?tz=Asia/Kolkata")
    assert 'href="/match-week/calendar.ics?tz=Asia/Kolkata"' in page.text
    answer = web.get("/match-week/calendar.ics?tz=Asia/Kolkata")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    assert 'filename="match-week-' in answer.headers["content-disposition"]
    raw = answer.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.count(b"BEGIN:VEVENT") == 12
    assert raw.count(b"BEGIN:VTODO") == len(readiness(services, RULES, now=datetime.now(UTC)).checklist.entries)


def test_a_checklist_form_with_a_year_out_of_range_uses_the_season(client: tuple[TestClient, Services]) -> None:
    web, services = client
    answer = web.post("/match-week/checklist", data={"done": ["letters"], "year": "0000"}, follow_redirects=False)
    assert answer.status_code == 303
    assert _done(services, datetime.now(UTC)) == {"letters"}


def test_every_checklist_item_leads_to_a_page_that_prepares_it(client: tuple[TestClient, Services]) -> None:
    """Each item matchpilot can help with links to the page where it is done, and that page (and its section)
    exists: statements and letters on the Materials pages, the rehearsal in Practice Match Week, the
    certification on the rank list."""
    from matchpilot.soap.checklist import CHECKLIST_ITEMS

    web, _ = client
    pages = {item.id: item.page for item in CHECKLIST_ITEMS}
    assert pages["statement-pmr"].startswith("/materials/statements/")
    assert pages["letters"].startswith("/materials") and pages["eras-experiences"].startswith("/materials")
    assert pages["rehearsal"] == "/match-week/practice" and pages["rol-certified"].startswith("/rank-list")
    for item_id, page in pages.items():
        if not page:
            continue
        path, _, anchor = page.partition("#")
        answer = web.get(path)
        assert answer.status_code == 200, (item_id, page, answer.status_code)
        if anchor:
            assert f'id="{anchor}"' in answer.text, (item_id, page)


def test_the_match_week_page_leads_to_where_statements_and_letters_are_written(
    client: tuple[TestClient, Services],
) -> None:
    web, _ = client
    page = web.get("/match-week").text
    assert 'href="/materials#statements"' in page and 'href="/materials#letters"' in page
