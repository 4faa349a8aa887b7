"""Learning from the applicants of a server: consent, and the per-program terms fitted to the pooled outcomes.

An applicant who consents (:func:`set_consent`, revocable at any time) lets their recorded outcomes (invited or
rejected, each with the chance matchpilot showed before it) join the server's pool. :func:`cohort_fit` fits the
cohort model (:mod:`matchpilot.chances.cohort`) to the pool of everyone who consents *now*: a revoked consent
takes the applicant's outcomes out of the next fit. Every applicant's chances then carry, per program, the pooled
term — never another applicant's outcomes — and only where at least five distinct applicants are behind it.

The fit is kept in this process until the pool changes: its stamp is the consenting owners and their revisions
(a revision moves with every change to an owner's outcomes and with their consent), read in one small query.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Hashable
from dataclasses import dataclass

from matchpilot.chances.cohort import MIN_APPLICANTS, CohortFit, PooledOutcome, fit_cohort, logit
from matchpilot.domain.outcomes import Outcome
from matchpilot.errors import InputError
from matchpilot.services.workspace import Services
from matchpilot.storage import Database
from matchpilot.storage.cohort import CohortConsentStore, cohort_stamp, pooled_rows

__all__ = ["CohortStatus", "cohort_fit", "cohort_status", "consent", "parse_consent", "pool_stamp", "set_consent"]

_fits_lock = threading.Lock()
_fits: weakref.WeakKeyDictionary[Database, tuple[Hashable, CohortFit]] = weakref.WeakKeyDictionary()


def consent(services: Services) -> bool:
    """Whether the services' owner lets their outcomes join the server's cohort (never asked: False)."""
    with services.database.transaction() as session:
        return CohortConsentStore(session, services.owner_id).get()


def set_consent(services: Services, consented: bool) -> None:
    """Record the owner's choice. Revoking takes their outcomes out of the cohort from the next fit on."""
    with services.database.transaction() as session:
        CohortConsentStore(session, services.owner_id).set(consented)


def pool_stamp(services: Services) -> Hashable:
    """What identifies the pool's state: equal stamps mean :func:`cohort_fit` gives the same fit."""
    with services.database.transaction() as session:
        return cohort_stamp(session)


def cohort_fit(services: Services) -> CohortFit:
    """The cohort model fitted to the outcomes of the applicants who consent now (kept until the pool changes).

    The offset of each outcome is the log-odds of the chance shown before it, without the cohort term that chance
    included, so a term is never counted twice."""
    database = services.database
    with database.transaction() as session:
        stamp = cohort_stamp(session)
        with _fits_lock:
            kept = _fits.get(database)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        rows = pooled_rows(session) if len(stamp) > 0 else []
    fit = fit_cohort(
        PooledOutcome(owner, kept.code, logit(kept.p_mid) - kept.cohort_shift, outcome is Outcome.INVITED)
        for owner, outcome, kept in rows
    )
    with _fits_lock:
        _fits[database] = (stamp, fit)
    return fit


_YES = {"yes", "y", "true", "1", "on"}
_NO = {"no", "n", "false", "0", "off"}


def parse_consent(text: str) -> bool:
    """``yes`` or ``no`` (also true/false, on/off, 1/0) as a choice; InputError naming the value otherwise."""
    word = text.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InputError(f"consent {text[:20]!r}: answer yes or no")


@dataclass(frozen=True, slots=True)
class CohortStatus:
    """What an applicant may know of the cohort: whether they ``consent``, and only when at least
    :data:`MIN_APPLICANTS` applicants are pooled, how many (``applicants``, ``outcomes``) and how many
    ``programs`` have a term; ``note`` says why there is nothing yet."""

    consent: bool
    applicants: int | None
    outcomes: int | None
    programs: int
    note: str

    @property
    def active(self) -> bool:
        """True when the cohort gives at least one program a term."""
        return self.programs > 0


def cohort_status(services: Services) -> CohortStatus:
    """The services' owner's consent and the pooled figures of the server's cohort (never anyone's outcomes)."""
    fit = cohort_fit(services)
    enough = fit.applicants >= MIN_APPLICANTS
    return CohortStatus(
        consent(services),
        fit.applicants if enough else None,
        fit.outcomes if enough else None,
        len(fit.terms),
        fit.note,
    )
