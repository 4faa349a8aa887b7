"""Offer decisions: the dynamic program over the remaining rounds equals brute force on small cases, and its
recommendation is the choice of largest expected worth."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchpilot.soap import PendingProgram, RoundOffer, best_offer_value, continuation_values, decide, per_round_chances

chance = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
worth = st.sampled_from([0.5, 1.0, 2.0, 3.0, 4.0, 5.0])


def _subsets(offers: list[tuple[float, float]]) -> list[tuple[float, tuple[float, ...]]]:
    """Every set of offers that may arrive in one round, with its probability."""
    out = []
    for arrived in itertools.product([False, True], repeat=len(offers)):
        p = math.prod(q if came else 1 - q for (_, q), came in zip(offers, arrived, strict=True))
        out.append((p, tuple(u for (u, _), came in zip(offers, arrived, strict=True) if came)))
    return out


def brute_force_value(future: list[list[tuple[float, float]]], outside: float) -> float:
    """Expectimax over every set of offers of every round (no sorting trick)."""
    if not future:
        return outside
    later = brute_force_value(future[1:], outside)
    return sum(p * max(max(got, default=-math.inf), later) for p, got in _subsets(future[0]))


def best_policy_value(future: list[list[tuple[float, float]]], outside: float) -> float:
    """The best of every deterministic policy (accept or wait, for each round and each set of offers)."""
    rounds = [_subsets(offers) for offers in future]
    keys = [(r, got) for r, outcomes in enumerate(rounds) for _, got in outcomes if got]
    best = -math.inf
    for choice in itertools.product([False, True], repeat=len(keys)):
        policy = dict(zip(keys, choice, strict=True))
        total = 0.0
        for path in itertools.product(*rounds):
            p = math.prod(step[0] for step in path)
            value = outside
            for r, (_, got) in enumerate(path):
                if got and policy[(r, got)]:
                    value = max(got)
                    break
            total += p * value
        best = max(best, total)
    return best


@given(
    future=st.lists(st.lists(st.tuples(worth, chance), min_size=0, max_size=3), min_size=0, max_size=3),
    outside=st.sampled_from([0.0, 0.5, 1.5]),
)
def test_the_dynamic_program_equals_expectimax(future: list[list[tuple[float, float]]], outside: float) -> None:
    values = continuation_values(future, outside)
    assert values[-1] == outside
    assert values[0] == pytest.approx(brute_force_value(future, outside), abs=1e-9)


@given(
    future=st.lists(st.lists(st.tuples(worth, chance), min_size=1, max_size=2), min_size=1, max_size=2),
    outside=st.sampled_from([0.0, 1.0]),
)
def test_the_dynamic_program_equals_the_best_policy(future: list[list[tuple[float, float]]], outside: float) -> None:
    assert continuation_values(future, outside)[0] == pytest.approx(best_policy_value(future, outside), abs=1e-9)


@given(offers=st.lists(st.tuples(worth, chance), max_size=5), floor=st.floats(min_value=0, max_value=5))
def test_the_worth_of_a_round_is_at_least_the_floor(offers: list[tuple[float, float]], floor: float) -> None:
    value = best_offer_value(offers, floor)
    assert floor - 1e-12 <= value <= max([floor, *(u for u, _ in offers)]) + 1e-12


@given(p=chance, current=st.integers(min_value=0, max_value=3))
def test_per_round_chances_give_the_right_chance_of_no_later_offer(p: float, current: int) -> None:
    shares = [0.4, 0.3, 0.2, 0.1]
    later = per_round_chances(p, shares, current)
    assert len(later) == 4 - current
    assert all(0 <= q <= 1 for q in later)
    none_later = math.prod(1 - q for q in later)
    before = 1 - p * sum(shares[:current])
    if before > 1e-9:
        assert none_later == pytest.approx((1 - p) / before, abs=1e-9)


def test_a_sure_pmr_offer_beats_waiting_on_long_shots() -> None:
    pending = [PendingProgram(f"P{i}", f"P{i}", 3.0, 0.05) for i in range(10)]
    decision = decide(
        [RoundOffer("PRELIM", "Prelim (fictional)", 2.0)],
        pending,
        current_round=1,
        rounds=4,
        shares=[0.4, 0.3, 0.2, 0.1],
    )
    assert decision.best.code == "PRELIM"
    assert decision.wait.value < 2.0
    assert "binding" in decision.reminder


def test_waiting_wins_when_a_better_offer_is_likely() -> None:
    pending = [PendingProgram("PMR", "PM&R (fictional)", 5.0, 0.95)]
    decision = decide(
        [RoundOffer("OTHER", "Other (fictional)", 1.0)], pending, current_round=1, rounds=4, shares=[0.25] * 4
    )
    assert decision.best.code is None
    assert decision.wait.value > 1.0
    assert decision.p_any_later == pytest.approx(1 - 0.05 / (1 - 0.95 * 0.25), abs=1e-9)  # none in round 1
    assert [o.code for o in decision.options] == ["OTHER", None]


def test_in_the_last_round_waiting_is_worth_the_outside_option() -> None:
    decision = decide(
        [RoundOffer("A", "A (fictional)", 1.0)],
        [PendingProgram("B", "B", 5.0, 0.9)],
        current_round=4,
        rounds=4,
        shares=[0.25] * 4,
        outside=0.2,
    )
    assert decision.wait.value == 0.2 and decision.best.code == "A"
    assert "last of 4" in decision.wait.why


def test_a_round_outside_the_year_is_refused() -> None:
    with pytest.raises(ValueError, match="round 5"):
        decide([], [], current_round=5, rounds=4, shares=[0.25] * 4)
