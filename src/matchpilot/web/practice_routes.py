"""The "Practice Match Week" page: a practice of its own (fictional list, a clock the user sets, offers from a
simulated SOAP market), with the plan and the same decision help as the real offers page.

Routes are a few lines each: read the form, call :mod:`matchpilot.services.soap_practice`, render or redirect.
A problem the user can fix is shown on the page (status 400) and nothing is saved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from matchpilot.errors import InputError, InvalidDataError, NotFoundError
from matchpilot.services import Services
from matchpilot.services import soap_practice as practice
from matchpilot.services import soap_week as week
from matchpilot.web.owner import OwnerServices
from matchpilot.web.rules import rules_in_force
from matchpilot.web.templating import templates

__all__ = ["router"]

_EASTERN = ZoneInfo("America/New_York")


def _problem_text(error: Exception) -> str:
    if isinstance(error, InvalidDataError):
        return str(error) + ": " + "; ".join(str(issue) for issue in error.issues)
    return str(error)


router = APIRouter(prefix="/match-week/practice")
"""The practice page under ``/match-week/practice``."""


def _page(
    request: Request, services: Services, *, problem: str | None = None, typed: dict[str, str] | None = None
) -> HTMLResponse:
    rules = rules_in_force().rules
    state = practice.practice_state(services)
    context: dict[str, Any] = {
        "nav": "match-week",
        "banner": practice.PRACTICE_BANNER,
        "problem": problem,
        "typed": typed or {},
        "state": state,
        "notice": request.query_params.get("done", ""),
    }
    if state is not None:
        status = practice.practice_status(services, rules)
        workspace = practice.practice_workspace(services)
        unfilled, _ = week.stored_unfilled(workspace)
        plan_name = request.query_params.get("plan") or None
        plan = None
        plan_problem = None
        if status.list_released and plan_name:
            try:
                plan = practice.practice_plan(services, rules, plan_name=plan_name)
            except (InputError, NotFoundError, InvalidDataError) as error:
                plan_problem = _problem_text(error)
        context.update(
            status=status,
            zone=ZoneInfo(status.timeline.zone),
            unfilled=unfilled,
            plans=week.list_plans(workspace),
            plan=plan,
            plan_problem=plan_problem,
            sent=week.applications(workspace),
            report=practice.practice_decide(services, rules),
            choices=practice.practice_clock_choices(services, rules),
        )
    return templates.TemplateResponse(request, "soap_practice.html", context, status_code=400 if problem else 200)


def _done(word: str, anchor: str, extra: str = "") -> RedirectResponse:
    return RedirectResponse(f"/match-week/practice?done={quote(word)}{extra}#{anchor}", status_code=303)


@router.get("", response_class=HTMLResponse)
def show(request: Request, services: OwnerServices) -> HTMLResponse:
    """The practice: start it, or its clock, list, plan and offers with the decision help."""
    return _page(request, services)


@router.post("/start", response_class=HTMLResponse)
async def start(request: Request, services: OwnerServices) -> Response:
    """Start (or restart) a practice with an optional seed."""
    async with request.form() as form:
        seed_text = str(form.get("seed") or "").strip()
    seed = None
    if seed_text:
        try:
            seed = int(seed_text)
        except ValueError:
            return _page(
                request,
                services,
                problem=f"Seed {seed_text[:20]!r}: use a whole number such as 7.",
                typed={"seed": seed_text},
            )
    try:
        practice.start_practice(services, rules_in_force().rules, seed=seed)
    except InputError as error:
        return _page(request, services, problem=f"Seed: {error}", typed={"seed": seed_text})
    return _done("started", "clock")


@router.post("/clock", response_class=HTMLResponse)
async def clock(request: Request, services: OwnerServices) -> Response:
    """Move the practice clock to a chosen moment (a moment of the week, or a date and time in Eastern Time)."""
    async with request.form() as form:
        chosen = str(form.get("moment") or "").strip()
        typed_at = str(form.get("at") or "").strip()
    text = typed_at or chosen
    if not text:
        return _page(request, services, problem="Clock: choose a moment of the week or type a date and time.")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return _page(
            request,
            services,
            problem=f"Clock {text[:40]!r}: not a date and time such as 2027-03-18T09:05.",
            typed={"at": typed_at},
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_EASTERN)
    try:
        practice.set_practice_clock(services, rules_in_force().rules, moment)
    except InputError as error:
        return _page(request, services, problem=str(error), typed={"at": typed_at})
    return _done("clock", "offers")


@router.post("/plan", response_class=HTMLResponse)
async def plan(request: Request, services: OwnerServices) -> Response:
    """Make the plan on the practice list and send its applications (in the practice)."""
    async with request.form() as form:
        name = str(form.get("plan") or "").strip() or None
    try:
        practice.practice_plan(services, rules_in_force().rules, plan_name=name, save=True)
    except (InputError, NotFoundError, InvalidDataError) as error:
        return _page(request, services, problem=f"Plan: {_problem_text(error)}")
    return _done("sent", "plan", f"&plan={quote(name or '')}" if name else "")


@router.post("/offers", response_class=HTMLResponse)
async def answer(request: Request, services: OwnerServices) -> Response:
    """Accept or decline a practice offer at the practice clock."""
    async with request.form() as form:
        code = str(form.get("code") or "").strip()
        status = str(form.get("status") or "").strip()
    try:
        practice.answer_practice_offer(services, rules_in_force().rules, code, status)
    except (InputError, NotFoundError) as error:
        return _page(request, services, problem=str(error))
    return _done(status, "offers")


@router.post("/reset", response_class=HTMLResponse)
async def reset(request: Request, services: OwnerServices) -> Response:
    """Clear the practice entirely."""
    practice.reset_practice(services)
    return _done("reset", "start")
