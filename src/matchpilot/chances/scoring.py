"""How well earlier predictions did: the Brier score against a plain baseline, and a reliability table.

Pure functions of plain values (no clock, no storage). A *scored prediction* is a probability ``p`` that a
program would invite the applicant, made before the answer was known, and the answer: ``True`` (invited) or
``False`` (rejected).

- **Brier score** (Brier 1950): the mean of ``(p - y)²`` over the outcomes, 0 is perfect, lower is better.
- **Baseline**: the Brier score of the plain constant forecast that gives every program the applicant's own
  invitation rate among the outcomes scored (the best constant *in hindsight*, so a hard baseline to beat with
  few outcomes). Its Brier score is ``rate * (1 - rate)``.
- **Skill**: ``1 - brier / baseline`` (above 0: better than the constant; None when the baseline is 0, that is
  when every outcome was the same).
- **Reliability table**: the predictions in equal-width bins of probability; for each bin the number of
  outcomes, the mean prediction, the share invited and its 95% Wilson score interval (Wilson 1927), which says
  how little a handful of outcomes pins the share down.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "FEW_OUTCOMES",
    "SOME_OUTCOMES",
    "ReliabilityBin",
    "Scores",
    "brier",
    "reliability",
    "score",
    "what_it_can_say",
    "wilson_interval",
]

FEW_OUTCOMES = 10
"""Below this many scored outcomes, no conclusion is drawn."""

SOME_OUTCOMES = 30
"""Below this many scored outcomes, the score is a first hint, not a verdict."""


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """The outcomes whose prediction fell in ``[low, high)`` (the last bin includes 1): how many there were
    (``count``), the mean prediction, the share invited (``observed``) and its 95% interval. A bin without
    outcomes has ``count`` 0 and None for the rest."""

    low: float
    high: float
    count: int
    invited: int
    mean_predicted: float | None
    observed: float | None
    observed_low: float | None
    observed_high: float | None


@dataclass(frozen=True, slots=True)
class Scores:
    """The scores of a set of predictions: ``count`` outcomes (``invited`` of them invitations), the Brier
    score, the baseline's and the skill (None without outcomes, or when the baseline is 0), the bins."""

    count: int
    invited: int
    brier: float | None
    base_rate: float | None
    baseline_brier: float | None
    skill: float | None
    bins: tuple[ReliabilityBin, ...]


def _arrays(predicted: Sequence[float], invited: Sequence[bool]) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(predicted, dtype=float)
    y = np.asarray(invited, dtype=float)
    if p.shape != y.shape or p.ndim != 1:
        raise ValueError("predicted and invited must be sequences of the same length")
    if p.size and (not np.all(np.isfinite(p)) or p.min() < 0.0 or p.max() > 1.0):
        raise ValueError("every prediction must be a probability between 0 and 1")
    return p, y


def brier(predicted: Sequence[float], invited: Sequence[bool]) -> float:
    """The mean squared difference between each prediction and its outcome (1 invited, 0 not); ValueError
    when there is no outcome or a prediction is not a probability."""
    p, y = _arrays(predicted, invited)
    if not p.size:
        raise ValueError("the Brier score needs at least one outcome")
    return float(np.mean((p - y) ** 2))


def wilson_interval(successes: int, count: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a share of ``successes`` out of ``count`` (> 0)."""
    if count <= 0 or not 0 <= successes <= count:
        raise ValueError("the interval needs 0 <= successes <= count and count > 0")
    share = successes / count
    denominator = 1 + z * z / count
    centre = (share + z * z / (2 * count)) / denominator
    half = z * math.sqrt(share * (1 - share) / count + z * z / (4 * count * count)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def reliability(predicted: Sequence[float], invited: Sequence[bool], bins: int = 5) -> tuple[ReliabilityBin, ...]:
    """The predictions in ``bins`` equal-width bins of probability (see :class:`ReliabilityBin`)."""
    if bins < 1:
        raise ValueError("at least one bin")
    p, y = _arrays(predicted, invited)
    index = np.minimum((p * bins).astype(int), bins - 1)
    found: list[ReliabilityBin] = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = index == b
        count = int(inside.sum())
        if count == 0:
            found.append(ReliabilityBin(low, high, 0, 0, None, None, None, None))
            continue
        hits = int(y[inside].sum())
        lower, upper = wilson_interval(hits, count)
        found.append(ReliabilityBin(low, high, count, hits, float(p[inside].mean()), hits / count, lower, upper))
    return tuple(found)


def score(predicted: Sequence[float], invited: Sequence[bool], bins: int = 5) -> Scores:
    """The Brier score, the baseline's (the applicant's own invitation rate as a constant), the skill and the
    reliability bins of the predictions and their outcomes."""
    p, y = _arrays(predicted, invited)
    table = reliability(predicted, invited, bins)
    count, hits = int(p.size), int(y.sum())
    if not count:
        return Scores(0, 0, None, None, None, None, table)
    rate = hits / count
    model = float(np.mean((p - y) ** 2))
    baseline = rate * (1 - rate)
    skill = 1 - model / baseline if baseline > 0 else None
    return Scores(count, hits, model, rate, baseline, skill, table)


def what_it_can_say(count: int) -> str:
    """Plain words on what ``count`` scored outcomes can and cannot say."""
    if count == 0:
        return (
            "No prediction can be scored yet: record which programs invited or rejected you, after matchpilot "
            "has shown you their chances."
        )
    if count < FEW_OUTCOMES:
        return (
            f"{count} outcome{'s' if count != 1 else ''} only: too few to draw any conclusion. Chance alone moves "
            "a score this much; the figures show what happened, not whether the chances are right."
        )
    if count < SOME_OUTCOMES:
        return (
            f"{count} outcomes: a first hint at most. A difference from the baseline smaller than about 0.05 can "
            "be chance; each bin's interval shows how little a few outcomes pin its share down."
        )
    return (
        f"{count} outcomes: enough to see a broad pattern (are the chances too high or too low overall?), not "
        "enough to judge any single program, and programs that answer are not a random sample of the list."
    )
