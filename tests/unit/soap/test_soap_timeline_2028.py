"""Match Week 2028 is in the rules data as a projection (the task's leftover: the rules held 2026 and 2027 only,
so from April 2027 the timeline had no week to show): the week of the third Friday of March, every event marked
projected with a source that says so, the hours on the same weekdays as 2026 and 2027, and the timeline of the
season after Match Week 2027 built from it (daylight time starts the Sunday before)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from soap_fixtures import rules

from matchpilot.domain.rules import EventKind
from matchpilot.domain.season import match_day
from matchpilot.services.soap import soap_timeline
from matchpilot.soap import match_year_for

ET = ZoneInfo("America/New_York")


def test_the_2028_week_is_that_of_the_third_friday_of_march_and_every_event_is_projected() -> None:
    schedule = rules().match_week(2028)
    assert schedule is not None
    assert 2028 in rules().match_week_years
    match_days = [e for e in schedule.all_events if e.kind is EventKind.MATCH_DAY]
    assert [e.start.date() for e in match_days] == [match_day(2028)]
    assert all(e.projected for e in schedule.all_events)
    assert all(
        any(word in e.source.lower() for word in ("projected", "projection", "not found")) for e in schedule.all_events
    )
    assert [e.round for e in schedule.rounds] == [1, 2, 3, 4]


def test_the_2028_hours_repeat_the_2027_pattern_on_the_same_weekdays() -> None:
    # Nothing official for 2027 or 2028: the projection keeps every event's weekday and clock time in Eastern Time.
    before = rules().match_week(2027)
    after = rules().match_week(2028)
    assert before is not None and after is not None
    assert [e.key for e in after.all_events] == [e.key for e in before.all_events]
    for old, new in zip(before.week_events, after.week_events, strict=True):
        assert new.start.astimezone(ET).strftime("%a %H:%M") == old.start.astimezone(ET).strftime("%a %H:%M")
        assert (new.end is None) == (old.end is None)
        if new.end is not None and old.end is not None:
            assert new.end - new.start == old.end - old.start


def test_after_match_week_2027_the_timeline_shows_2028_in_daylight_time() -> None:
    now = datetime(2027, 4, 2, 12, 0, tzinfo=UTC)
    assert match_year_for(rules(), now) == 2028
    timeline = soap_timeline(rules(), now=now, zone=ET)  # refused before: "no Match Week schedule for 2028"
    assert timeline.year == 2028
    status = next(e for e in timeline.entries if e.event.kind is EventKind.STATUS)
    assert status.start.strftime("%a %d %b %Y %H:%M %Z") == "Mon 13 Mar 2028 10:00 EDT"  # clocks moved on the 12th
    assert timeline.next is not None and timeline.next.event.kind is EventKind.RANKING_OPENS  # the season's first date
    round_1 = next(e for e in timeline.entries if e.event.key == "round-1")
    assert round_1.start.astimezone(UTC) - status.start.astimezone(UTC) == timedelta(days=3, hours=-1)
    kolkata = soap_timeline(rules(), now=now, zone=ZoneInfo("Asia/Kolkata"))
    assert [e.start for e in kolkata.entries] == [e.start for e in timeline.entries]
