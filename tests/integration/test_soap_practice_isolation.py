"""Practice Match Week on real databases (SQLite, and PostgreSQL when configured): the practice lives in a
workspace of its own; nothing in the real workspace changes during or after a practice; offers arrive when the
clock passes a round's start and expire at its end; resetting clears the practice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from matchpilot.errors import InputError
from matchpilot.services import Services
from matchpilot.services import soap_practice as practice
from matchpilot.services import soap_week as week
from matchpilot.services.demo import load_demo
from matchpilot.services.soap import load_rules
from matchpilot.storage.backup import owned_tables

RULES = load_rules().rules
ET = ZoneInfo("America/New_York")


def snapshot(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every record of the real owner, table by table (what a user would see changed)."""
    with services.database.transaction() as session:
        out = {}
        for table in owned_tables():
            rows = session.execute(select(table).where(table.c.owner_id == services.owner_id)).all()
            out[table.name] = sorted(tuple(map(repr, row)) for row in rows)
        return out


def rounds() -> list[tuple[int, datetime, datetime]]:
    schedule = RULES.match_week(2027)
    assert schedule is not None
    return [(e.round or 0, e.start, e.end) for e in schedule.rounds if e.end is not None]


@pytest.fixture
def real(services: Services) -> Services:
    """A real workspace with the demo, a real unfilled list, applications and an offer of its own."""
    load_demo(services)
    week.import_demo_unfilled(services)
    report = week.soap_plan(services, RULES)
    start = rounds()[0][1]
    week.save_plan_applications(services, report, rules=RULES, now=start)
    week.record_offer(
        services, report.plan.applications[0].code, 1, None, rules=RULES, now=start + timedelta(minutes=5)
    )
    return services


def list_released() -> datetime:
    schedule = RULES.match_week(2027)
    assert schedule is not None
    event = schedule.event("unfilled-list")
    assert event is not None
    return event.start


def open_the_list(services: Services) -> None:
    """Monday: the clock moves to the release of the list of unfilled programs."""
    practice.set_practice_clock(services, RULES, list_released())


def run_practice(services: Services, seed: int = 1) -> practice.PracticeStatus:
    practice.start_practice(services, RULES, seed=seed, year=2027)
    open_the_list(services)
    practice.practice_plan(services, RULES, plan_name="best-case", save=True)
    status = practice.practice_status(services, RULES)
    for _, start, end in rounds():
        status = practice.set_practice_clock(services, RULES, start + timedelta(minutes=1))
        live = [o for o in status.offers if o.acceptable]
        if live:
            practice.answer_practice_offer(services, RULES, live[0].code, "declined")
        status = practice.set_practice_clock(services, RULES, end - timedelta(minutes=1))
    return status


def test_nothing_in_the_real_workspace_changes_during_and_after_a_practice(real: Services) -> None:
    before = snapshot(real)
    practice.start_practice(real, RULES, seed=1, year=2027)
    assert snapshot(real) == before
    run_practice(real)
    assert snapshot(real) == before
    assert practice.practice_record_count(real) > 0
    practice.reset_practice(real)
    assert snapshot(real) == before
    assert practice.practice_record_count(real) == 0
    assert practice.practice_state(real) is None
    with pytest.raises(InputError, match="no practice under way"):
        practice.practice_status(real, RULES)


def test_practice_starts_on_monday_with_a_fictional_list_and_the_users_profile(real: Services) -> None:
    status = practice.start_practice(real, RULES, seed=1, year=2027)
    schedule = RULES.match_week(2027)
    assert schedule is not None
    first = min(e.start for e in schedule.week_events)
    assert status.state.clock == (first - timedelta(hours=1)).astimezone(UTC)
    assert status.state.clock.astimezone(ET).strftime("%a") == "Mon"
    assert status.unfilled > 40 and status.applications == 0 and status.offers == ()
    assert practice.practice_workspace(real).profile() == real.profile()


def test_same_seed_same_offers(real: Services) -> None:
    first = [(o.code, o.round, o.status) for o in run_practice(real, seed=1).offers]
    second = [(o.code, o.round, o.status) for o in run_practice(real, seed=1).offers]
    assert first == second and first


def test_offers_arrive_at_a_rounds_start_only_from_applications_and_expire_at_its_end(real: Services) -> None:
    practice.start_practice(real, RULES, seed=1, year=2027)
    open_the_list(real)
    practice.practice_plan(real, RULES, plan_name="best-case", save=True)
    sent = {a.code for a in week.applications(practice.practice_workspace(real))}
    number, start, end = rounds()[0]
    status = practice.set_practice_clock(real, RULES, start - timedelta(seconds=1))
    assert status.offers == () and status.round is None
    arrived: list[week.OfferView] = []
    number, end = 0, start
    for each, begins, closes in rounds():
        status = practice.set_practice_clock(real, RULES, begins)
        assert status.round == each
        arrived = [o for o in status.offers if o.round == each]
        if arrived:
            number, end = each, closes
            break
    assert arrived, "the seeded practice brings at least one offer"
    assert {o.code for o in status.offers} <= sent
    assert all(o.status == "open" and o.deadline == end for o in arrived)
    status = practice.set_practice_clock(real, RULES, end - timedelta(seconds=1))
    assert all(o.acceptable for o in status.offers if o.round == number)
    status = practice.set_practice_clock(real, RULES, end)
    assert all(o.status == "expired" for o in status.offers if o.round == number)
    with pytest.raises(InputError, match="expired"):
        practice.answer_practice_offer(real, RULES, arrived[0].code, "accepted")


def test_an_acceptance_ends_the_practice_soap(real: Services) -> None:
    practice.start_practice(real, RULES, seed=1, year=2027)
    open_the_list(real)
    practice.practice_plan(real, RULES, plan_name="best-case", save=True)
    for _, start, _end in rounds():
        status = practice.set_practice_clock(real, RULES, start)
        live = [o for o in status.offers if o.acceptable]
        if live:
            break
    practice.answer_practice_offer(real, RULES, live[0].code, "accepted")
    later = practice.set_practice_clock(real, RULES, rounds()[-1][2] - timedelta(minutes=1))
    assert later.accepted is not None and later.accepted.code == live[0].code
    assert not [o for o in later.offers if o.round > live[0].round]
    assert practice.practice_decide(real, RULES).decision is None


def test_the_clock_stays_in_the_week_and_moves_forward_only(real: Services) -> None:
    practice.start_practice(real, RULES, seed=1, year=2027)
    first = rounds()[0][1]
    practice.set_practice_clock(real, RULES, first)
    with pytest.raises(InputError, match="moves forward only"):
        practice.set_practice_clock(real, RULES, first - timedelta(hours=1))
    with pytest.raises(InputError, match="practice week runs from"):
        practice.set_practice_clock(real, RULES, datetime(2027, 4, 1, 12, tzinfo=UTC))
    with pytest.raises(InputError, match="time zone"):
        practice.set_practice_clock(real, RULES, datetime(2027, 3, 18, 12))
    assert practice.practice_status(real, RULES).state.clock == first.astimezone(UTC)


def test_the_list_and_the_plan_wait_for_mondays_release(real: Services) -> None:
    status = practice.start_practice(real, RULES, seed=1, year=2027)
    assert not status.list_released
    with pytest.raises(InputError, match="the list of unfilled programs is released"):
        practice.practice_plan(real, RULES, save=True)
    assert practice.practice_status(real, RULES).applications == 0
    open_the_list(real)
    assert practice.practice_status(real, RULES).list_released
    assert practice.practice_plan(real, RULES, save=True).plan.applications
