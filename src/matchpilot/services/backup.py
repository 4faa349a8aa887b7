"""Backup and restore: everything of one owner (or of every owner) to a JSON file and back, identical.

The file format (``matchpilot.backup/1``) lives in :mod:`matchpilot.io.backup_json` and the walk over the schema
in :mod:`matchpilot.storage.backup`; this module reads and writes the file and runs a restore in one
transaction, so it writes all or nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from matchpilot.errors import InputError, StorageError
from matchpilot.io.backup_json import backup_document, read_backup_document
from matchpilot.services.workspace import Services
from matchpilot.storage.backup import (
    OwnerData,
    check_owners,
    current_revision,
    dry_run_restore,
    known_revisions,
    owner_name,
    owner_names,
    read_owner,
    rows_of,
    verify_owner,
    write_owner,
)
from matchpilot.storage.practice import is_practice_owner

__all__ = ["BackupReport", "backup", "check_backup", "current_owner", "read_backup", "restore"]


@dataclass(frozen=True, slots=True)
class BackupReport:
    """What a backup or a restore did: the file, the schema revision, and the rows per table of each owner."""

    path: Path
    revision: str | None
    owners: Mapping[str, Mapping[str, int]]

    @property
    def rows(self) -> int:
        """How many rows in all."""
        return sum(sum(counts.values()) for counts in self.owners.values())


def current_owner(services: Services) -> str:
    """The name of the owner ``services`` works for (``local`` in single-user mode)."""
    with services.database.transaction() as session:
        return owner_name(session, services.owner_id)


def backup(
    services: Services,
    path: Path,
    *,
    owner: str | None = None,
    everyone: bool = False,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> BackupReport:
    """Write everything of ``owner`` (default: the services' owner; ``everyone``: every owner) to ``path``.

    Reads in one transaction (a consistent picture), checks that every value would restore (the checks a
    restore makes), restores the document into a throwaway in-memory database, and only then writes the file
    atomically (a temporary file renamed), so an interrupted backup never leaves a half file under ``path``.

    A record a restore would refuse (stored before matchpilot checked it, such as a program code longer than a
    code may be) never makes the file unrestorable: that owner is left out of the file, the other owners are
    written, and StorageError names each such owner, table, row and column (nothing is written when no owner
    is left). NotFoundError for an unknown owner; InputError when the file cannot be written.

    Practice Match Week workspaces (owners named ``practice:<id>``) are never backed up: they are rehearsal data
    started again in a click, and named after an id that means nothing in another database. ``everyone`` leaves
    them out; naming one as ``owner`` is refused (InputError).
    """
    if owner is not None and is_practice_owner(owner):
        raise InputError(
            f"owner {owner!r} is a practice Match Week workspace: practice data is not backed up "
            "(start a new practice after a restore instead)"
        )
    with services.database.transaction() as session:
        revision = current_revision(session)
        names = (
            [name for name in owner_names(session) if not is_practice_owner(name)]
            if everyone
            else [owner or owner_name(session, services.owner_id)]
        )
        parts = [read_owner(session, name) for name in names]
    refused = {part.name: problems for part in parts if (problems := verify_owner(part))}
    kept = [part for part in parts if part.name not in refused]
    if kept:
        document = backup_document([part.as_json() for part in kept], revision, now=now())
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        try:
            dry_run_restore(check_backup(json.loads(text)))
        except InputError as error:
            raise StorageError(f"the backup was not written: it would not restore ({error})") from None
        _write_atomically(path, text)
    if refused:
        raise StorageError(_refusal(path, refused, written=[part.name for part in kept]))
    return BackupReport(path, revision, {part.name: part.counts() for part in parts})


def _refusal(path: Path, refused: Mapping[str, list[str]], *, written: list[str]) -> str:
    shown = 20
    problems = [problem for found in refused.values() for problem in found]
    listed = "; ".join(problems[:shown]) + (f"; and {len(problems) - shown} more" if len(problems) > shown else "")
    names = ", ".join(repr(name) if name.isprintable() else ascii(name) for name in refused)
    done = (
        f"{path} holds the other {len(written)} owner{'s' if len(written) != 1 else ''}"
        if written
        else f"nothing was written to {path}"
    )
    return (
        f"the backup is incomplete: the data of {names} would not restore, so it was left out ({done}). "
        f"Correct or remove these records, then back up again: {listed}"
    )


def check_backup(document: Any) -> list[OwnerData]:
    """Check a parsed backup document (its envelope, then every owner's rows against this matchpilot's schema);
    its owners' data, ready to write. InputError naming the first problem."""
    revisions = known_revisions()
    revision, parts = read_backup_document(document, revisions)
    return check_owners(parts, latest=revision == revisions[-1])


def read_backup(path: Path) -> tuple[dict[str, Any], list[OwnerData]]:
    """The parsed and checked backup at ``path``: the document and its owners' data (InputError saying why not)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a backup made by matchpilot (not UTF-8 text)") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read it ({error.strerror})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}: the backup is damaged: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise InputError(f"{path}: the backup is damaged: nested too deeply") from None
    try:
        return document, check_backup(document)
    except InputError as error:
        raise InputError(f"{path}: {error}") from None


def restore(services: Services, path: Path, *, owner: str | None = None, replace: bool = False) -> BackupReport:
    """Restore the backup at ``path`` in one transaction: every owner it holds, or nothing.

    ``owner``: restore the backup's one owner as this owner (e.g. a new one); a backup of several owners is
    restored under their own names, except practice Match Week workspaces (``practice:<id>``, in files written
    before backups left them out): those are skipped, since the id they are named after belongs to another
    database. An owner that already has data is refused unless ``replace``. Nothing is
    written when the file is damaged, comes from a newer schema, or anything fails on the way (InputError,
    StorageError).
    """
    document, parts = read_backup(path)
    chosen: list[tuple[str, OwnerData]]
    if owner is not None:
        if len(parts) != 1:
            by_name = {part.name: part for part in parts}
            chosen = [(owner, rows_of(by_name, owner))]
        else:
            chosen = [(owner, parts[0])]
    else:
        chosen = [(part.name, part) for part in parts if not is_practice_owner(part.name)]
    written: dict[str, dict[str, int]] = {}
    with services.database.transaction() as session:
        backend = session.get_bind().dialect.name
        for name, part in chosen:
            written[name] = write_owner(session, part, name=name, replace=replace, backend=backend)
    revision = document.get("schema_revision")
    return BackupReport(path, revision if isinstance(revision, str) else None, written)


def _write_atomically(path: Path, text: str) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError(f"{path}: cannot write the backup there ({error.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the backup ({error.strerror})") from None
