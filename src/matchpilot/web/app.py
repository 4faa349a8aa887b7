"""The web app factory: it only assembles the app — the page routers, the middleware and the one place where
errors become HTTP statuses.

Every page family is a module with one ``router`` (:data:`PAGE_ROUTERS`, in the order they are included); every
route over an applicant's data takes its owner-scoped services as a dependency (``services: OwnerServices``,
:mod:`matchpilot.web.owner`); every page renders with the one set of templates (:mod:`matchpilot.web.templating`).
Pages are server-rendered and work without JavaScript. Errors are translated in :func:`_install_error_pages`
only: ``NotFoundError`` → 404, ``TooLargeError`` → 413, ``InputError`` → 400, ``DatabaseUnavailableError`` →
503, any other ``MatchpilotError`` → 500, each as a page in plain words. Nothing is cached between requests, so
the app works again as soon as an unreachable database is back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

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
from matchpilot.services import Services
from matchpilot.web import (
    api,
    compare_routes,
    edit_routes,
    evidence_routes,
    home_routes,
    letters_routes,
    match_routes,
    materials_routes,
    picks_routes,
    practice_routes,
    profile_routes,
    programs_routes,
    rank_routes,
    scoring_routes,
    sheet_routes,
    soap_routes,
)
from matchpilot.web.auth import MultiUser, install_auth
from matchpilot.web.cards import TableCellLabels
from matchpilot.web.headers import LoopbackHostOnly
from matchpilot.web.limits import limit_of, too_large_message
from matchpilot.web.owner import sign_in_needed
from matchpilot.web.proxy import ForwardedHeaders
from matchpilot.web.templating import templates

__all__ = ["PAGE_ROUTERS", "create_app"]

_STATIC = Path(__file__).parent / "static"

PAGE_ROUTERS: tuple[APIRouter, ...] = (
    home_routes.router,
    profile_routes.router,
    picks_routes.router,
    scoring_routes.router,  # /picks/report
    sheet_routes.router,
    soap_routes.router,
    practice_routes.router,  # /match-week/practice
    evidence_routes.router,
    letters_routes.router,
    edit_routes.router,  # before the program page's catch-all
    compare_routes.router,  # before the program page's catch-all
    programs_routes.router,  # its /programs/{code} catches every other path under /programs/
    rank_routes.router,
    match_routes.router,
    materials_routes.router,
    api.router,
)
"""The routers of the pages and of the JSON API, in the order the app tries them."""


def create_app(services: Services, *, multi_user: MultiUser | None = None, loopback_only: bool = False) -> FastAPI:
    """Build the web app over ``services`` (already connected to a migrated database).

    Takes the services of one owner (local mode) and returns a FastAPI app; reads no environment and opens no
    connection until a request needs one. With ``multi_user`` the app serves many accounts instead: each request
    works on the signed-in account's workspace (see :mod:`matchpilot.web.owner`), never on ``services``' owner.
    With ``loopback_only`` (the local app of ``matchpilot serve``) it answers only requests addressed to this
    computer by name (``Host`` 127.0.0.1, localhost or ::1): a web page elsewhere cannot read the workspace
    through DNS rebinding.
    """
    app = FastAPI(title="matchpilot", docs_url=None, redoc_url=None, openapi_url=None, lifespan=_starting(multi_user))
    app.state.services = services
    app.state.public_url = multi_user.public_url if multi_user is not None else None
    app.mount("/static", StaticFiles(directory=str(_STATIC)), name="static")
    for router in PAGE_ROUTERS:
        app.include_router(router)
    app.add_middleware(TableCellLabels)  # phone cards name their columns without JavaScript
    install_auth(app, services, multi_user)
    _install_error_pages(app)
    if loopback_only:
        app.add_middleware(LoopbackHostOnly)
    if multi_user is not None:  # outermost: every check sees the addresses a trusted proxy forwarded
        app.add_middleware(ForwardedHeaders, trusted=multi_user.trusted_proxies)
    return app


def _starting(multi_user: MultiUser | None) -> Any:
    """What the app does when the server starts it, before its first request: in multi-user mode, make the hash
    an unknown username's sign-in is checked against, so that the first such sign-in takes no longer than
    another (see ``AccountServices.prepare_sign_in``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if multi_user is not None:
            await run_in_threadpool(multi_user.accounts.prepare_sign_in)
        yield

    return lifespan


def _install_error_pages(app: FastAPI) -> None:
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
