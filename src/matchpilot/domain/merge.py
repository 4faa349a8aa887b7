"""Sheets merged from peers, fact by fact, by provenance; and how fresh a program's facts are.

Applicants swap sheets with classmates and advisers. :func:`merge_sheets` merges a peer's sheet (*theirs*)
into the applicant's (*mine*), program by program and fact by fact:

1. a program only in theirs is added, with its facts' sources and dates, but without their private columns;
2. for a program in both, each shared fact (every column but ``code``, the row's ``source``/``checked_on`` and
   the private columns) is compared:

   - theirs unknown → mine is kept as it is;
   - mine unknown, theirs known → theirs is **added** with its source and date;
   - the same value → **kept** (when theirs was checked more recently, its source and date are taken: the
     fact was confirmed more recently);
   - different values, both dated, theirs newer → theirs **updates** mine, with its source and date;
   - different values, both dated, mine newer → mine is **kept**;
   - different values and the dates do not settle it (either is undated, or both were checked the same day)
     → a **conflict**, with both values and their sources and dates, for the applicant to resolve;

3. the private columns (:data:`PRIVATE_COLUMNS`: ``interest``, ``notes``) are never read from theirs nor
   changed in mine.

:func:`resolve` applies the applicant's choice for one conflict. :func:`freshness` says how recently the facts
of a program were checked (the badge on each program). Pure: ``today`` is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from matchpilot.domain.cells import twelve_months_before
from matchpilot.domain.columns import COLUMNS
from matchpilot.domain.issues import Issue
from matchpilot.domain.program import Program, Provenance
from matchpilot.domain.sheet import SHEET_COLUMNS, parse_sheet, program_to_cells, sheet_header

__all__ = [
    "MERGED_COLUMNS",
    "PRIVATE_COLUMNS",
    "Choice",
    "Conflict",
    "FactChange",
    "Freshness",
    "FreshnessLevel",
    "MergeResult",
    "freshness",
    "merge_sheets",
    "resolve",
    "share_header",
    "shared_program",
]

PRIVATE_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.private)
"""The applicant's own columns: never shared, never overwritten by a merge."""

MERGED_COLUMNS: tuple[str, ...] = tuple(
    c for c in SHEET_COLUMNS if c not in ("code", "source", "checked_on", *PRIVATE_COLUMNS)
)
"""The facts a merge compares, in sheet order."""


@dataclass(frozen=True, slots=True)
class FactChange:
    """One fact a merge looked at: the program ``code``, the ``column``, the value before (``before``, blank for
    unknown) and after (``after``), as sheet cell text, and the provenance of the value that was kept."""

    code: str
    column: str
    before: str
    after: str
    source: str | None
    checked_on: date | None


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two values of one fact that the dates do not settle: mine and theirs, each with source and date
    (values as sheet cell text)."""

    code: str
    column: str
    mine: str
    mine_source: str | None
    mine_checked_on: date | None
    theirs: str
    theirs_source: str | None
    theirs_checked_on: date | None


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What merging theirs into mine gives.

    ``programs`` are the programs to save (new or changed ones only); ``new_programs`` the codes added whole;
    ``added``/``updated``/``kept`` the facts by what happened to them (``confirmed`` is the part of ``kept``
    whose date theirs made more recent); ``conflicts`` the facts left for the applicant to resolve.
    """

    programs: tuple[Program, ...]
    new_programs: tuple[str, ...]
    added: tuple[FactChange, ...]
    updated: tuple[FactChange, ...]
    kept: tuple[FactChange, ...]
    confirmed: tuple[FactChange, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def changes_anything(self) -> bool:
        """True when saving the result would change the sheet or leave conflicts to resolve."""
        return bool(self.programs or self.conflicts)


def _with_fallback(prov: Provenance, fallback: str | None) -> Provenance:
    return prov if prov.source is not None or fallback is None else Provenance(fallback, prov.checked_on)


def merge_sheets(
    mine: Sequence[Program], theirs: Sequence[Program], *, fallback_source: str | None = None
) -> MergeResult:
    """Merge ``theirs`` into ``mine`` fact by fact (the rules are in the module docstring).

    ``fallback_source`` names where their facts came from when their sheet does not say (e.g. "peer sheet
    amina.xlsx"). Codes must be unique on each side (``parse_sheet`` ensures it). Never mutates its inputs.
    """
    by_code = {program.code: program for program in mine}
    programs: list[Program] = []
    new_programs: list[str] = []
    added: list[FactChange] = []
    updated: list[FactChange] = []
    kept: list[FactChange] = []
    confirmed: list[FactChange] = []
    conflicts: list[Conflict] = []
    for their in theirs:
        own = by_code.get(their.code)
        if own is None:
            program = _new_program(their, fallback_source)
            programs.append(program)
            new_programs.append(their.code)
            cells = program_to_cells(program)  # once per program: it writes every column
            for column in MERGED_COLUMNS:
                text = cells[column]
                if text:
                    prov = program.provenance_of(column)
                    added.append(FactChange(their.code, column, "", text, prov.source, prov.checked_on))
            continue
        values: dict[str, object] = {}
        provenance = dict(own.provenance)
        their_cells, my_cells = program_to_cells(their), program_to_cells(own)
        for column in MERGED_COLUMNS:
            their_text = their_cells[column]
            if not their_text:
                continue
            my_text = my_cells[column]
            my_prov = own.provenance_of(column)
            their_prov = _with_fallback(their.provenance_of(column), fallback_source)
            if not my_text:
                values[column] = getattr(their, column)
                provenance[column] = their_prov
                added.append(FactChange(own.code, column, "", their_text, their_prov.source, their_prov.checked_on))
                continue
            mine_date, their_date = my_prov.checked_on, their_prov.checked_on
            if my_text == their_text:
                change = FactChange(own.code, column, my_text, my_text, my_prov.source, my_prov.checked_on)
                if mine_date is not None and their_date is not None and their_date > mine_date:
                    provenance[column] = their_prov
                    change = replace(change, source=their_prov.source, checked_on=their_date)
                    confirmed.append(change)
                kept.append(change)
            elif mine_date is not None and their_date is not None and their_date > mine_date:
                values[column] = getattr(their, column)
                provenance[column] = their_prov
                updated.append(FactChange(own.code, column, my_text, their_text, their_prov.source, their_date))
            elif mine_date is not None and their_date is not None and mine_date > their_date:
                kept.append(FactChange(own.code, column, my_text, my_text, my_prov.source, mine_date))
            else:
                conflicts.append(
                    Conflict(
                        own.code,
                        column,
                        my_text,
                        my_prov.source,
                        mine_date,
                        their_text,
                        their_prov.source,
                        their_date,
                    )
                )
        if values or provenance != dict(own.provenance):
            programs.append(replace(own, **values, provenance=MappingProxyType(provenance)))  # type: ignore[arg-type]
    return MergeResult(
        tuple(programs),
        tuple(new_programs),
        tuple(added),
        tuple(updated),
        tuple(kept),
        tuple(confirmed),
        tuple(conflicts),
    )


def _new_program(their: Program, fallback_source: str | None) -> Program:
    provenance = {column: prov for column, prov in their.provenance.items() if column not in PRIVATE_COLUMNS}
    source = their.source if their.source is not None else fallback_source
    return replace(their, interest=None, notes=None, source=source, provenance=MappingProxyType(provenance))


class Choice(StrEnum):
    """Which value of a conflict the applicant keeps."""

    MINE = "mine"
    THEIRS = "theirs"


def resolve(program: Program, conflict: Conflict, choice: Choice, *, today: date) -> tuple[Program, list[Issue]]:
    """Apply the applicant's ``choice`` for ``conflict`` to their ``program`` (the one with its code).

    ``mine`` keeps the program as it is; ``theirs`` sets the fact to their value with their source and date,
    read back through the sheet's rules (so a value that no longer passes them is refused: the issues say
    why and the program is returned unchanged). Raises ValueError when the conflict is not about this program
    or names a column a merge never touches.
    """
    if conflict.code != program.code:
        raise ValueError(f"the conflict is about {conflict.code!r}, not {program.code!r}")
    if conflict.column not in MERGED_COLUMNS:
        raise ValueError(f"{conflict.column!r} is not a fact a merge compares")
    if choice is Choice.MINE:
        return program, []
    header = sheet_header([program])
    column = conflict.column
    for extra in (f"{column}_source", f"{column}_checked_on"):
        if extra not in header:
            header.append(extra)
    cells = program_to_cells(program)
    cells[column] = conflict.theirs
    cells[f"{column}_source"] = conflict.theirs_source or ""
    cells[f"{column}_checked_on"] = conflict.theirs_checked_on.isoformat() if conflict.theirs_checked_on else ""
    parsed = parse_sheet(header, [[cells.get(name, "") for name in header]], today=today)
    errors = [issue for issue in parsed.issues if issue.is_error]
    if errors or not parsed.programs:
        return program, errors
    return parsed.programs[0], []


# --- sharing ---------------------------------------------------------------------------------------------


def shared_program(program: Program) -> Program:
    """``program`` without its private columns (and their provenance), ready to give to a peer."""
    provenance = {column: prov for column, prov in program.provenance.items() if column not in PRIVATE_COLUMNS}
    return replace(program, interest=None, notes=None, provenance=MappingProxyType(provenance))


def share_header(programs: Sequence[Program]) -> list[str]:
    """The header of a shared sheet: the export header without the private columns."""
    private = set(PRIVATE_COLUMNS) | {f"{c}_{part}" for c in PRIVATE_COLUMNS for part in ("source", "checked_on")}
    return [column for column in sheet_header(programs) if column not in private]


# --- freshness -------------------------------------------------------------------------------------------


class FreshnessLevel(StrEnum):
    """How recently a program's facts were checked, as the badge says it."""

    FRESH = "fresh"
    AGING = "aging"
    STALE = "stale"
    UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class Freshness:
    """How fresh a program's facts are: the ``level``, the oldest and newest dates of its known facts, how
    many known facts have no date (``undated``), and a ``label``/``description`` in plain words."""

    level: FreshnessLevel
    oldest: date | None
    newest: date | None
    undated: int

    @property
    def label(self) -> str:
        """The badge's text: ``fresh``, ``recheck soon``, ``stale``, ``no dates``."""
        return {
            FreshnessLevel.FRESH: "fresh",
            FreshnessLevel.AGING: "recheck soon",
            FreshnessLevel.STALE: "stale",
            FreshnessLevel.UNDATED: "no dates",
        }[self.level]

    @property
    def description(self) -> str:
        """One sentence saying what the badge means for this program."""
        if self.oldest is None:
            return "None of its facts says when it was checked."
        span = (
            f"checked on {self.oldest.isoformat()}"
            if self.oldest == self.newest
            else f"checked between {self.oldest.isoformat()} and {self.newest.isoformat() if self.newest else ''}"
        )
        tail = f"; {self.undated} known fact{'s' if self.undated != 1 else ''} without a date" if self.undated else ""
        meaning = {
            FreshnessLevel.FRESH: "all within the last 6 months",
            FreshnessLevel.AGING: "the oldest 6 to 12 months ago",
            FreshnessLevel.STALE: "the oldest more than 12 months ago",
            FreshnessLevel.UNDATED: "",
        }[self.level]
        return f"Facts {span} ({meaning}){tail}."


def _six_months_before(today: date) -> date:
    month = today.month - 6
    year = today.year
    if month <= 0:
        month += 12
        year -= 1
    day = min(today.day, 28) if month == 2 else min(today.day, 30 if month in (4, 6, 9, 11) else 31)
    return date(year, month, day)


def freshness(program: Program, today: date) -> Freshness:
    """How fresh the known facts of ``program`` are on ``today``, judged by the oldest date among them (each
    fact's own date, else the row's): ``fresh`` within 6 months, ``aging`` 6 to 12 months, ``stale`` older,
    ``undated`` when no known fact has a date. The applicant's own columns do not count."""
    dates: list[date] = []
    undated = 0
    for column in MERGED_COLUMNS:
        value = getattr(program, column)
        if value is None or value == ():
            continue
        checked = program.provenance_of(column).checked_on
        if checked is None:
            undated += 1
        else:
            dates.append(checked)
    if not dates:
        return Freshness(FreshnessLevel.UNDATED, None, None, undated)
    oldest, newest = min(dates), max(dates)
    if oldest < twelve_months_before(today):
        level = FreshnessLevel.STALE
    elif oldest < _six_months_before(today):
        level = FreshnessLevel.AGING
    else:
        level = FreshnessLevel.FRESH
    return Freshness(level, oldest, newest, undated)
