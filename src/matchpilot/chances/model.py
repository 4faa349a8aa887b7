"""The values of the chances model: intervals, hard filters, soft factors, outcomes and per-program chances."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from matchpilot.domain.outcomes import Outcome
from matchpilot.domain.profile import Target
from matchpilot.domain.program import Program, Track

__all__ = [
    "Factor",
    "Filter",
    "Interval",
    "Outcome",
    "ProgramChance",
    "is_pmr_specialty",
    "program_target",
]


@dataclass(frozen=True, slots=True)
class Interval:
    """A chance shown as a range: ``low <= mid <= high``, all within 0..1.

    ``mid`` is the model's middle estimate; ``low`` and ``high`` widen with what is unknown (about the
    program and about you) instead of guessing it.
    """

    low: float
    mid: float
    high: float

    @property
    def width(self) -> float:
        """``high - low``: how much is unknown."""
        return self.high - self.low

    def scaled(self, low: float, mid: float, high: float) -> Interval:
        """Each end multiplied by its own factor (``low * low_factor``, ...); factors must be ordered in 0..1."""
        return Interval(self.low * low, self.mid * mid, self.high * high)

    def as_percent(self) -> str:
        """Plain words: ``"12-35% (middle 21%)"``, or one number when the range is a point."""
        lo, mid, hi = (round(100 * v) for v in (self.low, self.mid, self.high))
        if lo == hi:
            return f"{mid}%"
        return f"{lo}-{hi}% (middle {mid}%)"


ZERO = Interval(0.0, 0.0, 0.0)
ONE = Interval(1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class Filter:
    """A hard filter: a reason the program will not consider the applicant.

    ``code`` is a stable id (``visa-not-sponsored``, ``graduated-too-long-ago``, ``step2-below-minimum``,
    ``usce-required``, ``track-not-wanted``, ``step3-required-for-h1b``), ``reason`` says why in plain words
    and ``remedy`` how it could change (in the profile, or by correcting the sheet).
    """

    code: str
    reason: str
    remedy: str


@dataclass(frozen=True, slots=True)
class Factor:
    """A soft factor: one visible term of the log-odds of an interview invitation.

    ``key`` is a stable id (``step2``, ``img_share``, ...), ``name`` its label, ``value`` what was compared in
    plain words, ``contribution`` the middle contribution on the log-odds scale, ``low``/``high`` its range
    (equal to ``contribution`` when every fact is known) and ``explanation`` one line saying why.

    ``may_filter`` marks a requirement that cannot be checked because a fact is unknown and that, if the
    fact turns out against you, is a hard filter (an unknown J-1 sponsorship for an applicant who needs J-1):
    the program is not filtered and the middle estimate uses ``contribution``, but the low end of the chance
    is 0, and ``explanation`` says what to ask.
    """

    key: str
    name: str
    value: str
    contribution: float
    low: float
    high: float
    explanation: str
    may_filter: bool = False

    @classmethod
    def known(cls, key: str, name: str, value: str, contribution: float, explanation: str) -> Factor:
        """A term whose facts are all known: its range is the single point ``contribution``."""
        return cls(key, name, value, contribution, contribution, contribution, explanation)

    @property
    def unknown(self) -> bool:
        """True when the term is a range, or may be a hard filter, because a fact is unknown."""
        return self.high > self.low or self.may_filter

    @property
    def weight_of_evidence(self) -> float:
        """How much the term matters, for ordering reasons: ``|contribution|`` plus half its range."""
        return abs(self.contribution) + (self.high - self.low) / 2


@dataclass(frozen=True, slots=True)
class ProgramChance:
    """The chances at one program, with every reason.

    ``filtered`` holds the hard filters (when any applies, the chances are 0); ``factors`` the
    soft terms (the first is the baseline of the position's kind); ``p_interview`` and ``p_match`` are ranges;
    ``category`` is the kind of position (pmr, prelim, transitional, other); ``log_odds`` the ``(low, mid,
    high)`` sum of the factors (:func:`matchpilot.chances.combine`: the unknowns and the uncertainty of the
    weights), before the latent strength; ``observed`` the outcome recorded, if any.
    """

    code: str
    filtered: tuple[Filter, ...]
    factors: tuple[Factor, ...]
    p_interview: Interval
    p_match: Interval
    category: Target = Target.OTHER
    log_odds: tuple[float, float, float] = (0.0, 0.0, 0.0)
    observed: Outcome | None = None

    @property
    def is_filtered(self) -> bool:
        """True when a hard filter removes the program."""
        return bool(self.filtered)

    @property
    def unknowns(self) -> tuple[Factor, ...]:
        """The factors that are ranges because a fact is unknown."""
        return tuple(f for f in self.factors if f.unknown)

    @property
    def possible_filters(self) -> tuple[Factor, ...]:
        """The unknown requirements that would filter the program if the fact is against you (low end 0)."""
        return tuple(f for f in self.factors if f.may_filter)

    def top_factors(self, count: int = 3) -> tuple[Factor, ...]:
        """The ``count`` factors that matter most (largest contribution or range), baseline excluded.

        The term learned from the applicants of the server (key ``cohort``) is always among them when there is
        one (in place of the last), so the chances always say how much of them comes from the cohort."""
        ranked = sorted(
            (f for f in self.factors if f.key != "baseline" and f.weight_of_evidence > 0),
            key=lambda f: -f.weight_of_evidence,
        )
        top = ranked[:count]
        cohort = [f for f in self.factors if f.key == "cohort"]
        if cohort and count > 0 and cohort[0] not in top:
            top = [*top[: count - 1], cohort[0]]
        return tuple(top)


_PMR_NAMES = frozenset(
    {
        "pmr",
        "pmandr",
        "physiatry",
        "physicalmedicine",
        "physicalmedicinerehabilitation",
        "physicalmedicineandrehabilitation",
        "physicalmedicinerehab",
        "physicalmedicineandrehab",
        "rehabilitationmedicine",
    }
)


@functools.lru_cache(maxsize=1024)  # a sheet names a few dozen specialties, thousands of times
def is_pmr_specialty(specialty: str) -> bool:
    """True when ``specialty`` names PM&R (``PM&R``, ``PMR``, ``Physical Medicine and Rehabilitation``, ...)."""
    key = re.sub(r"[^a-z]", "", specialty.lower())
    return key in _PMR_NAMES


def program_target(program: Program) -> Target:
    """The kind of position a program offers, in the words of the profile's ``targets``.

    PM&R in any track (categorical, advanced, physician) is ``pmr``; a transitional track or a
    "Transitional Year" specialty is ``transitional``; any other preliminary track is ``prelim``; the rest
    (categorical positions in other specialties) is ``other``.
    """
    if is_pmr_specialty(program.specialty):
        return Target.PMR
    if program.track is Track.TRANSITIONAL or "transitional" in program.specialty.lower():
        return Target.TRANSITIONAL
    if program.track is Track.PRELIMINARY:
        return Target.PRELIM
    return Target.OTHER
