"""``matchpilot letters``: draft letters to programs from templates and lint messages for NRMP compliance.

``letters lint`` follows ``spec/lint.md``: exit 0 when no file has an error finding, 1 when one has, 2 when the
input (a message or the context file) cannot be read. ``--json`` writes the ``matchpilot.lint-result/1`` format.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from matchpilot.cli.common import console, deliver, err_console, get_services
from matchpilot.errors import InputError, InvalidDataError
from matchpilot.io import files
from matchpilot.io.format_names import CONTEXT_FORMAT, LINT_RESULT_FORMAT
from matchpilot.letters.findings import RULES, SENDERS, Finding, LintSeverity
from matchpilot.letters.templates import (
    AAMC_ID_PLACEHOLDER,
    FIELD_SOURCES,
    TEMPLATES,
    LetterKind,
    MentorNotes,
    draft_letter,
    draft_mentor_letter,
    parse_interview_notes,
)

if TYPE_CHECKING:
    from matchpilot.letters.context import LintContext
    from matchpilot.services.letters import LintedMessage

__all__ = ["app"]

app = typer.Typer(
    help="Letters to programs: templates that keep to the NRMP's rules, a linter that flags what the rules "
    "forbid, and a log of what you sent and received.",
    no_args_is_help=True,
)


def _read_message(path: Path) -> str:
    """The text of one message file; InputError naming the file when it cannot be read or is empty."""
    text = files.read_text(path)
    if not text.strip():
        raise InputError(f"{path}: the message is empty")
    return text


def _read_context(path: Path) -> LintContext:
    from matchpilot.io.lint_json import parse_context  # the linter loads on first lint

    """The context file, checked; InputError/InvalidDataError naming the file when it cannot be used."""
    data = files.read_json(path)
    context, issues = parse_context(data)
    if context is None:
        raise InvalidDataError(
            f"{path}: the context file has errors (format {CONTEXT_FORMAT}, see docs/letters.md)", issues
        )
    return context


def _day(text: str | None, option: str) -> date | None:
    """An ISO date given on the command line (None when not given); InputError naming the option otherwise."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{option} {text!r} is not a date like 2026-01-20") from None


def _message_kind(kind: str) -> str:
    """A message kind from the command line, checked (InputError listing the kinds)."""
    from matchpilot.letters.cadence import MESSAGE_KINDS

    chosen = kind.strip().lower()
    if chosen not in MESSAGE_KINDS:
        raise InputError(f"unknown message kind {kind!r}; choose one of: {', '.join(MESSAGE_KINDS)}")
    return chosen


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


_STYLE = {LintSeverity.ERROR: "red", LintSeverity.WARNING: "yellow", LintSeverity.INFO: "cyan"}


def _print_findings(path: str, text: str, findings: Sequence[Finding]) -> None:
    if not findings:
        console.print(f"[green]{escape(path)}: no findings[/green]", highlight=False)
        return
    for finding in findings:
        line, column = _position(text, finding.start)
        style = _STYLE[finding.severity]
        console.print(
            f"{escape(path)}:{line}:{column}: [{style}]{finding.severity.value}[/{style}] "
            f"[bold]{finding.rule}[/bold]: {escape(finding.message)}",
            highlight=False,
            soft_wrap=True,
        )
        quoted = " ".join(text[finding.start : finding.end].split())
        console.print(f"    [dim]> {escape(quoted)}[/dim]", highlight=False, soft_wrap=True)
        if finding.suggestion:
            console.print(f"    suggestion: {escape(finding.suggestion)}", highlight=False, soft_wrap=True)


@app.command("lint")
def lint(
    files: list[Path] = typer.Argument(
        ..., help="Message files (plain UTF-8 text: optional Subject: line, then the body)."
    ),
    context_file: Path | None = typer.Option(
        None,
        "--context",
        help=f"A JSON file ({CONTEXT_FORMAT}, see docs/letters.md) with the message log, interviews, "
        "rank order list and SOAP window; enables the context rules.",
    ),
    as_json: bool = typer.Option(False, "--json", help=f"Write the {LINT_RESULT_FORMAT} JSON format."),
    program: str | None = typer.Option(
        None,
        "--program",
        help="The program the messages go to (its code). Without --context, the context rules then read your "
        "stored message log, interviews, rank order list (and the day you certified it), SOAP offers and the "
        "Match Week dates; with --context, it applies to files without a "
        "drafts entry.",
    ),
    kind: str = typer.Option("other", "--kind", help="The kind of message, with --program (e.g. thank-you)."),
    send_on: str | None = typer.Option(None, "--on", help="The day it will be sent, with --program (default today)."),
    sender: str = typer.Option(
        "me",
        "--from",
        help="Who wrote the messages: me (your own), program (a message a program sent you: what programs may not "
        "ask) or mentor (a letter written to a program on your behalf: pressure on the program).",
    ),
    rules: Path | None = typer.Option(
        None,
        "--rules",
        metavar="FILE",
        envvar="MATCHPILOT_RULES_FILE",
        help="Your corrections to the dated rules (TOML): the Match Week dates of the SOAP window, with --program.",
    ),
) -> None:
    """Check messages to programs against the NRMP communication rules and advisers' guidance.

    Exit code 0 when no file has an error finding, 1 when one has, 2 when a file cannot be read."""
    from matchpilot.letters.context import Draft  # the linter loads on first lint
    from matchpilot.services.letters import lint_context, lint_messages

    if sender not in SENDERS:
        err_console.print(
            f"[red]error:[/red] --from {escape(sender)!s} is not one of: me, program, mentor.", highlight=False
        )
        raise typer.Exit(2)
    texts = [(str(path), _read_message(path)) for path in files]
    if sender != "me":
        if context_file is not None or program is not None:
            err_console.print(
                "[yellow]note:[/yellow] --context and --program apply to your own messages; with --from "
                f"{sender} only the rules for messages from others run.",
                highlight=False,
            )
        _report(lint_messages(texts, sender=sender, today=date.today()), as_json)
        return
    context = _read_context(context_file) if context_file is not None else None
    given: Draft | None = None
    if program is not None:
        given = Draft(program.strip(), _message_kind(kind), _day(send_on, "--on"))
        if context is None:
            context = lint_context(get_services(), today=given.send_on, rules_path=rules)
    # the shell may read the clock; the core never does
    results = lint_messages(texts, context=context, draft=given, today=date.today())
    for result in results:
        if not result.in_context:
            err_console.print(
                f'[yellow]note:[/yellow] {escape(result.name)} has no entry under "drafts" in the context file; '
                "only the text rules apply to it.",
                highlight=False,
            )
    _report(results, as_json)


_CLEAN_MEANS = (
    "No findings is not a guarantee: the checks catch about nine in ten problems in wording they have never seen; "
    "sarcasm, idioms and a request spread over two sentences can slip through, so read it once more before you send it."
)
"""What a clean result means, as the Write page says it (the measured figure is in docs/letters.md)."""

_FINDINGS_MEAN = (
    "The checks can be wrong: about one message in 20 that keeps the rules still gets a finding, so read each reason "
    "and judge."
)
"""What a finding means, as the Write page says it (blind false-alarm rates of 4-5% in docs/letters.md)."""


def _report(results: list[LintedMessage], as_json: bool) -> None:
    """Print the findings (text or JSON) and exit 1 when any is an error."""
    from matchpilot.io.lint_json import lint_result_to_dict

    failed = any(f.is_error for result in results for f in result.findings)
    if as_json:
        document = lint_result_to_dict([(result.name, result.findings) for result in results])
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for result in results:
            _print_findings(result.name, result.text, result.findings)
        counts = {severity: 0 for severity in LintSeverity}
        for result in results:
            for finding in result.findings:
                counts[finding.severity] += 1
        console.print(
            f"{_count(len(results), 'file')}: {_count(counts[LintSeverity.ERROR], 'error')}, "
            f"{_count(counts[LintSeverity.WARNING], 'warning')}, {_count(counts[LintSeverity.INFO], 'note')}. "
            "matchpilot is not the NRMP; the current Match Participation Agreement governs.",
            highlight=False,
            soft_wrap=True,
        )
        if any(not result.findings for result in results):
            console.print(_CLEAN_MEANS, highlight=False, soft_wrap=True)
        if counts[LintSeverity.ERROR] or counts[LintSeverity.WARNING]:
            console.print(_FINDINGS_MEAN, highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(1)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@app.command("new")
def new(
    kind: str = typer.Argument(..., help=f"The kind of letter: {', '.join(k.value for k in LetterKind)}."),
    program: str = typer.Option(..., "--program", help="The program's code in your sheet."),
    interview_notes: str | None = typer.Option(
        None,
        "--interview-notes",
        help="Notes as 'interviewer: Dr. Name; date: 2026-01-12; discussed: ...' (also update:, highlight:, goal:).",
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the letter to this file instead of printing it."
    ),
) -> None:
    """Draft a letter to a program from your profile, its sheet row and your interview notes.

    Refuses (exit code 2) while a field the letter needs is missing, and lists each with where it comes from."""
    try:
        letter_kind = LetterKind(kind.strip().lower())
    except ValueError:
        raise InputError(
            f"unknown letter kind {kind!r}; choose one of: {', '.join(k.value for k in LetterKind)}"
        ) from None
    notes = None
    if interview_notes is not None:
        notes, issues = parse_interview_notes(interview_notes)
        if issues:
            raise InvalidDataError("the interview notes have errors", issues)
    services = get_services()
    profile = services.profile()
    if profile is None:
        raise InputError("no profile yet: load one with `matchpilot profile load FILE` first")
    chosen = services.get_program(program)
    from matchpilot.services import letters as letters_service

    if letter_kind is LetterKind.INTENT:
        holders = letters_service.intent_elsewhere(services, chosen.code)
        if holders:  # intent goes to one program only (seed 004)
            raise InputError(letters_service.intent_refusal(holders))
    text = draft_letter(letter_kind, profile, chosen, notes)
    # the shell may read the clock; the core never does
    (linted,) = letters_service.lint_messages([("draft", text)], today=date.today())
    findings = linted.findings
    blocking = [f for f in findings if f.is_error and text[f.start : f.end] != AAMC_ID_PLACEHOLDER]
    if blocking:  # a template must never produce this; say so rather than hide it
        _print_findings("draft", text, findings)
        raise typer.Exit(1)
    deliver(text, output, f"the {letter_kind.label}")
    for advice in letters_service.draft_advice(services, letter_kind, chosen, text):
        err_console.print(f"[yellow]note:[/yellow] {escape(advice)}", highlight=False)
    for finding in findings:
        if finding.rule == "first-choice-claim":
            err_console.print(
                "[cyan]note:[/cyan] this letter tells the program it is your first choice: send it to one program "
                "only, and rank that program first.",
                highlight=False,
            )
            break


@app.command("mentor")
def mentor(
    program: str = typer.Option(..., "--program", help="The program's code in your sheet."),
    name: str | None = typer.Option(None, "--mentor", help="The mentor's name and title as they sign."),
    role: str | None = typer.Option(None, "--role", help="The mentor's position and institution."),
    worked: str | None = typer.Option(
        None, "--worked", help="How the mentor knows you ('supervised her during a four-month observership')."
    ),
    strengths: str | None = typer.Option(None, "--strengths", help="What the mentor saw you do, specifically."),
    to: str | None = typer.Option(None, "--to", help="Whom the letter greets ('Dr. Ana Rivera' -> 'Dear Dr. Rivera')."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the letter to this file instead of printing it."
    ),
) -> None:
    """Draft a mentor's letter of support to a program, for your mentor to adapt and send: supportive and
    specific, with no pressure, no promise asked and no ranking information asked (checked with --from mentor).

    Refuses (exit code 2) while a field the letter needs is missing, and lists each with where it comes from."""
    services = get_services()
    profile = services.profile()
    if profile is None:
        raise InputError("no profile yet: load one with `matchpilot profile load FILE` first")
    chosen = services.get_program(program)
    text = draft_mentor_letter(profile, chosen, MentorNotes(name, role, worked, strengths), addressee=to)
    from matchpilot.services.letters import lint_messages  # the linter loads on first lint

    # the shell may read the clock; the core never does
    (linted,) = lint_messages([("draft", text)], sender="mentor", today=date.today())
    findings = linted.findings
    if findings:  # the template must never pressure; say so rather than hide it
        _print_findings("draft", text, findings)
        raise typer.Exit(1)
    deliver(text, output, "the mentor's letter")
    if AAMC_ID_PLACEHOLDER in text:
        err_console.print(
            f"[yellow]note:[/yellow] add your AAMC ID to your profile: the letter carries {AAMC_ID_PLACEHOLDER}.",
            highlight=False,
        )


@app.command("kinds")
def kinds() -> None:
    """List the kinds of letter and the fields each needs (and where they come from)."""
    for kind, template in TEMPLATES.items():
        console.print(f"[bold]{kind.value}[/bold]: {template.title}", highlight=False)
        optional = [name for name in template.fields if name not in template.required]
        console.print(f"    needs: {', '.join(template.required)}", highlight=False)
        if optional:
            console.print(f"    uses when known: {', '.join(optional)}", highlight=False)
    console.print("\nWhere fields come from:", highlight=False)
    for name, source in FIELD_SOURCES.items():
        console.print(f"    {name}: {escape(source)}", highlight=False)


@app.command("rules")
def rules() -> None:
    """List the lint rules with their severity and the source they rest on."""
    for rule in RULES.values():
        style = _STYLE[rule.severity]
        where = "needs --context" if rule.needs_context else "text"
        console.print(
            f"[bold]{rule.id}[/bold] [{style}]{rule.severity.value}[/{style}] ({where}): {escape(rule.reason)} "
            f"[dim]Source: {escape(rule.source)}.[/dim]",
            highlight=False,
            soft_wrap=True,
        )


# --- the message log ----------------------------------------------------------------------------------------

log_app = typer.Typer(
    help="The message log: messages you sent, interviews, programs' replies; timelines and the season view.",
    no_args_is_help=True,
)
app.add_typer(log_app, name="log")

_WARNING_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


@log_app.command("add-message")
def add_message(
    file: Path = typer.Argument(..., help="The message as sent (plain UTF-8 text)."),
    program: str = typer.Option(..., "--program", help="The program's code."),
    kind: str = typer.Option(
        ...,
        "--kind",
        help="visa-inquiry, thank-you, update, strong-interest, intent, off-cycle, reply, withdrawal (you withdrew "
        "a letter of intent) or other.",
    ),
    on: str | None = typer.Option(None, "--on", help="The day it was sent (YYYY-MM-DD; default today)."),
    requested: bool = typer.Option(False, "--requested", help="The program asked for this message."),
) -> None:
    """Log a message you sent to a program (saved whatever the linter says; findings are shown as a note)."""
    from matchpilot.services.letters import lint_message, record_message

    text = _read_message(file)
    chosen = _message_kind(kind)
    day = _day(on, "--on")
    services = get_services()
    findings = lint_message(services, text, program, chosen, send_on=day, requested=requested)
    saved = record_message(services, program, chosen, text, sent_on=day, requested=requested)
    console.print(
        f"[green]Logged[/green] the message to {escape(saved.program)} ({escape(saved.kind)}, sent "
        f"{saved.sent_on.isoformat()}) from {escape(str(file))}.",
        highlight=False,
    )
    if findings:
        err_console.print(f"[yellow]note:[/yellow] the linter found {_count(len(findings), 'finding')} in it:")
        for finding in findings:
            err_console.print(
                f"  {finding.severity.value} {finding.rule}: {escape(finding.message)}", highlight=False, soft_wrap=True
            )


@log_app.command("add-interview")
def add_interview(
    program: str = typer.Option(..., "--program", help="The program's code."),
    on: str = typer.Option(..., "--on", help="The day of the interview (YYYY-MM-DD; past or planned)."),
    interviewer: list[str] = typer.Option([], "--interviewer", help="An interviewer's name (repeat for several)."),
    notes: str = typer.Option("", "--notes", help="What you talked about (used by thank-you drafts)."),
) -> None:
    """Log an interview with a program (the thank-you then comes due 24-72 hours after it)."""
    from matchpilot.letters.cadence import thank_you_window
    from matchpilot.services.letters import record_interview

    day = _day(on, "--on")
    assert day is not None
    saved = record_interview(get_services(), program, day, interviewer, notes)
    opens, closes = thank_you_window(saved.on)
    who = f" with {', '.join(saved.interviewers)}" if saved.interviewers else ""
    console.print(
        f"[green]Logged[/green] the interview at {escape(saved.program)} on {saved.on.isoformat()}{escape(who)}. "
        f"Send the thank-you between {opens.isoformat()} and {closes.isoformat()}.",
        highlight=False,
    )


@log_app.command("add-reply")
def add_reply(
    file: Path = typer.Argument(..., help="What the program wrote (plain UTF-8 text)."),
    program: str = typer.Option(..., "--program", help="The program's code."),
    on: str | None = typer.Option(None, "--on", help="The day it arrived (YYYY-MM-DD; default today)."),
) -> None:
    """Log what a program wrote to you (your answer to it is then a reply, not a second message)."""
    from matchpilot.services.letters import record_reply

    text = _read_message(file)
    saved = record_reply(get_services(), program, text, on=_day(on, "--on"))
    console.print(
        f"[green]Logged[/green] the reply from {escape(saved.program)} of {saved.on.isoformat()}.",
        highlight=False,
    )


@log_app.command("list")
def list_log(
    program: str | None = typer.Option(None, "--program", help="Only this program's timeline."),
) -> None:
    """Show the log as a timeline per program, oldest first."""
    from matchpilot.services.letters import letter_log, program_timeline

    services = get_services()
    log = letter_log(services, program)
    if log.empty:
        console.print("The log is empty." if program is None else f"Nothing logged for {escape(program)}.")
        return
    codes = sorted(
        {m.program for m in log.messages} | {i.program for i in log.interviews} | {r.program for r in log.replies}
    )
    for code in codes:
        console.print(f"[bold]{escape(code)}[/bold]", highlight=False)
        for entry in program_timeline(services, code):
            first = " ".join(entry.detail.split())
            detail = f": {first[:70]}{'…' if len(first) > 70 else ''}" if first else ""
            console.print(f"  {entry.on.isoformat()}  {escape(entry.title)}{escape(detail)}", highlight=False)


@log_app.command("season")
def season() -> None:
    """Warnings for this season before you overstep: a second pre-interview message, a thank-you that is due or
    late, a second letter of intent."""
    from matchpilot.services.letters import season_view

    view = season_view(get_services())
    console.print(
        f"Season of {view.today.isoformat()}: {_count(view.messages, 'message')}, "
        f"{_count(view.interviews, 'interview')}, {view.replies} {'reply' if view.replies == 1 else 'replies'} logged.",
        highlight=False,
    )
    if not view.warnings:
        console.print("[green]Nothing to watch out for.[/green]")
        return
    for warning in view.warnings:
        style = _WARNING_STYLE[warning.severity.value]
        console.print(
            f"[{style}]{warning.severity.value}[/{style}] [bold]{escape(warning.program)}[/bold] "
            f"{warning.code}: {escape(warning.message)}",
            highlight=False,
            soft_wrap=True,
        )
