"""The list of unfilled programs of Match Week: reading it, and joining it with the intelligence sheet.

The list has the columns ``code``, ``name``, ``specialty``, ``track``, ``positions`` and ``state`` (others are
kept as they are). Bad rows are reported as issues that name the row and the column (``row 4, column
positions: ...``; the header is row 1), every problem at once; a list with an error is not used. Programs that
are not on the sheet are kept with their facts unknown (visa sponsorship unknown, never "no").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.limits import CODE_LENGTH, UNFILLED_TEXT_LENGTH, text_problem
from matchpilot.domain.mapping import (
    ColumnMapping,
    ColumnSuggestion,
    MappingSuggestion,
    PreviewCell,
    PreviewRow,
    normalise_value,
    suggest_mapping,
)
from matchpilot.domain.match_week import UnfilledProgram
from matchpilot.domain.program import US_STATES, Program, Track

__all__ = [
    "REQUIRED_COLUMNS",
    "UNFILLED_COLUMNS",
    "UnfilledEntry",
    "UnfilledParse",
    "UnfilledPreview",
    "UnfilledProgram",
    "join_with_sheet",
    "map_unfilled",
    "parse_unfilled",
    "preview_unfilled",
    "suggest_unfilled_mapping",
]

UNFILLED_COLUMNS: tuple[str, ...] = ("code", "name", "specialty", "track", "positions", "state")
"""The columns of an unfilled list, in order."""

REQUIRED_COLUMNS: tuple[str, ...] = UNFILLED_COLUMNS
"""Every one of them must be in the header (a ``state`` cell may be blank: unknown)."""

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_NRMP_CODE = re.compile(r"^\d{4}\d{3}([CAPTR])\d$", re.I)


@dataclass(frozen=True, slots=True)
class UnfilledParse:
    """The programs read and the issues found (the list may be used only when ``ok``)."""

    programs: tuple[UnfilledProgram, ...]
    issues: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        """True when no issue is an error."""
        return not any(issue.is_error for issue in self.issues)


def _column(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def parse_unfilled(header: Sequence[str], rows: Sequence[Sequence[str]]) -> UnfilledParse:
    """Read an unfilled list given as a header and rows of text.

    Steps: (1) match the header (case and spaces ignored); a missing column or a repeated one is an error
    naming it; (2) read each non-blank row: a code (letters, digits, ``.``, ``_``, ``-``; a code repeated
    from an earlier row is an error naming both rows), a name, a specialty, a track (a name or a letter; blank
    is read from an NRMP-style code), positions (a whole number from 1 to 1000) and a state (two letters, or
    blank for unknown); (3) keep the other columns in ``extra``. Returns every program read and every issue.
    """
    issues: list[Issue] = []
    names = [_column(h) for h in header]
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name in index:
            issues.append(Issue("repeated-column", Severity.ERROR, "the column appears twice", f"column {name}"))
        else:
            index[name] = i
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    for name in missing:
        issues.append(
            Issue(
                "missing-column",
                Severity.ERROR,
                "the column is missing (an unfilled list needs " + ", ".join(UNFILLED_COLUMNS) + ")",
                f"column {name}",
            )
        )
    if missing:
        return UnfilledParse((), tuple(issues))
    extra_columns = [(name, i) for name, i in index.items() if name not in UNFILLED_COLUMNS]
    programs: list[UnfilledProgram] = []
    first_row: dict[str, int] = {}
    for offset, cells in enumerate(rows):
        number = offset + 2
        if not any(cell.strip() for cell in cells):
            continue

        def cell(name: str, cells: Sequence[str] = cells) -> str:
            at = index[name]
            return cells[at].strip() if at < len(cells) else ""

        def bad(name: str, message: str, code: str = "bad-value", number: int = number) -> None:
            issues.append(Issue(code, Severity.ERROR, message, f"row {number}, column {name}"))

        before = len(issues)
        for name, at in index.items():
            if at < len(cells):
                problem = text_problem(cells[at].strip(), UNFILLED_TEXT_LENGTH)
                if problem is not None:
                    bad(name, problem)
        if len(issues) > before:
            continue
        code = cell("code")
        if not code:
            bad("code", "a program code is required", "missing-value")
        elif len(code) > CODE_LENGTH:
            bad("code", f"is longer than {CODE_LENGTH} characters, the most a program code may have ({len(code)})")
        elif not _CODE.match(code):
            bad("code", f"{code!r} is not a program code (letters, digits, '.', '_' and '-')")
        elif code.upper() in first_row:
            bad("code", f"{code} appears again (first on row {first_row[code.upper()]})", "duplicate")
        else:
            first_row[code.upper()] = number
        name = cell("name")
        if not name:
            bad("name", "a program name is required", "missing-value")
        specialty = cell("specialty")
        if not specialty:
            bad("specialty", "a specialty is required", "missing-value")
        track = _track(cell("track"), code)
        if track is None:
            text = cell("track")
            if text:
                bad("track", f"{text!r} is not a track (categorical, advanced, preliminary, transitional, physician)")
            else:
                bad("track", "a track is required (categorical, advanced, preliminary, ...)", "missing-value")
        positions = _positions(cell("positions"))
        if isinstance(positions, str):
            bad("positions", positions)
        state_text = cell("state").upper()
        if state_text and state_text not in US_STATES:
            bad("state", f"{cell('state')!r} is not a US state or territory (two letters, e.g. NY)")
        if len(issues) > before or track is None or isinstance(positions, str):
            continue
        extra = {name: (cells[i].strip() if i < len(cells) else "") for name, i in extra_columns}
        programs.append(UnfilledProgram(code, name, specialty, track, positions, state_text or None, number, extra))
    if not rows or (not programs and not issues):
        issues.append(Issue("empty", Severity.ERROR, "the list has no programs (only a header)", "row 2"))
    return UnfilledParse(tuple(programs), tuple(issues))


def _track(text: str, code: str) -> Track | None:
    if text:
        return Track.parse(text)
    found = _NRMP_CODE.match(code)
    return Track.parse(found.group(1)) if found else None


def _positions(text: str) -> int | str:
    if not text:
        return "the number of unfilled positions is required"
    try:
        value = float(text)
    except ValueError:
        return f"{text!r} is not a whole number of positions"
    if value != int(value):
        return f"{text!r} is not a whole number of positions"
    if not 1 <= value <= 1000:
        return f"{text} is out of range (1 to 1000 unfilled positions)"
    return int(value)


@dataclass(frozen=True, slots=True)
class UnfilledEntry:
    """A program of the unfilled list joined with the sheet: ``program`` holds the sheet's facts (with the
    list's specialty, track and positions) when ``on_sheet``, else only what the list says (facts unknown)."""

    unfilled: UnfilledProgram
    program: Program
    on_sheet: bool


def join_with_sheet(unfilled: Iterable[UnfilledProgram], sheet: Iterable[Program]) -> tuple[UnfilledEntry, ...]:
    """Join the unfilled list with the intelligence sheet by program code (case ignored), in the list's order.

    A program on the sheet keeps every fact of the sheet, with the specialty, track and number of positions
    the list gives (they describe the position offered now); one that is not on the sheet gets only the
    list's facts, everything else unknown.
    """
    by_code = {program.code.strip().upper(): program for program in sheet}
    joined: list[UnfilledEntry] = []
    for item in unfilled:
        known = by_code.get(item.code.upper())
        if known is not None:
            program = replace(known, specialty=item.specialty, track=item.track, positions=item.positions)
            joined.append(UnfilledEntry(item, program, True))
        else:
            program = Program(
                code=item.code,
                name=item.name,
                specialty=item.specialty,
                track=item.track,
                state=item.state,
                positions=item.positions,
            )
            joined.append(UnfilledEntry(item, program, False))
    return tuple(joined)


# --- a list with its own column names: the mapping step ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnfilledPreview:
    """An unfilled list seen through a mapping: the suggestion per file column (its target among
    :data:`UNFILLED_COLUMNS` or None: kept as an extra column), the mapping used, the first rows as they will
    be imported (cells under :data:`UNFILLED_COLUMNS`, each problem on its cell), the problems not tied to a
    shown cell, and the check of the whole list (:attr:`parse`)."""

    suggestions: tuple[ColumnSuggestion, ...]
    mapping: ColumnMapping
    rows: tuple[PreviewRow, ...]
    problems: tuple[str, ...]
    parse: UnfilledParse

    @property
    def ok(self) -> bool:
        """True when the whole list can be imported with this mapping."""
        return self.parse.ok


def suggest_unfilled_mapping(header: Sequence[str], rows: Sequence[Sequence[str]]) -> MappingSuggestion:
    """Suggest which column of an unfilled list holds each of :data:`UNFILLED_COLUMNS`, by name and values
    (the sheet's suggester, :func:`matchpilot.domain.mapping.suggest_mapping`); other columns are kept as
    extra columns."""
    found = suggest_mapping(header, rows)
    columns = []
    for column in found.columns:
        if column.target in UNFILLED_COLUMNS:
            columns.append(column)
        else:
            columns.append(ColumnSuggestion(column.column, None, 0.0, "kept as an extra column", column.examples))
    return MappingSuggestion(tuple(columns))


def map_unfilled(
    header: Sequence[str], rows: Sequence[Sequence[str]], mapping: ColumnMapping
) -> tuple[list[str], list[list[str]]]:
    """The list with its columns renamed by ``mapping`` (a column mapped to one of :data:`UNFILLED_COLUMNS`
    takes that name; any other column keeps its own, marked when it would collide with a list column), and
    the values of the mapped ``state``, ``track`` and ``positions`` columns read as a person would ("New
    Jersey" is NJ, "Categorical" is categorical, "2 positions" is 2); a value that cannot be read is left as
    it is, for the list's check to name."""
    renamed: list[str] = []
    readers: dict[int, str] = {}
    for index, name in enumerate(header):
        target = mapping.target_of(name) if name.strip() else None
        if target in UNFILLED_COLUMNS:
            renamed.append(str(target))
            if target in ("state", "track", "positions"):
                readers[index] = str(target)
        elif _column(name) in UNFILLED_COLUMNS:
            renamed.append(f"{name.strip()} (not imported)")
        else:
            renamed.append(name)
    body: list[list[str]] = []
    for row in rows:
        cells = list(row)
        for index, target in readers.items():
            if index < len(cells) and cells[index].strip():
                text, problem = normalise_value(target, cells[index])
                if problem is None:
                    cells[index] = text
        body.append(cells)
    return renamed, body


_WHERE = re.compile(r"^row (\d+), column (\w+)$")


def preview_unfilled(
    header: Sequence[str], rows: Sequence[Sequence[str]], mapping: ColumnMapping, *, limit: int = 10
) -> UnfilledPreview:
    """The first ``limit`` non-blank rows of the list as ``mapping`` imports them, each problem on its cell,
    with the check of the whole list (:func:`parse_unfilled` on the renamed columns)."""
    renamed, body = map_unfilled(header, rows, mapping)
    parsed = parse_unfilled(renamed, body)
    by_cell: dict[tuple[int, str], list[Issue]] = {}
    problems: list[str] = []
    for issue in parsed.issues:
        match = _WHERE.match(issue.where)
        if match is None:
            problems.append(str(issue))
        else:
            by_cell.setdefault((int(match.group(1)), match.group(2)), []).append(issue)
    positions = {_column(name): i for i, name in enumerate(renamed)}
    shown: list[PreviewRow] = []
    for offset, (row, original) in enumerate(zip(body, rows, strict=True)):
        if len(shown) >= limit:
            break
        if not any(cell.strip() for cell in row):
            continue
        number = offset + 2
        cells = []
        for column in UNFILLED_COLUMNS:
            at = positions.get(column)
            text = row[at].strip() if at is not None and at < len(row) else ""
            said = original[at] if at is not None and at < len(original) else ""
            found = by_cell.pop((number, column), [])
            cells.append(
                PreviewCell(
                    column,
                    text,
                    said,
                    tuple(f"{i.severity.value}: {i.message}" for i in found),
                    any(i.is_error for i in found),
                )
            )
        shown.append(PreviewRow(number, tuple(cells)))
    for issues in by_cell.values():
        problems.extend(str(issue) for issue in issues)
    suggestion = suggest_unfilled_mapping(header, rows)
    return UnfilledPreview(suggestion.columns, mapping, tuple(shown), tuple(problems), parsed)
