"""The applications curve: the chance of at least one match against the number of applications, the ERAS fee
steps and the point where one more application adds less than the threshold."""

from __future__ import annotations

import itertools
import math

import pytest

from matchpilot.domain.portfolio import Candidate, CandidateSignal
from matchpilot.domain.rules import FeeTier
from matchpilot.errors import InputError
from matchpilot.pick import FeeSchedule, applications_curve, p_any

FEES = FeeSchedule((FeeTier(1, 30, 11), FeeTier(31, None, 30)), 2026, "test tiers")


def _order(n: int, *, specialty_of: dict[str, str] | None = None) -> tuple[list[Candidate], dict[str, str]]:
    made = [Candidate(f"P{i:03d}", 0.2 * 0.97**i, 3.0) for i in range(n)]
    groups = {c.id: (specialty_of or {}).get(c.id, "PM&R") for c in made}
    return made, groups


def test_the_curve_is_the_chance_of_at_least_one_match_of_each_prefix_and_never_falls() -> None:
    order, groups = _order(50)
    curve = applications_curve(order, groups, FEES, chosen=20)
    assert [pt.applications for pt in curve.points] == list(range(1, 51))
    for pt in curve.points:
        assert pt.p_any == pytest.approx(p_any(c.p for c in order[: pt.applications]))
    chances = [pt.p_any for pt in curve.points]
    assert all(b >= a for a, b in itertools.pairwise(chances))
    assert curve.with_signals is False and all(pt.p_any_signals is None for pt in curve.points)


def test_fee_steps_sit_where_a_specialty_passes_its_first_tier() -> None:
    # Programs alternate between two specialties: PM&R's 31st application is the 61st of the list.
    order, groups = _order(70, specialty_of={f"P{i:03d}": "internal medicine" for i in range(1, 70, 2)})
    curve = applications_curve(order, groups, FEES, chosen=45)
    pmr_31st = [i for i, c in enumerate(order, 1) if groups[c.id] == "PM&R"][30]
    im_31st = [i for i, c in enumerate(order, 1) if groups[c.id] == "internal medicine"][30]
    assert [(s.applications, s.specialty, s.before, s.usd) for s in curve.fee_steps] == [
        (pmr_31st, "PM&R", 11, 30),
        (im_31st, "internal medicine", 11, 30),
    ]
    assert curve.points[pmr_31st - 1].price == 30 and curve.points[pmr_31st - 2].price == 11
    assert curve.points[-1].fee == FEES.total(35) + FEES.total(35)


def test_the_threshold_point_is_the_first_size_where_one_more_adds_less() -> None:
    order, groups = _order(60)
    for threshold in (0.25, 0.5, 2.0):
        curve = applications_curve(order, groups, FEES, chosen=10, threshold=threshold)
        gains = [100 * (b.p_any - a.p_any) for a, b in zip(curve.points, curve.points[1:], strict=False)]
        expected = next(n for n, gain in enumerate(gains, 1) if gain < threshold)
        assert curve.enough == expected
        assert all(gain >= threshold for gain in gains[: expected - 1])
    lower = applications_curve(order, groups, FEES, chosen=10, threshold=0.25).enough
    higher = applications_curve(order, groups, FEES, chosen=10, threshold=2.0).enough
    assert lower is not None and higher is not None and lower > higher


def test_signals_raise_the_curve_never_lower_it_and_keep_it_monotone() -> None:
    order = [
        Candidate(
            f"P{i:03d}",
            0.15,
            3.0,
            signal=CandidateSignal("pmr", f"inst{i // 2}", {"standard": 0.3}) if i < 30 else None,
        )
        for i in range(40)
    ]
    groups = {c.id: "PM&R" for c in order}
    curve = applications_curve(order, groups, FEES, chosen=10, signals={"pmr": {"standard": 3}})
    assert curve.with_signals
    signalled = [pt.p_any_signals for pt in curve.points]
    assert all(s is not None for s in signalled)
    for pt in curve.points:
        assert pt.p_any_signals is not None and pt.p_any_signals >= pt.p_any - 1e-12
    assert all(b >= a for a, b in itertools.pairwise(signalled))  # type: ignore[operator]
    # Three signals, each to a group of two programs at 0.15 -> 0.3: the miss shrinks by (0.7/0.85)^2 each.
    six = curve.points[5]
    assert six.p_any_signals == pytest.approx(1 - 0.85**6 * ((0.7 / 0.85) ** 2) ** 3)
    one = curve.points[0]
    assert one.p_any_signals == pytest.approx(0.3)


@pytest.mark.parametrize("bad", [0.0, -1.0, 101.0, math.nan])
def test_a_threshold_out_of_range_is_refused_by_name(bad: float) -> None:
    order, groups = _order(5)
    with pytest.raises(InputError, match="threshold"):
        applications_curve(order, groups, FEES, chosen=3, threshold=bad)


def _factors_from_scratch(members: list[Candidate]) -> dict[str, float]:
    """Each tier's factor on the chance of matching nowhere for one group, worked out from all its members (the
    curve's code before its factors were kept between lists)."""
    factors: dict[str, float] = {}
    first = members[0].signal
    assert first is not None
    for tier in first.p:
        factor = 1.0
        for member in members:
            assert member.signal is not None
            p = member.p
            signalled = max(p, member.signal.p.get(tier, p))
            factor *= (1.0 - signalled) / (1.0 - p) if p < 1.0 else 1.0
        factors[tier] = factor
    return factors


def _placed_from_scratch(
    listed: list[Candidate], counts: dict[str, dict[str, int]], keep: dict[str, str]
) -> tuple[dict[str, str], float]:
    """The signals on one list and the chance of matching nowhere with them, everything worked out again from
    the whole list (the curve's code before its factors were kept between lists)."""
    groups: dict[str, list[Candidate]] = {}
    for candidate in listed:
        if candidate.signal is not None:
            groups.setdefault(candidate.signal.group, []).append(candidate)
    factors = {group: _factors_from_scratch(members) for group, members in groups.items()}
    pool_of = {group: members[0].signal.pool for group, members in groups.items() if members[0].signal}
    miss = 1.0
    for candidate in listed:
        miss *= 1.0 - candidate.p

    def with_placement(placement: dict[str, str]) -> float:
        found = miss
        for group, tier in placement.items():
            found *= factors[group].get(tier, 1.0)
        return found

    options = sorted(
        (factor, group, tier)
        for group, by_tier in factors.items()
        for tier, factor in by_tier.items()
        if factor < 1.0 and counts.get(pool_of[group], {}).get(tier, 0) > 0
    )
    left = {(pool, tier): count for pool, tiers in counts.items() for tier, count in tiers.items()}
    greedy: dict[str, str] = {}
    for _, group, tier in options:
        if group in greedy or left.get((pool_of[group], tier), 0) <= 0:
            continue
        greedy[group] = tier
        left[(pool_of[group], tier)] -= 1
    kept = {group: tier for group, tier in keep.items() if group in factors}
    first, second = with_placement(greedy), with_placement(kept)
    return (greedy, first) if first <= second else (kept, second)


@pytest.mark.parametrize("seed", range(40))
def test_signals_placed_list_after_list_are_those_worked_out_from_each_whole_list(seed: int) -> None:
    """The curve keeps each signal group's factors between the nested lists and updates them as members join:
    every point's chance with signals is, to the last bit, the one worked out again from the whole list (groups
    of several programs, tiers missing for some members, chances of 0 and 1, pools the season lacks)."""
    import random

    rng = random.Random(seed)
    order = []
    for n in range(rng.randint(1, 90)):
        p = rng.choice([rng.random() * 0.4, 0.05, 0.1, 0.0, 1.0] if n % 17 == 3 else [rng.random() * 0.4, 0.05])
        group = f"g{rng.randint(0, 30)}"
        pool = "pmr" if group < "g15" else rng.choice(["im", "im", "none"]) if group < "g25" else "im"
        tiers = {"standard": min(1.0, p * 2.5)} if pool == "pmr" else {"gold": min(1.0, p * 2.5)}
        if pool != "pmr" and rng.random() < 0.7:
            tiers["silver"] = min(1.0, p * 1.5)
        signal = CandidateSignal(pool, f"{pool}-{group}", tiers) if rng.random() < 0.8 else None
        order.append(Candidate(f"P{n:03d}", p, 3.0, signal=signal))
    counts = {"pmr": {"standard": rng.randint(0, 5)}, "im": {"gold": rng.randint(0, 2), "silver": rng.randint(0, 4)}}
    curve = applications_curve(order, {c.id: "PM&R" for c in order}, FEES, chosen=5, signals=counts)
    placement: dict[str, str] = {}
    for n, point in enumerate(curve.points, 1):
        placement, miss = _placed_from_scratch(order[:n], counts, placement)
        assert repr(point.p_any_signals) == repr(1.0 - miss)
