"""The alternation of applications and signals (``matchpilot.pick.plan``) over arrays read once — each round
changing only the signalled chances, ``solve_arrays`` given — answers exactly what it answered solving each
round's remade problem with ``solve``: the same result to the last bit (``repr``), on random problems, on the
problems My list makes from the demo's sheet and from 5,000 programs, and the same error when a signalled chance
is not a chance."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchpilot.demo.generator import generate_demo
from matchpilot.domain.portfolio import Candidate, CandidateSignal, CategoryBounds, PortfolioProblem
from matchpilot.domain.rules import FeeTier
from matchpilot.errors import InvalidDataError
from matchpilot.pick import FeeSchedule, PickLimits, SignalSeason, make_pick, plan, signal_options
from matchpilot.portfolio import solve
from matchpilot.portfolio.plain import solve_plain
from matchpilot.services.chances import default_weights, estimate_chances

from support.sheets import demo_programs

_AS_OF = date(2026, 12, 1)
_FEES = FeeSchedule((FeeTier(1, 30, 11), FeeTier(31, None, 30)), 2027, "test tiers, checked 2026")


def _both(problem: PortfolioProblem, max_nodes: int = 3, largest_exact: int | None = -1) -> tuple[str, str]:
    """The answer (or the error) of each path, as text to compare to the last bit."""
    answers = []
    for arrays in (None, solve_plain):
        try:
            result = plan.plan_signals(
                problem, solve, max_nodes=max_nodes, largest_exact=largest_exact, solve_arrays=arrays
            )
        except InvalidDataError as error:
            answers.append(f"error {error} {error.issues!r}")
        else:
            answers.append(repr(result))
    return answers[0], answers[1]


@st.composite
def _problems(draw: st.DrawFn) -> PortfolioProblem:
    n = draw(st.integers(0, 12))
    signals = {"pmr": {"standard": draw(st.integers(0, 3))}, "im": {"gold": draw(st.integers(0, 1)), "silver": 2}}
    candidates = []
    for i in range(n):
        p = draw(st.floats(0.0, 1.0))
        signal = None
        if draw(st.booleans()):
            pool = draw(st.sampled_from(["pmr", "im"]))
            signal = CandidateSignal(
                pool, f"{pool}-{draw(st.integers(0, 3))}", {t: draw(st.floats(p, 1.0)) for t in signals[pool]}
            )
        candidates.append(
            Candidate(
                f"P{i}",
                p,
                draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])),
                cost=draw(st.integers(1, 4)),
                category=draw(st.sampled_from(["pmr", "prelim", None])),
                signal=signal,
            )
        )
    bounds = {"prelim": CategoryBounds(draw(st.integers(0, 2)), None)} if draw(st.booleans()) else {}
    return PortfolioProblem(
        tuple(candidates),
        max_applications=draw(st.one_of(st.none(), st.integers(1, 6))),
        budget=draw(st.one_of(st.none(), st.integers(1, 12))),
        categories=bounds,
        signals=signals,
    )


@settings(max_examples=150, deadline=None)
@given(_problems())
def test_the_alternation_over_arrays_answers_as_over_remade_problems(problem: PortfolioProblem) -> None:
    old, new = _both(problem)
    assert new == old


def test_a_signalled_chance_that_is_no_chance_raises_the_same_error() -> None:
    """A chance above 1 in a signal is found when a round's problem is checked, as before."""
    problem = PortfolioProblem(
        (
            Candidate("A", 0.2, 5.0, signal=CandidateSignal("pmr", "g1", {"standard": 1.5})),
            Candidate("B", 0.3, 3.0),
        ),
        max_applications=2,
        signals={"pmr": {"standard": 1}},
    )
    old, new = _both(problem)
    assert old.startswith("error ") and new == old


def _my_list_problems(size: int, limits: PickLimits) -> list[tuple[Any, ...]]:
    """The problems (and their arguments) My list's ``make_pick`` hands ``plan_signals`` on ``size`` programs."""
    applicant = generate_demo(as_of=_AS_OF).profile
    weights = default_weights()
    report = estimate_chances(applicant, list(demo_programs(size, _AS_OF)), weights=weights, season_year=2026)
    season = SignalSeason(
        2027,
        {"pmr": {"standard": 20}, "im": {"gold": 3, "silver": 12}, "ty": {"standard": 4}},
        {"pmr": "institution", "im": "institution"},
        source="test counts (fictional)",
        checked="2025",
    )
    options = signal_options(report, weights, season, (), max_nodes=12)
    seen: list[tuple[Any, ...]] = []
    import matchpilot.pick.make as make

    original = make.plan_signals

    def spy(problem: PortfolioProblem, solver: Any, **keywords: Any) -> Any:
        seen.append((problem, keywords))
        return original(problem, solver, **keywords)

    make.plan_signals = spy  # type: ignore[assignment]
    try:
        make_pick(report, limits, _FEES, signals=options, profile=applicant)
    finally:
        make.plan_signals = original
    return seen


@pytest.mark.parametrize("size", [322, 5_000])
@pytest.mark.parametrize(
    "limits", [PickLimits(45), PickLimits(30, budget=900), PickLimits(25, minimums={"pmr": 5})], ids=repr
)
def test_my_lists_problems_have_the_same_answer_to_the_last_bit(size: int, limits: PickLimits) -> None:
    seen = _my_list_problems(size, limits)
    assert seen and all(keywords.get("solve_arrays") is solve_plain for _, keywords in seen)
    for problem, keywords in seen:
        old, new = _both(problem, keywords["max_nodes"], None)
        assert new == old
        assert "signals-alternating" in new or size < 1_000  # the 5,000 programs' list is the alternation's
