"""``matchpilot letters``: draft letters to programs from templates and lint messages for NRMP compliance.

``letters lint`` follows ``spec/lint.md``: exit 0 when no file has an error finding, 1 when one has, 2 when the
input (a message or the context file) cannot be read. ``--json`` writes the ``matchpilot.lint-result/1`` format.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from matchpilot.cli.common import console, err_console, get_services
from matchpilot.errors import InputError, InvalidDataError
from matchpilot.letters import (
    CONTEXT_FORMAT,
    RULES,
    TEMPLATES,
    Draft,
    Finding,
    LetterKind,
    LintContext,
    LintSeverity,
    check_context,
    draft_letter,
    lint_text,
    parse_context,
    parse_interview_notes,
)
from matchpilot.letters.templates import FIELD_SOURCES

__all__ = ["app"]

RESULT_FORMAT = "matchpilot.lint-result/1"

app = typer.Typer(
    help="Letters to programs: NRMP-compliant templates and the compliance linter (spec/lint.md).",
    no_args_is_help=True,
)


def _read_message(path: Path) -> str:
    """The text of one message file; InputError naming the file when it cannot be read or is empty."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a message file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: is not UTF-8 text (bad byte at position {error.start})") from None
    if not text.strip():
        raise InputError(f"{path}: the message is empty")
    return text


def _read_context(path: Path) -> LintContext:
    """The context file, checked; InputError/InvalidDataError naming the file when it cannot be used."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such context file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the context file is not UTF-8 text") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    context, issues = parse_context(data)
    if context is None:
        raise InvalidDataError(
            f"{path}: the context file has errors (format {CONTEXT_FORMAT}, see docs/letters.md)", issues
        )
    return context


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


_STYLE = {LintSeverity.ERROR: "red", LintSeverity.WARNING: "yellow", LintSeverity.INFO: "cyan"}


def _print_findings(path: str, text: str, findings: list[Finding]) -> None:
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
        help="A JSON file (matchpilot.letters-context/1, see docs/letters.md) with the message log, interviews, "
        "rank order list and SOAP window; enables the context rules.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Write the matchpilot.lint-result/1 JSON format."),
) -> None:
    """Check messages to programs against the NRMP communication rules and advisers' guidance.

    Exit code 0 when no file has an error finding, 1 when one has, 2 when a file cannot be read."""
    texts = [(str(path), _read_message(path)) for path in files]
    context = _read_context(context_file) if context_file is not None else None
    drafts: dict[str, Draft] = {}
    if context is not None:
        for name, _ in texts:
            entry = context.draft_for(name)
            if entry is None:
                err_console.print(
                    f'[yellow]note:[/yellow] {escape(name)} has no entry under "drafts" in the context file; '
                    "only the text rules apply to it.",
                    highlight=False,
                )
            elif entry.send_on is None and context.today is None:  # the shell may read the clock; the core never does
                drafts[name] = Draft(entry.program, entry.kind, date.today(), entry.requested)
            else:
                drafts[name] = entry
    results: list[tuple[str, str, list[Finding]]] = []
    for name, text in texts:
        findings = lint_text(text)
        if context is not None and name in drafts:
            others = [(drafts[other], other_text) for other, other_text in texts if other != name and other in drafts]
            findings = sorted(
                findings + check_context(text, drafts[name], context, text_findings=findings, others=others),
                key=lambda f: (f.start, f.end, f.rule),
            )
        results.append((name, text, findings))
    failed = any(f.is_error for _, _, findings in results for f in findings)
    if as_json:
        document: dict[str, Any] = {
            "format": RESULT_FORMAT,
            "files": [{"path": name, "findings": [f.to_dict() for f in findings]} for name, _, findings in results],
        }
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for name, text, findings in results:
            _print_findings(name, text, findings)
        counts = {severity: 0 for severity in LintSeverity}
        for _, _, findings in results:
            for finding in findings:
                counts[finding.severity] += 1
        console.print(
            f"{_count(len(results), 'file')}: {_count(counts[LintSeverity.ERROR], 'error')}, "
            f"{_count(counts[LintSeverity.WARNING], 'warning')}, {_count(counts[LintSeverity.INFO], 'note')}. "
            "matchpilot is not the NRMP; the current Match Participation Agreement governs.",
            highlight=False,
            soft_wrap=True,
        )
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
    text = draft_letter(letter_kind, profile, chosen, notes)
    findings = lint_text(text)
    if any(f.is_error for f in findings):  # a template must never produce this; say so rather than hide it
        _print_findings("draft", text, findings)
        raise typer.Exit(1)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise InputError(f"{output}: cannot be written ({error.strerror or error})") from None
        console.print(f"[green]Wrote[/green] the {letter_kind.label} to {escape(str(output))}.", highlight=False)
    else:
        typer.echo(text, nl=False)
    for finding in findings:
        if finding.rule == "first-choice-claim":
            err_console.print(
                "[cyan]note:[/cyan] this letter tells the program it is your first choice: send it to one program "
                "only, and rank that program first.",
                highlight=False,
            )
            break


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
