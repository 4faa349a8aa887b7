"""Invariants of the engine on thousands of generated markets, checked against a textbook algorithm and the
independent verifier."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from match_reference import markets, textbook_deferred_acceptance

from matchpilot.domain.market import MatchInstance, MatchResult
from matchpilot.match import run_match, verify
from matchpilot.match.engine import numba_available

ENGINES = ["python", "numba"] if numba_available() else ["python"]


def _blocking_set(items: object) -> Counter[tuple[str, tuple[str, ...], tuple[str | None, ...]]]:
    return Counter((b.kind.value, b.applicants, b.programs) for b in items)  # type: ignore[attr-defined]


def _same(left: MatchResult, right: MatchResult) -> None:
    assert dict(left.matches) == dict(right.matches)
    assert dict(left.supplemental_matches) == dict(right.supplemental_matches)
    assert dict(left.reverted) == dict(right.reverted)
    assert dict(left.unfilled) == dict(right.unfilled)
    assert left.unstable == right.unstable
    assert left.stats.proposals == right.stats.proposals


@settings(max_examples=600)
@given(markets(couples=False, supplemental=False, reversion=False, max_applicants=10, max_programs=6))
def test_singles_result_is_the_textbook_applicant_optimal_matching(instance: MatchInstance) -> None:
    expected = textbook_deferred_acceptance(instance)
    for engine in ENGINES:
        result = run_match(instance, engine=engine)  # type: ignore[arg-type]
        assert dict(result.matches) == expected
        assert result.unstable == ()
        assert verify(instance, result).ok


@settings(max_examples=300)
@given(markets(couples=False, supplemental=False, reversion=True))
def test_singles_with_reversion_are_optimal_for_the_quotas_after_reversion(instance: MatchInstance) -> None:
    result = run_match(instance, engine="python")
    checked = verify(instance, result)
    assert checked.ok, (checked.problems, checked.blocking)
    assert dict(result.matches) == textbook_deferred_acceptance(instance, checked.quotas)
    donors = {p.id for p in instance.programs if p.revert_to is not None}
    assert not donors & set(result.unfilled), "a program that reverts kept unfilled seats"


@settings(max_examples=400)
@given(markets(couples=False, supplemental=True, reversion=True))
def test_supplemental_lists_give_valid_stable_results(instance: MatchInstance) -> None:
    result = run_match(instance, engine="python")
    checked = verify(instance, result)
    assert checked.valid, checked.problems
    assert _blocking_set(result.unstable) == _blocking_set(checked.blocking)


@settings(max_examples=600)
@given(markets())
def test_full_markets_are_valid_and_the_engine_reports_exactly_what_the_verifier_finds(
    instance: MatchInstance,
) -> None:
    results = [run_match(instance, engine=engine) for engine in ENGINES]  # type: ignore[arg-type]
    for result in results[1:]:
        _same(results[0], result)
    result = results[0]
    checked = verify(instance, result)
    assert checked.valid, checked.problems
    assert _blocking_set(result.unstable) == _blocking_set(checked.blocking)
    assert set(result.matches) == {a.id for a in instance.applicants}
    for couple in instance.couples:
        pair = (result.matches[couple.members[0]], result.matches[couple.members[1]])
        assert pair == (None, None) or pair in couple.rol, "a couple was split or matched off its list"
    for applicant, program in result.supplemental_matches.items():
        advanced = result.matches[applicant]
        owner = next(a for a in instance.applicants if a.id == applicant)
        assert any(advanced in s.attached_to and program in s.rol for s in owner.supplemental_lists)


@pytest.mark.parametrize("seed", range(6))
def test_generated_markets_with_couples_are_valid_and_usually_stable(seed: int) -> None:
    from matchpilot.match import generate_market

    instance = generate_market(400, 60, couples_share=0.04, supplemental_share=0.1, reversion_share=0.1, seed=seed)
    results = [run_match(instance, engine=engine) for engine in ENGINES]  # type: ignore[arg-type]
    for result in results[1:]:
        _same(results[0], result)
    checked = verify(instance, results[0])
    assert checked.valid, checked.problems
    assert _blocking_set(results[0].unstable) == _blocking_set(checked.blocking)
    assert len(checked.blocking) <= 2


def test_engine_does_not_mutate_its_input() -> None:
    from matchpilot.match import generate_market

    instance = generate_market(120, 20, couples_share=0.1, supplemental_share=0.2, reversion_share=0.2, seed=3)
    before = repr(instance)
    run_match(instance, engine="python")
    assert repr(instance) == before
