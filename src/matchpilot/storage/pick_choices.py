"""The programs an applicant pinned (must apply) or excluded (never apply) on My list, by program code.

The repository stores the choice as its word (``pin``, ``exclude``); the services check it.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import pick_choices

__all__ = ["PickChoiceStore"]


class PickChoiceStore:
    """The pinned and excluded programs of one owner (at most one choice per program code)."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def all(self) -> dict[str, str]:
        """Every choice, code -> ``pin`` or ``exclude``, by code."""
        rows = self.session.execute(
            select(pick_choices.c.code, pick_choices.c.choice)
            .where(pick_choices.c.owner_id == self.owner_id)
            .order_by(pick_choices.c.code)
        )
        return {code: choice for code, choice in rows}

    def set(self, code: str, choice: str) -> None:
        """Pin or exclude ``code`` (replacing an earlier choice)."""
        mine = (pick_choices.c.owner_id == self.owner_id) & (pick_choices.c.code == code)
        if self.session.execute(select(pick_choices.c.code).where(mine)).first() is None:
            self.session.execute(insert(pick_choices).values(owner_id=self.owner_id, code=code, choice=choice))
        else:
            self.session.execute(update(pick_choices).where(mine).values(choice=choice))

    def clear(self, code: str) -> bool:
        """Forget the choice for ``code``; False when there was none."""
        result = self.session.execute(
            delete(pick_choices).where(pick_choices.c.owner_id == self.owner_id, pick_choices.c.code == code)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
