"""The root of the ``matchpilot`` command, and the one place where errors become exit codes.

Exit codes: 0 success; 1 a check found what it looks for (e.g. an unstable match); 2 bad input, a missing
record, a bad setting or an unreachable database — with one clear message on stderr, never a traceback.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from matchpilot.cli import (
    admin,
    backup,
    chances,
    common,
    demo,
    letters,
    match,
    outcome,
    pick,
    portfolio,
    profile,
    programs,
    rol,
    rules,
    serve,
    simulate,
    soap,
)
from matchpilot.errors import InvalidDataError, MatchpilotError

__all__ = ["app", "main"]


class _TranslatingGroup(TyperGroup):
    """The root group: every command runs inside it, so this is where errors become exit codes."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors its own click; its Context type is private
        try:
            return super().invoke(ctx)
        except InvalidDataError as error:
            common.err_console.print(f"[bold red]error:[/bold red] {error}", highlight=False)
            common.print_issues(error.issues)
            raise typer.Exit(2) from None
        except MatchpilotError as error:
            common.err_console.print(f"[bold red]error:[/bold red] {error}", highlight=False)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_TranslatingGroup,
    name="matchpilot",
    help="matchpilot: an open, explainable residency application strategist (profile, program sheet, "
    "match engine, SOAP).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    db: str | None = typer.Option(
        None,
        "--db",
        help="Database URL (default: MATCHPILOT_DATABASE_URL, else a SQLite file in your user data directory).",
        envvar="MATCHPILOT_DATABASE_URL",
    ),
) -> None:
    """matchpilot: an open, explainable residency application strategist."""
    common.set_database_url(db)


app.add_typer(profile.app, name="profile")
app.add_typer(programs.app, name="programs")
app.add_typer(match.app, name="match")
app.add_typer(portfolio.app, name="portfolio")
app.add_typer(chances.app, name="chances")
app.add_typer(letters.app, name="letters")
app.add_typer(soap.app, name="soap")
app.add_typer(rules.app, name="rules")
app.add_typer(outcome.app, name="outcome")
app.command("pick")(pick.pick)
app.add_typer(rol.app, name="rol")
app.command("simulate")(simulate.simulate)
app.add_typer(admin.app, name="admin")
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)
app.command("demo")(demo.demo)
app.command("serve")(serve.serve)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI (errors are translated by the root group)."""
    app(args=argv)
