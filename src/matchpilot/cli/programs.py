"""``matchpilot programs``: the program intelligence sheet — import, export, list, show."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from matchpilot.cli.common import console, get_services, print_issues
from matchpilot.domain.program import Program, Track
from matchpilot.domain.query import SORTABLE_COLUMNS, ProgramFilter, ProgramQuery, VisaKind
from matchpilot.domain.sheet import SHEET_COLUMNS, program_to_cells
from matchpilot.errors import InputError, InvalidDataError

app = typer.Typer(help="Your program intelligence sheet (CSV/XLSX in and out).", no_args_is_help=True)


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="A sheet as .csv or .xlsx (see docs/formats.md)."),
    replace: bool = typer.Option(False, "--replace", help="Make the sheet exactly this file (remove others)."),
    check: bool = typer.Option(False, "--check", help="Only check the file; save nothing."),
) -> None:
    """Import programs. Every bad cell is reported as `row N, column X: problem` and nothing is imported from
    a file with errors (exit code 2); warnings (stale dates, unknown columns) are listed and do not block."""
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
        raise InvalidDataError(f"{file}: the sheet has errors; nothing was imported", report.issues)
    print_issues(report.warnings, title="Warnings (imported anyway)")
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
) -> None:
    """Write the sheet (or the filtered part of it) to a file that imports back unchanged."""
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
) -> None:
    """List programs of the sheet, filtered. Unknown facts show as 'unknown', never as 'no'."""
    query = _query(state, specialty, track, visa, min_img_share, search, sort, descending)
    page = get_services().list_programs(query)
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
def show(code: str = typer.Argument(..., help="The program's code.")) -> None:
    """Show every fact of one program with where it came from and when it was checked."""
    program = get_services().get_program(code)
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
