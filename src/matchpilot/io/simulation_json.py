"""The format of a simulated Match of the stored rank order list: the ``matchpilot.simulation/1`` document that
``matchpilot simulate --json`` prints and the Rank list page's simulation download holds (see docs/rank-list.md).

The summary is the pure core's value (:class:`matchpilot.match.simulate.SimulationSummary`); this module only
writes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from matchpilot.io.format_names import SIMULATION_FORMAT

if TYPE_CHECKING:
    from matchpilot.match.simulate import Estimate, SimulationSummary, VariantSummary

__all__ = ["SIMULATION_FORMAT", "summary_to_dict"]


def _r(value: float) -> float:
    return round(value, 4)


def _ci(estimate: Estimate) -> list[float]:
    return [_r(estimate.low), _r(estimate.high)]


def _variant_dict(variant: VariantSummary) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": variant.name,
        "list": list(variant.primary),
        "p_match": _r(variant.p_match.value),
        "p_match_ci": _ci(variant.p_match),
        "by_program": {code: _r(e.value) for code, e in variant.by_program},
        "by_program_ci": {code: _ci(e) for code, e in variant.by_program},
        "unmatched": _r(variant.unmatched.value),
        "unmatched_ci": _ci(variant.unmatched),
        "supplemental_by_program": {code: _r(e.value) for code, e in variant.by_supplemental},
        "advanced_without_pgy1": _r(variant.advanced_without_pgy1.value),
    }
    if variant.difference is not None:
        data["difference"] = _r(variant.difference.value)
        data["difference_ci"] = [_r(variant.difference.low), _r(variant.difference.high)]
        data["changed_runs"] = variant.changed_runs
    return data


def summary_to_dict(summary: SimulationSummary, notes: Sequence[str] = ()) -> dict[str, Any]:
    """The ``matchpilot.simulation/1`` document: ``format``, ``runs``, ``seed``, ``p_match``, ``p_match_ci``,
    ``by_program`` (code → chance of matching there, list order) and ``unmatched``, plus optional keys: the
    intervals, supplemental matches, the market, batches, runs stopped by the bound, what-ifs and notes."""
    base = _variant_dict(summary.baseline)
    data: dict[str, Any] = {
        "format": SIMULATION_FORMAT,
        "runs": summary.runs,
        "seed": summary.seed,
        "p_match": base["p_match"],
        "p_match_ci": base["p_match_ci"],
        "by_program": base["by_program"],
        "unmatched": base["unmatched"],
        "unmatched_ci": base["unmatched_ci"],
        "by_program_ci": base["by_program_ci"],
        "supplemental_by_program": base["supplemental_by_program"],
        "advanced_without_pgy1": base["advanced_without_pgy1"],
        "market": {
            "name": summary.market.name,
            "applicants": summary.applicants,
            "programs": summary.programs,
            "positions": summary.positions,
            "seed": summary.market.seed,
        },
        "batches": summary.batches,
        "stopped_at_bound": summary.stopped,
        "what_ifs": [_variant_dict(v) for v in summary.what_ifs],
    }
    if notes:
        data["notes"] = list(notes)
    return data
