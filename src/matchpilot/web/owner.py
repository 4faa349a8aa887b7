"""Who is asking, and whose workspace a request works on: the current-user dependencies every route uses.

Every route that touches an applicant's data takes ``services: OwnerServices`` (or ``ReadingServices`` for an
unsafe request that changes nothing). In local mode that is the one local workspace; in multi-user mode it is
the signed-in applicant's workspace, or for an adviser the applicant chosen on the account page (advisers read
and comment; any form that changes data answers 403). Records of another owner are simply not in the services'
owner scope, so they answer 404, reading or writing. The account pages take the signed-in viewer instead
(``who: SignedIn``).

Signing in is by the session cookie (:mod:`matchpilot.web.login_routes`); under ``/api/`` only a bearer API
token counts (cookies are ignored there).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from matchpilot.errors import AuthenticationError, PermissionDeniedError, RateLimitedError
from matchpilot.services import Services
from matchpilot.services.accounts import AccountServices, Viewer
from matchpilot.web.multi_user import API_PREFIX, SESSION_COOKIE, UNSAFE_METHODS, multi_user_of

__all__ = [
    "SIGNED_IN_OWNER",
    "OwnerServices",
    "ReadingServices",
    "SignedIn",
    "accounts_of",
    "current_viewer",
    "owner_services",
    "reading_services",
    "request_services_of",
    "sign_in_needed",
    "signed",
]


async def current_viewer(request: Request) -> Viewer | None:
    """The signed-in account and the workspace it views (None in local mode); AuthenticationError when nobody
    is signed in. Under ``/api/`` only a bearer token counts (cookies are ignored there)."""
    multi = multi_user_of(request)
    if multi is None:
        return None
    cached: Viewer | None = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    viewer: Viewer | None
    if request.url.path.startswith(API_PREFIX):
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("send an API token: Authorization: Bearer TOKEN")
        viewer = await run_in_threadpool(multi.accounts.token_viewer, token.strip())
    else:
        cookie = request.cookies.get(SESSION_COOKIE, "")
        viewer = await run_in_threadpool(multi.accounts.session_viewer, cookie) if cookie else None
        if viewer is None:
            raise AuthenticationError("sign in to continue")
    request.state.viewer = viewer
    return viewer


async def _resolve(request: Request, *, writing: bool) -> Services:
    viewer = await current_viewer(request)
    if viewer is None:
        services: Services = request.app.state.local_services
    else:
        if writing and not viewer.can_change:
            raise PermissionDeniedError(
                "an adviser reads the applicant's workspace and comments on it, but cannot change it"
            )
        multi = multi_user_of(request)
        assert multi is not None
        services = await run_in_threadpool(multi.accounts.services_for, viewer)
    request.state.services = services  # for the templates' helpers (matchpilot.web.templating)
    return services


async def owner_services(request: Request) -> Services:
    """The dependency every route over an applicant's data uses: the services of the workspace this request works
    on.

    Local mode: the one local workspace. Multi-user mode: the signed-in applicant's workspace, or the applicant an
    adviser views; an adviser's unsafe request (POST, PUT, PATCH, DELETE) is refused with PermissionDeniedError.
    """
    return await _resolve(request, writing=request.method in UNSAFE_METHODS)


async def reading_services(request: Request) -> Services:
    """Like :func:`owner_services`, for unsafe requests that change nothing (a lint, a simulation run): advisers
    may use them too."""
    return await _resolve(request, writing=False)


SignedIn = Annotated[Viewer | None, Depends(current_viewer)]
"""The type of a route parameter that receives the signed-in viewer (None in local mode)."""

OwnerServices = Annotated[Services, Depends(owner_services)]
"""The type of a route parameter that receives this request's services: ``services: OwnerServices``."""

SIGNED_IN_OWNER = [Depends(owner_services)]
"""The ``dependencies`` of a route or router whose pages read nothing of the workspace but, like every page,
are for the owner of one (signed in, in multi-user mode; an adviser may not post there)."""

ReadingServices = Annotated[Services, Depends(reading_services)]
"""Like :data:`OwnerServices` for a request that changes nothing: ``services: ReadingServices``."""


def request_services_of(request: Request) -> Services:
    """The services the owner-services dependency chose for ``request`` (RuntimeError when the route lacks the
    dependency: never a silent fallback to another workspace)."""
    found = getattr(request.state, "services", None)
    if not isinstance(found, Services):
        raise RuntimeError(f"{request.url.path}: the route has no owner-services dependency")
    return found


def sign_in_needed(request: Request, error: AuthenticationError) -> Response:
    """The answer to a request without a valid sign-in: JSON 401 under ``/api/`` (429 when rate-limited), else a
    redirect to the sign-in page that comes back here afterwards."""
    if request.url.path.startswith(API_PREFIX):
        if isinstance(error, RateLimitedError):
            return JSONResponse({"detail": str(error)}, 429, headers={"Retry-After": str(error.retry_after)})
        return JSONResponse({"detail": str(error)}, 401, headers={"WWW-Authenticate": "Bearer"})
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def accounts_of(request: Request) -> AccountServices:
    """The account use cases of the app serving ``request`` (multi-user mode only)."""
    multi = multi_user_of(request)
    assert multi is not None
    return multi.accounts


def signed(who: Viewer | None) -> Viewer:
    """The signed-in viewer of an account page (multi-user mode only, where :func:`current_viewer` is never
    None)."""
    assert who is not None
    return who
