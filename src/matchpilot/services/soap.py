"""Use cases of Match Week (SOAP): load the dated rules (packaged defaults plus the user's corrections), check
SOAP eligibility from the stored profile, build the timeline in the applicant's time zone, write iCalendar.

The only place where files, the clock's answers and the pure core (:mod:`matchpilot.soap`) meet; shells call
these and render the answers. The core's value types and renderers the shells need are re-exported here, so
shells import nothing from the core directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from matchpilot.domain.rules import RANKING_KINDS, Rules
from matchpilot.errors import InputError
from matchpilot.services.rules_data import LoadedRules, load_rules, packaged_rules_text
from matchpilot.soap import (
    DEFAULT_REMINDERS,
    NOT_THE_NRMP,
    Eligibility,
    MatchStatus,
    Phase,
    Reason,
    SoapStatus,
    Timeline,
    Verdict,
    build_timeline,
    check_eligibility,
    format_countdown,
    format_local,
    match_year_for,
    to_icalendar,
)

if TYPE_CHECKING:
    from matchpilot.services.workspace import Services
    from matchpilot.soap.checklist import Checklist

__all__ = [
    "DEFAULT_REMINDERS",
    "DEFAULT_ZONE",
    "NOT_THE_NRMP",
    "RANKING_KINDS",
    "RULES_FILE_ENV",
    "Eligibility",
    "LoadedRules",
    "MatchStatus",
    "Phase",
    "Reason",
    "SoapStatus",
    "Timeline",
    "Verdict",
    "calendar_text",
    "format_countdown",
    "format_local",
    "load_rules",
    "local_zone_name",
    "packaged_rules_text",
    "resolve_zone",
    "season_year",
    "soap_eligibility",
    "soap_timeline",
    "write_icalendar",
]

RULES_FILE_ENV = "MATCHPILOT_RULES_FILE"
"""The environment variable naming the user's rules file (the CLI's ``--rules`` reads it)."""

DEFAULT_ZONE = "America/New_York"
"""The zone shown when the applicant's own zone is neither given nor found on the machine (US Eastern)."""


def resolve_zone(name: str) -> ZoneInfo:
    """The time zone called ``name`` (``Asia/Kolkata``); :class:`InputError` naming it when unknown."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {name!r}: use a name from the time zone database such as 'America/Chicago', "
            "'Europe/London' or 'Asia/Kolkata'"
        ) from None


def local_zone_name(environ: Mapping[str, str] | None = None) -> str | None:
    """The name of this machine's time zone (``TZ``, else the target of ``/etc/localtime``), or ``None``."""
    env = os.environ if environ is None else environ
    candidates = [env.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:  # pragma: no cover - platform dependent
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if not name or name.startswith("/"):
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return None


def soap_eligibility(services: Services, status: SoapStatus, rules: Rules, *, year: int | None = None) -> Eligibility:
    """Check SOAP eligibility for the stored profile (none stored: the ECFMG condition may stay unknown).

    ``year`` is the Match year (default: the next Match Week from the services' today).
    """
    if year is None:
        today = services.today()
        year = match_year_for(rules, datetime(today.year, today.month, today.day, tzinfo=UTC))
    return check_eligibility(services.profile(), status, rules, year)


def season_year(rules: Rules, now: datetime) -> int | None:
    """The Match year of the season under way at ``now`` (the moment a page rehearses), or None when the rules
    data holds no Match Week schedule for it."""
    year = match_year_for(rules, now)
    return year if rules.match_week(year) is not None else None


def soap_timeline(rules: Rules, *, now: datetime, zone: tzinfo, year: int | None = None) -> Timeline:
    """The Match Week timeline of ``year`` (default: the Match Week ahead of ``now``) in ``zone``.

    Raises :class:`InputError` naming the year when the rules data has no schedule for it.
    """
    chosen = match_year_for(rules, now) if year is None else year
    schedule = rules.match_week(chosen)
    if schedule is None:
        known = ", ".join(map(str, rules.match_week_years)) or "none"
        raise InputError(
            f"no Match Week schedule for {chosen} in matchpilot's dated rules (known years: {known}); a newer "
            "matchpilot or corrected rules data brings it"
        )
    return build_timeline(schedule, zone, now)


def write_icalendar(
    timeline: Timeline,
    path: Path,
    *,
    dtstamp: datetime,
    reminders: Iterable[timedelta] = DEFAULT_REMINDERS,
    checklist: Checklist | None = None,
) -> int:
    """Write ``timeline`` (and the dated items of ``checklist`` as to-dos, if given) as an iCalendar file;
    returns the number of events (to-dos not counted). :class:`InputError` naming the file when it cannot be
    written."""
    text = calendar_text(timeline, dtstamp=dtstamp, reminders=reminders, checklist=checklist)
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise InputError(f"{path}: cannot write the calendar ({error.strerror or error})") from None
    return len(timeline.entries)


def calendar_text(
    timeline: Timeline,
    *,
    dtstamp: datetime,
    reminders: Iterable[timedelta] = DEFAULT_REMINDERS,
    checklist: Checklist | None = None,
) -> str:
    """The iCalendar text of ``timeline``'s events and ``checklist``'s dated items (see
    :func:`matchpilot.soap.to_icalendar`)."""
    return to_icalendar(timeline, dtstamp=dtstamp, reminders=reminders, checklist=checklist)
