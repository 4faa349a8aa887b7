"""The registry of the program sheet's columns: one entry per column, and everything else derives from it.

Each :class:`SheetColumn` says what a column is called, how a cell of it is read, how people label it,
what else a foreign spreadsheet may call it, whether the sheet can be sorted by it, whether it is the
applicant's own (never shared, never merged), and the help the docs' column table gives. The sheet's
reader and writer (:mod:`matchpilot.domain.sheet`), the column mapping (:mod:`matchpilot.domain.mapping`),
the sortable columns (:mod:`matchpilot.domain.query`), the merge's private columns, the export's order and
the web app's labels and edit form all read this registry, so a new column is added here (and in
``Program``, the storage table and a migration) and nowhere else.

Pure: no files, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from matchpilot.domain.cells import read_date, read_int, read_number, read_yes_no
from matchpilot.domain.geography import Setting
from matchpilot.domain.limits import CODE_LENGTH, SHEET_TEXT_LENGTH
from matchpilot.domain.program import US_STATES, Emphasis, ProgramType, Track
from matchpilot.domain.specialty import canonical_specialty

__all__ = [
    "COLUMNS",
    "COLUMNS_BY_NAME",
    "CellReader",
    "ColumnKind",
    "SheetColumn",
    "column_table_markdown",
    "read_text",
]

CellReader = Callable[[str], tuple[Any, str | None]]
"""Reads one sheet cell: returns (the value, or None when blank; a problem in words, or None)."""

_MAX_TEXT = SHEET_TEXT_LENGTH


class ColumnKind(StrEnum):
    """What kind of value a column holds (the mapping and the edit form choose how to read and show it by
    kind)."""

    TEXT = "text"
    CODE = "code"
    STATE = "state"
    TRACK = "track"
    NUMBER = "number"
    YES_NO = "yes_no"
    CHOICE = "choice"
    LIST = "list"
    DATE = "date"


def read_text(raw: str) -> tuple[str | None, str | None]:
    """A text cell: trimmed, blank as None, at most the sheet's text length."""
    value = raw.strip()
    if len(value) > _MAX_TEXT:
        return None, f"is longer than {_MAX_TEXT} characters"
    return (value or None), None


def _code(raw: str) -> tuple[str | None, str | None]:
    value = raw.strip()
    if len(value) > CODE_LENGTH:
        return None, f"is longer than {CODE_LENGTH} characters, the most a program code may have ({len(value)})"
    return (value or None), None


def _specialty(raw: str) -> tuple[str | None, str | None]:
    value, problem = read_text(raw)
    return (canonical_specialty(value) if value else value), problem


def _state(raw: str) -> tuple[str | None, str | None]:
    value = raw.strip().upper()
    if not value:
        return None, None
    if value not in US_STATES:
        return None, f"{raw.strip()!r} is not a 2-letter US state code"
    return value, None


def _choice(kind: type[ProgramType] | type[Emphasis] | type[Setting]) -> CellReader:
    def read(raw: str) -> tuple[Any, str | None]:
        value = raw.strip().lower()
        if not value:
            return None, None
        for member in kind:
            if value == member.value:
                return member, None
        allowed = ", ".join(member.value for member in kind)
        return None, f"{raw.strip()!r} is not one of: {allowed}"

    return read


def _track(raw: str) -> tuple[Track | None, str | None]:
    if not raw.strip():
        return None, "is required"
    track = Track.parse(raw)
    if track is None:
        return None, (
            f"{raw.strip()!r} is not a track (categorical, advanced, preliminary, transitional, physician, "
            "or C, A, P, T, R)"
        )
    return track, None


def _fellowships(raw: str) -> tuple[tuple[str, ...], str | None]:
    if len(raw.strip()) > _MAX_TEXT:
        return (), f"is longer than {_MAX_TEXT} characters"
    return tuple(part.strip() for part in raw.split(";") if part.strip()), None


@dataclass(frozen=True, slots=True)
class SheetColumn:
    """One column of the program sheet.

    ``name`` is the header the sheet writes and the ``Program`` field it fills; ``reader`` reads a cell;
    ``label`` is the words the web app shows; ``help`` is what the docs' column table says to put there;
    ``aliases`` are other names a spreadsheet may give it (matched after lower-casing and dropping
    punctuation, for the column mapping's suggestions); ``hint`` is the edit form's help under the field.
    ``required``: a row without it is refused. ``sortable``: the sheet can be sorted by it. ``private``: the
    applicant's own entry (no outside source; never shared, never overwritten by a merge). ``fact``: a fact
    about the program, shown on its page (false for the row's ``source`` and ``checked_on``). ``own_provenance``:
    it may carry its own ``<name>_source`` and ``<name>_checked_on``.
    ``choices``: the (value, words) pairs the edit form offers, for a column of a few values (yes/no columns
    are offered yes, no and unknown by their kind).
    """

    name: str
    kind: ColumnKind
    reader: CellReader
    label: str
    help: str
    aliases: tuple[str, ...] = ()
    hint: str = ""
    required: bool = False
    sortable: bool = False
    private: bool = False
    fact: bool = True
    own_provenance: bool = True
    choices: tuple[tuple[str, str], ...] = ()


_YES_NO_HELP = "`yes` / `no` / blank (also `y`, `n`, `true`, `false`, `1`, `0`)"

COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn(
        "code", ColumnKind.CODE, _code, "Program code",
        "NRMP program code (e.g. `1234340C0`) or any id that is unique in your sheet",
        ("program code", "nrmp code", "nrmp program code", "program id", "id", "program number", "nrmp number",
         "nrmp", "nrmp id", "eras id", "program no"),
        hint="The NRMP program code, e.g. 1234340C0.", required=True, sortable=True, own_provenance=False,
    ),
    SheetColumn(
        "name", ColumnKind.TEXT, read_text, "Name", "the program's name",
        ("program", "program name", "residency", "residency program", "program title"),
        required=True, sortable=True,
    ),
    SheetColumn(
        "institution", ColumnKind.TEXT, read_text, "Sponsoring institution", "the sponsoring institution",
        ("sponsoring institution", "sponsor", "hospital", "medical center", "university", "affiliation"),
        sortable=True,
    ),
    SheetColumn("city", ColumnKind.TEXT, read_text, "City", "the city", ("town", "location city"), sortable=True),
    SheetColumn(
        "state", ColumnKind.STATE, _state, "State", "2-letter code (`NY`, `PA`, `PR`, ...)",
        ("st", "state code", "location state", "province"),
        hint="A 2-letter code or the state's name.", sortable=True,
    ),
    SheetColumn(
        "setting", ColumnKind.CHOICE, _choice(Setting), "Setting (urban, suburban or rural)",
        "`urban`, `suburban`, `rural`: the kind of place the program trains in",
        ("urban rural", "urban suburban rural", "location setting", "location type", "area type", "urbanicity",
         "community setting", "geographic setting"),
        hint="The kind of place the program trains in: a city (urban), its suburbs, or the countryside (rural).",
        sortable=True, choices=(("", "unknown"), *((kind.value, kind.value) for kind in Setting)),
    ),
    SheetColumn(
        "specialty", ColumnKind.TEXT, _specialty, "Specialty",
        "`PM&R`, `Internal Medicine`, `Transitional Year`, `Surgery`, ... (saved under one name: see below)",
        ("speciality", "field", "discipline", "department"),
        required=True, sortable=True,
    ),
    SheetColumn(
        "track", ColumnKind.TRACK, _track, "Track",
        "`categorical`, `advanced`, `preliminary`, `transitional`, `physician` (or `C`, `A`, `P`, `T`, `R`)",
        ("program track", "position type", "type of position", "position", "track type"),
        required=True, sortable=True, choices=tuple((track.value, track.label) for track in Track),
    ),
    SheetColumn(
        "positions", ColumnKind.NUMBER, lambda raw: read_int(raw, low=0, high=500), "Positions offered",
        "whole number, 0 to 500",
        ("number of positions", "spots", "slots", "seats", "quota", "positions offered", "number of spots",
         "no of positions"),
        sortable=True,
    ),
    SheetColumn(
        "visa_j1", ColumnKind.YES_NO, read_yes_no, "J-1 visa", f"sponsors the J-1 visa: {_YES_NO_HELP}",
        ("j1", "j1 visa", "sponsors j1", "j1 sponsorship", "j1 sponsor", "accepts j1"),
        sortable=True,
    ),
    SheetColumn(
        "visa_h1b", ColumnKind.YES_NO, read_yes_no, "H-1B visa", f"sponsors the H-1B visa: {_YES_NO_HELP}",
        ("h1b", "h1b visa", "sponsors h1b", "h1b sponsorship", "h1b sponsor", "accepts h1b"),
        sortable=True,
    ),
    SheetColumn(
        "img_share", ColumnKind.NUMBER, lambda raw: read_number(raw, low=0, high=100, percent=True),
        "Residents who graduated abroad (IMG share)",
        "percent of current residents who graduated abroad, 0 to 100 (`35` or `35%`; see below for `0.4`)",
        ("img", "imgs", "img percent", "percent img", "img percentage", "img ratio",
         "international graduates", "img residents", "fmg", "fmgs", "img friendly percent"),
        hint="A percentage, e.g. 35 or 35%.", sortable=True,
    ),
    SheetColumn(
        "program_type", ColumnKind.CHOICE, _choice(ProgramType), "Program type",
        "`university`, `community`, `community-university`, `military`",
        ("type", "hospital type", "program setting", "type of program"),
        sortable=True, choices=(("", "unknown"), *((kind.value, kind.value) for kind in ProgramType)),
    ),
    SheetColumn(
        "va_affiliated", ColumnKind.YES_NO, read_yes_no, "Rotates at a VA hospital",
        "residents rotate at a VA hospital: yes / no / blank",
        ("va", "va hospital", "va rotations", "veterans affairs", "va affiliation"),
    ),
    SheetColumn(
        "linked_pgy1", ColumnKind.YES_NO, read_yes_no, "Linked PGY-1 (joint advanced/preliminary)",
        "the PGY-1 year is linked (a joint advanced and preliminary position): yes / no / blank",
        ("linked prelim", "pgy1 included", "integrated pgy1", "joint", "prelim included",
         "linked intern year"),
    ),
    SheetColumn(
        "emphasis", ColumnKind.CHOICE, _choice(Emphasis), "Rotation emphasis", "`inpatient`, `outpatient`, `balanced`",
        ("focus", "rotation emphasis", "inpatient outpatient", "clinical emphasis"),
        choices=(("", "unknown"), *((kind.value, kind.value) for kind in Emphasis)),
    ),
    SheetColumn(
        "fellowships", ColumnKind.LIST, _fellowships, "In-house fellowships", "`;`-separated: `pain; sports; SCI`",
        ("fellowship", "fellowships offered", "in house fellowships"),
        hint="Separate them with semicolons.",
    ),
    SheetColumn(
        "min_step2", ColumnKind.NUMBER, lambda raw: read_int(raw, low=1, high=300), "Stated Step 2 CK minimum",
        "stated Step 2 CK minimum, 1 to 300",
        ("step2", "step 2", "step2 ck", "step 2 ck", "step 2 cutoff", "step2 cutoff", "minimum step 2",
         "ck cutoff", "step 2 minimum", "step 2 ck minimum", "ck", "step 2 ck cutoff"),
        hint="A score, e.g. 220.", sortable=True,
    ),
    SheetColumn(
        "max_years_since_graduation", ColumnKind.NUMBER, lambda raw: read_int(raw, low=0, high=60),
        "Stated limit on years since graduation", "stated limit on years since graduation, whole number, 0 to 60",
        ("years since graduation", "yog", "yog cutoff", "max yog", "graduation cutoff",
         "years from graduation", "graduation year cutoff"),
    ),
    SheetColumn(
        "usce_required", ColumnKind.YES_NO, read_yes_no, "Requires US clinical experience",
        "requires US clinical experience: yes / no / blank",
        ("usce", "requires usce", "us clinical experience", "usce needed"),
    ),
    SheetColumn(
        "step3_for_h1b", ColumnKind.YES_NO, read_yes_no, "Requires Step 3 before H-1B sponsorship",
        "requires Step 3 before sponsoring an H-1B: yes / no / blank",
        ("step 3 for h1b", "step3 h1b", "step 3 required for h1b", "step 3 required", "step3"),
    ),
    SheetColumn(
        "interest", ColumnKind.NUMBER, lambda raw: read_int(raw, low=1, high=5), "Your interest (1 to 5)",
        "your own interest, 1 to 5 (never shared)",
        ("my interest", "rating", "my rating", "priority", "interest level", "stars"),
        hint="1 (low) to 5 (high); blank if you have not decided.", sortable=True, private=True,
    ),
    SheetColumn(
        "notes", ColumnKind.TEXT, read_text, "Your notes", "free text, your own (never shared)",
        ("note", "comments", "comment", "remarks", "my notes", "thoughts"),
        private=True,
    ),
    SheetColumn(
        "source", ColumnKind.TEXT, read_text, "Where these facts come from", "where the row's facts came from",
        ("data source", "info source", "where from", "reference", "sources"),
        hint="Where these facts come from: a web page, an email, a call.", fact=False, own_provenance=False,
    ),
    SheetColumn(
        "checked_on", ColumnKind.DATE, read_date, "Checked on", "when you checked the row's facts (`YYYY-MM-DD`)",
        ("checked", "last checked", "date checked", "verified", "last verified", "last updated",
         "updated", "as of", "date", "verified on"),
        hint="YYYY-MM-DD; today if blank.", sortable=True, fact=False, own_provenance=False,
    ),
)  # fmt: skip
"""The sheet's columns, in the order the sheet and its export write them."""

COLUMNS_BY_NAME: Mapping[str, SheetColumn] = MappingProxyType({column.name: column for column in COLUMNS})
"""Each column by its name."""


def column_table_markdown() -> str:
    """The docs' table of the sheet's columns (Markdown): each column's name and its help, in sheet order."""
    lines = ["| column | what to put there |", "|---|---|"]
    lines += [f"| `{column.name}` | {column.help} |" for column in COLUMNS]
    return "\n".join(lines)
