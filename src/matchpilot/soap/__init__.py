"""Match Week (SOAP): eligibility, the timeline in the applicant's time zone, iCalendar reminders.

Pure core: takes values (a profile, the dated rules of :mod:`matchpilot.domain.rules`, ``now``) and returns
values; no clock, no files. Imports only :mod:`matchpilot.domain` and the standard library.
matchpilot is not the NRMP; the current Match Participation Agreement governs.
"""

from matchpilot.soap.eligibility import (
    NOT_THE_NRMP,
    Eligibility,
    MatchStatus,
    Reason,
    SoapStatus,
    Verdict,
    check_eligibility,
    eligibility_to_dict,
)
from matchpilot.soap.icalendar import DEFAULT_REMINDERS, to_icalendar
from matchpilot.soap.timeline import (
    Phase,
    Timeline,
    TimelineEntry,
    build_timeline,
    format_countdown,
    format_local,
    match_year_for,
    timeline_to_dict,
)

__all__ = [
    "DEFAULT_REMINDERS",
    "NOT_THE_NRMP",
    "Eligibility",
    "MatchStatus",
    "Phase",
    "Reason",
    "SoapStatus",
    "Timeline",
    "TimelineEntry",
    "Verdict",
    "build_timeline",
    "check_eligibility",
    "eligibility_to_dict",
    "format_countdown",
    "format_local",
    "match_year_for",
    "timeline_to_dict",
    "to_icalendar",
]
