"""Administering accounts (multi-user mode, administrators only): the accounts, creating one, disabling and
enabling one, and deleting one for good after its username is typed again."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from matchpilot.errors import InputError, PermissionDeniedError
from matchpilot.services.accounts import AccountRemoval, Role, Viewer
from matchpilot.web.notices import forget_notice, redirect_with_notice, take_notice
from matchpilot.web.owner import SignedIn, accounts_of, signed
from matchpilot.web.templating import render as _render

__all__ = ["router"]

router = APIRouter()
"""The administration pages."""


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


def _admin_only(who: Viewer | None) -> Viewer:
    viewer = signed(who)
    if viewer.account.role is not Role.ADMINISTRATOR:
        raise PermissionDeniedError("only an administrator manages accounts")
    return viewer


@router.get("/admin", response_class=HTMLResponse)
def admin(request: Request, who: SignedIn) -> HTMLResponse:
    """Administrators: the accounts and a form to create one."""
    viewer = _admin_only(who)
    context = {"accounts": accounts_of(request).accounts(), "message": take_notice(request), "me": viewer}
    return forget_notice(request, _render(request, "admin.html", {**context, "problem": None}))


@router.post("/admin/accounts/{username}/disable", response_class=HTMLResponse)
async def disable_account(username: str, request: Request, who: SignedIn) -> HTMLResponse:
    """Administrators: disable an account (its sessions end and its API tokens are revoked)."""
    viewer = _admin_only(who)
    accounts = accounts_of(request)
    try:
        revoked = await run_in_threadpool(accounts.set_disabled, username, True, by=viewer)
    except InputError as error:
        context = {"accounts": accounts.accounts(), "message": "", "problem": str(error), "me": viewer}
        return _render(request, "admin.html", context, status_code=400)
    message = f"Disabled {username}: signed out everywhere, {revoked} API token{'s' if revoked != 1 else ''} revoked."
    return _render(
        request, "admin.html", {"accounts": accounts.accounts(), "message": message, "problem": None, "me": viewer}
    )


@router.post("/admin/accounts/{username}/enable", response_class=HTMLResponse)
async def enable_account(username: str, request: Request, who: SignedIn) -> HTMLResponse:
    """Administrators: enable a disabled account again (it signs in with its password)."""
    viewer = _admin_only(who)
    accounts = accounts_of(request)
    await run_in_threadpool(accounts.set_disabled, username, False)
    message = f"Enabled {username}: they can sign in again (old API tokens stay revoked)."
    return _render(
        request, "admin.html", {"accounts": accounts.accounts(), "message": message, "problem": None, "me": viewer}
    )


@router.get("/admin/accounts/{username}/delete", response_class=HTMLResponse)
def confirm_delete(username: str, request: Request, who: SignedIn) -> HTMLResponse:
    """Administrators: what deleting an account would remove, and the form that asks for its name."""
    viewer = _admin_only(who)
    accounts = accounts_of(request)
    try:
        preview = accounts.removal_preview(username, by=viewer)
    except InputError as error:
        context = {"accounts": accounts.accounts(), "message": "", "problem": str(error), "me": viewer}
        return _render(request, "admin.html", context, status_code=400)
    return _render(request, "admin_delete.html", {"preview": preview, "problem": None, "typed": ""})


@router.post("/admin/accounts/{username}/delete", response_class=HTMLResponse)
async def delete_account(username: str, request: Request, who: SignedIn) -> Response:
    """Administrators: delete an account for good, once its username was typed again to confirm."""
    viewer = _admin_only(who)
    accounts = accounts_of(request)
    async with request.form() as form:
        typed = str(form.get("confirm") or "")
    try:
        preview = await run_in_threadpool(accounts.removal_preview, username, by=viewer)
    except InputError as error:
        context = {"accounts": accounts.accounts(), "message": "", "problem": str(error), "me": viewer}
        return _render(request, "admin.html", context, status_code=400)
    if typed.strip().lower() != preview.username:
        problem = (
            f"Type the username {preview.username} exactly to delete the account"
            + (f" (you typed {typed.strip()[:100]!r})." if typed.strip() else ".")
            + " Nothing was deleted."
        )
        context = {"preview": preview, "problem": problem, "typed": typed[:100]}
        return _render(request, "admin_delete.html", context, status_code=400)
    try:
        removed = await run_in_threadpool(accounts.remove_account, username, by=viewer)
    except InputError as error:
        context = {"accounts": accounts.accounts(), "message": "", "problem": str(error), "me": viewer}
        return _render(request, "admin.html", context, status_code=400)
    return redirect_with_notice(request, "/admin", _removal_message(removed))


@router.post("/admin/accounts", response_class=HTMLResponse)
async def create_account(request: Request, who: SignedIn) -> Response:
    """Administrators: create an account."""
    viewer = _admin_only(who)
    async with request.form() as form:
        username = str(form.get("username") or "")
        password = str(form.get("password") or "")
        role = str(form.get("role") or "applicant")
    try:
        made = await run_in_threadpool(accounts_of(request).create_account, username, password, role)
    except InputError as error:
        context = {"accounts": accounts_of(request).accounts(), "message": "", "problem": str(error), "me": viewer}
        return _render(request, "admin.html", context, status_code=400)
    message = f"Created {made.username} ({made.role.value})."
    return redirect_with_notice(request, "/admin", message)
