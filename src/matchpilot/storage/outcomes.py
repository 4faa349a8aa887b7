"""The outcomes an applicant recorded: per program code, invited, rejected or silent, with the date.

The repository stores the outcome as its word (``invited``, ``rejected``, ``silent``); the services check the
word and turn it into the chances model's value (storage depends on the domain only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import outcomes

__all__ = ["OutcomeStore", "StoredOutcome"]


@dataclass(frozen=True, slots=True)
class StoredOutcome:
    """One recorded outcome: the program ``code``, the ``outcome`` word and the day it was recorded for."""

    code: str
    outcome: str
    recorded_on: date


class OutcomeStore:
    """The recorded outcomes of one owner (at most one per program code)."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def record(self, code: str, outcome: str, recorded_on: date) -> bool:
        """Record ``outcome`` for ``code``, replacing an earlier one; returns True when one was replaced."""
        found = self.session.execute(
            select(outcomes.c.id).where(outcomes.c.owner_id == self.owner_id, outcomes.c.code == code)
        ).scalar_one_or_none()
        if found is None:
            self.session.execute(
                insert(outcomes).values(owner_id=self.owner_id, code=code, outcome=outcome, recorded_on=recorded_on)
            )
            return False
        self.session.execute(
            update(outcomes).where(outcomes.c.id == found).values(outcome=outcome, recorded_on=recorded_on)
        )
        return True

    def get(self, code: str) -> StoredOutcome | None:
        """The outcome recorded for ``code``, or None."""
        row = (
            self.session.execute(
                select(outcomes.c.code, outcomes.c.outcome, outcomes.c.recorded_on).where(
                    outcomes.c.owner_id == self.owner_id, outcomes.c.code == code
                )
            )
            .mappings()
            .first()
        )
        return None if row is None else StoredOutcome(row["code"], row["outcome"], row["recorded_on"])

    def clear(self, code: str) -> bool:
        """Forget the outcome recorded for ``code``; returns False when there was none."""
        result = self.session.execute(
            delete(outcomes).where(outcomes.c.owner_id == self.owner_id, outcomes.c.code == code)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def all(self) -> list[StoredOutcome]:
        """Every recorded outcome, by code."""
        rows = self.session.execute(
            select(outcomes.c.code, outcomes.c.outcome, outcomes.c.recorded_on)
            .where(outcomes.c.owner_id == self.owner_id)
            .order_by(outcomes.c.code)
        ).mappings()
        return [StoredOutcome(row["code"], row["outcome"], row["recorded_on"]) for row in rows]
