"""Months ahead of Match Week: the readiness checklist of seed 000 (§1.1 and §2), each item with a due date.

Due dates are computed from the season's dated rules, never written per year: an item is due a number of days
before the Monday of Match Week (the day the Match status is released, taken from the year's Match Week
schedule) or at a dated ranking event (the rank order list certification deadline). A due date falls at
21:00 US Eastern Time on its day (the hour of NRMP deadlines), whatever the daylight saving time of that day:
US Eastern moves to daylight time on the second Sunday of March, often the day before Match Week.

Item ids are stable (``statement-pmr``, ``letters``...): other parts of matchpilot (and the user's ticks) refer
to them. Pure: the caller passes ``now`` and the ticks; no clock, no storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from matchpilot.domain.rules import EventKind, MatchWeekSchedule
from matchpilot.domain.season import match_day

__all__ = [
    "CHECKLIST_ITEMS",
    "DUE_HOUR",
    "DUE_SOON",
    "Checklist",
    "ChecklistEntry",
    "ChecklistItem",
    "ItemState",
    "build_checklist",
    "checklist_item",
    "match_week_monday",
]


DUE_HOUR = time(21, 0)
"""A due date ends at 21:00 US Eastern Time (the hour of the NRMP's deadlines)."""

DUE_SOON = timedelta(days=7)
"""An item not done is *due soon* when its due time is this close."""

_EASTERN = ZoneInfo("America/New_York")


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One thing to have ready before Match Week.

    ``id`` is stable (the key of the user's tick and a hook for other pages); ``anchor`` is ``week`` (due
    ``days`` days after the Monday of Match Week; negative: before it) or a ranking event's kind
    (``rol_deadline``: due at that moment plus ``days``); ``img_only`` items concern international medical
    graduates only; ``fact`` names what eligibility asks about the same thing (``registered``, ``ecfmg``);
    ``page`` is the web page where the thing is prepared (empty when it is done outside matchpilot).
    """

    id: str
    title: str
    why: str
    anchor: str
    days: int
    img_only: bool = False
    fact: str = ""
    page: str = ""


CHECKLIST_ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "nrmp-registration",
        "Registration for the Main Residency Match complete",
        "Log in to your NRMP account and confirm it. SOAP is only for applicants registered for the Main "
        "Residency Match; check it two to three months before Match Week.",
        "week",
        -56,
        fact="registered",
    ),
    ChecklistItem(
        "ecfmg-status",
        "ECFMG certification status verified",
        "Check your ECFMG status: an international medical graduate needs certification by the rank order list "
        "certification deadline to take part in SOAP.",
        "week",
        -56,
        img_only=True,
        fact="ecfmg",
    ),
    ChecklistItem(
        "documents-assigned",
        "Documents uploaded in ERAS and assignable to PM&R and your backups",
        "Log in to ERAS and check that every document is uploaded and can be assigned to the specialties you "
        "might target in SOAP: PM&R and any backup.",
        "week",
        -56,
    ),
    ChecklistItem(
        "visa-needs",
        "Your visa need settled (J-1, H-1B or none)",
        "Know which visa you need, so that you do not spend SOAP applications on programs that cannot sponsor it.",
        "week",
        -56,
        img_only=True,
        page="/profile",
    ),
    ChecklistItem(
        "letters",
        "Letters of recommendation in place",
        "At least one PM&R letter if you can; otherwise internal medicine or neurology, orthopedics or sports "
        "medicine, or a mentor who can speak of your teamwork. Ask early, naming your interest in physiatry, "
        "while letters can still be uploaded.",
        "week",
        -56,
        page="/materials#letters",
    ),
    ChecklistItem(
        "eras-experiences",
        "ERAS experience entries tied to PM&R",
        "Add one or two sentences to each entry connecting it to what PM&R values: function, disability, "
        "quality of life, teamwork.",
        "week",
        -42,
        page="/materials#experiences",
    ),
    ChecklistItem(
        "intelligence-sheet",
        "PM&R program intelligence sheet built",
        "Programs by place, visa sponsorship, openness to IMGs, type and track, so that you can judge a program "
        "of the unfilled list in minutes.",
        "week",
        -42,
        page="/programs",
    ),
    ChecklistItem(
        "statement-pmr",
        "Personal statement for PM&R written (“PM&R SOAP PS”)",
        "Your core statement: why physiatry, your rehabilitation experience, function and teamwork.",
        "week",
        -28,
        page="/materials/statements/pmr",
    ),
    ChecklistItem(
        "statement-bridge",
        "Personal statement for a preliminary or transitional year written (“Prelim/Transitional SOAP PS”)",
        "For the PGY-1 year an advanced PM&R position needs: a solid clinical foundation, with PM&R named as "
        "your long-term goal.",
        "week",
        -28,
        page="/materials/statements/prelim",
    ),
    ChecklistItem(
        "statement-general",
        "General personal statement written (“General SOAP PS”)",
        "For other specialties you would truly accept: honest and flexible.",
        "week",
        -28,
        page="/materials/statements/general",
    ),
    ChecklistItem(
        "rol-certified",
        "Rank order list certified",
        "An uncertified list is not used in the Match.",
        EventKind.ROL_DEADLINE.value,
        0,
        page="/rank-list#certify",
    ),
    ChecklistItem(
        "distribution-plans",
        "Two or three distribution plans written",
        "A best case (many PM&R positions) and a worst case (few PM&R, more preliminary years), so that the "
        "unfilled list does not find you undecided.",
        "week",
        -14,
        page="/match-week#prepared-heading",
    ),
    ChecklistItem(
        "cheat-sheet",
        "Interview cheat sheet written",
        "Three reasons you chose PM&R, three qualities you bring, two patients who led you to rehabilitation.",
        "week",
        -14,
        page="/match-week/cheatsheet",
    ),
    ChecklistItem(
        "rehearsal",
        "Match Week rehearsed",
        "Walk through Monday's triage, the plan and the offer decisions once, in Practice Match Week.",
        "week",
        -7,
        page="/match-week/practice",
    ),
    ChecklistItem(
        "phone-ready",
        "Phone and e-mail ready for Match Week",
        "Ringer on, a professional voicemail greeting, e-mail and the ERAS message center at hand: programs "
        "expect an answer within minutes.",
        "week",
        -1,
    ),
)
"""The readiness checklist, in the order to work through it."""

_BY_ID = {item.id: item for item in CHECKLIST_ITEMS}


def checklist_item(item_id: str) -> ChecklistItem:
    """The item called ``item_id``; ``KeyError`` naming it and the known ids when there is none."""
    key = item_id.strip().lower()
    if key not in _BY_ID:
        raise KeyError(f"{item_id.strip()[:40]!r} is not a checklist item; use one of {', '.join(_BY_ID)}")
    return _BY_ID[key]


class ItemState(StrEnum):
    """Where an item stands at ``now``."""

    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    UPCOMING = "upcoming"
    UNDATED = "undated"

    @property
    def label(self) -> str:
        """The state in plain words."""
        return {
            ItemState.DONE: "Done",
            ItemState.OVERDUE: "Overdue",
            ItemState.DUE_SOON: "Due soon",
            ItemState.UPCOMING: "To do",
            ItemState.UNDATED: "To do (no date)",
        }[self]


@dataclass(frozen=True, slots=True)
class ChecklistEntry:
    """One item for one season: its due time (aware, US Eastern; None when the rules have no date to compute
    it from), when the user ticked it (None: not done) and its state at the checklist's ``now``."""

    item: ChecklistItem
    due: datetime | None
    ticked_at: datetime | None
    state: ItemState
    due_source: str


@dataclass(frozen=True, slots=True)
class Checklist:
    """The checklist of Match ``year`` seen from ``now``; ``note`` says how the dates were found when the rules
    lacked the year's schedule."""

    year: int
    now: datetime
    entries: tuple[ChecklistEntry, ...]
    note: str = ""

    @property
    def overdue(self) -> tuple[ChecklistEntry, ...]:
        """The items past their due time and not done."""
        return tuple(e for e in self.entries if e.state is ItemState.OVERDUE)

    @property
    def done(self) -> int:
        """How many items are done."""
        return sum(1 for e in self.entries if e.state is ItemState.DONE)


def match_week_monday(schedule: MatchWeekSchedule | None, year: int) -> tuple[date, str]:
    """The Monday of Match Week ``year`` (its first day) and where it comes from: the day of the schedule's
    first Match Week event in US Eastern Time, or, with no schedule, four days before Match Day (the third
    Friday of March)."""
    if schedule is not None and schedule.week_events:
        first = min(schedule.week_events, key=lambda e: e.start.astimezone(UTC))
        return first.start.astimezone(_EASTERN).date(), f"Match Week {year} schedule ({first.source})"
    return match_day(year) - timedelta(days=4), f"Match Day {year} is the third Friday of March"


def _at_due_hour(day: date) -> datetime:
    return datetime.combine(day, DUE_HOUR, tzinfo=_EASTERN)


def _span_words(days: int) -> str:
    when = "after" if days > 0 else "before"
    weeks, rest = divmod(abs(days), 7)
    if abs(days) == 1:
        return f"the day {when} Match Week begins"
    span = f"{weeks} week{'s' if weeks != 1 else ''}" if not rest else f"{abs(days)} days"
    return f"{span} {when} Match Week"


def _due(item: ChecklistItem, schedule: MatchWeekSchedule | None, monday: date) -> tuple[datetime | None, str]:
    if item.anchor == "week":
        return _at_due_hour(monday + timedelta(days=item.days)), _span_words(item.days)
    event = None
    if schedule is not None:
        event = next((e for e in schedule.all_events if e.kind.value == item.anchor), None)
    if event is None:
        return None, "the rules data has no date for this year"
    moment = event.start.astimezone(_EASTERN) + timedelta(days=item.days)
    return moment, f"{event.title} ({event.source}{'; projected' if event.projected else ''})"


def build_checklist(
    schedule: MatchWeekSchedule | None,
    year: int,
    now: datetime,
    ticks: Mapping[str, datetime],
    *,
    img: bool | None = None,
) -> Checklist:
    """The checklist of Match ``year`` at ``now`` (aware; ``ValueError`` otherwise).

    Steps: (1) find Match Week's Monday (:func:`match_week_monday`); (2) each item's due time is 21:00 US
    Eastern on the Monday plus its days, or its ranking event's moment plus its days (None when the schedule
    has no such event); (3) its state is DONE when ``ticks`` has its id, else OVERDUE after the due time,
    DUE_SOON within :data:`DUE_SOON`, UPCOMING, or UNDATED without a due time; (4) entries are sorted by due
    time (undated last, ties in the checklist's order). Items for international
    medical graduates only are left out when ``img`` is False (None: not known, kept).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (with a time zone)")
    monday, where = match_week_monday(schedule, year)
    note = "" if schedule is not None else f"No Match Week {year} schedule in the rules data: dates follow {where}."
    entries: list[ChecklistEntry] = []
    moment = now.astimezone(UTC)
    for item in CHECKLIST_ITEMS:
        if item.img_only and img is False:
            continue
        due, source = _due(item, schedule, monday)
        ticked = ticks.get(item.id)
        if ticked is not None:
            state = ItemState.DONE
        elif due is None:
            state = ItemState.UNDATED
        elif moment > due.astimezone(UTC):
            state = ItemState.OVERDUE
        elif due.astimezone(UTC) - moment <= DUE_SOON:
            state = ItemState.DUE_SOON
        else:
            state = ItemState.UPCOMING
        entries.append(ChecklistEntry(item, due, ticked, state, source))
    latest = datetime.max.replace(tzinfo=UTC)
    entries.sort(key=lambda e: latest if e.due is None else e.due.astimezone(UTC))
    return Checklist(year, now, tuple(entries), note)
