"""``matchpilot admin``: accounts of a multi-user server (create the first administrator, list, reset a password,
disable and enable, delete, API tokens, invitations).

Works whether or not the server runs; passwords are asked without echo (or read from stdin with
``--password-stdin``) and stored as Argon2 hashes only.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from matchpilot.cli import common

__all__ = ["app"]

app = typer.Typer(help="Accounts of a multi-user server (docs/server.md).", no_args_is_help=True)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    entered: str = typer.prompt(
        "Password (at least 12 characters, not a common one)", hide_input=True, confirmation_prompt=True
    )
    return entered


@app.command("create-user")
def create_user(
    name: str = typer.Argument(..., help="The username (letters, digits and . _ @ -)."),
    role: str = typer.Option("applicant", "--role", help="applicant, adviser or administrator."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
) -> None:
    """Create an account; an applicant gets a workspace of their own."""
    from matchpilot.bootstrap import build_account_services

    accounts = build_account_services(common.get_services())
    made = accounts.create_account(name, _password(password_stdin), role)
    common.console.print(f"Created {escape(made.username)} ({made.role.value}).", highlight=False)


@app.command("list-users")
def list_users() -> None:
    """List the accounts and their roles."""
    from matchpilot.bootstrap import build_account_services

    for account in build_account_services(common.get_services()).accounts():
        status = "\tdisabled" if account.disabled else ""
        common.console.print(f"{escape(account.username)}\t{account.role.value}{status}", highlight=False)


@app.command("set-password")
def set_password(
    name: str = typer.Argument(..., help="The username."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
) -> None:
    """Give an account a new password (its sessions end and its API tokens are revoked)."""
    from matchpilot.bootstrap import build_account_services

    revoked = build_account_services(common.get_services()).set_password(name, _password(password_stdin))
    common.console.print(
        f"New password set for {escape(name)}; their sessions have ended and {revoked} API token(s) were revoked.",
        highlight=False,
    )


@app.command("disable")
def disable(name: str = typer.Argument(..., help="The username.")) -> None:
    """Disable an account: its sessions end, its API tokens are revoked and it cannot sign in (data kept)."""
    from matchpilot.bootstrap import build_account_services

    revoked = build_account_services(common.get_services()).set_disabled(name, True)
    common.console.print(
        f"Disabled {escape(name)}: signed out everywhere, {revoked} API token(s) revoked.", highlight=False
    )


@app.command("enable")
def enable(name: str = typer.Argument(..., help="The username.")) -> None:
    """Enable a disabled account again (it signs in with its password; revoked tokens stay revoked)."""
    from matchpilot.bootstrap import build_account_services

    build_account_services(common.get_services()).set_disabled(name, False)
    common.console.print(f"Enabled {escape(name)}: they can sign in again.", highlight=False)


@app.command("delete-user")
def delete_user(
    name: str = typer.Argument(..., help="The username."),
    yes: bool = typer.Option(False, "--yes", help="Delete without asking (for scripts)."),
) -> None:
    """Delete an account for good: its sessions, API tokens, advisers' access and invitations, and for an
    applicant their whole workspace and their Practice Match Week workspace. Back up first (matchpilot backup)."""
    from matchpilot.bootstrap import build_account_services

    if not yes and not typer.confirm(f"Delete the account {name} and all of its data for good?", default=False):
        common.console.print("Nothing was deleted.", highlight=False)
        raise typer.Exit(1)
    removed = build_account_services(common.get_services()).delete_account(name)
    common.console.print(f"Deleted {escape(name)} and {removed} record(s) of their workspace.", highlight=False)


@app.command("revoke-tokens")
def revoke_tokens(name: str = typer.Argument(..., help="The username.")) -> None:
    """Revoke every API token of an account."""
    from matchpilot.bootstrap import build_account_services

    revoked = build_account_services(common.get_services()).revoke_all_tokens(name)
    common.console.print(f"Revoked {revoked} API token(s) of {escape(name)}.", highlight=False)


@app.command("tokens")
def tokens(name: str = typer.Argument(..., help="The username.")) -> None:
    """List an account's API tokens: id, name, created, last used, and when each stops working."""
    from matchpilot.bootstrap import build_account_services

    accounts = build_account_services(common.get_services())
    found = accounts.api_tokens(accounts.viewer_of(name))
    if not found:
        common.console.print(f"{escape(name)} has no API token.", highlight=False)
    for token in found:
        used = token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never used"
        ends = f"ends {token.expires_at:%Y-%m-%d %H:%M} UTC" if token.expires_at else "works until revoked"
        made = f"{token.created_at:%Y-%m-%d %H:%M}"
        common.console.print(f"{token.id}\t{escape(token.name)}\tcreated {made}\t{used}\t{ends}", highlight=False)


@app.command("create-token")
def create_token(
    name: str = typer.Argument(..., help="The username (an applicant: the token works on their workspace)."),
    label: str = typer.Argument(..., help="A name for the token (1 to 100 characters)."),
    days: int | None = typer.Option(None, "--expires-in", help="Days the token works (default: until revoked)."),
) -> None:
    """Make an API token for an applicant's scripts; its secret is printed once."""
    from matchpilot.bootstrap import build_account_services

    accounts = build_account_services(common.get_services())
    secret = accounts.create_api_token(accounts.viewer_of(name), label, days)
    until = f"for {days} day(s)" if days else "until revoked"
    common.console.print(f"API token {escape(label)!s} for {escape(name)}, works {until}:", highlight=False)
    print(secret)


@app.command("invitations")
def invitations(name: str = typer.Argument(..., help="The applicant's username.")) -> None:
    """List an applicant's open invitations of advisers (id, made, ends)."""
    from matchpilot.bootstrap import build_account_services

    accounts = build_account_services(common.get_services())
    found = accounts.open_invitations(accounts.viewer_of(name))
    if not found:
        common.console.print(f"{escape(name)} has no open invitation.", highlight=False)
    for invitation in found:
        made, ends = f"{invitation.created_at:%Y-%m-%d %H:%M}", f"{invitation.expires_at:%Y-%m-%d %H:%M}"
        common.console.print(f"{invitation.id}\tmade {made} UTC\tends {ends} UTC", highlight=False)


@app.command("cancel-invitation")
def cancel_invitation(
    name: str = typer.Argument(..., help="The applicant's username."),
    invitation_id: int = typer.Argument(..., help="The invitation's id (see `admin invitations`)."),
) -> None:
    """Cancel an applicant's unused invitation: its link stops working."""
    from matchpilot.bootstrap import build_account_services

    accounts = build_account_services(common.get_services())
    accounts.cancel_invitation(accounts.viewer_of(name), invitation_id)
    common.console.print(f"Cancelled invitation {invitation_id} of {escape(name)}.", highlight=False)
