"""``matchpilot admin``: accounts of a multi-user server (create the first administrator, list, reset a password).

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
    entered: str = typer.prompt("Password (at least 12 characters)", hide_input=True, confirmation_prompt=True)
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
        common.console.print(f"{escape(account.username)}\t{account.role.value}", highlight=False)


@app.command("set-password")
def set_password(
    name: str = typer.Argument(..., help="The username."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
) -> None:
    """Give an account a new password (its sessions end)."""
    from matchpilot.bootstrap import build_account_services

    build_account_services(common.get_services()).set_password(name, _password(password_stdin))
    common.console.print(f"New password set for {escape(name)}; their sessions have ended.", highlight=False)
