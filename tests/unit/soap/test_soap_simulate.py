"""The SOAP simulator keeps the rules of the offer rounds, is reproducible, and compares rules."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from matchpilot.soap import compare_rules, simulate_soap


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return simulate_soap(seed=7, applicants=300, programs=60, rounds=4, cap=20)


def test_each_applicant_accepts_at_most_one_offer_and_then_gets_no_more(result) -> None:  # type: ignore[no-untyped-def]
    accepted_round: dict[int, int] = {}
    for event in result.events:
        if event.accepted:
            assert event.applicant not in accepted_round
            accepted_round[event.applicant] = event.round
    for event in result.events:
        if event.applicant in accepted_round:
            assert event.round <= accepted_round[event.applicant]
    per_round = Counter((e.round, e.applicant) for e in result.events if e.accepted)
    assert max(per_round.values(), default=0) <= 1


def test_programs_fill_at_most_their_positions_and_never_repeat_an_offer(result) -> None:  # type: ignore[no-untyped-def]
    filled = Counter(e.program for e in result.events if e.accepted)
    for program, count in filled.items():
        assert count <= result.program_positions[program]
    pairs = Counter((e.program, e.applicant) for e in result.events)
    assert max(pairs.values()) == 1  # a declined program never offers that applicant again


def test_offers_go_only_to_applicants_who_applied_within_the_cap_and_the_unfilled_positions(result) -> None:  # type: ignore[no-untyped-def]
    assert all(len(applied) <= result.cap for applied in result.applications)
    for event in result.events:
        assert event.program in result.applications[event.applicant]
    open_positions = list(result.program_positions)
    by_round: dict[int, list] = defaultdict(list)  # type: ignore[type-arg]
    for event in result.events:
        by_round[event.round].append(event)
    for number in sorted(by_round):
        offers = Counter(e.program for e in by_round[number])
        for program, count in offers.items():
            assert count <= open_positions[program]
        for e in by_round[number]:
            if e.accepted:
                open_positions[e.program] -= 1


def test_the_statistics_add_up(result) -> None:  # type: ignore[no-untyped-def]
    assert len(result.stats) == 4
    assert result.filled == sum(e.accepted for e in result.events) <= result.positions
    assert sum(result.offer_shares) == pytest.approx(1.0)
    for stats in result.stats:
        assert 0 <= stats.offer_chance <= 1 and stats.with_offer <= stats.active
    actives = [s.active for s in result.stats]
    assert actives == sorted(actives, reverse=True)


def test_the_same_seed_gives_the_same_market() -> None:
    a = simulate_soap(seed=3, applicants=120, programs=30)
    b = simulate_soap(seed=3, applicants=120, programs=30)
    assert a == b
    assert simulate_soap(seed=4, applicants=120, programs=30) != a


def test_rules_can_be_compared_on_the_same_market() -> None:
    three, four, small_cap = compare_rules([(3, 45), (4, 45), (4, 10)], seed=11, applicants=300, programs=60)
    assert (three.rounds, four.rounds, small_cap.cap) == (3, 4, 10)
    assert three.positions == four.positions == small_cap.positions
    assert all(len(a) <= 10 for a in small_cap.applications)


def test_without_holding_out_a_fourth_round_only_adds_placements() -> None:
    three, four = compare_rules([(3, 45), (4, 45)], seed=11, applicants=300, programs=60, pickiness=0.0)
    assert four.stats[:3] == three.stats
    assert four.filled >= three.filled
