"""The signal problem ``make_pick`` hands the optimizer, its candidates remade with their signals in bulk (each
tier's chances read over all of a pool's programs, :func:`best_tier_chances`; signals and candidates made a field
at a time, :meth:`CandidateSignal.owning_many`), is the problem made candidate by candidate before: every
candidate, its signal's pool, group and chance per tier to the last bit, in the same order, on the demo's sheet
and on 5,000 programs, with and without signals fixed by hand and with recorded outcomes."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from matchpilot.chances import ChancesReport, Outcome, Weights
from matchpilot.demo.generator import generate_demo
from matchpilot.domain import Profile
from matchpilot.domain.portfolio import Candidate, CandidateSignal, PortfolioProblem
from matchpilot.domain.rules import FeeTier
from matchpilot.pick import FeeSchedule, PickLimits, SignalSeason, make_pick, signal_options
from matchpilot.pick import make as make_module
from matchpilot.pick.signals import ProgramSignal, best_tier_chances
from matchpilot.services.chances import default_weights, estimate_chances

from support.sheets import demo_programs

_AS_OF = date(2026, 12, 1)
FEES = FeeSchedule((FeeTier(1, 30, 11), FeeTier(31, None, 30)), 2027, "test tiers, checked 2026")
SEASON = SignalSeason(
    2027,
    {"pmr": {"standard": 20}, "im": {"gold": 3, "silver": 12}, "ty": {"standard": 4}},
    {"pmr": "institution", "im": "institution"},
    source="test counts (fictional)",
    checked="2025",
)


def _one_by_one(problem: PortfolioProblem, programs: Any, fixed_groups: dict[str, str]) -> list[Candidate]:
    """The candidates of the signal problem without the hand-fixed groups, as ``_signal_problem`` made them one
    at a time before (the fixed groups' candidates are left as they are here: their path did not change)."""
    made: list[Candidate] = []
    for candidate in problem.candidates:
        found = programs.get(candidate.id)
        if found is None or found.group in fixed_groups:
            made.append(candidate)
            continue
        p = {tier: max(found.p_match_mid(tier), candidate.p) for tier in found.chances}
        signal = CandidateSignal.owning(found.pool, found.group, p)
        made.append(candidate.remade(candidate.p, candidate.cost, candidate.category, signal))
    return made


def _described(candidates: Sequence[Candidate]) -> list[str]:
    """Every field of every candidate, floats by ``repr`` (so -0.0 and 0.0 are apart), the tiers in order."""
    return [
        repr((c.id, c.p, c.utility, c.cost, c.category))
        + ("" if c.signal is None else repr((c.signal.pool, c.signal.group, list(c.signal.p.items()))))
        for c in candidates
    ]


@functools.cache
def _with_outcomes(size: int) -> tuple[Profile, Weights, list[str], ChancesReport]:
    """The demo applicant, the packaged weights, the codes of a ``size``-program sheet and its chances with an
    outcome on every 53rd program (made once per size: the tests only read them)."""
    applicant = generate_demo(as_of=_AS_OF).profile
    weights = default_weights()
    sheet = list(demo_programs(size, _AS_OF))
    codes = [p.code for p in sheet]
    outcomes = [(codes[n], list(Outcome)[n % 3]) for n in range(4, len(codes), 53)]
    return (
        applicant,
        weights,
        codes,
        estimate_chances(applicant, sheet, weights=weights, season_year=2026, outcomes=outcomes),
    )


@pytest.mark.parametrize("size", [322, 5_000])
@pytest.mark.parametrize("fixed", [False, True])
def test_the_signal_problem_made_in_bulk_is_the_one_made_candidate_by_candidate(size: int, fixed: bool) -> None:
    applicant, weights, _codes, report = _with_outcomes(size)
    probe = signal_options(report, weights, SEASON, (), max_nodes=12)
    hand = []
    if fixed:  # two programs of different groups that can take a PM&R signal and have a chance
        groups: set[str] = set()
        for estimate in report.estimates:
            found = probe.programs.get(estimate.program.code)
            chance = estimate.chance
            if found is None or found.pool != "pmr" or found.group in groups or chance.observed is not None:
                continue
            if chance.p_match.mid > 0.0:
                groups.add(found.group)
                hand.append((found.code, "standard"))
            if len(hand) == 2:
                break
    options = signal_options(report, weights, SEASON, hand, max_nodes=12)
    seen: list[tuple[Any, ...]] = []
    real = make_module._signal_problem

    def kept(*args: Any) -> Any:
        setup = real(*args)
        seen.append((args, setup))
        return setup

    make_module._signal_problem = kept  # type: ignore[assignment]
    try:
        make_pick(report, PickLimits(45), FEES, signals=options, profile=applicant)
        make_pick(report, PickLimits(30, budget=600), FEES, signals=options, profile=applicant)
    finally:
        make_module._signal_problem = real  # type: ignore[assignment]
    assert len(seen) == 2
    for (problem, _, given, _), setup in seen:
        fixed_groups = {given.programs[code].group: tier for code, tier in given.fixed.items()}
        assert bool(fixed_groups) is fixed
        expected = _one_by_one(problem, given.programs, fixed_groups)
        remade = setup.problem.candidates
        if fixed:  # the fixed groups' candidates: compared with the path that did not change
            assert setup.free is not None
            assert _described(setup.free.candidates) == _described(_one_by_one(problem, given.programs, {}))
            keep = [c.id not in setup.fixed_chances for c in remade]
            remade = tuple(c for c, k in zip(remade, keep, strict=True) if k)
            expected = [c for c, k in zip(expected, keep, strict=True) if k]
        assert _described(remade) == _described(expected)
        assert list(remade) == expected
        assert sum(c.signal is not None for c in remade) > size // 10


def test_best_tier_chances_read_in_bulk_are_each_programs_own() -> None:
    """Over a whole pool and for a program signal of any other making (its chances a plain mapping)."""
    applicant = generate_demo(as_of=_AS_OF).profile
    weights = default_weights()
    report = estimate_chances(applicant, list(demo_programs(2_000, _AS_OF)), weights=weights, season_year=2026)
    options = signal_options(report, weights, SEASON, ())
    found = list(options.programs.values())
    other = found[5]
    alone = ProgramSignal(other.code, other.pool, other.group, dict(other.chances))
    found.insert(3, alone)
    floors = [0.0 if n % 7 == 0 else 0.99 if n % 11 == 0 else 0.02 * (n % 13) for n in range(len(found))]
    made = best_tier_chances(found, floors)
    expected = [{t: max(s.p_match_mid(t), floor) for t in s.chances} for s, floor in zip(found, floors, strict=True)]
    assert [repr(list(d.items())) for d in made] == [repr(list(d.items())) for d in expected]
    assert len({id(d) for d in made}) == len(made)  # a dictionary of its own each
    assert best_tier_chances([], []) == []
    with pytest.raises(ValueError, match="2 floors for 1 programs"):
        best_tier_chances(found[:1], [0.1, 0.2])


def test_signals_made_in_bulk_are_those_made_one_at_a_time() -> None:
    ps = [{"gold": 0.1 * n, "silver": 0.05 * n} for n in range(6)]
    pools = ["im"] * 3 + ["pmr"] * 3
    groups = [f"100{n}-140" for n in range(6)]
    made = CandidateSignal.owning_many(pools, groups, ps)
    assert made == [CandidateSignal.owning(*row) for row in zip(pools, groups, ps, strict=True)]
    assert made == [CandidateSignal(*row) for row in zip(pools, groups, ps, strict=True)]
    assert [s.p for s in made] == ps and all(isinstance(s, CandidateSignal) for s in made)
    with pytest.raises(TypeError):
        made[0].p["gold"] = 1.0  # type: ignore[index]  # a read-only view, as owning gives
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].pool = "ty"  # type: ignore[misc]
    with pytest.raises(ValueError, match="one each per signal"):
        CandidateSignal.owning_many(pools, groups[:2], ps)


@pytest.mark.parametrize("size", [322, 5_000])
def test_the_candidates_without_a_budget_are_those_made_one_at_a_time(size: int) -> None:
    """Without a budget the first pass gathers the candidates' columns and makes them a field at a time: the same
    candidates, to the last bit, in the report's order, as ``Candidate(code, p, worth, 1, kind)`` one by one."""
    from matchpilot.pick.worth import program_worth

    applicant, _weights, codes, report = _with_outcomes(size)
    excluded = frozenset(codes[n] for n in range(9, len(codes), 101))
    seen: list[PortfolioProblem] = []
    real = make_module._solve

    def kept(problem: PortfolioProblem, *args: Any) -> Any:
        seen.append(problem)
        return real(problem, *args)

    make_module._solve = kept  # type: ignore[assignment]
    try:
        make_pick(report, PickLimits(40, excluded=excluded), FEES, profile=applicant)
    finally:
        make_module._solve = real  # type: ignore[assignment]
    expected = []
    for estimate in report.estimates:
        chance, program = estimate.chance, estimate.program
        if program.code in excluded or chance.filtered or chance.observed is Outcome.REJECTED:
            continue
        if chance.p_match.mid <= 0.0:
            continue
        category = chance.category.value
        worth = program_worth(program, category, applicant).value
        expected.append(Candidate(program.code, chance.p_match.mid, worth, 1, category))
    assert len(seen) == 1 and len(expected) > size // 3
    assert _described(seen[0].candidates) == _described(expected)
    assert seen[0].candidates == tuple(expected)


@pytest.mark.parametrize("size", [322, 5_000])
def test_the_alternation_given_the_candidates_without_signals_answers_the_same(size: int) -> None:
    """``make_pick`` hands ``plan_signals`` its own candidates without signals (no signal fixed by hand): the
    same answer, to the last bit, as when the alternation makes them again."""
    from matchpilot.pick.plan import plan_signals
    from matchpilot.portfolio import solve
    from matchpilot.portfolio.plain import solve_plain

    applicant = generate_demo(as_of=_AS_OF).profile
    weights = default_weights()
    report = estimate_chances(applicant, list(demo_programs(size, _AS_OF)), weights=weights, season_year=2026)
    options = signal_options(report, weights, SEASON, (), max_nodes=12)
    seen: list[tuple[Any, ...]] = []
    real = make_module._signal_problem

    def kept(*args: Any) -> Any:
        setup = real(*args)
        seen.append((args[0], setup))
        return setup

    make_module._signal_problem = kept  # type: ignore[assignment]
    try:
        make_pick(report, PickLimits(45), FEES, signals=options, profile=applicant)
    finally:
        make_module._signal_problem = real  # type: ignore[assignment]
    ((problem, setup),) = seen
    assert setup.free is None
    given = plan_signals(setup.problem, solve, max_nodes=12, solve_arrays=solve_plain, unsignalled=problem.candidates)
    again = plan_signals(setup.problem, solve, max_nodes=12, solve_arrays=solve_plain)
    assert repr(given) == repr(again)
    assert [c.id for c in problem.candidates] == [c.id for c in setup.problem.candidates]
    assert [c.remade(c.p, c.cost, c.category, None) for c in setup.problem.candidates] == list(problem.candidates)
    with pytest.raises(ValueError, match="candidates without signals for"):
        plan_signals(setup.problem, solve, max_nodes=12, unsignalled=problem.candidates[1:])
