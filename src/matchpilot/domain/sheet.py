"""The program intelligence sheet: its columns, and reading and writing rows of text cells.

The contract is ``spec/program-sheet.md``. File formats (CSV, XLSX) are the ``io`` adapter's business; this
module works on a header and rows of text, so it is pure and the same rules apply to every format and to
the web upload.

Row numbers are spreadsheet row numbers: the header is row 1, the first program row 2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from matchpilot.domain.cells import (
    format_date,
    format_number,
    format_yes_no,
    read_date,
    shares_among_percents,
    twelve_months_before,
)
from matchpilot.domain.columns import COLUMNS, CellReader, read_text
from matchpilot.domain.geography import Setting
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.limits import stored_text_problem
from matchpilot.domain.program import Emphasis, Program, ProgramType, Provenance, Track

__all__ = [
    "PROVENANCE_COLUMNS",
    "REQUIRED_COLUMNS",
    "SHEET_COLUMNS",
    "SheetParse",
    "foreign_columns",
    "normalise_header",
    "parse_sheet",
    "program_to_cells",
    "sheet_header",
    "template_example",
]

SHEET_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS)
"""The sheet's columns in the order export writes them (from the registry, :mod:`matchpilot.domain.columns`)."""

REQUIRED_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.required)

PROVENANCE_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.own_provenance)
"""Columns that may carry their own ``<column>_source`` and ``<column>_checked_on``."""


@dataclass(frozen=True, slots=True)
class SheetParse:
    """What reading a sheet found: the programs (only meaningful when there is no error) and every issue."""

    programs: tuple[Program, ...]
    issues: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        """True when no issue is an error, so the programs may be saved."""
        return not any(issue.is_error for issue in self.issues)


def normalise_header(name: str) -> str:
    """The canonical form of a column name: trimmed, lower case, spaces and dashes as underscores."""
    return "_".join(name.strip().lower().replace("-", " ").split())


_READERS: Mapping[str, CellReader] = {column.name: column.reader for column in COLUMNS}


def _known_columns() -> frozenset[str]:
    return frozenset(
        set(SHEET_COLUMNS)
        | {f"{c}_source" for c in PROVENANCE_COLUMNS}
        | {f"{c}_checked_on" for c in PROVENANCE_COLUMNS}
    )


def foreign_columns(header: Sequence[str]) -> tuple[str, ...]:
    """The named columns of ``header`` that are not the sheet's own, then the required sheet columns it lacks
    (empty: the file is in the sheet's own format and imports as it is; else it needs a column mapping)."""
    known = _known_columns()
    names = [raw.strip() for raw in header if raw.strip()]
    present = {normalise_header(name) for name in names}
    unknown = tuple(name for name in names if normalise_header(name) not in known)
    return unknown + tuple(name for name in REQUIRED_COLUMNS if name not in present)


def _header_columns(header: Sequence[str]) -> tuple[dict[int, str], list[Issue]]:
    """Map cell positions to known columns; report unknown, duplicate and missing columns."""
    known = _known_columns()
    columns: dict[int, str] = {}
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(header):
        name = normalise_header(raw)
        if not name:
            continue
        letter = _column_letter(position)
        if name not in known:
            issues.append(
                Issue.at_cell(
                    "unknown-column",
                    Severity.WARNING,
                    f"unknown column {raw.strip()!r} is ignored",
                    1,
                    raw.strip(),
                )
            )
            continue
        if name in seen:
            issues.append(
                Issue.at_cell(
                    "duplicate-column",
                    Severity.ERROR,
                    f"column {name!r} appears twice (columns {_column_letter(seen[name])} and {letter})",
                    1,
                    name,
                )
            )
            continue
        seen[name] = position
        columns[position] = name
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            issues.append(
                Issue.at_cell("missing-column", Severity.ERROR, f"required column {name!r} is missing", 1, name)
            )
    return columns, issues


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def parse_sheet(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, today: date, read_shares: bool = True
) -> SheetParse:
    """Read a sheet given as a header and rows of text cells.

    Steps: map the header to known columns (unknown ones warn, missing required ones are errors); read
    every cell of every non-blank row with its column's reader; check that codes are unique; warn about
    facts checked more than 12 months before ``today``, and about a ``checked_on`` in the future (left blank:
    it cannot be when a fact was checked). The specialty is saved under its canonical name
    (:func:`~matchpilot.domain.specialty.canonical_specialty`), each renamed spelling reported once, with
    its rows. With ``read_shares``, a plain number between 0 and 1 in an ``img_share`` column of typed
    percentages is read as a share (0.4 → 40), with a warning on its cell
    (:func:`~matchpilot.domain.cells.shares_among_percents`). Every problem is reported as an issue naming
    ``row N, column X``; the programs are returned whatever the errors, but callers must not save them when
    ``SheetParse.ok`` is false.
    """
    columns, issues = _header_columns(header)
    programs: list[Program] = []
    first_row_of_code: dict[str, int] = {}
    stale_before = twelve_months_before(today)
    shares: frozenset[int] = frozenset()
    share_position = next((p for p, name in columns.items() if name == "img_share"), None)
    if read_shares and share_position is not None:
        shares = shares_among_percents([row[share_position] if share_position < len(row) else "" for row in rows])
    renamed: dict[tuple[str, str], list[int]] = {}
    for index, row in enumerate(rows):
        row_number = index + 2
        if all(not cell.strip() for cell in row):
            continue
        if index in shares and share_position is not None:
            typed = row[share_position].strip()
            scaled = format_number(round(float(typed.lstrip("~").strip()) * 100, 6))
            row = [*row[:share_position], scaled, *row[share_position + 1 :]]
            issues.append(
                Issue.at_cell(
                    "share-as-percent",
                    Severity.WARNING,
                    f"{typed} is read as {scaled}% (a spreadsheet percent cell among typed percentages); "
                    f"write {typed}% if you meant less than one percent",
                    row_number,
                    "img_share",
                )
            )
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            issues.append(
                Issue.at_cell(
                    "extra-cell",
                    Severity.WARNING,
                    "values beyond the last named column are ignored",
                    row_number,
                    _column_letter(len(header)),
                )
            )
        cells = {name: (row[position] if position < len(row) else "") for position, name in columns.items()}
        program, row_issues = _parse_row(cells, row_number, today, stale_before)
        issues.extend(row_issues)
        if program is None:
            continue
        first = first_row_of_code.get(program.code)
        if first is not None:
            issues.append(
                Issue.at_cell(
                    "duplicate-code",
                    Severity.ERROR,
                    f"code {program.code!r} is already used in row {first}",
                    row_number,
                    "code",
                )
            )
            continue
        first_row_of_code[program.code] = row_number
        programs.append(program)
        written = " ".join(cells.get("specialty", "").split())
        if written != program.specialty:
            renamed.setdefault((written, program.specialty), []).append(row_number)
    for (written, canonical), numbers in renamed.items():
        more = len(numbers) - 1
        also = f", and in {more} more {'row' if more == 1 else 'rows'}" if more else ""
        issues.append(
            Issue.at_cell(
                "specialty-renamed",
                Severity.WARNING,
                f"specialty {written!r} is saved as {canonical!r}, the name the sheet uses for it{also}",
                numbers[0],
                "specialty",
            )
        )
    return SheetParse(tuple(programs), tuple(issues))


def _parse_row(
    cells: Mapping[str, str], row_number: int, today: date, stale_before: date
) -> tuple[Program | None, list[Issue]]:
    values: dict[str, Any] = {}
    issues: list[Issue] = []

    unstorable: set[str] = set()
    if stored_text_problem("".join(cells.values())) is not None:  # one check per row; per cell only when needed
        for column, raw in cells.items():
            problem = stored_text_problem(raw)
            if problem is not None:
                unstorable.add(column)
                issues.append(Issue.at_cell("bad-text", Severity.ERROR, problem, row_number, column))
    for column in SHEET_COLUMNS:
        if column in unstorable:
            continue
        raw = cells.get(column, "")
        value, problem = _READERS[column](raw)
        if problem is None and value is None and column in REQUIRED_COLUMNS:
            problem = "is required"
        if problem is not None:
            issues.append(Issue.at_cell(_code_for(problem), Severity.ERROR, _sentence(problem), row_number, column))
            continue
        values[column] = value
    provenance: dict[str, Provenance] = {}
    for column in PROVENANCE_COLUMNS:
        source_raw = cells.get(f"{column}_source", "")
        checked_raw = cells.get(f"{column}_checked_on", "")
        if not source_raw.strip() and not checked_raw.strip():
            continue
        if {f"{column}_source", f"{column}_checked_on"} & unstorable:
            continue
        source, problem = read_text(source_raw)
        if problem is not None:
            issues.append(Issue.at_cell("bad-text", Severity.ERROR, _sentence(problem), row_number, f"{column}_source"))
        checked, problem = read_date(checked_raw)
        if problem is not None:
            issues.append(
                Issue.at_cell("bad-date", Severity.ERROR, _sentence(problem), row_number, f"{column}_checked_on")
            )
        provenance[column] = Provenance(source, checked)
    for column, checked in [("checked_on", values.get("checked_on"))] + [
        (f"{c}_checked_on", p.checked_on) for c, p in provenance.items()
    ]:
        if checked is None:
            continue
        if checked > today:
            issues.append(
                Issue.at_cell(
                    "future-date",
                    Severity.WARNING,
                    f"{checked.isoformat()} is in the future, so it cannot be when this was checked; it is left "
                    "blank (is this the date of something else, such as an interview?)",
                    row_number,
                    column,
                )
            )
            if column == "checked_on":
                values["checked_on"] = None
            else:
                fact = column.removesuffix("_checked_on")
                provenance[fact] = Provenance(provenance[fact].source, None)
                if not provenance[fact].is_known:
                    del provenance[fact]
        elif checked < stale_before:
            issues.append(
                Issue.at_cell(
                    "stale-date",
                    Severity.WARNING,
                    f"{checked.isoformat()} is more than 12 months old; check this again",
                    row_number,
                    column,
                )
            )
    if any(issue.is_error for issue in issues):
        return None, issues
    program = Program(**values, provenance=MappingProxyType(provenance))
    return program, issues


def _sentence(problem: str) -> str:
    return "a value is required" if problem == "is required" else problem


def _code_for(problem: str) -> str:
    if problem == "is required":
        return "missing-value"
    if "longer than" in problem:
        return "too-long"
    if "out of range" in problem:
        return "out-of-range"
    if "whole number" in problem or "not a number" in problem:
        return "bad-number"
    if "not a date" in problem:
        return "bad-date"
    if "yes or no" in problem:
        return "bad-yes-no"
    return "bad-value"


def sheet_header(programs: Sequence[Program]) -> list[str]:
    """The export header: the sheet's columns, then the provenance columns any program uses."""
    used = {column for program in programs for column in program.provenance}
    header = list(SHEET_COLUMNS)
    for column in PROVENANCE_COLUMNS:
        if column in used:
            header += [f"{column}_source", f"{column}_checked_on"]
    return header


def program_to_cells(program: Program) -> dict[str, str]:
    """The text cells of one program, keyed by column; reading them back gives the same program."""
    cells: dict[str, str] = {}
    for column in SHEET_COLUMNS:
        value = getattr(program, column)
        cells[column] = _format(value)
    share = program.img_share
    if share is not None and 0 < share < 1:  # "0.4%": never read back as a spreadsheet's 40% (0.4)
        cells["img_share"] += "%"
    for column, prov in program.provenance.items():
        cells[f"{column}_source"] = prov.source or ""
        cells[f"{column}_checked_on"] = format_date(prov.checked_on)
    return cells


def _format(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return format_yes_no(value)
    if isinstance(value, Track | ProgramType | Emphasis | Setting):
        return value.value
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def template_example(today: date) -> Program:
    """The one example row of the downloadable template: a fictional program with every column filled in,
    checked ``today``."""
    return Program(
        code="9999340C0",
        name="Example Rehabilitation Program (fictional)",
        specialty="PM&R",
        track=Track.CATEGORICAL,
        institution="Example Medical Center (fictional)",
        city="Example City",
        state="NY",
        setting=Setting.URBAN,
        positions=4,
        visa_j1=True,
        visa_h1b=False,
        img_share=25,
        program_type=ProgramType.UNIVERSITY,
        va_affiliated=True,
        linked_pgy1=False,
        emphasis=Emphasis.BALANCED,
        fellowships=("pain", "sports"),
        min_step2=220,
        max_years_since_graduation=5,
        usce_required=True,
        step3_for_h1b=True,
        interest=4,
        notes="Replace this example row with your own programs",
        source="program website",
        checked_on=today,
    )
