"""``matchpilot soap``: Match Week — SOAP eligibility and the hour-by-hour timeline in your time zone.

Every rule applied is cited with its source and the year it was checked; matchpilot is not the NRMP and the
current Match Participation Agreement governs. Services are imported inside the commands so that
``matchpilot --help`` stays fast.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from matchpilot.cli.common import console, err_console, get_services, print_issues
from matchpilot.errors import InputError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from matchpilot.services.soap import Eligibility, LoadedRules, MatchStatus, Reason, Timeline

__all__ = ["app", "eligibility", "timeline"]

app = typer.Typer(
    help="Match Week (SOAP): whether you may take part, and the hour-by-hour timeline in your own time zone "
    "with iCalendar reminders. Rules are dated data with sources (see `matchpilot rules show`).",
    no_args_is_help=True,
)

RULES_OPTION_HELP = (
    "Your corrections to the dated rules (a TOML file merged over matchpilot's defaults; see docs/soap.md). "
    "Also read from MATCHPILOT_RULES_FILE."
)

_STATUS_CHOICES = {
    "unmatched": "UNMATCHED",
    "partial-advanced": "PARTIALLY_MATCHED_ADVANCED",
    "partial-pgy1": "PARTIALLY_MATCHED_PGY1",
    "matched": "MATCHED",
}


@app.callback()
def _soap() -> None:
    """Match Week (SOAP): eligibility and the timeline."""


def rules_option() -> Path | None:
    """The ``--rules FILE`` option shared by the commands that apply rules (also MATCHPILOT_RULES_FILE)."""
    return typer.Option(None, "--rules", metavar="FILE", envvar="MATCHPILOT_RULES_FILE", help=RULES_OPTION_HELP)  # type: ignore[no-any-return]


def load(rules_file: Path | None) -> LoadedRules:
    """Load the rules (defaults plus the user's file) and print the warnings of the user's file."""
    from matchpilot.services.soap import load_rules

    loaded = load_rules(rules_file)
    print_issues(loaded.warnings, title=f"Warnings in {rules_file}")
    return loaded


def _match_status(value: str) -> MatchStatus:
    from matchpilot.services.soap import MatchStatus

    key = value.strip().lower().replace("_", "-")
    if key not in _STATUS_CHOICES:
        raise InputError(f"--status {value!r}: use one of {', '.join(_STATUS_CHOICES)}")
    return MatchStatus[_STATUS_CHOICES[key]]


def _year(year: int | None) -> int | None:
    if year is not None and not 1990 <= year <= 2100:
        raise InputError(f"--year {year}: not a Match year (1990 to 2100)")
    return year


@app.command("eligibility")
def eligibility(
    status: str = typer.Option(
        "unmatched",
        "--status",
        help="Your Match result: unmatched, partial-advanced (an advanced PGY-2 match without a PGY-1), "
        "partial-pgy1 (a PGY-1 match without the advanced position) or matched.",
    ),
    not_registered: bool = typer.Option(
        False, "--not-registered", help="You are not registered for the Main Residency Match."
    ),
    ecfmg: bool | None = typer.Option(
        None,
        "--ecfmg/--no-ecfmg",
        help="Whether you are (were) ECFMG certified by the rank order list certification deadline "
        "(default: what your profile says).",
    ),
    conflict: bool = typer.Option(
        False, "--conflict", help="You accepted a commitment outside the Match that conflicts with it."
    ),
    year: int | None = typer.Option(None, "--year", help="The Match year (default: the next Match Week)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (format matchpilot.soap-eligibility/1)."),
    rules_file: Path | None = rules_option(),
) -> None:
    """Check whether you may take part in SOAP and for which positions, with reasons citing each rule's
    source and year, and what to do instead when SOAP is closed to you (the post-SOAP, off-cycle route).
    Uses your stored profile (applicant type, ECFMG certification)."""
    from matchpilot.services.soap import SoapStatus, eligibility_to_dict, soap_eligibility

    soap_status = SoapStatus(
        registered_for_main_match=not not_registered,
        match_status=_match_status(status),
        ecfmg_certified_by_rol_deadline=ecfmg,
        conflicting_commitment=conflict,
    )
    chosen_year = _year(year)
    loaded = load(rules_file)
    result = soap_eligibility(get_services(), soap_status, loaded.rules, year=chosen_year)
    if as_json:
        typer.echo(json.dumps(eligibility_to_dict(result), indent=2, ensure_ascii=False))
        return
    _print_eligibility(result)


_MARKS = {True: "[green]yes[/green]", False: "[red]no[/red]", None: "[yellow]unknown[/yellow]"}


def _print_eligibility(result: Eligibility) -> None:
    from matchpilot.services.soap import Verdict

    style = {Verdict.ELIGIBLE: "green", Verdict.COMPLEMENTARY_ONLY: "green", Verdict.NOT_ELIGIBLE: "red"}.get(
        result.verdict, "yellow"
    )
    console.print(
        f"[bold]SOAP eligibility, Match {result.year}:[/bold] [bold {style}]{result.verdict.label}[/bold {style}]",
        highlight=False,
    )
    table = Table(show_header=True, title_justify="left")
    table.add_column("met")
    table.add_column("condition", overflow="fold")
    table.add_column("rule and source", overflow="fold")
    for reason in result.reasons:
        table.add_row(_MARKS[reason.met], escape(reason.text), escape(_cite(reason)))
    console.print(table)
    console.print(f"[bold]Positions you may apply to:[/bold] {escape(result.positions)}", highlight=False)
    if result.limits and result.verdict.value != "not_eligible":
        console.print(f"[bold]Rules of SOAP {result.year}:[/bold]", highlight=False)
        for reason in result.limits:
            console.print(f"  - {escape(reason.text)} [dim]({escape(_cite(reason))})[/dim]", highlight=False)
    if result.instead:
        title = "What to do" if result.verdict.value == "unknown" else "What to do instead"
        console.print(f"[bold]{title}:[/bold]", highlight=False)
        for line in result.instead:
            console.print(f"  - {escape(line)}", highlight=False)
    for caveat in result.caveats:
        console.print(f"[yellow]Note:[/yellow] {escape(caveat)}", highlight=False)
    console.print(f"[dim]{escape(result.notice)}[/dim]", highlight=False)


def _cite(reason: Reason) -> str:
    return f"{reason.rule}: {reason.citation()}"


def _zone(tz: str | None) -> ZoneInfo:
    from matchpilot.services.soap import DEFAULT_ZONE, local_zone_name, resolve_zone

    if tz is not None:
        return resolve_zone(tz)
    found = local_zone_name()
    if found is None:
        err_console.print(
            f"Your time zone could not be found on this machine: showing {DEFAULT_ZONE}. Pass --tz ZONE.",
            highlight=False,
        )
        found = DEFAULT_ZONE
    return resolve_zone(found)


def _now(text: str | None, zone: ZoneInfo) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"--now {text!r}: not a date and time such as 2027-03-15T09:30 (an offset like +05:30 is allowed)"
        ) from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


@app.command("timeline")
def timeline(
    year: int | None = typer.Option(None, "--year", help="The Match year (default: the next Match Week)."),
    tz: str | None = typer.Option(
        None,
        "--tz",
        metavar="ZONE",
        help="Your time zone, e.g. Asia/Kolkata or America/Los_Angeles (default: this machine's).",
    ),
    ics: Path | None = typer.Option(
        None, "--ics", metavar="FILE", help="Also write the timeline as iCalendar reminders (.ics) to FILE."
    ),
    now_text: str | None = typer.Option(
        None,
        "--now",
        metavar="ISO",
        help="Pretend it is this moment (ISO 8601; without an offset it is read in --tz). Default: now.",
    ),
    remind: list[int] = typer.Option(
        [],
        "--remind",
        metavar="MINUTES",
        help="With --ics: a reminder this many minutes before each event (repeatable; default 60 and 15).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (format matchpilot.soap-timeline/1)."),
    rules_file: Path | None = rules_option(),
) -> None:
    """Show Match Week hour by hour in your time zone (daylight saving time included), what to do at each
    step, the next step with a countdown, and where each time comes from. With --ics, write calendar
    reminders you can import into any calendar."""
    from matchpilot.services.soap import DEFAULT_REMINDERS, soap_timeline, timeline_to_dict, write_icalendar

    zone = _zone(tz)
    now = _now(now_text, zone)
    if any(minutes <= 0 for minutes in remind):
        raise InputError("--remind: minutes must be positive")
    loaded = load(rules_file)
    result = soap_timeline(loaded.rules, now=now, zone=zone, year=_year(year))
    if as_json:
        typer.echo(json.dumps(timeline_to_dict(result), indent=2, ensure_ascii=False))
    else:
        _print_timeline(result)
    if ics is not None:
        reminders = tuple(timedelta(minutes=m) for m in remind) if remind else DEFAULT_REMINDERS
        count = write_icalendar(result, ics, dtstamp=now, reminders=reminders)
        err_console.print(f"Wrote {count} events with reminders to {ics} (import it into your calendar).")


def _print_timeline(result: Timeline) -> None:
    from matchpilot.services.soap import NOT_THE_NRMP, Phase, format_local

    console.print(f"[bold]Match Week {result.year}[/bold] in {escape(result.zone)}", highlight=False)
    table = Table(show_header=True)
    table.add_column("")
    table.add_column("your time", no_wrap=True)
    table.add_column("event", overflow="fold")
    table.add_column("what to do", overflow="fold")
    table.add_column("source", overflow="fold")
    marks = {Phase.PAST: "[dim]done[/dim]", Phase.NOW: "[bold green]NOW[/bold green]", Phase.NEXT: "[bold]NEXT[/bold]"}
    for entry in result.entries:
        when = format_local(entry.start)
        if entry.end is not None:
            same_day = entry.end.date() == entry.start.date()
            when += f" to {entry.end.strftime('%H:%M') if same_day else format_local(entry.end)}"
        source = f"{entry.event.source}, checked {entry.event.checked}"
        if entry.event.note:
            source += f". Note: {entry.event.note}"
        table.add_row(
            marks.get(entry.phase, ""), when, escape(entry.event.title), escape(entry.event.action), escape(source)
        )
    console.print(table)
    console.print(f"[bold]{escape(result.next_step())}[/bold]", highlight=False)
    if result.note:
        console.print(f"[yellow]Note:[/yellow] {escape(result.note)}", highlight=False)
    console.print(f"[dim]{escape(NOT_THE_NRMP)}[/dim]", highlight=False)
