"""The "Materials" pages: the three personal statement variants, ERAS experience entries and letters of
recommendation, each with its checks in plain words; and which materials are ready.

Every page works without JavaScript: plain forms that post and redirect. A form with a bad field comes back with
what was typed, the problem tied to its field, status 400, and nothing saved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from matchpilot.errors import InvalidDataError, NotFoundError
from matchpilot.letters.materials import (
    MAX_MATERIAL_TEXT,
    MIN_UPLOADED_LETTERS,
    LetterPlan,
    check_statement,
    variant_key,
)
from matchpilot.services import materials as mat
from matchpilot.web.owner import SIGNED_IN_OWNER, OwnerServices
from matchpilot.web.templating import templates

__all__ = ["readiness_link", "router"]


_DONE = {
    "statement": "Statement saved.",
    "experience": "Experience entry saved.",
    "experience-removed": "Experience entry removed.",
    "letter": "Letter saved.",
    "letter-removed": "Letter removed.",
}

_LETTER_FIELDS = ("writer", "specialty", "requested_on", "uploaded_on", "assigned_on", "note")
_EXPERIENCE_FIELDS = ("title", "organization", "description")


def readiness_link(key: str) -> str:
    """The page where the user works on the readiness item ``key`` (see
    :func:`matchpilot.letters.materials.materials_readiness`): a statement's editor, or the section of the
    Materials page; the Materials page itself for a key it does not know."""
    if key.startswith("statement-") and variant_key(key.removeprefix("statement-")) is not None:
        return f"/materials/statements/{key.removeprefix('statement-')}#checks"
    if key == "experiences":
        return "/materials#experiences"
    if key.startswith("letter"):
        return "/materials#letters"
    return "/materials"


def _errors(error: InvalidDataError) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for issue in error.issues:
        found.setdefault(issue.where or "form", []).append(issue.message)
    return found


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _id(text: str) -> int:
    if not text.isdigit() or len(text) > 9:
        raise NotFoundError(f"no entry number {text!r}")
    return int(text)


router = APIRouter(prefix="/materials")
"""The /materials pages."""


def _render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    page = {"nav": "materials", "errors": {}, "max_text": MAX_MATERIAL_TEXT, "link": readiness_link, **context}
    return templates.TemplateResponse(request, name, page, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def overview(request: Request, services: OwnerServices) -> HTMLResponse:
    """Every material at a glance: what is ready, the statements, the experience entries, the letters."""
    return _render(
        request,
        "materials.html",
        {
            "readiness": mat.readiness(services),
            "statements": mat.statements(services),
            "experiences": mat.experiences(services),
            "letters": mat.letters(services),
            "min_letters": MIN_UPLOADED_LETTERS,
            "done": _DONE.get(request.query_params.get("done", ""), ""),
        },
    )


# --- statements ---


def _variant(name: str) -> str:
    key = variant_key(name)
    if key is None or key != name:
        raise NotFoundError(f"no statement variant {name!r}: the variants are pmr, prelim and general")
    return key


@router.get("/statements/{variant}", response_model=None)
def statement_form(variant: str, request: Request, services: OwnerServices) -> Response:
    """A statement variant: its text to edit and its checks (``bridge`` and other names of a variant lead to
    its page)."""
    key = variant_key(variant)
    if key is not None and key != variant:
        return RedirectResponse(f"/materials/statements/{key}", status_code=307)
    view = mat.statement(services, _variant(variant))
    return _render(
        request,
        "materials_statement.html",
        {"view": view, "text": view.text, "review": view.review, "saved": request.query_params.get("done") == "1"},
    )


@router.post("/statements/{variant}", response_model=None)
async def statement_save(variant: str, request: Request, services: OwnerServices) -> Response:
    """Save a statement variant's text (or, with "Check without saving", only check it)."""
    key = _variant(variant)
    async with request.form() as form:
        text = _text(form, "text")
        action = _text(form, "action")
    view = await run_in_threadpool(mat.statement, services, key)
    if action == "check":
        review = check_statement(key, text) if text.strip() else None
        return _render(request, "materials_statement.html", {"view": view, "text": text, "review": review})
    try:
        await run_in_threadpool(mat.save_statement, services, key, text)
    except InvalidDataError as error:
        context = {"view": view, "text": text, "review": None, "errors": _errors(error)}
        return _render(request, "materials_statement.html", context, 400)
    return RedirectResponse(f"/materials/statements/{key}?done=1#checks", status_code=303)


# --- experiences ---


def _experience_page(
    request: Request, entry: mat.ExperienceView | None, values: Mapping[str, str], errors: Mapping[str, list[str]]
) -> dict[str, Any]:
    return {"entry": entry, "values": values, "errors": errors, "saved": request.query_params.get("done") == "1"}


@router.get("/experiences/new", response_class=HTMLResponse, dependencies=SIGNED_IN_OWNER)
def experience_new(request: Request) -> HTMLResponse:
    """The form for a new experience entry."""
    return _render(request, "materials_experience.html", _experience_page(request, None, {}, {}))


@router.post("/experiences/new", response_model=None)
async def experience_add(request: Request, services: OwnerServices) -> Response:
    """Store a new experience entry; back to the form with the problems when a field is bad."""
    async with request.form() as form:
        values = {name: _text(form, name) for name in _EXPERIENCE_FIELDS}
    try:
        saved = await run_in_threadpool(
            mat.add_experience, services, values["title"], values["organization"], values["description"]
        )
    except InvalidDataError as error:
        page = _experience_page(request, None, values, _errors(error))
        return _render(request, "materials_experience.html", page, 400)
    return RedirectResponse(f"/materials/experiences/{saved.id}?done=1#checks", status_code=303)


@router.get("/experiences/{experience_id}", response_class=HTMLResponse)
def experience_form(experience_id: str, request: Request, services: OwnerServices) -> HTMLResponse:
    """An experience entry: the form to edit it and its checks."""
    entry = mat.experience(services, _id(experience_id))
    e = entry.experience
    values = {"title": e.title, "organization": e.organization, "description": e.description}
    return _render(request, "materials_experience.html", _experience_page(request, entry, values, {}))


@router.post("/experiences/{experience_id}", response_model=None)
async def experience_update(experience_id: str, request: Request, services: OwnerServices) -> Response:
    """Replace an experience entry; back to the form with the problems when a field is bad."""
    entry_id = _id(experience_id)
    entry = await run_in_threadpool(mat.experience, services, entry_id)
    async with request.form() as form:
        values = {name: _text(form, name) for name in _EXPERIENCE_FIELDS}
    try:
        await run_in_threadpool(
            mat.update_experience,
            services,
            entry_id,
            values["title"],
            values["organization"],
            values["description"],
        )
    except InvalidDataError as error:
        page = _experience_page(request, entry, values, _errors(error))
        return _render(request, "materials_experience.html", page, 400)
    return RedirectResponse(f"/materials/experiences/{entry_id}?done=1#checks", status_code=303)


@router.post("/experiences/{experience_id}/remove")
async def experience_remove(experience_id: str, request: Request, services: OwnerServices) -> RedirectResponse:
    """Forget an experience entry."""
    await run_in_threadpool(mat.remove_experience, services, _id(experience_id))
    return RedirectResponse("/materials?done=experience-removed#experiences", status_code=303)


# --- letters ---


def _letter_values(plan: LetterPlan) -> dict[str, str]:
    return {
        "writer": plan.writer,
        "specialty": plan.specialty,
        "requested_on": plan.requested_on.isoformat() if plan.requested_on else "",
        "uploaded_on": plan.uploaded_on.isoformat() if plan.uploaded_on else "",
        "assigned_on": plan.assigned_on.isoformat() if plan.assigned_on else "",
        "note": plan.note,
    }


def _plan(values: Mapping[str, str]) -> LetterPlan:
    """The plan the form describes; InvalidDataError naming every unreadable date at once."""
    days: dict[str, Any] = {}
    issues = []
    for name in ("requested_on", "uploaded_on", "assigned_on"):
        try:
            days[name] = mat.parse_day(values[name], name)
        except InvalidDataError as error:
            issues += list(error.issues)
    if issues:
        raise InvalidDataError("a date cannot be read; nothing was saved", issues)
    return dataclasses.replace(LetterPlan(values["writer"], values["specialty"], note=values["note"]), **days)


def _letter_page(
    request: Request, letter: mat.LetterView | None, values: Mapping[str, str], errors: Mapping[str, list[str]]
) -> dict[str, Any]:
    return {"letter": letter, "values": values, "errors": errors, "saved": request.query_params.get("done") == "1"}


@router.get("/letters/new", response_class=HTMLResponse, dependencies=SIGNED_IN_OWNER)
def letter_new(request: Request) -> HTMLResponse:
    """The form to plan a letter."""
    return _render(request, "materials_letter.html", _letter_page(request, None, {}, {}))


@router.post("/letters/new", response_model=None)
async def letter_add(request: Request, services: OwnerServices) -> Response:
    """Store a new letter; back to the form with the problems when a field is bad."""
    async with request.form() as form:
        values = {name: _text(form, name) for name in _LETTER_FIELDS}
    try:
        await run_in_threadpool(mat.add_letter, services, _plan(values))
    except InvalidDataError as error:
        return _render(request, "materials_letter.html", _letter_page(request, None, values, _errors(error)), 400)
    return RedirectResponse("/materials?done=letter#letters", status_code=303)


@router.get("/letters/{letter_id}", response_class=HTMLResponse)
def letter_form(letter_id: str, request: Request, services: OwnerServices) -> HTMLResponse:
    """A letter: the form to record where it stands."""
    letter = mat.letter(services, _id(letter_id))
    return _render(request, "materials_letter.html", _letter_page(request, letter, _letter_values(letter.plan), {}))


@router.post("/letters/{letter_id}", response_model=None)
async def letter_update(letter_id: str, request: Request, services: OwnerServices) -> Response:
    """Replace a letter; back to the form with the problems when a field is bad."""
    number = _id(letter_id)
    letter = await run_in_threadpool(mat.letter, services, number)
    async with request.form() as form:
        values = {name: _text(form, name) for name in _LETTER_FIELDS}
    try:
        await run_in_threadpool(mat.update_letter, services, number, _plan(values))
    except InvalidDataError as error:
        page = _letter_page(request, letter, values, _errors(error))
        return _render(request, "materials_letter.html", page, 400)
    return RedirectResponse("/materials?done=letter#letters", status_code=303)


@router.post("/letters/{letter_id}/remove")
async def letter_remove(letter_id: str, request: Request, services: OwnerServices) -> RedirectResponse:
    """Forget a letter."""
    await run_in_threadpool(mat.remove_letter, services, _id(letter_id))
    return RedirectResponse("/materials?done=letter-removed#letters", status_code=303)
