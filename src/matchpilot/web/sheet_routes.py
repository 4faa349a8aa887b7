"""The "Sheet" pages: any spreadsheet in (with the mapping step), a peer's sheet merged, conflicts resolved
with one click, the sheet shared without private columns.

Every page works without JavaScript. A file the user uploads is kept on the server between the steps (mapping →
preview → import; report → confirm) under a random id the form carries (``services.sheet_tools.keep_upload``:
owner-scoped, ending after an hour, removed once used); nothing is written to the sheet before the user
confirms. Files are read within the limits of a sheet, in a worker thread, so a large file never holds up other
people's pages. Errors raised here are turned into pages by the app's one error handler; upload problems are
shown next to the field instead (413 when the file is over a limit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from matchpilot.domain.issues import Issue
from matchpilot.domain.mapping import (
    MAPPING_TARGETS,
    ColumnMapping,
    MappingSuggestion,
    SheetPreview,
    is_mapping_issue,
    mapping_from_pairs,
)
from matchpilot.domain.sheet import foreign_columns
from matchpilot.errors import InputError, InvalidDataError, NotFoundError, TooLargeError
from matchpilot.io.uploads import KeptUpload
from matchpilot.services import Services
from matchpilot.services import sheet_tools as tools
from matchpilot.web.owner import SIGNED_IN_OWNER, OwnerServices
from matchpilot.web.templating import templates

__all__ = ["router"]

_EXPORT_TYPES: Mapping[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _status(error: InputError) -> int:
    return 413 if isinstance(error, TooLargeError) else 400


async def _keep_file(services: Services, form: FormData) -> KeptUpload | None:
    """Keep the form's uploaded file for the next steps (copied a chunk at a time in a worker thread)."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return await run_in_threadpool(tools.keep_upload, services, Path(upload.filename).name, upload.file)


def _kept(services: Services, form: FormData) -> KeptUpload:
    """The upload kept by an earlier step, by the id the form carries."""
    return tools.kept_upload(services, str(form.get("upload") or "").strip())


@dataclass(frozen=True, slots=True)
class _Mapped:
    table: tools.ForeignTable
    suggestion: MappingSuggestion
    mapping: ColumnMapping
    shown: SheetPreview


def _read_and_preview(
    services: Services, kept: KeptUpload, choose: Callable[[tools.ForeignTable], ColumnMapping | None]
) -> _Mapped:
    """Read a kept upload, suggest a mapping, take the chosen one (or the suggestion) and preview it."""
    table = tools.read_kept(kept)
    suggestion = tools.suggest(table)
    mapping = choose(table) or suggestion.mapping
    return _Mapped(table, suggestion, mapping, tools.preview_import(services, table, mapping))


def _mapping_from_form(choices: Mapping[str, str], header: tuple[str, ...]) -> ColumnMapping:
    pairs: list[tuple[str, str | None]] = []
    for index, name in enumerate(header):
        if not name.strip():
            continue
        chosen = (choices.get(f"map-{index}") or "").strip()
        pairs.append((name, chosen if chosen in MAPPING_TARGETS else None))
    return mapping_from_pairs(pairs)


def _field_errors(issues: tuple[Issue, ...], header: tuple[str, ...]) -> tuple[dict[int, list[str]], list[str]]:
    """Mapping problems by the select they belong to (its column index), and the others."""
    by_name = {name.strip().lower(): index for index, name in enumerate(header) if name.strip()}
    fields: dict[int, list[str]] = {}
    general: list[str] = []
    for issue in issues:
        if not issue.is_error or not is_mapping_issue(issue) or issue.column is None:
            continue
        name = issue.column.strip().lower()
        if issue.code != "unmapped-required" and name in by_name:
            fields.setdefault(by_name[name], []).append(issue.message)
        else:
            general.append(issue.message)
    return fields, general


router = APIRouter(prefix="/sheet")
"""The /sheet pages."""


def _render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"nav": "sheet", **context}, status_code=status_code)


def _mapping_page(
    request: Request,
    services: Services,
    upload: KeptUpload,
    table: tools.ForeignTable,
    mapping: ColumnMapping,
    shown: SheetPreview,
    *,
    reasons: Mapping[str, str],
    save_as: str = "",
    replace: bool = False,
    status_code: int = 200,
    tried: bool = False,
    save_problem: str | None = None,
    carried: Mapping[str, list[str]] | None = None,
) -> HTMLResponse:
    fields, general = _field_errors(shown.parse.issues, table.header)
    errors = [issue for issue in shown.parse.issues if issue.is_error and not is_mapping_issue(issue)]
    warnings = [issue for issue in shown.parse.issues if not issue.is_error]
    columns = [
        {
            "index": index,
            "name": name.strip(),
            "target": mapping.target_of(name) or "",
            "reason": reasons.get(name.strip(), ""),
            "examples": list(dict.fromkeys(row[index].strip() for row in table.rows if index < len(row)))[:3],
            "errors": fields.get(index, []),
        }
        for index, name in enumerate(table.header)
        if name.strip()
    ]
    return _render(
        request,
        "sheet_mapping.html",
        {
            "upload": upload,
            "columns": columns,
            "preview": shown,
            "general_errors": general,
            "errors": errors,
            "warnings": warnings,
            "save_as": save_as,
            "save_problem": save_problem,
            "replace": replace,
            "tried": tried,
            "carried": carried,
            "mappings": tools.list_mappings(services),
        },
        status_code=status_code,
    )


@router.get("", response_class=HTMLResponse)
def home(request: Request, services: OwnerServices) -> HTMLResponse:
    """The Sheet section: import any spreadsheet, merge a peer's sheet, open conflicts, share."""
    from matchpilot.services.demo import demo_program_count  # loads the Match Week services: only here

    return _render(
        request,
        "sheet_home.html",
        {
            "demo_count": demo_program_count(services),
            "conflicts": tools.conflict_count(services),
            "mappings": tools.list_mappings(services),
            "program_count": services.program_count(),
        },
    )


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, services: OwnerServices) -> HTMLResponse:
    """Step 1 of importing any spreadsheet: choose the file (and, optionally, a saved mapping)."""
    return _render(request, "sheet_upload.html", {"problem": None, "mappings": tools.list_mappings(services)})


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request, services: OwnerServices) -> HTMLResponse:
    """Step 2: the suggested (or saved) mapping as selects, and the preview of the first rows."""

    def refused(problem: str, status_code: int) -> HTMLResponse:
        return _render(
            request,
            "sheet_upload.html",
            {"problem": problem, "mappings": tools.list_mappings(services)},
            status_code=status_code,
        )

    try:
        async with request.form() as form:
            kept = await _keep_file(services, form)
            saved_name = str(form.get("saved") or "").strip()
    except InputError as error:  # not a .csv/.xlsx name, or over the size limit
        return refused(str(error), _status(error))
    if kept is None:
        return refused("Choose a CSV or XLSX file to upload.", 400)
    saved = tools.load_mapping(services, saved_name) if saved_name else None
    try:
        step = await run_in_threadpool(_read_and_preview, services, kept, lambda _table: saved)
    except InputError as error:
        tools.discard_upload(services, kept.id)
        return refused(str(error), _status(error))
    reasons = {column.column: column.reason for column in step.suggestion.columns}
    if saved is not None:
        reasons = {name: f"from the saved mapping {saved_name!r}" for name, _ in saved.pairs}
    return _mapping_page(
        request, services, kept, step.table, step.mapping, step.shown, reasons=reasons, save_as=saved_name
    )


@router.get("/mapping", response_class=HTMLResponse)
async def mapping_of_kept(request: Request, services: OwnerServices) -> Response:
    """Step 2 for a file already uploaded (the Import page sends a file whose columns are not the sheet's
    here): the suggested mapping and the preview, without uploading the file again. ``replace=on`` ticks
    "Replace the whole sheet" as it was on the Import page."""
    params = request.query_params
    try:
        kept = tools.kept_upload(services, str(params.get("upload") or "").strip())
    except InputError as error:  # lost or over an hour old: choose the file again
        return _render(
            request,
            "sheet_upload.html",
            {"problem": str(error), "mappings": tools.list_mappings(services)},
            status_code=_status(error),
        )
    step = await run_in_threadpool(_read_and_preview, services, kept, lambda _table: None)
    reasons = {column.column: column.reason for column in step.suggestion.columns}
    carried: dict[str, list[str]] = {}
    if params.get("from") == "import":
        named = {name.strip() for name in step.table.header}
        for name in foreign_columns(step.table.header):
            carried.setdefault("unknown" if name in named else "missing", []).append(name)
    return _mapping_page(
        request,
        services,
        kept,
        step.table,
        step.mapping,
        step.shown,
        reasons=reasons,
        replace=params.get("replace") in ("on", "yes", "true", "1"),
        carried=carried,
    )


@router.post("/mapping", response_class=HTMLResponse)
async def mapping_step(request: Request, services: OwnerServices) -> Response:
    """Step 3: preview again with the mapping chosen, or import (nothing is written with any error)."""
    async with request.form() as form:
        kept = _kept(services, form)
        action = str(form.get("action") or "preview")
        save_as = str(form.get("save_as") or "").strip()
        replace = form.get("replace") in ("on", "yes", "true", "1")
        choices = {key: str(value) for key, value in form.multi_items() if key.startswith("map-")}
    step = await run_in_threadpool(
        _read_and_preview, services, kept, lambda table: _mapping_from_form(choices, table.header)
    )
    table, mapping, shown = step.table, step.mapping, step.shown
    reasons = {
        c.column: (c.reason if c.target == mapping.target_of(c.column) else "your choice")
        for c in step.suggestion.columns
    }
    if action != "import":
        return _mapping_page(
            request, services, kept, table, mapping, shown, reasons=reasons, save_as=save_as, replace=replace
        )
    save_problem = "a mapping name is at most 100 characters" if len(save_as) > 100 else None
    if not shown.ok or save_problem:
        return _mapping_page(
            request,
            services,
            kept,
            table,
            mapping,
            shown,
            reasons=reasons,
            save_as=save_as,
            replace=replace,
            status_code=400,
            tried=True,
            save_problem=save_problem,
        )
    report = await run_in_threadpool(
        lambda: tools.import_mapped(services, table, mapping, replace=replace, save_as=save_as or None)
    )
    if not report.ok:  # the sheet would grow past its limit: nothing was written
        raise InvalidDataError(f"{table.source}: nothing was imported", report.errors)
    tools.discard_upload(services, kept.id)
    return _render(request, "sheet_imported.html", {"report": report, "saved_as": save_as})


@router.get("/merge", response_class=HTMLResponse, dependencies=SIGNED_IN_OWNER)
def merge_form(request: Request) -> HTMLResponse:
    """Merge a peer's sheet: choose the file."""
    return _render(request, "sheet_merge.html", {"problem": None, "details": [], "report": None, "upload": None})


@router.post("/merge", response_class=HTMLResponse)
async def merge_plan(request: Request, services: OwnerServices) -> HTMLResponse:
    """The merge report (a dry run: nothing is written) with the conflicts, and a button to confirm."""
    context: dict[str, Any] = {"problem": None, "details": [], "report": None, "upload": None}
    try:
        async with request.form() as form:
            kept = await _keep_file(services, form)
    except InputError as error:
        context["problem"] = str(error)
        return _render(request, "sheet_merge.html", context, status_code=_status(error))
    context["upload"] = kept
    if kept is None:
        context["problem"] = "Choose your peer's sheet (CSV or XLSX) to upload."
        return _render(request, "sheet_merge.html", context, status_code=400)

    def plan() -> tools.MergeReport:
        return tools.plan_merge(services, tools.read_kept(kept))

    try:
        context["report"] = await run_in_threadpool(plan)
    except InvalidDataError as error:
        tools.discard_upload(services, kept.id)
        context["problem"], context["details"] = (
            str(error),
            [str(issue) for issue in error.issues if issue.is_error],
        )
        return _render(request, "sheet_merge.html", context, status_code=400)
    except InputError as error:
        tools.discard_upload(services, kept.id)
        context["problem"] = str(error)
        return _render(request, "sheet_merge.html", context, status_code=_status(error))
    return _render(request, "sheet_merge.html", context)


@router.post("/merge/apply")
async def merge_apply(request: Request, services: OwnerServices) -> Response:
    """Write the merge the user confirmed, then show the conflicts left to resolve."""
    async with request.form() as form:
        kept = _kept(services, form)

    def apply() -> tools.MergeReport:
        return tools.apply_merge(services, tools.read_kept(kept))

    report = await run_in_threadpool(apply)
    tools.discard_upload(services, kept.id)
    result = report.result
    summary = {
        "merged": kept.filename,
        "new": len(result.new_programs),
        "added": len(result.added),
        "updated": len(result.updated),
        "kept": len(result.kept),
        "conflicts": len(result.conflicts),
    }
    return RedirectResponse(f"/sheet/conflicts?{urlencode(summary)}", status_code=303)


@router.get("/conflicts", response_class=HTMLResponse)
def conflicts(request: Request, services: OwnerServices) -> HTMLResponse:
    """The open conflicts, each with both values, their sources and dates, and one-click choices."""
    params = request.query_params
    merged = None
    if params.get("merged"):
        merged = {key: params.get(key, "0") for key in ("merged", "new", "added", "updated", "kept", "conflicts")}
    resolved = None
    if params.get("resolved"):
        resolved = {key: params.get(key, "") for key in ("resolved", "column", "choice")}
    return _render(
        request,
        "sheet_conflicts.html",
        {"conflicts": tools.list_conflicts(services), "merged": merged, "resolved": resolved},
    )


@router.post("/conflicts/resolve")
async def resolve(request: Request, services: OwnerServices) -> Response:
    """Keep mine or take theirs for one conflict (one click), then show the list again."""
    async with request.form() as form:
        code = str(form.get("code") or "").strip()
        column = str(form.get("column") or "").strip()
        choice = str(form.get("choice") or "").strip()
    if not code or not column:
        raise NotFoundError("the form did not say which conflict to resolve")
    await run_in_threadpool(tools.resolve_conflict, services, code, column, choice)
    target = urlencode({"resolved": code, "column": column, "choice": choice})
    return RedirectResponse(f"/sheet/conflicts?{target}", status_code=303)


@router.get("/share.{kind}")
def share(kind: str, request: Request, services: OwnerServices) -> Response:
    """The sheet without private columns (interest, notes), as CSV or XLSX, to give to a peer."""
    if kind not in _EXPORT_TYPES:
        raise NotFoundError(f"no export as .{kind}; use .csv or .xlsx")
    content = tools.share_bytes(services, kind)
    return Response(
        content,
        media_type=_EXPORT_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="matchpilot-shared-sheet.{kind}"'},
    )
