"""``matchpilot soap practice``: rehearse Match Week on fictional data, in a practice workspace of its own.

Start a practice, move its clock through the week (Monday's list, each offer round), make the plan, and answer
the offers a simulated SOAP market makes you, with the same decision help as the real offers. Nothing here
reads or changes your real Match Week. Services are imported inside the commands (``--help`` stays fast).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from matchpilot.cli.common import console, err_console, get_services
from matchpilot.errors import InputError
from matchpilot.io.format_names import PLAN_FORMAT

if TYPE_CHECKING:
    from matchpilot.services.soap_practice import PracticeStatus

__all__ = ["practice_app"]

practice_app = typer.Typer(
    help="Practice Match Week: a fictional unfilled list, a clock you set, and offers round by round from a "
    "simulated SOAP market. Nothing here touches your real Match Week.",
    no_args_is_help=True,
)


def _rules_option() -> Path | None:
    return typer.Option(  # type: ignore[no-any-return]
        None,
        "--rules",
        metavar="FILE",
        envvar="MATCHPILOT_RULES_FILE",
        help="Your corrections to the dated rules (a TOML file merged over matchpilot's defaults; see docs/soap.md).",
    )


def _banner() -> None:
    from matchpilot.services.soap_practice import PRACTICE_BANNER

    err_console.print(f"[bold magenta]{escape(PRACTICE_BANNER)}[/bold magenta]", highlight=False)


def _print_status(status: PracticeStatus) -> None:
    state = status.state
    console.print(
        f"[bold]Practice Match Week {state.year}[/bold] (seed {state.seed}). Clock: [bold]{escape(status.clock_text)}"
        "[/bold].",
        highlight=False,
    )
    console.print(escape(status.timeline.next_step()), highlight=False)
    round_text = f"round {status.round} is open" if status.round is not None else "no offer round is open"
    console.print(
        f"Unfilled list: {status.unfilled} programs; applications sent: {status.applications}; {round_text}.",
        highlight=False,
    )
    if status.accepted is not None:
        console.print(
            f"You accepted {escape(status.accepted.name)} ({status.accepted.code}): your practice SOAP is over.",
            highlight=False,
        )
    if status.offers:
        from zoneinfo import ZoneInfo

        from matchpilot.services.soap import format_local

        zone = ZoneInfo(status.timeline.zone)
        table = Table(show_header=True, title="Offers", title_justify="left")
        for column in ("round", "program", "kind", "open until", "status"):
            table.add_column(column, overflow="fold")
        for offer in status.offers:
            until = format_local(offer.deadline.astimezone(zone)) if offer.deadline else ""
            table.add_row(
                str(offer.round), f"{escape(offer.name)}\n[dim]{offer.code}[/dim]", offer.category, until, offer.status
            )
        console.print(table)


@practice_app.command("start")
def start(
    seed: int | None = typer.Option(None, "--seed", help="Another fictional list and market (same seed, same week)."),
    year: int | None = typer.Option(None, "--year", help="The Match Week to rehearse (default: the next one)."),
    rules_file: Path | None = _rules_option(),
) -> None:
    """Start a practice (again, from the beginning): a fictional unfilled list from the demo market, your profile
    and worths copied (else the demo applicant's), the clock one hour before the week's first event."""
    from matchpilot.cli.soap import load
    from matchpilot.services.soap_practice import start_practice

    _banner()
    status = start_practice(get_services(), load(rules_file).rules, seed=seed, year=year)
    _print_status(status)


@practice_app.command("clock")
def clock(
    moment: str = typer.Argument(
        ..., metavar="ISO", help="The moment of the week (ISO 8601; without an offset, US Eastern Time)."
    ),
    rules_file: Path | None = _rules_option(),
) -> None:
    """Move the practice clock forward to a moment of the week: the offers of every round that has started
    arrive; an offer expires when its round ends."""
    from zoneinfo import ZoneInfo

    from matchpilot.cli.soap import load
    from matchpilot.services.soap_practice import set_practice_clock

    try:
        when = datetime.fromisoformat(moment.strip())
    except ValueError:
        raise InputError(
            f"clock {moment!r}: not a date and time such as 2027-03-18T09:05 (an offset like -04:00 is allowed)"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo("America/New_York"))
    _banner()
    _print_status(set_practice_clock(get_services(), load(rules_file).rules, when))


@practice_app.command("status")
def status(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    rules_file: Path | None = _rules_option(),
) -> None:
    """Show the practice: its clock, the next step, the list, the applications and the offers."""
    from matchpilot.cli.soap import load
    from matchpilot.services.soap_practice import practice_status

    result = practice_status(get_services(), load(rules_file).rules)
    if as_json:
        from matchpilot.io.soap_json import practice_status_to_dict

        typer.echo(json.dumps(practice_status_to_dict(result), indent=2, ensure_ascii=False))
        return
    _banner()
    _print_status(result)


@practice_app.command("plan")
def plan(
    plan_name: str | None = typer.Option(None, "--plan", help="best-case or worst-case (default: the default)."),
    save: bool = typer.Option(False, "--save", help="Send the plan's applications (in the practice)."),
    as_json: bool = typer.Option(False, "--json", help=f"Print JSON (format {PLAN_FORMAT})."),
    rules_file: Path | None = _rules_option(),
) -> None:
    """Make the plan on the practice unfilled list, as the real plan is made; --save sends its applications."""
    from matchpilot.cli.soap import _print_plan, load
    from matchpilot.services.soap_practice import practice_plan

    report = practice_plan(get_services(), load(rules_file).rules, plan_name=plan_name, save=save)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    _banner()
    _print_plan(report)
    if save:
        console.print(f"Sent {len(report.plan.applications)} practice applications.", highlight=False)


@practice_app.command("decide")
def decide(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    rules_file: Path | None = _rules_option(),
) -> None:
    """The decision help on the practice offers at the practice clock (the same as for real offers)."""
    from matchpilot.cli.soap import _print_decision, load
    from matchpilot.io.soap_json import decision_to_dict
    from matchpilot.services.soap_practice import practice_decide

    report = practice_decide(get_services(), load(rules_file).rules)
    if as_json:
        typer.echo(json.dumps(decision_to_dict(report, practice=True), indent=2, ensure_ascii=False))
        return
    _banner()
    _print_decision(report)


def _answer(code: str, status_word: str, rules_file: Path | None) -> None:
    from matchpilot.cli.soap import load
    from matchpilot.services.soap_practice import answer_practice_offer

    _banner()
    answer_practice_offer(get_services(), load(rules_file).rules, code, status_word)
    console.print(f"The practice offer of {escape(code)} is now {status_word}.", highlight=False)


@practice_app.command("accept")
def accept(
    code: str = typer.Argument(..., help="The program's code."), rules_file: Path | None = _rules_option()
) -> None:
    """Accept a practice offer at the practice clock (binding: it ends the practice SOAP)."""
    _answer(code, "accepted", rules_file)


@practice_app.command("decline")
def decline(
    code: str = typer.Argument(..., help="The program's code."), rules_file: Path | None = _rules_option()
) -> None:
    """Decline a practice offer at the practice clock."""
    _answer(code, "declined", rules_file)


@practice_app.command("reset")
def reset() -> None:
    """Clear the practice entirely (its list, plan, applications, offers and clock); your real Match Week stays."""
    from matchpilot.services.soap_practice import reset_practice

    removed = reset_practice(get_services())
    console.print(f"Practice cleared ({removed} practice records removed). Your real Match Week was not touched.")
