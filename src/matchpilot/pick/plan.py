"""Applications and signals chosen together within the time a list allows (pure).

The exact optimizer with signals (:mod:`matchpilot.portfolio.signals`) grows with every signal tier and with
groups of several programs (one institution's categorical and advanced tracks share a signal): on a sheet of a
few hundred programs one of its relaxations can take seconds. :func:`plan_signals` therefore

1. runs the exact optimizer when its tables are small enough (:data:`EXACT_CELLS`), with branch and bound
   capped at ``max_nodes`` relaxations;
2. otherwise (or when branch and bound stopped early) also runs a fast alternation: the best list with the
   signalled chances of the moment (the exact optimizer without signals), then the signals placed on that list
   one at a time, each where it adds most to the list's worth, until neither changes; the better answer wins;
3. says whether the answer is proven best (``optimal``); when it is not, ``bound`` is a proven upper bound on
   the best expected worth: the exact optimizer's, or the best list when every program that can take a signal
   gets its best signalled chance (more signals than the season allows can only do better).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from matchpilot.domain.portfolio import Candidate, Objective, PortfolioProblem, PortfolioResult
from matchpilot.pick.value import list_value
from matchpilot.portfolio import ProblemArrays, check_feasible, to_arrays
from matchpilot.portfolio.signals import solve_with_signals

__all__ = ["ALTERNATING", "EXACT_CELLS", "exact_cells", "plan_signals", "runs_exact"]

EXACT_CELLS = 50_000_000
"""The largest exact program with signals (candidates x states, :func:`exact_cells`) run for a list; above it, the
alternation. At this size branch and bound with My list's 12 relaxations proves the demo's lists of up to about
11 applications best in under 0.1 s of CPU and the page answers in about 0.3 s of CPU (figures:
``benchmarks/RESULTS.md``, "How large an exact problem My list affords")."""

ALTERNATING = "signals-alternating"
"""The method name of the alternation's answer."""

_ROUNDS = 6
_TOLERANCE = 1e-12

Solver = Callable[[PortfolioProblem], PortfolioResult]

ArraySolver = Callable[[PortfolioProblem, ProblemArrays], PortfolioResult]
"""Solves a checked, feasible problem without signals given as arrays
(:func:`matchpilot.portfolio.plain.solve_plain`)."""


def exact_cells(problem: PortfolioProblem) -> int:
    """About how many table cells one relaxation of the exact program with signals updates for ``problem``."""
    groups: dict[str, dict[str, int]] = {}
    for candidate in problem.candidates:
        if candidate.signal is not None:
            members = groups.setdefault(candidate.signal.pool, {})
            members[candidate.signal.group] = members.get(candidate.signal.group, 0) + 1
    unit = min(max((n for members in groups.values() for n in members.values()), default=1), 6)
    states = math.prod(
        unit * min(count, len(groups.get(pool, {}))) + 1
        for pool, tiers in problem.signals.items()
        for count in tiers.values()
    )
    if problem.max_applications is not None:
        states *= problem.max_applications + 1
    for bounds in problem.categories.values():
        if bounds.min or bounds.max is not None:
            states *= (bounds.max if bounds.max is not None else max(bounds.min, 1)) + 1
    if problem.budget is not None:
        states *= problem.budget + 1
    return states * max(len(problem.candidates), 1)


def _chance(candidate: Candidate, signalled: Mapping[str, str]) -> float:
    signal = candidate.signal
    if signal is None or signal.group not in signalled:
        return candidate.p
    return max(candidate.p, signal.p.get(signalled[signal.group], candidate.p))


def _value(chosen: Sequence[Candidate], signalled: Mapping[str, str]) -> float:
    return list_value([(c.utility, _chance(c, signalled)) for c in chosen])


def _place(chosen: Sequence[Candidate], counts: Mapping[str, Mapping[str, int]]) -> dict[str, str]:
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

    chances = [c.p for c in order]
    worth_from = [worth[start:] for start in range(len(worth) + 1)]  # made once, not for every trial
    # Each group's members with their chance under each tier of its pool (what _chance gives), worked out once;
    # the tiers of each pool in the order of ``left`` (the order the trials are made in, which breaks ties).
    tiers_of: dict[str, list[tuple[str, str]]] = {}
    for pool, tier in left:
        tiers_of.setdefault(pool, []).append((pool, tier))
    lifted: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for group, positions in members.items():
        for _, tier in tiers_of.get(pools[group], ()):
            lifted[(group, tier)] = [(i, _chance(order[i], {group: tier})) for i in positions]
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
                # The list's worth with the chances ``tail`` from ``first`` on: the same sums continued from the
                # running ones before ``first`` (a trial changes no chance before its first member: the sums up to
                # there are the current list's). Written out here, not called: it runs for every trial.
                total, miss = before[first]
                for w, p in zip(worth_from[first], tail, strict=True):  # ``worth`` from ``first`` on
                    total += w * p * miss
                    miss *= 1.0 - p
                gain = total - current
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


def runs_exact(problem: PortfolioProblem, largest_exact: int | None = None) -> bool:
    """Whether :func:`plan_signals` runs the exact program with signals for ``problem`` (its tables are at most
    ``largest_exact`` cells, default :data:`EXACT_CELLS`, or its objective is one the alternation does not value);
    otherwise it answers with the alternation, whose rounds solve problems without signals."""
    largest_exact = EXACT_CELLS if largest_exact is None else largest_exact
    return exact_cells(problem) <= largest_exact or not _plain_objective(problem)


def _plain_objective(problem: PortfolioProblem) -> bool:
    """The alternation values lists as pick does: expected worth, nothing for no match."""
    return problem.objective is Objective.EXPECTED_UTILITY and problem.outside_utility == 0.0


@dataclass(slots=True)
class _Unsignalled:
    """The problem without signals, every candidate at its own chance (``plain``), solved with some chances
    changed: the alternation's rounds and the loose bound.

    With ``solve_arrays`` the problem is read into arrays and checked once, and each solve copies the chances and
    changes only the given entries (the same floats ``to_arrays`` would read from remade candidates; ``solve_plain``
    must then be what :func:`matchpilot.portfolio.solve` is: ``to_arrays``, ``check_feasible``, then
    ``solve_arrays``). Otherwise, or when a changed chance is not in 0..1 (the problem's own checks then say
    what is wrong), the changed candidates are remade and ``solve_plain`` solves the problem they make.
    """

    plain: PortfolioProblem
    solve_plain: Solver
    solve_arrays: ArraySolver | None
    arrays: ProblemArrays | None = field(default=None)

    def solve(self, changed: Mapping[int, float]) -> PortfolioResult:
        """The best list when candidate ``i`` has chance ``changed[i]`` and every other its own."""
        if self.solve_arrays is not None:
            arrays = self.arrays
            if arrays is None:
                arrays = to_arrays(self.plain)
                check_feasible(self.plain, arrays)
                self.arrays = arrays
            p = arrays.p
            if changed:
                p = p.copy()
                p[np.fromiter(changed, dtype=np.intp, count=len(changed))] = list(changed.values())
            if bool(np.all((p >= 0.0) & (p <= 1.0))):
                return self.solve_arrays(self.plain, arrays if p is arrays.p else replace(arrays, p=p))
        candidates = list(self.plain.candidates)
        for index, chance in changed.items():
            c = candidates[index]
            candidates[index] = c.remade(chance, c.cost, c.category, None)
        return self.solve_plain(replace(self.plain, candidates=tuple(candidates)))


def _unsignalled(
    problem: PortfolioProblem,
    solve_plain: Solver,
    solve_arrays: ArraySolver | None,
    unsignalled: Sequence[Candidate] | None = None,
) -> _Unsignalled:
    """``problem`` without its signals (:class:`_Unsignalled`): every candidate without its signal, at its own
    chance (a candidate that takes no signal is already that); ``unsignalled``, when the caller has them, are
    those candidates (ValueError when there are not as many as the problem's)."""
    if unsignalled is not None:
        if len(unsignalled) != len(problem.candidates):
            raise ValueError(f"{len(unsignalled)} candidates without signals for {len(problem.candidates)}")
        base = tuple(unsignalled)
    else:
        base = tuple(c if c.signal is None else c.remade(c.p, c.cost, c.category, None) for c in problem.candidates)
    return _Unsignalled(replace(problem, candidates=base, signals={}), solve_plain, solve_arrays)


def _alternate(problem: PortfolioProblem, unsignalled: _Unsignalled) -> PortfolioResult:
    by_id = {c.id: c for c in problem.candidates}
    signalled: dict[str, str] = {}
    best: tuple[float, tuple[str, ...], dict[str, str]] | None = None
    # Each round's problem is every candidate without its signal, at its signalled chance: the unsignalled
    # problem with only the members of the signalled groups changed.
    members: dict[str, list[int]] = {}
    for index, c in enumerate(problem.candidates):
        if c.signal is not None:
            members.setdefault(c.signal.group, []).append(index)
    for _ in range(_ROUNDS):
        changed: dict[int, float] = {}
        for group in signalled:
            for index in members.get(group, ()):
                changed[index] = _chance(problem.candidates[index], signalled)
        result = unsignalled.solve(changed)
        chosen = [by_id[code] for code in result.chosen]
        signalled = _place(chosen, problem.signals)
        value = _value(chosen, signalled)
        if best is not None and value <= best[0] + _TOLERANCE:
            break
        best = (value, result.chosen, signalled)
    assert best is not None  # at least one round runs
    value, chosen_ids, signalled = best
    used = {pool: dict.fromkeys(tiers, 0) for pool, tiers in problem.signals.items()}
    for group, tier in signalled.items():
        first = problem.candidates[members[group][0]].signal  # the group's first candidate names its pool
        assert first is not None  # members take a signal
        used[first.pool][tier] += 1
    return PortfolioResult(
        chosen=chosen_ids,
        value=value,
        curve=None,
        optimal=False,
        method=ALTERNATING,
        candidates=len(problem.candidates),
        signalled=dict(sorted(signalled.items())),
        signals_used=used,
    )


def _loose_bound(problem: PortfolioProblem, unsignalled: _Unsignalled) -> float:
    """The best list when every program that can take a signal has its best signalled chance."""
    best = {
        index: max([c.p, *c.signal.p.values()]) for index, c in enumerate(problem.candidates) if c.signal is not None
    }
    return unsignalled.solve(best).value


def plan_signals(
    problem: PortfolioProblem,
    solve_plain: Solver,
    *,
    max_nodes: int,
    largest_exact: int | None = None,
    solve_arrays: ArraySolver | None = None,
    unsignalled: Sequence[Candidate] | None = None,
) -> PortfolioResult:
    """The best applications and signals for ``problem`` (which has ``signals``) found within the limits above.

    ``solve_plain`` solves a problem without signals exactly (the caller's, which may count money in larger
    units); ``largest_exact`` is the most table cells the exact optimizer may use (:func:`exact_cells`; None:
    :data:`EXACT_CELLS`). With ``solve_arrays`` (when ``solve_plain`` is :func:`matchpilot.portfolio.solve`:
    pass :func:`matchpilot.portfolio.plain.solve_plain`) the problem without signals is read into arrays once and
    each of the alternation's rounds changes only the signalled chances (the same answer, to the last bit).
    ``unsignalled``, when the caller has them, are the problem's candidates without their signals (each
    ``c.remade(c.p, c.cost, c.category, None)``, or ``c`` itself when it takes no signal), not made again here.
    Raises what the optimizers raise when the limits cannot be met.
    """
    exact: PortfolioResult | None = None
    plain_objective = _plain_objective(problem)
    if runs_exact(problem, largest_exact):
        arrays = to_arrays(problem)
        check_feasible(problem, arrays)
        exact = solve_with_signals(problem, arrays, max_nodes=max_nodes)
        if exact.optimal or not plain_objective:
            return exact
    plain = _unsignalled(problem, solve_plain, solve_arrays, unsignalled)
    quick = _alternate(problem, plain)
    bound = exact.bound if exact is not None and exact.bound is not None else _loose_bound(problem, plain)
    if exact is not None and exact.value >= quick.value:
        return exact
    if quick.value >= bound - _TOLERANCE * max(1.0, abs(bound)):
        return replace(quick, optimal=True)
    return replace(quick, bound=bound)
