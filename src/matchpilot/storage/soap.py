"""Match Week (SOAP) records of one owner: documents, the assignment rule, distribution plans, the imported
unfilled list, offers and the interview cheat sheet.

The stores take and return the domain's values (:mod:`matchpilot.domain.match_week`: statements, letters,
assignment entries, distribution plans, unfilled programs, offers); the services check them before they are stored.
Every store works inside the caller's session, so a use case that touches several stores commits or fails as
one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, delete, func, insert, select, update
from sqlalchemy.orm import Session

from matchpilot.domain.match_week import (
    AssignmentEntry,
    DistributionPlan,
    Letter,
    SoapOffer,
    Statement,
    UnfilledProgram,
)
from matchpilot.domain.portfolio import CategoryBounds
from matchpilot.domain.program import Track
from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import (
    soap_answers,
    soap_applications,
    soap_assignments,
    soap_cheatsheets,
    soap_checklist,
    soap_documents,
    soap_offers,
    soap_plans,
    soap_unfilled,
)

__all__ = [
    "SoapAnswerStore",
    "SoapApplicationStore",
    "SoapAssignmentStore",
    "SoapCheatSheetStore",
    "SoapChecklistStore",
    "SoapDocumentStore",
    "SoapOfferStore",
    "SoapPlanStore",
    "SoapUnfilledStore",
]


class _OwnerStore:
    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)


class SoapDocumentStore(_OwnerStore):
    """Personal statement variants and letters of recommendation, by kind and key."""

    def _mine(self) -> ColumnElement[bool]:
        return soap_documents.c.owner_id == self.owner_id

    def save(self, document: Statement | Letter) -> bool:
        """Store ``document``, replacing the one of the same kind and key; True when one was replaced. A letter
        without a title is stored with "Letter from" its writer."""
        if isinstance(document, Letter):
            kind = "letter"
            values: dict[str, str | None] = {
                "title": document.title or f"Letter from {document.writer}",
                "text": document.text,
                "writer": document.writer,
                "specialty": document.specialty,
            }
        else:
            kind = "statement"
            values = {"title": document.title, "text": document.text, "writer": None, "specialty": None}
        found = self.session.execute(
            select(soap_documents.c.id).where(
                self._mine(), soap_documents.c.kind == kind, soap_documents.c.key == document.key
            )
        ).scalar_one_or_none()
        if found is None:
            self.session.execute(
                insert(soap_documents).values(owner_id=self.owner_id, kind=kind, key=document.key, **values)
            )
            return False
        self.session.execute(
            update(soap_documents).where(soap_documents.c.id == found).values(**values, updated_at=func.now())
        )
        return True

    def all(self) -> list[Statement | Letter]:
        """Every document: statements first, then letters, each by key."""
        rows = self.session.execute(
            select(soap_documents).where(self._mine()).order_by(soap_documents.c.kind.desc(), soap_documents.c.key)
        ).mappings()
        return [_document(row) for row in rows]

    def remove(self, kind: str, key: str) -> bool:
        """Forget one document; False when there was none."""
        result = self.session.execute(
            delete(soap_documents).where(self._mine(), soap_documents.c.kind == kind, soap_documents.c.key == key)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def remove_all(self) -> None:
        """Forget every document."""
        self.session.execute(delete(soap_documents).where(self._mine()))


def _document(row: RowMapping) -> Statement | Letter:
    if row["kind"] == "letter":
        return Letter(row["key"], row["writer"] or "", row["specialty"] or "", row["text"], row["title"])
    return Statement(row["key"], row["title"], row["text"])


class SoapAssignmentStore(_OwnerStore):
    """The editable rule that assigns documents to applications."""

    def _mine(self) -> ColumnElement[bool]:
        return soap_assignments.c.owner_id == self.owner_id

    def save(self, entry: AssignmentEntry) -> None:
        """Store ``entry``, replacing the entry of the same target."""
        self.session.execute(delete(soap_assignments).where(self._mine(), soap_assignments.c.target == entry.target))
        self.session.execute(
            insert(soap_assignments).values(
                owner_id=self.owner_id,
                target=entry.target,
                statement_key=entry.statement,
                letter_keys=list(entry.letters),
            )
        )

    def all(self) -> list[AssignmentEntry]:
        """Every entry, by target."""
        rows = self.session.execute(
            select(soap_assignments).where(self._mine()).order_by(soap_assignments.c.target)
        ).mappings()
        return [AssignmentEntry(row["target"], row["statement_key"], tuple(row["letter_keys"] or ())) for row in rows]

    def remove_all(self) -> None:
        """Forget the whole rule (the defaults apply again)."""
        self.session.execute(delete(soap_assignments).where(self._mine()))


class SoapPlanStore(_OwnerStore):
    """Distribution plans by name; at most one is the default."""

    def _mine(self) -> ColumnElement[bool]:
        return soap_plans.c.owner_id == self.owner_id

    def save(self, plan: DistributionPlan) -> bool:
        """Store ``plan`` (replacing the plan of the same name); when it is the default, no other plan stays
        the default. True when a plan was replaced."""
        if plan.default:
            self.session.execute(update(soap_plans).where(self._mine()).values(is_default=False))
        bounds = {name: [b.min, b.max] for name, b in sorted(plan.bounds.items())}
        values = {
            "bounds": bounds,
            "max_applications": plan.max_applications,
            "is_default": plan.default,
            "note": plan.note or None,
        }
        found = self.session.execute(
            select(soap_plans.c.id).where(self._mine(), soap_plans.c.name == plan.name)
        ).scalar_one_or_none()
        if found is None:
            self.session.execute(insert(soap_plans).values(owner_id=self.owner_id, name=plan.name, **values))
            return False
        self.session.execute(update(soap_plans).where(soap_plans.c.id == found).values(**values))
        return True

    def all(self) -> list[DistributionPlan]:
        """Every plan, by name."""
        rows = self.session.execute(select(soap_plans).where(self._mine()).order_by(soap_plans.c.name)).mappings()
        return [_plan(row) for row in rows]

    def get(self, name: str) -> DistributionPlan | None:
        """The plan called ``name``, or None."""
        row = self.session.execute(select(soap_plans).where(self._mine(), soap_plans.c.name == name)).mappings().first()
        return None if row is None else _plan(row)

    def remove(self, name: str) -> bool:
        """Forget the plan called ``name``; False when there was none."""
        result = self.session.execute(delete(soap_plans).where(self._mine(), soap_plans.c.name == name))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def remove_all(self) -> None:
        """Forget every plan."""
        self.session.execute(delete(soap_plans).where(self._mine()))


def _plan(row: RowMapping) -> DistributionPlan:
    bounds: dict[str, CategoryBounds] = {}
    for name, pair in (row["bounds"] or {}).items():
        low, high = pair
        bounds[str(name)] = CategoryBounds(int(low), None if high is None else int(high))
    return DistributionPlan(row["name"], bounds, row["max_applications"], bool(row["is_default"]), row["note"] or "")


class SoapUnfilledStore(_OwnerStore):
    """The imported unfilled list (one list per owner; an import replaces it whole)."""

    def _mine(self) -> ColumnElement[bool]:
        return soap_unfilled.c.owner_id == self.owner_id

    def replace(self, items: Sequence[UnfilledProgram], *, source: str, imported_on: date) -> int:
        """Make the stored list exactly ``items``; returns how many programs it holds."""
        self.session.execute(delete(soap_unfilled).where(self._mine()))
        rows = [
            {
                "owner_id": self.owner_id,
                "code": item.code,
                "name": item.name,
                "specialty": item.specialty,
                "track": item.track.value,
                "positions": item.positions,
                "state": item.state,
                "extra": dict(item.extra),
                "source_row": item.row,
                "source": source,
                "imported_on": imported_on,
            }
            for item in items
        ]
        if rows:
            self.session.execute(insert(soap_unfilled), rows)
        return len(rows)

    def all(self) -> list[UnfilledProgram]:
        """The stored list, in the order of the file."""
        rows = self.session.execute(
            select(soap_unfilled).where(self._mine()).order_by(soap_unfilled.c.source_row, soap_unfilled.c.code)
        ).mappings()
        return [
            UnfilledProgram(
                row["code"],
                row["name"],
                row["specialty"],
                Track(row["track"]),
                int(row["positions"]),
                row["state"],
                int(row["source_row"]),
                {str(k): str(v) for k, v in (row["extra"] or {}).items()},
            )
            for row in rows
        ]

    def remove_all(self) -> None:
        """Forget the stored list."""
        self.session.execute(delete(soap_unfilled).where(self._mine()))

    def source(self) -> tuple[str, date] | None:
        """Where the stored list came from and when it was imported, or None when none is stored."""
        row = self.session.execute(
            select(soap_unfilled.c.source, soap_unfilled.c.imported_on).where(self._mine()).limit(1)
        ).first()
        return None if row is None else (str(row[0]), row[1])


class SoapOfferStore(_OwnerStore):
    """Offers received, at most one per program."""

    def _mine(self) -> ColumnElement[bool]:
        return soap_offers.c.owner_id == self.owner_id

    def get(self, code: str) -> SoapOffer | None:
        """The offer of program ``code``, or None."""
        row = (
            self.session.execute(select(soap_offers).where(self._mine(), soap_offers.c.code == code)).mappings().first()
        )
        return None if row is None else _offer(row)

    def add(self, offer: SoapOffer) -> None:
        """Store a new offer (the caller checks that the program has none yet); the deadline in UTC."""
        deadline = None if offer.deadline is None else offer.deadline.astimezone(UTC)
        self.session.execute(
            insert(soap_offers).values(
                owner_id=self.owner_id,
                code=offer.code,
                round=offer.round,
                deadline=deadline,
                status=offer.status,
            )
        )

    def set_status(self, code: str, status: str) -> bool:
        """Change the status of the offer of ``code``; False when there is none."""
        result = self.session.execute(
            update(soap_offers).where(self._mine(), soap_offers.c.code == code).values(status=status)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def all(self) -> list[SoapOffer]:
        """Every offer, by round then code."""
        rows = self.session.execute(
            select(soap_offers).where(self._mine()).order_by(soap_offers.c.round, soap_offers.c.code)
        ).mappings()
        return [_offer(row) for row in rows]

    def remove(self, code: str) -> bool:
        """Forget the offer of ``code``; False when there was none."""
        result = self.session.execute(delete(soap_offers).where(self._mine(), soap_offers.c.code == code))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def remove_all(self) -> None:
        """Forget every offer."""
        self.session.execute(delete(soap_offers).where(self._mine()))


def _offer(row: RowMapping) -> SoapOffer:
    deadline = row["deadline"]
    if deadline is not None and deadline.tzinfo is None:  # SQLite keeps no offset: deadlines are stored in UTC
        deadline = deadline.replace(tzinfo=UTC)
    return SoapOffer(row["code"], int(row["round"]), deadline, row["status"])


class SoapApplicationStore(_OwnerStore):
    """The SOAP applications actually sent, by program code."""

    def _mine(self) -> ColumnElement[bool]:
        return soap_applications.c.owner_id == self.owner_id

    def codes(self) -> list[str]:
        """Every program code applied to, in the order they were added."""
        rows = self.session.execute(
            select(soap_applications.c.code).where(self._mine()).order_by(soap_applications.c.id)
        ).scalars()
        return [str(code) for code in rows]

    def add(self, codes: Sequence[str]) -> int:
        """Add ``codes`` (those already stored are kept as they are); returns how many were new."""
        known = {c.upper() for c in self.codes()}
        new = [c for c in dict.fromkeys(codes) if c.upper() not in known]
        if new:
            self.session.execute(insert(soap_applications), [{"owner_id": self.owner_id, "code": c} for c in new])
        return len(new)

    def remove(self, codes: Sequence[str]) -> int:
        """Forget ``codes``; returns how many were stored."""
        if not codes:
            return 0
        result = self.session.execute(
            delete(soap_applications).where(self._mine(), soap_applications.c.code.in_(codes))
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def remove_all(self) -> None:
        """Forget every application."""
        self.session.execute(delete(soap_applications).where(self._mine()))


class SoapCheatSheetStore(_OwnerStore):
    """The interview cheat sheet, stored as the mapping the services check."""

    def get(self) -> dict[str, Any] | None:
        """The stored mapping, or None."""
        data = self.session.execute(
            select(soap_cheatsheets.c.data).where(soap_cheatsheets.c.owner_id == self.owner_id)
        ).scalar_one_or_none()
        return None if data is None else dict(data)

    def save(self, data: Mapping[str, Any]) -> None:
        """Store ``data``, replacing the earlier cheat sheet."""
        self.session.execute(delete(soap_cheatsheets).where(soap_cheatsheets.c.owner_id == self.owner_id))
        self.session.execute(insert(soap_cheatsheets).values(owner_id=self.owner_id, data=dict(data)))


class SoapAnswerStore(_OwnerStore):
    """The applicant's own Match Week answers, one mapping per topic (``worths``, ``facts``)."""

    def get(self, topic: str) -> dict[str, Any]:
        """The stored mapping of ``topic`` (empty when nothing was answered)."""
        data = self.session.execute(
            select(soap_answers.c.data).where(soap_answers.c.owner_id == self.owner_id, soap_answers.c.topic == topic)
        ).scalar_one_or_none()
        return {} if data is None else dict(data)

    def save(self, topic: str, data: Mapping[str, Any]) -> None:
        """Store ``data`` for ``topic``, replacing the earlier answers."""
        mine = (soap_answers.c.owner_id == self.owner_id) & (soap_answers.c.topic == topic)
        self.session.execute(delete(soap_answers).where(mine))
        self.session.execute(insert(soap_answers).values(owner_id=self.owner_id, topic=topic, data=dict(data)))


class SoapChecklistStore(_OwnerStore):
    """The readiness checklist's ticks, per Match year: item id -> when it was ticked."""

    def _mine(self, year: int) -> ColumnElement[bool]:
        return (soap_checklist.c.owner_id == self.owner_id) & (soap_checklist.c.match_year == year)

    def ticks(self, year: int) -> dict[str, datetime]:
        """The items ticked for Match ``year`` and when (aware, UTC)."""
        rows = self.session.execute(
            select(soap_checklist.c.item, soap_checklist.c.ticked_at).where(self._mine(year))
        ).all()
        return {item: _aware(ticked) for item, ticked in rows}

    def tick(self, year: int, item: str, at: datetime) -> bool:
        """Tick ``item`` for ``year`` at ``at``; False (and the first tick kept) when it was already ticked."""
        if item in self.ticks(year):
            return False
        self.session.execute(
            insert(soap_checklist).values(owner_id=self.owner_id, match_year=year, item=item, ticked_at=at)
        )
        return True

    def untick(self, year: int, item: str) -> bool:
        """Untick ``item`` for ``year``; False when it was not ticked."""
        result = self.session.execute(delete(soap_checklist).where(self._mine(year) & (soap_checklist.c.item == item)))
        return bool(getattr(result, "rowcount", 0))


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes: they were written in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
