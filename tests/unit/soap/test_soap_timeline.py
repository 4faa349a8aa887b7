"""The Match Week timeline in the applicant's own zone: daylight saving time on both sides, the next step and
the countdown from ``now``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from soap_fixtures import rules

from matchpilot.io.soap_json import timeline_to_dict
from matchpilot.soap import Phase, build_timeline, format_countdown, format_local, match_year_for

ET = ZoneInfo("America/New_York")


def schedule(year: int = 2027):  # type: ignore[no-untyped-def]
    found = rules().match_week(year)
    assert found is not None
    return found


def starts(zone: str, year: int = 2027, now: datetime | None = None) -> dict[str, str]:
    moment = now or datetime(2026, 11, 23, tzinfo=UTC)
    timeline = build_timeline(schedule(year), ZoneInfo(zone), moment)
    return {e.event.key: e.start.strftime("%a %H:%M %Z") for e in timeline.entries}


def test_los_angeles_is_three_hours_behind_in_daylight_time() -> None:
    shown = starts("America/Los_Angeles")
    assert shown["status"] == "Mon 07:00 PDT"
    assert shown["eras-opens"] == "Mon 08:00 PDT"
    assert shown["round-1"] == "Thu 06:00 PDT"  # all four rounds on Thursday since the 2022 Match (issue 14)
    assert shown["match-day"] == "Fri 09:00 PDT"


def test_kolkata_has_no_daylight_time_and_round_3_falls_after_midnight() -> None:
    shown = starts("Asia/Kolkata")
    assert shown["status"] == "Mon 19:30 IST"  # 10:00 EDT is UTC-4; India is UTC+5:30 all year
    assert shown["round-3"] == "Fri 00:30 IST"  # Thursday 15:00 ET is already Friday in India
    timeline = build_timeline(schedule(), ZoneInfo("Asia/Kolkata"), datetime(2026, 11, 23, tzinfo=UTC))
    round_3 = next(e for e in timeline.entries if e.event.key == "round-3")
    assert round_3.start.date().isoformat() == "2027-03-19" and round_3.end is not None
    assert round_3.end.strftime("%H:%M") == "02:30"


def test_london_is_four_hours_ahead_in_match_week_not_five() -> None:
    # The US moves its clocks on the second Sunday of March, Europe on the last: in Match Week the gap is 4 h.
    assert starts("Europe/London", 2026)["status"] == "Mon 14:00 GMT"
    assert starts("Europe/London", 2027)["status"] == "Mon 14:00 GMT"


def test_the_same_instant_in_every_zone() -> None:
    for zone in ("America/Los_Angeles", "Asia/Kolkata", "Europe/London", "Australia/Sydney", "UTC"):
        timeline = build_timeline(schedule(), ZoneInfo(zone), datetime(2026, 11, 23, tzinfo=UTC))
        assert [e.start for e in timeline.entries] == [e.start for e in schedule().events]  # aware equality
        assert timeline.zone == zone


def test_before_match_week_the_next_step_is_monday_with_a_countdown() -> None:
    now = datetime(2027, 3, 13, 9, 0, tzinfo=ET)  # Saturday 09:00 EST, the day before the clocks change
    timeline = build_timeline(schedule(), ZoneInfo("America/Los_Angeles"), now)
    assert [e.event.key for e in timeline.upcoming] == ["status", "unfilled-list"]
    assert timeline.next is not None and timeline.next.event.key == "status"
    # 09:00 EST Saturday (14:00 UTC) to 10:00 EDT Monday (14:00 UTC): exactly two days, DST included.
    assert timeline.countdown == timedelta(days=2)
    assert timeline.current == ()
    step = timeline.next_step()
    assert step.startswith("Next: Match status")
    assert "Mon 15 Mar 2027, 07:00 PDT" in step and "in 2 days 0 h 00 min" in step
    before = ("status", "unfilled-list", "ranking-opens", "rol-deadline")  # the ranking dates are past by then
    assert all(e.phase is Phase.LATER for e in timeline.entries if e.event.key not in before)


def test_during_an_offer_round_the_step_is_to_answer_before_it_closes() -> None:
    now = datetime(2027, 3, 18, 10, 30, tzinfo=ET)  # Thursday: all four rounds are on Thursday (issue 14)
    timeline = build_timeline(schedule(), ZoneInfo("Asia/Kolkata"), now)
    assert [e.event.key for e in timeline.current] == ["round-1"]
    assert timeline.next is not None and timeline.next.event.key == "round-2"
    assert timeline.countdown == timedelta(hours=1, minutes=30)
    step = timeline.next_step()
    assert step.startswith("SOAP offer round 1 is open until Thu 18 Mar 2027, 20:30 IST (30 min left).")
    assert "binding" in step
    phases = {e.event.key: e.phase for e in timeline.entries}
    assert phases["eras-opens"] is Phase.PAST and phases["round-3"] is Phase.LATER


def test_an_event_starting_now_is_under_way_and_a_moment_is_past() -> None:
    round_1 = datetime(2027, 3, 18, 9, 0, tzinfo=ET)
    assert {e.event.key for e in build_timeline(schedule(), ET, round_1).current} == {"round-1"}
    status = datetime(2027, 3, 15, 10, 0, tzinfo=ET)
    phases = {e.event.key: e.phase for e in build_timeline(schedule(), ET, status).entries}
    assert phases["status"] is Phase.PAST and phases["eras-opens"] is Phase.NEXT


def test_after_match_week_nothing_is_next() -> None:
    timeline = build_timeline(schedule(), ET, datetime(2027, 4, 1, tzinfo=UTC))
    assert timeline.next is None and timeline.countdown is None and timeline.current == ()
    assert timeline.next_step() == "Match Week 2027 is over."


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        build_timeline(schedule(), ET, datetime(2027, 3, 15, 10, 0))


@pytest.mark.parametrize(
    ("now", "year"),
    [
        (datetime(2026, 1, 10, tzinfo=UTC), 2026),
        (datetime(2026, 3, 20, 15, 0, tzinfo=UTC), 2026),  # Match Day 2026, before noon ET
        (datetime(2026, 3, 25, tzinfo=UTC), 2027),
        (datetime(2026, 11, 23, tzinfo=UTC), 2027),
        (datetime(2027, 4, 2, tzinfo=UTC), 2028),  # no 2028 schedule yet: next year after March
        (datetime(2028, 2, 2, tzinfo=UTC), 2028),
    ],
)
def test_the_match_year_people_care_about(now: datetime, year: int) -> None:
    assert match_year_for(rules(), now) == year


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(seconds=20), "less than a minute"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(hours=1, minutes=5), "1 h 05 min"),
        (timedelta(days=1), "1 day 0 h 00 min"),
        (timedelta(days=3, hours=4, minutes=7, seconds=59), "3 days 4 h 07 min"),
        (timedelta(minutes=-5), "passed"),
    ],
)
def test_countdowns_read_at_a_glance(span: timedelta, text: str) -> None:
    assert format_countdown(span) == text


def test_local_times_name_their_zone() -> None:
    assert format_local(datetime(2027, 3, 15, 10, 0, tzinfo=ET)) == "Mon 15 Mar 2027, 10:00 EDT"
    assert format_local(datetime(2027, 3, 15, 18, 0, tzinfo=ZoneInfo("Asia/Dubai"))) == "Mon 15 Mar 2027, 18:00 UTC+04"


def test_the_timeline_as_json() -> None:
    # after the rank order list deadline (the ranking dates come first in the year)
    data = timeline_to_dict(build_timeline(schedule(), ZoneInfo("Asia/Kolkata"), datetime(2027, 3, 10, tzinfo=UTC)))
    assert data["format"] == "matchpilot.soap-timeline/1" and data["zone"] == "Asia/Kolkata"
    assert data["next"] == "status" and data["countdown_seconds"] > 0
    assert data["events"][0]["start"] == "2027-03-15T19:30:00+05:30"
    assert all(e["source"] and e["checked"] for e in data["events"])
