"""The application portfolio: which programs to apply to (``spec/portfolio.md``).

Glossary
--------
candidate
    A program the applicant could apply to, with its chance of success ``p`` (an interview or a match,
    whatever the user's model estimates), the ``utility`` of succeeding there, the integer ``cost`` of applying
    (a count of dollars, or 1 per application) and an optional ``category`` (``pmr``, ``prelim``, ...).
portfolio
    The set of candidates the applicant applies to.
objective
    ``expected_utility``: the expected best outcome, E[max(outside utility, best utility among successes)];
    ``p_any``: the probability of at least one success.
limits
    ``max_applications`` (a count), ``budget`` (the sum of costs) and per-category ``min``/``max`` counts.
diminishing-returns curve
    The best value reachable with 1, 2, ... applications.
signal
    An ERAS program signal. The problem's ``signals`` say how many of each tier the applicant has per signal
    pool (one pool per specialty); a candidate's ``signal`` names its pool, its ``group`` (an institution's
    programs in that specialty, which share one signal) and its chance ``p`` per tier when the group is
    signalled.

Candidates succeed independently in the model the ``value`` of a result is computed under; the correlated
(latent strength) model is an approximation on top, see :mod:`matchpilot.portfolio`.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import repeat
from types import MappingProxyType

from matchpilot.domain.issues import Issue, Severity

__all__ = [
    "Candidate",
    "CandidateSignal",
    "CategoryBounds",
    "Objective",
    "PortfolioProblem",
    "PortfolioResult",
    "bounds_issues",
    "candidate_issues",
    "json_quote",
    "problem_issues",
    "signal_issues",
]


class Objective(StrEnum):
    """What a portfolio maximizes."""

    EXPECTED_UTILITY = "expected_utility"
    P_ANY = "p_any"


@dataclass(frozen=True, slots=True)
class CandidateSignal:
    """What an ERAS program signal would do for one candidate.

    ``pool`` is the signal pool (a key of the problem's ``signals``), ``group`` the institution-level group that
    one signal covers (every chosen candidate of the group is signalled together), ``p`` the chance of success
    per tier when the group is signalled (a tier left out gives no gain: the candidate keeps its ``p``).
    """

    pool: str
    group: str
    p: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Freeze the per-tier chances."""
        object.__setattr__(self, "p", MappingProxyType(dict(self.p)))

    @classmethod
    def owning(cls, pool: str, group: str, p: dict[str, float]) -> CandidateSignal:
        """``CandidateSignal(pool, group, p)`` without copying ``p``, which the caller hands over and must not
        change again (the signal reads it through a read-only view, as the constructor's copy): pick makes one
        for each of thousands of candidates, and the copy and ``__post_init__`` were half of each one's cost."""
        made = object.__new__(cls)
        object.__setattr__(made, "pool", pool)
        object.__setattr__(made, "group", group)
        object.__setattr__(made, "p", MappingProxyType(p))
        return made

    @classmethod
    def owning_many(
        cls, pools: Sequence[str], groups: Sequence[str], ps: Sequence[dict[str, float]]
    ) -> list[CandidateSignal]:
        """``[CandidateSignal.owning(pool, group, p) for pool, group, p in zip(pools, groups, ps)]``, each slot
        set over all of them at once (one ``map`` per slot): the signal problem makes one for each of thousands of
        candidates. The dictionaries are handed over as in :meth:`owning`."""
        if not len(pools) == len(groups) == len(ps):
            raise ValueError(f"{len(pools)} pools, {len(groups)} groups and {len(ps)} chances: one each per signal")
        made = list(map(object.__new__, repeat(cls, len(pools))))
        for name, column in (("pool", pools), ("group", groups), ("p", map(MappingProxyType, ps))):
            deque(map(vars(CandidateSignal)[name].__set__, made, column), maxlen=0)
        return made


@dataclass(frozen=True, slots=True)
class Candidate:
    """A program the applicant could apply to.

    ``p`` is the chance of success (0..1), ``utility`` (>= 0) what a success there is worth, ``cost`` the
    integer cost of applying (>= 0; 1 when costs do not matter) and ``category`` the group the category bounds
    count it in (None: counted in no category, only in the totals).
    """

    id: str
    p: float
    utility: float
    cost: int = 1
    category: str | None = None
    signal: CandidateSignal | None = None

    def remade(self, p: float, cost: int, category: str | None, signal: CandidateSignal | None) -> Candidate:
        """This candidate with ``p``, ``cost``, ``category`` and ``signal`` given (what
        :func:`dataclasses.replace` does, at a third of its cost: the optimizer's rounds remake thousands)."""
        return Candidate(self.id, p, self.utility, cost, category, signal)


@dataclass(frozen=True, slots=True)
class CategoryBounds:
    """How many applications of one category a portfolio must have: at least ``min``, at most ``max``."""

    min: int = 0
    max: int | None = None


@dataclass(frozen=True, slots=True)
class PortfolioProblem:
    """A portfolio problem: candidates, the objective and the limits (any combination, None: no limit)."""

    candidates: tuple[Candidate, ...]
    objective: Objective = Objective.EXPECTED_UTILITY
    outside_utility: float = 0.0
    max_applications: int | None = None
    budget: int | None = None
    categories: Mapping[str, CategoryBounds] = field(default_factory=dict)
    signals: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Freeze the containers (a tuple of candidates, read-only mappings of bounds and signal counts)."""
        object.__setattr__(self, "candidates", tuple(self.candidates))
        object.__setattr__(self, "categories", MappingProxyType(dict(self.categories)))
        frozen = {pool: MappingProxyType(dict(tiers)) for pool, tiers in self.signals.items()}
        object.__setattr__(self, "signals", MappingProxyType(frozen))

    @property
    def is_count_only(self) -> bool:
        """True when no budget and no category bounds limit the problem (a count limit at most)."""
        return self.budget is None and not self.categories


@dataclass(frozen=True, slots=True)
class PortfolioResult:
    """The optimizer's answer.

    ``chosen`` are candidate ids (in the order the optimizer added them where that order means something,
    otherwise best utility first); ``value`` is the objective of ``chosen`` computed exactly under independence;
    ``curve`` is the best value for 1, 2, ... applications when only a count limits the problem (else None);
    ``optimal`` is true only for exact methods; ``method`` names what ran. ``candidates`` and
    ``solve_seconds`` are the statistics of the run. ``estimate`` is the sample-average value under the
    correlated model (None for exact methods; not part of the JSON format).

    With signals: ``signalled`` maps each signalled group to its tier, ``signals_used`` counts the signals used
    per pool and tier (empty when the problem has no ``signals``), and ``bound`` is a proven upper bound on the
    best value when the answer is not optimal (None otherwise).
    """

    chosen: tuple[str, ...]
    value: float
    curve: tuple[float, ...] | None
    optimal: bool
    method: str
    candidates: int
    solve_seconds: float = 0.0
    estimate: float | None = None
    signalled: Mapping[str, str] = field(default_factory=dict)
    signals_used: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    bound: float | None = None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def candidate_issues(index: int, candidate: Candidate) -> list[Issue]:
    """Return the problems of one candidate, each placed as ``candidates[INDEX] "ID"``.

    Checks: a non-empty id; ``p`` a number in 0..1; ``utility`` a finite number >= 0; ``cost`` a whole
    number >= 0; ``category`` a non-empty text or None.
    """
    where = f"candidates[{index}] {json_quote(candidate.id)}"
    issues: list[Issue] = []

    def bad(code: str, message: str) -> None:
        issues.append(Issue(code, Severity.ERROR, message, where))

    if not isinstance(candidate.id, str) or not candidate.id:
        bad("bad-id", "id must be a non-empty text")
    if not _is_number(candidate.p) or not math.isfinite(candidate.p):
        bad("bad-number", f"p {candidate.p!r} is not a number")
    elif not 0.0 <= candidate.p <= 1.0:
        bad("out-of-range", f"p {candidate.p!r} is out of range (0..1)")
    if not _is_number(candidate.utility) or not math.isfinite(candidate.utility):
        bad("bad-number", f"utility {candidate.utility!r} is not a number")
    elif candidate.utility < 0:
        bad("out-of-range", f"utility {candidate.utility!r} is negative (must be >= 0)")
    if not isinstance(candidate.cost, int) or isinstance(candidate.cost, bool):
        bad("bad-integer", f"cost {candidate.cost!r} is not a whole number")
    elif candidate.cost < 0:
        bad("out-of-range", f"cost {candidate.cost!r} is negative (must be >= 0)")
    if candidate.category is not None and (not isinstance(candidate.category, str) or not candidate.category):
        bad("bad-category", f"category {candidate.category!r} must be a non-empty text or null")
    return issues


def _limit_issues(name: str, value: object) -> list[Issue]:
    if value is None:
        return []
    if not isinstance(value, int) or isinstance(value, bool):
        return [Issue("bad-integer", Severity.ERROR, f"{name} {value!r} is not a whole number", name)]
    if value < 0:
        return [Issue("out-of-range", Severity.ERROR, f"{name} {value!r} is negative (must be >= 0)", name)]
    return []


def bounds_issues(name: str, bounds: CategoryBounds) -> list[Issue]:
    """Return the problems of one category's bounds, placed as ``categories "NAME"``."""
    where = f"categories {json_quote(name)}"
    issues = [
        Issue(issue.code, issue.severity, issue.message, where)
        for key, value in (("min", bounds.min), ("max", bounds.max))
        for issue in _limit_issues(key, value)
    ]
    if not issues and bounds.max is not None and bounds.min > bounds.max:
        issues.append(Issue("inconsistent", Severity.ERROR, f"min {bounds.min} is above max {bounds.max}", where))
    return issues


def problem_issues(problem: PortfolioProblem) -> list[Issue]:
    """Return every problem in ``problem`` (empty when it is well formed); feasibility is checked elsewhere.

    Checks each candidate (:func:`candidate_issues`), duplicate ids, the objective, a finite
    ``outside_utility``, whole non-negative ``max_applications`` and ``budget``, and each category's bounds.
    """
    issues: list[Issue] = []
    first_index: dict[str, int] = {}
    for index, candidate in enumerate(problem.candidates):
        issues += candidate_issues(index, candidate)
        if candidate.id in first_index:
            issues.append(
                Issue(
                    "duplicate-id",
                    Severity.ERROR,
                    f"id is already used by candidates[{first_index[candidate.id]}]",
                    f"candidates[{index}] {json_quote(candidate.id)}",
                )
            )
        else:
            first_index[candidate.id] = index
    if not isinstance(problem.objective, Objective):
        issues.append(Issue("bad-value", Severity.ERROR, f"objective {problem.objective!r} is unknown", "objective"))
    if not _is_number(problem.outside_utility) or not math.isfinite(problem.outside_utility):
        issues.append(
            Issue(
                "bad-number",
                Severity.ERROR,
                f"outside_utility {problem.outside_utility!r} is not a number",
                "outside_utility",
            )
        )
    issues += _limit_issues("max_applications", problem.max_applications)
    issues += _limit_issues("budget", problem.budget)
    for name, bounds in problem.categories.items():
        issues += bounds_issues(name, bounds)
    issues += signal_issues(problem)
    return issues


def signal_issues(problem: PortfolioProblem) -> list[Issue]:
    """Return the problems of the signals of ``problem`` (empty when there are none or they are well formed).

    Checks: each pool's count per tier is a whole number >= 0; each candidate's ``signal`` names a pool of the
    problem's ``signals`` and tiers of that pool, a non-empty ``group`` kept within one pool, and chances in
    ``p``..1 (a signal cannot lower a chance).
    """
    issues: list[Issue] = []
    for pool, tiers in problem.signals.items():
        where = f"signals {json_quote(pool)}"
        if not isinstance(pool, str) or not pool:
            issues.append(Issue("bad-value", Severity.ERROR, "a signal pool needs a non-empty name", where))
        for tier, count in tiers.items():
            for issue in _limit_issues(f"tier {json_quote(tier)}", count):
                issues.append(Issue(issue.code, issue.severity, issue.message, where))
    pool_of_group: dict[str, str] = {}
    for index, candidate in enumerate(problem.candidates):
        signal = candidate.signal
        if signal is None:
            continue
        found: list[tuple[str, str]] = []
        pool_tiers = problem.signals.get(signal.pool)
        if pool_tiers is None:
            pools = ", ".join(json_quote(name) for name in problem.signals) or "none"
            found.append(("unknown-pool", f"signal pool {json_quote(signal.pool)} is not in signals (pools: {pools})"))
        else:
            if not isinstance(signal.group, str) or not signal.group:
                found.append(("bad-value", "signal group must be a non-empty text"))
            elif pool_of_group.setdefault(signal.group, signal.pool) != signal.pool:
                found.append(
                    (
                        "inconsistent",
                        f"signal group {json_quote(signal.group)} is in pool "
                        f"{json_quote(pool_of_group[signal.group])} elsewhere, not {json_quote(signal.pool)}",
                    )
                )
            for tier, chance in signal.p.items():
                if tier not in pool_tiers:
                    known = ", ".join(json_quote(name) for name in pool_tiers) or "none"
                    found.append(
                        (
                            "unknown-tier",
                            f"signal tier {json_quote(tier)} is not a tier of pool {json_quote(signal.pool)} ({known})",
                        )
                    )
                elif not _is_number(chance) or not math.isfinite(chance):
                    found.append(("bad-number", f"signal p {json_quote(tier)} {chance!r} is not a number"))
                elif not 0.0 <= chance <= 1.0:
                    found.append(("out-of-range", f"signal p {json_quote(tier)} {chance!r} is out of range (0..1)"))
                elif _is_number(candidate.p) and chance < candidate.p:
                    found.append(
                        (
                            "out-of-range",
                            f"signal p {json_quote(tier)} {chance!r} is below the unsignalled p {candidate.p!r} "
                            "(a signal cannot lower a chance)",
                        )
                    )
        if found:
            where = f"candidates[{index}] {json_quote(candidate.id)}"
            issues += [Issue(code, Severity.ERROR, message, where) for code, message in found]
    return issues


def json_quote(text: object) -> str:
    """Quote a text the way JSON does (``"1001340C0"``), for naming entries in messages."""
    if not isinstance(text, str):
        return repr(text)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
