"""The "Evidence" pages: bring in the DOL H-1B LCA disclosure file, and review the links between its employers and
the institutions of the sheet (accept a suggestion, link by hand, undo a link).

Every page works without JavaScript. The uploaded file is read from the temporary copy the server keeps while
the request lasts (spooled to disk when large), as a stream: never whole in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from matchpilot.domain.evidence_links import AUTO_ACCEPT
from matchpilot.errors import InputError, TooLargeError
from matchpilot.services import Services
from matchpilot.services import evidence as ev
from matchpilot.web.owner import OwnerServices
from matchpilot.web.templating import templates

__all__ = ["router"]


router = APIRouter(prefix="/evidence")
"""The /evidence pages."""


def _render(request: Request, services: Services, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    page = {
        "nav": "evidence",
        "imports": ev.evidence_imports(services),
        "review": ev.links_review(services),
        "auto_accept": AUTO_ACCEPT,
        "report": None,
        "problem": None,
        "done": request.query_params.get("done", ""),
        **context,
    }
    return templates.TemplateResponse(request, "evidence.html", page, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def home(request: Request, services: OwnerServices) -> HTMLResponse:
    """The Evidence page: the files imported, the upload form, and the employer links to review."""
    return _render(request, services, {})


@router.post("/import", response_class=HTMLResponse)
async def upload(request: Request, services: OwnerServices) -> HTMLResponse:
    """Import an uploaded LCA disclosure file and show what it kept and which links to confirm."""
    async with request.form() as form:  # closes the uploaded file's temporary copy at the end
        file = form.get("file")
        accept_sure = form.get("accept_sure") in ("on", "yes", "true", "1")
        if not isinstance(file, UploadFile) or not file.filename:
            return _render(
                request, services, {"problem": "Choose the DOL disclosure file (.xlsx or .csv) to upload."}, 400
            )
        name = Path(file.filename).name
        try:
            report = await run_in_threadpool(
                ev.import_lca, services, file.file, name, size=file.size or 0, accept_sure=accept_sure
            )
        except InputError as error:  # not an LCA file, unreadable, too large: the form again, with the reason
            return _render(request, services, {"problem": str(error)}, 413 if isinstance(error, TooLargeError) else 400)
    return _render(request, services, {"report": report})


def _employer(form: Any) -> tuple[str, str | None]:
    employer = str(form.get("employer") or "").strip()
    state = str(form.get("state") or "").strip() or None
    if not employer:
        raise InputError("no employer given")
    return employer, state


@router.post("/links/link")
async def link(request: Request, services: OwnerServices) -> RedirectResponse:
    """Link an employer to an institution (a suggestion accepted, or chosen by hand)."""
    async with request.form() as form:
        employer, state = _employer(form)
        institution = str(form.get("institution") or "").strip()
    if not institution:
        raise InputError("choose the institution of your sheet to link the employer to")
    await run_in_threadpool(ev.link_employer, services, employer, institution, state=state)
    return RedirectResponse("/evidence?done=linked#links", status_code=303)


@router.post("/links/accept-sure")
async def accept_sure(request: Request, services: OwnerServices) -> RedirectResponse:
    """Accept every suggestion at or above the sure threshold."""
    await run_in_threadpool(ev.accept_suggestions, services)
    return RedirectResponse("/evidence?done=accepted#links", status_code=303)


@router.post("/links/unlink")
async def unlink(request: Request, services: OwnerServices) -> RedirectResponse:
    """Undo an employer's link (it is not suggested again until linked by hand)."""
    async with request.form() as form:
        employer, state = _employer(form)
    await run_in_threadpool(ev.unlink_employer, services, employer, state=state)
    return RedirectResponse("/evidence?done=unlinked#links", status_code=303)
