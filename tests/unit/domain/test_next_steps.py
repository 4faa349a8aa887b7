"""What to do now (issue 15, item 3): the season's stage, its next dates and the steps, pinned on dates and
states a user lives through."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from matchpilot.domain.next_steps import (
    Stage,
    ThankYouDue,
    UnknownVisa,
    WorkspaceState,
    plan_for,
    stage_on,
    unknown_visa_programs,
)
from matchpilot.domain.rules import EventKind, MatchWeekEvent, MatchWeekSchedule
from matchpilot.errors import NextStep

ET = ZoneInfo("America/New_York")
READY = WorkspaceState(programs=40, has_profile=True, visa_need="j1")


def event(key: str, kind: EventKind, when: datetime, *, number: int | None = None) -> MatchWeekEvent:
    return MatchWeekEvent(key, kind, key.replace("-", " ").capitalize(), when.replace(tzinfo=ET), "a source", "2026",
                          round=number)  # fmt: skip


SCHEDULE_2027 = MatchWeekSchedule(
    2027,
    "America/New_York",
    (
        event("ranking-opens", EventKind.RANKING_OPENS, datetime(2027, 2, 3, 12)),
        event("rol-deadline", EventKind.ROL_DEADLINE, datetime(2027, 3, 3, 21)),
        event("status", EventKind.STATUS, datetime(2027, 3, 15, 10)),
        event("round-1", EventKind.OFFER_ROUND, datetime(2027, 3, 18, 9), number=1),
        event("round-2", EventKind.OFFER_ROUND, datetime(2027, 3, 18, 12), number=2),
        event("match-day", EventKind.MATCH_DAY, datetime(2027, 3, 19, 12)),
    ),
)


def keys(today: date, state: WorkspaceState, schedule: MatchWeekSchedule | None = SCHEDULE_2027) -> list[str]:
    return [step.key for step in plan_for(today, state, schedule).steps]


def test_october_with_an_empty_workspace_is_the_interview_season_and_asks_for_a_sheet_and_a_profile() -> None:
    plan = plan_for(date(2026, 10, 15), WorkspaceState(), SCHEDULE_2027)
    assert plan.stage is Stage.INTERVIEW and plan.season.match_year == 2027
    assert [(s.key, s.target) for s in plan.steps] == [
        ("no-programs", NextStep.IMPORT_SHEET),
        ("no-profile", NextStep.FILL_PROFILE),
    ]
    assert [d.on for d in plan.deadlines] == [date(2027, 2, 3), date(2027, 3, 3), date(2027, 3, 15), date(2027, 3, 18)]


def test_late_february_before_certification_puts_certifying_first_with_the_deadline() -> None:
    state = WorkspaceState(programs=40, has_profile=True, visa_need="j1", rank_list_size=9, interviews=6)
    plan = plan_for(date(2027, 2, 26), state, SCHEDULE_2027)
    assert plan.stage is Stage.RANK and "2027-03-03" in plan.summary
    first = plan.steps[0]
    assert (first.key, first.target, first.due, first.urgent) == (
        "certify",
        NextStep.CERTIFY_RANK_LIST,
        date(2027, 3, 3),
        True,
    )
    assert "9 programs" in first.detail
    assert plan.deadlines[0].on == date(2027, 3, 3)


def test_a_list_certified_this_season_needs_no_certify_step_but_an_empty_list_needs_building() -> None:
    certified = WorkspaceState(programs=40, has_profile=True, rank_list_size=9, certified_on=date(2027, 2, 20))
    assert "certify" not in keys(date(2027, 2, 26), certified)
    last_year = WorkspaceState(programs=40, has_profile=True, rank_list_size=9, certified_on=date(2026, 2, 20))
    assert "certify" in keys(date(2027, 2, 26), last_year)
    assert keys(date(2027, 2, 10), WorkspaceState(programs=40, has_profile=True))[0] == "rank-list-empty"


def test_match_week_leads_with_the_match_week_plan_and_shows_match_day() -> None:
    plan = plan_for(date(2027, 3, 16), READY, SCHEDULE_2027)
    assert plan.stage is Stage.MATCH_WEEK and "2027-03-19" in plan.summary
    assert (plan.steps[0].key, plan.steps[0].target, plan.steps[0].urgent) == (
        "match-week",
        NextStep.PLAN_MATCH_WEEK,
        True,
    )
    assert [(d.title, d.on) for d in plan.deadlines] == [
        ("SOAP offer rounds (2)", date(2027, 3, 18)),
        ("Match day", date(2027, 3, 19)),
    ]


def test_the_day_after_match_day_starts_the_next_season() -> None:
    assert stage_on(date(2027, 3, 19), SCHEDULE_2027) is Stage.MATCH_WEEK
    plan = plan_for(date(2027, 3, 20), READY, None)
    assert plan.stage is Stage.PREPARE and plan.season.match_year == 2028


def test_stages_through_a_season() -> None:
    days = {
        date(2026, 4, 10): Stage.PREPARE,
        date(2026, 6, 1): Stage.APPLY,
        date(2026, 9, 30): Stage.APPLY,
        date(2026, 10, 1): Stage.INTERVIEW,
        date(2027, 1, 20): Stage.INTERVIEW,
        date(2027, 2, 3): Stage.RANK,
        date(2027, 3, 3): Stage.RANK,
        date(2027, 3, 4): Stage.WAIT,
        date(2027, 3, 15): Stage.MATCH_WEEK,
    }
    assert {day: stage_on(day, SCHEDULE_2027) for day in days} == days


def test_without_a_schedule_the_dates_are_estimates_and_say_so() -> None:
    plan = plan_for(date(2026, 11, 1), READY, None)
    assert plan.deadlines and all(d.estimated for d in plan.deadlines if d.title != "Match Day")
    assert plan.deadlines[-1].on == date(2027, 3, 19)  # the third Friday of March, computed


def test_a_thank_you_due_comes_first_with_its_program_and_last_day() -> None:
    due = ThankYouDue("1001340C0", "Lakeview Rehabilitation (fictional)", date(2026, 11, 20), date(2026, 11, 23))
    state = WorkspaceState(programs=40, has_profile=True, visa_need="none", thank_yous=(due,), interviews=1)
    first = plan_for(date(2026, 11, 22), state, SCHEDULE_2027).steps[0]
    assert (first.key, first.target, first.program, first.due, first.urgent) == (
        "thank-you",
        NextStep.WRITE_THANK_YOU,
        "1001340C0",
        date(2026, 11, 23),
        True,
    )
    assert "Lakeview Rehabilitation (fictional)" in first.title


def test_unknown_visa_facts_are_a_step_with_the_first_programs_to_edit_only_when_a_visa_is_needed() -> None:
    listed = [("A1", "Alpha", None, True), ("B2", "Beta", True, None), ("C3", "Gamma", None, None)]
    count, first = unknown_visa_programs(listed, "j1")
    assert (count, first) == (2, (UnknownVisa("A1", "Alpha"), UnknownVisa("C3", "Gamma")))
    assert unknown_visa_programs(listed, "j1_or_h1b")[0] == 1
    assert unknown_visa_programs(listed, "none")[0] == 0
    state = WorkspaceState(programs=3, has_profile=True, visa_need="j1", unknown_visa_count=count, unknown_visa=first)
    steps = plan_for(date(2026, 7, 1), state, SCHEDULE_2027).steps
    assert [(s.key, s.target, s.program) for s in steps[:3]] == [
        ("unknown-visa", NextStep.REVIEW_PROGRAMS, None),
        ("unknown-visa-program", NextStep.EDIT_PROGRAM, "A1"),
        ("unknown-visa-program", NextStep.EDIT_PROGRAM, "C3"),
    ]
    no_need = WorkspaceState(programs=3, has_profile=True, visa_need="none", unknown_visa_count=count)
    assert "unknown-visa" not in keys(date(2026, 7, 1), no_need)


def test_letters_in_their_season_and_the_demo_to_clear() -> None:
    interviewed = WorkspaceState(programs=40, has_profile=True, interviews=4, demo_programs=40)
    january = keys(date(2027, 1, 25), interviewed)
    assert {"interest-letters", "intent-letter", "demo"} <= set(january)
    sent = WorkspaceState(programs=40, has_profile=True, interviews=4, intent_sent=True)
    assert "intent-letter" not in keys(date(2027, 1, 25), sent)
    assert not {"interest-letters", "intent-letter"} & set(keys(date(2026, 10, 20), interviewed))
    assert "pick" in keys(date(2026, 6, 15), READY) and "pick" not in keys(date(2026, 11, 15), READY)
