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
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from matchpilot.domain.evidence_links import AUTO_ACCEPT
from matchpilot.errors import InputError, TooLargeError
from matchpilot.services import Services
from matchpilot.services import evidence as ev
from matchpilot.web.auth import services_of

__all__ = ["evidence_router"]

_TEMPLATES = Path(__file__).parent / "templates"


def evidence_router() -> APIRouter:
    """The router of the /evidence pages (include it with ``Depends(current_services)``; see ``web.auth``)."""
    router = APIRouter(prefix="/evidence")
    templates = Jinja2Templates(directory=str(_TEMPLATES))

    def render(request: Request, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
        services: Services = services_of(request)
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
    def home(request: Request) -> HTMLResponse:
        """The Evidence page: the files imported, the upload form, and the employer links to review."""
        return render(request, {})

    @router.post("/import", response_class=HTMLResponse)
    async def upload(request: Request) -> HTMLResponse:
        """Import an uploaded LCA disclosure file and show what it kept and which links to confirm."""
        services = services_of(request)
        async with request.form() as form:  # closes the uploaded file's temporary copy at the end
            file = form.get("file")
            accept_sure = form.get("accept_sure") in ("on", "yes", "true", "1")
            if not isinstance(file, UploadFile) or not file.filename:
                return render(request, {"problem": "Choose the DOL disclosure file (.xlsx or .csv) to upload."}, 400)
            name = Path(file.filename).name
            try:
                report = await run_in_threadpool(
                    ev.import_lca, services, file.file, name, size=file.size or 0, accept_sure=accept_sure
                )
            except InputError as error:  # not an LCA file, unreadable, too large: the form again, with the reason
                return render(request, {"problem": str(error)}, 413 if isinstance(error, TooLargeError) else 400)
        return render(request, {"report": report})

    def _employer(form: Any) -> tuple[str, str | None]:
        employer = str(form.get("employer") or "").strip()
        state = str(form.get("state") or "").strip() or None
        if not employer:
            raise InputError("no employer given")
        return employer, state

    @router.post("/links/link")
    async def link(request: Request) -> RedirectResponse:
        """Link an employer to an institution (a suggestion accepted, or chosen by hand)."""
        services = services_of(request)
        async with request.form() as form:
            employer, state = _employer(form)
            institution = str(form.get("institution") or "").strip()
        if not institution:
            raise InputError("choose the institution of your sheet to link the employer to")
        await run_in_threadpool(ev.link_employer, services, employer, institution, state=state)
        return RedirectResponse("/evidence?done=linked#links", status_code=303)

    @router.post("/links/accept-sure")
    async def accept_sure(request: Request) -> RedirectResponse:
        """Accept every suggestion at or above the sure threshold."""
        services = services_of(request)
        await run_in_threadpool(ev.accept_suggestions, services)
        return RedirectResponse("/evidence?done=accepted#links", status_code=303)

    @router.post("/links/unlink")
    async def unlink(request: Request) -> RedirectResponse:
        """Undo an employer's link (it is not suggested again until linked by hand)."""
        services = services_of(request)
        async with request.form() as form:
            employer, state = _employer(form)
        await run_in_threadpool(ev.unlink_employer, services, employer, state=state)
        return RedirectResponse("/evidence?done=unlinked#links", status_code=303)

    return router
