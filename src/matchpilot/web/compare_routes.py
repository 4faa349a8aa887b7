"""Compare programs side by side (``/programs/compare?code=A&code=B``) and star favourites
(``POST /programs/favourite``). Plain forms and links: everything works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from matchpilot.errors import InputError, NotFoundError
from matchpilot.services import compare
from matchpilot.web.owner import OwnerServices
from matchpilot.web.present import FactRow, fact_rows
from matchpilot.web.templating import templates

__all__ = ["CompareRow", "compare_rows", "router"]


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One fact across the programs compared: its label, each program's fact (value, source, date) and whether
    the values differ."""

    label: str
    cells: tuple[FactRow, ...]
    differs: bool


def compare_rows(per_program: list[list[FactRow]]) -> list[CompareRow]:
    """The facts of several programs lined up by column, each row marked when the programs' values differ."""
    if not per_program:
        return []
    rows: list[CompareRow] = []
    for index, first in enumerate(per_program[0]):
        cells = tuple(facts[index] for facts in per_program)
        rows.append(CompareRow(first.label, cells, len({cell.value for cell in cells}) > 1))
    return rows


def _back(target: str) -> str:
    """Where to go after a star: a page of this site (a path), else the program sheet."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/programs"


router = APIRouter()
"""The compare page and the favourite toggle."""


@router.get("/programs/compare", response_class=HTMLResponse)
def compare_page(request: Request, services: OwnerServices) -> HTMLResponse:
    """Up to four programs side by side: every fact with its source and date, the user's chance, interest
    and notes; rows whose values differ are marked. Too many, too few or unknown codes: the page says which."""
    codes = request.query_params.getlist("code")
    context: dict[str, Any] = {"nav": "programs", "comparison": None, "rows": [], "problem": None}
    try:
        found = compare.compare_programs(services, codes)
    except NotFoundError as error:
        context["problem"] = str(error)
        return templates.TemplateResponse(request, "programs_compare.html", context, status_code=404)
    except InputError as error:
        context["problem"] = str(error)
        return templates.TemplateResponse(request, "programs_compare.html", context, status_code=400)
    today = services.today()
    context["comparison"] = found
    context["rows"] = compare_rows([fact_rows(item.program, today) for item in found.items])
    return templates.TemplateResponse(request, "programs_compare.html", context)


@router.post("/programs/favourite")
async def favourite(request: Request, services: OwnerServices) -> Response:
    """Star (``on=1``) or unstar (``on=0``) the program ``code``, then go back to ``next``."""
    async with request.form() as form:
        code = str(form.get("code") or "")
        on = str(form.get("on") or "1") != "0"
        target = _back(str(form.get("next") or "/programs"))
    await run_in_threadpool(compare.set_favourite, services, code, on)
    return RedirectResponse(target, status_code=303)
