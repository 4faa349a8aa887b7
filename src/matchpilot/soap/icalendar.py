"""iCalendar (RFC 5545) reminders for Match Week, written with the standard library.

One VCALENDAR with a VEVENT per Match Week event: a stable UID (``<year>-<key>.match-week@matchpilot``, so
importing a corrected file again updates the events instead of duplicating them), the DTSTAMP the caller
passes, DTSTART/DTEND in UTC (``Z`` form, so no VTIMEZONE is needed and every calendar shows the right local
time), SUMMARY, a DESCRIPTION with what to do, the time in the applicant's zone and the source, and VALARM
reminders before the start (and before an offer round closes); the readiness checklist's dated items as VTODOs
due at their due time (``<year>-checklist-<id>.match-week@matchpilot``). Lines end with CRLF and are folded at 75 octets
without splitting a UTF-8 character (RFC 5545 §3.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from matchpilot.soap.checklist import Checklist, ChecklistEntry
from matchpilot.soap.eligibility import NOT_THE_NRMP
from matchpilot.soap.timeline import Timeline, TimelineEntry, format_local

__all__ = ["DEFAULT_REMINDERS", "PRODID", "escape_text", "fold_line", "format_duration", "to_icalendar"]

PRODID = "-//matchpilot//Match Week timeline//EN"
"""The PRODID of the calendars matchpilot writes."""

DEFAULT_REMINDERS: tuple[timedelta, ...] = (timedelta(hours=1), timedelta(minutes=15))
"""Reminders before each event's start, unless the caller chooses others."""

_CLOSE_REMINDER = timedelta(minutes=30)
_MAX_OCTETS = 75


def escape_text(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold one content line into parts of at most 75 octets joined by CRLF and a space (RFC 5545 §3.1).

    A UTF-8 character is never split; the line break is not counted.
    """
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = _MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, _MAX_OCTETS - 1  # a continuation line starts with one space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def format_duration(span: timedelta) -> str:
    """An RFC 5545 DURATION (§3.3.6) such as ``-PT1H``, ``-PT15M``, ``-P1D`` or ``PT0S``."""
    seconds = int(span.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days and not (hours or minutes or seconds):
        return f"{sign}P{days}D"
    text = f"{sign}P{days}D" if days else f"{sign}P"
    time = ""
    if hours:
        time += f"{hours}H"
    if minutes:
        time += f"{minutes}M"
    if seconds or not (days or hours or minutes):
        time += f"{seconds}S"
    return f"{text}T{time}"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _description(entry: TimelineEntry) -> str:
    event = entry.event
    lines = []
    if event.action:
        lines.append(event.action)
    when = f"Your time: {format_local(entry.start)}"
    if entry.end is not None:
        when += f" to {format_local(entry.end)}"
    lines.append(when + ".")
    lines.append(f"Source: {event.source} (checked {event.checked}).")
    if event.projected:
        lines.append("Projected: no official page confirms this time for the year; check it before you rely on it.")
    if event.note:
        lines.append(f"Note: {event.note}")
    lines.append(NOT_THE_NRMP)
    return "\n".join(lines)


def _alarm(description: str, trigger: str) -> list[str]:
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(description)}",
        f"TRIGGER{trigger}",
        "END:VALARM",
    ]


def _event_lines(entry: TimelineEntry, year: int, dtstamp: str, reminders: Sequence[timedelta]) -> list[str]:
    event = entry.event
    lines = [
        "BEGIN:VEVENT",
        f"UID:{year}-{event.key}.match-week@matchpilot",
        f"DTSTAMP:{dtstamp}",
        f"DTSTART:{_utc(event.start)}",
    ]
    if event.end is not None:
        lines.append(f"DTEND:{_utc(event.end)}")
    lines += [
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(_description(entry))}",
        "TRANSP:TRANSPARENT",
    ]
    for before in sorted(set(reminders), reverse=True):
        lines += _alarm(f"{event.title} ({_plain(before)} before)", f":{format_duration(-before)}")
    if event.end is not None:
        lines += _alarm(
            f"{event.title} closes in {_plain(_CLOSE_REMINDER)}", f";RELATED=END:{format_duration(-_CLOSE_REMINDER)}"
        )
    lines.append("END:VEVENT")
    return lines


def _plain(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes % 1440 == 0:
        days = minutes // 1440
        return f"{days} day{'s' if days != 1 else ''}"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minutes"


_CHECKLIST_REMINDER = timedelta(days=1)


def _checklist_lines(entry: ChecklistEntry, year: int, dtstamp: str) -> list[str]:
    """A checklist item as a VTODO due at its due time (RFC 5545 §3.6.2): open items NEEDS-ACTION with a
    reminder a day before; items done COMPLETED with the time they were ticked."""
    assert entry.due is not None
    lines = [
        "BEGIN:VTODO",
        f"UID:{year}-checklist-{entry.item.id}.match-week@matchpilot",
        f"DTSTAMP:{dtstamp}",
        f"DUE:{_utc(entry.due)}",
        f"SUMMARY:{escape_text(entry.item.title)}",
        f"DESCRIPTION:{escape_text(_checklist_description(entry))}",
    ]
    if entry.ticked_at is not None:
        lines += ["STATUS:COMPLETED", f"COMPLETED:{_utc(entry.ticked_at)}"]
    else:
        lines.append("STATUS:NEEDS-ACTION")
        lines += _alarm(f"Due tomorrow: {entry.item.title}", f";RELATED=END:{format_duration(-_CHECKLIST_REMINDER)}")
    lines.append("END:VTODO")
    return lines


def _checklist_description(entry: ChecklistEntry) -> str:
    assert entry.due is not None
    lines = [entry.item.why, f"Due {format_local(entry.due)} ({entry.due_source})."]
    if entry.ticked_at is not None:
        lines.append("Done: you ticked it in matchpilot.")
    lines.append(NOT_THE_NRMP)
    return "\n".join(lines)


def to_icalendar(
    timeline: Timeline,
    *,
    dtstamp: datetime,
    reminders: Iterable[timedelta] = DEFAULT_REMINDERS,
    checklist: Checklist | None = None,
) -> str:
    """The iCalendar text of ``timeline``'s events (all of them, past ones included).

    ``dtstamp`` (aware) is when the calendar was made — pass it in, the core has no clock; ``reminders`` are
    positive spans before each event's start (events with an end also get a reminder 30 minutes before they
    close). With ``checklist``, each dated item becomes a to-do (VTODO) due at its due time, with a reminder a
    day before; items done are COMPLETED. Returns text with CRLF line ends and folded lines, ending with CRLF.
    ``ValueError`` for a naive ``dtstamp`` or a reminder that is not positive.
    """
    if dtstamp.tzinfo is None or dtstamp.utcoffset() is None:
        raise ValueError("dtstamp must be an aware datetime")
    chosen = tuple(reminders)
    if any(span <= timedelta(0) for span in chosen):
        raise ValueError("reminders must be positive spans before the event")
    stamp = _utc(dtstamp)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'Match Week {timeline.year} (matchpilot)')}",
    ]
    for entry in timeline.entries:
        lines += _event_lines(entry, timeline.year, stamp, chosen)
    if checklist is not None:
        for item in checklist.entries:
            if item.due is not None:
                lines += _checklist_lines(item, checklist.year, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
