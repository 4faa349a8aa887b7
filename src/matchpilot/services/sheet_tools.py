"""Building the sheet fast: any spreadsheet in (a column mapping), sheets merged from peers, a sheet to share.

The rules are pure (:mod:`matchpilot.domain.mapping`, :mod:`matchpilot.domain.merge`); these use cases read
the files, load and save in one transaction each, and return what the shells show:

- mapping: :func:`read_foreign` a file, :func:`suggest` a mapping, :func:`preview_import` the first rows, then
  :func:`import_mapped` (saving the mapping by name in the same transaction); :func:`save_mapping`,
  :func:`load_mapping` and :func:`list_mappings` keep mappings for reuse;
- merge: :func:`plan_merge` is the dry run (nothing written), :func:`apply_merge` writes the merged programs and
  records the conflicts in one transaction; :func:`list_conflicts` and :func:`resolve_conflict` settle them;
- share: :func:`export_share` / :func:`share_bytes` write the sheet without the private columns;
- uploads kept between a page's steps: :func:`keep_upload`, :func:`kept_upload`, :func:`read_kept`,
  :func:`import_kept_if_own` (the Import page: a file in the sheet's own columns), :func:`discard_upload`
  (owner-scoped, ending after an hour; see :mod:`matchpilot.io.uploads`).

With any error in the input nothing is written. Files are read within :data:`matchpilot.io.tables.LIMITS`, and
no import or merge makes a sheet hold more than :data:`matchpilot.domain.limits.MAX_PROGRAMS` programs.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.letters_log import Interview
from matchpilot.domain.mapping import (
    ColumnMapping,
    MappingSuggestion,
    SavedMapping,
    SheetPreview,
    check_mapping,
    interview_rows,
    map_sheet,
    preview,
    suggest_mapping,
)
from matchpilot.domain.merge import (
    Choice,
    Conflict,
    MergeResult,
    merge_sheets,
    resolve,
    share_header,
    shared_program,
)
from matchpilot.domain.program import Program
from matchpilot.domain.sheet import SheetParse, foreign_columns, parse_sheet, program_to_cells
from matchpilot.errors import InputError, InvalidDataError, NotFoundError, TooLargeError
from matchpilot.io.files import open_bytes
from matchpilot.io.tables import format_of, read_table, read_table_bytes, read_table_stream, table_bytes, write_table
from matchpilot.io.uploads import KeptUpload, UploadStore
from matchpilot.services.workspace import NUMERIC_COLUMNS, ImportReport, Services, sheet_size_problem
from matchpilot.storage import Database, ProgramStore
from matchpilot.storage.letters_log import LettersLogStore
from matchpilot.storage.sheet_tools import ConflictStore, MappingStore

__all__ = [
    "ForeignTable",
    "MergeReport",
    "SavedMapping",
    "apply_merge",
    "conflict_count",
    "discard_upload",
    "export_share",
    "import_kept_if_own",
    "import_mapped",
    "keep_upload",
    "kept_upload",
    "list_conflicts",
    "list_mappings",
    "load_mapping",
    "plan_merge",
    "preview_import",
    "read_foreign",
    "read_foreign_bytes",
    "read_foreign_stream",
    "read_kept",
    "resolve_conflict",
    "save_mapping",
    "set_upload_folder",
    "share_bytes",
    "suggest",
    "upload_store",
]

_MAX_NAME = 100


@dataclass(frozen=True, slots=True)
class ForeignTable:
    """A table read from a file whose columns may not be the sheet's: where it came from, its header and rows."""

    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What merging a peer's sheet does (``applied`` False: a dry run, nothing was written).

    ``result`` lists what was added, updated, kept and left in conflict; ``issues`` are the warnings found in
    the peer's sheet; ``open_conflicts`` how many conflicts are open after the merge (0 in a dry run)."""

    source: str
    result: MergeResult
    issues: tuple[Issue, ...]
    applied: bool
    open_conflicts: int = 0


def read_foreign(path: Path) -> ForeignTable:
    """Read a CSV/XLSX file with any column names; InputError naming the file when it is not a spreadsheet."""
    header, rows = read_table(path)
    return ForeignTable(str(path), tuple(header), tuple(tuple(row) for row in rows))


def read_foreign_bytes(content: bytes, filename: str) -> ForeignTable:
    """Read an uploaded CSV/XLSX file with any column names (InputError when it is not a spreadsheet)."""
    header, rows = read_table_bytes(content, filename)
    return ForeignTable(filename, tuple(header), tuple(tuple(row) for row in rows))


def read_foreign_stream(stream: IO[bytes], filename: str) -> ForeignTable:
    """Read an uploaded CSV/XLSX file from a seekable binary stream (InputError when it is not a spreadsheet,
    TooLargeError when it is over a limit)."""
    header, rows = read_table_stream(stream, filename)
    return ForeignTable(filename, tuple(header), tuple(tuple(row) for row in rows))


# --- uploads kept between steps ----------------------------------------------------------------------------

_stores: weakref.WeakKeyDictionary[Database, UploadStore] = weakref.WeakKeyDictionary()
_stores_lock = threading.Lock()


def upload_store(database: Database) -> UploadStore:
    """The store of uploads kept between steps for ``database`` in this process: ``matchpilot-uploads-UID`` (the user's
    number) in the system's temporary folder unless :func:`set_upload_folder` chose another."""
    with _stores_lock:
        store = _stores.get(database)
        if store is None:
            user = str(os.getuid()) if hasattr(os, "getuid") else "user"
            folder = Path(tempfile.gettempdir()) / f"matchpilot-uploads-{user}"
            store = _stores[database] = UploadStore(folder)
        return store


def set_upload_folder(database: Database, folder: Path) -> None:
    """Keep ``database``'s uploads between steps in ``folder`` (a folder every server process can reach)."""
    with _stores_lock:
        _stores[database] = UploadStore(folder)


def _owner_key(services: Services) -> str:
    """An opaque key of the services' owner in their database (the URL is hashed: it may hold a password)."""
    return hashlib.sha256(f"{services.database.url}\x00{services.owner_id}".encode()).hexdigest()


def keep_upload(services: Services, filename: str, source: IO[bytes]) -> KeptUpload:
    """Keep an uploaded file for the next step of a page (at most the size limit of a sheet; TooLargeError
    otherwise); returns it with the id the page carries."""
    format_of(filename)
    return upload_store(services.database).keep(_owner_key(services), Path(filename).name, source)


def kept_upload(services: Services, upload_id: str) -> KeptUpload:
    """The upload the services' owner kept as ``upload_id``; InputError ("upload it again") otherwise."""
    return upload_store(services.database).get(_owner_key(services), upload_id)


def read_kept(upload: KeptUpload) -> ForeignTable:
    """Read a kept upload as a table (the limits of :func:`read_foreign` apply)."""
    with open_bytes(upload.path) as stream:
        return read_foreign_stream(stream, upload.filename)


def import_kept_if_own(services: Services, upload: KeptUpload, *, replace: bool = False) -> ImportReport | None:
    """Import a kept upload when its columns are the sheet's own (:func:`foreign_columns` finds none); None,
    with nothing read into the sheet, when they are not and the file needs a column mapping first."""
    table = read_kept(upload)
    if foreign_columns(table.header):
        return None
    return services.import_table(upload.filename, table.header, table.rows, replace=replace)


def discard_upload(services: Services, upload_id: str) -> None:
    """Remove a kept upload once it has been used (nothing when there is none)."""
    upload_store(services.database).discard(_owner_key(services), upload_id)


# --- programs per sheet ------------------------------------------------------------------------------------


def _size_issue(problem: str) -> Issue:
    return Issue("sheet-too-large", Severity.ERROR, problem, "sheet")


def suggest(table: ForeignTable) -> MappingSuggestion:
    """The suggested mapping of ``table``'s columns to the sheet's, each with its reason."""
    return suggest_mapping(table.header, table.rows)


def preview_import(services: Services, table: ForeignTable, mapping: ColumnMapping, *, limit: int = 10) -> SheetPreview:
    """The first ``limit`` rows of ``table`` as ``mapping`` would import them, problems marked; nothing is saved."""
    return preview(table.header, table.rows, mapping, today=services.today(), limit=limit)


def _check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("a mapping needs a name")
    if len(cleaned) > _MAX_NAME:
        raise InputError(f"the mapping name is longer than {_MAX_NAME} characters")
    return cleaned


def _check_targets(mapping: ColumnMapping) -> None:
    problems = [issue for issue in check_mapping([name for name, _ in mapping.pairs], mapping) if issue.is_error]
    unknown = [issue for issue in problems if issue.code in ("unknown-target", "duplicate-target")]
    if unknown:
        raise InvalidDataError("the mapping cannot be saved", unknown)


def save_mapping(services: Services, name: str, mapping: ColumnMapping) -> bool:
    """Save ``mapping`` as ``name`` (replacing one of that name: returns True then). InputError for a blank or
    long name, InvalidDataError when the mapping names a column the sheet does not have."""
    cleaned = _check_name(name)
    _check_targets(mapping)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        return MappingStore(session, services.owner_id).save(cleaned, mapping)


def load_mapping(services: Services, name: str) -> ColumnMapping:
    """The mapping saved as ``name``; NotFoundError (naming the saved ones) when there is none."""
    with services.database.transaction() as session:
        store = MappingStore(session, services.owner_id)
        found = store.get(" ".join(name.split()))
        if found is None:
            names = [saved.name for saved in store.all()]
    if found is None:
        known = f"; saved mappings: {', '.join(names)}" if names else "; no mapping is saved yet"
        raise NotFoundError(f"no saved mapping called {name!r}{known}")
    return found.mapping


def list_mappings(services: Services) -> list[SavedMapping]:
    """Every saved mapping, by name."""
    with services.database.transaction() as session:
        return MappingStore(session, services.owner_id).all()


def import_mapped(
    services: Services,
    table: ForeignTable,
    mapping: ColumnMapping,
    *,
    replace: bool = False,
    save_as: str | None = None,
) -> ImportReport:
    """Import ``table`` through ``mapping``. With any error (an unreadable value, a required column unmapped,
    a duplicate code) nothing is saved and the report lists every problem; otherwise, in one transaction,
    programs are added or updated by code (``replace``: the sheet becomes exactly the file's programs), the
    mapping is saved as ``save_as`` when given, and each row's ``interview_date`` (when a column is mapped to
    it) is recorded as an interview in the letters log, as the log form does — once: an interview already
    logged with that program on that day is not added again, so importing the same file twice adds none."""
    name = _check_name(save_as) if save_as is not None else None
    parsed = map_sheet(table.header, table.rows, mapping, today=services.today())
    if not parsed.ok:
        return ImportReport(table.source, len(parsed.programs), 0, 0, 0, 0, parsed.issues)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = ProgramStore(session, services.owner_id)
        problem = sheet_size_problem(
            (code for code, _ in store.names()), (p.code for p in parsed.programs), replace=replace, source=table.source
        )
        if problem is not None:
            return ImportReport(table.source, len(parsed.programs), 0, 0, 0, 0, (*parsed.issues, _size_issue(problem)))
        counts = store.upsert_many(parsed.programs)
        removed = store.delete_except(p.code for p in parsed.programs) if replace else 0
        if name is not None:
            MappingStore(session, services.owner_id).save(name, mapping)
        recorded = _record_interviews(session, services.owner_id, table, mapping)
    return ImportReport(
        table.source,
        len(parsed.programs),
        counts.created,
        counts.updated,
        counts.unchanged,
        removed,
        parsed.issues,
        interviews=recorded,
    )


def _record_interviews(session: Session, owner_id: int, table: ForeignTable, mapping: ColumnMapping) -> int:
    """Log the file's interview days (in the caller's transaction), skipping any already logged; the count."""
    found = interview_rows(table.header, table.rows, mapping)
    if not found:
        return 0
    log = LettersLogStore(session, owner_id)
    known = {(interview.program, interview.on) for interview in log.interviews()}
    recorded = 0
    for interview in found:
        if (interview.code, interview.held_on) in known:
            continue
        log.add_interview(Interview(interview.code, interview.held_on))
        known.add((interview.code, interview.held_on))
        recorded += 1
    return recorded


# --- merge -------------------------------------------------------------------------------------------------


def _their_programs(services: Services, table: ForeignTable, mapping: ColumnMapping | None) -> SheetParse:
    if mapping is None:
        parsed = parse_sheet(table.header, table.rows, today=services.today())
    else:
        parsed = map_sheet(table.header, table.rows, mapping, today=services.today())
    if not parsed.ok:
        raise InvalidDataError(f"{table.source}: the sheet has errors; nothing was merged", parsed.issues)
    return parsed


def _check_merge_size(mine: Iterable[str], parsed: SheetParse, source: str) -> None:
    problem = sheet_size_problem(mine, (p.code for p in parsed.programs), replace=False, source=f"Merging {source}")
    if problem is not None:
        raise TooLargeError(problem)


def _fallback(source: str) -> str:
    return f"peer sheet {Path(source).name}"


def plan_merge(services: Services, table: ForeignTable, *, mapping: ColumnMapping | None = None) -> MergeReport:
    """The dry run of merging a peer's sheet: what would be added, updated, kept and left in conflict.
    Nothing is written. InvalidDataError (every problem named) when the peer's sheet has errors, such as a
    code used twice."""
    parsed = _their_programs(services, table, mapping)
    with services.database.transaction() as session:
        mine = ProgramStore(session, services.owner_id).all()
    _check_merge_size((p.code for p in mine), parsed, table.source)
    result = merge_sheets(mine, parsed.programs, fallback_source=_fallback(table.source))
    return MergeReport(table.source, result, parsed.issues, applied=False)


def apply_merge(services: Services, table: ForeignTable, *, mapping: ColumnMapping | None = None) -> MergeReport:
    """Merge a peer's sheet and write the result in one transaction: new and changed programs are saved and
    the conflicts recorded (replacing open ones on the same fact). InvalidDataError when the peer's sheet has
    errors; then nothing is written."""
    parsed = _their_programs(services, table, mapping)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = ProgramStore(session, services.owner_id)
        conflicts = ConflictStore(session, services.owner_id)
        mine = store.all()
        _check_merge_size((p.code for p in mine), parsed, table.source)
        result = merge_sheets(mine, parsed.programs, fallback_source=_fallback(table.source))
        if result.programs:
            store.upsert_many(result.programs)
        conflicts.record(result.conflicts)
        open_now = conflicts.count()
    return MergeReport(table.source, result, parsed.issues, applied=True, open_conflicts=open_now)


def list_conflicts(services: Services) -> list[Conflict]:
    """Every open merge conflict, by program code and column."""
    with services.database.transaction() as session:
        return ConflictStore(session, services.owner_id).all()


def conflict_count(services: Services) -> int:
    """How many merge conflicts are open."""
    with services.database.transaction() as session:
        return ConflictStore(session, services.owner_id).count()


def resolve_conflict(services: Services, code: str, column: str, choice: str) -> Program:
    """Settle the open conflict on ``code``'s ``column``: ``mine`` keeps your value, ``theirs`` takes the peer's
    with its source and date. Returns the program as saved. InputError for another choice, NotFoundError when
    no such conflict is open; when the program has left the sheet the conflict is simply closed."""
    try:
        chosen = Choice(choice.strip().lower())
    except ValueError:
        raise InputError(f"{choice!r}: choose mine or theirs") from None
    with services.database.transaction(locked_owner=services.owner_id) as session:
        conflicts = ConflictStore(session, services.owner_id)
        conflict = conflicts.get(code, column)
        if conflict is None:
            raise NotFoundError(f"no open conflict on program {code!r}, column {column!r}")
        programs = ProgramStore(session, services.owner_id)
        program = programs.get(code)
        if program is None:
            conflicts.remove(code, column)
            raise NotFoundError(f"program {code!r} is no longer in your sheet; the conflict was closed")
        resolved, issues = resolve(program, conflict, chosen, today=services.today())
        if issues:
            raise InvalidDataError(f"their value for {code} {column} cannot be used; nothing was changed", issues)
        if resolved != program:
            programs.upsert_many([resolved])
        conflicts.remove(code, column)
    return resolved


# --- share -------------------------------------------------------------------------------------------------


def _share_table(services: Services) -> tuple[list[str], list[list[str]]]:
    with services.database.transaction() as session:
        programs = [shared_program(p) for p in ProgramStore(session, services.owner_id).all()]
    header = share_header(programs)
    return header, _rows(header, programs)


def _rows(header: Sequence[str], programs: Sequence[Program]) -> list[list[str]]:
    rows = []
    for program in programs:
        cells = program_to_cells(program)
        rows.append([cells.get(column, "") for column in header])
    return rows


def export_share(services: Services, path: Path) -> int:
    """Write the sheet without the private columns (``interest``, ``notes``) to a CSV/XLSX file for a peer;
    returns how many programs were written."""
    format_of(path.name)
    header, rows = _share_table(services)
    write_table(path, header, rows, numeric=NUMERIC_COLUMNS)
    return len(rows)


def share_bytes(services: Services, kind: str) -> bytes:
    """The sheet without the private columns as the bytes of a ``csv`` or ``xlsx`` file."""
    header, rows = _share_table(services)
    return table_bytes(kind, header, rows, numeric=NUMERIC_COLUMNS)
