"""Learning from a cohort: per-program terms fitted to the pooled outcomes of consenting applicants (pure).

The model (a random-intercept logistic model, fitted by empirical Bayes). Applicant ``i`` was shown, before
hearing from program ``j``, a chance whose log-odds was ``o_ij`` (the *offset*: the model's own prediction,
without any cohort term). The cohort model adds one term per program::

    P(invited_ij) = sigmoid(o_ij + b_j),        b_j ~ Normal(0, tau^2)

``b_j`` is how much more (or less) often program ``j`` invites than the model expects; ``tau`` is how much
programs differ from the model in general. Steps:

1. drop the cohort entirely when fewer than :data:`MIN_APPLICANTS` distinct applicants are behind it;
2. compute each program's log-likelihood on a fixed grid of ``b`` (:data:`GRID`, step 0.01 over -6..6);
3. estimate ``tau`` by maximising the marginal likelihood of every program's outcomes (the grid integral of the
   likelihood times the normal prior), over ``0..TAU_MAX`` with SciPy's bounded scalar search, and compare with
   ``tau = 0`` (no program differs: every term is 0);
4. each program's term is the posterior mean of ``b_j`` under that prior (exact on the grid), with its posterior
   standard deviation. A program with few outcomes is pulled towards 0 (its likelihood is flat, the prior
   dominates); a program with many consistent outcomes ends near what they say.
5. a program heard from by fewer than :data:`MIN_APPLICANTS` distinct applicants gets no term at all (its
   outcomes still inform ``tau``), so no figure shown rests on fewer than five applicants.

Why empirical Bayes and not a full hierarchical sampler: one variance parameter is all the cohort is asked to
tell, the integrals are one-dimensional (exact on a grid, no sampling, no randomness, the same answer every
time), and the fit takes milliseconds for thousands of outcomes. The price is that the uncertainty of ``tau``
itself is not carried into the terms; with 5+ applicants per program this matters little.

Applicants are opaque numbers here: the fit returns only pooled terms, never an applicant's outcomes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from matchpilot.chances.model import Factor
from matchpilot.chances.strength import FloatArray

NDArrayBool = NDArray[np.bool_]

__all__ = [
    "GRID",
    "MIN_APPLICANTS",
    "TAU_MAX",
    "CohortFit",
    "CohortTerm",
    "PooledOutcome",
    "cohort_factor",
    "fit_cohort",
    "logit",
    "posterior_term",
]

MIN_APPLICANTS = 5
"""No figure rests on fewer distinct applicants: per program, and for the cohort as a whole."""

TAU_MAX = 3.0
"""The largest spread of programs around the model considered (log-odds)."""

GRID: FloatArray = np.linspace(-6.0, 6.0, 1201)
"""The values of a program's term on which its likelihood and posterior are computed (step 0.01)."""

_OFFSET_LIMIT = 8.0  # offsets are clipped to -8..8 (a shown chance of 0.03% or 99.97%)


def logit(p: float) -> float:
    """The log-odds of the probability ``p``, clipped to ``-8..8`` (0 and 1 give the ends)."""
    if p <= 0.0:
        return -_OFFSET_LIMIT
    if p >= 1.0:
        return _OFFSET_LIMIT
    return max(-_OFFSET_LIMIT, min(_OFFSET_LIMIT, math.log(p / (1.0 - p))))


@dataclass(frozen=True, slots=True)
class PooledOutcome:
    """One outcome of the pool: an opaque ``applicant`` number, the program ``code``, the ``offset`` (log-odds the
    model predicted for this applicant there, without a cohort term) and whether the program ``invited``."""

    applicant: int
    code: str
    offset: float
    invited: bool


@dataclass(frozen=True, slots=True)
class CohortTerm:
    """The cohort's term for one program: ``shift`` (posterior mean, log-odds; positive: the program invites more
    often than the model expects), its posterior ``sd``, and how many distinct ``applicants`` and ``outcomes``
    are behind it (``applicants`` is at least :data:`MIN_APPLICANTS`)."""

    code: str
    shift: float
    sd: float
    applicants: int
    outcomes: int


@dataclass(frozen=True, slots=True)
class CohortFit:
    """The fitted cohort: its ``terms`` by program code, the estimated spread ``tau`` of programs around the model,
    and how many distinct ``applicants`` and ``outcomes`` were pooled. ``note`` says in plain words why there are
    no terms when there are none."""

    terms: Mapping[str, CohortTerm] = field(default_factory=dict)
    tau: float = 0.0
    applicants: int = 0
    outcomes: int = 0
    note: str = ""

    def term(self, code: str) -> CohortTerm | None:
        """The term of the program ``code``, or None (too few applicants heard from it)."""
        return self.terms.get(code)


def _logsumexp(values: FloatArray, axis: int | None = None) -> FloatArray:
    """``log(sum(exp(values)))`` along ``axis`` without overflow (``-inf`` entries allowed)."""
    top = np.max(values, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    total: FloatArray = np.log(np.sum(np.exp(values - top), axis=axis, keepdims=True)) + top
    return total.squeeze(axis=axis) if axis is not None else total.reshape(())


def _log_likelihood(offsets: FloatArray, invited: NDArrayBool) -> FloatArray:
    """The log-likelihood of a program's outcomes at every point of :data:`GRID` (one value per point)."""
    if offsets.size == 0:
        return np.zeros_like(GRID)
    eta = offsets[:, None] + GRID[None, :]
    sign = np.where(invited, 1.0, -1.0)[:, None]
    total: FloatArray = -np.logaddexp(0.0, -(sign * eta)).sum(axis=0)  # log sigmoid, summed
    return total


def _log_prior(tau: float) -> FloatArray:
    """The normal prior of spread ``tau`` on :data:`GRID`, as normalised log-masses."""
    if tau <= 0.0:
        out = np.full_like(GRID, -np.inf)
        out[np.argmin(np.abs(GRID))] = 0.0
        return out
    log_density = -0.5 * (GRID / tau) ** 2
    normalised: FloatArray = log_density - _logsumexp(log_density)
    return normalised


def _posterior(log_likelihood: FloatArray, tau: float) -> tuple[float, float]:
    joint = log_likelihood + _log_prior(tau)
    mass = np.exp(joint - _logsumexp(joint))
    mean = float(mass @ GRID)
    sd = math.sqrt(max(0.0, float(mass @ (GRID - mean) ** 2)))
    return mean, sd


def posterior_term(offsets: Sequence[float], invited: Sequence[bool], tau: float) -> tuple[float, float]:
    """The posterior mean and standard deviation of one program's term under the prior ``Normal(0, tau^2)``,
    given its outcomes (``offsets`` and ``invited`` of the same length). No outcome gives ``(0, ~tau)``."""
    if len(offsets) != len(invited):
        raise ValueError("offsets and invited must have the same length")
    if not 0.0 <= tau <= TAU_MAX:
        raise ValueError(f"tau must be within 0..{TAU_MAX}, not {tau}")
    values = np.clip(np.asarray(offsets, dtype=np.float64), -_OFFSET_LIMIT, _OFFSET_LIMIT)
    return _posterior(_log_likelihood(values, np.asarray(invited, dtype=bool)), tau)


def _estimate_tau(likelihoods: FloatArray) -> float:
    """The spread maximising the marginal likelihood of every program (rows of ``likelihoods``), or 0."""

    from scipy.optimize import minimize_scalar  # SciPy only when a cohort is fitted

    def negative(tau: float) -> float:
        return -float(_logsumexp(likelihoods + _log_prior(tau)[None, :], axis=1).sum())

    found = minimize_scalar(negative, bounds=(0.02, TAU_MAX), method="bounded", options={"xatol": 1e-3})
    tau = float(found.x)
    return tau if negative(tau) < negative(0.0) else 0.0


def fit_cohort(outcomes: Iterable[PooledOutcome], *, min_applicants: int = MIN_APPLICANTS) -> CohortFit:
    """Fit the per-program terms to the pooled ``outcomes`` (see the module docstring for the steps).

    ``min_applicants`` (at least 1; the product uses :data:`MIN_APPLICANTS`) is how many distinct applicants the
    cohort and each program need before a term is given. The result does not depend on the order of the
    outcomes or on the numbers used for applicants.
    """
    if min_applicants < 1:
        raise ValueError("min_applicants must be at least 1")
    by_code: dict[str, list[PooledOutcome]] = defaultdict(list)
    everyone: set[int] = set()
    for item in outcomes:
        by_code[item.code].append(item)
        everyone.add(item.applicant)
    total = sum(len(items) for items in by_code.values())
    if len(everyone) < min_applicants:
        return CohortFit(
            {},
            0.0,
            len(everyone),
            total,
            f"fewer than {min_applicants} applicants on this server share their outcomes yet",
        )
    codes = sorted(by_code)
    likelihoods = np.vstack(
        [
            _log_likelihood(
                np.clip(np.array([i.offset for i in by_code[c]], dtype=np.float64), -_OFFSET_LIMIT, _OFFSET_LIMIT),
                np.array([i.invited for i in by_code[c]], dtype=bool),
            )
            for c in codes
        ]
    )
    tau = _estimate_tau(likelihoods)
    terms: dict[str, CohortTerm] = {}
    for row, code in enumerate(codes):
        applicants = len({i.applicant for i in by_code[code]})
        if applicants < min_applicants:
            continue
        mean, sd = _posterior(likelihoods[row], tau)
        terms[code] = CohortTerm(code, mean, sd, applicants, len(by_code[code]))
    note = "" if terms else f"no program has been heard from by {min_applicants} or more of these applicants yet"
    return CohortFit(terms, tau, len(everyone), total, note)


def _how_much(shift: float) -> str:
    size = abs(shift)
    if size < 0.1:
        return ""
    if size < 0.5:
        return "a little "
    if size < 1.0:
        return ""
    return "much "


def cohort_factor(term: CohortTerm) -> Factor:
    """The term as a factor of a program's chance, in plain words (no log-odds): key ``cohort``."""
    people = f"{term.applicants} applicants"
    if abs(term.shift) < 0.1:
        explanation = (
            f"{people} on this server who share their outcomes heard from this program about as the model "
            "expected, so it changes little"
        )
    elif term.shift > 0:
        explanation = (
            f"{people} on this server who share their outcomes were invited more often than the model expected, "
            f"so your chance here is {_how_much(term.shift)}higher"
        )
    else:
        explanation = (
            f"{people} on this server who share their outcomes were invited less often than the model expected, "
            f"so your chance here is {_how_much(term.shift)}lower"
        )
    return Factor.known("cohort", "Applicants on this server", f"{people}' outcomes", term.shift, explanation)
