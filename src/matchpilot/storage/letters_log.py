"""The letters log of one owner: messages sent to programs, interviews, and what programs wrote back.

The log only grows: there is no update and no delete here, so a saved message is never lost. Each ``add_*``
runs in the caller's transaction (see ``Database.transaction``) and returns the stored row with its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Table, insert, select
from sqlalchemy.orm import Session

from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import letter_interviews, letter_messages, letter_replies

__all__ = ["LettersLogStore", "StoredInterview", "StoredMessage", "StoredReply"]


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A logged message the applicant sent: its id, program ``code``, ``kind``, day sent, text, and whether the
    program asked for it."""

    id: int
    code: str
    kind: str
    sent_on: date
    text: str
    requested: bool


@dataclass(frozen=True, slots=True)
class StoredInterview:
    """A logged interview: its id, program ``code``, the day, the interviewers' names and the notes."""

    id: int
    code: str
    held_on: date
    interviewers: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class StoredReply:
    """What a program wrote to the applicant: its id, program ``code``, the day it arrived and the text."""

    id: int
    code: str
    received_on: date
    text: str


class LettersLogStore:
    """The message log, interviews and replies of one owner (append-only)."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def _where(self, table: Table, code: str | None) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [table.c.owner_id == self.owner_id]
        if code is not None:
            conditions.append(table.c.code == code)
        return conditions

    def _insert(self, table: Table, values: dict[str, Any]) -> int:
        new_id = self.session.execute(
            insert(table).values(owner_id=self.owner_id, **values).returning(table.c.id)
        ).scalar_one()
        return int(new_id)

    def add_message(self, code: str, kind: str, sent_on: date, text: str, *, requested: bool = False) -> StoredMessage:
        """Log a message sent to program ``code``; returns it as stored."""
        new_id = self._insert(
            letter_messages, {"code": code, "kind": kind, "sent_on": sent_on, "text": text, "requested": requested}
        )
        return StoredMessage(new_id, code, kind, sent_on, text, requested)

    def add_interview(self, code: str, held_on: date, interviewers: tuple[str, ...], notes: str) -> StoredInterview:
        """Log an interview with program ``code``; returns it as stored."""
        new_id = self._insert(
            letter_interviews,
            {"code": code, "held_on": held_on, "interviewers": list(interviewers), "notes": notes},
        )
        return StoredInterview(new_id, code, held_on, interviewers, notes)

    def add_reply(self, code: str, received_on: date, text: str) -> StoredReply:
        """Log what program ``code`` wrote to the applicant; returns it as stored."""
        new_id = self._insert(letter_replies, {"code": code, "received_on": received_on, "text": text})
        return StoredReply(new_id, code, received_on, text)

    def messages(self, code: str | None = None) -> list[StoredMessage]:
        """The logged messages (of program ``code`` only, when given), oldest first."""
        t = letter_messages
        rows = self.session.execute(
            select(t.c.id, t.c.code, t.c.kind, t.c.sent_on, t.c.text, t.c.requested)
            .where(*self._where(t, code))
            .order_by(t.c.sent_on, t.c.id)
        ).all()
        return [StoredMessage(int(r.id), r.code, r.kind, r.sent_on, r.text, bool(r.requested)) for r in rows]

    def interviews(self, code: str | None = None) -> list[StoredInterview]:
        """The logged interviews (of program ``code`` only, when given), oldest first."""
        t = letter_interviews
        rows = self.session.execute(
            select(t.c.id, t.c.code, t.c.held_on, t.c.interviewers, t.c.notes)
            .where(*self._where(t, code))
            .order_by(t.c.held_on, t.c.id)
        ).all()
        return [
            StoredInterview(int(r.id), r.code, r.held_on, tuple(str(n) for n in r.interviewers), r.notes) for r in rows
        ]

    def replies(self, code: str | None = None) -> list[StoredReply]:
        """What programs wrote (program ``code`` only, when given), oldest first."""
        t = letter_replies
        rows = self.session.execute(
            select(t.c.id, t.c.code, t.c.received_on, t.c.text)
            .where(*self._where(t, code))
            .order_by(t.c.received_on, t.c.id)
        ).all()
        return [StoredReply(int(r.id), r.code, r.received_on, r.text) for r in rows]
