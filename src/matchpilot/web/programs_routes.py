"""The program sheet: the list (filtered, sorted and paginated in the database), its export, importing a sheet
(the upload form, a template, the upload itself) and one program's page.

The program page's route (``/programs/{code}``) catches every path under ``/programs/``, so this router is
included after the routers of the other pages under ``/programs/`` (editing, comparing).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from matchpilot.domain.cells import twelve_months_before
from matchpilot.errors import InputError, NotFoundError, TooLargeError
from matchpilot.services import sheet_tools
from matchpilot.services.evidence import evidence_by_program, program_evidence
from matchpilot.web.owner import SIGNED_IN_OWNER, OwnerServices
from matchpilot.web.present import FILTER_KEYS, fact_rows, sheet_request
from matchpilot.web.templating import render as _render

__all__ = ["router"]

_EXPORT_TYPES: Mapping[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

router = APIRouter()
"""The program sheet, its import and export, and the program page."""


@router.get("/programs", response_class=HTMLResponse)
def programs(request: Request, services: OwnerServices) -> HTMLResponse:
    """The program sheet: filtered, sorted and paginated in the database."""
    from matchpilot.services.compare import favourites

    starred = favourites(services)
    wanted = sheet_request(request.query_params, favourites=starred)
    page = services.list_programs(wanted.query)
    if page.page > page.pages:  # past the last page (the sheet shrank): show the last one
        page = services.list_programs(dataclasses.replace(wanted.query, page=page.pages))
    return _render(
        request,
        "programs.html",
        {
            "nav": "programs",
            "sheet": wanted,
            "page": page,
            "h1b_evidence": evidence_by_program(services, list(page.programs)),
            "in_sheet": services.program_count(),
            "choices": services.filter_choices(),
            "filter_keys": FILTER_KEYS,
            "stale_before": twelve_months_before(services.today()),
            "starred": starred,
        },
    )


@router.get("/programs/export.{kind}")
def export(kind: str, request: Request, services: OwnerServices) -> Response:
    """The sheet (as the current filter selects it) as a CSV or XLSX download."""
    if kind not in _EXPORT_TYPES:
        raise NotFoundError(f"no export as .{kind}; use .csv or .xlsx")
    from matchpilot.services.compare import favourites

    wanted = sheet_request(request.query_params, per_page=None, favourites=favourites(services))
    content = services.export_programs_bytes(kind, wanted.query)
    return Response(
        content,
        media_type=_EXPORT_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="matchpilot-programs.{kind}"'},
    )


@router.get("/programs/import", response_class=HTMLResponse, dependencies=SIGNED_IN_OWNER)
def import_form(request: Request) -> HTMLResponse:
    """The upload form."""
    return _render(request, "import.html", {"nav": "import", "report": None, "problem": None, "replace": False})


@router.get("/programs/import/template.{kind}")
def import_template(kind: str, services: OwnerServices) -> Response:
    """A template of the sheet (CSV or XLSX): every column, with one fictional example row."""
    if kind not in _EXPORT_TYPES:
        raise NotFoundError(f"no template as .{kind}; use .csv or .xlsx")
    return Response(
        services.template_bytes(kind),
        media_type=_EXPORT_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="matchpilot-sheet-template.{kind}"'},
    )


@router.post("/programs/import", response_class=HTMLResponse)
async def import_upload(request: Request, services: OwnerServices) -> Response:
    """Import an uploaded sheet and show what happened: the same report as the CLI. A file whose columns
    are not the sheet's own goes on to the mapping step (Sheet → Import a spreadsheet) with the file
    carried, so it is never uploaded twice. The file is kept a chunk at a time and read within the limits
    of a sheet, in a worker thread (never on the event loop, never whole into memory); a file over a limit
    answers 413 naming the limit."""
    context: dict[str, Any] = {"nav": "import", "report": None, "problem": None, "replace": False}
    try:
        async with request.form() as form:  # closes the uploaded file's temporary copy
            upload = form.get("file")
            replace = context["replace"] = form.get("replace") in ("on", "yes", "true", "1")
            if not isinstance(upload, UploadFile) or not upload.filename:
                context["problem"] = "Choose a CSV or XLSX file to upload."
                return _render(request, "import.html", context, status_code=400)
            kept = await run_in_threadpool(sheet_tools.keep_upload, services, Path(upload.filename).name, upload.file)
        try:
            report = await run_in_threadpool(lambda: sheet_tools.import_kept_if_own(services, kept, replace=replace))
        except BaseException:
            sheet_tools.discard_upload(services, kept.id)
            raise
    except InputError as error:  # an unreadable file, or one over a limit: the form again, with the reason
        context["problem"] = str(error)
        return _render(request, "import.html", context, status_code=413 if isinstance(error, TooLargeError) else 400)
    if report is None:  # not the sheet's columns: on to the mapping step, the file kept
        wanted = {"upload": kept.id, "from": "import", **({"replace": "on"} if replace else {})}
        return RedirectResponse(f"/sheet/mapping?{urlencode(wanted)}", status_code=303)
    sheet_tools.discard_upload(services, kept.id)
    context["report"] = report
    return _render(request, "import.html", context, status_code=200 if report.ok else 400)


@router.get("/programs/{code:path}", response_class=HTMLResponse)
def program(code: str, request: Request, services: OwnerServices) -> HTMLResponse:
    """One program: every fact in plain words with its source and when it was checked."""
    from matchpilot.services.compare import favourites

    found = services.get_program(code)
    today = services.today()
    starred = favourites(services)
    others = sorted(
        (p for p in services.list_programs().programs if p.code != found.code), key=lambda p: p.name.casefold()
    )
    return _render(
        request,
        "program.html",
        {
            "nav": "programs",
            "program": found,
            "facts": fact_rows(found, today),
            "stale_before": twelve_months_before(today),
            "h1b_evidence": program_evidence(services, found),
            "favourite": found.code in starred,
            "starred": starred,
            "others": others,
        },
    )
