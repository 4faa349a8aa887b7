"""``matchpilot soap``: Match Week — SOAP eligibility, the hour-by-hour timeline in your time zone, documents
and their assignment, distribution plans, the unfilled list, the 45-application plan, offers with the
decision help, the SOAP simulator, after SOAP, and the interview cheat sheet.

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
from rich.padding import Padding
from rich.table import Table

from matchpilot.cli.common import console, err_console, get_services, print_issues, reading_width
from matchpilot.errors import InputError
from matchpilot.io.format_names import CHECKLIST_FORMAT, ELIGIBILITY_FORMAT, PLAN_FORMAT, TIMELINE_FORMAT

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from matchpilot.domain.portfolio import CategoryBounds
    from matchpilot.services.soap import Eligibility, LoadedRules, MatchStatus, Reason, Timeline
    from matchpilot.services.soap_week import DecisionReport, PlanReport

__all__ = [
    "after",
    "app",
    "applications_app",
    "cheatsheet",
    "checklist",
    "documents_app",
    "eligibility",
    "offer_app",
    "plan",
    "plans_app",
    "simulate",
    "timeline",
    "unfilled_app",
]

app = typer.Typer(
    help="Match Week (SOAP): whether you may take part, the hour-by-hour timeline in your own time zone with "
    "iCalendar reminders, your documents and distribution plans, the plan on the unfilled list, offers with "
    "the decision help, and what to do after SOAP. Rules are dated data with sources (see `matchpilot rules "
    "show`).",
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
    status: str | None = typer.Option(
        None,
        "--status",
        help="Your Match result: unmatched, partial-advanced (an advanced PGY-2 match without a PGY-1), "
        "partial-pgy1 (a PGY-1 match without the advanced position) or matched (default: what you told "
        "`matchpilot soap facts`, else unmatched).",
    ),
    registered: bool | None = typer.Option(
        None,
        "--registered/--not-registered",
        help="Whether you are registered for the Main Residency Match (default: what you told `matchpilot soap "
        "facts`; unknown until you say).",
    ),
    ecfmg: bool | None = typer.Option(
        None,
        "--ecfmg/--no-ecfmg",
        help="Whether you are (were) ECFMG certified by the rank order list certification deadline "
        "(default: what you told `matchpilot soap facts`, else what your profile says).",
    ),
    conflict: bool = typer.Option(
        False, "--conflict", help="You accepted a commitment outside the Match that conflicts with it."
    ),
    year: int | None = typer.Option(None, "--year", help="The Match year (default: the next Match Week)."),
    as_json: bool = typer.Option(False, "--json", help=f"Print JSON (format {ELIGIBILITY_FORMAT})."),
    rules_file: Path | None = rules_option(),
) -> None:
    """Check whether you may take part in SOAP and for which positions, with reasons citing each rule's
    source and year, and what to do instead when SOAP is closed to you (the post-SOAP, off-cycle route).
    Uses your stored profile (applicant type, ECFMG certification)."""
    from matchpilot.io.soap_json import eligibility_to_dict
    from matchpilot.services.soap import soap_eligibility
    from matchpilot.services.soap_week import facts_status, get_facts

    services = get_services()
    soap_status = facts_status(
        get_facts(services),
        registered=registered,
        ecfmg=ecfmg,
        match_status=None if status is None else _match_status(status),
        conflicting_commitment=conflict,
    )
    chosen_year = _year(year)
    loaded = load(rules_file)
    result = soap_eligibility(services, soap_status, loaded.rules, year=chosen_year)
    if as_json:
        typer.echo(json.dumps(eligibility_to_dict(result), indent=2, ensure_ascii=False))
        return
    _print_eligibility(result)
    unknown = [r.code for r in result.reasons if r.met is None and r.code in _ASKED]
    if unknown:
        answers = " ".join(f"--set {_ASKED[code]}=yes|no" for code in unknown)
        console.print(f"Tell matchpilot: [bold]matchpilot soap facts {answers}[/bold]", highlight=False)


_ASKED = {"registered": "registered", "ecfmg": "ecfmg"}


@app.command("facts")
def facts(
    set_: list[str] = typer.Option(
        [],
        "--set",
        metavar="FACT=ANSWER",
        help="registered=yes|no|unknown (registered for the Main Residency Match), ecfmg=yes|no|unknown "
        "(ECFMG certified by the rank order list certification deadline) or status=unmatched|partial-advanced|"
        "partial-pgy1|matched (your Match result; empty to forget). Repeatable.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Tell matchpilot what eligibility cannot know (stored for you): whether you are registered for the Main
    Residency Match, whether you are ECFMG certified by the rank order list certification deadline, and your
    Match result. Without --set, show your answers."""
    from matchpilot.services.soap_week import get_facts, set_facts

    services = get_services()
    answers: dict[str, str] = {}
    for item in set_:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"--set {item!r}: write FACT=ANSWER, e.g. registered=yes")
        answers[name.strip().lower()] = value
    told = set_facts(services, answers) if answers else get_facts(services)
    shown = {"registered": told.answer("registered"), "ecfmg": told.answer("ecfmg"), "status": told.status_key}
    if as_json:
        typer.echo(json.dumps(shown, indent=2))
        return
    console.print(f"Registered for the Main Residency Match: {shown['registered']}", highlight=False)
    console.print(f"ECFMG certified by the rank order list certification deadline: {shown['ecfmg']}", highlight=False)
    console.print(f"Match result: {shown['status'] or 'not told (unmatched assumed for plans)'}", highlight=False)


@app.command("checklist")
def checklist(
    tick: list[str] = typer.Option([], "--tick", metavar="ITEM", help="Mark ITEM done (an id; repeatable)."),
    untick: list[str] = typer.Option([], "--untick", metavar="ITEM", help="Mark ITEM not done (repeatable)."),
    year: int | None = typer.Option(None, "--year", help="The Match year (default: the season under way)."),
    now_text: str | None = typer.Option(
        None, "--now", metavar="ISO", help="Pretend it is this moment (ISO 8601; without an offset, UTC). Default: now."
    ),
    as_json: bool = typer.Option(False, "--json", help=f"Print JSON (format {CHECKLIST_FORMAT})."),
    rules_file: Path | None = rules_option(),
) -> None:
    """The readiness checklist for the months before Match Week (registration, ECFMG status, documents, three
    personal statements, letters, distribution plans, the cheat sheet, a rehearsal...), each item with a due
    date computed from the season's dated rules; overdue items are marked. --tick and --untick record what
    you have done (stored for you, per Match year)."""
    from matchpilot.services.soap_checklist import change_checklist, readiness

    services = get_services()
    from matchpilot.services.soap import resolve_zone

    now = _now(now_text, resolve_zone("UTC"))
    loaded = load(rules_file)
    chosen = _year(year)
    if tick or untick:
        view = change_checklist(services, loaded.rules, tick=tick, untick=untick, now=now, year=chosen)
        if not as_json:
            err_console.print(f"Saved: {len(tick)} ticked, {len(untick)} unticked.", highlight=False)
    else:
        view = readiness(services, loaded.rules, now=now, year=chosen)
    if as_json:
        typer.echo(json.dumps(view.to_dict(), indent=2, ensure_ascii=False))
        return
    _print_checklist(view)


def _print_checklist(view: object) -> None:
    from matchpilot.services.soap_checklist import ChecklistView, ItemState

    assert isinstance(view, ChecklistView)
    result = view.checklist
    width = reading_width()
    console.print(
        f"[bold]Ready for Match Week {result.year}:[/bold] {result.done} of {len(result.entries)} done"
        + (f", [bold red]{len(result.overdue)} overdue[/bold red]" if result.overdue else ""),
        highlight=False,
    )
    marks = {
        ItemState.DONE: "[green]DONE[/green]",
        ItemState.OVERDUE: "[bold red]OVERDUE[/bold red]",
        ItemState.DUE_SOON: "[bold yellow]DUE SOON[/bold yellow]",
        ItemState.UPCOMING: "TO DO",
        ItemState.UNDATED: "TO DO",
    }
    answers = {"yes": "yes", "no": "no", "unknown": "not answered yet"}
    for entry in result.entries:
        due = "no date" if entry.due is None else entry.due.strftime("%a %d %b %Y, %H:%M ET")
        console.print()
        console.print(
            f"{marks[entry.state]} [bold]{escape(entry.item.title)}[/bold]",
            highlight=False,
            soft_wrap=False,
            width=width,
        )
        lines = [f"id: {entry.item.id}; due {due} ({entry.due_source})", entry.item.why]
        if entry.item.fact:
            lines.append(f"Eligibility knows: {answers[view.facts.get(entry.item.fact, 'unknown')]}.")
        for line in lines:
            console.print(
                Padding(escape(line), (0, 0, 0, 4), expand=False), highlight=False, soft_wrap=False, width=width
            )
    if result.note:
        console.print(f"[yellow]Note:[/yellow] {escape(result.note)}", highlight=False, soft_wrap=False, width=width)


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
    as_json: bool = typer.Option(False, "--json", help=f"Print JSON (format {TIMELINE_FORMAT})."),
    rules_file: Path | None = rules_option(),
) -> None:
    """Show Match Week hour by hour in your time zone (daylight saving time included), what to do at each
    step, the next step with a countdown, and where each time comes from. With --ics, write calendar
    reminders you can import into any calendar (with the due dates of the readiness checklist)."""
    from matchpilot.io.soap_json import timeline_to_dict
    from matchpilot.services.soap import DEFAULT_REMINDERS, soap_timeline, write_icalendar

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
        from matchpilot.services.soap_checklist import readiness

        reminders = tuple(timedelta(minutes=m) for m in remind) if remind else DEFAULT_REMINDERS
        ready = readiness(get_services(), loaded.rules, now=now, year=result.year).checklist
        count = write_icalendar(result, ics, dtstamp=now, reminders=reminders, checklist=ready)
        todos = sum(1 for entry in ready.entries if entry.due is not None)
        err_console.print(
            f"Wrote {count} events with reminders to {ics}, and the readiness checklist's {todos} items as "
            "to-dos with their due dates (import it into your calendar)."
        )


def _print_timeline(result: Timeline) -> None:
    """Each event as a short block (time and title, then what to do and the source, indented), so the timeline
    reads well in a terminal 80 columns wide."""
    from matchpilot.services.soap import NOT_THE_NRMP, Phase, format_local

    width = reading_width()
    console.print(f"[bold]Match Week {result.year}[/bold] in {escape(result.zone)}", highlight=False)
    marks = {
        Phase.PAST: "[dim]done[/dim] ",
        Phase.NOW: "[bold green]NOW[/bold green] ",
        Phase.NEXT: "[bold]NEXT[/bold] ",
    }
    for entry in result.entries:
        when = format_local(entry.start)
        if entry.end is not None:
            same_day = entry.end.date() == entry.start.date()
            when += f" to {entry.end.strftime('%H:%M') if same_day else format_local(entry.end)}"
        projected = " [yellow](projected)[/yellow]" if entry.event.projected else ""
        console.print()
        console.print(
            f"{marks.get(entry.phase, '')}[bold]{escape(when)}[/bold]  {escape(entry.event.title)}{projected}",
            highlight=False,
            soft_wrap=False,
            width=width,
        )
        if entry.event.action:
            console.print(
                Padding(escape(entry.event.action), (0, 0, 0, 2), expand=False),
                highlight=False,
                soft_wrap=False,
                width=width,
            )
        source = f"Source: {entry.event.source}, checked {entry.event.checked}."
        if entry.event.note:
            source += f" {entry.event.note}"
        console.print(
            Padding(f"[dim]{escape(source)}[/dim]", (0, 0, 0, 2), expand=False),
            highlight=False,
            soft_wrap=False,
            width=width,
        )
    console.print()
    console.print(f"[bold]{escape(result.next_step())}[/bold]", highlight=False, soft_wrap=False, width=width)
    if any(entry.event.projected for entry in result.entries):
        console.print(
            "[yellow](projected)[/yellow]: no official page confirms that time for the year; correct it in your "
            "rules file when the NRMP publishes it.",
            highlight=False,
            soft_wrap=False,
            width=width,
        )
    if result.note:
        console.print(f"[yellow]Note:[/yellow] {escape(result.note)}", highlight=False, soft_wrap=False, width=width)
    console.print(f"[dim]{escape(NOT_THE_NRMP)}[/dim]", highlight=False, soft_wrap=False, width=width)


# --- documents ----------------------------------------------------------------------------------------------------

documents_app = typer.Typer(
    help="Your SOAP documents: personal statement variants (at least pmr, prelim, general) and letters of "
    "recommendation, and the rule that assigns them to applications.",
    no_args_is_help=True,
)
add_app = typer.Typer(help="Store a personal statement variant or a letter of recommendation.", no_args_is_help=True)
documents_app.add_typer(add_app, name="add")
app.add_typer(documents_app, name="documents")


def _text_of(text: str | None, file: Path | None, *, what: str) -> str:
    if text is not None and file is not None:
        raise InputError(f"give the {what} with --text or --file, not both")
    if file is None:
        return text or ""
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise InputError(f"{file}: cannot read the {what} ({reason})") from None


@add_app.command("statement")
def add_statement(
    key: str = typer.Argument(..., help="The variant's key: pmr, prelim, general, or your own (e.g. im)."),
    title: str = typer.Option(..., "--title", help='Its label in ERAS, e.g. "PM&R SOAP PS".'),
    text: str | None = typer.Option(None, "--text", help="The statement's text."),
    file: Path | None = typer.Option(None, "--file", metavar="FILE", help="Read the text from a UTF-8 file."),
) -> None:
    """Store a personal statement variant (replacing the one with the same key)."""
    from matchpilot.services.soap_week import add_statement as store

    replaced = store(get_services(), key, title, _text_of(text, file, what="statement"))
    console.print(f"{'Replaced' if replaced else 'Stored'} personal statement {escape(key)!s}.", highlight=False)


@add_app.command("letter")
def add_letter(
    key: str = typer.Argument(..., help="The letter's key, e.g. letter-pmr-1."),
    writer: str = typer.Option(..., "--writer", help="Who wrote it."),
    specialty: str = typer.Option(..., "--specialty", help="The writer's specialty, e.g. PM&R."),
    title: str = typer.Option("", "--title", help="A label (default: Letter from WRITER)."),
    text: str | None = typer.Option(None, "--text", help="The letter, or a note on where it is."),
    file: Path | None = typer.Option(None, "--file", metavar="FILE", help="Read the text from a UTF-8 file."),
) -> None:
    """Store a letter of recommendation (replacing the one with the same key)."""
    from matchpilot.services.soap_week import add_letter as store

    replaced = store(get_services(), key, writer, specialty, title=title, text=_text_of(text, file, what="letter"))
    console.print(f"{'Replaced' if replaced else 'Stored'} letter {escape(key)}.", highlight=False)


@documents_app.command("list")
def list_documents(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List your statement variants, letters and the assignment rule in force."""
    from matchpilot.services.soap_week import CATEGORIES, CATEGORY_LABELS, documents

    docs = documents(get_services())
    if as_json:
        data = {
            "statements": [{"key": s.key, "title": s.title, "text": s.text} for s in docs.statements],
            "letters": [
                {"key": x.key, "writer": x.writer, "specialty": x.specialty, "text": x.text} for x in docs.letters
            ],
            "rule": [
                {"target": e.target, "statement": e.statement, "letters": list(e.letters)}
                for e in docs.rule.entries.values()
            ],
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    table = Table(title="Personal statement variants", title_justify="left")
    table.add_column("key")
    table.add_column("title")
    table.add_column("words", justify="right")
    for statement in docs.statements:
        table.add_row(escape(statement.key), escape(statement.title), str(len(statement.text.split())))
    console.print(table if docs.statements else "[yellow]No personal statement stored.[/yellow]")
    letters = Table(title="Letters of recommendation", title_justify="left")
    letters.add_column("key")
    letters.add_column("writer")
    letters.add_column("specialty")
    for letter in docs.letters:
        letters.add_row(escape(letter.key), escape(letter.writer), escape(letter.specialty))
    console.print(letters if docs.letters else "[yellow]No letter stored.[/yellow]")
    rule = Table(title="Assignment rule", title_justify="left")
    rule.add_column("applications to")
    rule.add_column("personal statement")
    rule.add_column("letters")
    stored = docs.statement_map
    for target, entry in sorted(docs.rule.entries.items(), key=lambda kv: (kv[0] not in CATEGORIES, kv[0])):
        label = CATEGORY_LABELS.get(target, target)
        variant = escape(entry.statement or "none")
        if entry.statement and entry.statement not in stored:
            variant += " [red](missing)[/red]"
        rule.add_row(escape(label), variant, escape(", ".join(entry.letters) or "automatic (same specialty first)"))
    console.print(rule)


@documents_app.command("remove")
def remove_document(
    kind: str = typer.Argument(..., help="statement or letter."),
    key: str = typer.Argument(..., help="The document's key."),
) -> None:
    """Forget a statement variant or a letter."""
    from matchpilot.services.soap_week import remove_document as remove

    remove(get_services(), kind, key)
    console.print(f"Removed {escape(kind)} {escape(key)}.", highlight=False)


@documents_app.command("assign")
def assign(
    target: str = typer.Argument(..., help="pmr, prelim, other, or specialty:NAME (e.g. 'specialty:Neurology')."),
    statement: str | None = typer.Option(None, "--statement", help="The statement variant's key."),
    letter: list[str] = typer.Option(
        [], "--letter", help="A letter's key (repeatable; none: chosen automatically, same specialty first)."
    ),
) -> None:
    """Set which statement variant and letters go with applications to a category or a specialty."""
    from matchpilot.services.soap_week import set_assignment

    entry = set_assignment(get_services(), target, statement, letter)
    letters = ", ".join(entry.letters) or "automatic"
    console.print(
        f"Applications to {escape(entry.target)}: statement {escape(entry.statement or 'none')}, letters "
        f"{escape(letters)}.",
        highlight=False,
    )


# --- distribution plans ------------------------------------------------------------------------------------------

plans_app = typer.Typer(
    help="Distribution plans prepared in advance (the guide's best case / worst case), stored by name.",
    no_args_is_help=True,
)
app.add_typer(plans_app, name="plans")


def _bounds(pmr: str | None, prelim: str | None, other: str | None) -> dict[str, CategoryBounds]:
    from matchpilot.services.soap_week import parse_bounds_text

    out: dict[str, CategoryBounds] = {}
    for name, text in (("pmr", pmr), ("prelim", prelim), ("other", other)):
        if text is not None:
            out[name] = parse_bounds_text(text, where=f"--{name}")
    return out


@plans_app.command("add")
def add_plan(
    name: str = typer.Argument(..., help="The plan's name, e.g. best-case."),
    pmr: str | None = typer.Option(None, "--pmr", metavar="RANGE", help="PM&R applications, e.g. 20-25."),
    prelim: str | None = typer.Option(
        None, "--prelim", metavar="RANGE", help="Preliminary or transitional (PGY-1) applications, e.g. 10-15."
    ),
    other: str | None = typer.Option(
        None, "--other", metavar="RANGE", help="Categorical alternatives you would accept, e.g. 0-5."
    ),
    max_applications: int | None = typer.Option(
        None, "--max", help="At most this many applications (default: the year's SOAP cap)."
    ),
    default: bool = typer.Option(False, "--default", help="Make it the plan `soap plan` uses without --plan."),
    note: str = typer.Option("", "--note", help="A note for yourself."),
    rules_file: Path | None = rules_option(),
) -> None:
    """Store a distribution plan (replacing the one with the same name). A RANGE is 20-25, 10 or 5+; a
    category left out is not bounded."""
    from matchpilot.services.soap_week import add_plan as store
    from matchpilot.services.soap_week import format_bounds

    bounds = _bounds(pmr, prelim, other)
    loaded = load(rules_file)
    plan = store(
        get_services(), name, bounds, rules=loaded.rules, max_applications=max_applications, default=default, note=note
    )
    shown = ", ".join(f"{k} {format_bounds(b)}" for k, b in plan.bounds.items()) or "no bounds"
    console.print(
        f"Stored plan {escape(plan.name)} ({escape(shown)}){' — the default' if plan.default else ''}.",
        highlight=False,
    )


@plans_app.command("list")
def list_plans(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List your distribution plans; the default is marked."""
    from matchpilot.services.soap_week import format_bounds
    from matchpilot.services.soap_week import list_plans as stored

    plans = stored(get_services())
    if as_json:
        data = [
            {
                "name": p.name,
                "default": p.default,
                "max_applications": p.max_applications,
                "bounds": {k: [b.min, b.max] for k, b in p.bounds.items()},
                "note": p.note,
            }
            for p in plans
        ]
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not plans:
        console.print("No plan stored yet: `matchpilot soap plans add worst-case --pmr 5-15 --prelim 20-30 --default`.")
        return
    table = Table(show_header=True)
    for column in ("plan", "PM&R", "prelim/transitional", "other", "at most", "note"):
        table.add_column(column, overflow="fold")
    for p in plans:
        cells = [format_bounds(p.bounds[c]) if c in p.bounds else "any" for c in ("pmr", "prelim", "other")]
        name = p.name + (" (default)" if p.default else "")
        table.add_row(escape(name), *cells, str(p.max_applications or "SOAP cap"), escape(p.note))
    console.print(table)


@plans_app.command("remove")
def remove_plan(name: str = typer.Argument(..., help="The plan's name.")) -> None:
    """Forget a distribution plan."""
    from matchpilot.services.soap_week import remove_plan as remove

    remove(get_services(), name)
    console.print(f"Removed plan {escape(name)}.", highlight=False)


# --- the unfilled list -------------------------------------------------------------------------------------------

unfilled_app = typer.Typer(
    help="The list of unfilled programs of Match Week (columns code, name, specialty, track, positions, state).",
    no_args_is_help=True,
)
app.add_typer(unfilled_app, name="unfilled")


@unfilled_app.command("import")
def import_unfilled(
    file: Path = typer.Argument(..., help="The unfilled list as CSV or XLSX."),
    use_map: bool = typer.Option(
        False, "--map", help="The file has its own column names: suggest which column is which and preview."
    ),
    yes: bool = typer.Option(False, "--yes", help="With --map: import without asking when the preview is clean."),
) -> None:
    """Import the unfilled list, replacing the stored one; a bad row is named with its row and column, and
    nothing is saved when any row is bad. With --map, a list whose columns have other names (Program Code,
    Program Name, ...) goes through a mapping step: the suggested column for each, and the first rows as they
    will be imported."""
    from matchpilot.services.soap_week import import_unfilled as run
    from matchpilot.services.soap_week import (
        import_unfilled_mapped,
        read_unfilled_table,
        unfilled_mapping_preview,
    )

    if not use_map:
        from matchpilot.errors import InvalidDataError

        try:
            report = run(get_services(), file)
        except InvalidDataError as error:
            if any(issue.code == "missing-column" for issue in error.issues):
                err_console.print("If the file names its columns its own way, import it with --map.")
            raise
    else:
        header, rows = read_unfilled_table(file)
        preview = unfilled_mapping_preview(header, rows)
        _print_unfilled_preview(preview)
        if not preview.ok:
            errors = [issue for issue in preview.parse.issues if issue.is_error]
            from matchpilot.errors import InvalidDataError

            raise InvalidDataError(
                f"{file.name}: the list read through this mapping has {len(errors)} error"
                f"{'s' if len(errors) != 1 else ''}; nothing was saved",
                preview.parse.issues,
            )
        if not yes and not typer.confirm(f"Import {len(preview.parse.programs)} programs?", default=True):
            console.print("Nothing was imported.")
            return
        report = import_unfilled_mapped(get_services(), header, rows, preview, file.name)
    console.print(
        f"Imported {report.programs} unfilled programs from {escape(report.source)}: {report.on_sheet} on your "
        f"sheet, {report.off_sheet} not on it (their facts unknown).",
        highlight=False,
    )


def _print_unfilled_preview(preview: object) -> None:
    from matchpilot.services.soap_week import UnfilledPreview

    assert isinstance(preview, UnfilledPreview)
    table = Table(title="Columns", title_justify="left")
    for column in ("file column", "read as", "why"):
        table.add_column(column, overflow="fold")
    for suggestion in preview.suggestions:
        target = preview.mapping.target_of(suggestion.column)
        table.add_row(escape(suggestion.column), target or "[dim]extra column[/dim]", escape(suggestion.reason))
    console.print(table)
    rows = Table(title="The first rows as they will be imported", title_justify="left")
    rows.add_column("row")
    for cell in preview.rows[0].cells if preview.rows else ():
        rows.add_column(cell.column, overflow="fold")
    for row in preview.rows:
        shown = []
        for cell in row.cells:
            text = escape(cell.text) + (f" [dim](was {escape(cell.original.strip())})[/dim]" if cell.changed else "")
            shown.append(f"[red]{text} ✕ {escape('; '.join(cell.problems))}[/red]" if cell.error else text)
        rows.add_row(str(row.row), *shown)
    console.print(rows)
    for problem in preview.problems:
        console.print(f"[red]{escape(problem)}[/red]", highlight=False)


@unfilled_app.command("demo")
def unfilled_demo(seed: int | None = typer.Option(None, "--seed", help="Another fictional list.")) -> None:
    """Import a fictional unfilled list drawn from your sheet (to try Match Week on the demo data)."""
    from matchpilot.services.soap_week import import_demo_unfilled

    report = import_demo_unfilled(get_services(), seed=seed)
    console.print(
        f"Imported a fictional unfilled list of {report.programs} programs ({report.off_sheet} not on your sheet).",
        highlight=False,
    )


@unfilled_app.command("show")
def show_unfilled() -> None:
    """Show the stored unfilled list."""
    from matchpilot.services.soap_week import stored_unfilled

    programs, source = stored_unfilled(get_services())
    if not programs:
        console.print("No unfilled list stored: `matchpilot soap unfilled import FILE.csv`.")
        return
    table = Table(title=f"Unfilled list ({escape(source or '')})", title_justify="left")
    for column in ("code", "name", "specialty", "track", "positions", "state"):
        table.add_column(column, overflow="fold")
    for p in programs:
        table.add_row(p.code, escape(p.name), escape(p.specialty), p.track.value, str(p.positions), p.state or "")
    console.print(table)


# --- the plan ----------------------------------------------------------------------------------------------------


@app.command("plan")
def plan(
    unfilled: Path | None = typer.Option(
        None, "--unfilled", metavar="FILE", help="The unfilled list (CSV/XLSX; default: the imported one)."
    ),
    plan_name: str | None = typer.Option(None, "--plan", help="The stored plan to use (default: your default)."),
    status: str = typer.Option(
        "unmatched", "--status", help="unmatched, partial-advanced or partial-pgy1 (complementary positions only)."
    ),
    as_json: bool = typer.Option(False, "--json", help=f"Print JSON (format {PLAN_FORMAT})."),
    csv_file: Path | None = typer.Option(
        None, "--csv", metavar="FILE", help="Also write the application list as CSV to FILE."
    ),
    save: bool = typer.Option(
        False, "--save", help="Store the plan's applications as the applications you sent (replacing them)."
    ),
    rules_file: Path | None = rules_option(),
) -> None:
    """Instantiate a distribution plan on the unfilled list: the best applications under the SOAP cap and the
    plan's bounds, never a program whose sheet says it does not sponsor your visa, each with its personal
    statement and letters; every program of the list is applied to or excluded with a reason."""
    from matchpilot.services.soap_week import plan_csv, read_unfilled_file, save_plan_applications, soap_plan

    match_status = _match_status(status)
    if match_status.value == "matched":
        raise InputError("--status matched: matched applicants do not take part in SOAP")
    programs = read_unfilled_file(unfilled) if unfilled is not None else None
    loaded = load(rules_file)
    report = soap_plan(
        get_services(),
        loaded.rules,
        plan_name=plan_name,
        unfilled=programs,
        unfilled_source=str(unfilled) if unfilled else None,
        match_status=match_status,
    )
    if csv_file is not None:
        try:
            csv_file.write_bytes(plan_csv(report))
        except OSError as error:
            raise InputError(f"{csv_file}: cannot write the list ({error.strerror or error})") from None
        err_console.print(f"Wrote {len(report.plan.applications)} applications to {csv_file}.")
    if save:
        if unfilled is not None:
            raise InputError("--save: save the applications of the imported unfilled list (leave out --unfilled)")
        stored = save_plan_applications(get_services(), report, rules=loaded.rules, now=datetime.now(UTC))
        err_console.print(f"Stored {stored} applications as the ones you sent.")
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    _print_plan(report)


def _print_plan(report: PlanReport) -> None:
    from matchpilot.services.soap_week import CATEGORY_LABELS, format_bounds

    built = report.plan
    counts = ", ".join(f"{n} {CATEGORY_LABELS[c]}" for c, n in built.by_category.items() if n)
    bounds = ", ".join(f"{c} {format_bounds(b)}" for c, b in built.bounds.items()) or "no bounds"
    console.print(
        f"[bold]Plan {escape(built.plan)}[/bold] on {escape(report.unfilled_source)}: "
        f"[bold]{len(built.applications)}[/bold] of at most {built.limit} applications ({escape(counts or 'none')}); "
        f"bounds {escape(bounds)}.",
        highlight=False,
    )
    table = Table(show_header=True)
    for column in ("#", "program", "kind", "visa", "statement", "letters", "chance", "why"):
        table.add_column(column, overflow="fold")
    for number, a in enumerate(built.applications, start=1):
        visa = {"yes": "[green]yes[/green]", "unknown": "[yellow]unknown[/yellow]"}.get(a.visa, a.visa)
        table.add_row(
            str(number),
            f"{escape(a.name)}\n[dim]{a.code}[/dim]",
            f"{a.category}, {a.track.value}",
            visa,
            escape(a.personal_statement or "MISSING"),
            escape(", ".join(a.letters)),
            f"{a.chance.low:.0%}-{a.chance.high:.0%}",
            escape(a.why),
        )
    console.print(table)
    if built.excluded:
        console.print(f"[bold]Excluded ({len(built.excluded)}):[/bold]", highlight=False)
        for x in built.excluded:
            console.print(f"  - {x.code} {escape(x.name)}: {escape(x.reason)}", highlight=False, soft_wrap=True)
    for line in built.targets_not_met:
        console.print(f"[bold yellow]{escape(line)}[/bold yellow]", highlight=False)
    for warning in built.warnings:
        console.print(f"[yellow]Warning:[/yellow] {escape(warning)}", highlight=False)
    console.print(f"[dim]SOAP cap: {escape(report.cap_citation)}; {escape(report.letters_citation)}.[/dim]")


# --- the applications sent ----------------------------------------------------------------------------------------

applications_app = typer.Typer(
    help="The SOAP applications you actually sent: only a program you applied to can make you an offer.",
    no_args_is_help=True,
)
app.add_typer(applications_app, name="applications")


@applications_app.command("list")
def list_applications(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the applications you sent."""
    from matchpilot.services.soap_week import applications

    sent = applications(get_services())
    if as_json:
        rows = [{"code": a.code, "name": a.name, "category": a.category, "offered": a.offered} for a in sent]
        typer.echo(json.dumps({"applications": rows}, indent=2, ensure_ascii=False))
        return
    if not sent:
        console.print("No application recorded yet: save your plan's applications, or add them by code.")
        return
    table = Table(title=f"{len(sent)} applications sent", title_justify="left")
    for column in ("program", "kind", "offer"):
        table.add_column(column, overflow="fold")
    for a in sent:
        table.add_row(f"{escape(a.name)}\n[dim]{a.code}[/dim]", a.category, "yes" if a.offered else "")
    console.print(table)


@applications_app.command("add")
def add_applications(
    codes: list[str] = typer.Argument(..., help="Program codes of the unfilled list."),
    now_text: str | None = typer.Option(None, "--now", metavar="ISO", help="The moment (ISO 8601), to rehearse."),
    rules_file: Path | None = rules_option(),
) -> None:
    """Add programs you applied to (at most the year's SOAP cap in all; nothing is saved when a code is bad)."""
    from matchpilot.services.soap_week import add_applications as add

    now = _now(now_text, _zone("UTC"))
    added = add(get_services(), codes, rules=load(rules_file).rules, now=now)
    console.print(f"Added {added} application{'s' if added != 1 else ''}.", highlight=False)


@applications_app.command("remove")
def remove_applications(codes: list[str] = typer.Argument(..., help="Program codes.")) -> None:
    """Remove applications recorded by mistake (not one whose program made you an offer)."""
    from matchpilot.services.soap_week import remove_applications as remove

    removed = remove(get_services(), codes)
    console.print(f"Removed {removed} application{'s' if removed != 1 else ''}.", highlight=False)


# --- offers ------------------------------------------------------------------------------------------------------

offer_app = typer.Typer(
    help="SOAP offers: record them, set their status, and weigh accepting now against waiting.",
    no_args_is_help=True,
)
app.add_typer(offer_app, name="offer")


NOW_HELP = "Pretend it is this moment (ISO 8601; without an offset it is read in --tz), to rehearse. Default: now."


@offer_app.command("record")
def record_offer(
    code: str = typer.Argument(..., help="The program's code (one you applied to, from the unfilled list)."),
    round_number: int = typer.Option(..., "--round", help="The offer round (1 to the year's number of rounds)."),
    deadline: str | None = typer.Option(
        None,
        "--deadline",
        metavar="ISO",
        help="When the offer expires, if before its round ends (ISO 8601; without an offset, read in --tz). "
        "Default: the end of its round.",
    ),
    now_text: str | None = typer.Option(None, "--now", metavar="ISO", help=NOW_HELP),
    tz: str | None = typer.Option(None, "--tz", metavar="ZONE", help="Your time zone (default: this machine's)."),
    rules_file: Path | None = rules_option(),
) -> None:
    """Record an offer a program made you during its round. Only a program you applied to can make you an offer,
    at most one; an offer is open until its round ends; after an acceptance no offer can be recorded (it is
    binding and ends SOAP)."""
    from matchpilot.services.soap_week import record_offer as record

    zone = _zone(tz)
    now = _now(now_text, zone)
    when = _now(deadline, zone) if deadline is not None else None
    loaded = load(rules_file)
    offer = record(get_services(), code, round_number, when, rules=loaded.rules, now=now)
    closes = offer.deadline.astimezone(zone).strftime("%a %d %b %Y, %H:%M %Z") if offer.deadline else "unknown"
    console.print(
        f"Recorded the round {offer.round} offer of {escape(offer.name)} ({offer.code}), open until {closes}.",
        highlight=False,
    )


@offer_app.command("set")
def set_offer(
    code: str = typer.Argument(..., help="The program's code."),
    status: str = typer.Argument(..., help="accepted, declined or expired."),
    now_text: str | None = typer.Option(None, "--now", metavar="ISO", help=NOW_HELP),
    tz: str | None = typer.Option(None, "--tz", metavar="ZONE", help="Your time zone (default: this machine's)."),
    rules_file: Path | None = rules_option(),
) -> None:
    """Answer an offer before its round ends. Accepting declines your other open offers: an acceptance is
    binding and ends your SOAP. An offer whose round has ended has expired and cannot be accepted."""
    from matchpilot.services.soap_week import set_offer_status

    now = _now(now_text, _zone(tz))
    loaded = load(rules_file)
    set_offer_status(get_services(), code, status, rules=loaded.rules, now=now)
    console.print(f"The offer of {escape(code)} is now {escape(status.strip().lower())}.", highlight=False)


@offer_app.command("list")
def list_offers(
    now_text: str | None = typer.Option(None, "--now", metavar="ISO", help=NOW_HELP),
    tz: str | None = typer.Option(None, "--tz", metavar="ZONE", help="Your time zone (default: this machine's)."),
    rules_file: Path | None = rules_option(),
) -> None:
    """List the offers you recorded, with their status now (an open offer whose round has ended is expired)."""
    from matchpilot.services.soap_week import list_offers as stored

    zone = _zone(tz)
    now = _now(now_text, zone)
    offers = stored(get_services(), now=now, rules=load(rules_file).rules)
    if not offers:
        console.print("No offer recorded yet.")
        return
    table = Table(show_header=True)
    for column in ("round", "program", "kind", "open until", "status"):
        table.add_column(column, overflow="fold")
    for o in offers:
        deadline = o.deadline.astimezone(zone).strftime("%a %d %b %H:%M %Z") if o.deadline else "unknown"
        table.add_row(str(o.round), f"{escape(o.name)}\n[dim]{o.code}[/dim]", o.category, deadline, o.status)
    console.print(table)


@offer_app.command("decide")
def decide(
    now_text: str | None = typer.Option(None, "--now", metavar="ISO", help=NOW_HELP),
    tz: str | None = typer.Option(None, "--tz", metavar="ZONE", help="Your time zone (default: this machine's)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    rules_file: Path | None = rules_option(),
) -> None:
    """Weigh accepting each open offer now against declining and waiting for the rounds ahead, on your own worths
    (`matchpilot soap offer worths`), with the worth of each choice and why. A partially matched applicant
    (`matchpilot soap facts --set status=...`) is advised on the positions that complete the match only."""
    from matchpilot.services.soap_week import decide_offers

    now = _now(now_text, _zone(tz))  # --now: rehearse any moment of Match Week
    loaded = load(rules_file)
    report = decide_offers(get_services(), loaded.rules, now=now)
    if as_json:
        from matchpilot.io.soap_json import decision_to_dict

        typer.echo(json.dumps(decision_to_dict(report), indent=2, ensure_ascii=False))
        return
    _print_decision(report)


@offer_app.command("worths")
def worths(
    set_: list[str] = typer.Option(
        [], "--set", metavar="KIND=N", help="The worth of a kind of position, 0 to 5 (repeatable); kinds below."
    ),
    reset: bool = typer.Option(False, "--reset", help="Forget your worths first (back to matchpilot's)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show or set what each kind of SOAP position is worth to you (0: no better than no position, 5: the best),
    with what to weigh for each: pmr-categorical, pmr-advanced-with-pgy1, pmr-advanced-without-pgy1,
    preliminary, transitional, other. The decision help uses these worths."""
    from matchpilot.services.soap_week import CONSIDERATIONS, KIND_LABELS, WORTH_KINDS, get_worths, set_worths

    services = get_services()
    changes: dict[str, str] = {}
    for item in set_:
        kind, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"--set {item!r}: write KIND=N, e.g. preliminary=2.5")
        if kind.strip() not in WORTH_KINDS:
            raise InputError(f"--set {item!r}: {kind.strip()!r} is not a kind; use one of {', '.join(WORTH_KINDS)}")
        changes[kind.strip()] = value
    current = set_worths(services, changes, reset=reset) if changes or reset else get_worths(services)
    if as_json:
        from matchpilot.io.soap_json import worths_to_dict

        typer.echo(json.dumps(worths_to_dict(current, WORTH_KINDS, KIND_LABELS), indent=2))
        return
    table = Table(show_header=True)
    table.add_column("kind", overflow="fold")
    table.add_column("worth", justify="right")
    table.add_column("what to weigh", overflow="fold")
    for kind in WORTH_KINDS:
        source = "yours" if kind in current.set_by_user else "matchpilot's"
        table.add_row(
            f"{escape(KIND_LABELS[kind])}\n[dim]{kind}[/dim]",
            f"{current.of(kind):g}\n[dim]{source}[/dim]",
            escape(CONSIDERATIONS[kind]),
        )
    console.print(table)


def _print_decision(report: DecisionReport) -> None:
    decision = report.decision
    if report.note:
        console.print(escape(report.note), highlight=False)
    if decision is not None and len(decision.options) > 1:
        console.print(f"[bold]Round {decision.round} of {decision.rounds}[/bold]", highlight=False)
        table = Table(show_header=True)
        table.add_column("choice", overflow="fold")
        table.add_column("worth to you", justify="right")
        table.add_column("why", overflow="fold")
        for option in decision.options:
            mark = " [bold green](recommended)[/bold green]" if option is decision.best else ""
            table.add_row(escape(option.label) + mark, f"{option.value:.2f}", escape(option.why))
        console.print(table)
        console.print(f"[bold]Recommendation:[/bold] {escape(decision.best.label)}.", highlight=False)
    console.print(f"[bold yellow]{escape(report.reminder)}[/bold yellow]", highlight=False)
    console.print(f"[dim]{escape(report.notice)}[/dim]", highlight=False)


# --- simulator, after SOAP, cheat sheet ----------------------------------------------------------------------------


@app.command("simulate")
def simulate(
    seed: int = typer.Option(2027, "--seed", help="The seed of the fictional market (same seed, same result)."),
    variant: list[str] = typer.Option(
        [], "--variant", metavar="ROUNDS:CAP", help="A rule to compare, e.g. 3:45 (repeatable; default 3:45, 4:45)."
    ),
) -> None:
    """Simulate the SOAP offer rounds of a fictional market and compare rules (3 or 4 rounds, the cap):
    per-round offer chances, positions filled, applicants placed."""
    from matchpilot.services.soap_week import compare_soap_rules

    variants: list[tuple[int, int]] = []
    for text in variant or ["3:45", "4:45"]:
        rounds_text, _, cap_text = text.partition(":")
        if not (rounds_text.isdigit() and cap_text.isdigit()) or not (1 <= int(rounds_text) <= 20):
            raise InputError(f"--variant {text!r}: write ROUNDS:CAP, e.g. 4:45 (1 to 20 rounds)")
        if not 1 <= int(cap_text) <= 200:
            raise InputError(f"--variant {text!r}: the cap must be between 1 and 200")
        variants.append((int(rounds_text), int(cap_text)))
    table = Table(title=f"Simulated SOAP market (fictional, seed {seed})", title_justify="left")
    for column in ("rounds", "cap", "offer chance per round", "share of offers per round", "filled", "placed"):
        table.add_column(column, overflow="fold")
    for result in compare_soap_rules(variants, seed=seed):
        chances = " / ".join(f"{s.offer_chance:.0%}" for s in result.stats)
        shares = " / ".join(f"{s:.0%}" for s in result.offer_shares)
        table.add_row(
            str(result.rounds),
            str(result.cap),
            chances,
            shares,
            f"{result.filled}/{result.positions} ({result.fill_rate:.0%})",
            f"{result.placed_share:.0%} of {result.applicants}",
        )
    console.print(table)
    console.print("[dim]Every number of the market is an assumption, not NRMP data (docs/soap.md).[/dim]")


@app.command("after")
def after(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    rules_file: Path | None = rules_option(),
) -> None:
    """After SOAP: where you stand (matched-pmr, matched-pgy1, matched-other or unmatched) and the path to follow,
    step by step, with the next season's dates; when unmatched, the programs of the unfilled list for
    off-cycle outreach (PM&R first; those that do not sponsor your visa left out)."""
    from matchpilot.services.soap_week import after_soap

    result = after_soap(get_services(), load(rules_file).rules)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    width = reading_width()
    console.print(f"[bold]{escape(result.label)}[/bold]", highlight=False)
    if result.accepted is not None:
        console.print(f"You accepted {escape(result.accepted.name)} ({result.accepted.code}).", highlight=False)
    for number, step in enumerate(result.steps, start=1):
        console.print()
        console.print(f"[bold]{number}. {escape(step.title)}[/bold]", highlight=False, soft_wrap=False, width=width)
        console.print(
            Padding(escape(step.detail), (0, 0, 0, 3), expand=False), highlight=False, soft_wrap=False, width=width
        )
    if result.situation == "unmatched" and result.programs:
        console.print()
        table = Table(title="Programs for off-cycle outreach", title_justify="left")
        for column in ("program", "kind", "state", "visa"):
            table.add_column(column, overflow="fold")
        for p in result.programs:
            table.add_row(
                f"{escape(p.name)}\n[dim]{p.code}[/dim]", f"{p.category}, {p.track}", p.state or "", p.visa_words
            )
        console.print(table)
    for note in result.notes:
        console.print(f"[yellow]Note:[/yellow] {escape(note)}", highlight=False, soft_wrap=False, width=width)


@app.command("cheatsheet")
def cheatsheet(
    reason: list[str] = typer.Option([], "--reason", help="A core reason you chose PM&R (give 3 to save)."),
    quality: list[str] = typer.Option([], "--quality", help="A quality you bring (give 3 to save)."),
    story: list[str] = typer.Option([], "--story", help="A patient encounter that inspired you (give 2 to save)."),
    output: Path | None = typer.Option(None, "-o", "--output", metavar="FILE", help="Write the page to FILE."),
) -> None:
    """The one-page PM&R SOAP interview cheat sheet: save it (three --reason, three --quality, two --story),
    then print it (or write it to a file to print)."""
    from matchpilot.services.soap_week import cheatsheet_text, save_cheatsheet

    services = get_services()
    if reason or quality or story:
        save_cheatsheet(services, {"reasons": reason, "qualities": quality, "stories": story})
        err_console.print("Saved your cheat sheet.")
    text = cheatsheet_text(services)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise InputError(f"{output}: cannot write the cheat sheet ({error.strerror or error})") from None
        err_console.print(f"Wrote the cheat sheet to {output}.")
        return
    typer.echo(text, nl=False)
