"""The formats of a pick report: the ``matchpilot.pick/1`` JSON document and the CSV of ``matchpilot pick``.

The report is the pure core's value (:class:`matchpilot.pick.PickReport`); this module only writes it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from matchpilot.io.csv_cells import SafeWriter
from matchpilot.io.format_names import PICK_FORMAT

if TYPE_CHECKING:
    from matchpilot.chances import Interval, ProgramChance
    from matchpilot.pick import ApplicationsCurve, PickReport, RecordedOutcome, SignalPlan

__all__ = [
    "PICK_CSV_COLUMNS",
    "PICK_FORMAT",
    "PICK_NUMERIC_COLUMNS",
    "curve_to_dict",
    "pick_csv",
    "pick_rows",
    "pick_to_dict",
]


def _interval(interval: Interval) -> dict[str, float]:
    return {"low": round(interval.low, 6), "mid": round(interval.mid, 6), "high": round(interval.high, 6)}


def _outcome_json(outcome: RecordedOutcome | None) -> dict[str, str] | None:
    return None if outcome is None else {"outcome": outcome.outcome.value, "on": outcome.on.isoformat()}


def pick_to_dict(report: PickReport) -> dict[str, Any]:
    """The ``matchpilot.pick/1`` JSON document of ``report`` (see docs/portfolio.md); ``signals`` only when the
    signals were chosen with the list."""
    limits = report.limits
    document: dict[str, Any] = {
        "format": PICK_FORMAT,
        "season_year": report.season_year,
        "limits": {
            "max_applications": report.count_limit,
            "budget": limits.budget,
            "categories": {name: {"min": bounds.min, "max": bounds.max} for name, bounds in limits.bounds().items()},
            "pinned": sorted(limits.pinned),
            "excluded": sorted(limits.excluded),
        },
        "method": report.method,
        "exact": report.exact,
        "p_is": "p_match.mid",
        "expected": {
            "applications": report.expected.applications,
            "value": round(report.expected.value, 6),
            "p_any_match": _interval(report.expected.p_any),
            "interviews": _interval(report.expected.interviews),
            "fee_usd": report.expected.fee,
            "by_category": dict(report.expected.by_category),
        },
        "chosen": [
            {
                "rank": p.rank,
                "code": p.program.code,
                "name": p.program.name,
                "category": p.chance.category.value,
                "p_interview": _interval(p.chance.p_interview),
                "p_match": _interval(p.chance.p_match),
                "utility": p.utility,
                "fee_usd": p.fee,
                "gain": round(p.gain, 6),
                "outcome": _outcome_json(p.outcome),
                "reasons": list(p.reasons),
            }
            for p in report.chosen
        ],
        "left_out": [
            {
                "code": item.program.code,
                "name": item.program.name,
                "category": item.chance.category.value,
                "why": item.kind,
                "reason": item.reason,
                "remedy": item.remedy or None,
                "p_match": _interval(item.chance.p_match),
                "gain": round(item.gain, 6),
                "fee_usd": item.fee,
                "outcome": _outcome_json(item.outcome),
            }
            for item in report.left_out
        ],
        "filtered": {"wasted_slots": report.wasted_slots, "wasted_fee_usd": report.wasted_fee},
        "curve": {
            "applications": [
                {"x": pt.x, "value": round(pt.value, 6), "p_any": round(pt.p_any, 6)} for pt in report.count_curve
            ],
            "dollars": [
                {"x": pt.x, "value": round(pt.value, 6), "p_any": round(pt.p_any, 6)} for pt in report.money_curve
            ],
        },
        "fees": {"tiers": report.fees.describe(), "source": report.fees.citation, "match_year": report.fees.match_year},
        "weights_source": report.weights_source,
        "outlook": report.outlook or None,
        "notes": list(report.notes),
        "warnings": [{"code": i.code, "where": i.where, "message": i.message} for i in report.issues],
    }
    if report.signals is not None:
        document["signals"] = signals_to_dict(report.signals, report.expected.value, report.expected.p_any.mid)
    if report.applications_curve is not None:
        document["applications_curve"] = curve_to_dict(report.applications_curve)
    return document


def curve_to_dict(curve: ApplicationsCurve) -> dict[str, Any]:
    """The ``applications_curve`` object of a ``matchpilot.pick/1`` document (see docs/portfolio.md)."""
    return {
        "threshold_points": curve.threshold,
        "enough": curve.enough,
        "chosen": curve.chosen,
        "with_signals": curve.with_signals,
        "points": [
            {
                "applications": pt.applications,
                "p_any": round(pt.p_any, 6),
                "p_any_signals": None if pt.p_any_signals is None else round(pt.p_any_signals, 6),
                "fee_usd": pt.fee,
                "price_usd": pt.price,
            }
            for pt in curve.points
        ],
        "fee_steps": [
            {"applications": st.applications, "specialty": st.specialty, "usd": st.usd, "before_usd": st.before}
            for st in curve.fee_steps
        ],
    }


def signals_to_dict(plan: SignalPlan, value: float, p_any_match: float) -> dict[str, Any]:
    """The ``signals`` object of a ``matchpilot.pick/1`` document (see docs/portfolio.md): ``value`` and
    ``p_any_match`` are the list's, to say what the signals fixed by hand cost against the best choice."""
    season = plan.season
    return {
        "season": {
            "match_year": season.match_year,
            "counts": {pool: dict(tiers) for pool, tiers in season.pools.items()},
            "source": season.citation,
            "note": season.note or None,
            "projected": season.projected,
        },
        "evidence": plan.evidence or None,
        "method": plan.method,
        "optimal": plan.optimal,
        "bound": None if plan.bound is None else round(plan.bound, 6),
        "sent": [
            {
                "pool": s.pool,
                "tier": s.tier,
                "group": s.group,
                "fixed": s.fixed,
                "gain_p_any": round(s.gain_p_any, 6),
                "gain_value": round(s.gain_value, 6),
                "programs": [
                    {
                        "code": program.code,
                        "name": program.name,
                        "p_interview_without": _interval(before.p_interview),
                        "p_interview_with": _interval(after.p_interview),
                        "p_match_without": _interval(before.p_match),
                        "p_match_with": _interval(after.p_match),
                    }
                    for program, before, after in s.programs
                ],
            }
            for s in plan.sent
        ],
        "unused": [{"pool": u.pool, "tier": u.tier, "count": u.count, "reason": u.reason} for u in plan.unused],
        "fixed": dict(plan.fixed),
        "best_without_fixed": None
        if plan.best_value is None
        else {
            "value": round(plan.best_value, 6),
            "p_any_match": None if plan.best_p_any is None else round(plan.best_p_any, 6),
            "cost_value": round(plan.best_value - value, 6),
            "cost_p_any_match": None if plan.best_p_any is None else round(plan.best_p_any - p_any_match, 6),
        },
    }


PICK_CSV_COLUMNS: tuple[str, ...] = (
    "status",
    "rank",
    "code",
    "name",
    "category",
    "p_match_low",
    "p_match_mid",
    "p_match_high",
    "p_interview_low",
    "p_interview_mid",
    "p_interview_high",
    "utility",
    "fee_usd",
    "gain",
    "signal",
    "signal_gain",
    "outcome",
    "why",
    "reason",
)
"""The columns of ``matchpilot pick --csv``: one row per program, chosen first (``status`` chosen), then left
out (``status`` left_out, ``why`` the kind of reason). ``signal`` is the tier of the ERAS signal the program gets
(empty when none) and ``signal_gain`` what that signal adds to the chance of at least one match (the same on each
program of one institution that the one signal reaches)."""


def _num(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") if value else "0"


_TEXT_COLUMNS = ("status", "code", "name", "category", "signal", "outcome", "why", "reason")

PICK_NUMERIC_COLUMNS: tuple[str, ...] = tuple(c for c in PICK_CSV_COLUMNS if c not in _TEXT_COLUMNS)
"""The columns of :data:`PICK_CSV_COLUMNS` that hold numbers (written as numbers in XLSX)."""


def pick_csv(report: PickReport) -> str:
    """The CSV text of ``report`` (columns :data:`PICK_CSV_COLUMNS`, a header line first)."""
    out = io.StringIO()
    writer = SafeWriter(out, numeric=[c for c in PICK_CSV_COLUMNS if c not in _TEXT_COLUMNS])
    writer.writerow(PICK_CSV_COLUMNS)
    for row in pick_rows(report):
        writer.writerow(row)
    return out.getvalue()


def pick_rows(report: PickReport) -> list[list[str | int]]:
    """The rows of ``report`` in the columns :data:`PICK_CSV_COLUMNS` (no header): chosen first, then left
    out; numbers as the CSV writes them."""
    rows: list[list[str | int]] = []
    signalled: dict[str, tuple[str, str]] = {}
    for sent in report.signals.sent if report.signals is not None else ():
        for program, _, _ in sent.programs:
            signalled[program.code] = (sent.tier, _num(sent.gain_p_any))

    def chances(chance: ProgramChance) -> list[str]:
        return [_num(v) for v in (chance.p_match.low, chance.p_match.mid, chance.p_match.high)] + [
            _num(v) for v in (chance.p_interview.low, chance.p_interview.mid, chance.p_interview.high)
        ]

    for p in report.chosen:
        rows.append(
            [
                "chosen",
                p.rank,
                p.program.code,
                p.program.name,
                p.chance.category.value,
                *chances(p.chance),
                _num(p.utility),
                p.fee,
                _num(p.gain),
                *signalled.get(p.program.code, ("", "")),
                p.outcome.outcome.value if p.outcome else "",
                "",
                "; ".join(p.reasons),
            ]
        )
    for item in report.left_out:
        reason = item.reason + (f" — {item.remedy}" if item.remedy else "")
        rows.append(
            [
                "left_out",
                "",
                item.program.code,
                item.program.name,
                item.chance.category.value,
                *chances(item.chance),
                "",
                item.fee,
                _num(item.gain),
                "",
                "",
                item.outcome.outcome.value if item.outcome else "",
                item.kind,
                reason,
            ]
        )
    return rows
