"""Practice workspaces in storage: their owner names, and erasing one owner's records (how a practice workspace,
a separate owner, is cleared)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from matchpilot.storage.backup import owned_tables
from matchpilot.storage.database import note_owner

__all__ = [
    "PRACTICE_OWNER_PREFIX",
    "erase_owner_records",
    "is_practice_owner",
    "owner_record_count",
    "practice_owner_name",
]

PRACTICE_OWNER_PREFIX = "practice:"
"""The start of a practice workspace's owner name: ``practice:<the real owner's id>``. An applicant's own owner
is ``local`` or ``applicant:<username>``, so the two never meet."""


def practice_owner_name(owner_id: int) -> str:
    """The owner name of the practice workspace of the owner with ``owner_id``."""
    return f"{PRACTICE_OWNER_PREFIX}{owner_id}"


def is_practice_owner(name: str) -> bool:
    """True when ``name`` is a practice workspace's owner name: rehearsal data, derived from the real owner's
    id, that backups leave out (an id means nothing in another database)."""
    return name.startswith(PRACTICE_OWNER_PREFIX)


def erase_owner_records(session: Session, owner_id: int) -> int:
    """Delete every record of ``owner_id`` in every owned table (children first), inside the caller's
    transaction; the owner itself stays. Returns how many records were deleted."""
    note_owner(session, owner_id)
    deleted = 0
    for table in reversed(owned_tables()):
        result = session.execute(delete(table).where(table.c.owner_id == owner_id))
        deleted += int(getattr(result, "rowcount", 0) or 0)
    return deleted


def owner_record_count(session: Session, owner_id: int) -> int:
    """How many records ``owner_id`` has across every owned table."""
    return sum(
        int(session.execute(select(func.count()).select_from(table).where(table.c.owner_id == owner_id)).scalar_one())
        for table in owned_tables()
    )
