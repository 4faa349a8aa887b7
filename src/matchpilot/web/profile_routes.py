"""The profile form: shown filled in from the stored profile; saved when every field reads, else shown again as
typed with each error by its field (nothing saved)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from matchpilot.domain import PROFILE_KEYS
from matchpilot.web.owner import OwnerServices
from matchpilot.web.present import PROFILE_FIELDS, profile_form_values
from matchpilot.web.templating import render as _render

__all__ = ["router"]

router = APIRouter()
"""The profile form."""


@router.get("/profile", response_class=HTMLResponse)
def profile_form(request: Request, services: OwnerServices) -> HTMLResponse:
    """The profile form, filled in from the stored profile."""
    return _render(
        request,
        "profile.html",
        {
            "nav": "profile",
            "fields": PROFILE_FIELDS,
            "values": profile_form_values(services.profile()),
            "errors": {},
            "general_errors": [],
            "saved": request.query_params.get("saved") == "1",
        },
    )


@router.post("/profile", response_class=HTMLResponse)
async def profile_save(request: Request, services: OwnerServices) -> Response:
    """Check and save the profile; with errors, show the form again as typed, each error by its field."""
    async with request.form() as form:
        typed = {key: value for key in PROFILE_KEYS if isinstance(value := form.get(key, ""), str)}
    given = {key: value for key, value in typed.items() if value.strip()}
    result = await run_in_threadpool(services.save_profile, given)
    if result.ok:
        return RedirectResponse("/profile?saved=1", status_code=303)
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    for issue in result.issues:
        if not issue.is_error:
            continue
        if issue.where in PROFILE_KEYS:
            errors.setdefault(issue.where, []).append(issue.message)
        else:
            general.append(str(issue))
    return _render(
        request,
        "profile.html",
        {
            "nav": "profile",
            "fields": PROFILE_FIELDS,
            "values": {key: typed.get(key, "") for key in PROFILE_KEYS},
            "errors": errors,
            "general_errors": general,
            "saved": False,
        },
        status_code=400,
    )
