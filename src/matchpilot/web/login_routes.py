"""Signing in and out (multi-user mode): the sign-in form, the rate-limited password check that starts a
session, and signing out.

Signing in stores the SHA-256 of a random token in ``login_sessions`` and gives the token in the ``mp_session``
cookie (HttpOnly, SameSite=Lax, Secure unless ``cookie_secure`` is off, 12 hours).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from matchpilot.errors import AuthenticationError, RateLimitedError
from matchpilot.services.accounts import Role
from matchpilot.web.multi_user import SESSION_COOKIE, multi_user_of
from matchpilot.web.templating import render as _render

__all__ = ["router"]

router = APIRouter()
"""The sign-in and sign-out routes."""


def _safe_next(target: str) -> str:
    """Only a path on this site (never ``//elsewhere`` or a full URL) may follow a sign-in."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    """The sign-in form."""
    params = request.query_params
    context = {"problem": None, "username": "", "next": _safe_next(params.get("next", "/"))}
    return _render(request, "login.html", {**context, "signed_out": params.get("signed_out") == "1"})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    """Check the password (rate-limited) and start a session; the form again with the reason otherwise."""
    multi = multi_user_of(request)
    assert multi is not None
    async with request.form() as form:
        username = str(form.get("username") or "")
        password = str(form.get("password") or "")
        target = _safe_next(str(form.get("next") or "/"))
    try:
        signed_in = await run_in_threadpool(multi.accounts.sign_in, username, password, _address(request))
    except AuthenticationError as error:
        status = 429 if isinstance(error, RateLimitedError) else 401
        context = {"problem": str(error).capitalize() + ".", "username": username[:100], "next": target}
        page = _render(request, "login.html", {**context, "signed_out": False}, status_code=status)
        if isinstance(error, RateLimitedError):
            page.headers["Retry-After"] = str(error.retry_after)
        return page
    if signed_in.account.role is Role.ADMINISTRATOR and target == "/":
        target = "/admin"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        signed_in.token,
        max_age=int(multi.accounts.session_lifetime.total_seconds()),
        path="/",
        secure=multi.cookie_secure,
        httponly=True,
        samesite="lax",
    )
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session and forget the cookie."""
    multi = multi_user_of(request)
    assert multi is not None
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await run_in_threadpool(multi.accounts.sign_out, token)
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=multi.cookie_secure, httponly=True, samesite="lax")
    return response
