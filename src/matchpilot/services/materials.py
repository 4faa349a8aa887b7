"""Application materials use cases: the three personal statement variants, ERAS experience entries and letters
of recommendation — stored per owner, each with its explainable checks (:mod:`matchpilot.letters.materials`).

The statements are the SOAP documents' statement variants (keys ``pmr``, ``prelim``, ``general``): written here,
they are the ones Match Week plans assign to applications. Every change is checked first and saved in one
transaction: with any error nothing is saved, and :class:`InvalidDataError` names each bad field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.materials import Experience
from matchpilot.errors import InvalidDataError, NotFoundError
from matchpilot.letters.materials import (
    STATEMENT_TITLES,
    VARIANT_LABELS,
    VARIANTS,
    ExperienceReview,
    LetterAdvice,
    LetterPlan,
    Readiness,
    StatementReview,
    check_experience,
    check_statement,
    experience_issues,
    letter_advice,
    letter_issues,
    materials_readiness,
    variant_key,
)
from matchpilot.services import soap_week
from matchpilot.services.workspace import Services
from matchpilot.storage.materials import MaterialsStore

__all__ = [
    "MAX_ENTRIES",
    "ExperienceView",
    "LetterView",
    "LettersView",
    "StatementView",
    "add_experience",
    "add_letter",
    "experience",
    "experiences",
    "letter",
    "letters",
    "parse_day",
    "readiness",
    "remove_experience",
    "remove_letter",
    "save_statement",
    "statement",
    "statements",
    "update_experience",
    "update_letter",
]

MAX_ENTRIES = 100
"""The most experience entries, and the most letters, one applicant keeps (a limit of matchpilot)."""


# --- statements ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementView:
    """One statement variant: its ``variant`` key, ``label``, ERAS ``title``, ``text`` (empty when not written)
    and its ``review`` (None when not written)."""

    variant: str
    label: str
    title: str
    text: str
    review: StatementReview | None

    @property
    def written(self) -> bool:
        """True when the variant has a text."""
        return bool(self.text.strip())

    def to_dict(self) -> dict[str, object]:
        """The variant as JSON-ready values."""
        return {
            "variant": self.variant,
            "label": self.label,
            "title": self.title,
            "written": self.written,
            "text": self.text,
            "review": self.review.to_dict() if self.review is not None else None,
        }


def _variant(name: str) -> str:
    key = variant_key(name)
    if key is None:
        issue = Issue(
            "bad-variant", Severity.ERROR, f"{name!r} is not a variant: use pmr, bridge or general", "variant"
        )
        raise InvalidDataError(f"unknown statement variant {name!r}; nothing was saved", [issue])
    return key


def _stored_statements(services: Services) -> dict[str, tuple[str, str]]:
    return {s.key: (s.title, s.text) for s in soap_week.documents(services).statements if s.key in VARIANTS}


def _view(key: str, stored: Mapping[str, tuple[str, str]]) -> StatementView:
    title, text = stored.get(key, (STATEMENT_TITLES[key], ""))
    review = check_statement(key, text) if text.strip() else None
    return StatementView(key, VARIANT_LABELS[key], title, text, review)


def statements(services: Services) -> list[StatementView]:
    """The three variants (``pmr``, ``prelim``, ``general``), written or not, each with its checks."""
    stored = _stored_statements(services)
    return [_view(key, stored) for key in VARIANTS]


def statement(services: Services, variant: str) -> StatementView:
    """One variant (``pmr``, ``bridge``/``prelim`` or ``general``) with its checks; InvalidDataError when the
    variant is unknown."""
    key = _variant(variant)
    return _view(key, _stored_statements(services))


def save_statement(services: Services, variant: str, text: str) -> StatementView:
    """Store the text of a variant (replacing the earlier one; the title it has in ERAS is kept) and return it
    with its checks. InvalidDataError naming ``variant`` or ``text`` when either is bad: nothing is saved."""
    key = _variant(variant)
    stored = _stored_statements(services)
    title = stored.get(key, (STATEMENT_TITLES[key], ""))[0]
    if not text.strip():
        issue = Issue("missing-value", Severity.ERROR, "the statement's text is empty", "text")
        raise InvalidDataError(f"the {VARIANT_LABELS[key]} cannot be stored; nothing was saved", [issue])
    soap_week.add_statement(services, key, title, text)
    return statement(services, key)


# --- experiences --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExperienceView:
    """An ERAS experience entry (the ``experience``) with its ``id`` and its ``review``."""

    id: int
    experience: Experience
    review: ExperienceReview

    def to_dict(self) -> dict[str, object]:
        """The entry as JSON-ready values."""
        e = self.experience
        return {
            "id": self.id,
            "title": e.title,
            "organization": e.organization,
            "description": e.description,
            "review": self.review.to_dict(),
        }


def _reviewed(entry_id: int, entry: Experience) -> ExperienceView:
    return ExperienceView(entry_id, entry, check_experience(entry.title, entry.description))


def _checked_experience(title: str, organization: str, description: str, what: str) -> Experience:
    issues = experience_issues(title, organization, description)
    if issues:
        raise InvalidDataError(f"{what} cannot be stored; nothing was saved", issues)
    return Experience(title.strip(), organization.strip(), description.strip())


def experiences(services: Services) -> list[ExperienceView]:
    """Every experience entry, in the order added, each with its checks."""
    with services.database.transaction() as session:
        stored = MaterialsStore(session, services.owner_id).experiences()
    return [_reviewed(i, e) for i, e in stored]


def experience(services: Services, entry_id: int) -> ExperienceView:
    """The experience entry ``entry_id``; NotFoundError when there is none."""
    for entry in experiences(services):
        if entry.id == entry_id:
            return entry
    raise NotFoundError(f"no experience entry number {entry_id}")


def add_experience(services: Services, title: str, organization: str, description: str) -> ExperienceView:
    """Store a new experience entry and return it with its checks (InvalidDataError naming each bad field)."""
    entry = _checked_experience(title, organization, description, "the experience entry")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = MaterialsStore(session, services.owner_id)
        if len(store.experiences()) >= MAX_ENTRIES:
            issue = Issue("too-many", Severity.ERROR, f"you keep at most {MAX_ENTRIES} experience entries", "title")
            raise InvalidDataError("the experience entry cannot be stored; nothing was saved", [issue])
        saved = store.add_experience(entry)
    return _reviewed(saved, entry)


def update_experience(
    services: Services, entry_id: int, title: str, organization: str, description: str
) -> ExperienceView:
    """Replace the experience entry ``entry_id`` (InvalidDataError naming each bad field; NotFoundError when there
    is no such entry)."""
    entry = _checked_experience(title, organization, description, f"experience entry {entry_id}")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        if not MaterialsStore(session, services.owner_id).update_experience(entry_id, entry):
            raise NotFoundError(f"no experience entry number {entry_id}")
    return _reviewed(entry_id, entry)


def remove_experience(services: Services, entry_id: int) -> None:
    """Forget the experience entry ``entry_id``; NotFoundError when there is none."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        if not MaterialsStore(session, services.owner_id).remove_experience(entry_id):
            raise NotFoundError(f"no experience entry number {entry_id}")


# --- letters ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LetterView:
    """A letter with its ``id``."""

    id: int
    plan: LetterPlan

    def to_dict(self) -> dict[str, object]:
        """The letter as JSON-ready values."""
        p = self.plan
        return {
            "id": self.id,
            "writer": p.writer,
            "specialty": p.specialty,
            "preference": p.tier.value,
            "state": p.state.value,
            "requested_on": p.requested_on.isoformat() if p.requested_on else None,
            "uploaded_on": p.uploaded_on.isoformat() if p.uploaded_on else None,
            "assigned_on": p.assigned_on.isoformat() if p.assigned_on else None,
            "note": p.note,
        }


@dataclass(frozen=True, slots=True)
class LettersView:
    """Every letter (in the order added) and the advice on them as a whole."""

    letters: tuple[LetterView, ...]
    advice: tuple[LetterAdvice, ...]

    def to_dict(self) -> dict[str, object]:
        """The letters and the advice as JSON-ready values."""
        return {
            "letters": [letter.to_dict() for letter in self.letters],
            "advice": [item.to_dict() for item in self.advice],
        }


def parse_day(text: str | None, field: str) -> date | None:
    """A day written ``YYYY-MM-DD`` (None for an empty text); InvalidDataError naming ``field`` otherwise."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        issue = Issue("bad-date", Severity.ERROR, f"{text.strip()!r} is not a date: write it as YYYY-MM-DD", field)
        raise InvalidDataError("a date cannot be read; nothing was saved", [issue]) from None


def _checked_letter(services: Services, plan: LetterPlan, what: str) -> LetterPlan:
    issues = letter_issues(plan, today=services.today())
    if issues:
        raise InvalidDataError(f"{what} cannot be stored; nothing was saved", issues)
    return LetterPlan(
        plan.writer.strip(), plan.specialty.strip(), plan.requested_on, plan.uploaded_on, plan.assigned_on,
        plan.note.strip(),
    )  # fmt: skip


def letters(services: Services) -> LettersView:
    """Every letter and the advice on them (the preference order, how many are uploaded, what waits)."""
    with services.database.transaction() as session:
        stored = MaterialsStore(session, services.owner_id).letters()
    views = tuple(LetterView(letter_id, plan) for letter_id, plan in stored)
    return LettersView(views, tuple(letter_advice([v.plan for v in views])))


def letter(services: Services, letter_id: int) -> LetterView:
    """The letter ``letter_id``; NotFoundError when there is none."""
    for view in letters(services).letters:
        if view.id == letter_id:
            return view
    raise NotFoundError(f"no letter number {letter_id}")


def add_letter(services: Services, plan: LetterPlan) -> LetterView:
    """Store a new letter (InvalidDataError naming each bad field: nothing is saved)."""
    checked = _checked_letter(services, plan, "the letter")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = MaterialsStore(session, services.owner_id)
        if len(store.letters()) >= MAX_ENTRIES:
            issue = Issue("too-many", Severity.ERROR, f"you keep at most {MAX_ENTRIES} letters", "writer")
            raise InvalidDataError("the letter cannot be stored; nothing was saved", [issue])
        new_id = store.add_letter(checked)
    return LetterView(new_id, checked)


def update_letter(services: Services, letter_id: int, plan: LetterPlan) -> LetterView:
    """Replace the letter ``letter_id`` with ``plan`` (InvalidDataError naming each bad field; NotFoundError when
    there is no such letter)."""
    checked = _checked_letter(services, plan, f"letter {letter_id}")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        if not MaterialsStore(session, services.owner_id).update_letter(letter_id, checked):
            raise NotFoundError(f"no letter number {letter_id}")
    return LetterView(letter_id, checked)


def remove_letter(services: Services, letter_id: int) -> None:
    """Forget the letter ``letter_id``; NotFoundError when there is none."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        if not MaterialsStore(session, services.owner_id).remove_letter(letter_id):
            raise NotFoundError(f"no letter number {letter_id}")


# --- readiness ----------------------------------------------------------------------------------------------------


def readiness(services: Services) -> Readiness:
    """Which materials are ready: the three statements written and passing, the experience entries connected
    to PM&R values, enough letters uploaded, a PM&R letter (advice). See
    :func:`matchpilot.letters.materials.materials_readiness`."""
    stored = _stored_statements(services)
    entries = [(e.experience.title, e.experience.description) for e in experiences(services)]
    plans = [view.plan for view in letters(services).letters]
    return materials_readiness({key: text for key, (_, text) in stored.items()}, entries, plans)
