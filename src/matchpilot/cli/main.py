"""The root of the ``matchpilot`` command, and the one place where errors become exit codes.

Exit codes: 0 success; 1 a check found what it looks for (e.g. an unstable match); 2 bad input, a missing
record, a bad setting or an unreachable database — with one clear message on stderr, never a traceback.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from matchpilot.cli import (
    admin,
    backup,
    chances,
    common,
    demo,
    evidence,
    home,
    letters,
    match,
    materials,
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
    soap_practice,
)
from matchpilot.errors import InvalidDataError, MatchpilotError

__all__ = ["app", "main"]


class _TranslatingGroup(TyperGroup):
    """The root group: every command runs inside it, so this is where errors become exit codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_flags(self)

    def invoke(self, ctx: Any) -> Any:  # typer vendors its own click; its Context type is private
        try:
            return super().invoke(ctx)
        except InvalidDataError as error:
            common.err_console.print(f"[bold red]error:[/bold red] {escape(str(error))}", highlight=False)
            common.print_issues(error.issues)
            _print_next_step(error)
            raise typer.Exit(2) from None
        except MatchpilotError as error:
            common.err_console.print(f"[bold red]error:[/bold red] {escape(str(error))}", highlight=False)
            _print_next_step(error)
            raise typer.Exit(2) from None


def _print_next_step(error: MatchpilotError) -> None:
    if error.next_step is not None:
        common.err_console.print(f"next: {escape(common.next_step_command(error.next_step))}", highlight=False)


def _plain_flags(command: Any) -> None:
    """Show on/off flags (``--json``, ``--help``) without a value type in help: they take no value, and Typer
    would otherwise print ``<bool>`` beside them as if one were expected."""
    for param in getattr(command, "params", ()):
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    made = command.get_help_option  # --help is made when help is shown, not kept in ``params``

    def help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None and option.metavar is None:
            option.metavar = ""
        return option

    command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        _plain_flags(sub)


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
soap.app.add_typer(soap_practice.practice_app, name="practice")  # matchpilot soap practice
app.add_typer(rules.app, name="rules")
app.add_typer(outcome.app, name="outcome")
app.add_typer(evidence.app, name="evidence")
app.add_typer(materials.app, name="materials")
app.command("pick", help=pick.PICK_HELP)(pick.pick)
app.add_typer(rol.app, name="rol")
app.command("simulate")(simulate.simulate)
app.add_typer(admin.app, name="admin")
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)
app.command("demo")(demo.demo)
app.command("next")(home.next_steps)
app.command("serve")(serve.serve)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI (errors are translated by the root group)."""
    app(args=argv)
