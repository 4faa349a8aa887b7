"""The "Match simulator" page: upload a match instance (or generate a fictional market), run the NRMP-style
engine, see who matched where, unfilled positions and any instability, and download the result JSON."""

from __future__ import annotations

import base64
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from matchpilot.errors import InputError, InvalidDataError
from matchpilot.web.owner import SIGNED_IN_OWNER
from matchpilot.web.templating import templates

__all__ = ["router"]

_SHOWN = 300


def _whole(text: str, name: str, low: int, high: int) -> int:
    value = text.strip()
    if not value.isdigit() or not low <= int(value) <= high:
        raise InputError(f"{name} must be a whole number from {low} to {high:,}")
    return int(value)


router = APIRouter(dependencies=SIGNED_IN_OWNER)
"""The Match simulator page (it reads no workspace data, but like every page it is for a signed-in user)."""
_DEFAULTS = {"applicants": "200", "programs": "40", "seed": "1"}


def _render(request: Request, extra: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    context: dict[str, Any] = {"nav": "match", "form": _DEFAULTS, "run": None, "problem": None, "details": []}
    context.update(extra)
    return templates.TemplateResponse(request, "match_simulator.html", context, status_code=status_code)


@router.get("/match-simulator", response_class=HTMLResponse)
def form(request: Request) -> HTMLResponse:
    """The two forms: upload an instance, or generate a fictional market."""
    return _render(request, {})


@router.post("/match-simulator", response_class=HTMLResponse)
async def run(request: Request) -> HTMLResponse:
    """Run the uploaded instance, or the generated market the form describes."""
    from matchpilot.services.match_simulator import generate_and_run, run_uploaded

    async with request.form() as sent:
        upload = sent.get("instance")
        filename = upload.filename if isinstance(upload, UploadFile) else None
        content = await upload.read() if isinstance(upload, UploadFile) and filename else b""
        typed = {key: str(sent.get(key) or "") for key in _DEFAULTS}
    form_values = {key: typed[key] or _DEFAULTS[key] for key in _DEFAULTS}
    try:
        if filename:
            outcome = await run_in_threadpool(run_uploaded, content, filename)
        else:
            applicants = _whole(form_values["applicants"], "Applicants", 1, 60_000)
            programs = _whole(form_values["programs"], "Programs", 1, 10_000)
            seed = _whole(form_values["seed"], "Seed", 0, 2**31)
            outcome = await run_in_threadpool(generate_and_run, applicants, programs, seed)
    except InvalidDataError as error:
        details = [str(issue) for issue in error.issues]
        return _render(request, {"form": form_values, "problem": str(error), "details": details}, 400)
    except InputError as error:
        return _render(request, {"form": form_values, "problem": str(error)}, 400)
    document = json.dumps(outcome.document, indent=1, ensure_ascii=False).encode("utf-8")
    matches = list(outcome.result.matches.items())
    context = {
        "form": form_values,
        "run": outcome,
        "matches": matches[:_SHOWN],
        "hidden": max(0, len(matches) - _SHOWN),
        "unfilled": sorted(outcome.result.unfilled.items()),
        "download": "data:application/json;base64," + base64.b64encode(document).decode("ascii"),
    }
    return _render(request, context)
