"""Who is asking, and whose workspace a request works on: the per-request owner, sign-in pages, CSRF protection
and security headers.

**The per-request owner.** Every route that touches an owner's records gets its :class:`Services` from the
dependency :func:`current_services` (``Depends(current_services)`` on the route, or ``dependencies=`` when the
router is included). In local mode that is the one local workspace; in multi-user mode it is the signed-in
applicant's workspace, or for an adviser the applicant chosen on the account page (advisers read and comment;
any form that changes data answers 403). A route then reads the services from its parameter, from
:func:`services_of` (``request.state``), or, for code written against a ``Services`` object built once
(``rank_router(services, ...)``), through :func:`request_services`: a stand-in that forwards every call to the
current request's services and fails loudly when a route forgot the dependency. Records of another owner are
simply not in the services' owner scope, so they answer 404, reading or writing.

**Sessions.** Signing in stores the SHA-256 of a random token in ``login_sessions`` and gives the token in the
``mp_session`` cookie (HttpOnly, SameSite=Lax, Secure unless ``cookie_secure`` is off, 12 hours).

**CSRF.** In multi-user mode every form post needs a token: HMAC-SHA256 (the secret key) of a random value held in
the ``mp_csrf`` cookie and of the session cookie. :class:`_CsrfProtection` adds the token as a hidden
``csrf_token`` field to every ``<form method="post">`` of every HTML page it sends (so a new form cannot forget it)
and as
``<meta name="csrf-token">`` for scripts (send it as the ``X-CSRF-Token`` header), and refuses an unsafe request
without the right token with 403. Without the header it reads the form body only as far as the token field
(python-multipart's streaming parsers, at most 1 MB; the pages put the field first), then hands what it read on
to the app: an upload is never buffered by the check. The JSON API under ``/api/`` takes no cookies (only bearer
tokens), so it needs no CSRF token; there the token is checked before anything reads a request's body.

**Body limits.** :class:`~matchpilot.web.limits.BodyLimits` runs outside all of this: a body over its route's
limit is refused before the CSRF check, the token check or sign-in read a byte of it.

**Notices.** What a form did is carried to the next page in the short-lived, signed ``mp_notice`` cookie
(:func:`redirect_with_notice`), shown once; no page shows text from its URL.

**Headers.** Every response carries ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``,
``X-Frame-Options: DENY`` and a Content-Security-Policy with ``frame-ancestors 'none'``; in multi-user mode the
policy also allows scripts and styles from the app's own files only (no inline code), pages are not cached, and
HSTS is sent when cookies are HTTPS-only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, unquote_plus

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from python_multipart.multipart import MultipartParser, QuerystringParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from matchpilot.errors import (
    AuthenticationError,
    InputError,
    MatchpilotError,
    PermissionDeniedError,
    RateLimitedError,
)
from matchpilot.services import Services
from matchpilot.services.accounts import AccountRemoval, AccountServices, Role, Viewer
from matchpilot.services.cohort import cohort_status, parse_consent, set_consent
from matchpilot.web.limits import FORM_LIMIT, BodyLimits, limit_of, too_large_response
from matchpilot.web.proxy import DEFAULT_TRUSTED_PROXIES, public_link

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "NOTICE_COOKIE",
    "SESSION_COOKIE",
    "MultiUser",
    "OwnedServices",
    "current_services",
    "current_viewer",
    "forget_notice",
    "install_auth",
    "reading_services",
    "redirect_with_notice",
    "request_services",
    "services_of",
    "sign_in_needed",
    "take_notice",
]

SESSION_COOKIE = "mp_session"
CSRF_COOKIE = "mp_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
API_PREFIX = "/api/"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_POST_FORM = re.compile(rb"<form\b[^>]*\bmethod\s*=\s*[\"']?post[\"']?[^>]*>", re.IGNORECASE)
_HEAD = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)
_COOKIE_VALUE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")

_current: ContextVar[Services] = ContextVar("matchpilot_request_services")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class MultiUser:
    """What multi-user mode needs: the account use cases, the secret key (signs CSRF tokens), whether cookies
    are sent over HTTPS only, the public URL people use (links are built on it; None: the request's address)
    and the reverse proxies whose forwarded headers are believed (see :mod:`matchpilot.web.proxy`)."""

    accounts: AccountServices
    secret_key: str
    cookie_secure: bool = True
    public_url: str | None = None
    trusted_proxies: str = DEFAULT_TRUSTED_PROXIES


def _multi_user(request: Request) -> MultiUser | None:
    found: MultiUser | None = getattr(request.app.state, "multi_user", None)
    return found


# --- the per-request owner ----------------------------------------------------------------------------------


async def current_viewer(request: Request) -> Viewer | None:
    """The signed-in account and the workspace it views (None in local mode); AuthenticationError when nobody
    is signed in. Under ``/api/`` only a bearer token counts (cookies are ignored there)."""
    multi = _multi_user(request)
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
        multi = _multi_user(request)
        assert multi is not None
        services = await run_in_threadpool(multi.accounts.services_for, viewer)
    request.state.services = services
    _current.set(services)
    return services


async def current_services(request: Request) -> Services:
    """The dependency every owner-scoped route uses: the services of the workspace this request works on.

    Local mode: the one local workspace. Multi-user mode: the signed-in applicant's workspace, or the applicant an
    adviser views; an adviser's unsafe request (POST, PUT, PATCH, DELETE) is refused with PermissionDeniedError.
    """
    return await _resolve(request, writing=request.method in _UNSAFE)


async def reading_services(request: Request) -> Services:
    """Like :func:`current_services`, for unsafe requests that change nothing (a lint, a simulation run):
    advisers may use them too."""
    return await _resolve(request, writing=False)


SignedIn = Annotated[Viewer | None, Depends(current_viewer)]
"""The type of a route parameter that receives the signed-in viewer (None in local mode)."""

OwnedServices = Annotated[Services, Depends(current_services)]
"""The type of a route parameter that receives this request's services: ``services: OwnedServices``."""


def services_of(request: Request) -> Services:
    """The services :func:`current_services` chose for this request (RuntimeError when the route lacks the
    dependency: never a silent fallback to another workspace)."""
    found = getattr(request.state, "services", None)
    if not isinstance(found, Services):
        raise RuntimeError(f"{request.url.path}: the route has no Depends(current_services)")
    return found


class _RequestServices(Services):
    """A stand-in for the current request's services (see :func:`request_services`)."""

    def __init__(self) -> None:  # deliberately binds to nothing
        pass

    def __getattribute__(self, name: str) -> Any:
        try:
            services = _current.get()
        except LookupError:
            raise RuntimeError("no per-request services: the route has no Depends(current_services)") from None
        return getattr(services, name)


def request_services() -> Services:
    """A ``Services`` that forwards every use to the services of the request being served, for routers and
    template helpers built once with a services object."""
    return _RequestServices()


# --- errors ---------------------------------------------------------------------------------------------------


def sign_in_needed(request: Request, error: AuthenticationError) -> Response:
    """The answer to a request without a valid sign-in: JSON 401 under ``/api/`` (429 when rate-limited), else a
    redirect to the sign-in page that comes back here afterwards."""
    if request.url.path.startswith(API_PREFIX):
        if isinstance(error, RateLimitedError):
            return JSONResponse({"detail": str(error)}, 429, headers={"Retry-After": str(error.retry_after)})
        return JSONResponse({"detail": str(error)}, 401, headers={"WWW-Authenticate": "Bearer"})
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


# --- notices: what a form did, shown once on the next page ---------------------------------------------------

NOTICE_COOKIE = "mp_notice"
_NOTICE_SECONDS = 60


def _notice_signature(multi: MultiUser, value: str) -> str:
    key = hashlib.sha256(b"matchpilot notice\x00" + multi.secret_key.encode("utf-8")).digest()
    return hmac.new(key, value.encode("ascii"), hashlib.sha256).hexdigest()


def redirect_with_notice(request: Request, target: str, notice: str) -> RedirectResponse:
    """A 303 to ``target`` that carries ``notice`` (what the form did, in plain words) to the next page in a
    short-lived cookie signed with the secret key — never in the URL, so no link can make a page say anything."""
    multi = _multi_user(request)
    assert multi is not None
    value = base64.urlsafe_b64encode(notice[:500].encode("utf-8")).decode("ascii")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        NOTICE_COOKIE,
        f"{value}.{_notice_signature(multi, value)}",
        max_age=_NOTICE_SECONDS,
        path="/",
        secure=multi.cookie_secure,
        httponly=True,
        samesite="lax",
    )
    return response


def take_notice(request: Request) -> str:
    """The notice the previous form left for this page ("" when none, or when the cookie is not one the app
    signed). The page that shows it calls :func:`forget_notice` on its response."""
    multi = _multi_user(request)
    value, _, signature = request.cookies.get(NOTICE_COOKIE, "").partition(".")
    if multi is None or not value or not hmac.compare_digest(signature, _notice_signature(multi, value)):
        return ""
    try:
        return base64.urlsafe_b64decode(value.encode("ascii")).decode("utf-8")
    except ValueError:
        return ""


_Answer = TypeVar("_Answer", bound=Response)


def forget_notice(request: Request, response: _Answer) -> _Answer:
    """Drop the notice cookie once its page is shown (a reload does not show it again)."""
    multi = _multi_user(request)
    if multi is not None and NOTICE_COOKIE in request.cookies:
        response.delete_cookie(NOTICE_COOKIE, path="/", secure=multi.cookie_secure, httponly=True, samesite="lax")
    return response


def _safe_next(target: str) -> str:
    """Only a path on this site (never ``//elsewhere`` or a full URL) may follow a sign-in."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# --- pages: sign in, account, invitations, comments, administration ------------------------------------------


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _removal_message(removed: AccountRemoval) -> str:
    """What deleting an account removed, in words."""
    parts = ["signed out everywhere", f"{_plural(removed.tokens, 'API token')} revoked"]
    if removed.role is Role.APPLICANT:
        parts.append("their advisers' access and open invitations removed")
    elif removed.role is Role.ADVISER:
        parts.append("their access to the applicants they advised removed")
    if removed.had_workspace:
        parts.append(
            f"their workspace and Practice Match Week workspace deleted ({_plural(removed.records, 'record')})"
        )
    return f"Deleted {removed.username} ({removed.role.value}) for good: " + ", ".join(parts) + "."


def auth_router(templates: Jinja2Templates) -> APIRouter:
    """The sign-in, account, invitation, comment and administration pages of multi-user mode."""
    router = APIRouter()

    def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"nav": "", **context}, status_code=status_code)

    def accounts_of(request: Request) -> AccountServices:
        multi = _multi_user(request)
        assert multi is not None
        return multi.accounts

    def signed(who: Viewer | None) -> Viewer:
        assert who is not None  # multi-user mode only
        return who

    @router.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        """The sign-in form."""
        params = request.query_params
        context = {"problem": None, "username": "", "next": _safe_next(params.get("next", "/"))}
        return render(request, "login.html", {**context, "signed_out": params.get("signed_out") == "1"})

    @router.post("/login", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        """Check the password (rate-limited) and start a session; the form again with the reason otherwise."""
        multi = _multi_user(request)
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
            page = render(request, "login.html", {**context, "signed_out": False}, status_code=status)
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
        multi = _multi_user(request)
        assert multi is not None
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await run_in_threadpool(multi.accounts.sign_out, token)
        response = RedirectResponse("/login?signed_out=1", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", secure=multi.cookie_secure, httponly=True, samesite="lax")
        return response

    def account_page(request: Request, who: Viewer, **extra: Any) -> HTMLResponse:
        accounts = accounts_of(request)
        context: dict[str, Any] = {
            "who": who,
            "applicants": accounts.applicants_of(who),
            "advisers": accounts.advisers_of(who) if who.account.role is Role.APPLICANT else [],
            "invitations": accounts.open_invitations(who) if who.account.role is Role.APPLICANT else [],
            "tokens": accounts.api_tokens(who),
            "cohort": cohort_status(accounts.services_for(who)) if who.can_change else None,
            "message": take_notice(request),
            "secret": None,
            "secret_label": "",
        }
        context.update(extra)
        return forget_notice(request, render(request, "account.html", context))

    @router.get("/account", response_class=HTMLResponse)
    def account(request: Request, who: SignedIn) -> HTMLResponse:
        """The account page: advisers (applicants), applicants to view (advisers), API tokens."""
        return account_page(request, signed(who))

    @router.post("/account/invite", response_class=HTMLResponse)
    def invite(request: Request, who: SignedIn) -> HTMLResponse:
        """Make a one-time invitation link for an adviser (shown once)."""
        token = accounts_of(request).invite(signed(who))
        link = public_link(request, f"/invite/{token}")
        label = "Give this link to your adviser (it works once, for 7 days)."
        return account_page(request, signed(who), secret=link, secret_label=label)

    @router.post("/account/invitations/{invitation_id}/cancel", response_class=HTMLResponse)
    async def cancel_invitation(invitation_id: int, request: Request, who: SignedIn) -> HTMLResponse:
        """Cancel an unused invitation: its link stops working."""
        await run_in_threadpool(accounts_of(request).cancel_invitation, signed(who), invitation_id)
        return account_page(request, signed(who), message="The invitation was cancelled; its link no longer works.")

    @router.post("/account/cohort")
    async def cohort_consent(request: Request, who: SignedIn, services: OwnedServices) -> Response:
        """The applicant shares their outcomes with the cohort of the server, or stops sharing them."""
        signed(who)
        async with request.form() as form:
            answer = str(form.get("consent") or "")
        chosen = parse_consent(answer)
        await run_in_threadpool(set_consent, services, chosen)
        notice = (
            "Your recorded outcomes now join those of the other applicants on this server who share theirs."
            if chosen
            else "Your recorded outcomes no longer join the cohort of this server."
        )
        return redirect_with_notice(request, "/account", notice)

    @router.post("/account/advisers/revoke")
    async def revoke_adviser(request: Request, who: SignedIn) -> Response:
        """Take an adviser's access away."""
        async with request.form() as form:
            adviser = str(form.get("adviser") or "")
        await run_in_threadpool(accounts_of(request).revoke_adviser, signed(who), adviser)
        return redirect_with_notice(request, "/account", f"{adviser} can no longer see your workspace.")

    @router.post("/account/applicant")
    async def choose_applicant(request: Request, who: SignedIn) -> Response:
        """An adviser chooses whose workspace to view."""
        async with request.form() as form:
            applicant = str(form.get("applicant") or "")
        await run_in_threadpool(accounts_of(request).choose_applicant, signed(who), applicant)
        return RedirectResponse("/", status_code=303)

    @router.post("/account/tokens", response_class=HTMLResponse)
    async def create_token(request: Request, who: SignedIn) -> HTMLResponse:
        """Create an API token (its secret shown once)."""
        async with request.form() as form:
            name = str(form.get("name") or "")
            lasting = str(form.get("expires_in_days") or "").strip()
        if lasting and not lasting.isdigit():
            raise InputError(f"the token's lifetime {lasting[:20]!r} is not a number of days")
        days = int(lasting) if lasting else None
        token = await run_in_threadpool(accounts_of(request).create_api_token, signed(who), name, days)
        until = f" It works for {days} day{'s' if days != 1 else ''}." if days else " It works until you revoke it."
        label = f"Your new API token {name.strip()!r}.{until}"
        return account_page(request, signed(who), secret=token, secret_label=label)

    @router.post("/account/tokens/{token_id}/revoke")
    async def revoke_token(token_id: int, request: Request, who: SignedIn) -> Response:
        """Revoke one of your API tokens."""
        await run_in_threadpool(accounts_of(request).revoke_api_token, signed(who), token_id)
        return redirect_with_notice(request, "/account", "The token was revoked.")

    @router.get("/invite/{token}", response_class=HTMLResponse)
    def invitation(token: str, request: Request) -> HTMLResponse:
        """An invitation: accept it as the signed-in adviser, or create an adviser account."""
        accounts = accounts_of(request)
        applicant = accounts.invitation_from(token)
        cookie = request.cookies.get(SESSION_COOKIE, "")
        who = accounts.session_viewer(cookie) if cookie else None
        context = {"applicant": applicant, "token": token, "who": who, "problem": None, "username": ""}
        return render(request, "invite.html", context)

    @router.post("/invite/{token}", response_class=HTMLResponse)
    async def accept(token: str, request: Request) -> Response:
        """Accept an invitation (signed in as an adviser), or create the adviser account and accept."""
        accounts = accounts_of(request)
        async with request.form() as form:
            action = str(form.get("action") or "")
            username = str(form.get("username") or "")
            password = str(form.get("password") or "")
        applicant = await run_in_threadpool(accounts.invitation_from, token)
        cookie = request.cookies.get(SESSION_COOKIE, "")
        who = await run_in_threadpool(accounts.session_viewer, cookie) if cookie else None
        if action == "accept" and who is not None:
            await run_in_threadpool(accounts.accept_invitation, token, who)
            return redirect_with_notice(request, "/account", f"You now advise {applicant}.")
        try:
            await run_in_threadpool(accounts.accept_invitation_as_new, token, username, password)
        except InputError as error:
            context = {"applicant": applicant, "token": token, "who": None, "problem": str(error), "username": username}
            return render(request, "invite.html", context, status_code=400)
        return RedirectResponse(f"/login?next={quote('/account', safe='')}", status_code=303)

    @router.get("/comments", response_class=HTMLResponse)
    def comment_list(request: Request, who: SignedIn) -> HTMLResponse:
        """The comments on the viewed workspace (about one program with ``?subject=CODE``)."""
        viewer = signed(who)
        accounts_of(request).services_for(viewer)  # PermissionDeniedError when there is no workspace to view
        subject = request.query_params.get("subject") or None
        comments = accounts_of(request).comments(viewer, subject)
        return render(
            request, "comments.html", {"who": viewer, "comments": comments, "subject": subject, "problem": None}
        )

    @router.post("/comments", response_class=HTMLResponse)
    async def comment(request: Request, who: SignedIn) -> Response:
        """Add a comment (applicant or adviser)."""
        viewer = signed(who)
        async with request.form() as form:
            subject = str(form.get("subject") or "")
            text = str(form.get("text") or "")
        if subject.strip():  # a comment about a program names one of this workspace's programs
            services = await run_in_threadpool(accounts_of(request).services_for, viewer)
            await run_in_threadpool(services.get_program, subject.strip())
        try:
            await run_in_threadpool(accounts_of(request).add_comment, viewer, subject, text)
        except InputError as error:
            comments = accounts_of(request).comments(viewer)
            context = {"who": viewer, "comments": comments, "subject": subject, "problem": str(error)}
            return render(request, "comments.html", context, status_code=400)
        return RedirectResponse("/comments", status_code=303)

    def admin_only(who: Viewer | None) -> Viewer:
        viewer = signed(who)
        if viewer.account.role is not Role.ADMINISTRATOR:
            raise PermissionDeniedError("only an administrator manages accounts")
        return viewer

    @router.get("/admin", response_class=HTMLResponse)
    def admin(request: Request, who: SignedIn) -> HTMLResponse:
        """Administrators: the accounts and a form to create one."""
        viewer = admin_only(who)
        context = {"accounts": accounts_of(request).accounts(), "message": take_notice(request), "me": viewer}
        return forget_notice(request, render(request, "admin.html", {**context, "problem": None}))

    @router.post("/admin/accounts/{username}/disable", response_class=HTMLResponse)
    async def disable_account(username: str, request: Request, who: SignedIn) -> HTMLResponse:
        """Administrators: disable an account (its sessions end and its API tokens are revoked)."""
        viewer = admin_only(who)
        accounts = accounts_of(request)
        try:
            revoked = await run_in_threadpool(accounts.set_disabled, username, True, by=viewer)
        except InputError as error:
            context = {"accounts": accounts.accounts(), "message": "", "problem": str(error), "me": viewer}
            return render(request, "admin.html", context, status_code=400)
        message = (
            f"Disabled {username}: signed out everywhere, {revoked} API token{'s' if revoked != 1 else ''} revoked."
        )
        return render(
            request, "admin.html", {"accounts": accounts.accounts(), "message": message, "problem": None, "me": viewer}
        )

    @router.post("/admin/accounts/{username}/enable", response_class=HTMLResponse)
    async def enable_account(username: str, request: Request, who: SignedIn) -> HTMLResponse:
        """Administrators: enable a disabled account again (it signs in with its password)."""
        viewer = admin_only(who)
        accounts = accounts_of(request)
        await run_in_threadpool(accounts.set_disabled, username, False)
        message = f"Enabled {username}: they can sign in again (old API tokens stay revoked)."
        return render(
            request, "admin.html", {"accounts": accounts.accounts(), "message": message, "problem": None, "me": viewer}
        )

    @router.get("/admin/accounts/{username}/delete", response_class=HTMLResponse)
    def confirm_delete(username: str, request: Request, who: SignedIn) -> HTMLResponse:
        """Administrators: what deleting an account would remove, and the form that asks for its name."""
        viewer = admin_only(who)
        accounts = accounts_of(request)
        try:
            preview = accounts.removal_preview(username, by=viewer)
        except InputError as error:
            context = {"accounts": accounts.accounts(), "message": "", "problem": str(error), "me": viewer}
            return render(request, "admin.html", context, status_code=400)
        return render(request, "admin_delete.html", {"preview": preview, "problem": None, "typed": ""})

    @router.post("/admin/accounts/{username}/delete", response_class=HTMLResponse)
    async def delete_account(username: str, request: Request, who: SignedIn) -> Response:
        """Administrators: delete an account for good, once its username was typed again to confirm."""
        viewer = admin_only(who)
        accounts = accounts_of(request)
        async with request.form() as form:
            typed = str(form.get("confirm") or "")
        try:
            preview = await run_in_threadpool(accounts.removal_preview, username, by=viewer)
        except InputError as error:
            context = {"accounts": accounts.accounts(), "message": "", "problem": str(error), "me": viewer}
            return render(request, "admin.html", context, status_code=400)
        if typed.strip().lower() != preview.username:
            problem = (
                f"Type the username {preview.username} exactly to delete the account"
                + (f" (you typed {typed.strip()[:100]!r})." if typed.strip() else ".")
                + " Nothing was deleted."
            )
            context = {"preview": preview, "problem": problem, "typed": typed[:100]}
            return render(request, "admin_delete.html", context, status_code=400)
        try:
            removed = await run_in_threadpool(accounts.remove_account, username, by=viewer)
        except InputError as error:
            context = {"accounts": accounts.accounts(), "message": "", "problem": str(error), "me": viewer}
            return render(request, "admin.html", context, status_code=400)
        return redirect_with_notice(request, "/admin", _removal_message(removed))

    @router.post("/admin/accounts", response_class=HTMLResponse)
    async def create_account(request: Request, who: SignedIn) -> Response:
        """Administrators: create an account."""
        viewer = admin_only(who)
        async with request.form() as form:
            username = str(form.get("username") or "")
            password = str(form.get("password") or "")
            role = str(form.get("role") or "applicant")
        try:
            made = await run_in_threadpool(accounts_of(request).create_account, username, password, role)
        except InputError as error:
            context = {"accounts": accounts_of(request).accounts(), "message": "", "problem": str(error), "me": viewer}
            return render(request, "admin.html", context, status_code=400)
        message = f"Created {made.username} ({made.role.value})."
        return redirect_with_notice(request, "/admin", message)

    return router


# --- middleware -----------------------------------------------------------------------------------------------

_LOCAL_CSP = "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
_SERVER_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class _SecurityHeaders:
    """Security headers on every response (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, server: bool, hsts: bool) -> None:
        self.app = app
        headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"content-security-policy", (_SERVER_CSP if server else _LOCAL_CSP).encode()),
        ]
        if hsts:
            headers.append((b"strict-transport-security", b"max-age=31536000"))
        self.headers = headers
        self.server = server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                added = [(name, value) for name, value in self.headers if name not in present]
                if self.server and not static and b"cache-control" not in present:
                    added.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *added]
            await send(message)

        await self.app(scope, receive, with_headers)


class _CsrfProtection:
    """Multi-user mode: a signed token in every post form, checked on every unsafe request (outside ``/api/``)."""

    def __init__(self, app: ASGIApp, *, secret_key: str, secure: bool) -> None:
        self.app = app
        self.key = hashlib.sha256(b"matchpilot csrf\x00" + secret_key.encode("utf-8")).digest()
        self.secure = secure

    def token(self, cookie: str, session: str) -> str:
        """The form token that goes with the ``mp_csrf`` cookie value and the session cookie (empty when signed
        out): a token taken from one browser or one session fits no other."""
        message = f"{cookie}|{session}".encode("ascii", "replace")
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = request.cookies.get(CSRF_COOKIE, "")
        fresh = not _COOKIE_VALUE.match(cookie)
        if fresh:
            cookie = secrets.token_urlsafe(32)
        expected = self.token(cookie, request.cookies.get(SESSION_COOKIE, ""))
        if scope["method"] in _UNSAFE:
            sent = request.headers.get(CSRF_HEADER, "")
            if not sent:
                try:
                    sent, receive = await _token_in_body(scope, receive)
                except StarletteHTTPException as error:  # the body passed its route's limit while being read
                    if error.status_code != 413:
                        raise
                    await too_large_response(scope, limit_of(scope))(scope, receive, send)
                    return
            if fresh or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
                refused = HTMLResponse(_REFUSED, status_code=403)
                await refused(scope, receive, send)
                return
        scope.setdefault("state", {})["csrf_token"] = expected
        set_cookie = None
        if fresh:
            flags = "; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if self.secure else "")
            set_cookie = (b"set-cookie", f"{CSRF_COOKIE}={cookie}{flags}".encode("ascii"))
        field = f'<input type="hidden" name="{CSRF_FIELD}" value="{expected}">'.encode("ascii")
        meta = f'<meta name="csrf-token" content="{expected}">'.encode("ascii")
        await self.app(scope, receive, _FormTokens(send, field, meta, set_cookie))


class _TokenBeforeBody:
    """Multi-user mode: under ``/api/`` a request that sends a body (POST, PUT, PATCH, DELETE) has its API token
    checked before anything reads or parses the body; without a valid token it is answered 401 unread."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] == "http" and scope["method"] in _UNSAFE and path.startswith(API_PREFIX):
            request = Request(scope)
            try:
                await current_viewer(request)  # kept in request.state: the route's dependency does not ask again
            except AuthenticationError as error:
                await sign_in_needed(request, error)(scope, receive, send)
                return
            except MatchpilotError:  # the database is away, say: the route asks again and its error page answers
                pass
        await self.app(scope, receive, send)


class _FormTokens:
    """Wraps ``send``: HTML bodies get the token after every post form's opening tag and in ``<head>``."""

    def __init__(self, send: Send, field: bytes, meta: bytes, set_cookie: tuple[bytes, bytes] | None) -> None:
        self.send, self.field, self.meta, self.set_cookie = send, field, meta, set_cookie
        self.start: Message | None = None
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if self.set_cookie:
                headers.append(self.set_cookie)
            message["headers"] = headers
            kind = next((value for name, value in headers if name.lower() == b"content-type"), b"")
            if kind.startswith(b"text/html"):
                self.start = message
                return
            await self.send(message)
            return
        if message["type"] != "http.response.body" or self.start is None:
            await self.send(message)
            return
        self.chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(self.chunks)
        body = _POST_FORM.sub(lambda found: found.group(0) + self.field, body)
        body = _HEAD.sub(lambda found: found.group(0) + self.meta, body, count=1)
        headers = [(n, v) for n, v in self.start["headers"] if n.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode("ascii")))
        self.start["headers"] = headers
        await self.send(self.start)
        await self.send({"type": "http.response.body", "body": body, "more_body": False})


_REFUSED = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Form refused · matchpilot</title></head>"
    "<body><h1>This form cannot be accepted</h1><p>It has expired or was sent from another site. Go back, reload "
    "the page and send it again.</p></body></html>"
)


_TOKEN_WINDOW = FORM_LIMIT
"""The CSRF check reads at most this much of a body looking for the token (pages put it first in every form)."""


class _TokenFinder:
    """Feeds a form body (urlencoded or multipart) to python-multipart's streaming parsers and keeps only the
    ``csrf_token`` field: nothing else of the body is kept."""

    def __init__(self, content_type: str) -> None:
        self.token: str | None = None
        self.name = bytearray()
        self.value = bytearray()
        self.parser: QuerystringParser | MultipartParser | None = None
        kind, options = parse_options_header(content_type)
        if kind == b"application/x-www-form-urlencoded":
            self.parser = QuerystringParser(
                callbacks={
                    "on_field_start": self._start,
                    "on_field_name": self._name,
                    "on_field_data": self._data,
                    "on_field_end": self._field_end,
                }
            )
        elif kind == b"multipart/form-data" and options.get(b"boundary"):
            self.header_name = bytearray()
            self.header_value = bytearray()
            self.parser = MultipartParser(
                options[b"boundary"],
                callbacks={
                    "on_part_begin": self._start,
                    "on_header_field": self._header_field,
                    "on_header_value": self._header_value,
                    "on_header_end": self._header_end,
                    "on_part_data": self._data,
                    "on_part_end": self._part_end,
                },
            )

    def _start(self) -> None:
        self.name.clear()
        self.value.clear()

    def _name(self, data: bytes, start: int, end: int) -> None:
        self.name += data[start:end]

    def _data(self, data: bytes, start: int, end: int) -> None:
        if len(self.value) <= 256:  # a token is 64 characters; a longer value is no token, and is not kept
            self.value += data[start : min(end, start + 257)]

    def _field_end(self) -> None:
        if self.token is None and unquote_plus(self.name.decode("latin-1")) == CSRF_FIELD:
            self.token = unquote_plus(self.value.decode("latin-1"))

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def _header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            _, options = parse_options_header(bytes(self.header_value))
            self.name[:] = options.get(b"name", b"")
        self.header_name.clear()
        self.header_value.clear()

    def _part_end(self) -> None:
        if self.token is None and self.name == CSRF_FIELD.encode():
            self.token = self.value.decode("latin-1")

    def feed(self, chunk: bytes, *, last: bool) -> None:
        """Parse the next ``chunk`` of the body (``last``: the body ends here)."""
        if self.parser is None:
            return
        try:
            self.parser.write(chunk)
            if last:
                self.parser.finalize()
        except Exception:  # an unreadable form has no token (the app would refuse it anyway)
            self.parser = None


async def _token_in_body(scope: Scope, receive: Receive) -> tuple[str, Receive]:
    """The ``csrf_token`` field of a form body, read only as far as the field (at most :data:`_TOKEN_WINDOW`
    bytes, "" when not there), and a ``receive`` that replays what was read and then reads on."""
    finder = _TokenFinder(Request(scope).headers.get("content-type", ""))
    if finder.parser is None:
        return "", receive
    read: list[Message] = []
    size = 0
    while finder.token is None and finder.parser is not None and size <= _TOKEN_WINDOW:
        message = await receive()
        read.append(message)
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        more = bool(message.get("more_body", False))
        finder.feed(chunk, last=not more)
        if not more:
            break

    async def replay() -> Message:
        if read:
            return read.pop(0)
        return await receive()

    return finder.token or "", replay


# --- installing it --------------------------------------------------------------------------------------------


def install_auth(app: FastAPI, services: Services, multi_user: MultiUser | None, templates: Jinja2Templates) -> None:
    """Set up the per-request owner, security headers and, in multi-user mode, sign-in pages and CSRF checks.

    Call it once in the app factory, before the routes are added.
    """
    app.state.multi_user = multi_user
    app.state.local_services = services if multi_user is None else None
    if multi_user is not None:  # nothing may fall back to the local owner's workspace
        app.state.services = None
    if multi_user is not None:
        app.include_router(auth_router(templates))
        app.add_middleware(_CsrfProtection, secret_key=multi_user.secret_key, secure=multi_user.cookie_secure)
        app.add_middleware(_TokenBeforeBody)
    app.add_middleware(BodyLimits)  # outside the CSRF check: a body over its route's limit is never read
    app.add_middleware(
        _SecurityHeaders,
        server=multi_user is not None,
        hsts=multi_user is not None and multi_user.cookie_secure,
    )
