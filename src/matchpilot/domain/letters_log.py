"""The letters log: messages the applicant sent to programs, interviews, and what programs wrote back.

These are domain values because they are stored: the letters log store takes them and returns them as they are
with their ``id`` in the log (None for a value that does not come from the log, such as a lint context file's
messages), and the letters core (``matchpilot.letters``) reads them to lint a message in context and to warn before the
applicant oversteps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Interview", "LoggedMessage", "Reply"]


@dataclass(frozen=True, slots=True)
class LoggedMessage:
    """A message already sent: to which ``program`` (code), when, its ``kind`` (a template kind, ``reply`` or
    ``other``), its ``text`` when kept, whether the program had asked for it (``requested``), and its ``id`` in the
    log (None: not from the log)."""

    program: str
    sent_on: date
    kind: str = "other"
    text: str = ""
    requested: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Interview:
    """An interview with a ``program`` (code) ``on`` a date, with the interviewers' names and the applicant's
    ``notes`` when noted, and its ``id`` in the log (None: not from the log)."""

    program: str
    on: date
    interviewers: tuple[str, ...] = ()
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """What a program wrote to the applicant (an answer, an invitation, a request), on a day, with its ``id`` in the
    log (None: not from the log)."""

    program: str
    on: date
    text: str = ""
    id: int | None = None
