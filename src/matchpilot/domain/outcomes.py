"""What programs answered: an interview invitation, a rejection, or silence, as the applicant recorded it.

These are values of the domain (not of the chances model alone) because they are stored: the outcomes store
takes and returns :class:`RecordedOutcome`, the chances model learns from them and ``pick`` shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = ["Outcome", "RecordedOutcome"]


class Outcome(StrEnum):
    """What a program answered: an interview invitation, a rejection, or silence after a date you chose."""

    INVITED = "invited"
    REJECTED = "rejected"
    SILENT = "silent"


@dataclass(frozen=True, slots=True)
class RecordedOutcome:
    """What one program answered, as the applicant recorded it: the program ``code``, the ``outcome`` and the
    day it was recorded for (``on``)."""

    code: str
    outcome: Outcome
    on: date
