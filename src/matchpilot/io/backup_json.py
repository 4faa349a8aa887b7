"""The format of a backup: the ``matchpilot.backup/1`` document that ``matchpilot backup`` writes and
``matchpilot restore`` reads (see docs/operations.md)::

    {"format": "matchpilot.backup/1",
     "schema_revision": "0005",            # the database schema revision it came from
     "created_at": "2026-11-23T10:00:00+00:00",
     "checksum": "sha256:...",             # of the canonical JSON of "owners"
     "owners": [{"owner": {"name": "local", "created_at": "..."},
                 "tables": {"programs": [{"id": 7, "code": "...", "checked_on": "2026-03-01", ...}, ...]}}]}

This module writes and checks the envelope (format, revision, time, checksum); what each owner's rows hold follows
the database schema and is read and checked by :mod:`matchpilot.storage.backup`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from matchpilot.errors import InputError
from matchpilot.io.format_names import BACKUP_FORMAT

__all__ = ["BACKUP_FORMAT", "backup_document", "checksum", "read_backup_document"]


def checksum(owners_part: Any) -> str:
    """The checksum of a document's ``owners`` part: SHA-256 of its canonical JSON."""
    canonical = json.dumps(owners_part, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def backup_document(owners_part: list[dict[str, Any]], revision: str | None, *, now: datetime) -> dict[str, Any]:
    """The backup document of ``owners_part`` (each owner's record and rows, as JSON values), taken at ``now``
    from a database at schema ``revision``."""
    return {
        "format": BACKUP_FORMAT,
        "schema_revision": revision,
        "created_at": now.astimezone(UTC).isoformat(),
        "checksum": checksum(owners_part),
        "owners": owners_part,
    }


def read_backup_document(document: Any, revisions: Sequence[str]) -> tuple[str, list[Any]]:
    """Check a parsed backup document's envelope against the schema ``revisions`` this matchpilot knows (oldest
    first); its schema revision and its ``owners`` part (each owner still to be checked against the schema).

    Raises InputError naming the first problem: not a backup made by matchpilot, an unknown format version, a newer or
    unknown schema revision, no list of owners, or a checksum that does not match (the file was damaged or
    edited)."""
    if not isinstance(document, dict) or "format" not in document:
        raise InputError(f'this is not a backup made by matchpilot (no "format": "{BACKUP_FORMAT}")')
    if document["format"] != BACKUP_FORMAT:
        raise InputError(f"unsupported backup format {document['format']!r}; this matchpilot reads {BACKUP_FORMAT!r}")
    revision = document.get("schema_revision")
    if revision not in revisions:
        raise InputError(
            f"the backup comes from a newer or unknown database schema (revision {revision!r}); this matchpilot "
            f"knows revisions up to {revisions[-1]!r}: upgrade matchpilot, then restore"
        )
    parts = document.get("owners")
    if not isinstance(parts, list):
        raise InputError("the backup is damaged: it has no list of owners")
    if document.get("checksum") != checksum(parts):
        raise InputError("the backup is damaged: its checksum does not match its content (was it edited or cut?)")
    return str(revision), parts
