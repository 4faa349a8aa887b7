"""Backups of owners' data: every row of every owned table, generic over the schema.

A table is *owned* when it has an ``owner_id`` column; the walk over ``metadata.sorted_tables`` finds every
such table, so a table added later is backed up and restored without changes here.

The document's envelope (format, schema revision, checksum) is written and checked by
:mod:`matchpilot.io.backup_json`; this module reads, checks and writes what each owner's part holds.

Rows leave out ``owner_id``; dates and times are ISO 8601 (times in UTC with their offset), JSON columns are
JSON. Integer surrogate keys are written so that foreign keys between owned tables can be followed, and new ones
are given on restore: restoring into a database with other owners never collides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from matchpilot.domain.limits import stored_text_problem, unstorable_strings
from matchpilot.errors import ExistingDataError, InputError, NotFoundError
from matchpilot.storage.tables import metadata, owners

__all__ = [
    "OwnerData",
    "check_owners",
    "current_revision",
    "dry_run_restore",
    "known_revisions",
    "owned_tables",
    "owner_has_data",
    "owner_name",
    "owner_names",
    "read_owner",
    "rows_of",
    "verify_owner",
    "write_owner",
]

_MIGRATIONS = Path(__file__).with_name("migrations")


# --- the schema ---------------------------------------------------------------------------------------------


def owned_tables() -> list[Table]:
    """Every table with an ``owner_id`` column, parents before children (``metadata.sorted_tables``)."""
    return list(_owned_tables())


@cache
def _owned_tables() -> tuple[Table, ...]:
    # the tables are fixed when matchpilot is imported; sorting them costs ~1 ms, and a backup's checks ask for
    # them for every row (tens of thousands of times for a server's backup), so they are sorted once
    return tuple(table for table in metadata.sorted_tables if "owner_id" in table.c and table is not owners)


def _surrogate_key(table: Table) -> Column[Any] | None:
    """The table's own integer key (``id``), given anew on restore; None when the key is ``owner_id``."""
    keys = [column for column in table.primary_key.columns if column.name != "owner_id"]
    if len(keys) == 1 and isinstance(keys[0].type, Integer) and not keys[0].foreign_keys:
        return keys[0]
    return None


@cache
def _references(table: Table) -> Mapping[str, Table]:
    """The columns of ``table`` (other than ``owner_id``) that point at rows of another owned table (worked out
    once per table: the checks ask for every row)."""
    owned = {t.name: t for t in _owned_tables()}
    found: dict[str, Table] = {}
    for column in table.columns:
        if column.name == "owner_id":
            continue
        for key in column.foreign_keys:
            target = key.column.table
            if isinstance(target, Table) and target.name in owned:
                found[column.name] = target
    return MappingProxyType(found)


def known_revisions() -> list[str]:
    """The Alembic revisions this matchpilot knows, oldest first (the last is the newest schema)."""
    return list(_known_revisions())


@cache
def _known_revisions() -> tuple[str, ...]:
    # the migration scripts ship with matchpilot and do not change while it runs; reading them (Alembic imports
    # every script) took about 30 ms of CPU, paid by every backup, check and restore
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    revisions = [script.revision for script in ScriptDirectory.from_config(config).walk_revisions()]
    return tuple(reversed(revisions))


def current_revision(session: Session) -> str | None:
    """The Alembic revision of the database behind ``session`` (None when it was never migrated)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(session.connection()).get_current_revision()


# --- owners -------------------------------------------------------------------------------------------------


def owner_names(session: Session) -> list[str]:
    """The names of every owner, sorted."""
    return [str(name) for (name,) in session.execute(select(owners.c.name).order_by(owners.c.name))]


def owner_name(session: Session, owner_id: int) -> str:
    """The name of the owner with ``owner_id`` (NotFoundError when there is none)."""
    found = session.execute(select(owners.c.name).where(owners.c.id == owner_id)).scalar_one_or_none()
    if found is None:
        raise NotFoundError(f"no owner with id {owner_id} in this database")
    return str(found)


def _owner_id(session: Session, name: str) -> int | None:
    found = session.execute(select(owners.c.id).where(owners.c.name == name)).scalar_one_or_none()
    return None if found is None else int(found)


def owner_has_data(session: Session, owner_id: int) -> bool:
    """True when any owned table holds a row of ``owner_id``."""
    for table in owned_tables():
        statement = select(func.count()).select_from(table).where(table.c.owner_id == owner_id)
        if session.execute(statement).scalar_one():
            return True
    return False


# --- values <-> JSON ----------------------------------------------------------------------------------------


def _to_json(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        if isinstance(value, str):  # a driver that hands back text
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:  # SQLite keeps no offset: matchpilot's times are UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(column.type, Date):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(column.type, Numeric) and not isinstance(column.type, Float):
        return str(value)
    return value


class _Bad(Exception):
    """A value of the document that does not fit its column (turned into an InputError naming the place)."""


def _from_json(column: Column[Any], value: Any, backend: str) -> Any:
    """The database value for the JSON ``value`` of ``column``; _Bad when it does not fit."""
    kind = column.type
    if value is None:
        if not column.nullable and column.server_default is None and column.default is None:
            raise _Bad("must not be empty")
        return None
    if isinstance(kind, JSON):
        for where, problem in unstorable_strings(value, nul=False):  # a JSON column keeps NUL escaped
            raise _Bad(f"{where}: {problem}" if where else problem)
        return value
    if isinstance(kind, DateTime):
        if not isinstance(value, str):
            raise _Bad(f"{value!r} is not an ISO date and time")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise _Bad(f"{value!r} is not an ISO date and time") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
        return moment.replace(tzinfo=None) if backend == "sqlite" else moment
    if isinstance(kind, Date):
        if not isinstance(value, str):
            raise _Bad(f"{value!r} is not an ISO date")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _Bad(f"{value!r} is not an ISO date") from None
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise _Bad(f"{value!r} is not true or false")
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Bad(f"{value!r} is not a number")
        return float(value)
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(f"{value!r} is not a whole number")
        if not -(2**63) <= value < 2**63:
            raise _Bad(f"{value!r} is too large")
        return value
    if isinstance(kind, String):  # also Text
        if not isinstance(value, str):
            raise _Bad(f"{value!r} is not text")
        if kind.length is not None and len(value) > kind.length:
            raise _Bad(f"is longer than {kind.length} characters")
        unfit = stored_text_problem(value)
        if unfit is not None:
            raise _Bad(unfit)
        return value
    return value


# --- reading ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnerData:
    """One owner's part of a backup: the owners row (without its id) and the rows of each owned table."""

    owner: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The owner's name."""
        return str(self.owner["name"])

    def counts(self) -> dict[str, int]:
        """How many rows each table holds (tables without rows left out)."""
        return {name: len(rows) for name, rows in self.tables.items() if rows}

    def as_json(self) -> dict[str, Any]:
        """The JSON form used in the document."""
        return {"owner": self.owner, "tables": self.tables}


def read_owner(session: Session, name: str) -> OwnerData:
    """Every row of the owner called ``name`` (NotFoundError when there is no such owner)."""
    row = session.execute(select(owners).where(owners.c.name == name)).mappings().first()
    if row is None:
        raise NotFoundError(f"no owner called {name!r} in this database")
    owner_id = int(row["id"])
    owner = {column.name: _to_json(column, row[column.name]) for column in owners.columns if column.name != "id"}
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in owned_tables():
        columns = [column for column in table.columns if column.name != "owner_id"]
        order = [column for column in table.primary_key.columns if column.name != "owner_id"]
        statement = select(*columns).where(table.c.owner_id == owner_id).order_by(*order)
        tables[table.name] = [
            {column.name: _to_json(column, found[column.name]) for column in columns}
            for found in session.execute(statement).mappings()
        ]
    return OwnerData(owner, tables)


# --- checking -----------------------------------------------------------------------------------------------


def check_owners(parts: Sequence[Any], *, latest: bool) -> list[OwnerData]:
    """Check the owners' part of a backup document (its envelope already checked by
    :func:`matchpilot.io.backup_json.read_backup_document`) against this matchpilot's schema; their data, ready
    to write.

    Raises InputError naming the first problem: an owner without a record or a name, an owner twice, or a value
    that does not fit its column (``table programs, row 3, column checked_on: ...``). ``latest``: the backup
    comes from this schema revision; one from an older revision is accepted: columns it lacks take their
    defaults (or stay empty), tables and columns since removed are skipped.
    """
    tables = {table.name: table for table in owned_tables()}
    checked: list[OwnerData] = []
    seen: set[str] = set()
    for number, part in enumerate(parts, start=1):
        where = f"owner {number}"
        if not isinstance(part, dict) or not isinstance(part.get("owner"), dict):
            raise InputError(f"the backup is damaged: {where} has no owner record")
        owner = _check_row(owners, part["owner"], f"{where}, the owner record", latest, skip=("id",))
        name = owner.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"the backup is damaged: {where} has no name")
        if name in seen:
            raise InputError(f"the backup is damaged: owner {name!r} appears twice")
        seen.add(name)
        found = part.get("tables", {})
        if not isinstance(found, dict):
            raise InputError(f"the backup is damaged: the tables of owner {name!r} are not a mapping")
        rows_by_table: dict[str, list[dict[str, Any]]] = {}
        for table_name, rows in found.items():
            table = tables.get(table_name)
            if table is None:
                if latest:
                    raise InputError(f"the backup is damaged: unknown table {table_name!r} (owner {name!r})")
                continue  # a table this schema no longer has
            if not isinstance(rows, list):
                raise InputError(f"the backup is damaged: table {table_name} of owner {name!r} is not a list")
            rows_by_table[table_name] = [
                _check_row(table, row, f"owner {name!r}, table {table_name}, row {index}", latest)
                for index, row in enumerate(rows, start=1)
            ]
        checked.append(OwnerData({**owner, "name": name}, rows_by_table))
    return checked


def _check_row(
    table: Table, row: Any, where: str, latest: bool, *, skip: Iterable[str] = ("owner_id",)
) -> dict[str, Any]:
    """The row with values converted for the database (keys kept for surrogate ids)."""
    if not isinstance(row, dict):
        raise InputError(f"the backup is damaged: {where} is not a record")
    skipped = set(skip)
    converted: dict[str, Any] = {}
    for key in row:
        if key not in table.c and latest:
            raise InputError(f"the backup is damaged: {where}: unknown column {key!r}")
    key_column = _surrogate_key(table)
    for column in table.columns:
        if column.name in skipped:
            continue
        if column.name not in row:
            if column is key_column or column.server_default is not None or column.default is not None:
                continue
            if not column.nullable:
                raise InputError(f"the backup is damaged: {where}: column {column.name} is missing")
            converted[column.name] = None
            continue
        value = row[column.name]
        if column is key_column:
            if isinstance(value, bool) or not isinstance(value, int):
                raise InputError(f"the backup is damaged: {where}, column {column.name}: {value!r} is not an id")
            converted[column.name] = value
            continue
        if column.name not in _references(table):
            _convert(column, value, "postgresql", where)  # checked now, converted when written
        converted[column.name] = value
    return converted


def _record(table: Table, index: int, row: Mapping[str, Any]) -> str:
    """How a problem names a row: its table, its place and, when it has them, its id and program code."""
    named = [f"{key} {row[key]!r}" for key in ("id", "code") if isinstance(row.get(key), int | str)]
    shown = [text if stored_text_problem(text) is None else ascii(text) for text in named]
    return f"table {table.name}, row {index}" + (f" ({', '.join(shown)})" if shown else "")


def verify_owner(part: OwnerData) -> list[str]:
    """Every value of ``part`` (read from this database) that a restore would refuse, each problem naming the
    owner, the table, the row and the column (``owner 'amina', table programs, row 3 (id 7, code '...'),
    column code: is longer than 64 characters``); empty when the part restores. Uses the same conversion a
    restore uses, on PostgreSQL's terms (which are the stricter), so a part that passes restores on both."""
    name = part.name if stored_text_problem(part.name) is None else ascii(part.name)
    problems: list[str] = []
    for column in owners.columns:
        if column.name in part.owner and column.name != "id":
            try:
                _from_json(column, part.owner[column.name], "postgresql")
            except _Bad as problem:
                problems.append(f"owner {name!r}, the owner record, column {column.name}: {problem}")
    tables = {table.name: table for table in owned_tables()}
    for table_name, rows in part.tables.items():
        table = tables[table_name]
        key_column = _surrogate_key(table)
        references = _references(table)
        for index, row in enumerate(rows, start=1):
            for key, value in row.items():
                if key not in table.c or table.c[key] is key_column or key in references:
                    continue
                try:
                    _from_json(table.c[key], value, "postgresql")
                except _Bad as problem:
                    problems.append(f"owner {name!r}, {_record(table, index, row)}, column {key}: {problem}")
    return problems


def dry_run_restore(parts: Sequence[OwnerData]) -> None:
    """Write ``parts`` (a backup's owners, checked by :func:`check_owners`) into a throwaway in-memory database,
    then throw it away: the writing a restore does. Raises what a restore would raise (InputError naming the
    owner, table, row and column)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", poolclass=StaticPool)

    def _foreign_keys(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA foreign_keys=ON")

    event.listen(engine, "connect", _foreign_keys)
    try:
        metadata.create_all(engine)
        with Session(engine) as session:
            try:
                for part in parts:
                    write_owner(session, part, name=part.name, replace=False, backend="sqlite")
            except SQLAlchemyError as error:
                raise InputError(f"the backup does not restore: {getattr(error, 'orig', None) or error}") from None
            finally:
                session.rollback()
    finally:
        engine.dispose()


# --- writing ------------------------------------------------------------------------------------------------


def write_owner(session: Session, part: OwnerData, *, name: str, replace: bool, backend: str) -> dict[str, int]:
    """Write one owner's data as the owner called ``name`` (created when missing); rows written per table.

    Refuses (InputError) when that owner already has data, unless ``replace``: then its rows in every owned
    table are removed first. New ids are given to every row and foreign keys between owned tables follow them.
    Call inside one transaction with the other owners of the same backup, so a failure writes nothing.
    """
    owner_id = _owner_id(session, name)
    owner_values = {
        key: _convert(owners.c[key], value, backend, f"owner {name!r}")
        for key, value in part.owner.items()
        if key not in ("name", "id")
    }
    if owner_id is None:
        owner_id = int(
            session.execute(insert(owners).values(name=name, **owner_values).returning(owners.c.id)).scalar_one()
        )
    else:
        if owner_has_data(session, owner_id):
            if not replace:
                raise ExistingDataError(
                    f"owner {name!r} already has data; replace it, or restore as another owner", owner=name
                )
            for table in reversed(owned_tables()):
                session.execute(delete(table).where(table.c.owner_id == owner_id))
        if owner_values:
            session.execute(update(owners).where(owners.c.id == owner_id).values(**owner_values))
    new_ids: dict[str, dict[int, int]] = {}
    written: dict[str, int] = {}
    referenced = {target.name for table in owned_tables() for target in _references(table).values()}
    for table in owned_tables():
        rows = part.tables.get(table.name, [])
        key_column = _surrogate_key(table)
        references = _references(table)
        ready: list[tuple[int | None, dict[str, Any]]] = []
        for index, row in enumerate(rows, start=1):
            where = f"owner {name!r}, table {table.name}, row {index}"
            values: dict[str, Any] = {"owner_id": owner_id}
            old_id: int | None = None
            for key, value in row.items():
                if key_column is not None and key == key_column.name:
                    old_id = value
                    continue
                if key not in table.c:
                    continue
                if key in references and value is not None:
                    mapped = new_ids.get(references[key].name, {}).get(value)
                    if mapped is None:
                        raise InputError(f"the backup is damaged: {where}: {key} {value!r} names no row")
                    values[key] = mapped
                    continue
                values[key] = _convert(table.c[key], value, backend, where)
            ready.append((old_id, values))
        if table.name in referenced and key_column is not None:
            ids = new_ids.setdefault(table.name, {})
            for old_id, values in ready:
                new_id = int(session.execute(insert(table).values(**values).returning(key_column)).scalar_one())
                if old_id is not None:
                    ids[old_id] = new_id
        elif ready:
            for start in range(0, len(ready), 1000):
                session.execute(insert(table), [values for _, values in ready[start : start + 1000]])
        written[table.name] = len(ready)
    return {table: count for table, count in written.items() if count}


def _convert(column: Column[Any], value: Any, backend: str, where: str) -> Any:
    try:
        return _from_json(column, value, backend)
    except _Bad as problem:
        raise InputError(f"the backup is damaged: {where}, column {column.name}: {problem}") from None


def rows_of(parts: Mapping[str, OwnerData], name: str) -> OwnerData:
    """The part of owner ``name`` (NotFoundError when the backup has no such owner)."""
    if name not in parts:
        raise NotFoundError(f"the backup holds no owner called {name!r} (it holds {', '.join(sorted(parts))})")
    return parts[name]
