"""The practice market (issue 14 item 6): offers round by round from the SOAP simulator's rules, around the
applications of a rehearsing applicant. Deterministic with a seed; offers only from programs applied to; at most
one offer per program; the simulator itself keeps its results after sharing its rounds with the practice."""

from __future__ import annotations

import random

import pytest

from matchpilot.soap.practice import PracticeProgram, practice_offers
from matchpilot.soap.simulate import run_rounds, simulate_soap


def market(seed: int = 3, size: int = 50) -> list[PracticeProgram]:
    rng = random.Random(seed)
    kinds = ("pmr", "prelim", "other")
    return [PracticeProgram(f"{1000 + j}340C0", kinds[j % 3], rng.randint(1, 3)) for j in range(size)]


def test_same_seed_same_offers_and_another_seed_another_market() -> None:
    programs = market()
    applied = [p.code for p in programs[:40]]
    first = practice_offers(programs, applied, seed=11, rounds=4, cap=45)
    assert first == practice_offers(list(reversed(programs)), list(reversed(applied)), seed=11, rounds=4, cap=45)
    others = {practice_offers(programs, applied, seed=s, rounds=4, cap=45) for s in range(12, 20)}
    assert len(others | {first}) > 1


def test_offers_only_from_programs_applied_to_and_at_most_once() -> None:
    programs = market()
    for seed in range(10):
        applied = random.Random(seed).sample([p.code for p in programs], 20)
        rounds = practice_offers(programs, applied, seed=seed, rounds=4, cap=45, strength=2.0)
        codes = [code for offers in rounds for code in offers]
        assert set(codes) <= set(applied)
        assert len(codes) == len(set(codes))


def test_a_strong_applicant_gets_offers_and_no_applications_get_none() -> None:
    programs = market()
    applied = [p.code for p in programs]
    got = practice_offers(programs, applied, seed=5, rounds=4, cap=45, strength=3.0)
    assert len(got) == 4 and sum(map(len, got)) > 0
    assert practice_offers(programs, [], seed=5, rounds=4, cap=45, strength=3.0) == ((), (), (), ())


def test_codes_are_matched_whatever_their_case() -> None:
    programs = market()
    applied = [p.code for p in programs]
    upper = practice_offers(programs, applied, seed=5, rounds=4, cap=45, strength=3.0)
    lower = practice_offers(programs, [c.lower() for c in applied], seed=5, rounds=4, cap=45, strength=3.0)
    assert upper == lower


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="rounds and cap"):
        practice_offers(market(), [], seed=1, rounds=0, cap=45)
    with pytest.raises(ValueError, match="unknown category"):
        practice_offers([PracticeProgram("X", "surgery", 1)], ["X"], seed=1, rounds=4, cap=45)


def test_the_simulator_keeps_its_results_after_sharing_its_rounds() -> None:
    result = simulate_soap(seed=2027, applicants=300, programs=50)
    again = simulate_soap(seed=2027, applicants=300, programs=50)
    assert result == again
    assert sum(s.accepted for s in result.stats) == result.filled
    assert all(e.program in result.applications[e.applicant] for e in result.events)


def test_an_applicant_who_answers_themselves_accepts_nothing_and_stays_in_soap() -> None:
    # two programs of one position each list applicant 0 first, then applicant 1
    lists = [[0, 1], [0, 1]]
    worth = [[3.0, 2.0], [3.0, 2.0]]
    events, stats = run_rounds(lists, [1, 1], worth, ["pmr", "prelim"], [False, False], 2)
    assert [(e.round, e.program, e.applicant, e.accepted) for e in events] == [
        (1, 0, 0, True),
        (1, 1, 0, False),
        (2, 1, 1, True),
    ]
    events, stats = run_rounds(lists, [1, 1], worth, ["pmr", "prelim"], [False, False], 2, never_accept=frozenset({0}))
    assert not any(e.accepted for e in events if e.applicant == 0)
    assert [(e.round, e.program, e.applicant) for e in events if e.applicant == 0] == [(1, 0, 0), (1, 1, 0)]
    assert [s.accepted for s in stats] == [0, 1]  # round 2: both offer applicant 1, who takes one
