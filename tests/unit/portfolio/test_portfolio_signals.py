"""Applications and signals chosen together, against exhaustive search over portfolios and signals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from portfolio_oracle import best_with_signals, feasible, signal_assignments, signalled_problem, value_of

from matchpilot.domain.portfolio import Candidate, CandidateSignal, CategoryBounds, Objective, PortfolioProblem
from matchpilot.errors import InvalidDataError
from matchpilot.portfolio import solve
from matchpilot.portfolio.signals import SIGNALS_BB, SIGNALS_DP

CHANCES = st.one_of(st.sampled_from([0.0, 0.1, 0.5, 1.0]), st.floats(0.0, 1.0))
UTILITIES = st.one_of(st.sampled_from([0.0, 1.0, 2.0, 5.0]), st.floats(0.0, 10.0))


@st.composite
def signal_problems(draw: st.DrawFn, *, shared_groups: bool) -> PortfolioProblem:
    """Up to 6 candidates, two pools (one with two tiers), random limits; groups of one, or shared."""
    n = draw(st.integers(0, 6))
    signals = {
        "pmr": {"standard": draw(st.integers(0, 2))},
        "im": {"gold": draw(st.integers(0, 1)), "silver": draw(st.integers(0, 2))},
    }
    candidates = []
    for i in range(n):
        p = draw(CHANCES)
        signal = None
        if draw(st.booleans()):
            pool = draw(st.sampled_from(["pmr", "im"]))
            group = f"{pool}-{draw(st.integers(0, 2))}" if shared_groups else f"G{i}"
            tiers = draw(st.lists(st.sampled_from(list(signals[pool])), min_size=1, unique=True))
            signal = CandidateSignal(pool, group, {t: draw(st.floats(p, 1.0)) for t in tiers})
        candidates.append(
            Candidate(
                id=f"P{i}",
                p=p,
                utility=draw(UTILITIES),
                cost=draw(st.integers(0, 3)),
                category=draw(st.sampled_from(["pmr", "prelim", None])),
                signal=signal,
            )
        )
    bounds: dict[str, CategoryBounds] = {}
    if draw(st.booleans()):
        low = draw(st.integers(0, 2))
        bounds["pmr"] = CategoryBounds(low, draw(st.one_of(st.none(), st.integers(low, low + 2))))
    return PortfolioProblem(
        candidates=tuple(candidates),
        objective=draw(st.sampled_from(list(Objective))),
        outside_utility=draw(st.sampled_from([0.0, 1.0])),
        max_applications=draw(st.one_of(st.none(), st.integers(0, 5))),
        budget=draw(st.one_of(st.none(), st.integers(0, 8))),
        categories=bounds,
        signals=signals,
    )


@st.composite
def tight_problems(draw: st.DrawFn) -> PortfolioProblem:
    """More candidates than the count allows, one signal pool: the pruning before the program has work to do."""
    n = draw(st.integers(3, 7))
    candidates = []
    for i in range(n):
        p = draw(CHANCES)
        signal = None
        if draw(st.booleans()):
            group = f"G{draw(st.integers(0, 3))}" if draw(st.booleans()) else f"S{i}"
            signal = CandidateSignal("pmr", group, {"standard": draw(st.floats(p, 1.0))})
        candidates.append(Candidate(f"P{i}", p, draw(UTILITIES), draw(st.integers(1, 2)), signal=signal))
    return PortfolioProblem(
        candidates=tuple(candidates),
        max_applications=draw(st.integers(1, 2)),
        budget=draw(st.one_of(st.none(), st.integers(1, 3))),
        signals={"pmr": {"standard": draw(st.integers(0, 2))}},
    )


def _check(problem: PortfolioProblem, method: str | None) -> None:
    expected = best_with_signals(problem)
    try:
        result = solve(problem)
    except InvalidDataError:
        assert expected is None
        return
    assert expected is not None
    assert result.optimal
    assert result.value == pytest.approx(expected, abs=1e-9)
    assert feasible(problem, result.chosen)
    # the signals it names are allowed and give the value it claims
    assert result.signalled in signal_assignments(problem, result.chosen)
    claimed = value_of(signalled_problem(problem, result.chosen, dict(result.signalled)), result.chosen)
    assert result.value == pytest.approx(claimed, abs=1e-9)
    for pool, tiers in problem.signals.items():
        for tier in tiers:
            assert result.signals_used[pool][tier] == sum(1 for t in result.signalled.values() if t == tier)
    if result.signalled and method is not None:
        assert result.method == method
    elif result.signalled:
        assert result.method in (SIGNALS_DP, SIGNALS_BB)


@settings(max_examples=150, deadline=None)
@given(signal_problems(shared_groups=False))
def test_one_program_per_group_matches_exhaustive_search(problem: PortfolioProblem) -> None:
    _check(problem, SIGNALS_DP)


@settings(max_examples=150, deadline=None)
@given(signal_problems(shared_groups=True))
def test_shared_groups_match_exhaustive_search(problem: PortfolioProblem) -> None:
    _check(problem, None)


def _document(**changes: object) -> dict[str, object]:
    document: dict[str, object] = {
        "format": "matchpilot.portfolio-problem/1",
        "max_applications": 2,
        "signals": {"pmr": {"standard": 1}, "im": {"gold": 1, "silver": 1}},
        "candidates": [
            {"id": "A-C", "p": 0.10, "utility": 10.0, "signal": {"pool": "pmr", "group": "A", "p": {"standard": 0.5}}},
            {"id": "A-A", "p": 0.08, "utility": 9.0, "signal": {"pool": "pmr", "group": "A", "p": {"standard": 0.4}}},
            {"id": "B-C", "p": 0.30, "utility": 10.0},
        ],
    }
    document.update(changes)
    return document


def test_json_problem_with_signals_solves_and_round_trips() -> None:
    from matchpilot.io.portfolio_json import problem_from_dict, problem_to_dict, result_from_dict, result_to_dict

    problem = problem_from_dict(_document())
    assert problem_from_dict(problem_to_dict(problem)) == problem
    result = solve(problem)
    # one signal covers both tracks of A: applying to both with the signal beats anything else
    assert set(result.chosen) == {"A-C", "A-A"}
    assert dict(result.signalled) == {"A": "standard"}
    written = result_to_dict(result)
    assert written["signalled"] == {"A": "standard"}
    assert written["signals_used"] == {"pmr": {"standard": 1}, "im": {"gold": 0, "silver": 0}}
    assert result_from_dict(written) == result


def test_a_problem_without_signals_writes_no_signal_keys() -> None:
    from matchpilot.io.portfolio_json import problem_from_dict, result_to_dict

    document = _document()
    del document["signals"]
    for entry in document["candidates"]:  # type: ignore[attr-defined]
        entry.pop("signal", None)
    written = result_to_dict(solve(problem_from_dict(document)))
    assert "signalled" not in written and "signals_used" not in written and "bound" not in written


@pytest.mark.parametrize(
    ("signal", "message"),
    [
        ({"pool": "em", "group": "A", "p": {"standard": 0.5}}, 'signal pool "em" is not in signals'),
        ({"pool": "pmr", "group": "A", "p": {"gold": 0.5}}, 'signal tier "gold" is not a tier of pool "pmr"'),
        ({"pool": "pmr", "group": "A", "p": {"standard": 0.05}}, "is below the unsignalled p 0.1"),
        ({"pool": "im", "group": "A", "p": {"gold": 0.5}}, 'signal group "A" is in pool "im" elsewhere'),
    ],
)
def test_bad_signals_are_refused_naming_the_candidate(signal: dict[str, object], message: str) -> None:
    from matchpilot.io.portfolio_json import problem_from_dict

    document = _document()
    document["candidates"][0]["signal"] = signal  # type: ignore[index]
    with pytest.raises(InvalidDataError) as caught:
        problem_from_dict(document)
    shown = [f"{issue.where}: {issue.message}" for issue in caught.value.issues]
    assert any(message in line and "candidates[" in line for line in shown), shown


def test_a_negative_signal_count_is_refused_naming_the_pool() -> None:
    from matchpilot.io.portfolio_json import problem_from_dict

    with pytest.raises(InvalidDataError) as caught:
        problem_from_dict(_document(signals={"pmr": {"standard": -1}, "im": {"gold": 1, "silver": 1}}))
    assert any("standard" in i.message and "negative" in i.message for i in caught.value.issues)


def test_branch_and_bound_stopped_early_says_not_optimal_with_a_bound() -> None:
    from matchpilot.portfolio.model import to_arrays
    from matchpilot.portfolio.signals import solve_with_signals

    candidates = tuple(
        Candidate(
            id=f"{g}-{k}",
            p=0.1 + 0.01 * g,
            utility=10.0 - 0.1 * g - k,
            signal=CandidateSignal("pmr", f"G{g}", {"standard": 0.5 + 0.01 * k}),
        )
        for g in range(6)
        for k in range(2)
    )
    problem = PortfolioProblem(candidates=candidates, max_applications=5, signals={"pmr": {"standard": 2}})
    result = solve_with_signals(problem, to_arrays(problem), max_nodes=1)
    full = solve(problem)
    assert full.optimal and full.bound is None
    assert not result.optimal
    assert result.bound is not None
    assert result.value < full.value <= result.bound + 1e-9


@settings(max_examples=150, deadline=None)
@given(tight_problems())
def test_few_applications_among_many_candidates_match_exhaustive_search(problem: PortfolioProblem) -> None:
    _check(problem, None)
