"""The applicant's favourite programs: a star per program code, per owner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import program_favourites

__all__ = ["FavouriteStore"]


class FavouriteStore:
    """The codes of the programs one owner starred."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def codes(self) -> set[str]:
        """The starred program codes."""
        rows = self.session.execute(
            select(program_favourites.c.code).where(program_favourites.c.owner_id == self.owner_id)
        ).scalars()
        return set(rows)

    def star(self, code: str, at: datetime) -> bool:
        """Star ``code``; False when it was already starred (nothing changes)."""
        if code in self.codes():
            return False
        self.session.execute(insert(program_favourites).values(owner_id=self.owner_id, code=code, starred_at=at))
        return True

    def unstar(self, code: str) -> bool:
        """Remove the star of ``code``; False when it had none."""
        mine = (program_favourites.c.owner_id == self.owner_id) & (program_favourites.c.code == code)
        result = self.session.execute(delete(program_favourites).where(mine))
        return bool(getattr(result, "rowcount", 0))
