"""The letters log of one owner: messages sent to programs, interviews, and what programs wrote back.

The log only grows: there is no update and no delete here, so a saved message is never lost. Each ``add_*``
runs in the caller's transaction (see ``Database.transaction``). The store takes the domain's values
(:mod:`matchpilot.domain.letters_log`) and returns them as they are with their ``id`` in the log.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Table, insert, select
from sqlalchemy.orm import Session

from matchpilot.domain.letters_log import Interview, LoggedMessage, Reply
from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import letter_interviews, letter_messages, letter_replies

__all__ = ["LettersLogStore"]


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

    def add_message(self, message: LoggedMessage) -> LoggedMessage:
        """Log a message sent to a program (its ``id`` is not read); returns it as stored, with its id."""
        m = message
        values = {"code": m.program, "kind": m.kind, "sent_on": m.sent_on, "text": m.text, "requested": m.requested}
        return replace(message, id=self._insert(letter_messages, values))

    def add_interview(self, interview: Interview) -> Interview:
        """Log an interview with a program (its ``id`` is not read); returns it as stored, with its id."""
        i = interview
        values = {"code": i.program, "held_on": i.on, "interviewers": list(i.interviewers), "notes": i.notes}
        return replace(interview, id=self._insert(letter_interviews, values))

    def add_reply(self, reply: Reply) -> Reply:
        """Log what a program wrote to the applicant (its ``id`` is not read); returns it as stored, with its id."""
        values = {"code": reply.program, "received_on": reply.on, "text": reply.text}
        return replace(reply, id=self._insert(letter_replies, values))

    def messages(self, code: str | None = None) -> list[LoggedMessage]:
        """The logged messages (of program ``code`` only, when given), oldest first."""
        t = letter_messages
        rows = self.session.execute(
            select(t.c.id, t.c.code, t.c.sent_on, t.c.kind, t.c.text, t.c.requested)
            .where(*self._where(t, code))
            .order_by(t.c.sent_on, t.c.id)
        ).all()
        return [LoggedMessage(r.code, r.sent_on, r.kind, r.text, bool(r.requested), int(r.id)) for r in rows]

    def interviews(self, code: str | None = None) -> list[Interview]:
        """The logged interviews (of program ``code`` only, when given), oldest first."""
        t = letter_interviews
        rows = self.session.execute(
            select(t.c.id, t.c.code, t.c.held_on, t.c.interviewers, t.c.notes)
            .where(*self._where(t, code))
            .order_by(t.c.held_on, t.c.id)
        ).all()
        return [Interview(r.code, r.held_on, tuple(str(n) for n in r.interviewers), r.notes, int(r.id)) for r in rows]

    def replies(self, code: str | None = None) -> list[Reply]:
        """What programs wrote (program ``code`` only, when given), oldest first."""
        t = letter_replies
        rows = self.session.execute(
            select(t.c.id, t.c.code, t.c.received_on, t.c.text)
            .where(*self._where(t, code))
            .order_by(t.c.received_on, t.c.id)
        ).all()
        return [Reply(r.code, r.received_on, r.text, int(r.id)) for r in rows]
