"""The home page (what to do now) and loading the fictional demo data into an empty workspace."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from matchpilot.web.owner import OwnerServices
from matchpilot.web.rules import rules_file
from matchpilot.web.templating import render as _render

__all__ = ["router"]

router = APIRouter()
"""The home page and the demo data."""


@router.get("/", response_class=HTMLResponse)
def home(request: Request, services: OwnerServices) -> HTMLResponse:
    """The home page: what to do now (the season's stage, its next dates, the steps the workspace needs, each
    a link), how many programs the sheet holds and whether a profile exists."""
    from matchpilot.services.home import home_plan

    plan = home_plan(services, rules_path=rules_file())
    return _render(
        request,
        "home.html",
        {
            "nav": "home",
            "plan": plan,
            "program_count": services.program_count(),
            "profile": services.profile(),
            "cleared": request.query_params.get("cleared"),
        },
    )


@router.post("/demo")
def demo(services: OwnerServices) -> Response:
    """Load the fictional demo data into an empty workspace (never over programs the user already has)."""
    from matchpilot.services.demo import load_demo

    load_demo(services, if_empty=True)
    return RedirectResponse("/programs", status_code=303)
