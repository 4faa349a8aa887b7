"""Issue 14, items 3 and 8: the decision help runs on the applicant's own worths (stored per owner, set and
shown in the web app), a partially matched applicant is advised on the complementary positions only, and
eligibility asks what it cannot know (registration) instead of assuming it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.domain.program import Track
from matchpilot.errors import InputError
from matchpilot.services import Services
from matchpilot.services import soap_week as week
from matchpilot.services.demo import load_demo
from matchpilot.services.soap import load_rules
from matchpilot.web import create_app

from support.web import TestClient

RULES = load_rules().rules


@pytest.fixture
def ready(services: Services) -> tuple[Services, list[week.PlanApplication]]:
    load_demo(services)
    week.import_demo_unfilled(services)
    report = week.soap_plan(services, RULES)
    start = RULES.match_week(2027).round_event(1).start  # type: ignore[union-attr]
    week.save_plan_applications(services, report, rules=RULES, now=start)
    return services, list(report.plan.applications)


def _first(applications: list[week.PlanApplication], *tracks: Track, pmr: bool) -> str:
    return next(a.code for a in applications if a.track in tracks and (a.category == "pmr") is pmr)


def test_the_worths_set_decide_the_recommendation(ready: tuple[Services, list[week.PlanApplication]]) -> None:
    services, applications = ready
    prelim = _first(applications, Track.PRELIMINARY, Track.TRANSITIONAL, pmr=False)
    start = RULES.match_week(2027).round_event(1).start  # type: ignore[union-attr]
    week.record_offer(services, prelim, 1, None, rules=RULES, now=start + timedelta(minutes=5))
    during = start + timedelta(minutes=30)

    week.set_worths(services, {"preliminary": "0", "transitional": "0"})
    low = week.decide_offers(services, RULES, now=during).decision
    assert low is not None and low.best.code is None  # a year worth nothing to you: wait
    offer = next(o for o in low.options if o.code == prelim)
    assert offer.value == 0 and "you rate this kind 0 of 5" in offer.why

    week.set_worths(services, {"preliminary": "5", "transitional": "5"})
    high = week.decide_offers(services, RULES, now=during).decision
    assert high is not None and high.best.code == prelim
    assert week.get_worths(services).of("preliminary") == 5


def test_without_worths_set_the_help_says_the_number_is_matchpilots(
    ready: tuple[Services, list[week.PlanApplication]],
) -> None:
    services, applications = ready
    prelim = _first(applications, Track.PRELIMINARY, Track.TRANSITIONAL, pmr=False)
    start = RULES.match_week(2027).round_event(1).start  # type: ignore[union-attr]
    week.record_offer(services, prelim, 1, None, rules=RULES, now=start + timedelta(minutes=5))
    decision = week.decide_offers(services, RULES, now=start + timedelta(minutes=30)).decision
    assert decision is not None
    why = next(o.why for o in decision.options if o.code == prelim)
    assert "by matchpilot until you set your own worths" in why


def test_a_bad_worth_names_the_kind_and_saves_nothing(services: Services) -> None:
    week.set_worths(services, {"other": "1.5"})
    with pytest.raises(InputError, match=r"Preliminary year \(PGY-1\): '9'"):
        week.set_worths(services, {"other": "4", "preliminary": "9"})
    with pytest.raises(InputError, match="not a kind of position"):
        week.set_worths(services, {"fellowship": "2"})
    worths = week.get_worths(services)
    assert worths.of("other") == 1.5 and worths.set_by_user == {"other"}


def test_a_partial_advanced_match_is_advised_on_pgy1_years_only(
    ready: tuple[Services, list[week.PlanApplication]],
) -> None:
    services, applications = ready
    pmr = _first(applications, Track.CATEGORICAL, Track.PHYSICIAN, pmr=True)
    prelim = _first(applications, Track.PRELIMINARY, Track.TRANSITIONAL, pmr=False)
    start = RULES.match_week(2027).round_event(1).start  # type: ignore[union-attr]
    for code in (pmr, prelim):
        week.record_offer(services, code, 1, None, rules=RULES, now=start + timedelta(minutes=5))
    week.set_facts(services, {"status": "partial-advanced"})
    report = week.decide_offers(services, RULES, now=start + timedelta(minutes=30))
    assert report.decision is not None
    assert [o.code for o in report.decision.options] == [prelim, None]
    assert "Not weighed" in report.note and "completes your match" in report.note


def test_bad_facts_name_the_field_and_save_nothing(services: Services) -> None:
    week.set_facts(services, {"registered": "yes"})
    with pytest.raises(InputError, match="ecfmg: 'maybe'"):
        week.set_facts(services, {"registered": "no", "ecfmg": "maybe"})
    with pytest.raises(InputError, match="status: 'waitlisted'"):
        week.set_facts(services, {"status": "waitlisted"})
    assert week.get_facts(services).registered is True
    assert week.set_facts(services, {"registered": "unknown"}).registered is None


# --- the web app -----------------------------------------------------------------------------------------------


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, Services]]:
    services = build_services(database_url=f"sqlite:///{tmp_path}/w.db", today=lambda: date(2026, 6, 1))
    load_demo(services)
    yield TestClient(create_app(services)), services
    services.database.dispose()


def test_the_offers_page_shows_and_sets_the_worths_in_plain_words(client: tuple[TestClient, Services]) -> None:
    web, services = client
    page = web.get("/match-week/offers")
    assert page.status_code == 200
    for kind in week.WORTH_KINDS:
        assert f'<label for="worth-{kind}">' in page.text and f'id="worth-{kind}"' in page.text
    for words in ("visa", "location", "needs a separate PGY-1", "reapplying next season"):
        assert words in page.text
    for jargon in ("dynamic programming", "simulator's shares", "RULES.md", "matchpilot soap"):
        assert jargon not in page.text
    assert page.text.count("Acceptance is binding") == 1

    bad = web.post("/match-week/offers/worths", data={"worth-preliminary": "seven", "worth-other": "4"})
    assert bad.status_code == 400 and 'id="worth-preliminary-error"' in bad.text and "&#39;seven&#39;" in bad.text
    assert week.get_worths(services).set_by_user == frozenset()  # nothing half-saved

    saved = web.post("/match-week/offers/worths", data={"worth-preliminary": "2.5"}, follow_redirects=False)
    assert saved.status_code == 303
    shown = web.get(saved.headers["location"])
    assert 'id="worths-saved"' in shown.text
    assert re.search(r'id="worth-preliminary"[^>]*value="2.5"', shown.text)
    assert week.get_worths(services).of("preliminary") == 2.5


def test_eligibility_asks_for_registration_and_the_answer_is_stored(client: tuple[TestClient, Services]) -> None:
    web, services = client
    page = web.get("/match-week")
    assert "Met:</strong> You are registered" not in page.text
    assert "Tell matchpilot whether you are registered for the Main Residency Match" in page.text
    assert 'href="#facts"' in page.text and '<form method="post" action="/match-week/facts"' in page.text
    assert "matchpilot soap" not in page.text
    answered = web.post("/match-week/facts", data={"registered": "yes", "status": "partial-pgy1"})
    assert answered.status_code == 200  # followed to the page
    assert "Met:</strong> You are registered for the Main Residency Match" in answered.text
    assert "complementary positions only" in answered.text
    facts = week.get_facts(services)
    assert facts.registered is True and facts.status_key == "partial-pgy1"
    refused = web.post("/match-week/facts", data={"registered": "perhaps"})
    assert "registered: &#39;perhaps&#39;" in refused.text and week.get_facts(services).registered is True
