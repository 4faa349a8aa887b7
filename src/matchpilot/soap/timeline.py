"""The Match Week timeline in the applicant's own time zone, with the next step and a countdown.

Pure: the caller passes ``now`` (an aware datetime) and the applicant's time zone. Conversions go through the
time zone database (:mod:`zoneinfo`), so daylight saving time is right on both sides: US Eastern moves to
daylight time on the second Sunday of March, before Match Week, while Europe moves on the last Sunday of
March, after it; zones such as Asia/Kolkata never move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo

from matchpilot.domain.rules import MatchWeekEvent, MatchWeekSchedule, Rules
from matchpilot.domain.season import season_for

__all__ = [
    "Phase",
    "Timeline",
    "TimelineEntry",
    "build_timeline",
    "format_countdown",
    "format_local",
    "match_year_for",
]

_EASTERN = ZoneInfo("America/New_York")
"""NRMP's clock: Match Week hours and Match Day are announced in Eastern Time."""


class Phase(StrEnum):
    """Where an event stands relative to ``now``."""

    PAST = "past"
    NOW = "now"
    NEXT = "next"
    LATER = "later"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event with its times converted to the applicant's zone, and its phase."""

    event: MatchWeekEvent
    start: datetime
    end: datetime | None
    phase: Phase


@dataclass(frozen=True, slots=True)
class Timeline:
    """Match Week ``year`` as the applicant lives it: entries in time order in ``zone``, seen from ``now``."""

    year: int
    zone: str
    now: datetime
    entries: tuple[TimelineEntry, ...]
    note: str = ""

    @property
    def current(self) -> tuple[TimelineEntry, ...]:
        """Events under way at ``now`` (an open offer round)."""
        return tuple(e for e in self.entries if e.phase is Phase.NOW)

    @property
    def upcoming(self) -> tuple[TimelineEntry, ...]:
        """The next events: all those that start at the earliest time after ``now`` (often more than one)."""
        return tuple(e for e in self.entries if e.phase is Phase.NEXT)

    @property
    def next(self) -> TimelineEntry | None:
        """The first of :attr:`upcoming`, or ``None`` when Match Week is over."""
        upcoming = self.upcoming
        return upcoming[0] if upcoming else None

    @property
    def countdown(self) -> timedelta | None:
        """Time from ``now`` to the next event's start, or ``None`` when nothing is left."""
        following = self.next
        return None if following is None else _between(self.now, following.start)

    def next_step(self) -> str:
        """The next step in plain words, with its countdown."""
        parts: list[str] = []
        for entry in self.current:
            assert entry.end is not None  # only events with an end can be under way
            left = format_countdown(_between(self.now, entry.end))
            until = format_local(entry.end)
            parts.append(f"{entry.event.title} is open until {until} ({left} left). {entry.event.action}")
        upcoming = self.upcoming
        if upcoming:
            when = format_local(upcoming[0].start)
            titles = "; ".join(e.event.title for e in upcoming)
            countdown = self.countdown
            assert countdown is not None
            parts.append(f"Next: {titles} — {when}, in {format_countdown(countdown)}.")
        elif not parts:
            parts.append(f"Match Week {self.year} is over.")
        return " ".join(parts)


def _between(earlier: datetime, later: datetime) -> timedelta:
    """Elapsed time from ``earlier`` to ``later``, in UTC: Python subtracts two datetimes that share a tzinfo
    by their wall clocks, which is an hour off across a daylight saving change."""
    return later.astimezone(UTC) - earlier.astimezone(UTC)


def _phase(event_start: datetime, event_end: datetime | None, now: datetime) -> Phase:
    start, now = event_start.astimezone(UTC), now.astimezone(UTC)
    if event_end is not None and start <= now < event_end.astimezone(UTC):
        return Phase.NOW
    if start > now:
        return Phase.LATER
    return Phase.PAST


def build_timeline(schedule: MatchWeekSchedule, zone: tzinfo, now: datetime) -> Timeline:
    """Convert ``schedule`` to ``zone`` and place every event relative to ``now``.

    ``now`` must be aware (``ValueError`` otherwise). Entries keep the schedule's order; the events that start
    first after ``now`` are :attr:`Phase.NEXT`, later ones :attr:`Phase.LATER`, events under way
    :attr:`Phase.NOW` and the rest :attr:`Phase.PAST`.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (with a time zone)")
    local_now = now.astimezone(zone)
    entries: list[TimelineEntry] = []
    for event in schedule.all_events:
        start = event.start.astimezone(zone)
        end = None if event.end is None else event.end.astimezone(zone)
        entries.append(TimelineEntry(event, start, end, _phase(start, end, local_now)))
    later = [e.start.astimezone(UTC) for e in entries if e.phase is Phase.LATER]
    if later:
        first = min(later)
        entries = [
            TimelineEntry(e.event, e.start, e.end, Phase.NEXT)
            if e.phase is Phase.LATER and e.start.astimezone(UTC) == first
            else e
            for e in entries
        ]
    name = getattr(zone, "key", None) or str(zone)
    return Timeline(schedule.year, name, local_now, tuple(entries), schedule.note)


def match_year_for(rules: Rules, now: datetime) -> int:
    """The Match year a person asking at ``now`` cares about: that of the season under way on ``now``'s day in
    Eastern Time (see :mod:`matchpilot.domain.season`: a season ends on Match Day). ``rules`` is kept for
    callers; the season does not depend on it."""
    del rules
    return season_for(now.astimezone(_EASTERN).date()).match_year


def format_countdown(span: timedelta) -> str:
    """A countdown people read at a glance: ``2 days 3 h 05 min``, ``45 min``, ``less than a minute``."""
    total = int(span.total_seconds())
    if total < 60:
        return "less than a minute" if total >= 0 else "passed"
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts: list[str] = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours or days:
        parts.append(f"{hours} h")
    parts.append(f"{minutes:02d} min" if (hours or days) else f"{minutes} min")
    return " ".join(parts)


def format_local(moment: datetime) -> str:
    """A local time with its weekday and zone: ``Mon 15 Mar 2027, 07:00 PDT``."""
    return moment.strftime("%a %d %b %Y, %H:%M %Z").replace(" +", " UTC+").replace(" -", " UTC-")
