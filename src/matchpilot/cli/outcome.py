"""``matchpilot outcome``: record what each program answered (invited, rejected, silent), list and clear them.

Recorded outcomes teach the chances model about you and change ``matchpilot pick``'s list.
"""

from __future__ import annotations

from datetime import date

import typer
from rich.markup import escape
from rich.table import Table

from matchpilot.cli.common import console, get_services
from matchpilot.errors import InputError

__all__ = ["app", "clear", "list_", "record"]

app = typer.Typer(
    help="Record what programs answered you (an interview invitation, a rejection, or silence so far): the "
    "chances model learns from them and `matchpilot pick` updates your list.",
    no_args_is_help=True,
)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--on {text!r}: write a date as YYYY-MM-DD") from None


@app.command("record")
def record(
    code: str = typer.Argument(..., help="The program's code in your sheet."),
    outcome: str = typer.Argument(..., metavar="invited|rejected|silent", help="What the program answered."),
    on: str | None = typer.Option(None, "--on", metavar="DATE", help="When (YYYY-MM-DD; default today)."),
) -> None:
    """Record that a program invited you, rejected you, or is silent so far (replaces an earlier outcome)."""
    from matchpilot.services.picks import record_outcome

    saved = record_outcome(get_services(), code, outcome, _day(on))
    console.print(
        f"Recorded: {escape(saved.code)} {saved.outcome.value} on {saved.on.isoformat()}. "
        "Run [bold]matchpilot pick[/bold] to see your updated list.",
        highlight=False,
    )


@app.command("list")
def list_() -> None:
    """List the outcomes you recorded."""
    from matchpilot.services.picks import list_outcomes

    found = list_outcomes(get_services())
    if not found:
        console.print("No outcome recorded yet: use [bold]matchpilot outcome record CODE invited[/bold].")
        return
    table = Table(title=f"{len(found)} outcomes recorded", title_justify="left")
    for column in ("code", "outcome", "on"):
        table.add_column(column)
    for item in found:
        table.add_row(escape(item.code), item.outcome.value, item.on.isoformat())
    console.print(table)


@app.command("clear")
def clear(code: str = typer.Argument(..., help="The program's code.")) -> None:
    """Forget the outcome recorded for a program."""
    from matchpilot.services.picks import clear_outcome

    clear_outcome(get_services(), code)
    console.print(f"Cleared the outcome of {escape(code)}.", highlight=False)
