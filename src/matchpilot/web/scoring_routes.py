"""The "How the chances did" page (/picks/report): the chances shown earlier scored against the outcomes
recorded, with a reliability chart drawn on the server (SVG) and its numbers as a table."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from matchpilot.chances.scoring import ReliabilityBin
from matchpilot.services.predictions import prediction_report
from matchpilot.web.owner import OwnerServices
from matchpilot.web.templating import templates

__all__ = ["ReliabilityDot", "ReliabilityPlot", "reliability_plot", "router"]


@dataclass(frozen=True, slots=True)
class ReliabilityDot:
    """One bin drawn: its centre (``cx``, ``cy``), its radius (by count) and its 95% interval's ends (``y_low``,
    ``y_high``)."""

    bin: ReliabilityBin
    cx: float
    cy: float
    r: float
    y_low: float
    y_high: float


@dataclass(frozen=True, slots=True)
class ReliabilityPlot:
    """The layout of the reliability chart: a square of ``size`` with margins, the dots and the ticks."""

    size: int
    left: float
    right: float
    top: float
    bottom: float
    dots: tuple[ReliabilityDot, ...]
    ticks: tuple[tuple[str, float, float], ...]


def reliability_plot(bins: tuple[ReliabilityBin, ...], size: int = 320) -> ReliabilityPlot:
    """Lay out the reliability chart (pure): predicted chance across, share invited up, one dot per bin with
    outcomes (its area grows with the count) and its 95% interval as a vertical line; the diagonal is where a
    perfectly calibrated chance would lie."""
    left, right, top, bottom = 48.0, size - 16.0, 16.0, size - 44.0
    most = max((b.count for b in bins), default=0) or 1

    def x(value: float) -> float:
        return round(left + value * (right - left), 1)

    def y(value: float) -> float:
        return round(bottom - value * (bottom - top), 1)

    dots = tuple(
        ReliabilityDot(
            b,
            x(b.mean_predicted),
            y(b.observed),
            round(4 + 8 * (b.count / most) ** 0.5, 1),
            y(b.observed_low),
            y(b.observed_high),
        )
        for b in bins
        if b.count
        and b.mean_predicted is not None
        and b.observed is not None
        and b.observed_low is not None
        and b.observed_high is not None
    )
    ticks = tuple((f"{round(100 * t)}%", x(t), y(t)) for t in (0.0, 0.25, 0.5, 0.75, 1.0))
    return ReliabilityPlot(size, left, right, top, bottom, dots, ticks)


router = APIRouter()


@router.get("/picks/report", response_class=HTMLResponse)
def report(request: Request, services: OwnerServices) -> HTMLResponse:
    """How well the chances shown earlier did against the outcomes recorded."""
    found = prediction_report(services)
    page = {"nav": "picks", "report": found, "plot": reliability_plot(found.scores.bins)}
    return templates.TemplateResponse(request, "picks_report.html", page)
