"""The Match Week schedule as the sources give it (issue 14): all four offer rounds on Thursday, two hours each,
SOAP ending Thursday 21:00 ET, the ranking dates before the week, and a ``projected`` mark on every time no
official page confirms for its year; a user's correction with its own source is no longer projected."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from matchpilot.domain.rules import EventKind
from matchpilot.io.rules_toml import merge_rule_data, parse_rules
from matchpilot.io.soap_json import timeline_to_dict
from matchpilot.soap import build_timeline, to_icalendar

ET = ZoneInfo("America/New_York")


def packaged() -> dict[str, object]:
    return tomllib.loads(resources.files("matchpilot.data").joinpath("rules.toml").read_text(encoding="utf-8"))


def rules():  # type: ignore[no-untyped-def]
    parsed, issues = parse_rules(packaged())
    assert parsed is not None and issues == []
    return parsed


@pytest.mark.parametrize(("year", "thursday"), [(2026, 19), (2027, 18)])
def test_all_four_rounds_are_on_thursday_two_hours_each_and_soap_ends_at_21(year: int, thursday: int) -> None:
    schedule = rules().match_week(year)
    assert schedule is not None
    hours = [(r.start.astimezone(ET).hour, r.end.astimezone(ET).hour) for r in schedule.rounds if r.end]
    assert hours == [(9, 11), (12, 14), (15, 17), (18, 20)]
    assert {r.start.astimezone(ET).strftime("%A %d") for r in schedule.rounds} == {f"Thursday {thursday}"}
    ends = schedule.event("soap-ends")
    assert ends is not None and ends.start == datetime(year, 3, thursday, 21, 0, tzinfo=ET)
    assert all(r.projected for r in schedule.rounds) and ends.projected


def test_the_2026_week_confirmed_by_nrmp_is_not_projected_and_has_no_placeholder() -> None:
    schedule = rules().match_week(2026)
    assert schedule is not None
    for key in ("status", "unfilled-list", "eras-opens", "program-review", "match-day"):
        event = schedule.event(key)
        assert event is not None and not event.projected and "nrmp.org" in event.source
        assert "placeholder" not in event.note
    review = schedule.event("program-review")
    assert review is not None and review.start == datetime(2026, 3, 17, 8, 0, tzinfo=ET)


def test_the_2027_week_is_projected_throughout() -> None:
    schedule = rules().match_week(2027)
    assert schedule is not None
    assert all(event.projected for event in schedule.events)


@pytest.mark.parametrize("year", [2026, 2027])
def test_ranking_opens_and_the_certification_deadline_are_dated_projected_rules(year: int) -> None:
    schedule = rules().match_week(year)
    assert schedule is not None
    deadline = schedule.event("rol-deadline")
    opens = schedule.event("ranking-opens")
    assert deadline is not None and deadline.kind is EventKind.ROL_DEADLINE
    assert opens is not None and opens.kind is EventKind.RANKING_OPENS
    assert deadline.start.astimezone(ET).hour == 21 and deadline.projected and opens.projected
    assert opens.start < deadline.start < schedule.week_events[0].start
    assert schedule.week_events[0].key == "status"


def test_a_users_correction_with_a_source_is_no_longer_projected() -> None:
    override = tomllib.loads(
        """
        [match_week.2027.events.rol-deadline]
        start = 2027-03-03T21:00:00
        source = "nrmp.org Main Residency Match calendar 2027"
        checked = 2027-01-10
        """
    )
    merged, issues = merge_rule_data(packaged(), override)
    parsed, found = parse_rules(merged)
    assert issues == [] and found == [] and parsed is not None
    schedule = parsed.match_week(2027)
    assert schedule is not None
    event = schedule.event("rol-deadline")
    assert event is not None and not event.projected and event.source.startswith("nrmp.org")
    assert schedule.event("round-1").projected  # type: ignore[union-attr]


def test_a_ranking_date_inside_match_week_is_an_error_naming_it() -> None:
    override = tomllib.loads(
        """
        [match_week.2027.events.rol-deadline]
        start = 2027-03-16T21:00:00
        source = "x"
        checked = 2027
        """
    )
    merged, _ = merge_rule_data(packaged(), override)
    parsed, issues = parse_rules(merged)
    assert parsed is None
    assert ("match_week.2027.events.rol-deadline.start", "must be before Match Week starts") in [
        (i.where, i.message) for i in issues
    ]


def test_the_countdown_in_january_is_to_ranking_and_the_calendar_has_the_deadline() -> None:
    schedule = rules().match_week(2027)
    assert schedule is not None
    now = datetime(2027, 1, 20, 12, 0, tzinfo=UTC)
    timeline = build_timeline(schedule, ZoneInfo("Asia/Kolkata"), now)
    assert timeline.next is not None and timeline.next.event.key == "ranking-opens"
    data = timeline_to_dict(timeline)
    assert [e["key"] for e in data["ranking"]] == ["ranking-opens", "rol-deadline"]
    assert all(e["projected"] for e in data["ranking"])
    text = to_icalendar(timeline, dtstamp=now, reminders=(timedelta(hours=1),))
    assert "UID:2027-rol-deadline.match-week@matchpilot" in text
    assert "Projected: no official page confirms" in text.replace("\r\n ", "")
