"""``matchpilot materials``: your application materials — the three personal statement variants, ERAS experience
entries and letters of recommendation — each with checks that say what they looked for and why.

``check`` and ``list`` commands exit 1 when something needs work, 0 when everything passes.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from matchpilot.cli.common import console, get_services
from matchpilot.errors import InputError, InvalidDataError

__all__ = ["app", "experience_app", "letters_app", "statement_app", "status"]

app = typer.Typer(
    help="Your application materials: three personal statement variants (pmr, bridge, general), ERAS "
    "experience entries and letters of recommendation, each checked with reasons.",
    no_args_is_help=True,
)
statement_app = typer.Typer(
    help="The three personal statement variants: pmr (core), bridge (preliminary/transitional) and general "
    "(backup). They are the statements Match Week plans assign.",
    no_args_is_help=True,
)
experience_app = typer.Typer(
    help="ERAS experience entries, each checked for a connection to PM&R values (function, disability, quality "
    "of life, teamwork).",
    no_args_is_help=True,
)
letters_app = typer.Typer(
    help="Letters of recommendation planned and tracked: writer, specialty, requested, uploaded, assigned.",
    no_args_is_help=True,
)
app.add_typer(statement_app, name="statement")
app.add_typer(experience_app, name="experience")
app.add_typer(letters_app, name="letters")

_VARIANT = typer.Argument(..., metavar="pmr|bridge|general", help="The statement variant.")


def _read(source: str, what: str) -> str:
    """The text of ``source``: a UTF-8 file, or ``-`` for standard input."""
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not UTF-8 text"
        raise InputError(f"{source}: cannot read the {what} ({reason})") from None


_OPTIONS = {
    "requested_on": "--requested",
    "uploaded_on": "--uploaded",
    "assigned_on": "--assigned",
    "writer": "--writer",
    "specialty": "--specialty",
    "note": "--note",
    "title": "--title",
    "organization": "--organization",
    "description": "the description",
}
"""The option or argument of these commands each field of a problem stands for."""


@contextmanager
def _options_named() -> Iterator[None]:
    """Problems name the command's options (``--uploaded``), not the stored fields (``uploaded_on``)."""
    try:
        yield
    except InvalidDataError as error:
        issues = [dataclasses.replace(i, where=_OPTIONS.get(i.where, i.where)) for i in error.issues]
        raise InvalidDataError(str(error), issues) from None


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _print_check(check: object) -> None:
    from matchpilot.letters.materials import Check

    assert isinstance(check, Check)
    if check.passed:
        mark = "[green]pass[/green]"
    elif check.required:
        mark = "[red]todo[/red]"
    else:
        mark = "[yellow]tip [/yellow]"
    console.print(f"  {mark} {escape(check.title)}", highlight=False)
    console.print(f"       looked for: {escape(check.looked_for)}", highlight=False)
    if check.found:
        console.print(f"       found: {escape('; '.join(check.found))}", highlight=False)
    console.print(f"       why: {escape(check.why)}", highlight=False)
    if check.suggestion:
        console.print(f"       suggestion: {escape(check.suggestion)}", highlight=False)


# --- statements ---------------------------------------------------------------------------------------------------


@statement_app.command("set")
def statement_set(
    variant: str = _VARIANT,
    source: str = typer.Argument(..., metavar="FILE|-", help="A UTF-8 text file, or - to read standard input."),
) -> None:
    """Store a statement variant's text (replacing the earlier one) and show its checks."""
    from matchpilot.services.materials import save_statement

    saved = save_statement(get_services(), variant, _read(source, "statement"))
    review = saved.review
    assert review is not None
    console.print(
        f"Saved the {escape(saved.label)} ({review.characters:,} characters, {review.words:,} words).",
        highlight=False,
    )
    for check in review.checks:
        _print_check(check)


@statement_app.command("show")
def statement_show(variant: str = _VARIANT) -> None:
    """Print a statement variant's text."""
    from matchpilot.services.materials import statement

    found = statement(get_services(), variant)
    if not found.written:
        console.print(f"The {escape(found.label)} is not written yet.", highlight=False)
        raise typer.Exit(1)
    typer.echo(found.text)


@statement_app.command("check")
def statement_check(
    variant: str | None = typer.Argument(None, metavar="[pmr|bridge|general]", help="One variant (default: all)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check the statement variants: what each check looked for, what it found, why, and what to do. Exits 1
    when a variant is missing or a required check does not pass."""
    from matchpilot.services.materials import statement, statements

    services = get_services()
    views = [statement(services, variant)] if variant is not None else statements(services)
    ok = all(view.review is not None and view.review.passed for view in views)
    if as_json:
        _print_json({"passed": ok, "statements": [view.to_dict() for view in views]})
    else:
        for view in views:
            if view.review is None:
                console.print(f"[bold]{escape(view.label)}[/bold]: not written yet.", highlight=False)
                continue
            verdict = "every check passes" if view.review.passed else "needs work"
            console.print(
                f"[bold]{escape(view.label)}[/bold] — “{escape(view.title)}”, {view.review.characters:,} "
                f"characters: {verdict}",
                highlight=False,
            )
            for check in view.review.checks:
                _print_check(check)
    if not ok:
        raise typer.Exit(1)


# --- experiences --------------------------------------------------------------------------------------------------


@experience_app.command("add")
def experience_add(
    title: str = typer.Option(..., "--title", help="The entry's title, as in ERAS."),
    source: str = typer.Argument(..., metavar="FILE|-", help="The description: a UTF-8 text file, or -."),
    organization: str = typer.Option("", "--organization", help="Where (optional)."),
) -> None:
    """Store an ERAS experience entry and show its check."""
    from matchpilot.services.materials import add_experience

    with _options_named():
        saved = add_experience(get_services(), title, organization, _read(source, "description"))
    console.print(f"Saved experience {saved.id}: {escape(saved.experience.title)}.", highlight=False)
    for check in saved.review.checks:
        _print_check(check)


@experience_app.command("edit")
def experience_edit(
    number: int = typer.Argument(..., help="The entry's number (see `materials experience list`)."),
    source: str = typer.Argument(..., metavar="FILE|-", help="The new description: a UTF-8 text file, or -."),
    title: str | None = typer.Option(None, "--title", help="A new title (default: keep)."),
    organization: str | None = typer.Option(None, "--organization", help="A new organization (default: keep)."),
) -> None:
    """Replace an experience entry's description (and title or organization when given)."""
    from matchpilot.services.materials import experience, update_experience

    services = get_services()
    old = experience(services, number)
    with _options_named():
        saved = update_experience(
            services,
            number,
            old.experience.title if title is None else title,
            old.experience.organization if organization is None else organization,
            _read(source, "description"),
        )
    console.print(f"Saved experience {saved.id}: {escape(saved.experience.title)}.", highlight=False)
    for check in saved.review.checks:
        _print_check(check)


@experience_app.command("remove")
def experience_remove(number: int = typer.Argument(..., help="The entry's number.")) -> None:
    """Forget an experience entry."""
    from matchpilot.services.materials import remove_experience

    remove_experience(get_services(), number)
    console.print(f"Removed experience {number}.", highlight=False)


@experience_app.command("list")
def experience_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the experience entries with whether each connects to PM&R values."""
    from matchpilot.services.materials import experiences

    found = experiences(get_services())
    if as_json:
        _print_json({"experiences": [entry.to_dict() for entry in found]})
        return
    if not found:
        console.print("No experience entry yet: add one with [bold]matchpilot materials experience add[/bold].")
        return
    table = Table(title=f"{len(found)} experience entries", title_justify="left")
    for column in ("no.", "title", "PM&R values shown"):
        table.add_column(column)
    for entry in found:
        shown = [name for name, words in entry.review.values.items() if words]
        table.add_row(str(entry.id), escape(entry.experience.title), ", ".join(shown) or "none yet")
    console.print(table)


@experience_app.command("check")
def experience_check(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Check each experience entry for a connection to PM&R values. Exits 1 when one has none."""
    from matchpilot.services.materials import experiences

    found = experiences(get_services())
    ok = bool(found) and all(entry.review.passed for entry in found)
    if as_json:
        _print_json({"passed": ok, "experiences": [entry.to_dict() for entry in found]})
    elif not found:
        console.print("No experience entry yet: add one with [bold]matchpilot materials experience add[/bold].")
    else:
        for entry in found:
            verdict = "connects to PM&R values" if entry.review.passed else "needs work"
            console.print(f"[bold]{entry.id}. {escape(entry.experience.title)}[/bold]: {verdict}", highlight=False)
            for check in entry.review.checks:
                _print_check(check)
    if not ok:
        raise typer.Exit(1)


# --- letters ------------------------------------------------------------------------------------------------------

_DAY_HELP = "YYYY-MM-DD; 'none' clears it"


def _day(text: str | None, field: str, old: date | None) -> date | None:
    from matchpilot.services.materials import parse_day

    if text is None:
        return old
    if text.strip().lower() == "none":
        return None
    return parse_day(text, field)


@letters_app.command("add")
def letters_add(
    writer: str = typer.Option(..., "--writer", help="Who writes it, e.g. 'Dr. Ana Ruiz'."),
    specialty: str = typer.Option(..., "--specialty", help="The writer's specialty, e.g. PM&R or Neurology."),
    requested: str | None = typer.Option(None, "--requested", metavar="DATE", help="When you asked (YYYY-MM-DD)."),
    uploaded: str | None = typer.Option(None, "--uploaded", metavar="DATE", help="When ERAS showed it uploaded."),
    assigned: str | None = typer.Option(None, "--assigned", metavar="DATE", help="When you assigned it."),
    note: str = typer.Option("", "--note", help="A note (optional)."),
) -> None:
    """Plan a letter of recommendation (add the dates it was requested, uploaded and assigned as they happen)."""
    from matchpilot.letters.materials import LetterPlan
    from matchpilot.services.materials import add_letter, parse_day

    with _options_named():
        plan = LetterPlan(
            writer,
            specialty,
            parse_day(requested, "requested_on"),
            parse_day(uploaded, "uploaded_on"),
            parse_day(assigned, "assigned_on"),
            note,
        )
        saved = add_letter(get_services(), plan)
    console.print(
        f"Saved letter {saved.id}: {escape(saved.plan.writer)} ({escape(saved.plan.specialty)}), "
        f"{saved.plan.state.value}.",
        highlight=False,
    )


@letters_app.command("set")
def letters_set(
    number: int = typer.Argument(..., help="The letter's number (see `materials letters list`)."),
    writer: str | None = typer.Option(None, "--writer", help="A new writer (default: keep)."),
    specialty: str | None = typer.Option(None, "--specialty", help="A new specialty (default: keep)."),
    requested: str | None = typer.Option(None, "--requested", metavar="DATE", help=_DAY_HELP),
    uploaded: str | None = typer.Option(None, "--uploaded", metavar="DATE", help=_DAY_HELP),
    assigned: str | None = typer.Option(None, "--assigned", metavar="DATE", help=_DAY_HELP),
    note: str | None = typer.Option(None, "--note", help="A new note (default: keep)."),
) -> None:
    """Change a letter: record when it was requested, uploaded or assigned, or correct the writer."""
    from matchpilot.services.materials import letter, update_letter

    services = get_services()
    old = letter(services, number).plan
    with _options_named():
        plan = dataclasses.replace(
            old,
            writer=old.writer if writer is None else writer,
            specialty=old.specialty if specialty is None else specialty,
            requested_on=_day(requested, "requested_on", old.requested_on),
            uploaded_on=_day(uploaded, "uploaded_on", old.uploaded_on),
            assigned_on=_day(assigned, "assigned_on", old.assigned_on),
            note=old.note if note is None else note,
        )
        saved = update_letter(services, number, plan)
    console.print(f"Saved letter {saved.id}: {escape(saved.plan.writer)}, {saved.plan.state.value}.", highlight=False)


@letters_app.command("remove")
def letters_remove(number: int = typer.Argument(..., help="The letter's number.")) -> None:
    """Forget a letter."""
    from matchpilot.services.materials import remove_letter

    remove_letter(get_services(), number)
    console.print(f"Removed letter {number}.", highlight=False)


@letters_app.command("list")
def letters_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the letters, where each stands, and advice by the preference order (PM&R, then internal medicine
    or neurology, then orthopedics or sports medicine)."""
    from matchpilot.services.materials import letters

    view = letters(get_services())
    if as_json:
        _print_json(view.to_dict())
        return
    if view.letters:
        table = Table(title=f"{len(view.letters)} letters", title_justify="left")
        for column in ("no.", "writer", "specialty", "state", "requested", "uploaded", "assigned"):
            table.add_column(column)
        for item in view.letters:
            p = item.plan
            days = [d.isoformat() if d else "—" for d in (p.requested_on, p.uploaded_on, p.assigned_on)]
            table.add_row(str(item.id), escape(p.writer), escape(p.specialty), p.state.value, *days)
        console.print(table)
    for advice in view.advice:
        mark = "[green]good[/green]" if advice.good else "[yellow]note[/yellow]"
        console.print(f"{mark} {escape(advice.message)}", highlight=False)
        if advice.suggestion:
            console.print(f"     {escape(advice.suggestion)}", highlight=False)
        console.print(f"     why: {escape(advice.why)}", highlight=False)


# --- readiness ----------------------------------------------------------------------------------------------------


@app.command("status")
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Which materials are ready (statements, experience entries, letters); exits 1 when not ready."""
    from matchpilot.services.materials import readiness

    found = readiness(get_services())
    if as_json:
        _print_json(found.to_dict())
    else:
        for item in found.items:
            mark = (
                "[green]ready[/green]"
                if item.ready
                else ("[red]to do[/red]" if item.required else "[yellow]tip[/yellow]")
            )
            console.print(f"{mark} {escape(item.label)}: {escape(item.detail)}", highlight=False)
        console.print("Your materials are ready." if found.ready else "Your materials are not ready yet.")
    if not found.ready:
        raise typer.Exit(1)
