"""Editing the sheet in the web app: a program's facts (each with its source and date), interest and notes,
adding one program, removing one (after a confirmation page), and clearing the fictional demo data.

Each route reads the form, calls one service (:mod:`matchpilot.services.editing`,
:func:`matchpilot.services.demo.clear_demo`) and renders. Fields are named after the sheet's columns
(``visa_j1``, ``visa_j1_source``, ``visa_j1_checked_on``). With a bad field the same page comes back (400) as
typed, an error summary at the top (focused) linking to each field, the field's message tied to it with
``aria-describedby``; nothing was saved. Every page works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from matchpilot.domain.cells import twelve_months_before
from matchpilot.domain.columns import COLUMNS, ColumnKind
from matchpilot.domain.issues import Issue
from matchpilot.domain.program import Program
from matchpilot.domain.sheet import SHEET_COLUMNS, program_to_cells
from matchpilot.services import Services, editing
from matchpilot.services.evidence import program_evidence
from matchpilot.web.owner import SIGNED_IN_OWNER, OwnerServices
from matchpilot.web.present import PROGRAM_FIELDS, fact_rows
from matchpilot.web.templating import templates

__all__ = ["EDIT_ORDER", "EditField", "edit_fields", "router"]

_YES_NO = (("", "unknown"), ("yes", "yes"), ("no", "no"))
_YES_NO_COLUMNS = frozenset(column.name for column in COLUMNS if column.kind is ColumnKind.YES_NO)
_CHOICES: Mapping[str, tuple[tuple[str, str], ...]] = {c.name: c.choices for c in COLUMNS if c.choices}
_HINTS: Mapping[str, str] = {column.name: column.hint for column in COLUMNS if column.hint}
_ADD_LABELS: Mapping[str, str] = {column.name: column.label for column in COLUMNS}
_ADD_REQUIRED = frozenset({"code", "name", "specialty", "track", "source"})
_FIRST_FACTS = (
    "visa_j1",
    "visa_h1b",
    "step3_for_h1b",
    "img_share",
    "min_step2",
    "max_years_since_graduation",
    "usce_required",
)
EDIT_ORDER: tuple[str, ...] = (
    *_FIRST_FACTS,
    *(column for column in editing.EDITABLE_FACTS if column not in _FIRST_FACTS),
)
"""The facts in the order the Edit facts form shows them: what decides whether to apply first."""


@dataclass(frozen=True, slots=True)
class EditField:
    """One field of an edit form: its name (a sheet column), label, kind (``text``, ``select``), choices and
    hint."""

    name: str
    label: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    required: bool = False


def edit_fields(columns: Sequence[str], *, labels: Mapping[str, str] = PROGRAM_FIELDS) -> list[EditField]:
    """The form fields of ``columns`` (sheet columns), with their labels, choices and hints."""
    fields = []
    for column in columns:
        choices = _YES_NO if column in _YES_NO_COLUMNS else _CHOICES.get(column, ())
        fields.append(
            EditField(
                column,
                labels.get(column, column),
                "select" if choices else "text",
                choices,
                _HINTS.get(column, ""),
                column in _ADD_REQUIRED,
            )
        )
    return fields


def _errors_by_field(issues: Sequence[Issue]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for issue in issues:
        if issue.is_error:
            found.setdefault(issue.where, []).append(issue.message)
    return found


def _summary(errors: Mapping[str, list[str]], order: Sequence[str], labels: Mapping[str, str]) -> list[dict[str, str]]:
    """The error summary's items (field id, words), in the order of the form."""
    items = []
    for name in order:
        for message in errors.get(name, []):
            items.append({"field": name, "text": f"{_field_label(name, labels)}: {message}"})
    for name, messages in errors.items():
        if name not in order:
            items.extend({"field": "", "text": message} for message in messages)
    return items


def _field_label(name: str, labels: Mapping[str, str]) -> str:
    for suffix, words in (("_source", "source"), ("_checked_on", "checked on")):
        if name.endswith(suffix) and name.removesuffix(suffix) in labels:
            return f"{labels[name.removesuffix(suffix)]} ({words})"
    return labels.get(name, name)


def _program_path(code: str) -> str:
    return f"/programs/{quote(code, safe='')}"


router = APIRouter()
"""The editing pages: a program's facts, interest and notes, removing a program, adding one, clearing the demo
(included before the program page's catch-all route)."""


def _render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"nav": "programs", **context}, status_code=status_code)


def _edit_page(
    request: Request,
    services: Services,
    program: Program,
    values: Mapping[str, str],
    errors: Mapping[str, list[str]],
    status_code: int = 200,
) -> HTMLResponse:
    order = [name for c in EDIT_ORDER for name in (c, f"{c}_source", f"{c}_checked_on")]
    facts = {row.column: row for row in fact_rows(program, services.today())}
    return _render(
        request,
        "program_edit.html",
        {
            "program": program,
            "fields": edit_fields(EDIT_ORDER),
            "facts": facts,
            "values": values,
            "errors": errors,
            "summary": _summary(errors, order, PROGRAM_FIELDS),
        },
        status_code=status_code,
    )


@router.get("/programs/{code}/edit", response_class=HTMLResponse)
def edit_form(request: Request, code: str, services: OwnerServices) -> HTMLResponse:
    """The "Edit facts" form: every fact as it is now, with an empty source and date to fill when it
    changes."""
    program = services.get_program(code)
    return _edit_page(request, services, program, _fact_values(program), {})


@router.post("/programs/{code}/edit", response_class=HTMLResponse)
async def edit_save(request: Request, code: str, services: OwnerServices) -> Response:
    """Save the facts that changed, each with its source and date; with a problem, the form again as typed
    (nothing saved)."""
    names = [name for c in editing.EDITABLE_FACTS for name in (c, f"{c}_source", f"{c}_checked_on")]
    async with request.form() as form:
        typed = {name: value for name in names if isinstance(value := form.get(name), str)}
    program = await run_in_threadpool(services.get_program, code)
    result = await run_in_threadpool(editing.edit_program, services, program.code, typed)
    if not result.ok:
        values = {**_fact_values(program), **typed}
        return _edit_page(request, services, program, values, _errors_by_field(result.issues), status_code=400)
    changed = len(result.changed)
    return RedirectResponse(f"{_program_path(program.code)}?saved=facts&changed={changed}", status_code=303)


@router.post("/programs/{code}/interest", response_class=HTMLResponse)
async def interest_save(request: Request, code: str, services: OwnerServices) -> Response:
    """Save the applicant's interest (1 to 5) and notes; with a problem, the program page again as typed."""
    async with request.form() as form:
        interest, notes = str(form.get("interest") or ""), str(form.get("notes") or "")
    program = await run_in_threadpool(services.get_program, code)
    result = await run_in_threadpool(
        lambda: editing.set_interest_notes(services, program.code, interest=interest, notes=notes)
    )
    if result.ok:
        return RedirectResponse(f"{_program_path(program.code)}?saved=interest#interest", status_code=303)
    today = services.today()
    return _render(
        request,
        "program.html",
        {
            "program": program,
            "facts": fact_rows(program, today),
            "stale_before": twelve_months_before(today),
            "h1b_evidence": program_evidence(services, program),
            "own_values": {"interest": interest, "notes": notes},
            "own_errors": _errors_by_field(result.issues),
        },
        status_code=400,
    )


@router.get("/programs/{code}/remove", response_class=HTMLResponse)
def remove_confirm(request: Request, code: str, services: OwnerServices) -> HTMLResponse:
    """The confirmation step before a program leaves the sheet."""
    program = services.get_program(code)
    return _render(request, "program_remove.html", {"program": program})


@router.post("/programs/{code}/remove")
async def remove(request: Request, code: str, services: OwnerServices) -> Response:
    """Remove the program (the user confirmed) and go back to the sheet, saying so."""
    removed = await run_in_threadpool(editing.remove_program, services, code)
    return RedirectResponse(f"/programs?removed={quote(removed.name)}", status_code=303)


@router.get("/sheet/add", response_class=HTMLResponse, dependencies=SIGNED_IN_OWNER)
def add_form(request: Request) -> HTMLResponse:
    """Add one program: the required columns first, then any other fact known."""
    return _add_page(request, {}, {})


def _add_page(
    request: Request, values: Mapping[str, str], errors: Mapping[str, list[str]], status_code: int = 200
) -> HTMLResponse:
    columns = _add_columns()
    return _render(
        request,
        "program_add.html",
        {
            "fields": edit_fields(columns, labels=_ADD_LABELS),
            "values": values,
            "errors": errors,
            "summary": _summary(errors, columns, _ADD_LABELS),
        },
        status_code=status_code,
    )


@router.post("/sheet/add", response_class=HTMLResponse)
async def add(request: Request, services: OwnerServices) -> Response:
    """Check and add the program; with a problem, the form again as typed (nothing saved)."""
    async with request.form() as form:
        typed = {name: value for name in SHEET_COLUMNS if isinstance(value := form.get(name), str)}
    result = await run_in_threadpool(editing.add_program, services, typed)
    if not result.ok or result.program is None:
        return _add_page(request, typed, _errors_by_field(result.issues), status_code=400)
    return RedirectResponse(f"{_program_path(result.program.code)}?saved=added", status_code=303)


@router.get("/sheet/clear-demo", response_class=HTMLResponse)
def clear_demo_confirm(request: Request, services: OwnerServices) -> HTMLResponse:
    """The confirmation step before the demo data is removed."""
    return _render(request, "sheet_clear_demo.html", {"nav": "sheet", "program_count": services.program_count()})


@router.post("/sheet/clear-demo")
async def clear_demo(request: Request, services: OwnerServices) -> Response:
    """Remove the fictional demo programs and applicant (nothing of the user's own) and go home."""
    from matchpilot.services.demo import clear_demo as clear

    report = await run_in_threadpool(clear, services)
    return RedirectResponse(f"/?cleared={report.programs}", status_code=303)


def _add_columns() -> list[str]:
    required = ["code", "name", "specialty", "track", "source", "checked_on"]
    return required + [c for c in SHEET_COLUMNS if c not in required]


def _fact_values(program: Program) -> dict[str, str]:
    """The facts of ``program`` as the edit form shows them (the sources and dates left empty to fill in)."""
    cells = program_to_cells(program)
    return {column: cells[column] for column in editing.EDITABLE_FACTS}
