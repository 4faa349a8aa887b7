"""The latent applicant strength and its exact Bayesian update on a grid.

The model: the log-odds that program ``j`` invites the applicant is ``eta_j + s``, where ``eta_j`` is the sum of
the program's factors (:mod:`matchpilot.chances.rules`) and ``s`` is one latent strength shared by every
program — whatever about the applicant the factors do not capture. The prior on ``s`` is normal
(``strength.prior_mean``, ``strength.prior_sd``). Each recorded outcome is a logistic observation:

- invited: likelihood ``sigmoid(eta_j + s)``;
- rejected: ``1 - sigmoid(eta_j + s)``;
- silent after a date: ``1 - sigmoid(eta_j + s) * (1 - late)``, where ``late`` (``outcomes.late_invite_share``)
  is the share of inviting programs still silent at that date.

The posterior is computed on a fixed grid of ``strength.grid_points`` points (prior times likelihoods,
normalised): exact up to the grid's resolution, no sampling, no randomness.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matchpilot.chances.model import Outcome
from matchpilot.chances.weights import Weights

__all__ = ["StrengthBelief", "likelihood", "prior_belief", "sigmoid", "update_strength"]

FloatArray = NDArray[np.float64]


def sigmoid(x: FloatArray) -> FloatArray:
    """The logistic function ``1 / (1 + exp(-x))``, computed without overflow: ``1 / (1 + e)`` where ``x >= 0``
    and ``e / (1 + e)`` elsewhere, with ``e = exp(-|x|)`` (``exp(-x)`` and ``exp(x)`` of each side, over the
    whole array at once rather than gathering each side apart: the same numbers, about twice as fast)."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    ones = 1.0 + e
    out: FloatArray = np.where(x >= 0, 1.0 / ones, e / ones)
    return out


@dataclass(frozen=True, slots=True, eq=False)
class StrengthBelief:
    """A belief about the latent strength: probabilities ``mass`` (summing to 1) over the points ``grid``.

    ``observations`` counts the outcomes it has learned from.
    """

    grid: FloatArray
    mass: FloatArray
    observations: int = 0

    @property
    def mean(self) -> float:
        """The posterior mean of the strength."""
        return float(self.mass @ self.grid)

    @property
    def sd(self) -> float:
        """The posterior standard deviation of the strength."""
        mean = self.mean
        return float(np.sqrt(max(0.0, float(self.mass @ (self.grid - mean) ** 2))))

    def quantile(self, q: float) -> float:
        """The smallest grid point where the cumulative mass reaches ``q`` (0 < q < 1)."""
        cumulative = np.cumsum(self.mass)
        index = int(np.searchsorted(cumulative, q * cumulative[-1]))
        return float(self.grid[min(index, len(self.grid) - 1)])

    def expect(self, values: FloatArray) -> float:
        """The expectation of ``values`` (given on the grid) under this belief."""
        return float(self.mass @ values)


def prior_belief(weights: Weights) -> StrengthBelief:
    """The normal prior of ``weights`` (``strength.*``) on its grid."""
    mean, sd = weights["strength.prior_mean"], weights["strength.prior_sd"]
    half = weights["strength.grid_half_width_sd"] * sd
    grid = np.linspace(mean - half, mean + half, int(weights["strength.grid_points"]))
    log_density = -0.5 * ((grid - mean) / sd) ** 2
    mass = np.exp(log_density - log_density.max())
    return StrengthBelief(grid, mass / mass.sum())


def likelihood(eta: float, outcome: Outcome, grid: FloatArray, *, late_invite_share: float) -> FloatArray:
    """The likelihood of ``outcome`` at each strength of ``grid`` for a program whose factors sum to ``eta``."""
    p = sigmoid(eta + grid)
    if outcome is Outcome.INVITED:
        return p
    if outcome is Outcome.REJECTED:
        return 1.0 - p
    return 1.0 - p * (1.0 - late_invite_share)


def update_strength(
    belief: StrengthBelief, observations: Iterable[tuple[float, Outcome]], weights: Weights
) -> StrengthBelief:
    """The posterior after ``observations`` — pairs of a program's summed factors ``eta`` and its outcome.

    Steps: start from the log of ``belief.mass``; add the log-likelihood of each observation on the grid;
    subtract the maximum and exponentiate; normalise. Pure: ``belief`` is not changed.
    """
    late = weights["outcomes.late_invite_share"]
    with np.errstate(divide="ignore"):
        log_mass = np.log(belief.mass)
        count = 0
        for eta, outcome in observations:
            log_mass = log_mass + np.log(likelihood(eta, outcome, belief.grid, late_invite_share=late))
            count += 1
    top = log_mass.max()
    if not np.isfinite(top):  # every grid point impossible: cannot happen with logistic likelihoods
        return belief
    mass = np.exp(log_mass - top)
    return StrengthBelief(belief.grid, mass / mass.sum(), belief.observations + count)
