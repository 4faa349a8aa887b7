"""Evidence use cases: import a DOL H-1B LCA disclosure file, link its employers to the sheet's institutions,
and say for each program what the federal record shows about H-1B residents.

The pure parts live in :mod:`matchpilot.domain.evidence` and :mod:`matchpilot.domain.evidence_links`; the
reader in :mod:`matchpilot.io.lca`; the tables in :mod:`matchpilot.storage.evidence`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import IO

from matchpilot.domain.evidence import (
    H1bEvidence,
    LcaCase,
    LcaRow,
    Role,
    h1b_conflict,
    normalise_employer,
    summarise_h1b,
)
from matchpilot.domain.evidence_links import AUTO_ACCEPT, Employer, Institution, LinkSuggestion, suggest_links
from matchpilot.domain.program import Program
from matchpilot.errors import InputError, NotFoundError
from matchpilot.io.lca import open_lca
from matchpilot.services.memo import remembered
from matchpilot.services.workspace import Services
from matchpilot.storage.evidence import EvidenceStore, StoredImport, StoredLink

__all__ = [
    "EmployerLink",
    "LcaImportReport",
    "LinksReview",
    "accept_suggestions",
    "evidence_by_program",
    "evidence_imports",
    "import_lca",
    "institution_of",
    "link_employer",
    "links_review",
    "program_evidence",
    "unlink_employer",
]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class LcaImportReport:
    """What an LCA import did. ``already`` is True when the same file had been imported (nothing changed)."""

    file_name: str
    layout: str
    rows_read: int
    residents: int
    fellows: int
    added: int
    replaced: int
    unchanged: int
    already: bool
    accepted: tuple[LinkSuggestion, ...]
    suggestions: tuple[LinkSuggestion, ...]
    imported_on: date


@dataclass(frozen=True, slots=True)
class EmployerLink:
    """An employer the applicant decided about: a name as written, and the stored decision."""

    name: str
    cases: int
    link: StoredLink


@dataclass(frozen=True, slots=True)
class LinksReview:
    """Employers linked, unlinked (not suggested again), and the suggestions still to confirm (surest first);
    ``unmatched`` counts employers with no suggestion."""

    linked: tuple[EmployerLink, ...]
    unlinked: tuple[EmployerLink, ...]
    suggestions: tuple[LinkSuggestion, ...]
    unmatched: int
    institutions: tuple[Institution, ...]


def institution_of(program: Program) -> Institution:
    """The institution a program belongs to on the sheet: its ``institution`` (else its name) and state."""
    return Institution((program.institution or program.name).strip(), program.state or "")


def _institutions(services: Services) -> list[Institution]:
    seen: dict[tuple[str, str], Institution] = {}
    for program in services.list_programs().programs:
        institution = institution_of(program)
        seen.setdefault((institution.name.casefold(), institution.state), institution)
    return sorted(seen.values(), key=lambda i: (i.name.casefold(), i.state))


def _sha256(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def import_lca(
    services: Services,
    file: IO[bytes],
    name: str,
    *,
    size: int = 0,
    progress: Progress | None = None,
    accept_sure: bool = False,
) -> LcaImportReport:
    """Import the LCA disclosure file ``file`` (binary, seekable) called ``name``.

    Steps: hash the bytes (the same file again changes nothing); check the header (InputError naming the
    columns it lacks); read the rows as a stream, keeping resident and clinical-fellow rows, one per case
    number; save the file and its cases in one transaction (nothing half-imported); with ``accept_sure``, link
    the employers whose suggestion reaches :data:`AUTO_ACCEPT`.
    """
    today = services.today()
    sha = _sha256(file)
    with services.database.transaction() as session:
        previous = EvidenceStore(session, services.owner_id).find_import(sha)
    if previous is not None:
        review = links_review(services)
        return LcaImportReport(
            previous.file_name, previous.layout, previous.rows_read, 0, 0, 0, 0, 0, True, (), review.suggestions, today
        )
    stream = open_lca(file, name, size=size, progress=progress)
    kept: dict[str, LcaRow] = {}
    for row in stream.rows():
        old = kept.get(row.case_number)
        if old is None or old.decision_date is None or (row.decision_date and row.decision_date >= old.decision_date):
            kept[row.case_number] = row
    if stream.rows_read == 0:
        raise InputError(f"{name}: the file has a header but no rows")
    residents = sum(1 for c in kept.values() if c.role is Role.RESIDENT)
    accepted: list[LinkSuggestion] = []
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = EvidenceStore(session, services.owner_id)
        store.add_import(name, sha, stream.header.layout, today, stream.rows_read, len(kept))
        added, replaced, unchanged = store.save_cases(sha, kept.values())
        if accept_sure:
            accepted = _accept(store, _institutions(services), today, sure_only=True)
    review = links_review(services)
    return LcaImportReport(
        name,
        stream.header.layout,
        stream.rows_read,
        residents,
        len(kept) - residents,
        added,
        replaced,
        unchanged,
        False,
        tuple(accepted),
        review.suggestions,
        today,
    )


def evidence_imports(services: Services) -> list[StoredImport]:
    """Every LCA file imported, oldest first."""
    with services.database.transaction() as session:
        return EvidenceStore(session, services.owner_id).imports()


def _employers(store: EvidenceStore) -> list[Employer]:
    return [Employer(key, state, name, count) for key, state, name, count in store.employers()]


def _accept(
    store: EvidenceStore, institutions: list[Institution], today: date, *, sure_only: bool
) -> list[LinkSuggestion]:
    decided = {(link.employer_key, link.employer_state): link for link in store.links()}
    chosen = [
        s
        for s in suggest_links(_employers(store), institutions, decided=decided)
        if s.confidence >= AUTO_ACCEPT or not sure_only
    ]
    for suggestion in chosen:
        store.decide(
            StoredLink(
                suggestion.employer.key,
                suggestion.employer.state,
                suggestion.institution.name,
                suggestion.confidence,
                "linked",
                "suggestion",
                today,
            )
        )
    return chosen


def accept_suggestions(services: Services, *, sure_only: bool = True) -> list[LinkSuggestion]:
    """Link every employer whose suggestion reaches :data:`AUTO_ACCEPT` (all suggestions when ``sure_only`` is
    False); returns the suggestions accepted."""
    institutions = _institutions(services)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        return _accept(EvidenceStore(session, services.owner_id), institutions, services.today(), sure_only=sure_only)


def links_review(services: Services) -> LinksReview:
    """The employers linked and unlinked, and the suggestions still to confirm."""
    institutions = _institutions(services)
    with services.database.transaction() as session:
        store = EvidenceStore(session, services.owner_id)
        employers = _employers(store)
        links = store.links()
    decided = {(link.employer_key, link.employer_state): link for link in links}
    names = {(e.key, e.state): e for e in employers}
    suggestions = suggest_links(employers, institutions, decided=decided)
    undecided = sum(1 for e in employers if (e.key, e.state) not in decided)

    def shown(link: StoredLink) -> EmployerLink:
        employer = names.get((link.employer_key, link.employer_state))
        return EmployerLink(employer.name if employer else link.employer_key, employer.cases if employer else 0, link)

    return LinksReview(
        tuple(shown(link) for link in links if link.decision == "linked"),
        tuple(shown(link) for link in links if link.decision != "linked"),
        tuple(suggestions),
        undecided - len(suggestions),
        tuple(institutions),
    )


def _find_employer(store: EvidenceStore, employer: str, state: str | None) -> Employer:
    key = normalise_employer(employer)
    found = [e for e in _employers(store) if e.key == key and (not state or e.state == state.strip().upper())]
    if not found:
        raise NotFoundError(f"no employer named {employer!r}{' in ' + state if state else ''} in your LCA evidence")
    if len(found) > 1:
        states = ", ".join(sorted(e.state or "(no state)" for e in found))
        raise InputError(f"the employer {employer!r} is in more than one state ({states}); give its state")
    return found[0]


def link_employer(services: Services, employer: str, institution: str, *, state: str | None = None) -> StoredLink:
    """Link ``employer`` (a name from the LCA files, compared normalised) to the sheet's ``institution``.

    NotFoundError when either is unknown; InputError when the employer is in several states and ``state`` is
    not given.
    """
    wanted = institution.strip().casefold()
    matches = [i for i in _institutions(services) if i.name.casefold() == wanted]
    if not matches:
        raise NotFoundError(f"no institution named {institution!r} on your sheet")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = EvidenceStore(session, services.owner_id)
        found = _find_employer(store, employer, state)
        link = StoredLink(found.key, found.state, matches[0].name, None, "linked", "you", services.today())
        store.decide(link)
    return link


def unlink_employer(services: Services, employer: str, *, state: str | None = None) -> StoredLink:
    """Undo the link of ``employer``: it counts for no institution and is not suggested again (link it again
    to undo this). NotFoundError when there is no such employer."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = EvidenceStore(session, services.owner_id)
        found = _find_employer(store, employer, state)
        link = StoredLink(found.key, found.state, None, None, "unlinked", "you", services.today())
        store.decide(link)
    return link


def evidence_by_program(services: Services, programs: list[Program] | None = None) -> dict[str, H1bEvidence]:
    """The H-1B resident evidence for each program of the sheet whose institution has linked employers (the
    others are left out), with ``conflicts`` naming ``visa_h1b`` where the sheet says it does not sponsor H-1B
    and certified resident LCAs exist in the last two fiscal years. Without any employer linked to an
    institution there is none, and neither the sheet nor the remembered answers are looked at (a key of 5,000
    programs costs a few milliseconds of My list's answer)."""
    with services.database.transaction() as session:
        if not _linked(EvidenceStore(session, services.owner_id)):
            return {}
    if programs is None:
        programs = list(services.list_programs().programs)
    chosen = programs
    question = ("h1b-evidence", tuple((p.code, p.institution, p.name, p.state, p.visa_h1b) for p in chosen))
    return remembered(services, question, lambda: _evidence_by_program(services, chosen), len)


def _linked(store: EvidenceStore) -> list[StoredLink]:
    """The employers linked to an institution of the sheet."""
    return [link for link in store.links() if link.decision == "linked" and link.institution]


def _evidence_by_program(services: Services, programs: list[Program]) -> dict[str, H1bEvidence]:
    with services.database.transaction() as session:
        store = EvidenceStore(session, services.owner_id)
        links = _linked(store)
        if not links:
            return {}
        cases = store.cases()
    by_employer: dict[tuple[str, str], list[LcaCase]] = {}
    for key, state, case in cases:
        by_employer.setdefault((key, state), []).append(case)
    by_institution: dict[str, list[LcaCase]] = {}
    for link in links:
        by_institution.setdefault((link.institution or "").casefold(), []).extend(
            by_employer.get((link.employer_key, link.employer_state), [])
        )
    today = services.today()
    out: dict[str, H1bEvidence] = {}
    for program in programs:
        found = by_institution.get(institution_of(program).name.casefold())
        if not found:
            continue
        summary = summarise_h1b(found, today=today)
        if summary is None:
            continue
        if h1b_conflict(program.visa_h1b, summary):
            summary = replace(summary, conflicts=("visa_h1b",))
        out[program.code] = summary
    return out


def program_evidence(services: Services, program: Program) -> H1bEvidence | None:
    """The H-1B resident evidence for one program, or None when its institution has no linked employer."""
    return evidence_by_program(services, [program]).get(program.code)
