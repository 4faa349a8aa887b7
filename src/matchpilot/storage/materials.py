"""Application materials of one owner: ERAS experience entries and letters of recommendation (the domain's
:class:`~matchpilot.domain.materials.Experience` and :class:`~matchpilot.domain.materials.LetterPlan`, given
back with their ids).

Each method runs in the caller's transaction (see ``Database.transaction``); rows are found by their id and the
owner, so one owner never reads or changes another's.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from matchpilot.domain.materials import Experience, LetterPlan
from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import eras_experiences, recommendation_letters

__all__ = ["MaterialsStore"]


class MaterialsStore:
    """The experience entries and letters of one owner."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def _mine(self, table: Table, row_id: int | None = None) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [table.c.owner_id == self.owner_id]
        if row_id is not None:
            conditions.append(table.c.id == row_id)
        return conditions

    # --- experiences ---

    def experiences(self) -> list[tuple[int, Experience]]:
        """Every experience entry with its id (the number pages and commands name it by), in the order added."""
        t = eras_experiences
        rows = self.session.execute(
            select(t.c.id, t.c.title, t.c.organization, t.c.description).where(*self._mine(t)).order_by(t.c.id)
        ).all()
        return [(int(r.id), Experience(r.title, r.organization, r.description)) for r in rows]

    def add_experience(self, entry: Experience) -> int:
        """Store a new experience entry; returns its id."""
        new_id = self.session.execute(
            insert(eras_experiences)
            .values(owner_id=self.owner_id, **_experience_values(entry))
            .returning(eras_experiences.c.id)
        ).scalar_one()
        return int(new_id)

    def update_experience(self, row_id: int, entry: Experience) -> bool:
        """Replace the entry ``row_id``; False when this owner has none with that id."""
        result = self.session.execute(
            update(eras_experiences)
            .where(*self._mine(eras_experiences, row_id))
            .values(**_experience_values(entry), updated_at=func.now())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def remove_experience(self, row_id: int) -> bool:
        """Forget the entry ``row_id``; False when this owner has none with that id."""
        result = self.session.execute(delete(eras_experiences).where(*self._mine(eras_experiences, row_id)))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # --- letters ---

    def letters(self) -> list[tuple[int, LetterPlan]]:
        """Every letter with its id (the number pages and commands name it by), in the order added."""
        t = recommendation_letters
        rows = self.session.execute(
            select(t.c.id, t.c.writer, t.c.specialty, t.c.requested_on, t.c.uploaded_on, t.c.assigned_on, t.c.note)
            .where(*self._mine(t))
            .order_by(t.c.id)
        ).all()
        return [
            (int(r.id), LetterPlan(r.writer, r.specialty, r.requested_on, r.uploaded_on, r.assigned_on, r.note))
            for r in rows
        ]

    def add_letter(self, letter: LetterPlan) -> int:
        """Store a new letter; returns its id."""
        new_id = self.session.execute(
            insert(recommendation_letters)
            .values(owner_id=self.owner_id, **_letter_values(letter))
            .returning(recommendation_letters.c.id)
        ).scalar_one()
        return int(new_id)

    def update_letter(self, letter_id: int, letter: LetterPlan) -> bool:
        """Replace the letter ``letter_id``; False when this owner has none with that id."""
        result = self.session.execute(
            update(recommendation_letters)
            .where(*self._mine(recommendation_letters, letter_id))
            .values(**_letter_values(letter), updated_at=func.now())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def remove_letter(self, row_id: int) -> bool:
        """Forget the letter ``row_id``; False when this owner has none with that id."""
        result = self.session.execute(delete(recommendation_letters).where(*self._mine(recommendation_letters, row_id)))
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _experience_values(entry: Experience) -> dict[str, object]:
    return {"title": entry.title, "organization": entry.organization, "description": entry.description}


def _letter_values(letter: LetterPlan) -> dict[str, object]:
    return {
        "writer": letter.writer,
        "specialty": letter.specialty,
        "requested_on": letter.requested_on,
        "uploaded_on": letter.uploaded_on,
        "assigned_on": letter.assigned_on,
        "note": letter.note,
    }
