"""The account pages of multi-user mode: an applicant's advisers, invitations and API tokens, an adviser's
applicants, sharing outcomes with the server's cohort, and the comments on a workspace.

The routes take the signed-in viewer (``who: SignedIn``); the one that changes the workspace (cohort consent)
takes its owner-scoped services too.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from matchpilot.errors import InputError
from matchpilot.services.accounts import Role, Viewer
from matchpilot.services.cohort import cohort_status, parse_consent, set_consent
from matchpilot.web.multi_user import SESSION_COOKIE
from matchpilot.web.notices import forget_notice, redirect_with_notice, take_notice
from matchpilot.web.owner import OwnerServices, SignedIn, accounts_of, signed
from matchpilot.web.proxy import public_link
from matchpilot.web.templating import render as _render

__all__ = ["router"]

router = APIRouter()
"""The account, invitation and comment pages."""


def _account_page(request: Request, who: Viewer, **extra: Any) -> HTMLResponse:
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
    return forget_notice(request, _render(request, "account.html", context))


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, who: SignedIn) -> HTMLResponse:
    """The account page: advisers (applicants), applicants to view (advisers), API tokens."""
    return _account_page(request, signed(who))


@router.post("/account/invite", response_class=HTMLResponse)
def invite(request: Request, who: SignedIn) -> HTMLResponse:
    """Make a one-time invitation link for an adviser (shown once)."""
    token = accounts_of(request).invite(signed(who))
    link = public_link(request, f"/invite/{token}")
    label = "Give this link to your adviser (it works once, for 7 days)."
    return _account_page(request, signed(who), secret=link, secret_label=label)


@router.post("/account/invitations/{invitation_id}/cancel", response_class=HTMLResponse)
async def cancel_invitation(invitation_id: int, request: Request, who: SignedIn) -> HTMLResponse:
    """Cancel an unused invitation: its link stops working."""
    await run_in_threadpool(accounts_of(request).cancel_invitation, signed(who), invitation_id)
    return _account_page(request, signed(who), message="The invitation was cancelled; its link no longer works.")


@router.post("/account/cohort")
async def cohort_consent(request: Request, who: SignedIn, services: OwnerServices) -> Response:
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
    return _account_page(request, signed(who), secret=token, secret_label=label)


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
    return _render(request, "invite.html", context)


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
        return _render(request, "invite.html", context, status_code=400)
    return RedirectResponse(f"/login?next={quote('/account', safe='')}", status_code=303)


@router.get("/comments", response_class=HTMLResponse)
def comment_list(request: Request, who: SignedIn) -> HTMLResponse:
    """The comments on the viewed workspace (about one program with ``?subject=CODE``)."""
    viewer = signed(who)
    accounts_of(request).services_for(viewer)  # PermissionDeniedError when there is no workspace to view
    subject = request.query_params.get("subject") or None
    comments = accounts_of(request).comments(viewer, subject)
    return _render(request, "comments.html", {"who": viewer, "comments": comments, "subject": subject, "problem": None})


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
        return _render(request, "comments.html", context, status_code=400)
    return RedirectResponse("/comments", status_code=303)
