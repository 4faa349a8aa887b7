"""The "Rank list" page: build and reorder the rank order list with plain forms (no JavaScript needed),
attach supplemental PGY-1 lists, see the checks, and simulate the Match with a chart and a what-if. Its
"Couple's list" page (``/rank-list/couple``) does the same for a couple's paired list: the partner, the pairs in
order, their checks and the export.

Routes are a few lines each: read the form, call a service, redirect (POST) or render (GET).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from matchpilot.domain.rank_list import NO_MATCH_WORDS, couple_code
from matchpilot.errors import InputError, InvalidDataError, NotFoundError
from matchpilot.services import Services
from matchpilot.services import rank_lists as service
from matchpilot.web.owner import OwnerServices
from matchpilot.web.program_field import choice_label, resolve_program
from matchpilot.web.templating import templates

__all__ = ["Bar", "BarChart", "bar_chart", "router"]

_DEFAULT_RUNS = 300
_MAX_WEB_RUNS = 5000
_MAX_SEED_DIGITS = 18


def _whole_number(text: str, digits: int) -> bool:
    """True when ``text`` is a whole number written with at most ``digits`` ASCII digits."""
    return text.isascii() and text.isdigit() and len(text) <= digits


_COUPLE_EXPORTS = {"csv": "text/csv; charset=utf-8", "txt": "text/plain; charset=utf-8"}


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
    left, right, top, step, bar_height = 210.0, width - 20.0, 10.0, 26.0, 16.0
    span = right - left
    bars = tuple(
        Bar(label, value, low, high, top + i * step, round(value * span, 1), left + low * span, left + high * span)
        for i, (label, value, low, high) in enumerate(rows)
    )
    height = int(top + len(rows) * step + 30)
    ticks = tuple((f"{p}%", left + p / 100 * span) for p in (0, 25, 50, 75, 100))
    return BarChart(width, height, left, right, bar_height, bars, ticks)


def _short(label: str, limit: int = 30) -> str:
    """``label`` cut to ``limit`` characters (with an ellipsis) to fit beside a chart's bar."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _what_if_text(kind: str, first: str, second: str) -> str:
    first, second = first.strip(), second.strip()
    if kind == "swap" and first and second:
        return f"swap:{first},{second}"
    if kind == "drop" and first:
        return f"drop:{first}"
    if kind == "add" and first:
        return f"add:{first}"
    return ""


router = APIRouter()
"""The Rank list pages: the list, its checks and simulation, the couple's paired list."""


def _page(request: Request, services: Services, extra: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    by_code = service.sheet_by_code(services)  # read once for the checks, the rows and the choices
    report = service.check_report(services, sheet=by_code)
    sheet = sorted(service.program_choices(services, sheet=by_code), key=lambda p: (p.name.casefold(), p.code))
    names = {p.code: p.name for p in sheet}
    context: dict[str, Any] = {
        "nav": "rank",
        "report": report,
        "rows": service.export_list_rows(services, sheet=by_code),
        "sheet": sheet,
        "names": names,
        "shown": lambda text: choice_label(text, names),
        "supplemental_choices": [p for p in sheet if p.track.is_pgy1_only],
        "advanced": [c for c in report.rol.primary if (p := report.programs.get(c)) and p.track.letter == "A"],
        "saved": request.query_params.get("saved", ""),
        "sim": None,
        "chart": None,
        "sim_form": {"runs": str(_DEFAULT_RUNS), "seed": "7", "kind": "", "first": "", "second": ""},
        "problem": None,
        "add_form": {"code": "", "at": ""},
        "add_error": None,
        "supp_form": None,
    }
    context.update(extra)
    return templates.TemplateResponse(request, "rank_list.html", context, status_code=status_code)


def _on_lists(services: Services) -> list[str]:
    """Every code on the user's lists (primary and supplemental), accepted as typed even when not on the sheet."""
    rol = service.rank_list(services)
    return [*rol.primary, *(code for supp in rol.supplemental for code in supp.codes)]


def _resolve(services: Services, text: str, field: str) -> str:
    """The program code ``text`` names in the field labelled ``field`` (see :mod:`matchpilot.web.program_field`)."""
    return resolve_program(text, service.program_choices(services), field=field, also=_on_lists(services))


def _back(saved: str, anchor: str = "") -> RedirectResponse:
    target = f"/rank-list?saved={quote(saved)}" + (f"#{anchor}" if anchor else "")
    return RedirectResponse(target, status_code=303)


@router.get("/rank-list", response_class=HTMLResponse)
def rank_list_page(request: Request, services: OwnerServices) -> HTMLResponse:
    """The list, the forms to change it, the checks and the simulation form."""
    return _page(request, services, {})


@router.post("/rank-list/certify", response_class=HTMLResponse)
async def certify(request: Request, services: OwnerServices) -> Response:
    """Record the day the list was certified in the NRMP's system (blank: today); a bad day comes back named
    beside the field, nothing saved."""
    async with request.form() as form:
        typed = str(form.get("on") or "").strip()
    try:
        try:
            day = date.fromisoformat(typed) if typed else None
        except ValueError:
            raise InputError(f"{typed!r} is not a date (use YYYY-MM-DD)") from None
        await run_in_threadpool(service.certify_rank_list, services, day)
    except InputError as error:
        return _page(request, services, {"certify_error": str(error), "certify_on": typed}, status_code=400)
    return _back("certified", "certify")


@router.post("/rank-list/add", response_class=HTMLResponse)
async def add(request: Request, services: OwnerServices) -> Response:
    """Add a program (last, or at a rank), typed as a code or as a suggestion of the field; a problem comes back
    named beside its field, the values kept as typed and nothing saved."""
    async with request.form() as form:
        typed = {"code": str(form.get("code") or ""), "at": str(form.get("at") or "").strip()}
    try:
        if typed["at"] and not typed["at"].isdigit():
            raise InputError("At rank: the rank must be a whole number (leave it empty to add the program last)")
        if not typed["code"].strip():
            raise InputError("Program to add: type a program's name or code and pick it from the suggestions")
        code = await run_in_threadpool(_resolve, services, typed["code"], "Program to add")
        await run_in_threadpool(service.add_program, services, code, int(typed["at"]) if typed["at"] else None)
    except InputError as error:
        extra = {"add_form": typed, "add_error": str(error)}
        return await run_in_threadpool(_page, request, services, extra, 400)
    return _back("added", "list")


@router.post("/rank-list/move")
async def move(request: Request, services: OwnerServices) -> Response:
    """Move a program up, down, or to a rank."""
    async with request.form() as form:
        code = str(form.get("code") or "")
        to = str(form.get("to") or "").strip()
    if not to.isdigit():
        raise InputError("the rank must be a whole number")
    await run_in_threadpool(service.move_program, services, code, int(to))
    return _back("moved", f"r-{service.code_of(code)}")


@router.post("/rank-list/remove")
async def remove(request: Request, services: OwnerServices) -> Response:
    """Remove a program from every list."""
    async with request.form() as form:
        code = str(form.get("code") or "")
    await run_in_threadpool(service.remove_program, services, code)
    return _back("removed", "list")


@router.post("/rank-list/supplemental", response_class=HTMLResponse)
async def supplemental(request: Request, services: OwnerServices) -> Response:
    """Attach (or, with every place empty, detach) the supplemental list of an advanced program; each place is a
    program typed as a code or as a suggestion of the field. A place that names no program (or several) comes
    back named, the values kept as typed and nothing saved."""
    async with request.form() as form:
        advanced = str(form.get("advanced") or "")
        places = [str(v) for v in form.getlist("codes")]
        typed = str(form.get("typed") or "")

    def resolved() -> list[str]:
        codes = [
            _resolve(services, text, f"Choice {place}") for place, text in enumerate(places, start=1) if text.strip()
        ]
        return codes + [c for c in typed.replace(",", " ").split() if c.strip()]

    try:
        codes = await run_in_threadpool(resolved)
        await run_in_threadpool(service.set_supplemental, services, advanced, codes)
    except InputError as error:
        extra = {"supp_form": {"advanced": service.code_of(advanced), "places": places, "error": str(error)}}
        return await run_in_threadpool(_page, request, services, extra, 400)
    return _back("supplemental", "supplemental")


@router.post("/rank-list/pgy1")
async def pgy1(request: Request, services: OwnerServices) -> Response:
    """Record whether a PGY-1 is already held."""
    async with request.form() as form:
        held = form.get("held") in ("yes", "on", "true", "1")
    await run_in_threadpool(service.set_pgy1_held, services, held)
    return _back("pgy1", "supplemental")


@router.get("/rank-list/simulate", response_class=HTMLResponse)
async def simulate(request: Request, services: OwnerServices) -> HTMLResponse:
    """Run a small simulation of the list (and one what-if) in this process and show the chart and tables."""
    from matchpilot.io.simulation_json import summary_to_dict
    from matchpilot.services.simulation import SimulationRequest, simulate_rank_list

    params = request.query_params
    form = {key: params.get(key, "") for key in ("runs", "seed", "kind", "first", "second")}
    runs_text = form["runs"].strip() or str(_DEFAULT_RUNS)
    seed_text = form["seed"].strip() or "7"
    if not _whole_number(runs_text, 5) or not 1 <= int(runs_text) <= _MAX_WEB_RUNS:
        return _page(request, services, {"sim_form": form, "problem": f"Runs must be 1 to {_MAX_WEB_RUNS}."}, 400)
    if not _whole_number(seed_text, _MAX_SEED_DIGITS):
        problem = f"Seed (under Advanced settings): a whole number of at most {_MAX_SEED_DIGITS} digits."
        return _page(request, services, {"sim_form": form, "problem": problem}, 400)
    used = {"swap": ("first", "second"), "drop": ("first",), "add": ("first",)}.get(form["kind"], ())
    labels = {"first": "Program", "second": "Second program (to swap with)"}
    try:
        picked = {key: await run_in_threadpool(_resolve, services, form[key], labels[key]) for key in used}
    except InputError as error:
        return _page(request, services, {"sim_form": form, "problem": str(error)}, 400)
    what_if = _what_if_text(form["kind"], picked.get("first", ""), picked.get("second", ""))
    wanted = SimulationRequest(runs=int(runs_text), seed=int(seed_text), what_ifs=(what_if,) if what_if else ())
    try:
        summary, notes = await run_in_threadpool(simulate_rank_list, services, wanted)
    except InvalidDataError as error:
        return _page(
            request, services, {"sim_form": form, "problem": f"{error}: {'; '.join(map(str, error.issues))}"}, 400
        )
    except InputError as error:
        return _page(request, services, {"sim_form": form, "problem": str(error), "next_step": error.next_step}, 400)
    data = summary_to_dict(summary, notes)
    names = {p.code: p.name for p in service.program_choices(services)}
    rows = [
        (_short(names.get(code, code)), value, *data["by_program_ci"][code])
        for code, value in data["by_program"].items()
    ]
    return _page(request, services, {"sim": data, "chart": bar_chart(rows), "sim_form": form})


# --- the couple's paired list ---------------------------------------------------------------------------


def _couple_page(
    request: Request,
    services: Services,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    by_code = service.sheet_by_code(services)  # read once for the checks, the rows and the choices
    report = service.check_report(services, sheet=by_code)
    values = {"name": report.couple.partner_name, "partner_id": report.couple.partner_id}
    values |= {"mine": "", "partner": "", "at": ""} | (typed or {})
    context: dict[str, Any] = {
        "nav": "rank",
        "report": report,
        "couple": report.couple,
        "rows": service.export_couple_rows(services, sheet=by_code),
        "sheet": sorted(service.program_choices(services, sheet=by_code), key=lambda p: (p.name.casefold(), p.code)),
        "errors": errors or {},
        "typed": values,
        "saved": request.query_params.get("saved", ""),
    }
    return templates.TemplateResponse(request, "rank_couple.html", context, status_code=status_code)


def _couple_back(saved: str, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/rank-list/couple?saved={quote(saved)}#{anchor}", status_code=303)


def _rank_number(text: str) -> int:
    if not text.strip().isdigit():
        raise InputError("the rank must be a whole number")
    return int(text)


@router.get("/rank-list/couple", response_class=HTMLResponse)
def couple_list_page(request: Request, services: OwnerServices) -> HTMLResponse:
    """The couple's list: the partner, the pairs with their buttons, the add form, the checks, the export."""
    return _couple_page(request, services)


@router.post("/rank-list/couple/partner", response_class=HTMLResponse)
async def couple_partner(request: Request, services: OwnerServices) -> Response:
    """Record the partner (name and optional id); a problem is shown next to its field, as typed."""
    async with request.form() as form:
        typed = {key: str(form.get(key) or "") for key in ("name", "partner_id")}
    try:
        await run_in_threadpool(service.set_couple_partner, services, typed["name"], typed["partner_id"])
    except InputError as error:
        field = "partner_id" if len(typed["partner_id"].strip()) > 64 else "name"
        return _couple_page(request, services, errors={field: str(error)}, typed=typed, status_code=400)
    return _couple_back("partner", "partner")


@router.post("/rank-list/couple/add", response_class=HTMLResponse)
async def couple_add(request: Request, services: OwnerServices) -> Response:
    """Add a pair (last, or at a rank): your program typed as a code, a suggestion of the field ("Name (CODE)"),
    a name, or "none"; the partner's as a code or "none". A problem is shown next to its field, the values kept as
    typed and nothing saved."""
    async with request.form() as form:
        typed = {key: str(form.get(key) or "").strip() for key in ("mine", "partner", "at")}
    errors: dict[str, str] = {}
    mine = ""
    if not typed["mine"]:
        errors["mine"] = 'Choose your program: type its name or code and pick it from the suggestions, or "none".'
    elif typed["mine"].lower() in NO_MATCH_WORDS:
        mine = "none"
    else:
        try:
            mine = await run_in_threadpool(_resolve_mine, services, typed["mine"])
        except InputError as error:
            errors["mine"] = str(error)
    try:
        if not typed["partner"]:
            raise InputError('Type your partner\'s program code, or "none" for no match.')
        couple_code(typed["partner"])
    except InputError as error:
        errors["partner"] = str(error)
    if typed["at"] and not typed["at"].isdigit():
        errors["at"] = "The rank must be a whole number (leave it empty to add the pair last)."
    if not errors:
        at = int(typed["at"]) if typed["at"] else None
        try:
            await run_in_threadpool(service.add_couple_pair, services, mine, typed["partner"], at)
        except InputError as error:  # out of range (the rank), else the pair itself: both "no match", twice
            errors["at" if str(error).startswith("rank ") else "pair"] = str(error)
    if errors:
        return _couple_page(request, services, errors=errors, typed=typed, status_code=400)
    return _couple_back("added", "pairs")


def _resolve_mine(services: Services, text: str) -> str:
    """The code of "Your program" as typed (see :mod:`matchpilot.web.program_field`); the codes already on your
    side of the couple's list and on your rank list are accepted as typed even when not on the sheet."""
    pairs = service.couple_list(services).pairs
    also = [*_on_lists(services), *(pair.mine for pair in pairs if pair.mine)]
    return resolve_program(text, service.program_choices(services), field="Your program", also=also)


@router.post("/rank-list/couple/move")
async def couple_move(request: Request, services: OwnerServices) -> Response:
    """Move the pair at a rank up, down, or to another rank."""
    async with request.form() as form:
        rank, to = str(form.get("rank") or ""), str(form.get("to") or "")
    await run_in_threadpool(service.move_couple_pair, services, _rank_number(rank), _rank_number(to))
    return _couple_back("moved", f"pair-{int(to)}")


@router.post("/rank-list/couple/remove")
async def couple_remove(request: Request, services: OwnerServices) -> Response:
    """Remove the pair at a rank."""
    async with request.form() as form:
        rank = str(form.get("rank") or "")
    await run_in_threadpool(service.remove_couple_pair, services, _rank_number(rank))
    return _couple_back("removed", "pairs")


@router.get("/rank-list/couple/export.{kind}")
def couple_export(kind: str, services: OwnerServices) -> Response:
    """The couple's list as a download: CSV (``.csv``) or the text to type into the NRMP's system (``.txt``)."""
    if kind not in _COUPLE_EXPORTS:
        raise NotFoundError(f"no export as .{kind}; use .csv or .txt")
    text = service.export_couple_csv(services) if kind == "csv" else service.export_couple_list(services)
    return Response(
        text,
        media_type=_COUPLE_EXPORTS[kind],
        headers={"Content-Disposition": f'attachment; filename="matchpilot-couple-list.{kind}"'},
    )
