"""The evidence an applicant imported: DOL LCA files, their kept cases, and the employer links they decided."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from matchpilot.domain.evidence import CaseStatus, LcaCase, LcaRow, Role, normalise_employer
from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import lca_cases, lca_imports, lca_links

__all__ = ["EvidenceStore", "StoredImport", "StoredLink"]

_CASE_COLUMNS = (
    "case_number",
    "status",
    "role",
    "decision_date",
    "employer_name",
    "employer_key",
    "employer_state",
    "job_title",
    "soc_code",
    "visa_class",
)


def _case_values(row: LcaRow) -> dict[str, Any]:
    """The columns of a case: the row's fields (the free texts cut to their columns' sizes) and the employer's
    normalised name, by which employers are linked."""
    return {
        "case_number": row.case_number,
        "status": row.status.value,
        "role": row.role.value,
        "decision_date": row.decision_date,
        "employer_name": row.employer_name,
        "employer_key": normalise_employer(row.employer_name),
        "employer_state": row.employer_state,
        "job_title": row.job_title[:500],
        "soc_code": row.soc_code[:16],
        "visa_class": row.visa_class[:32],
    }


@dataclass(frozen=True, slots=True)
class StoredImport:
    """One imported LCA file."""

    id: int
    file_name: str
    sha256: str
    layout: str
    imported_on: date
    rows_read: int
    cases_kept: int


@dataclass(frozen=True, slots=True)
class StoredLink:
    """A decision about one employer: ``linked`` to ``institution`` or ``unlinked``."""

    employer_key: str
    employer_state: str
    institution: str | None
    confidence: float | None
    decision: str
    decided_by: str
    decided_on: date


class EvidenceStore:
    """The LCA evidence of one owner."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    # --- imports ---------------------------------------------------------------------------------------

    def find_import(self, sha256: str) -> StoredImport | None:
        """The import of the file with this SHA-256, or None."""
        for stored in self.imports():
            if stored.sha256 == sha256:
                return stored
        return None

    def imports(self) -> list[StoredImport]:
        """Every imported file, oldest first."""
        rows = self.session.execute(
            select(lca_imports).where(lca_imports.c.owner_id == self.owner_id).order_by(lca_imports.c.id)
        ).mappings()
        return [
            StoredImport(
                r["id"], r["file_name"], r["sha256"], r["layout"], r["imported_on"], r["rows_read"], r["cases_kept"]
            )
            for r in rows
        ]

    def add_import(
        self, file_name: str, sha256: str, layout: str, imported_on: date, rows_read: int, cases_kept: int
    ) -> int:
        """Record an imported file; returns its id."""
        result = self.session.execute(
            insert(lca_imports)
            .values(
                owner_id=self.owner_id,
                file_name=file_name,
                sha256=sha256,
                layout=layout,
                imported_on=imported_on,
                rows_read=rows_read,
                cases_kept=cases_kept,
            )
            .returning(lca_imports.c.id)
        )
        return int(result.scalar_one())

    # --- cases -----------------------------------------------------------------------------------------

    def save_cases(self, import_sha256: str, cases: Iterable[LcaRow]) -> tuple[int, int, int]:
        """Add the cases of the file whose SHA-256 is ``import_sha256`` (one row per case number): a new case
        number is added; a known one is replaced when this row differs and its decision is not older than the
        stored one. Returns ``(added, replaced, unchanged)``."""
        columns = list(_CASE_COLUMNS)
        known = {
            row["case_number"]: row
            for row in self.session.execute(
                select(lca_cases.c.id, *[lca_cases.c[name] for name in columns]).where(
                    lca_cases.c.owner_id == self.owner_id
                )
            ).mappings()
        }
        added: list[dict[str, Any]] = []
        replaced = unchanged = 0
        for case in cases:
            values = _case_values(case)
            old = known.get(case.case_number)
            if old is None:
                added.append({"owner_id": self.owner_id, "import_sha256": import_sha256, **values})
                continue
            if all(old[name] == values[name] for name in columns) or (
                old["decision_date"] is not None
                and (case.decision_date is None or case.decision_date < old["decision_date"])
            ):
                unchanged += 1
                continue
            self.session.execute(
                update(lca_cases).where(lca_cases.c.id == old["id"]).values(import_sha256=import_sha256, **values)
            )
            replaced += 1
        for start in range(0, len(added), 1000):
            self.session.execute(insert(lca_cases), added[start : start + 1000])
        return len(added), replaced, unchanged

    def cases(self) -> list[tuple[str, str, LcaCase]]:
        """Every stored case as ``(employer key, employer state, case)``, the case carrying its file's name and
        import day."""
        rows = self.session.execute(
            select(lca_cases, lca_imports.c.file_name, lca_imports.c.imported_on)
            .join(
                lca_imports,
                (lca_imports.c.owner_id == lca_cases.c.owner_id) & (lca_imports.c.sha256 == lca_cases.c.import_sha256),
            )
            .where(lca_cases.c.owner_id == self.owner_id)
            .order_by(lca_cases.c.case_number)
        ).mappings()
        return [
            (
                r["employer_key"],
                r["employer_state"],
                LcaCase(
                    r["case_number"],
                    CaseStatus(r["status"]),
                    Role(r["role"]),
                    r["decision_date"],
                    r["employer_name"],
                    r["employer_state"],
                    r["job_title"],
                    r["file_name"],
                    r["imported_on"],
                ),
            )
            for r in rows
        ]

    def employers(self) -> list[tuple[str, str, str, int]]:
        """Each employer ``(key, state, a name as written, cases)``, most cases first."""
        rows = self.session.execute(
            select(
                lca_cases.c.employer_key,
                lca_cases.c.employer_state,
                func.min(lca_cases.c.employer_name),
                func.count(),
            )
            .where(lca_cases.c.owner_id == self.owner_id)
            .group_by(lca_cases.c.employer_key, lca_cases.c.employer_state)
        ).all()
        out = [(str(k), str(s), str(n), int(c)) for k, s, n, c in rows]
        out.sort(key=lambda e: (-e[3], e[0], e[1]))
        return out

    def count_cases(self) -> int:
        """How many cases are stored."""
        return int(
            self.session.execute(
                select(func.count()).select_from(lca_cases).where(lca_cases.c.owner_id == self.owner_id)
            ).scalar_one()
        )

    # --- links -----------------------------------------------------------------------------------------

    def links(self) -> list[StoredLink]:
        """Every decision about an employer."""
        rows = self.session.execute(
            select(lca_links).where(lca_links.c.owner_id == self.owner_id).order_by(lca_links.c.employer_key)
        ).mappings()
        return [
            StoredLink(
                r["employer_key"],
                r["employer_state"],
                r["institution"],
                r["confidence"],
                r["decision"],
                r["decided_by"],
                r["decided_on"],
            )
            for r in rows
        ]

    def decide(self, link: StoredLink) -> None:
        """Record a decision about an employer, replacing an earlier one."""
        self.session.execute(
            delete(lca_links).where(
                lca_links.c.owner_id == self.owner_id,
                lca_links.c.employer_key == link.employer_key,
                lca_links.c.employer_state == link.employer_state,
            )
        )
        self.session.execute(
            insert(lca_links).values(
                owner_id=self.owner_id,
                employer_key=link.employer_key,
                employer_state=link.employer_state,
                institution=link.institution,
                confidence=link.confidence,
                decision=link.decision,
                decided_by=link.decided_by,
                decided_on=link.decided_on,
            )
        )
