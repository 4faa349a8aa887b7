"""The formats of the chances: ``matchpilot.chances/1`` (``matchpilot chances --json``),
``matchpilot.chances-cohort/1`` (``chances cohort --json``) and ``matchpilot.chances-report/1`` (``chances report
--json``), described in docs/chances.md.

The chances are the pure core's values (:mod:`matchpilot.chances`); the cohort status and the prediction report
are read through the shapes below (what the services return has these attributes). This module only writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from matchpilot.io.format_names import CHANCES_COHORT_FORMAT, CHANCES_FORMAT, CHANCES_REPORT_FORMAT

if TYPE_CHECKING:
    from matchpilot.chances import Interval, ProgramChance
    from matchpilot.chances.report import ChancesReport, ProgramEstimate
    from matchpilot.chances.scoring import Scores
    from matchpilot.domain.outcomes import RecordedOutcome
    from matchpilot.domain.predictions import Prediction

__all__ = [
    "CHANCES_COHORT_FORMAT",
    "CHANCES_FORMAT",
    "CHANCES_REPORT_FORMAT",
    "CohortStatusLike",
    "PredictionReportLike",
    "chances_to_dict",
    "cohort_status_to_dict",
    "prediction_report_to_dict",
]


class CohortStatusLike(Protocol):
    """What :func:`cohort_status_to_dict` reads of the cohort's status."""

    @property
    def consent(self) -> bool: ...
    @property
    def applicants(self) -> int | None: ...
    @property
    def outcomes(self) -> int | None: ...
    @property
    def programs(self) -> int: ...
    @property
    def note(self) -> str: ...


class ScoredOutcomeLike(Protocol):
    """One scored outcome, as :func:`prediction_report_to_dict` reads it."""

    @property
    def recorded(self) -> RecordedOutcome: ...
    @property
    def prediction(self) -> Prediction: ...


class PredictionReportLike(Protocol):
    """What :func:`prediction_report_to_dict` reads of a prediction report."""

    @property
    def scored(self) -> Sequence[ScoredOutcomeLike]: ...
    @property
    def scores(self) -> Scores: ...
    @property
    def silent(self) -> int: ...
    @property
    def unpredicted(self) -> Sequence[str]: ...
    @property
    def words(self) -> str: ...


def cohort_status_to_dict(status: CohortStatusLike) -> dict[str, Any]:
    """The ``matchpilot.chances-cohort/1`` document of the cohort's ``status`` (see docs/chances.md)."""
    return {
        "format": CHANCES_COHORT_FORMAT,
        "consent": status.consent,
        "applicants": status.applicants,
        "outcomes": status.outcomes,
        "programs": status.programs,
        "note": status.note or None,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def prediction_report_to_dict(found: PredictionReportLike) -> dict[str, Any]:
    """The ``matchpilot.chances-report/1`` document of ``found`` (see docs/chances.md)."""
    scores = found.scores
    return {
        "format": CHANCES_REPORT_FORMAT,
        "scored": scores.count,
        "invited": scores.invited,
        "brier": _rounded(scores.brier),
        "baseline": {
            "kind": "your invitation rate as a constant",
            "rate": _rounded(scores.base_rate),
            "brier": _rounded(scores.baseline_brier),
        },
        "skill": _rounded(scores.skill),
        "not_scored": {"silent": found.silent, "never_predicted": list(found.unpredicted)},
        "reliability": [
            {
                "low": b.low,
                "high": b.high,
                "count": b.count,
                "invited": b.invited,
                "mean_predicted": _rounded(b.mean_predicted),
                "observed": _rounded(b.observed),
                "observed_95": None
                if b.observed_low is None
                else [_rounded(b.observed_low), _rounded(b.observed_high)],
            }
            for b in scores.bins
        ],
        "outcomes": [
            {
                "code": s.recorded.code,
                "outcome": s.recorded.outcome.value,
                "outcome_on": s.recorded.on.isoformat(),
                "predicted_on": s.prediction.predicted_on.isoformat(),
                "p_interview": {
                    "low": _rounded(s.prediction.p_low),
                    "mid": _rounded(s.prediction.p_mid),
                    "high": _rounded(s.prediction.p_high),
                },
            }
            for s in found.scored
        ],
        "what_it_can_say": found.words,
    }


def _interval_json(interval: Interval) -> dict[str, float]:
    return {"low": round(interval.low, 6), "mid": round(interval.mid, 6), "high": round(interval.high, 6)}


def _chance_json(estimate: ProgramEstimate) -> dict[str, Any]:
    chance: ProgramChance = estimate.chance
    return {
        "code": chance.code,
        "name": estimate.program.name,
        "category": chance.category.value,
        "filtered": chance.is_filtered,
        "filters": [{"code": f.code, "reason": f.reason, "remedy": f.remedy} for f in chance.filtered],
        "p_interview": _interval_json(chance.p_interview),
        "p_match": _interval_json(chance.p_match),
        "observed": chance.observed.value if chance.observed else None,
        "factors": [
            {
                "key": f.key,
                "name": f.name,
                "value": f.value,
                "contribution": round(f.contribution, 6),
                "low": round(f.low, 6),
                "high": round(f.high, 6),
                "unknown": f.unknown,
                "explanation": f.explanation,
            }
            for f in chance.factors
        ],
    }


def chances_to_dict(report: ChancesReport, chosen: ProgramEstimate | None = None) -> dict[str, Any]:
    """The ``matchpilot.chances/1`` document of ``report`` (see docs/chances.md): every program, or only
    ``chosen``."""
    change = report.change
    return {
        "format": CHANCES_FORMAT,
        "season_year": report.season_year,
        "weights_source": report.weights_source,
        "strength": {
            "before": {"mean": round(report.before.belief.mean, 6), "sd": round(report.before.belief.sd, 6)},
            "after": {"mean": round(report.after.belief.mean, 6), "sd": round(report.after.belief.sd, 6)},
        },
        "programs": [_chance_json(e) for e in ([chosen] if chosen is not None else report.estimates)],
        "change": None
        if change is None
        else {
            "summary": change.summary,
            "evidence": [
                {
                    "code": e.code,
                    "outcome": e.outcome.value,
                    "expected": round(e.expected, 6),
                    "shift": round(e.shift, 6),
                }
                for e in change.evidence
            ],
            "programs": [
                {
                    "code": d.code,
                    "before": _interval_json(d.before),
                    "after": _interval_json(d.after),
                    "delta": round(d.delta, 6),
                    "why": d.why,
                }
                for d in change.programs
            ],
        },
        "warnings": [{"code": i.code, "where": i.where, "message": i.message} for i in report.issues],
        "cohort": _cohort_json(report),
    }


def _cohort_json(report: ChancesReport) -> dict[str, Any] | None:
    fit = report.cohort
    if fit is None or not fit.terms:
        return None
    return {
        "applicants": fit.applicants,
        "outcomes": fit.outcomes,
        "programs": [
            {
                "code": e.program.code,
                "shift": round(f.contribution, 6),
                "applicants": fit.terms[e.program.code].applicants,
            }
            for e in report.cohort_programs
            for f in e.chance.factors
            if f.key == "cohort"
        ],
    }
