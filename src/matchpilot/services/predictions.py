"""Predictions scored against outcomes: keep the chances shown, then say how well they did.

Each time matchpilot shows the applicant their chances (My list, ``matchpilot chances``, ``matchpilot pick``),
:func:`keep_shown` keeps the chance of an interview shown for each program, dated, with the part of it that came
from the server's cohort (one row per program per day, one bulk upsert; programs that already have an outcome are
skipped, so what is kept for them was predicted before the answer was recorded). :func:`prediction_report` pairs
each recorded outcome with the latest prediction kept for its program and scores them with
:mod:`matchpilot.chances.scoring`.

Which outcomes are scored: ``invited`` (1) and ``rejected`` (0). ``silent`` is not scored: silence may still
turn into an invitation, and only the applicant knows when a season is over, so counting it as a rejection would
make the chances look worse (or better) than they were. The report says how many silent outcomes it left out.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matchpilot.chances import Factor, Outcome
from matchpilot.chances.scoring import FEW_OUTCOMES, Scores, score, what_it_can_say
from matchpilot.domain.outcomes import RecordedOutcome
from matchpilot.domain.predictions import Prediction
from matchpilot.services.chances import ChancesReport
from matchpilot.services.workspace import Services
from matchpilot.storage import Database, OutcomeStore
from matchpilot.storage.predictions import PredictionStore

__all__ = ["PredictionReport", "ScoredOutcome", "keep_shown", "prediction_report"]

BINS = 5
"""The bins of the reliability table: 0-20%, 20-40%, ... 80-100%."""


_kept_lock = threading.Lock()
_kept: weakref.WeakKeyDictionary[Database, dict[tuple[int, date], int]] = weakref.WeakKeyDictionary()
_KEPT_ENTRIES = 4096  # owners x days remembered per database in this process (then forgotten all at once)


def keep_shown(services: Services, report: ChancesReport) -> int:
    """Keep today's chance of an interview for every program of ``report`` (see the module docstring);
    returns how many programs were written (those with an outcome are skipped).

    The same chances already kept today by this process for this owner are not written again (0): another
    question about the same chances (a list of another size) costs nothing. The chances are read as columns
    (no :class:`Prediction` per program)."""
    estimates = report.estimates
    if not estimates:
        return 0
    codes = [e.program.code for e in estimates]
    shown = [e.chance.p_interview for e in estimates]
    lows = [interval.low for interval in shown]
    mids = [interval.mid for interval in shown]
    highs = [interval.high for interval in shown]
    shifts = _cohort_shifts(report, codes)
    day = services.today()
    fingerprint = hash((tuple(codes), tuple(lows), tuple(mids), tuple(highs), tuple(shifts)))
    with _kept_lock:
        seen = _kept.setdefault(services.database, {})
        if seen.get((services.owner_id, day)) == fingerprint:
            return 0
    with services.database.transaction() as session:
        written = PredictionStore(session, services.owner_id).keep_columns(day, codes, lows, mids, highs, shifts)
    with _kept_lock:
        if len(seen) >= _KEPT_ENTRIES:
            seen.clear()
        seen[(services.owner_id, day)] = fingerprint
    return written


def _cohort_shifts(report: ChancesReport, codes: Sequence[str]) -> list[float]:
    """:func:`_cohort_shift` of each estimate of ``report`` (whose codes are ``codes``). Only a program the cohort
    fitted a term to can carry one (``estimate_chances`` adds none elsewhere): every other shift is 0.0 without
    reading the program's factors (with no cohort, or a cohort without terms: all of them)."""
    fitted = report.cohort.terms if report.cohort is not None else {}
    if not fitted:
        return [0.0] * len(codes)
    return [
        _cohort_shift(e.chance.factors) if code in fitted else 0.0
        for e, code in zip(report.estimates, codes, strict=True)
    ]


def _cohort_shift(factors: Sequence[Factor]) -> float:
    """The part of a chance that came from the server's cohort: the sum of its ``cohort`` terms (0.0 without)."""
    found = [f.contribution for f in factors if f.key == "cohort"]
    return math.fsum(found) if found else 0.0


@dataclass(frozen=True, slots=True)
class ScoredOutcome:
    """One ``recorded`` outcome and the latest ``prediction`` shown for its program before it was recorded."""

    recorded: RecordedOutcome
    prediction: Prediction

    @property
    def code(self) -> str:
        """The program's code."""
        return self.recorded.code

    @property
    def invited(self) -> bool:
        """Whether the program invited the applicant."""
        return self.recorded.outcome is Outcome.INVITED


@dataclass(frozen=True, slots=True)
class PredictionReport:
    """How the earlier predictions did: the ``scored`` outcomes (invited or rejected with an earlier
    prediction), their ``scores``, the ``silent`` outcomes not scored, the ``unpredicted`` outcomes (invited or
    rejected but never shown a chance before) and plain ``words`` on what so few outcomes can say."""

    scored: tuple[ScoredOutcome, ...]
    scores: Scores
    silent: int
    unpredicted: tuple[str, ...]
    words: str

    @property
    def conclusive(self) -> bool:
        """Whether there are enough scored outcomes (:data:`FEW_OUTCOMES`) to say better or worse at all."""
        return self.scores.count >= FEW_OUTCOMES


def prediction_report(services: Services) -> PredictionReport:
    """Score the predictions kept for the services' owner against the outcomes recorded (see the module
    docstring)."""
    with services.database.transaction() as session:
        recorded = OutcomeStore(session, services.owner_id).all()
        latest = PredictionStore(session, services.owner_id).latest(item.code for item in recorded)
    scored: list[ScoredOutcome] = []
    unpredicted: list[str] = []
    silent = 0
    for item in recorded:
        word = item.outcome
        if word is Outcome.SILENT:
            silent += 1
            continue
        kept = latest.get(item.code)
        if kept is None:
            unpredicted.append(item.code)
            continue
        scored.append(ScoredOutcome(item, kept))
    scores = score([s.prediction.p_mid for s in scored], [s.invited for s in scored], bins=BINS)
    return PredictionReport(tuple(scored), scores, silent, tuple(unpredicted), what_it_can_say(scores.count))
