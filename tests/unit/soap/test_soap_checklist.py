"""Issue 14, item 8: the readiness checklist's due dates come from the season's dated rules (the Match Week
schedule of the year), at 21:00 US Eastern on their day whatever the daylight saving time, and the items' state
(done, overdue, due soon) follows the user's ticks and the clock passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from soap_fixtures import rules

from matchpilot.domain.rules import EventKind, MatchWeekEvent, MatchWeekSchedule
from matchpilot.io.soap_json import checklist_to_dict
from matchpilot.soap.checklist import (
    CHECKLIST_ITEMS,
    ItemState,
    build_checklist,
    checklist_item,
    match_week_monday,
)

ET = ZoneInfo("America/New_York")


def due(year: int, item: str, schedule: MatchWeekSchedule | None = None) -> datetime:
    chosen = rules().match_week(year) if schedule is None else schedule
    checklist = build_checklist(chosen, year, datetime(year - 1, 12, 1, tzinfo=UTC), {})
    found = next(e for e in checklist.entries if e.item.id == item).due
    assert found is not None
    return found.astimezone(UTC)


@pytest.mark.parametrize(
    ("year", "item", "utc"),
    [
        # 2026: Match Week on Monday 16 March; US daylight time began on Sunday 8 March
        (2026, "nrmp-registration", datetime(2026, 1, 20, 2, 0)),  # Mon 19 Jan, 21:00 EST
        (2026, "statement-pmr", datetime(2026, 2, 17, 2, 0)),  # Mon 16 Feb, 21:00 EST
        (2026, "distribution-plans", datetime(2026, 3, 3, 2, 0)),  # Mon 2 Mar, 21:00 EST
        (2026, "rehearsal", datetime(2026, 3, 10, 1, 0)),  # Mon 9 Mar, 21:00 EDT: after the change
        (2026, "phone-ready", datetime(2026, 3, 16, 1, 0)),  # Sun 15 Mar, 21:00 EDT
        # 2027: Match Week on Monday 15 March; daylight time begins on Sunday 14 March, the day before
        (2027, "nrmp-registration", datetime(2027, 1, 19, 2, 0)),  # Mon 18 Jan, 21:00 EST
        (2027, "rehearsal", datetime(2027, 3, 9, 2, 0)),  # Mon 8 Mar, 21:00 EST: before the change
        (2027, "phone-ready", datetime(2027, 3, 15, 1, 0)),  # Sun 14 Mar, 21:00 EDT: the day of the change
        (2027, "rol-certified", datetime(2027, 3, 4, 2, 0)),  # the rules' deadline, Wed 3 Mar 21:00 EST
    ],
)
def test_due_dates_follow_the_seasons_schedule_at_21_eastern(year: int, item: str, utc: datetime) -> None:
    assert due(year, item) == utc.replace(tzinfo=UTC)
    assert due(year, item).astimezone(ET).hour == 21


def test_the_dst_week_keeps_the_wall_clock_hour_not_the_utc_hour() -> None:
    # six days apart on the wall clock (both at 21:00), but 143 hours: the clocks moved forward in between (2027)
    assert due(2027, "phone-ready") - due(2027, "rehearsal") == timedelta(days=5, hours=23)


def _event(key: str, kind: EventKind, start: datetime) -> MatchWeekEvent:
    return MatchWeekEvent(key, kind, key, start, "a source", "2030")


def test_a_corrected_schedule_moves_every_date_nothing_is_written_per_year() -> None:
    # a season not in the packaged rules, written by the user: Match Week on Monday 18 March 2030
    schedule = MatchWeekSchedule(
        2030,
        "America/New_York",
        (
            _event("rol-deadline", EventKind.ROL_DEADLINE, datetime(2030, 2, 27, 21, 0, tzinfo=ET)),
            _event("status", EventKind.STATUS, datetime(2030, 3, 18, 10, 0, tzinfo=ET)),
            _event("match-day", EventKind.MATCH_DAY, datetime(2030, 3, 22, 12, 0, tzinfo=ET)),
        ),
    )
    assert match_week_monday(schedule, 2030)[0].isoformat() == "2030-03-18"
    assert due(2030, "nrmp-registration", schedule) == datetime(2030, 1, 22, 2, 0, tzinfo=UTC)
    assert due(2030, "phone-ready", schedule) == datetime(2030, 3, 18, 1, 0, tzinfo=UTC)  # Sun 17, EDT
    assert due(2030, "rol-certified", schedule) == datetime(2030, 2, 28, 2, 0, tzinfo=UTC)


def test_without_a_schedule_dates_follow_match_day_and_the_deadline_has_none() -> None:
    checklist = build_checklist(None, 2028, datetime(2027, 12, 1, tzinfo=UTC), {})
    assert "No Match Week 2028 schedule" in checklist.note
    entries = {e.item.id: e for e in checklist.entries}
    # Match Day 2028 is Friday 17 March: Match Week starts Monday 13 March
    assert entries["nrmp-registration"].due == datetime(2028, 1, 17, 21, 0, tzinfo=ET)
    assert entries["rol-certified"].due is None and entries["rol-certified"].state is ItemState.UNDATED
    assert checklist.entries[-1].item.id == "rol-certified"  # undated last


def test_states_follow_the_clock_and_the_ticks() -> None:
    schedule = rules().match_week(2027)
    deadline = due(2027, "statement-pmr")
    ticked = datetime(2027, 2, 1, tzinfo=UTC)

    def state(now: datetime, item: str, ticks: dict[str, datetime] | None = None) -> ItemState:
        checklist = build_checklist(schedule, 2027, now, ticks or {})
        return next(e.state for e in checklist.entries if e.item.id == item)

    assert state(deadline, "statement-pmr") is ItemState.DUE_SOON  # due at that moment, not yet past
    assert state(deadline + timedelta(seconds=1), "statement-pmr") is ItemState.OVERDUE
    assert state(deadline - timedelta(days=7), "statement-pmr") is ItemState.DUE_SOON
    assert state(deadline - timedelta(days=7, seconds=1), "statement-pmr") is ItemState.UPCOMING
    assert state(deadline + timedelta(days=3), "statement-pmr", {"statement-pmr": ticked}) is ItemState.DONE


def test_overdue_items_are_listed_and_the_order_is_by_due_date() -> None:
    checklist = build_checklist(rules().match_week(2027), 2027, datetime(2027, 2, 20, tzinfo=UTC), {})
    assert {e.item.id for e in checklist.overdue} >= {"nrmp-registration", "statement-general"}
    assert "rol-certified" not in {e.item.id for e in checklist.overdue}
    dues = [e.due for e in checklist.entries if e.due is not None]
    assert dues == sorted(dues)
    data = checklist_to_dict(checklist, facts={"registered": "yes"})
    assert data["format"] == "matchpilot.soap-checklist/1" and data["done"] == 0
    rows = {row["id"]: row for row in data["items"]}
    assert rows["nrmp-registration"]["eligibility_answer"] == "yes"
    assert rows["ecfmg-status"]["eligibility_answer"] == "unknown"  # never assumed
    assert "eligibility_answer" not in rows["letters"]


def test_items_for_imgs_only_are_left_out_for_a_us_graduate_and_kept_when_unknown() -> None:
    schedule = rules().match_week(2027)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    us = {e.item.id for e in build_checklist(schedule, 2027, now, {}, img=False).entries}
    unknown = {e.item.id for e in build_checklist(schedule, 2027, now, {}, img=None).entries}
    assert "ecfmg-status" not in us and "visa-needs" not in us
    assert unknown == {item.id for item in CHECKLIST_ITEMS}


def test_the_seeds_preparation_is_on_the_list_with_stable_ids() -> None:
    ids = {item.id for item in CHECKLIST_ITEMS}
    assert {
        "nrmp-registration",
        "ecfmg-status",
        "documents-assigned",
        "statement-pmr",
        "statement-bridge",
        "statement-general",
        "letters",
        "eras-experiences",
        "distribution-plans",
        "cheat-sheet",
        "rehearsal",
    } <= ids
    assert checklist_item(" Letters ").id == "letters"
    with pytest.raises(KeyError, match="'nope' is not a checklist item"):
        checklist_item("nope")


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        build_checklist(rules().match_week(2027), 2027, datetime(2027, 1, 1), {})


def test_the_calendar_file_holds_the_items_as_to_dos_due_at_their_time() -> None:
    from test_soap_icalendar import parse, prop, unescape

    from matchpilot.soap import build_timeline, to_icalendar

    schedule = rules().match_week(2027)
    assert schedule is not None
    now = datetime(2027, 2, 20, tzinfo=UTC)
    ticked = datetime(2027, 2, 10, 8, 30, tzinfo=UTC)
    checklist = build_checklist(schedule, 2027, now, {"letters": ticked})
    text = to_icalendar(build_timeline(schedule, ET, now), dtstamp=now, checklist=checklist)
    children = parse(text)["children"]
    assert isinstance(children, list)
    assert sum(1 for c in children if c["name"] == "VEVENT") == 12  # the week's events, unchanged
    todos = {prop(c, "UID"): c for c in children if c["name"] == "VTODO"}
    assert len(todos) == len(checklist.entries)
    phone = todos["2027-checklist-phone-ready.match-week@matchpilot"]
    assert prop(phone, "DUE") == "20270315T010000Z" and prop(phone, "STATUS") == "NEEDS-ACTION"
    assert "Due Sun 14 Mar 2027, 21:00 EDT" in unescape(prop(phone, "DESCRIPTION"))
    alarms = phone["children"]
    assert isinstance(alarms, list) and [a for a in alarms if ("TRIGGER", ";RELATED=END", "-P1D") in a["props"]]
    letters = todos["2027-checklist-letters.match-week@matchpilot"]
    assert prop(letters, "STATUS") == "COMPLETED" and prop(letters, "COMPLETED") == "20270210T083000Z"
    assert letters["children"] == []  # nothing to remind of
