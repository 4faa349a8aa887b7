"""pick's plan of applications and signals (matchpilot.pick.plan) against exhaustive search: the answer is
feasible, its signals allowed, its value what it claims; when it says optimal it is, and otherwise the best is
within its bound. Both paths are checked: the exact optimizer and the alternation for large tables."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from portfolio_oracle import best_with_signals, feasible, signal_assignments, signalled_problem, value_of

from matchpilot.domain.portfolio import Candidate, CandidateSignal, CategoryBounds, PortfolioProblem
from matchpilot.errors import InvalidDataError
from matchpilot.pick import plan
from matchpilot.portfolio import solve

CHANCES = st.one_of(st.sampled_from([0.0, 0.1, 0.5, 1.0]), st.floats(0.0, 1.0))


@st.composite
def pick_problems(draw: st.DrawFn) -> PortfolioProblem:
    """Problems shaped like pick's: expected worth, no outside option, shared institution groups, two pools."""
    n = draw(st.integers(0, 6))
    signals = {"pmr": {"standard": draw(st.integers(0, 2))}, "im": {"gold": draw(st.integers(0, 1)), "silver": 1}}
    candidates = []
    for i in range(n):
        p = draw(CHANCES)
        signal = None
        if draw(st.booleans()):
            pool = draw(st.sampled_from(["pmr", "im"]))
            tiers = list(signals[pool])
            signal = CandidateSignal(
                pool, f"{pool}-{draw(st.integers(0, 2))}", {t: draw(st.floats(p, 1.0)) for t in tiers}
            )
        candidates.append(
            Candidate(
                f"P{i}",
                p,
                draw(st.sampled_from([1.0, 2.0, 3.0, 5.0])),
                cost=draw(st.integers(1, 3)),
                category=draw(st.sampled_from(["pmr", "prelim"])),
                signal=signal,
            )
        )
    bounds = {}
    if draw(st.booleans()):
        bounds["prelim"] = CategoryBounds(draw(st.integers(0, 1)), None)
    return PortfolioProblem(
        tuple(candidates),
        max_applications=draw(st.one_of(st.none(), st.integers(1, 4))),
        budget=draw(st.one_of(st.none(), st.integers(2, 8))),
        categories=bounds,
        signals=signals,
    )


def _check(problem: PortfolioProblem, largest_exact: int) -> None:
    expected = best_with_signals(problem)
    try:
        result = plan.plan_signals(problem, solve, max_nodes=3, largest_exact=largest_exact)
    except InvalidDataError:
        assert expected is None
        return
    assert expected is not None
    assert feasible(problem, result.chosen)
    assert dict(result.signalled) in signal_assignments(problem, result.chosen)
    claimed = value_of(signalled_problem(problem, result.chosen, dict(result.signalled)), result.chosen)
    assert result.value == pytest.approx(claimed, abs=1e-9)
    assert result.value <= expected + 1e-9
    if result.optimal:
        assert result.value == pytest.approx(expected, abs=1e-9)
    else:
        assert result.bound is not None and expected <= result.bound + 1e-9


@settings(max_examples=120, deadline=None)
@given(pick_problems())
def test_the_exact_path_matches_exhaustive_search(problem: PortfolioProblem) -> None:
    _check(problem, plan.EXACT_CELLS)


@settings(max_examples=120, deadline=None)
@given(pick_problems())
def test_the_alternation_is_feasible_and_its_bound_holds(problem: PortfolioProblem) -> None:
    _check(problem, -1)  # every table counts as too large: the alternation answers


def test_the_alternation_places_signals_where_they_add_most() -> None:
    signal = {"standard": 0.6}
    problem = PortfolioProblem(
        (
            Candidate("A", 0.2, 5.0, signal=CandidateSignal("pmr", "g1", signal)),
            Candidate("B", 0.2, 1.0, signal=CandidateSignal("pmr", "g2", signal)),
            Candidate("C", 0.3, 3.0),
        ),
        max_applications=2,
        signals={"pmr": {"standard": 1}},
    )
    result = plan.plan_signals(problem, solve, max_nodes=3, largest_exact=-1)
    assert result.method == plan.ALTERNATING
    assert set(result.chosen) == {"A", "C"} and dict(result.signalled) == {"g1": "standard"}
    assert result.optimal  # it reaches the bound: every signal-able program on the list is signalled


def test_a_budget_too_large_for_the_exact_signal_program_is_solved_by_the_alternation() -> None:
    """pick's size check (``make._solve``) counted the exact signal program's states even when that program is too
    large for plan_signals to run it: such a budget problem was refused ("too many to solve exactly") although
    the alternation, whose rounds solve without signals, answers it quickly. It is solved now, within the budget;
    a problem small enough for the exact program is still solved exactly."""
    from matchpilot.pick.make import _solve

    def p(i: int) -> float:
        return 0.05 + (i % 17) / 40

    def signal(i: int) -> CandidateSignal:
        if i % 3:
            return CandidateSignal("pmr", f"g{i}", {"standard": p(i) + 0.1})
        return CandidateSignal("im", f"h{i}", {"gold": p(i) + 0.2, "silver": p(i) + 0.1})

    candidates = tuple(
        Candidate(f"P{i:03d}", p(i), float(1 + i % 5), 11 + (i % 3) * 19, "pmr", signal(i)) for i in range(300)
    )
    problem = PortfolioProblem(
        candidates, budget=2000, signals={"pmr": {"standard": 20}, "im": {"gold": 3, "silver": 6}}
    )
    assert not plan.runs_exact(problem)
    result, unit = _solve(problem, 3)
    assert result.method == plan.ALTERNATING and unit == 1
    assert result.signalled and set(result.signalled) <= {c.signal.group for c in candidates if c.signal}
    assert sum(c.cost for c in candidates if c.id in set(result.chosen)) <= 2000
    small = PortfolioProblem(
        candidates[:4], budget=60, signals={"pmr": {"standard": 1}, "im": {"gold": 1, "silver": 1}}
    )
    assert plan.runs_exact(small) and _solve(small, 3)[0].method != plan.ALTERNATING
