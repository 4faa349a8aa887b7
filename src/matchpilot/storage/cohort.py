"""The cohort of a server: each applicant's consent to pool their outcomes, and the pooled rows of those who gave it.

Reading the pool crosses owners by design; only :mod:`matchpilot.services.cohort` calls it, and what it hands on
is the fitted per-program terms, never these rows.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from matchpilot.domain.outcomes import Outcome
from matchpilot.domain.predictions import Prediction
from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import cohort_consents, outcomes, owners, predictions

__all__ = ["CohortConsentStore", "cohort_stamp", "pooled_rows"]


class CohortConsentStore:
    """One owner's consent to pool their outcomes."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id

    def get(self) -> bool:
        """True when the owner consents now (never asked: False)."""
        found = self.session.execute(
            select(cohort_consents.c.consented).where(cohort_consents.c.owner_id == self.owner_id)
        ).scalar_one_or_none()
        return bool(found)

    def set(self, consented: bool) -> None:
        """Record the owner's choice (it moves their revision, and so the cohort's stamp)."""
        note_owner(self.session, self.owner_id)
        exists = self.session.execute(
            select(cohort_consents.c.owner_id).where(cohort_consents.c.owner_id == self.owner_id)
        ).scalar_one_or_none()
        values = {"consented": consented, "decided_at": func.now()}
        if exists is None:
            self.session.execute(insert(cohort_consents).values(owner_id=self.owner_id, **values))
        else:
            self.session.execute(
                update(cohort_consents).where(cohort_consents.c.owner_id == self.owner_id).values(**values)
            )


def cohort_stamp(session: Session) -> tuple[tuple[int, int], ...]:
    """The consenting owners and their revisions: equal stamps mean the pool is unchanged (a revision moves with
    every change to an owner's outcomes and with their consent)."""
    rows = session.execute(
        select(owners.c.id, owners.c.revision)
        .join(cohort_consents, cohort_consents.c.owner_id == owners.c.id)
        .where(cohort_consents.c.consented.is_(True))
        .order_by(owners.c.id)
    ).all()
    return tuple((int(row.id), int(row.revision)) for row in rows)


def pooled_rows(session: Session) -> list[tuple[int, Outcome, Prediction]]:
    """Every invited or rejected outcome of the consenting owners that had a chance shown before it, as (owner id,
    outcome, the latest such chance) (an outcome never shown a chance is left out)."""
    consenting = select(cohort_consents.c.owner_id).where(cohort_consents.c.consented.is_(True))
    latest = (
        select(
            predictions.c.owner_id,
            predictions.c.code,
            func.max(predictions.c.predicted_on).label("day"),
        )
        .where(predictions.c.owner_id.in_(consenting))
        .group_by(predictions.c.owner_id, predictions.c.code)
        .subquery()
    )
    rows = session.execute(
        select(
            outcomes.c.owner_id,
            outcomes.c.code,
            outcomes.c.outcome,
            predictions.c.predicted_on,
            predictions.c.p_low,
            predictions.c.p_mid,
            predictions.c.p_high,
            predictions.c.cohort_shift,
        )
        .join(latest, (latest.c.owner_id == outcomes.c.owner_id) & (latest.c.code == outcomes.c.code))
        .join(
            predictions,
            (predictions.c.owner_id == latest.c.owner_id)
            & (predictions.c.code == latest.c.code)
            & (predictions.c.predicted_on == latest.c.day),
        )
        .where(outcomes.c.owner_id.in_(consenting), outcomes.c.outcome.in_(("invited", "rejected")))
        .order_by(outcomes.c.owner_id, outcomes.c.code)
    ).all()
    return [
        (
            int(r.owner_id),
            Outcome(r.outcome),
            Prediction(str(r.code), r.predicted_on, r.p_low, float(r.p_mid), r.p_high, float(r.cohort_shift)),
        )
        for r in rows
    ]
