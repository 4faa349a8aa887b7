"""How many applications: the chance of at least one match against the number of applications (pure).

For each number of applications ``n`` the curve takes the best list of ``n`` programs (the nested lists of the
count-only optimizer: the best list of ``n + 1`` is the best list of ``n`` and one more program) and gives

- its chance of at least one match, under independence, without signals;
- when the season has signals, the same list with the season's signals placed where they raise that chance
  most (a signal multiplies the chance of matching nowhere in its group by a factor; the smallest factors go
  first, and a placement that was possible for ``n`` stays possible for ``n + 1``, so the curve never falls);
- the ERAS fee of that list (the tiers per specialty), and where the fee of one more application changes in a
  specialty (a *fee step*: US$11 for programs 1-30, US$30 from program 31 in 2025-26);
- the first ``n`` from which one more application adds less than a threshold you choose, in percentage points.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matchpilot.domain.portfolio import Candidate
from matchpilot.errors import InputError
from matchpilot.pick.fees import FeeSchedule

__all__ = [
    "DEFAULT_THRESHOLD",
    "ApplicationsCurve",
    "ApplicationsPoint",
    "FeeStep",
    "applications_curve",
    "check_threshold",
]

DEFAULT_THRESHOLD = 0.5
"""The default threshold in percentage points: past the point where one more application adds less than half a
point to the chance of at least one match, more applications cost more than they bring for most applicants."""


@dataclass(frozen=True, slots=True)
class ApplicationsPoint:
    """The best list of ``applications`` programs: its chance of at least one match without signals
    (``p_any``) and with the season's signals placed on it (``p_any_signals``, None when the season has no
    signals), its ERAS fee in US$ (``fee``) and the fee of its last application (``price``)."""

    applications: int
    p_any: float
    p_any_signals: float | None
    fee: int
    price: int


@dataclass(frozen=True, slots=True)
class FeeStep:
    """Where the fee of one more application changes: from application ``applications`` on (counted over the
    whole list), applications in ``specialty`` cost ``usd`` each instead of ``before``."""

    applications: int
    specialty: str
    usd: int
    before: int


@dataclass(frozen=True, slots=True)
class ApplicationsCurve:
    """The curve of the chance of at least one match against the number of applications.

    ``points`` for 1, 2, ... applications; ``fee_steps`` where the fee per application changes; ``threshold``
    in percentage points and ``enough`` the first number of applications from which one more adds less than
    it (None when every step of the curve adds at least the threshold); ``chosen`` the size of your list.
    """

    points: tuple[ApplicationsPoint, ...]
    fee_steps: tuple[FeeStep, ...]
    threshold: float
    enough: int | None
    chosen: int
    with_signals: bool

    def at(self, applications: int) -> ApplicationsPoint | None:
        """The point for ``applications`` applications (None when the curve does not reach it)."""
        if 1 <= applications <= len(self.points):
            return self.points[applications - 1]
        return None

    def gain(self, applications: int) -> float | None:
        """What application number ``applications`` adds to the chance of at least one match (the better of
        with and without signals when the season has them); None outside the curve."""
        point = self.at(applications)
        if point is None:
            return None
        before = self.at(applications - 1)
        now = point.p_any_signals if point.p_any_signals is not None else point.p_any
        if before is None:
            return now
        then = before.p_any_signals if before.p_any_signals is not None else before.p_any
        return now - then


def check_threshold(points: float) -> float:
    """``points`` when it is a usable threshold (more than 0, at most 100 percentage points); InputError naming
    it otherwise."""
    if not 0.0 < points <= 100.0 or points != points:
        raise InputError(f"threshold {points:g}: must be more than 0 and at most 100 percentage points")
    return points


class _Placements:
    """The signals placed on each of the nested lists in turn (the list of ``n`` is the list of ``n - 1`` and one
    candidate more).

    Each signal group's factors (for each tier, what signalling the group multiplies the chance of matching
    nowhere by) are kept and updated as its members join, instead of being worked out again for every list:
    the same products, taken in the same order, so the same bits as working them out from the whole list.

    The placements worth trying (``(factor, group, tier)`` below 1 with a signal of that tier in the group's pool)
    are kept sorted, pool by pool, as the factors change: only the joining member's group's entries move, so they
    are taken out and put back in place (:mod:`bisect`) instead of every entry being sorted again for every list.
    The greedy placement (the smallest factors first, each group taking the first tier with a signal left) decides
    each entry by its own pool's groups and signals only, so it is walked pool by pool, each walk stopping once the
    pool's signals are all placed (a pool of one tier: its first entries), and the groups placed are then put in
    the order of the whole sorted list: the entries are distinct (one per group and tier), so that is the placement
    of one walk over every entry sorted. A member without a signal moves no entry: the greedy placement stays.
    """

    def __init__(self, counts: Mapping[str, Mapping[str, int]]) -> None:
        self.counts = counts
        self.factors: dict[str, dict[str, float]] = {}
        self.pool_of: dict[str, str] = {}
        self.placement: dict[str, str] = {}
        self.options: dict[str, list[tuple[float, str, str]]] = {}  # each pool's entries, sorted
        self.entries: dict[str, list[tuple[float, str, str]]] = {}  # each group's entries in its pool's list
        self.greedy: dict[str, str] | None = None  # the greedy placement over the entries as they stand

    def add(self, candidate: Candidate, miss: float) -> float:
        """Add ``candidate`` to the list, whose chance of matching nowhere without signals is then ``miss``;
        returns that chance with the signals placed (the better of the last placement, still possible, and
        placing the smallest factors first)."""
        signal = candidate.signal
        if signal is not None:
            group = signal.group
            by_tier = self.factors.get(group)
            if by_tier is None:  # the group's tiers are those of its first member
                by_tier = self.factors[group] = dict.fromkeys(signal.p, 1.0)
                self.pool_of[group] = signal.pool
            p = candidate.p
            for tier in by_tier:
                signalled = max(p, signal.p.get(tier, p))
                by_tier[tier] *= (1.0 - signalled) / (1.0 - p) if p < 1.0 else 1.0
            self._moved(group, by_tier)
        factors = self.factors

        def with_placement(placement: Mapping[str, str]) -> float:
            found = miss
            for group, tier in placement.items():
                found *= factors[group].get(tier, 1.0)
            return found

        greedy = self.greedy
        if greedy is None:
            greedy = self.greedy = self._greedy()
        elif self.placement is greedy:  # no new entry since: the last placement is the greedy one itself
            return with_placement(greedy)
        kept = {group: tier for group, tier in self.placement.items() if group in factors}
        first, second = with_placement(greedy), with_placement(kept)
        self.placement, found = (greedy, first) if first <= second else (kept, second)
        return found

    def _moved(self, group: str, by_tier: Mapping[str, float]) -> None:
        """Put ``group``'s entries where its new factors ``by_tier`` sort in its pool's list."""
        pool = self.pool_of[group]
        options = self.options.setdefault(pool, [])
        for entry in self.entries.get(group, ()):
            del options[bisect_left(options, entry)]
        available = self.counts.get(pool, {})
        entries = [
            (factor, group, tier) for tier, factor in by_tier.items() if factor < 1.0 and available.get(tier, 0) > 0
        ]
        for entry in entries:
            insort(options, entry)
        self.entries[group] = entries
        self.greedy = None

    def _greedy(self) -> dict[str, str]:
        """The smallest factors first: each group in turn takes the tier of its first entry with a signal left."""
        placed: list[tuple[float, str, str]] = []
        for pool, options in self.options.items():
            left = {tier: count for tier, count in self.counts.get(pool, {}).items() if count > 0}
            unplaced = sum(left.values())
            if len(left) == 1:  # one tier: each group has one entry, the first ones take the signals
                placed.extend(options[:unplaced])
                continue
            taken: set[str] = set()
            for entry in options:
                if not unplaced:
                    break
                _, group, tier = entry
                if group in taken or left[tier] <= 0:  # every entry's tier has a signal in the pool
                    continue
                taken.add(group)
                placed.append(entry)
                left[tier] -= 1
                unplaced -= 1
        placed.sort()
        return {group: tier for _, group, tier in placed}


def applications_curve(
    order: Sequence[Candidate],
    fee_groups: Mapping[str, str],
    fees: FeeSchedule,
    *,
    chosen: int,
    threshold: float = DEFAULT_THRESHOLD,
    signals: Mapping[str, Mapping[str, int]] | None = None,
) -> ApplicationsCurve:
    """The curve for the nested best lists ``order`` (the best list of ``n`` is ``order[:n]``).

    ``fee_groups`` gives each candidate's specialty as ERAS counts it (:func:`matchpilot.pick.fees.fee_group`),
    ``chosen`` the size of your list, ``threshold`` the points below which one more application is not worth
    it, ``signals`` the season's counts per pool and tier (None or empty: no signals; candidates carry what a
    signal would do in ``signal``). InputError for a threshold out of range.
    """
    check_threshold(threshold)
    with_signals = bool(signals) and any(c.signal is not None for c in order)
    counts: Mapping[str, Mapping[str, int]] = signals or {}
    points: list[ApplicationsPoint] = []
    steps: list[FeeStep] = []
    per_group: Counter[str] = Counter()
    fee = 0
    miss = 1.0
    placements = _Placements(counts)
    last_price: dict[str, int] = {}
    for n, candidate in enumerate(order, 1):
        group = fee_groups[candidate.id]
        per_group[group] += 1
        price = fees.price(per_group[group])
        before = last_price.get(group)
        if before is not None and price != before:
            steps.append(FeeStep(n, group, price, before))
        last_price[group] = price
        fee += price
        miss *= 1.0 - candidate.p
        signalled: float | None = None
        if with_signals:
            signalled = 1.0 - placements.add(candidate, miss)
        points.append(ApplicationsPoint(n, 1.0 - miss, signalled, fee, price))
    curve = ApplicationsCurve(tuple(points), tuple(steps), threshold, None, chosen, with_signals)
    enough = next(
        (n for n in range(1, len(points)) if (curve.gain(n + 1) or 0.0) * 100.0 < threshold),
        None,
    )
    return ApplicationsCurve(tuple(points), tuple(steps), threshold, enough, chosen, with_signals)
