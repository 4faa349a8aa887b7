"""Exhaustive search: the reference every optimizer is tested against (small problems only)."""

from __future__ import annotations

from itertools import combinations

from matchpilot.domain.portfolio import Objective, PortfolioProblem


def value_of(problem: PortfolioProblem, ids: tuple[str, ...] | list[str]) -> float:
    """The objective of a portfolio by enumerating every outcome (2^size of them): no formula shared with the code."""
    chosen = [c for c in problem.candidates if c.id in set(ids)]
    base = 0.0 if problem.objective is Objective.P_ANY else problem.outside_utility
    total = 0.0
    for mask in range(1 << len(chosen)):
        prob = 1.0
        best = base
        for bit, candidate in enumerate(chosen):
            if mask >> bit & 1:
                prob *= candidate.p
                worth = 1.0 if problem.objective is Objective.P_ANY else candidate.utility
                best = max(best, worth)
            else:
                prob *= 1.0 - candidate.p
        if problem.objective is Objective.P_ANY:
            best = 1.0 if mask and any(mask >> b & 1 for b in range(len(chosen))) else 0.0
        total += prob * best
    return total


def feasible(problem: PortfolioProblem, ids: tuple[str, ...] | list[str]) -> bool:
    """True when the portfolio meets every limit of the problem."""
    chosen = [c for c in problem.candidates if c.id in set(ids)]
    if len(set(ids)) != len(ids) or len(chosen) != len(ids):
        return False
    if problem.max_applications is not None and len(chosen) > problem.max_applications:
        return False
    if problem.budget is not None and sum(c.cost for c in chosen) > problem.budget:
        return False
    for name, bounds in problem.categories.items():
        count = sum(1 for c in chosen if c.category == name)
        if count < bounds.min or (bounds.max is not None and count > bounds.max):
            return False
    return True


def best(problem: PortfolioProblem, size: int | None = None) -> float | None:
    """The best value over every feasible portfolio (of at most ``size`` applications); None: none is feasible."""
    ids = [c.id for c in problem.candidates]
    top = len(ids) if size is None else min(size, len(ids))
    found: float | None = None
    for r in range(top + 1):
        for combo in combinations(ids, r):
            if feasible(problem, combo):
                v = value_of(problem, combo)
                if found is None or v > found:
                    found = v
    return found


def signalled_problem(problem: PortfolioProblem, ids: tuple[str, ...], assignment: dict[str, str]) -> PortfolioProblem:
    """The problem with each candidate of a signalled group at its signalled chance (the rest unchanged)."""
    from dataclasses import replace

    changed = []
    for c in problem.candidates:
        tier = assignment.get(c.signal.group) if c.signal is not None else None
        if c.signal is not None and tier is not None and c.id in ids:
            changed.append(replace(c, p=c.signal.p.get(tier, c.p)))
        else:
            changed.append(c)
    return replace(problem, candidates=tuple(changed), signals={})


def signal_assignments(problem: PortfolioProblem, ids: tuple[str, ...]) -> list[dict[str, str]]:
    """Every way to give the groups applied to at most one signal each within the counts per pool and tier."""
    from itertools import product

    groups: dict[str, str] = {}
    for c in problem.candidates:
        if c.id in ids and c.signal is not None:
            groups[c.signal.group] = c.signal.pool
    names = sorted(groups)
    options = [[None, *problem.signals[groups[g]]] for g in names]
    found = []
    for combo in product(*options):
        used: dict[tuple[str, str], int] = {}
        for g, tier in zip(names, combo, strict=True):
            if tier is not None:
                used[(groups[g], tier)] = used.get((groups[g], tier), 0) + 1
        if all(count <= problem.signals[pool][tier] for (pool, tier), count in used.items()):
            found.append({g: t for g, t in zip(names, combo, strict=True) if t is not None})
    return found


def best_with_signals(problem: PortfolioProblem) -> float | None:
    """The best value over every feasible portfolio and every allowed choice of signals; None: none feasible."""
    ids = [c.id for c in problem.candidates]
    found: float | None = None
    for r in range(len(ids) + 1):
        for combo in combinations(ids, r):
            if not feasible(problem, combo):
                continue
            for assignment in signal_assignments(problem, combo):
                v = value_of(signalled_problem(problem, combo, assignment), combo)
                if found is None or v > found:
                    found = v
    return found
