"""``matchpilot programs``: the program intelligence sheet — import, export, list, show."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from matchpilot.cli.common import console, err_console, get_services, print_issues
from matchpilot.domain.evidence import H1bEvidence
from matchpilot.domain.mapping import (
    INTERVIEW_DATE,
    MAPPING_TARGETS,
    ColumnMapping,
    MappingSuggestion,
    SheetPreview,
    describe_target,
    mapping_from_pairs,
)
from matchpilot.domain.merge import Conflict
from matchpilot.domain.program import Program, Track
from matchpilot.domain.query import SORTABLE_COLUMNS, ProgramFilter, ProgramQuery, VisaKind
from matchpilot.domain.sheet import SHEET_COLUMNS, program_to_cells
from matchpilot.errors import InputError, InvalidDataError

if TYPE_CHECKING:
    from matchpilot.services.sheet_tools import ForeignTable, MergeReport

app = typer.Typer(help="Your program intelligence sheet (CSV/XLSX in and out).", no_args_is_help=True)


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="A sheet as .csv or .xlsx (see docs/formats.md)."),
    replace: bool = typer.Option(False, "--replace", help="Make the sheet exactly this file (remove others)."),
    check: bool = typer.Option(False, "--check", help="Only check the file; save nothing."),
    map_: bool = typer.Option(
        False, "--map", help="The file's columns are not the sheet's: suggest a mapping, let me confirm it."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="With --map: accept the suggested mapping, do not ask."),
    mapping_name: str | None = typer.Option(None, "--mapping", help="Reuse the mapping saved under this name."),
    save_mapping: str | None = typer.Option(None, "--save-mapping", help="Save the mapping used under this name."),
) -> None:
    """Import programs. Every bad cell is reported as `row N, column X: problem` and nothing is imported from
    a file with errors (exit code 2); warnings (stale dates, unknown columns) are listed and do not block.

    For a spreadsheet with its own column names use --map (or --mapping NAME to reuse a saved mapping): the
    suggested mapping and a preview of the first rows, every problem marked, are shown before anything is
    imported."""
    if map_ or mapping_name is not None or save_mapping is not None:
        _import_with_mapping(
            file, suggest=map_, yes=yes, mapping_name=mapping_name, save_as=save_mapping, replace=replace, check=check
        )
        return
    services = get_services()
    if check:
        parsed = services.check_sheet(file)
        if not parsed.ok:
            raise InvalidDataError(f"{file}: the sheet has errors", parsed.issues)
        print_issues(parsed.issues, title="Warnings")
        console.print(f"{file}: {len(parsed.programs)} programs, no errors.")
        return
    report = services.import_programs(file, replace=replace)
    if not report.ok:
        if any(issue.code == "missing-column" for issue in report.issues):
            err_console.print("The file's columns are not the sheet's own: import it again with --map to match them.")
        raise InvalidDataError(f"{file}: the sheet has errors; nothing was imported", report.issues)
    print_issues(report.warnings, title="Warnings (imported anyway)")
    if any(issue.code == "unknown-column" for issue in report.warnings):
        console.print("Columns the sheet does not know were not imported; to match them to the sheet's, use --map.")
    line = (
        f"[green]Imported[/green] {report.rows} programs from {file}: {report.created} new, {report.updated} updated, "
    )
    line += f"{report.unchanged} unchanged"
    if replace:
        line += f", {report.removed} removed"
    console.print(line + ".")


def _query(
    state: str | None,
    specialty: str | None,
    track: str | None,
    visa: str | None,
    min_img_share: float | None,
    search: str | None,
    sort: str = "code",
    descending: bool = False,
) -> ProgramQuery:
    parsed_track = None
    if track is not None:
        parsed_track = Track.parse(track)
        if parsed_track is None:
            raise InputError(f"--track {track!r}: use categorical, advanced, preliminary, transitional or physician")
    parsed_visa = None
    if visa is not None:
        try:
            parsed_visa = VisaKind(visa.lower().replace("-", ""))
        except ValueError:
            raise InputError(f"--visa {visa!r}: use j1 or h1b") from None
    if min_img_share is not None and not 0 <= min_img_share <= 100:
        raise InputError(f"--min-img-share {min_img_share}: must be between 0 and 100")
    if sort not in SORTABLE_COLUMNS:
        raise InputError(f"--sort {sort!r}: use one of {', '.join(SORTABLE_COLUMNS)}")
    criteria = ProgramFilter(state, specialty, parsed_track, parsed_visa, min_img_share, search)
    return ProgramQuery(criteria, sort, descending)


_STATE = typer.Option(None, "--state", help="Only programs in this state (2-letter code).")
_SPECIALTY = typer.Option(None, "--specialty", help="Only this specialty, e.g. 'PM&R'.")
_TRACK = typer.Option(None, "--track", help="categorical, advanced, preliminary, transitional or physician.")
_VISA = typer.Option(None, "--visa", help="Only programs known to sponsor this visa: j1 or h1b.")
_MIN_IMG = typer.Option(None, "--min-img-share", help="Only programs whose known IMG share is at least this %.")
_SEARCH = typer.Option(None, "--search", help="Text to find in code, name, institution, city, notes, fellowships.")


@app.command("export")
def export(
    file: Path = typer.Argument(..., help="Where to write: .csv or .xlsx (format from the extension)."),
    state: str | None = _STATE,
    specialty: str | None = _SPECIALTY,
    track: str | None = _TRACK,
    visa: str | None = _VISA,
    min_img_share: float | None = _MIN_IMG,
    search: str | None = _SEARCH,
    share: bool = typer.Option(
        False, "--share", help="For a peer: the whole sheet without your private columns (interest, notes)."
    ),
) -> None:
    """Write the sheet (or the filtered part of it) to a file that imports back unchanged; with --share, the
    sheet without your private columns, ready to give to a classmate or adviser."""
    if share:
        if any(v is not None for v in (state, specialty, track, visa, min_img_share, search)):
            raise InputError("--share writes the whole sheet; leave out the filters")
        from matchpilot.services.sheet_tools import export_share

        count = export_share(get_services(), file)
        console.print(f"Wrote {count} programs to {file} without your private columns (interest, notes).")
        return
    query = _query(state, specialty, track, visa, min_img_share, search)
    count = get_services().export_programs(file, query)
    console.print(f"Wrote {count} programs to {file}.")


@app.command("list")
def list_(
    state: str | None = _STATE,
    specialty: str | None = _SPECIALTY,
    track: str | None = _TRACK,
    visa: str | None = _VISA,
    min_img_share: float | None = _MIN_IMG,
    search: str | None = _SEARCH,
    sort: str = typer.Option("code", "--sort", help="Column to sort by."),
    descending: bool = typer.Option(False, "--desc", help="Sort in descending order."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (every field) instead of a table."),
    favourites_only: bool = typer.Option(False, "--favourites", help="Only the programs you starred."),
) -> None:
    """List programs of the sheet, filtered. Unknown facts show as 'unknown', never as 'no'."""
    import dataclasses

    from matchpilot.services.compare import favourites

    services = get_services()
    query = _query(state, specialty, track, visa, min_img_share, search, sort, descending)
    if favourites_only:
        only = dataclasses.replace(query.filter, codes=frozenset(favourites(services)))
        query = dataclasses.replace(query, filter=only)
    page = services.list_programs(query)
    if as_json:
        typer.echo(json.dumps({"total": page.total, "programs": [_as_json(p) for p in page.programs]}, indent=2))
        return
    table = Table(title=f"{page.total} programs", title_justify="left")
    for column in ("code", "name", "state", "specialty", "track", "J-1", "H-1B", "IMG %", "min Step 2"):
        table.add_column(column, overflow="fold")
    for program in page.programs:
        table.add_row(
            program.code,
            program.name,
            program.state or _UNKNOWN,
            program.specialty,
            program.track.value,
            _yes_no(program.visa_j1),
            _yes_no(program.visa_h1b),
            _UNKNOWN if program.img_share is None else f"{program.img_share:g}",
            _UNKNOWN if program.min_step2 is None else str(program.min_step2),
        )
    console.print(table)


@app.command("show")
def show(
    code: str = typer.Argument(..., help="The program's code."),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON: every fact, its provenance, and the public evidence (H-1B residents)."
    ),
) -> None:
    """Show every fact of one program with where it came from and when it was checked, and what the public
    evidence you imported (DOL H-1B LCA file) says about its institution."""
    from matchpilot.services.evidence import program_evidence

    services = get_services()
    program = services.get_program(code)
    evidence = program_evidence(services, program)
    if as_json:
        out = _as_json(program)
        out["evidence"] = {"h1b_residents": None if evidence is None else evidence.as_dict()}
        out["conflicts"] = [] if evidence is None else evidence.conflict_details()
        typer.echo(json.dumps(out, indent=2))
        return
    cells = program_to_cells(program)
    table = Table(title=program.name, title_justify="left")
    table.add_column("fact", style="bold")
    table.add_column("value", overflow="fold")
    table.add_column("source", overflow="fold")
    table.add_column("checked on")
    for column in SHEET_COLUMNS:
        if column in ("source", "checked_on"):
            continue
        prov = program.provenance_of(column)
        table.add_row(
            column,
            cells[column] or _UNKNOWN,
            prov.source or _UNKNOWN,
            prov.checked_on.isoformat() if prov.checked_on else _UNKNOWN,
        )
    console.print(table)
    if evidence is not None:
        _print_evidence(evidence)


def _print_evidence(evidence: H1bEvidence) -> None:
    years = ", ".join(f"FY{year}: {counts['certified']}" for year, counts in evidence.fiscal_years.items())
    console.print(
        f"H-1B residents (DOL LCA evidence): {evidence.certified} certified, {evidence.denied} denied, "
        f"{evidence.withdrawn} withdrawn; certified by fiscal year: {years or 'none'}; latest decision "
        f"{evidence.latest_decision.isoformat() if evidence.latest_decision else 'unknown'}; employers: "
        f"{escape('; '.join(evidence.employer_names))}; from {escape(evidence.source)}, imported "
        f"{evidence.imported_on.isoformat() if evidence.imported_on else 'unknown'}. An LCA is not a petition and "
        "rarely names the specialty: evidence about the institution, not proof for this program.",
        highlight=False,
    )
    if "visa_h1b" in evidence.conflicts:
        console.print(
            "[bold]Conflict:[/bold] your sheet says this program does not sponsor H-1B, but its institution had "
            f"certified H-1B LCAs for residents in FY{evidence.recent_fiscal_year}; check visa_h1b with the program.",
            highlight=False,
        )


_UNKNOWN = "[dim]unknown[/dim]"


def _yes_no(value: bool | None) -> str:
    return _UNKNOWN if value is None else ("yes" if value else "no")


def _as_json(program: Program) -> dict[str, object]:
    cells = program_to_cells(program)
    out: dict[str, object] = {}
    for column in SHEET_COLUMNS:
        value = getattr(program, column)
        if isinstance(value, tuple):
            out[column] = list(value)
        elif value is None or isinstance(value, bool | int | float):
            out[column] = value
        else:
            out[column] = cells[column]
    out["provenance"] = {
        column: {"source": prov.source, "checked_on": prov.checked_on.isoformat() if prov.checked_on else None}
        for column, prov in program.provenance.items()
    }
    return out


# --- any spreadsheet in: the mapping step -------------------------------------------------------------------


def _import_with_mapping(
    file: Path,
    *,
    suggest: bool,
    yes: bool,
    mapping_name: str | None,
    save_as: str | None,
    replace: bool,
    check: bool,
) -> None:
    """Import a file with its own column names: a saved or suggested mapping (confirmed or changed by the
    user), a preview of the first rows with every problem marked, then the import."""
    from matchpilot.services import sheet_tools

    services = get_services()
    table = sheet_tools.read_foreign(file)
    if mapping_name is not None:
        mapping = sheet_tools.load_mapping(services, mapping_name)
        console.print(f"Using the saved mapping [bold]{escape(mapping_name)}[/bold].")
        _print_mapping(table, mapping)
    elif not suggest:
        raise InputError("--save-mapping needs --map (to build a mapping) or --mapping NAME (to reuse one)")
    else:
        suggestion = sheet_tools.suggest(table)
        _print_suggestion(suggestion)
        mapping = suggestion.mapping
        if not yes and not typer.confirm("Use this mapping?", default=True):
            mapping = _ask_mapping(suggestion)
    shown = sheet_tools.preview_import(services, table, mapping)
    _print_preview(shown)
    if not shown.ok:
        raise InvalidDataError(f"{file}: the file has errors; nothing was imported", shown.parse.issues)
    print_issues(shown.parse.issues, title="Warnings (they do not block the import)")
    count = len(shown.parse.programs)
    if check:
        console.print(f"{file}: {count} programs, no errors. Nothing was imported (--check).")
        return
    if suggest and not yes and not typer.confirm(f"Import {count} programs?", default=True):
        console.print("Nothing was imported.")
        return
    report = sheet_tools.import_mapped(services, table, mapping, replace=replace, save_as=save_as)
    if not report.ok:  # the sheet would grow past its limit of programs (the file itself passed the preview)
        raise InvalidDataError(f"{file}: the file has errors; nothing was imported", report.issues)
    line = f"[green]Imported[/green] {report.rows} programs from {escape(str(file))}: {report.created} new, "
    line += f"{report.updated} updated, {report.unchanged} unchanged"
    if replace:
        line += f", {report.removed} removed"
    console.print(line + ".")
    if report.interviews:
        noun = "interview" if report.interviews == 1 else "interviews"
        console.print(f"Recorded {report.interviews} {noun} from the file's interview dates (see matchpilot next).")
    if save_as is not None:
        console.print(f"Saved the mapping as [bold]{escape(save_as)}[/bold]: reuse it with --mapping.")


def _print_suggestion(suggestion: MappingSuggestion) -> None:
    table = Table(title="Suggested mapping", title_justify="left")
    for heading in ("file column", "→ sheet column", "why", "examples"):
        table.add_column(heading, overflow="fold")
    for guess in suggestion.columns:
        table.add_row(
            escape(guess.column),
            describe_target(guess.target) if guess.target else "[dim]not imported[/dim]",
            escape(guess.reason),
            escape(", ".join(guess.examples)),
        )
    console.print(table)
    if suggestion.unmapped_required:
        err_console.print(
            "[yellow]Not found:[/yellow] no column was recognised as the required "
            + ", ".join(suggestion.unmapped_required)
            + "; answer no to choose the columns yourself.",
            highlight=False,
        )


def _print_mapping(table: ForeignTable, mapping: ColumnMapping) -> None:
    shown = Table(title="Mapping", title_justify="left")
    shown.add_column("file column", overflow="fold")
    shown.add_column("→ sheet column", overflow="fold")
    for name in table.header:
        if not name.strip():
            continue
        target = mapping.target_of(name)
        shown.add_row(escape(name.strip()), describe_target(target) if target else "[dim]not imported[/dim]")
    console.print(shown)


def _ask_mapping(suggestion: MappingSuggestion) -> ColumnMapping:
    """Ask, column by column, which sheet column each file column holds (Enter keeps the suggestion)."""
    console.print(
        "For each column of the file, type the sheet column it holds, or - to leave it out. Sheet columns: "
        + ", ".join(MAPPING_TARGETS[: MAPPING_TARGETS.index(INTERVIEW_DATE) + 1])
        + " (and COLUMN_source, COLUMN_checked_on)."
    )
    pairs: list[tuple[str, str | None]] = []
    for column in suggestion.columns:
        while True:
            answer = typer.prompt(f"{column.column} →", default=column.target or "-").strip()
            if answer == "-" or answer in MAPPING_TARGETS:
                break
            err_console.print(f"[red]{escape(answer)!r} is not a sheet column[/red]; try again or type -.")
        pairs.append((column.column, answer))
    return mapping_from_pairs(pairs)


def _print_preview(preview: SheetPreview) -> None:
    if not preview.columns:
        return
    table = Table(
        title=f"Preview: the first {len(preview.rows)} of {preview.total_rows} rows as they will be imported",
        title_justify="left",
    )
    table.add_column("row", justify="right")
    for column in preview.columns:
        table.add_column(column, overflow="fold")
    for row in preview.rows:
        cells = []
        for cell in row.cells:
            if cell.error:
                cells.append(f"[red]✕ {escape(cell.original.strip() or '(blank)')}[/red]")
            elif cell.problems:
                cells.append(f"[yellow]! {escape(cell.text or 'unknown')}[/yellow]")
            elif not cell.text:
                cells.append("[dim]unknown[/dim]")
            elif cell.changed:
                cells.append(f"{escape(cell.text)} [dim]← {escape(cell.original.strip())}[/dim]")
            else:
                cells.append(escape(cell.text))
        mark = "[red]✕[/red] " if not row.ok else ""
        table.add_row(f"{mark}{row.row}", *cells)
    console.print(table)
    if preview.ignored:
        console.print("Not imported: " + ", ".join(escape(name) for name in preview.ignored) + ".")


# --- merge, conflicts, resolve ----------------------------------------------------------------------------


@app.command("merge")
def merge(
    file: Path = typer.Argument(..., help="A peer's sheet as .csv or .xlsx."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only show what would change; write nothing."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Write the changes without asking."),
    mapping_name: str | None = typer.Option(
        None, "--mapping", help="The peer's columns are not the sheet's: use this saved mapping."
    ),
) -> None:
    """Merge a peer's sheet into yours, fact by fact: facts you lack are added with their source, the one
    checked more recently wins, differences the dates do not settle become conflicts to resolve. Your
    interest and notes are never touched. Shows a report and writes nothing until you confirm."""
    from matchpilot.services import sheet_tools

    services = get_services()
    table = sheet_tools.read_foreign(file)
    mapping = sheet_tools.load_mapping(services, mapping_name) if mapping_name is not None else None
    report = sheet_tools.plan_merge(services, table, mapping=mapping)
    print_issues(report.issues, title="Warnings in the peer's sheet")
    _print_merge(report)
    if dry_run:
        console.print("Dry run: nothing was written.")
        return
    if not report.result.changes_anything:
        console.print("Nothing to merge: your sheet already has everything this file says.")
        return
    if not yes and not typer.confirm("Write these changes to your sheet?", default=False):
        console.print("Nothing was written.")
        return
    applied = sheet_tools.apply_merge(services, table, mapping=mapping)
    result = applied.result
    console.print(
        f"[green]Merged[/green] {escape(str(file))}: {len(result.new_programs)} new programs, "
        f"{len(result.added)} facts added, {len(result.updated)} updated; {applied.open_conflicts} conflicts open."
    )
    if applied.open_conflicts:
        console.print("See them with `matchpilot programs conflicts`; settle each with `matchpilot programs resolve`.")


def _print_merge(report: MergeReport) -> None:
    result = report.result
    console.print(
        f"Merging {escape(report.source)}: {len(result.new_programs)} new programs, {len(result.added)} facts "
        f"added, {len(result.updated)} updated, {len(result.kept)} kept, {len(result.conflicts)} in conflict."
    )
    changes = Table(title="Added and updated facts", title_justify="left")
    for column in ("program", "fact", "yours", "becomes", "source", "checked on"):
        changes.add_column(column, overflow="fold")
    for kind, facts in (("added", result.added), ("updated", result.updated)):
        for fact in facts:
            changes.add_row(
                escape(fact.code),
                f"{fact.column} ({kind})",
                escape(fact.before) or "[dim]unknown[/dim]",
                escape(fact.after),
                escape(fact.source or "unknown"),
                fact.checked_on.isoformat() if fact.checked_on else "unknown",
            )
    if result.added or result.updated:
        console.print(changes)
    if result.conflicts:
        _print_conflicts(result.conflicts, title="Conflicts: the dates do not say which value is right")


def _print_conflicts(conflicts: Sequence[Conflict], *, title: str) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("program", "fact", "yours", "your source, date", "theirs", "their source, date"):
        table.add_column(column, overflow="fold")
    for conflict in conflicts:
        table.add_row(
            escape(conflict.code),
            conflict.column,
            escape(conflict.mine),
            escape(_provenance_text(conflict.mine_source, conflict.mine_checked_on)),
            escape(conflict.theirs),
            escape(_provenance_text(conflict.theirs_source, conflict.theirs_checked_on)),
        )
    console.print(table)


def _provenance_text(source: str | None, checked_on: date | None) -> str:
    when = checked_on.isoformat() if checked_on is not None else "undated"
    return f"{source or 'unknown source'}, {when}"


@app.command("conflicts")
def conflicts() -> None:
    """List the open merge conflicts: both values of each fact with their sources and dates."""
    from matchpilot.services.sheet_tools import list_conflicts

    found = list_conflicts(get_services())
    if not found:
        console.print("No open conflicts.")
        return
    _print_conflicts(found, title=f"{len(found)} open conflicts")
    console.print("Settle one with `matchpilot programs resolve CODE COLUMN mine|theirs`.")


@app.command("resolve")
def resolve(
    code: str = typer.Argument(..., help="The program's code."),
    column: str = typer.Argument(..., help="The fact in conflict, e.g. visa_j1."),
    choice: str = typer.Argument(..., help="mine (keep your value) or theirs (take the peer's)."),
) -> None:
    """Settle one merge conflict: keep your value, or take theirs with its source and date."""
    from matchpilot.services.sheet_tools import resolve_conflict

    if choice.strip().lower() not in ("mine", "theirs"):
        raise InputError(f"{choice!r}: choose mine or theirs")
    program = resolve_conflict(get_services(), code, column, choice)
    value = program_to_cells(program).get(column, "")
    console.print(
        f"Resolved {escape(code)} {escape(column)}: kept {'your' if choice.lower() == 'mine' else 'their'} value "
        f"({escape(value) or 'unknown'})."
    )


@app.command("set")
def set_(
    code: str = typer.Argument(..., help="The program's code."),
    field: str = typer.Argument(..., help="The sheet column to change, e.g. visa_j1, img_share, interest, notes."),
    value: str = typer.Argument(..., help="The new value as you would type it in the sheet ('' for unknown)."),
    source: str | None = typer.Option(None, "--source", help="Where the new value comes from (needed for facts)."),
    checked_on: str | None = typer.Option(None, "--checked-on", help="When you checked it (YYYY-MM-DD; today)."),
) -> None:
    """Correct one fact of a program, with where the new value comes from (its source) and when you checked it;
    interest and notes are your own and need no source. A bad value is refused naming the field (exit code 2);
    nothing is saved."""
    from matchpilot.services.editing import edit_program

    fields = {field: value}
    if source is not None:
        fields[f"{field}_source"] = source
    if checked_on is not None:
        fields[f"{field}_checked_on"] = checked_on
    result = edit_program(get_services(), code, fields)
    if not result.ok or result.program is None:
        raise InvalidDataError(f"{code}: nothing was saved", result.issues)
    cells = program_to_cells(result.program)
    if result.changed:
        console.print(f"{escape(result.program.name)}: {field} is now {escape(cells.get(field) or _UNKNOWN)}.")
    else:
        console.print(f"{escape(result.program.name)}: {field} was already {escape(cells.get(field) or _UNKNOWN)}.")


@app.command("add")
def add(
    code: str = typer.Argument(..., help="The NRMP program code, e.g. 1234340C0."),
    name: str = typer.Option(..., "--name", help="The program's name."),
    specialty: str = typer.Option(..., "--specialty", help="e.g. 'PM&R'."),
    track: str = typer.Option(..., "--track", help="categorical, advanced, preliminary, transitional or physician."),
    source: str = typer.Option(..., "--source", help="Where these facts come from (a web page, an email, a call)."),
    checked_on: str | None = typer.Option(None, "--checked-on", help="When you checked them (YYYY-MM-DD; today)."),
    other: list[str] = typer.Option(
        [], "--set", help="Any other column as COLUMN=VALUE, e.g. --set visa_j1=yes --set state=NY (repeatable)."
    ),
) -> None:
    """Add one program to the sheet. A bad value is refused naming the field (exit code 2); nothing is saved."""
    from matchpilot.services.editing import add_program

    fields = {"code": code, "name": name, "specialty": specialty, "track": track, "source": source}
    if checked_on is not None:
        fields["checked_on"] = checked_on
    for pair in other:
        column, sep, value = pair.partition("=")
        if not sep:
            raise InputError(f"--set {pair!r}: write COLUMN=VALUE, e.g. visa_j1=yes")
        fields[column.strip()] = value
    result = add_program(get_services(), fields)
    if not result.ok or result.program is None:
        raise InvalidDataError(f"{code}: nothing was added", result.issues)
    console.print(f"Added {escape(result.program.name)} ({result.program.code}).")


@app.command("remove")
def remove(
    code: str = typer.Argument(..., help="The program's code."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Remove one program from the sheet (asks first unless --yes)."""
    from matchpilot.services.editing import remove_program

    services = get_services()
    program = services.get_program(code)
    if not yes and not typer.confirm(f"Remove {program.name} ({program.code}) from your sheet?", default=False):
        console.print("Nothing was removed.")
        raise typer.Exit(1)
    remove_program(services, program.code)
    console.print(f"Removed {escape(program.name)} ({program.code}).")


@app.command("compare")
def compare(
    codes: list[str] = typer.Argument(..., help="2 to 4 program codes."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: each program's facts, chance and star."),
) -> None:
    """Show 2 to 4 programs side by side: every fact with its source and the day it was checked, your chance of
    matching there, your interest and notes; rows where the programs differ are marked with *."""
    from matchpilot.services.compare import compare_programs

    services = get_services()
    found = compare_programs(services, codes)
    if as_json:
        out = [
            {
                **_as_json(item.program),
                "favourite": item.favourite,
                "chance": None
                if item.chance is None
                else {"low": item.chance.low, "mid": item.chance.mid, "high": item.chance.high},
            }
            for item in found.items
        ]
        typer.echo(json.dumps({"programs": out, "chance_note": found.chance_note}, indent=2))
        return
    table = Table(title="Compare programs (* the programs differ)", title_justify="left")
    table.add_column("fact", style="bold", overflow="fold")
    for item in found.items:
        star = " ★" if item.favourite else ""
        table.add_column(f"{escape(item.program.name)} ({item.program.code}){star}", overflow="fold")
    chance_cells = [
        "unknown" if item.chance is None else f"{item.chance.mid:.0%} ({item.chance.low:.0%}-{item.chance.high:.0%})"
        for item in found.items
    ]
    table.add_row(_marked("your chance of matching", chance_cells), *chance_cells)
    cells = [program_to_cells(item.program) for item in found.items]
    for column in SHEET_COLUMNS:
        if column in ("source", "checked_on"):
            continue
        values = [row[column] for row in cells]
        shown: list[str] = []
        for item, value in zip(found.items, values, strict=True):
            text = escape(value) if value else _UNKNOWN
            if value and column not in ("interest", "notes"):
                prov = item.program.provenance_of(column)
                when = prov.checked_on.isoformat() if prov.checked_on else "date unknown"
                text += f"\n[dim]{escape(prov.source or 'source unknown')}, {when}[/dim]"
            shown.append(text)
        table.add_row(_marked(column, values), *shown)
    console.print(table)
    if found.chance_note:
        console.print(f"Chances unknown: {escape(found.chance_note)}", highlight=False)


def _marked(label: str, values: Sequence[str]) -> str:
    """``label`` with a * when ``values`` are not all the same."""
    return f"{label} *" if len(set(values)) > 1 else label


@app.command("favourite")
def favourite(
    code: str = typer.Argument(..., help="The program's code."),
    off: bool = typer.Option(False, "--off", help="Remove the star instead."),
) -> None:
    """Star a program as a favourite (or remove its star with --off); the sheet's "Favourites only" filter and
    `programs list --favourites` show the starred ones."""
    from matchpilot.services.compare import set_favourite

    changed = set_favourite(get_services(), code, not off)
    what = ("starred" if changed else "was already starred") if not off else ("unstarred" if changed else "had no star")
    console.print(f"{code.strip().upper()} {what}.", highlight=False)
