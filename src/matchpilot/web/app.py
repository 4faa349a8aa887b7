"""The web app factory: routes, pages, and the one place where errors become HTTP statuses.

Every route is a few lines: read the request, call :class:`~matchpilot.services.Services`, render a template.
Pages are server-rendered and work without JavaScript. Errors are translated in :func:`_install_error_pages`
only: ``NotFoundError`` → 404, ``TooLargeError`` → 413, ``InputError`` → 400, ``DatabaseUnavailableError`` →
503, any other ``MatchpilotError`` → 500, each as a page in plain words. Nothing is cached between requests, so
the app works again as soon as an unreachable database is back.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from matchpilot.domain import PROFILE_KEYS
from matchpilot.domain.cells import twelve_months_before
from matchpilot.errors import (
    AuthenticationError,
    DatabaseUnavailableError,
    InputError,
    InvalidDataError,
    MatchpilotError,
    NextStep,
    NotFoundError,
    PermissionDeniedError,
    TooLargeError,
)
from matchpilot.pick import PickLimits, PickReport
from matchpilot.pick.signals import POOL_NAMES
from matchpilot.services import Services, sheet_tools
from matchpilot.services.evidence import evidence_by_program, program_evidence
from matchpilot.services.picks import (
    clear_outcome,
    pick_choices,
    pick_export_bytes,
    pick_for,
    record_outcome,
    set_pick_choice,
)
from matchpilot.web.auth import (
    MultiUser,
    OwnedServices,
    current_services,
    install_auth,
    request_services,
    sign_in_needed,
)
from matchpilot.web.cards import TableCellLabels
from matchpilot.web.evidence_routes import evidence_router
from matchpilot.web.limits import limit_of, too_large_message
from matchpilot.web.practice_routes import practice_router
from matchpilot.web.present import (
    FILTER_KEYS,
    PICK_CATEGORIES,
    PICK_KEYS,
    PROFILE_FIELDS,
    PROGRAM_FIELDS,
    TABLE_COLUMNS,
    applications_chart,
    fact_rows,
    fact_text,
    line_chart,
    next_step_link,
    percent,
    pick_request,
    plain_reason,
    profile_form_values,
    program_names,
    sheet_request,
    step_link,
    with_params,
    yes_no,
)
from matchpilot.web.proxy import ForwardedHeaders, SameOriginPosts
from matchpilot.web.sheet_routes import freshness_of, sheet_router
from matchpilot.web.soap_routes import rules_file, soap_router

__all__ = ["create_app"]

PAGE_SIGNAL_NODES = 12
"""How many relaxations branch and bound may solve when My list places the signals (the page stays fast; a
capped answer says it is not proven best, with its bound)."""

_HERE = Path(__file__).parent
_TEMPLATES = _HERE / "templates"
_STATIC = _HERE / "static"

_EXPORT_TYPES: Mapping[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def create_app(services: Services, *, multi_user: MultiUser | None = None, loopback_only: bool = False) -> FastAPI:
    """Build the web app over ``services`` (already connected to a migrated database).

    Takes the services of one owner (local mode) and returns a FastAPI app; reads no environment and opens no
    connection until a request needs one. With ``multi_user`` the app serves many accounts instead: each request
    works on the signed-in account's workspace (see :mod:`matchpilot.web.auth`), never on ``services``' owner.
    Every owner-scoped route gets its services from ``Depends(current_services)``. With ``loopback_only`` (the
    local app of ``matchpilot serve``) it answers only requests addressed to this computer by name (``Host``
    127.0.0.1, localhost or ::1): a web page elsewhere cannot read the workspace through DNS rebinding.
    """
    app = FastAPI(title="matchpilot", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.services = services
    templates = Jinja2Templates(directory=str(_TEMPLATES))
    templates.env.globals.update(
        fact_text=fact_text, yes_no=yes_no, with_params=with_params, table_columns=TABLE_COLUMNS, percent=percent
    )
    templates.env.globals["freshness"] = freshness_of(services)
    templates.env.globals["next_step_link"] = next_step_link
    templates.env.globals["plain_reason"] = plain_reason
    templates.env.globals["step_link"] = step_link
    templates.env.globals["program_names"] = program_names
    templates.env.globals["fact_label"] = lambda column: PROGRAM_FIELDS.get(column, column)
    app.mount("/static", StaticFiles(directory=str(_STATIC)), name="static")
    owned = [Depends(current_services)]  # every owner-scoped router: the services of this request's workspace
    app.include_router(sheet_router(), dependencies=owned)
    app.include_router(soap_router(), dependencies=owned)
    app.include_router(practice_router(), dependencies=owned)  # /match-week/practice
    app.include_router(evidence_router(), dependencies=owned)
    app.state.public_url = multi_user.public_url if multi_user is not None else None
    app.add_middleware(SameOriginPosts, public_url=app.state.public_url)
    app.add_middleware(TableCellLabels)  # phone cards name their columns without JavaScript
    install_auth(app, services, multi_user, templates)
    _install_error_pages(app, templates)
    if loopback_only:
        app.add_middleware(_LoopbackHostOnly)
    if multi_user is not None:  # outermost: every check sees the addresses a trusted proxy forwarded
        app.add_middleware(ForwardedHeaders, trusted=multi_user.trusted_proxies)

    def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    from matchpilot.web.letters_routes import letters_router, timeline_of
    from matchpilot.web.match_routes import match_router
    from matchpilot.web.materials_routes import materials_router
    from matchpilot.web.rank_routes import rank_router
    from matchpilot.web.scoring_routes import scoring_router

    templates.env.globals["message_timeline"] = timeline_of(request_services())
    app.include_router(letters_router(request_services(), templates), dependencies=owned)

    from matchpilot.web.edit_routes import edit_router

    app.include_router(edit_router(templates), dependencies=owned)  # before the program page's catch-all
    from matchpilot.web.compare_routes import compare_router

    app.include_router(compare_router(templates), dependencies=owned)  # before the program page's catch-all
    app.include_router(rank_router(request_services(), templates), dependencies=owned)
    app.include_router(match_router(templates), dependencies=owned)
    app.include_router(scoring_router(templates), dependencies=owned)  # /picks/report
    app.include_router(materials_router(), dependencies=owned)

    from matchpilot.web.api import install_api

    install_api(app)

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, services: OwnedServices) -> HTMLResponse:
        """The home page: what to do now (the season's stage, its next dates, the steps the workspace needs, each
        a link), how many programs the sheet holds and whether a profile exists."""
        from matchpilot.services.home import home_plan

        plan = home_plan(services, rules_path=rules_file())
        return render(
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

    @app.post("/demo")
    def demo(services: OwnedServices) -> Response:
        """Load the fictional demo data into an empty workspace (never over programs the user already has)."""
        from matchpilot.services.demo import load_demo

        load_demo(services, if_empty=True)
        return RedirectResponse("/programs", status_code=303)

    @app.get("/programs", response_class=HTMLResponse)
    def programs(request: Request, services: OwnedServices) -> HTMLResponse:
        """The program sheet: filtered, sorted and paginated in the database."""
        from matchpilot.services.compare import favourites

        starred = favourites(services)
        wanted = sheet_request(request.query_params, favourites=starred)
        page = services.list_programs(wanted.query)
        if page.page > page.pages:  # past the last page (the sheet shrank): show the last one
            page = services.list_programs(dataclasses.replace(wanted.query, page=page.pages))
        return render(
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

    @app.get("/programs/export.{kind}")
    def export(kind: str, request: Request, services: OwnedServices) -> Response:
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

    @app.get("/programs/import", response_class=HTMLResponse)
    def import_form(request: Request, services: OwnedServices) -> HTMLResponse:
        """The upload form."""
        return render(request, "import.html", {"nav": "import", "report": None, "problem": None, "replace": False})

    @app.get("/programs/import/template.{kind}")
    def import_template(kind: str, services: OwnedServices) -> Response:
        """A template of the sheet (CSV or XLSX): every column, with one fictional example row."""
        if kind not in _EXPORT_TYPES:
            raise NotFoundError(f"no template as .{kind}; use .csv or .xlsx")
        return Response(
            services.template_bytes(kind),
            media_type=_EXPORT_TYPES[kind],
            headers={"Content-Disposition": f'attachment; filename="matchpilot-sheet-template.{kind}"'},
        )

    @app.post("/programs/import", response_class=HTMLResponse)
    async def import_upload(request: Request, services: OwnedServices) -> Response:
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
                    return render(request, "import.html", context, status_code=400)
                kept = await run_in_threadpool(
                    sheet_tools.keep_upload, services, Path(upload.filename).name, upload.file
                )
            try:
                report = await run_in_threadpool(
                    lambda: sheet_tools.import_kept_if_own(services, kept, replace=replace)
                )
            except BaseException:
                sheet_tools.discard_upload(services, kept.id)
                raise
        except InputError as error:  # an unreadable file, or one over a limit: the form again, with the reason
            context["problem"] = str(error)
            return render(request, "import.html", context, status_code=413 if isinstance(error, TooLargeError) else 400)
        if report is None:  # not the sheet's columns: on to the mapping step, the file kept
            wanted = {"upload": kept.id, "from": "import", **({"replace": "on"} if replace else {})}
            return RedirectResponse(f"/sheet/mapping?{urlencode(wanted)}", status_code=303)
        sheet_tools.discard_upload(services, kept.id)
        context["report"] = report
        return render(request, "import.html", context, status_code=200 if report.ok else 400)

    @app.get("/programs/{code:path}", response_class=HTMLResponse)
    def program(code: str, request: Request, services: OwnedServices) -> HTMLResponse:
        """One program: every fact in plain words with its source and when it was checked."""
        from matchpilot.services.compare import favourites

        found = services.get_program(code)
        today = services.today()
        starred = favourites(services)
        others = sorted(
            (p for p in services.list_programs().programs if p.code != found.code), key=lambda p: p.name.casefold()
        )
        return render(
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

    @app.get("/profile", response_class=HTMLResponse)
    def profile_form(request: Request, services: OwnedServices) -> HTMLResponse:
        """The profile form, filled in from the stored profile."""
        return render(
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

    @app.post("/profile", response_class=HTMLResponse)
    async def profile_save(request: Request, services: OwnedServices) -> Response:
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
        return render(
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

    @app.get("/picks", response_class=HTMLResponse)
    def picks(request: Request, services: OwnedServices) -> HTMLResponse:
        """My list: the best list of programs within the limits of the form, with reasons and the curve."""
        wanted = pick_request(request.query_params)
        limits = PickLimits(wanted.max_applications, wanted.budget, wanted.minimums, wanted.maximums)
        report: PickReport | None = None
        problem: str | None = None
        next_step: NextStep | None = None
        details: list[str] = []
        try:  # fees and signal counts corrected in the user's rules file
            report = pick_for(
                services,
                limits,
                rules_path=rules_file(),
                signals=wanted.signals,
                max_signal_nodes=PAGE_SIGNAL_NODES,
                threshold=wanted.threshold,
            )
        except InvalidDataError as error:  # limits that cannot all be met: the form again, with the reason
            problem, details = str(error), [str(issue) for issue in error.issues]
            about_signals = [
                f"{issue.where}: {issue.message}" for issue in error.issues if issue.where.startswith("signal")
            ]
            if about_signals:
                wanted = dataclasses.replace(wanted, errors={**wanted.errors, "signals": "; ".join(about_signals)})
        except InputError as error:  # no profile yet, or limits too large to solve quickly
            problem, next_step = str(error), error.next_step
        count_chart = money_chart = left_out = None
        if report is not None and report.applications_curve is not None:
            count_chart = applications_chart(report.applications_curve)
        if report is not None:
            filtered = report.filtered
            left_out = {
                "filtered": filtered,
                "others": [item for item in report.left_out if item.kind != "filtered"],
                "wasted_fee": sum(item.fee for item in filtered),
            }
            if report.money_curve and wanted.budget is not None:
                money_chart = line_chart(
                    [(p.x, p.value, p.p_any) for p in report.money_curve],
                    (wanted.budget, report.expected.value, report.expected.p_any.mid),
                    x_prefix="$",
                )
        return render(
            request,
            "picks.html",
            {
                "nav": "picks",
                "form": wanted,
                "pool_names": POOL_NAMES,
                "categories": PICK_CATEGORIES,
                "report": report,
                "left_out": left_out,
                "problem": problem,
                "next_step": next_step,
                "details": details,
                "count_chart": count_chart,
                "money_chart": money_chart,
                "back": with_params("", wanted.params).lstrip("?"),
                "recorded": request.query_params.get("recorded", ""),
                "choices": pick_choices(services),
            },
            status_code=200 if problem is None else 400,
        )

    @app.get("/picks/export.{kind}")
    def picks_export(kind: str, request: Request, services: OwnedServices) -> Response:
        """My list, with the limits of the form, as a CSV or XLSX download (the columns of the CLI's CSV)."""
        if kind not in _EXPORT_TYPES:
            raise NotFoundError(f"no export of My list as .{kind}; use .csv or .xlsx")
        wanted = pick_request(request.query_params)
        limits = PickLimits(wanted.max_applications, wanted.budget, wanted.minimums, wanted.maximums)
        report = pick_for(
            services,
            limits,
            rules_path=rules_file(),
            signals=wanted.signals,
            max_signal_nodes=PAGE_SIGNAL_NODES,
            threshold=wanted.threshold,
        )
        return Response(
            pick_export_bytes(report, kind),
            media_type=_EXPORT_TYPES[kind],
            headers={"Content-Disposition": f'attachment; filename="matchpilot-my-list.{kind}"'},
        )

    @app.post("/picks/choice")
    async def picks_choice(request: Request, services: OwnedServices) -> Response:
        """Pin, exclude or clear a program of My list, then show My list again, updated."""
        async with request.form() as form:
            code = str(form.get("code") or "").strip()
            choice = str(form.get("choice") or "").strip()
            back = str(form.get("back") or "")
        await run_in_threadpool(set_pick_choice, services, code, choice)
        kept = {key: value for key, value in parse_qsl(back) if key in PICK_KEYS and value}
        target = with_params("/picks", kept)
        return RedirectResponse(f"{target}#p-{quote(code)}", status_code=303)

    @app.post("/picks/outcome")
    async def picks_outcome(request: Request, services: OwnedServices) -> Response:
        """Record (or clear) what a program answered, then show My list again, updated."""
        async with request.form() as form:
            code = str(form.get("code") or "").strip()
            outcome = str(form.get("outcome") or "").strip()
            back = str(form.get("back") or "")
        if outcome == "clear":
            await run_in_threadpool(clear_outcome, services, code)
        else:
            await run_in_threadpool(record_outcome, services, code, outcome)
        kept = {key: value for key, value in parse_qsl(back) if key in PICK_KEYS and value}
        target = with_params("/picks", kept, recorded=code)
        return RedirectResponse(f"{target}#p-{quote(code)}", status_code=303)

    return app


def _install_error_pages(app: FastAPI, templates: Jinja2Templates) -> None:
    """The one place where errors become HTTP statuses and pages."""

    def page(
        request: Request,
        status: int,
        title: str,
        message: str,
        details: list[str] | None = None,
        next_step: NextStep | None = None,
    ) -> Response:
        if request.url.path.startswith("/api/"):  # the JSON API answers in JSON
            answer: dict[str, Any] = {"detail": message, "details": details or []}
            if next_step is not None:
                answer["next_step"] = next_step.value
            return JSONResponse(answer, status_code=status)
        response = templates.TemplateResponse(
            request,
            "error.html",
            {
                "nav": "",
                "status": status,
                "title": title,
                "message": message,
                "details": details or [],
                "next_step": next_step,
            },
            status_code=status,
        )
        if status == 503:
            response.headers["Retry-After"] = "5"
        return response

    async def matchpilot_error(request: Request, error: Exception) -> Response:
        if isinstance(error, NotFoundError):
            return page(request, 404, "Not found", str(error))
        if isinstance(error, AuthenticationError):
            return sign_in_needed(request, error)
        if isinstance(error, PermissionDeniedError):
            return page(request, 403, "Not allowed", str(error))
        if isinstance(error, InvalidDataError):
            return page(request, 400, "That cannot be used", str(error), [str(issue) for issue in error.issues])
        if isinstance(error, TooLargeError):
            return page(request, 413, "That is too large", str(error))
        if isinstance(error, InputError):
            return page(request, 400, "That cannot be used", str(error), next_step=error.next_step)
        if isinstance(error, DatabaseUnavailableError):
            return page(
                request,
                503,
                "The database cannot be reached",
                "The database cannot be reached right now, so matchpilot cannot show or save anything. "
                "Nothing was half-saved. Check that the database is running (or that its file is where it "
                "was), then reload this page.",
                [str(error)],
            )
        return page(request, 500, "Something went wrong", str(error))

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        if error.status_code == 404:
            return page(request, 404, "Not found", "There is no page at this address.")
        if error.status_code == 413:  # a chunked body passed its route's limit while being read
            return page(request, 413, "This is too large", too_large_message(limit_of(request.scope)))
        return page(request, error.status_code, "That did not work", str(error.detail))

    async def validation_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        details = [f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}" for item in error.errors()]
        return page(request, 400, "That cannot be used", "The request had values matchpilot cannot read.", details)

    app.add_exception_handler(MatchpilotError, matchpilot_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


def is_loopback_host(name: str | None) -> bool:
    """True when ``name`` (a Host header's name, without port or brackets) is this computer: ``localhost`` or a
    loopback address (127.0.0.0/8, ::1)."""
    if name is None:
        return False
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class _LoopbackHostOnly:
    """Answer only requests whose ``Host`` names this computer (400 otherwise): a site whose name an attacker
    points at 127.0.0.1 (DNS rebinding) then gets nothing from the login-free local app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = Headers(scope=scope).get("host", "")
            try:
                name = urlsplit(f"//{host}").hostname
            except ValueError:  # an unparseable Host, such as "[::1"
                name = None
            if not is_loopback_host(name):
                answer = PlainTextResponse(
                    "This matchpilot answers only at a loopback address (127.0.0.1, ::1) or localhost, "
                    f"not at {host[:100]!r}.",
                    status_code=400,
                )
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)
