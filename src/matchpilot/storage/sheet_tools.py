"""Saved column mappings and open merge conflicts, for one owner at a time.

Like the other stores, each works inside a session its caller's transaction owns, so a use case that saves
a mapping and imports programs (or merges programs and records conflicts) commits or fails as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from matchpilot.domain.mapping import ColumnMapping, SavedMapping
from matchpilot.domain.merge import Conflict
from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import sheet_conflicts, sheet_mappings

__all__ = ["ConflictStore", "MappingStore"]


def _to_mapping(pairs: Any) -> ColumnMapping:
    return ColumnMapping(tuple((str(foreign), str(target)) for foreign, target in pairs or ()))


class MappingStore:
    """The saved column mappings of one owner, by name (a name is unique per owner)."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def save(self, name: str, mapping: ColumnMapping) -> bool:
        """Save ``mapping`` as ``name``, replacing a mapping of that name; True when one was replaced."""
        pairs = [list(pair) for pair in mapping.pairs]
        found = self.session.execute(
            select(sheet_mappings.c.id).where(sheet_mappings.c.owner_id == self.owner_id, sheet_mappings.c.name == name)
        ).scalar_one_or_none()
        if found is None:
            self.session.execute(insert(sheet_mappings).values(owner_id=self.owner_id, name=name, pairs=pairs))
            return False
        self.session.execute(
            update(sheet_mappings).where(sheet_mappings.c.id == found).values(pairs=pairs, updated_at=func.now())
        )
        return True

    def get(self, name: str) -> SavedMapping | None:
        """The mapping saved as ``name``, or None."""
        row = (
            self.session.execute(
                select(sheet_mappings).where(sheet_mappings.c.owner_id == self.owner_id, sheet_mappings.c.name == name)
            )
            .mappings()
            .first()
        )
        return None if row is None else SavedMapping(row["name"], _to_mapping(row["pairs"]))

    def all(self) -> list[SavedMapping]:
        """Every saved mapping, by name."""
        rows = self.session.execute(
            select(sheet_mappings).where(sheet_mappings.c.owner_id == self.owner_id).order_by(sheet_mappings.c.name)
        ).mappings()
        return [SavedMapping(row["name"], _to_mapping(row["pairs"])) for row in rows]

    def delete(self, name: str) -> bool:
        """Forget the mapping saved as ``name``; False when there was none."""
        result = self.session.execute(
            delete(sheet_mappings).where(sheet_mappings.c.owner_id == self.owner_id, sheet_mappings.c.name == name)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _to_conflict(row: Any) -> Conflict:
    return Conflict(
        row["code"],
        row["sheet_column"],
        row["mine"],
        row["mine_source"],
        row["mine_checked_on"],
        row["theirs"],
        row["theirs_source"],
        row["theirs_checked_on"],
    )


class ConflictStore:
    """The open merge conflicts of one owner: at most one per program code and sheet column."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def _where(self, code: str, column: str) -> Any:
        return (
            sheet_conflicts.c.owner_id == self.owner_id,
            sheet_conflicts.c.code == code,
            sheet_conflicts.c.sheet_column == column,
        )

    def record(self, conflicts: Iterable[Conflict]) -> int:
        """Record ``conflicts``, each replacing an open one on the same code and column; returns how many."""
        count = 0
        for conflict in conflicts:
            values = {
                "mine": conflict.mine,
                "mine_source": conflict.mine_source,
                "mine_checked_on": conflict.mine_checked_on,
                "theirs": conflict.theirs,
                "theirs_source": conflict.theirs_source,
                "theirs_checked_on": conflict.theirs_checked_on,
            }
            found = self.session.execute(
                select(sheet_conflicts.c.id).where(*self._where(conflict.code, conflict.column))
            ).scalar_one_or_none()
            if found is None:
                self.session.execute(
                    insert(sheet_conflicts).values(
                        owner_id=self.owner_id, code=conflict.code, sheet_column=conflict.column, **values
                    )
                )
            else:
                self.session.execute(
                    update(sheet_conflicts).where(sheet_conflicts.c.id == found).values(**values, found_at=func.now())
                )
            count += 1
        return count

    def get(self, code: str, column: str) -> Conflict | None:
        """The open conflict on ``code`` and ``column``, or None."""
        row = self.session.execute(select(sheet_conflicts).where(*self._where(code, column))).mappings().first()
        return None if row is None else _to_conflict(row)

    def all(self) -> list[Conflict]:
        """Every open conflict, by code and column."""
        rows = self.session.execute(
            select(sheet_conflicts)
            .where(sheet_conflicts.c.owner_id == self.owner_id)
            .order_by(sheet_conflicts.c.code, sheet_conflicts.c.sheet_column)
        ).mappings()
        return [_to_conflict(row) for row in rows]

    def count(self) -> int:
        """How many conflicts are open."""
        return int(
            self.session.execute(
                select(func.count()).select_from(sheet_conflicts).where(sheet_conflicts.c.owner_id == self.owner_id)
            ).scalar_one()
        )

    def remove(self, code: str, column: str) -> bool:
        """Close the conflict on ``code`` and ``column``; False when there was none."""
        result = self.session.execute(delete(sheet_conflicts).where(*self._where(code, column)))
        return bool(result.rowcount)  # type: ignore[attr-defined]
