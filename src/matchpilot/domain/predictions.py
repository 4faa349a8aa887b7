"""The chances matchpilot showed an applicant, kept to be scored once the programs answer.

A :class:`Prediction` is a domain value because it is stored: the predictions store takes and returns it as it
is, and the prediction report pairs the latest one of each program with the outcome recorded for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Prediction"]


@dataclass(frozen=True, slots=True)
class Prediction:
    """The chance of an interview shown for the program ``code`` on ``predicted_on``: ``p_mid`` in
    ``p_low``-``p_high``, of which ``cohort_shift`` (log-odds) came from the cohort of the server."""

    code: str
    predicted_on: date
    p_low: float
    p_mid: float
    p_high: float
    cohort_shift: float = 0.0  # the cohort's term (log-odds) included in p_mid
