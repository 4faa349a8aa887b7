"""The database: engine from a URL, migrations applied on first use, transactions, clear errors."""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, Table, create_engine, event, func, inspect, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from matchpilot.errors import ConfigurationError, DatabaseUnavailableError, InputError, StorageError

__all__ = ["NUL_CHECKED", "Database", "describe_url", "lock_keys", "lock_owner", "note_owner", "refuse_nul"]

_OWNERS = "matchpilot.owners"  # session.info key: the owners whose stores this transaction used
_WROTE = "matchpilot.wrote_owned"  # session.info key: the transaction changed an owned table

_MIGRATIONS = Path(__file__).with_name("migrations")


def describe_url(url: str) -> str:
    """The URL as it may be shown to people: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable URL)"


class Database:
    """One database, reached by a SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``).

    Nothing connects at construction; :meth:`migrate` creates or upgrades the schema (Alembic), and
    :meth:`transaction` gives a session whose work is committed whole or rolled back whole.
    """

    def __init__(self, url: str) -> None:
        """Prepare an engine for ``url``; ConfigurationError when the URL is not one matchpilot can use."""
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise ConfigurationError(f"database URL {url!r} is not a valid URL") from None
        self.url = url
        self.shown_url = describe_url(url)
        backend = parsed.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise ConfigurationError(
                f"database URL {self.shown_url}: unsupported database {backend!r}; use sqlite or postgresql"
            )
        options: dict[str, Any] = {"json_deserializer": read_stored_json}
        if backend == "sqlite":
            database = parsed.database
            if database and database != ":memory:" and not database.startswith("file:"):
                folder = Path(database).expanduser().resolve().parent
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise DatabaseUnavailableError(
                        f"database {self.shown_url}: cannot create folder {folder} ({error.strerror})"
                    ) from None
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            if parsed.drivername == "postgresql":
                parsed = parsed.set(drivername="postgresql+psycopg")
            options["connect_args"] = {"connect_timeout": 5}
            options["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(parsed, **options)
        except (ArgumentError, NoSuchModuleError) as error:
            raise ConfigurationError(f"database URL {self.shown_url}: {error}") from None
        self.backend = backend
        if backend == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "before_cursor_execute", _refuse_nul)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "do_orm_execute", _note_write)

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest migration (safe to call on every start)."""
        head = _script_head()
        if head is not None:  # the usual start: already at the newest migration, seen without importing Alembic
            with self._errors("migrating"), self.engine.connect() as connection:
                if _stored_revisions(connection) == [head]:
                    return
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()
        with self._errors("migrating"), self.engine.begin() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            if current == head:
                return
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def table_names(self) -> list[str]:
        """The names of the tables in the database (for checks and tests)."""
        with self._errors("inspecting"), self.engine.connect() as connection:
            return sorted(inspect(connection).get_table_names())

    @contextmanager
    def transaction(self, *, locked_owner: int | None = None) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back if it raises.

        A transaction that changes an owned table (one with ``owner_id``) also adds one to the ``revision`` of
        the owners whose stores it used (of every owner when it used none), in the same transaction; readers
        compare revisions to know that what they computed earlier still holds (``OwnerStore.revision``).

        ``locked_owner``: a read-change-write of that owner's records. The transaction first takes the owner's
        lock (see :func:`lock_owner`), so two edits of the same records run one after the other and the second
        reads what the first saved: no lost update.
        """
        with self._errors("working with"), self._sessions() as session, session.begin():
            if locked_owner is not None:
                lock_owner(session, locked_owner)
            yield session
            if session.info.get(_WROTE):
                _bump_revisions(session)

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except OperationalError as error:
            raise DatabaseUnavailableError(
                f"cannot reach the database {self.shown_url} ({_first_line(error)})"
            ) from None
        except DataError as error:  # a value the checks let through and the database refuses: never a crash
            raise InputError(
                f"a value cannot be stored (too long for its column, or not valid text); nothing was saved "
                f"({_first_line(error)})"
            ) from None
        except UnicodeEncodeError as error:  # a lone surrogate reaching the driver
            raise InputError(
                "a value cannot be stored: it holds a character that is not valid text "
                f"(U+{ord(error.object[error.start]):04X}); nothing was saved"
            ) from None
        except DBAPIError as error:
            if error.connection_invalidated:
                raise DatabaseUnavailableError(f"lost the connection to the database {self.shown_url}") from None
            raise StorageError(f"database error while {doing} {self.shown_url}: {_first_line(error)}") from error
        except SQLAlchemyError as error:
            raise StorageError(f"database error while {doing} {self.shown_url}: {_first_line(error)}") from error

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _script_head() -> str | None:
    """The revision of the newest migration script, read from the scripts' ``revision``/``down_revision`` lines;
    None when that is not plain (a merge, a branch, a line it cannot read): Alembic then decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (_MIGRATIONS / "versions").glob("*.py"):
        found: dict[str, str] = {
            match[1]: match[2] for match in _REVISION_LINE.finditer(path.read_text(encoding="utf-8"))
        }
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str) or not (down is None or isinstance(down, str)) or revision in revisions:
            return None
        revisions.add(revision)
        if down is not None:
            parents.add(down)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def _stored_revisions(connection: Connection) -> list[str]:
    """The revisions Alembic recorded in the database (none for a new database)."""
    if not inspect(connection).has_table("alembic_version"):
        return []
    return [str(row[0]) for row in connection.execute(sql_text("SELECT version_num FROM alembic_version"))]


def note_owner(session: Session, owner_id: int) -> None:
    """Record that ``session`` works on ``owner_id``'s records (every owner's store calls this), so that a
    change it commits moves that owner's revision."""
    session.info.setdefault(_OWNERS, set()).add(owner_id)


def lock_owner(session: Session, owner_id: int) -> None:
    """Hold the write lock of ``owner_id``'s records until ``session``'s transaction ends; call it before the
    transaction reads anything it will change.

    PostgreSQL: ``SELECT ... FOR UPDATE`` of the owner's row (other owners are not held up). SQLite: a write
    statement on that row, which takes the database's write lock at once (what ``BEGIN IMMEDIATE`` does; the
    sqlite3 module would otherwise start the transaction only at the first write, after the reads). Another
    transaction asking for the lock waits (SQLite: up to the connection's 30 s busy timeout).
    """
    from matchpilot.storage.tables import owners

    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(owners.c.id).where(owners.c.id == owner_id).with_for_update())
    else:
        session.execute(update(owners).where(owners.c.id == owner_id).values(revision=owners.c.revision))


def lock_keys(session: Session, keys: Iterable[str]) -> None:
    """Hold a lock named by each of ``keys`` (any text) until ``session``'s transaction ends, so that
    transactions about the same key (a sign-in rate limit's account or address) run one after the other.

    PostgreSQL: transaction-level advisory locks, taken in a fixed order (no deadlock). SQLite: the database's
    write lock (one writer at a time serialises every key).
    """
    from matchpilot.storage.tables import owners

    if session.get_bind().dialect.name == "postgresql":
        for key in sorted(set(keys)):
            number = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True)
            session.execute(select(func.pg_advisory_xact_lock(number)))
    else:
        session.execute(update(owners).where(owners.c.id == -1).values(revision=owners.c.revision))


def _note_write(state: ORMExecuteState) -> None:
    """Session hook: remember that the transaction inserted, updated or deleted rows of an owned table (but not
    of a table marked ``info={"moves_revision": False}``: a log no kept result depends on)."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if not isinstance(table, Table) or ("owner_id" in table.c and table.info.get("moves_revision", True)):
            state.session.info[_WROTE] = True


def _bump_revisions(session: Session) -> None:
    from matchpilot.storage.tables import owners

    session.info[_WROTE] = False
    touched = session.info.get(_OWNERS)
    statement = update(owners).values(revision=owners.c.revision + 1)
    if touched:
        statement = statement.where(owners.c.id.in_(sorted(touched)))
    session.execute(statement)


def _first_line(error: Exception) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__


_LONG_DIGITS = re.compile(r"\d{19}")
_LONG_DIGITS_BYTES = re.compile(rb"\d{19}")


def read_stored_json(text: str | bytes) -> Any:
    """A JSON column's stored value: read by orjson (several times faster: My list reads two JSON columns of
    every program), else by the standard library, which reads what orjson refuses (NaN, lone surrogates) or
    would read differently (an integer beyond 64 bits, which orjson makes a float: any run of 19 digits goes to
    the standard library); the same values either way."""
    long_digits = (_LONG_DIGITS_BYTES if isinstance(text, bytes) else _LONG_DIGITS).search(text)  # type: ignore[arg-type]
    if long_digits is None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


NUL_CHECKED = "matchpilot_nul_checked"
"""An execution option: the caller has checked the statement's text values itself (:func:`refuse_nul`), so the
check of each of its values before it runs on SQLite is skipped (a write of thousands of rows whose only text
is one or two columns: about 1 ms of My list's answer at 5,000 programs)."""

_NUL_MESSAGE = "a value cannot be stored: it contains a NUL character; nothing was saved"


def refuse_nul(values: Sequence[object]) -> None:
    """InputError (the database's own refusal, :func:`_refuse_nul`) when a text among ``values`` contains a NUL:
    all of them at once when they are all text, else each text on its own."""
    try:
        found = "\x00" in "".join(values)  # type: ignore[arg-type]  # all text: one pass in C
    except TypeError:  # not all of them text
        found = any(isinstance(value, str) and "\x00" in value for value in values)
    if found:
        raise InputError(_NUL_MESSAGE)


def _refuse_nul(
    _connection: Any, _cursor: Any, _statement: str, parameters: Any, context: Any, executemany: bool
) -> None:
    """SQLite stores a NUL in text where PostgreSQL refuses it, and a backup of it would not restore: refuse it
    on both (InputError, nothing saved). JSON values never hold a raw NUL (it is written ``\\u0000``). A
    statement run with the :data:`NUL_CHECKED` option was checked by its caller."""
    if context is not None and context.execution_options.get(NUL_CHECKED):
        return
    rows = parameters if executemany else [parameters]
    for row in rows:
        for value in row.values() if isinstance(row, dict) else row or ():
            if isinstance(value, str) and "\x00" in value:
                raise InputError(_NUL_MESSAGE)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
