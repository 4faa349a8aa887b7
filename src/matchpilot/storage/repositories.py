"""Repositories: what the services ask of the database, for one owner at a time.

Each store works inside a session that the caller's transaction owns (see ``Database.transaction``), so a
use case that touches several stores commits or fails as one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from types import MappingProxyType
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Result,
    RowMapping,
    Text,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.sqltypes import NullType

from matchpilot.domain.geography import Setting
from matchpilot.domain.program import Emphasis, Program, ProgramType, Provenance, StoredProvenance, Track
from matchpilot.domain.program_columns import NUMBERED_FIELDS, ColumnNumbers, ProgramColumns
from matchpilot.domain.query import SORTABLE_COLUMNS, ProgramFilter, ProgramQuery, VisaKind
from matchpilot.domain.sheet import SHEET_COLUMNS
from matchpilot.domain.specialty import specialty_spellings
from matchpilot.errors import MatchpilotError
from matchpilot.storage.database import note_owner, read_stored_json
from matchpilot.storage.tables import owners, profiles, programs

__all__ = ["OwnerStore", "ProfileStore", "ProgramBrief", "ProgramStore", "UpsertCounts"]

_FACT_COLUMNS = tuple(c for c in SHEET_COLUMNS)
_CODES_PER_QUERY = 500
"""How many codes one query of :meth:`ProgramStore.with_codes` asks for (databases limit a statement's values)."""


class ProgramBrief(NamedTuple):
    """What the home page needs of a program: its code, name, row source and visa facts."""

    code: str
    name: str
    source: str | None
    visa_j1: bool | None
    visa_h1b: bool | None


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    """How many programs an import created, changed, and found already identical."""

    created: int
    updated: int
    unchanged: int


class OwnerStore:
    """Owners of records (one implicit ``local`` owner in single-user mode)."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``."""
        self.session = session

    def ensure(self, name: str) -> int:
        """The id of the owner called ``name``, created when missing."""
        found = self.session.execute(select(owners.c.id).where(owners.c.name == name)).scalar_one_or_none()
        if found is not None:
            return int(found)
        try:
            with self.session.begin_nested():  # two processes starting at once may both find none
                return int(self.session.execute(insert(owners).values(name=name).returning(owners.c.id)).scalar_one())
        except IntegrityError:  # the other one made it first: use theirs
            return int(self.session.execute(select(owners.c.id).where(owners.c.name == name)).scalar_one())

    def find(self, name: str) -> int | None:
        """The id of the owner called ``name``, or None when there is none (nothing is created)."""
        found = self.session.execute(select(owners.c.id).where(owners.c.name == name)).scalar_one_or_none()
        return None if found is None else int(found)

    def remove(self, owner_id: int) -> None:
        """Delete the owner row (its records must be erased first: see ``erase_owner_records``)."""
        self.session.execute(delete(owners).where(owners.c.id == owner_id))

    def revision(self, owner_id: int) -> int:
        """How many committed transactions have changed ``owner_id``'s records (0 for an unknown owner):
        equal revisions mean the owner's records are as they were."""
        found = self.session.execute(select(owners.c.revision).where(owners.c.id == owner_id)).scalar_one_or_none()
        return int(found or 0)


class ProfileStore:
    """The applicant profile of one owner, stored as the validated mapping ``profile_to_dict`` gives."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def get(self) -> dict[str, Any] | None:
        """The stored profile mapping, or None when there is none yet."""
        data = self.session.execute(
            select(profiles.c.data).where(profiles.c.owner_id == self.owner_id)
        ).scalar_one_or_none()
        return dict(data) if data is not None else None

    def save(self, data: Mapping[str, Any]) -> None:
        """Store ``data`` as the profile, replacing any earlier one."""
        exists = self.session.execute(
            select(profiles.c.owner_id).where(profiles.c.owner_id == self.owner_id)
        ).scalar_one_or_none()
        if exists is None:
            self.session.execute(insert(profiles).values(owner_id=self.owner_id, data=dict(data)))
        else:
            self.session.execute(
                update(profiles)
                .where(profiles.c.owner_id == self.owner_id)
                .values(data=dict(data), updated_at=func.now())
            )

    def clear(self) -> None:
        """Forget the profile (the workspace then has none)."""
        self.session.execute(delete(profiles).where(profiles.c.owner_id == self.owner_id))


class ProgramStore:
    """The program intelligence sheet of one owner."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def _mine(self) -> ColumnElement[bool]:
        return programs.c.owner_id == self.owner_id

    def count(self) -> int:
        """How many programs the sheet holds."""
        return int(self.session.execute(select(func.count()).select_from(programs).where(self._mine())).scalar_one())

    def get(self, code: str) -> Program | None:
        """The program with ``code``, or None."""
        row = self.session.execute(select(programs).where(self._mine(), programs.c.code == code)).mappings().first()
        return _to_program(row) if row is not None else None

    def all(self) -> list[Program]:
        """Every program, by code."""
        return list(self.columns().programs())

    def columns(self, *, numbered: bool = False) -> ProgramColumns:
        """Every program, by code, as columns (:class:`ProgramColumns`): one query for the facts and the
        provenance, the values fetched as the driver gives them and each column converted once per distinct
        value (the database's own conversion, then :func:`_column_values`), instead of row by row; with
        ``numbered``, the facts of :data:`NUMBERED_FIELDS` numbered as they are converted
        (:func:`_numbered_values`: what a whole sheet's chances group programs by)."""
        dialect = self.session.get_bind().dialect
        wanted = [  # the JSON columns as their text, read once per distinct value below
            type_coerce(cast(programs.c[name], Text) if name in _JSON_FIELDS else programs.c[name], NullType())
            for name in _COLUMN_FIELDS
        ]
        result = self.session.execute(select(*wanted).where(self._mine()).order_by(programs.c.code))
        described = result.cursor.description  # type: ignore[attr-defined]  # the driver's type of each column
        processors = [
            None
            if name in _JSON_FIELDS
            else programs.c[name].type.dialect_impl(dialect).result_processor(dialect, described[index][1])
            for index, name in enumerate(_COLUMN_FIELDS)
        ]
        rows = result.all()
        stored = list(zip(*rows, strict=True)) if rows else [() for _ in _COLUMN_FIELDS]
        columns: dict[str, tuple[object, ...]] = {}
        numbers: dict[str, ColumnNumbers] = {}
        for name, column, processor in zip(_COLUMN_FIELDS, stored, processors, strict=True):
            if numbered and name in _NUMBERED:
                columns[name], numbers[name] = _numbered_values(name, column, processor)
            else:
                columns[name] = _column_values(name, column, processor)
        return ProgramColumns(MappingProxyType(columns), MappingProxyType(numbers))

    def query(self, query: ProgramQuery) -> tuple[list[Program], int]:
        """One page of the programs that pass ``query.filter``, sorted, and how many pass in all.

        Follows ``ProgramFilter.matches`` exactly; unknown values sort last in either direction.
        """
        conditions = [self._mine(), *_conditions(query.filter)]
        total = int(self.session.execute(select(func.count()).select_from(programs).where(*conditions)).scalar_one())
        if query.sort not in SORTABLE_COLUMNS:
            raise MatchpilotError(f"cannot sort by {query.sort!r}")
        column = programs.c[query.sort]
        order = column.desc() if query.descending else column.asc()
        statement = select(programs).where(*conditions).order_by(column.is_(None), order, programs.c.code)
        if query.per_page is not None:
            statement = statement.limit(query.per_page).offset((max(query.page, 1) - 1) * query.per_page)
        return _read_programs(self.session.execute(statement)), total

    def names(self) -> list[tuple[str, str]]:
        """The code and name of every program, by code (without reading the rest of each row)."""
        statement = select(programs.c.code, programs.c.name).where(self._mine()).order_by(programs.c.code)
        return [(str(code), str(name)) for code, name in self.session.execute(statement)]

    def with_codes(self, codes: Iterable[str]) -> list[Program]:
        """The programs whose code is one of ``codes`` (exactly as stored), by code."""
        wanted = sorted(set(codes))
        found: list[Program] = []
        for start in range(0, len(wanted), _CODES_PER_QUERY):
            chunk = wanted[start : start + _CODES_PER_QUERY]
            statement = select(programs).where(self._mine(), programs.c.code.in_(chunk)).order_by(programs.c.code)
            found.extend(_read_programs(self.session.execute(statement)))
        return found

    def briefs(self) -> list[ProgramBrief]:
        """The code, name, row source and visa facts of every program, by code (without reading the rest of each
        row: the home page's steps need no more)."""
        c = programs.c
        statement = select(c.code, c.name, c.source, c.visa_j1, c.visa_h1b).where(self._mine()).order_by(c.code)
        return [ProgramBrief(*row) for row in self.session.execute(statement)]

    def distinct(self, column: str) -> list[str]:
        """The distinct known values of a text column (for filter choices), sorted."""
        col = programs.c[column]
        rows = self.session.execute(select(col).where(self._mine(), col.is_not(None)).distinct().order_by(col))
        return [str(value) for (value,) in rows]

    def upsert_many(self, items: Sequence[Program]) -> UpsertCounts:
        """Add new programs and replace changed ones, by code; programs not in ``items`` are kept."""
        existing = {row["code"]: row for row in self.session.execute(select(programs).where(self._mine())).mappings()}
        to_insert: list[dict[str, Any]] = []
        updated = unchanged = 0
        for program in items:
            values = _to_row(program)
            old = existing.get(program.code)
            if old is None:
                to_insert.append({"owner_id": self.owner_id, **values})
            elif _to_program(old) == program:
                unchanged += 1
            else:
                self.session.execute(update(programs).where(programs.c.id == old["id"]).values(**values))
                updated += 1
        if to_insert:
            self.session.execute(insert(programs), to_insert)
        return UpsertCounts(len(to_insert), updated, unchanged)

    def delete_except(self, codes: Iterable[str]) -> int:
        """Remove every program whose code is not in ``codes``; returns how many were removed."""
        keep = set(codes)
        gone = [
            code for (code,) in self.session.execute(select(programs.c.code).where(self._mine())) if code not in keep
        ]
        for start in range(0, len(gone), 500):
            self.session.execute(delete(programs).where(self._mine(), programs.c.code.in_(gone[start : start + 500])))
        return len(gone)

    def delete_codes(self, codes: Iterable[str]) -> int:
        """Remove the programs whose code is in ``codes``; returns how many were removed."""
        gone = sorted(set(codes))
        removed = 0
        for start in range(0, len(gone), 500):
            result = self.session.execute(
                delete(programs).where(self._mine(), programs.c.code.in_(gone[start : start + 500]))
            )
            removed += int(getattr(result, "rowcount", 0) or 0)
        return removed

    def replace_all(self, items: Iterable[Program]) -> int:
        """Make the sheet exactly ``items``; returns how many programs it now holds."""
        self.session.execute(delete(programs).where(self._mine()))
        rows = [{"owner_id": self.owner_id, **_to_row(program)} for program in items]
        if rows:
            self.session.execute(insert(programs), rows)
        return len(rows)


def _conditions(criteria: ProgramFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if criteria.state:
        found.append(programs.c.state == criteria.state.upper())
    if criteria.codes is not None:
        found.append(programs.c.code.in_(sorted(criteria.codes)))
    if criteria.specialty:
        found.append(func.lower(programs.c.specialty).in_(sorted(specialty_spellings(criteria.specialty))))
    if criteria.track is not None:
        found.append(programs.c.track == criteria.track.value)
    if criteria.visa is VisaKind.J1:
        found.append(programs.c.visa_j1.is_(True))
    if criteria.visa is VisaKind.H1B:
        found.append(programs.c.visa_h1b.is_(True))
    if criteria.min_img_share is not None:
        found.append(programs.c.img_share >= criteria.min_img_share)
    if criteria.search:
        needle = criteria.search.lower()
        fields = (programs.c.code, programs.c.name, programs.c.institution, programs.c.city, programs.c.notes)
        matches = [func.lower(f).contains(needle, autoescape=True) for f in fields]
        matches.append(func.lower(cast(programs.c.fellowships, Text)).contains(needle, autoescape=True))
        found.append(or_(*matches))
    return found


def _to_row(program: Program) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in _FACT_COLUMNS:
        value = getattr(program, column)
        if isinstance(value, Track | ProgramType | Emphasis | Setting):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        row[column] = value
    row["provenance"] = {
        column: {"source": prov.source, "checked_on": prov.checked_on.isoformat() if prov.checked_on else None}
        for column, prov in sorted(program.provenance.items())
    }
    return row


_COLUMN_FIELDS = (*_FACT_COLUMNS, "provenance")
_NUMBERED = frozenset(NUMBERED_FIELDS)
_JSON_FIELDS = frozenset({"fellowships", "provenance"})  # read as their stored text, each distinct text once
_KINDS: dict[str, type[Track | ProgramType | Emphasis | Setting]] = {
    "track": Track,
    "program_type": ProgramType,
    "emphasis": Emphasis,
    "setting": Setting,
}


def _column_values(name: str, stored: Sequence[Any], processor: Any = None) -> tuple[object, ...]:
    """The column ``name`` of the programs table as ``Program`` holds it, equal to what :func:`_to_program` makes
    of each row: kinds as enums, fellowships as tuples, IMG shares as floats, the provenance as read-only
    mappings of :class:`Provenance` (read from its text when first asked for: :class:`StoredProvenance`); each
    distinct stored value is converted once (JSON columns arrive as their text); ``processor`` is the
    database's conversion of a stored value, applied first."""
    convert = _converter(name, processor)
    if convert is None:
        return tuple(stored)
    made: dict[Any, object] = dict.fromkeys(stored)  # each distinct value once, in the order they first appear
    for value in made:
        made[value] = convert(value)
    return tuple(map(made.__getitem__, stored))


def _numbered_values(
    name: str, stored: Sequence[Any], processor: Any = None
) -> tuple[tuple[object, ...], ColumnNumbers]:
    """:func:`_column_values` and the column numbered (:class:`ColumnNumbers`) in the same pass: each distinct
    stored value gets a number (in the order they first appear) and is converted once, and every row holds its
    number's converted value. Rows with equal stored values hold one converted object, so a number is one value
    of one type. A column the database gives unconverted holds each distinct value's first object: equal
    values of a type (texts, whole numbers; a column's numbers are all ``int`` or all ``float``: SQLite's
    column affinity and PostgreSQL's types see to it)."""
    import numpy as np  # here: the commands that only list or edit the sheet do not import it

    convert = _converter(name, processor)
    number: dict[Any, int] = dict.fromkeys(stored)  # type: ignore[assignment]  # numbered just below
    distinct = list(number)
    for index, value in enumerate(distinct):
        number[value] = index
    codes = np.fromiter(map(number.__getitem__, stored), dtype=np.int64, count=len(stored))
    codes.flags.writeable = False
    made = distinct if convert is None else list(map(convert, distinct))
    at = codes.tolist()
    values: tuple[object, ...] = tuple(made[code] for code in at) if len(at) < 2 else itemgetter(*at)(made)
    return values, ColumnNumbers(codes, len(distinct))


def _converter(name: str, processor: Any) -> Any:
    """What converts a stored value of the column ``name`` (after the database's ``processor``), or None."""
    convert: Any = None
    if name in _KINDS:
        kind = _KINDS[name]
        convert = kind if name == "track" else lambda value: None if value is None else kind(value)
    elif name == "img_share":
        convert = lambda value: None if value is None else float(value)  # noqa: E731
    elif name == "fellowships":
        convert = lambda text: tuple(_stored_json(text) or ())  # noqa: E731
    elif name == "provenance":  # read when first asked for (StoredProvenance): My list never asks
        kept: dict[tuple[object, object], Provenance] = {}

        def one(source: Any, checked: Any) -> Provenance:
            found = kept.get((source, checked))
            if found is None:
                found = kept[(source, checked)] = Provenance(source, date.fromisoformat(checked) if checked else None)
            return found

        def read(text: str | None) -> Mapping[str, Provenance]:
            return MappingProxyType(
                {
                    column: one(entry.get("source"), entry.get("checked_on"))
                    for column, entry in (_stored_json(text) or {}).items()
                }
            )

        convert = lambda text: read(text) if text is None or text == "{}" else StoredProvenance(text, read)  # noqa: E731
    if processor is not None:
        convert = processor if convert is None else _then(processor, convert)
    return convert


def _then(first: Any, second: Any) -> Any:
    """``second(first(value))``."""
    return lambda value: second(first(value))


def _stored_json(text: str | None) -> Any:
    """A JSON column read as text (None for SQL NULL), as the database's JSON reader reads it."""
    return None if text is None else read_stored_json(text)


def _read_programs(result: Result[Any]) -> list[Program]:
    """Every row of ``result`` (a ``select(programs)``) as a Program, equal to :func:`_to_program` of each row,
    made faster for a whole sheet: the columns are taken by position, not by name, and the provenance of the
    facts, which programs share, is read once per distinct value (5,000 programs: ~65 ms -> ~25 ms)."""
    positions = {key: index for index, key in enumerate(result.keys())}
    facts = itemgetter(*(positions[column] for column in _FACT_COLUMNS))
    at_provenance = positions["provenance"]
    tracks = {track.value: track for track in Track}
    types = {kind.value: kind for kind in ProgramType}
    emphases = {kind.value: kind for kind in Emphasis}
    settings = {kind.value: kind for kind in Setting}
    kept: dict[tuple[object, object], Provenance] = {}
    found: list[Program] = []
    for row in result:
        values = dict(zip(_FACT_COLUMNS, facts(row), strict=True))
        track = values["track"]
        values["track"] = tracks[track] if track in tracks else Track(track)
        kind = values["program_type"]
        if kind is not None:
            values["program_type"] = types[kind] if kind in types else ProgramType(kind)
        kind = values["emphasis"]
        if kind is not None:
            values["emphasis"] = emphases[kind] if kind in emphases else Emphasis(kind)
        kind = values["setting"]
        if kind is not None:
            values["setting"] = settings[kind] if kind in settings else Setting(kind)
        values["fellowships"] = tuple(values["fellowships"] or ())
        if values["img_share"] is not None:
            values["img_share"] = float(values["img_share"])
        provenance: dict[str, Provenance] = {}
        for column, entry in (row[at_provenance] or {}).items():
            source, checked = entry.get("source"), entry.get("checked_on")
            known = kept.get((source, checked))
            if known is None:
                known = kept[(source, checked)] = Provenance(source, date.fromisoformat(checked) if checked else None)
            provenance[column] = known
        found.append(Program(**values, provenance=MappingProxyType(provenance)))
    return found


def _to_program(row: RowMapping | Mapping[str, Any]) -> Program:
    values: dict[str, Any] = {column: row[column] for column in _FACT_COLUMNS}
    values["track"] = Track(values["track"])
    if values["program_type"] is not None:
        values["program_type"] = ProgramType(values["program_type"])
    if values["emphasis"] is not None:
        values["emphasis"] = Emphasis(values["emphasis"])
    if values["setting"] is not None:
        values["setting"] = Setting(values["setting"])
    values["fellowships"] = tuple(values["fellowships"] or ())
    if values["img_share"] is not None:
        values["img_share"] = float(values["img_share"])
    provenance = {
        column: Provenance(
            entry.get("source"), date.fromisoformat(entry["checked_on"]) if entry.get("checked_on") else None
        )
        for column, entry in (row["provenance"] or {}).items()
    }
    return Program(**values, provenance=MappingProxyType(provenance))
