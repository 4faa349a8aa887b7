"""The "Rank list" page: build and reorder the rank order list with plain forms (no JavaScript needed),
attach supplemental PGY-1 lists, see the checks, and simulate the Match with a chart and a what-if.

Routes are a few lines each: read the form, call a service, redirect (POST) or render (GET).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from matchpilot.errors import InputError, InvalidDataError
from matchpilot.services import Services

__all__ = ["Bar", "BarChart", "bar_chart", "rank_router"]

_DEFAULT_RUNS = 300
_MAX_WEB_RUNS = 5000


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of the chart: label, chance and interval, and where to draw them."""

    label: str
    value: float
    low: float
    high: float
    y: float
    width: float
    low_x: float
    high_x: float


@dataclass(frozen=True, slots=True)
class BarChart:
    """A horizontal bar chart of chances (0-100%), laid out for an SVG drawn by the template."""

    width: int
    height: int
    left: float
    right: float
    bar_height: float
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[str, float], ...]


def bar_chart(rows: list[tuple[str, float, float, float]], *, width: int = 640) -> BarChart | None:
    """Lay out ``(label, chance, low, high)`` rows as horizontal bars with 95% interval whiskers; None without
    rows. Pure: the template draws the SVG from the coordinates."""
    if not rows:
        return None
    left, right, top, step, bar_height = 110.0, width - 20.0, 10.0, 26.0, 16.0
    span = right - left
    bars = tuple(
        Bar(label, value, low, high, top + i * step, round(value * span, 1), left + low * span, left + high * span)
        for i, (label, value, low, high) in enumerate(rows)
    )
    height = int(top + len(rows) * step + 30)
    ticks = tuple((f"{p}%", left + p / 100 * span) for p in (0, 25, 50, 75, 100))
    return BarChart(width, height, left, right, bar_height, bars, ticks)


def _what_if_text(kind: str, first: str, second: str) -> str:
    first, second = first.strip(), second.strip()
    if kind == "swap" and first and second:
        return f"swap:{first},{second}"
    if kind == "drop" and first:
        return f"drop:{first}"
    if kind == "add" and first:
        return f"add:{first}"
    return ""


def rank_router(services: Services, templates: Jinja2Templates) -> APIRouter:
    """The routes of the Rank list page over ``services``, rendering with ``templates``."""
    from matchpilot.services import rank_lists as service

    router = APIRouter()

    def page(request: Request, extra: dict[str, Any], status_code: int = 200) -> HTMLResponse:
        report = service.check_report(services)
        chosen = set(report.rol.primary)
        choices = [p for p in service.program_choices(services) if p.code not in chosen]
        context: dict[str, Any] = {
            "nav": "rank",
            "report": report,
            "rows": service.export_list_rows(services),
            "choices": choices,
            "pgy1_choices": [p for p in choices if p.track.is_pgy1_only],
            "advanced": [c for c in report.rol.primary if (p := report.programs.get(c)) and p.track.letter == "A"],
            "saved": request.query_params.get("saved", ""),
            "sim": None,
            "chart": None,
            "sim_form": {"runs": str(_DEFAULT_RUNS), "seed": "7", "kind": "", "first": "", "second": ""},
            "problem": None,
        }
        context.update(extra)
        return templates.TemplateResponse(request, "rank_list.html", context, status_code=status_code)

    def back(saved: str, anchor: str = "") -> RedirectResponse:
        target = f"/rank-list?saved={quote(saved)}" + (f"#{anchor}" if anchor else "")
        return RedirectResponse(target, status_code=303)

    @router.get("/rank-list", response_class=HTMLResponse)
    def rank_list_page(request: Request) -> HTMLResponse:
        """The list, the forms to change it, the checks and the simulation form."""
        return page(request, {})

    @router.post("/rank-list/add")
    async def add(request: Request) -> Response:
        """Add a program (last, or at a rank)."""
        async with request.form() as form:
            code = str(form.get("code") or "")
            at = str(form.get("at") or "").strip()
        if at and not at.isdigit():
            raise InputError("the rank must be a whole number")
        await run_in_threadpool(service.add_program, services, code, int(at) if at else None)
        return back("added", "list")

    @router.post("/rank-list/move")
    async def move(request: Request) -> Response:
        """Move a program up, down, or to a rank."""
        async with request.form() as form:
            code = str(form.get("code") or "")
            to = str(form.get("to") or "").strip()
        if not to.isdigit():
            raise InputError("the rank must be a whole number")
        await run_in_threadpool(service.move_program, services, code, int(to))
        return back("moved", f"r-{service.code_of(code)}")

    @router.post("/rank-list/remove")
    async def remove(request: Request) -> Response:
        """Remove a program from every list."""
        async with request.form() as form:
            code = str(form.get("code") or "")
        await run_in_threadpool(service.remove_program, services, code)
        return back("removed", "list")

    @router.post("/rank-list/supplemental")
    async def supplemental(request: Request) -> Response:
        """Attach (or, with no codes, detach) the supplemental list of an advanced program."""
        async with request.form() as form:
            advanced = str(form.get("advanced") or "")
            codes = [str(v) for v in form.getlist("codes") if str(v).strip()]
            typed = str(form.get("typed") or "")
        codes += [c for c in typed.replace(",", " ").split() if c.strip()]
        await run_in_threadpool(service.set_supplemental, services, advanced, codes)
        return back("supplemental", "supplemental")

    @router.post("/rank-list/pgy1")
    async def pgy1(request: Request) -> Response:
        """Record whether a PGY-1 is already held."""
        async with request.form() as form:
            held = form.get("held") in ("yes", "on", "true", "1")
        await run_in_threadpool(service.set_pgy1_held, services, held)
        return back("pgy1", "supplemental")

    @router.get("/rank-list/simulate", response_class=HTMLResponse)
    async def simulate(request: Request) -> HTMLResponse:
        """Run a small simulation of the list (and one what-if) in this process and show the chart and tables."""
        from matchpilot.services.simulation import SimulationRequest, simulate_rank_list, summary_to_dict

        params = request.query_params
        form = {key: params.get(key, "") for key in ("runs", "seed", "kind", "first", "second")}
        runs_text = form["runs"].strip() or str(_DEFAULT_RUNS)
        seed_text = form["seed"].strip() or "7"
        if not runs_text.isdigit() or not 1 <= int(runs_text) <= _MAX_WEB_RUNS:
            return page(request, {"sim_form": form, "problem": f"Runs must be 1 to {_MAX_WEB_RUNS}."}, 400)
        if not seed_text.isdigit():
            return page(request, {"sim_form": form, "problem": "The seed must be a whole number."}, 400)
        what_if = _what_if_text(form["kind"], form["first"], form["second"])
        wanted = SimulationRequest(runs=int(runs_text), seed=int(seed_text), what_ifs=(what_if,) if what_if else ())
        try:
            summary, notes = await run_in_threadpool(simulate_rank_list, services, wanted)
        except InvalidDataError as error:
            return page(request, {"sim_form": form, "problem": f"{error}: {'; '.join(map(str, error.issues))}"}, 400)
        except InputError as error:
            return page(request, {"sim_form": form, "problem": str(error)}, 400)
        data = summary_to_dict(summary, notes)
        rows = [(code, value, *data["by_program_ci"][code]) for code, value in data["by_program"].items()]
        return page(request, {"sim": data, "chart": bar_chart(rows), "sim_form": form})

    return router
