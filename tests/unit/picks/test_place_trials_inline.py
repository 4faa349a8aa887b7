"""The alternation's signal placements for a fixed list (``_place``) with its trial sums written out in the loop:
the same placements, in the same order, as the function that summed each trial in a call (a copy of it below)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import pytest

from matchpilot.domain.portfolio import Candidate, CandidateSignal
from matchpilot.pick.plan import _TOLERANCE, _place


def _old_chance(candidate: Candidate, signalled: Mapping[str, str]) -> float:
    signal = candidate.signal
    if signal is None or signal.group not in signalled:
        return candidate.p
    return max(candidate.p, signal.p.get(signalled[signal.group], candidate.p))


def _old_place(chosen: Sequence[Candidate], counts: Mapping[str, Mapping[str, int]]) -> dict[str, str]:
    """Signals for a fixed list: repeatedly the (group, tier) that adds most to the list's worth."""
    left = {(pool, tier): count for pool, tiers in counts.items() for tier, count in tiers.items() if count > 0}
    order = sorted(chosen, key=lambda c: -c.utility)  # the best match pays first (ties: order does not matter)
    worth = [c.utility for c in order]
    members: dict[str, list[int]] = {}
    pools: dict[str, str] = {}
    for position, candidate in enumerate(order):
        if candidate.signal is not None:
            members.setdefault(candidate.signal.group, []).append(position)
            pools[candidate.signal.group] = candidate.signal.pool

    def states(chances: Sequence[float]) -> list[tuple[float, float]]:
        """The running ``(total, miss)`` of the list's worth before each position (and after the last)."""
        total, miss = 0.0, 1.0
        found = [(total, miss)]
        for w, p in zip(worth, chances, strict=True):
            total += w * p * miss
            miss *= 1.0 - p
            found.append((total, miss))
        return found

    def value_from(tail: Sequence[float], start: int, state: tuple[float, float]) -> float:
        """The list's worth with the chances ``tail`` from position ``start`` on, the same sums continued from
        ``state`` before ``start`` (a trial changes no chance before its first member: the running sums up to
        there are the current list's)."""
        total, miss = state
        for w, p in zip(worth[start:], tail, strict=True):
            total += w * p * miss
            miss *= 1.0 - p
        return total

    chances = [c.p for c in order]
    # Each group's members with their chance under each tier of its pool (what _chance gives), worked out once;
    # the tiers of each pool in the order of ``left`` (the order the trials are made in, which breaks ties).
    tiers_of: dict[str, list[tuple[str, str]]] = {}
    for pool, tier in left:
        tiers_of.setdefault(pool, []).append((pool, tier))
    lifted: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for group, positions in members.items():
        for _, tier in tiers_of.get(pools[group], ()):
            lifted[(group, tier)] = [(i, _old_chance(order[i], {group: tier})) for i in positions]
    groups = sorted(members)
    signalled: dict[str, str] = {}
    before = states(chances)
    current = before[-1][0]
    while True:
        best: tuple[float, str, str, int, list[float]] | None = None
        for group in groups:
            if group in signalled:
                continue
            first = members[group][0]  # positions in list order: the first changed
            for key in tiers_of.get(pools[group], ()):
                if left[key] <= 0:
                    continue
                tier = key[1]
                tail = chances[first:]  # the trial from its first changed position (the rest is unchanged)
                for position, p in lifted[(group, tier)]:
                    tail[position - first] = p
                gain = value_from(tail, first, before[first]) - current
                if gain > _TOLERANCE and (best is None or gain > best[0] + _TOLERANCE):
                    best = (gain, group, tier, first, tail)
        if best is None:
            return signalled
        gain, group, tier, first, tail = best
        chances = chances[:first] + tail
        signalled[group] = tier
        left[(pools[group], tier)] -= 1
        current += gain
        before = states(chances)


def _list(rng: random.Random) -> list[Candidate]:
    made = []
    for n in range(rng.randint(1, 60)):
        p = rng.choice([rng.random() * 0.5, 0.05, 0.0, 1.0] if n % 11 == 4 else [rng.random() * 0.5, 0.05])
        group = f"g{rng.randint(0, 25):02d}"
        pool = "pmr" if group < "g12" else "im"
        tiers = {"standard": min(1.0, p * 2.5)} if pool == "pmr" else {"gold": min(1.0, p * 2.5)}
        if pool == "im" and rng.random() < 0.7:
            tiers["silver"] = min(1.0, p * rng.choice([1.5, 2.5]))
        signal = CandidateSignal(pool, f"{pool}-{group}", tiers) if rng.random() < 0.8 else None
        utility = rng.choice([3.0, 1.0, rng.random() * 10.0, 250.0])
        made.append(Candidate(f"P{n:03d}", p, utility, signal=signal))
    return made


@pytest.mark.parametrize("seed", range(60))
def test_the_placements_are_those_of_the_trials_summed_in_a_call(seed: int) -> None:
    rng = random.Random(seed)
    chosen = _list(rng)
    counts = {"pmr": {"standard": rng.randint(0, 8)}, "im": {"gold": rng.randint(0, 3), "silver": rng.randint(0, 6)}}
    assert list(_place(chosen, counts).items()) == list(_old_place(chosen, counts).items())
