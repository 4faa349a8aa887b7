"""The outcomes an applicant recorded: per program code, invited, rejected or silent, with the date.

The store takes and returns :class:`matchpilot.domain.outcomes.RecordedOutcome`; the table keeps the outcome
as its word (``invited``, ``rejected``, ``silent``).
"""

from __future__ import annotations

from sqlalchemy import RowMapping, delete, insert, select, update
from sqlalchemy.orm import Session

from matchpilot.domain.outcomes import Outcome, RecordedOutcome
from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import outcomes

__all__ = ["OutcomeStore"]

_COLUMNS = (outcomes.c.code, outcomes.c.outcome, outcomes.c.recorded_on)


def _recorded(row: RowMapping) -> RecordedOutcome | None:
    """The row as a recorded outcome; None for a word that is none of the outcomes (never written by matchpilot,
    but a restored backup is read as it is)."""
    try:
        word = Outcome(str(row["outcome"]).strip().lower())
    except ValueError:
        return None
    return RecordedOutcome(row["code"], word, row["recorded_on"])


class OutcomeStore:
    """The recorded outcomes of one owner (at most one per program code)."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def record(self, outcome: RecordedOutcome) -> bool:
        """Record ``outcome`` for its program code, replacing an earlier one; returns True when one was replaced."""
        code, word, day = outcome.code, outcome.outcome.value, outcome.on
        found = self.session.execute(
            select(outcomes.c.id).where(outcomes.c.owner_id == self.owner_id, outcomes.c.code == code)
        ).scalar_one_or_none()
        if found is None:
            self.session.execute(
                insert(outcomes).values(owner_id=self.owner_id, code=code, outcome=word, recorded_on=day)
            )
            return False
        self.session.execute(update(outcomes).where(outcomes.c.id == found).values(outcome=word, recorded_on=day))
        return True

    def get(self, code: str) -> RecordedOutcome | None:
        """The outcome recorded for ``code``, or None."""
        row = (
            self.session.execute(select(*_COLUMNS).where(outcomes.c.owner_id == self.owner_id, outcomes.c.code == code))
            .mappings()
            .first()
        )
        return None if row is None else _recorded(row)

    def clear(self, code: str) -> bool:
        """Forget the outcome recorded for ``code``; returns False when there was none."""
        result = self.session.execute(
            delete(outcomes).where(outcomes.c.owner_id == self.owner_id, outcomes.c.code == code)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def all(self) -> list[RecordedOutcome]:
        """Every recorded outcome, by code."""
        rows = self.session.execute(
            select(*_COLUMNS).where(outcomes.c.owner_id == self.owner_id).order_by(outcomes.c.code)
        ).mappings()
        return [found for row in rows if (found := _recorded(row)) is not None]
