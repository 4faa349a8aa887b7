"""The applications curve's signal placements kept sorted as the factors change (``_Placements``): to the last bit
and in the same order, what sorting every entry again and walking them all for each nested list gave."""

from __future__ import annotations

import random
from collections.abc import Mapping

import pytest

from matchpilot.domain.portfolio import Candidate, CandidateSignal
from matchpilot.pick.curve import _Placements


class _SortedEveryTime:
    """The placements as the curve made them before: every entry sorted again and walked for each list."""

    def __init__(self, counts: Mapping[str, Mapping[str, int]]) -> None:
        self.counts = counts
        self.factors: dict[str, dict[str, float]] = {}
        self.pool_of: dict[str, str] = {}
        self.placement: dict[str, str] = {}

    def add(self, candidate: Candidate, miss: float) -> float:
        signal = candidate.signal
        if signal is not None:
            by_tier = self.factors.get(signal.group)
            if by_tier is None:
                by_tier = self.factors[signal.group] = dict.fromkeys(signal.p, 1.0)
                self.pool_of[signal.group] = signal.pool
            p = candidate.p
            for tier in by_tier:
                signalled = max(p, signal.p.get(tier, p))
                by_tier[tier] *= (1.0 - signalled) / (1.0 - p) if p < 1.0 else 1.0
        factors, pool_of = self.factors, self.pool_of

        def with_placement(placement: Mapping[str, str]) -> float:
            found = miss
            for group, tier in placement.items():
                found *= factors[group].get(tier, 1.0)
            return found

        options = sorted(
            (factor, group, tier)
            for group, by_tier in factors.items()
            for tier, factor in by_tier.items()
            if factor < 1.0 and self.counts.get(pool_of[group], {}).get(tier, 0) > 0
        )
        left = {(pool, tier): count for pool, tiers in self.counts.items() for tier, count in tiers.items()}
        greedy: dict[str, str] = {}
        for _, group, tier in options:
            key = (pool_of[group], tier)
            if group in greedy or left.get(key, 0) <= 0:
                continue
            greedy[group] = tier
            left[key] -= 1
        kept = {group: tier for group, tier in self.placement.items() if group in factors}
        first, second = with_placement(greedy), with_placement(kept)
        self.placement, found = (greedy, first) if first <= second else (kept, second)
        return found


def _order(rng: random.Random) -> list[Candidate]:
    made = []
    shared = [rng.random() * 0.4 for _ in range(4)]  # equal chances: equal factors, ties broken by group and tier
    for n in range(rng.randint(1, 120)):
        p = rng.choice([rng.random() * 0.4, rng.choice(shared), 0.0, 1.0] if n % 13 == 5 else [rng.choice(shared)])
        group = f"g{rng.randint(0, 40):02d}"
        pool = "pmr" if group < "g15" else rng.choice(["im", "im", "none", "em"]) if group < "g30" else "im"
        tiers = {"standard": min(1.0, p * 2.5)} if pool in ("pmr", "em") else {"gold": min(1.0, p * 2.5)}
        if pool not in ("pmr", "em") and rng.random() < 0.7:
            tiers["silver"] = min(1.0, p * rng.choice([1.5, 2.5]))
        if rng.random() < 0.1:
            tiers["bronze"] = p  # a tier the season lacks, or one that lifts nothing
        signal = CandidateSignal(pool, f"{pool}-{group}", tiers) if rng.random() < 0.8 else None
        made.append(Candidate(f"P{n:03d}", p, 3.0, signal=signal))
    return made


@pytest.mark.parametrize("seed", range(60))
def test_kept_sorted_places_as_sorting_again_did(seed: int) -> None:
    rng = random.Random(seed)
    order = _order(rng)
    counts = {
        "pmr": {"standard": rng.randint(0, 8)},
        "im": {"gold": rng.randint(0, 3), "silver": rng.randint(0, 6), "bronze": rng.choice([0, 0, 2, -1])},
        "em": {"standard": rng.randint(-1, 3)},
    }
    if rng.random() < 0.2:
        del counts["im"]
    new, old = _Placements(counts), _SortedEveryTime(counts)
    miss = 1.0
    for candidate in order:
        miss *= 1.0 - candidate.p
        assert repr(new.add(candidate, miss)) == repr(old.add(candidate, miss))
        assert list(new.placement.items()) == list(old.placement.items())  # the same order: the same products


def test_a_pool_of_two_tiers_gives_its_second_tier_to_the_next_group() -> None:
    """Gold to the group it lifts most, silver to the next one: the walk of a pool of two tiers, by hand."""
    signal = CandidateSignal("im", "im-a", {"gold": 0.9, "silver": 0.5})
    other = CandidateSignal("im", "im-b", {"gold": 0.6, "silver": 0.55})
    counts = {"im": {"gold": 1, "silver": 1}}
    new, old = _Placements(counts), _SortedEveryTime(counts)
    miss = 1.0
    for candidate in (Candidate("A", 0.2, 3.0, signal=signal), Candidate("B", 0.2, 3.0, signal=other)):
        miss *= 0.8
        assert repr(new.add(candidate, miss)) == repr(old.add(candidate, miss))
    assert new.placement == old.placement == {"im-a": "gold", "im-b": "silver"}
