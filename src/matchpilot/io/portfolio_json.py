"""The JSON formats of ``spec/portfolio.md``: portfolio problems and results, to and from plain dicts.

Reading reports every bad field at once, each naming its entry (``candidates[3] "1001340C0": p 1.4 is out of
range (0..1)``), and raises :class:`matchpilot.errors.InvalidDataError` carrying them as
:class:`matchpilot.domain.issues.Issue` values. Writing produces dicts ready for :func:`json.dumps`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.portfolio import (
    Candidate,
    CandidateSignal,
    CategoryBounds,
    Objective,
    PortfolioProblem,
    PortfolioResult,
    bounds_issues,
    candidate_issues,
    json_quote,
    signal_issues,
)
from matchpilot.errors import InvalidDataError
from matchpilot.io.format_names import PORTFOLIO_RESULT_FORMAT, PROBLEM_FORMAT

__all__ = [
    "PROBLEM_FORMAT",
    "RESULT_FORMAT",
    "problem_from_dict",
    "problem_to_dict",
    "result_from_dict",
    "result_to_dict",
]

RESULT_FORMAT = PORTFOLIO_RESULT_FORMAT
"""The ``format`` of a result document."""


_PROBLEM_KEYS = (
    "format",
    "objective",
    "outside_utility",
    "max_applications",
    "budget",
    "candidates",
    "categories",
    "signals",
)
_CANDIDATE_KEYS = ("id", "p", "utility", "cost", "category")
_SIGNALLED_CANDIDATE_KEYS = (*_CANDIDATE_KEYS, "signal")
_SIGNAL_KEYS = ("pool", "group", "p")
_BOUND_KEYS = ("min", "max")
_RESULT_KEYS = (
    "format",
    "chosen",
    "value",
    "curve",
    "optimal",
    "method",
    "stats",
    "signalled",
    "signals_used",
    "bound",
)
_STATS_KEYS = ("candidates", "solve_seconds")


class _Collector:
    """Issues gathered while reading one document."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def error(self, code: str, message: str, where: str) -> None:
        self.issues.append(Issue(code, Severity.ERROR, message, where))

    def number(self, data: Mapping[str, Any], key: str, where: str, *, default: float | None = None) -> float | None:
        value = data.get(key)
        if key not in data or value is None:
            if default is None:
                self.error("missing-value", f"{key} is required", where)
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.error("bad-number", f"{key} {_show(value)} is not a number", where)
            return default
        return value  # ints stay ints, so messages show what the user wrote

    def whole(self, data: Mapping[str, Any], key: str, where: str) -> int | None:
        """A whole number >= 0, or None when absent or null (reported when malformed)."""
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error("bad-integer", f"{key} {_show(value)} is not a whole number", where)
            return None
        if value < 0:
            self.error("out-of-range", f"{key} {value} is negative (must be >= 0)", where)
            return None
        return value

    def unknown_keys(self, data: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in known:
                self.error(
                    "unknown-key", f"unknown key {_show(key)} (expected one of: {', '.join(known)})", where or str(key)
                )

    def raise_if_any(self, what: str, source: str) -> None:
        if self.issues:
            count = len(self.issues)
            prefix = f"{source}: " if source else ""
            raise InvalidDataError(f"{prefix}{what} has {count} error{'s' if count != 1 else ''}", self.issues)


def _show(value: object) -> str:
    if isinstance(value, str):
        return json_quote(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if not isinstance(value, dict | list) else type(value).__name__.replace("dict", "object")


def _check_format(data: Mapping[str, Any], expected: str, found: _Collector) -> None:
    value = data.get("format")
    if value is None:
        found.error("missing-value", f"format is required (expected {json_quote(expected)})", "format")
    elif value != expected:
        found.error("bad-format", f"format {_show(value)} is not {json_quote(expected)}", "format")


def problem_from_dict(data: object, *, source: str = "") -> PortfolioProblem:
    """Read a ``matchpilot.portfolio-problem/1`` document (already parsed from JSON).

    Steps: check the document is an object of known keys with the right format; read the objective, the
    outside utility and the limits; read each candidate (``id``, ``p``, ``utility``, ``cost`` default 1,
    ``category`` default none; ``utility`` may be left out for ``p_any``) and check its ranges with
    :func:`matchpilot.domain.portfolio.candidate_issues`; check ids are unique; read each category's bounds.
    Every problem is collected; when there is any, raise :class:`InvalidDataError` (``source``, usually the
    file name, starts its message).
    """
    found = _Collector()
    if not isinstance(data, Mapping):
        found.error("bad-document", "the document must be a JSON object", "")
        found.raise_if_any("the portfolio problem", source)
        raise AssertionError("unreachable")  # pragma: no cover
    found.unknown_keys(data, _PROBLEM_KEYS, "")
    _check_format(data, PROBLEM_FORMAT, found)

    objective = Objective.EXPECTED_UTILITY
    raw_objective = data.get("objective")
    if raw_objective is not None:
        try:
            objective = Objective(raw_objective)
        except ValueError:
            choices = ", ".join(json_quote(o.value) for o in Objective)
            found.error("bad-value", f"objective {_show(raw_objective)} is not one of {choices}", "objective")
    outside = found.number(data, "outside_utility", "outside_utility", default=0.0)
    limit = found.whole(data, "max_applications", "max_applications")
    budget = found.whole(data, "budget", "budget")

    candidates: list[Candidate] = []
    raw_candidates = data.get("candidates")
    if raw_candidates is None:
        found.error("missing-value", "candidates is required (a list of objects)", "candidates")
        raw_candidates = []
    elif not isinstance(raw_candidates, list):
        found.error("bad-value", "candidates must be a list of objects", "candidates")
        raw_candidates = []
    first_index: dict[str, int] = {}
    for index, entry in enumerate(raw_candidates):
        candidate = _candidate(index, entry, objective, found, signals="signals" in data)
        raw_id = entry.get("id") if isinstance(entry, Mapping) else None
        if isinstance(raw_id, str) and raw_id:
            if raw_id in first_index:
                found.error(
                    "duplicate-id",
                    f"id is already used by candidates[{first_index[raw_id]}]",
                    f"candidates[{index}] {json_quote(raw_id)}",
                )
            else:
                first_index[raw_id] = index
        if candidate is not None:
            candidates.append(candidate)

    categories: dict[str, CategoryBounds] = {}
    raw_categories = data.get("categories")
    if raw_categories is not None and not isinstance(raw_categories, Mapping):
        found.error("bad-value", "categories must be an object of {name: {min, max}}", "categories")
    elif raw_categories is not None:
        for name, raw in raw_categories.items():
            where = f"categories {json_quote(name)}"
            if not isinstance(raw, Mapping):
                found.error("bad-value", 'bounds must be an object like {"min": 0, "max": 10}', where)
                continue
            found.unknown_keys(raw, _BOUND_KEYS, where)
            low = found.whole(raw, "min", where)
            high = found.whole(raw, "max", where)
            bounds = CategoryBounds(min=low or 0, max=high)
            for issue in bounds_issues(name, bounds):
                found.issues.append(issue)
            categories[name] = bounds

    signals: dict[str, dict[str, int]] = {}
    raw_signals = data.get("signals")
    if raw_signals is not None and not isinstance(raw_signals, Mapping):
        found.error("bad-value", 'signals must be an object like {"pmr": {"standard": 20}}', "signals")
    elif raw_signals is not None:
        for pool, raw in raw_signals.items():
            where = f"signals {json_quote(pool)}"
            if not isinstance(raw, Mapping):
                found.error("bad-value", 'each pool must be an object of counts per tier, like {"standard": 20}', where)
                continue
            signals[pool] = {}
            for tier in raw:
                count = found.whole(raw, tier, where)
                if count is None and raw[tier] is None:
                    found.error("missing-value", f"{tier} needs a count of signals", where)
                signals[pool][tier] = count or 0

    problem = PortfolioProblem(
        candidates=tuple(candidates),
        objective=objective,
        outside_utility=0.0 if outside is None else outside,
        max_applications=limit,
        budget=budget,
        categories=categories,
        signals=signals,
    )
    if not found.issues:
        found.issues += signal_issues(problem)
    found.raise_if_any("the portfolio problem", source)
    return problem


def _candidate(
    index: int, entry: object, objective: Objective, found: _Collector, *, signals: bool = False
) -> Candidate | None:
    """Read one candidate entry; None when it cannot be built (its problems are in ``found``).

    ``signal`` is a known key only when the problem has ``signals``.
    """
    if not isinstance(entry, Mapping):
        found.error("bad-value", "each candidate must be an object", f"candidates[{index}]")
        return None
    raw_id = entry.get("id")
    if isinstance(raw_id, str) and raw_id:
        where = f"candidates[{index}] {json_quote(raw_id)}"
    else:
        where = f"candidates[{index}]"
        found.error(
            "bad-id", "id is required" if raw_id is None else f"id {_show(raw_id)} must be a non-empty text", where
        )
    before = len(found.issues)
    found.unknown_keys(entry, _SIGNALLED_CANDIDATE_KEYS if signals else _CANDIDATE_KEYS, where)
    p = found.number(entry, "p", where)
    default_utility = 1.0 if objective is Objective.P_ANY else None
    utility = found.number(entry, "utility", where, default=default_utility)
    cost = 1 if entry.get("cost") is None else found.whole(entry, "cost", where)
    category = entry.get("category")
    if category is not None and (not isinstance(category, str) or not category):
        found.error("bad-category", f"category {_show(category)} must be a non-empty text or null", where)
        category = None
    signal = _signal(entry.get("signal"), where, found)
    valid_id = isinstance(raw_id, str) and bool(raw_id)
    probe = Candidate(
        id=raw_id if valid_id else "?",  # type: ignore[arg-type]
        p=0.0 if p is None else p,
        utility=0.0 if utility is None else utility,
        cost=0 if cost is None else cost,
        category=category,
        signal=signal,
    )
    for issue in candidate_issues(index, probe):
        found.issues.append(Issue(issue.code, issue.severity, issue.message, where))
    if len(found.issues) > before or not valid_id:
        return None
    return probe


def _signal(raw: object, where: str, found: _Collector) -> CandidateSignal | None:
    """Read a candidate's ``signal`` ({pool, group, p: {tier: chance}}); None when absent or malformed."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        found.error("bad-value", 'signal must be an object like {"pool": "pmr", "group": "...", "p": {...}}', where)
        return None
    before = len(found.issues)
    found.unknown_keys(raw, _SIGNAL_KEYS, where)
    pool, group, chances = raw.get("pool"), raw.get("group"), raw.get("p")
    for key, value in (("pool", pool), ("group", group)):
        if not isinstance(value, str) or not value:
            found.error("bad-value", f"signal {key} {_show(value)} must be a non-empty text", where)
    if not isinstance(chances, Mapping) or not chances:
        found.error("bad-value", 'signal p must be an object of chances per tier, like {"standard": 0.24}', where)
        chances = {}
    read: dict[str, float] = {}
    for tier in chances:
        number = found.number(chances, tier, where)
        if number is not None:
            read[tier] = number
    if len(found.issues) > before:
        return None
    return CandidateSignal(pool=str(pool), group=str(group), p=read)


def problem_to_dict(problem: PortfolioProblem) -> dict[str, Any]:
    """Write ``problem`` as a ``matchpilot.portfolio-problem/1`` document (a dict for :func:`json.dumps`)."""
    candidates: list[dict[str, Any]] = []
    for c in problem.candidates:
        entry: dict[str, Any] = {"id": c.id, "p": c.p, "utility": c.utility, "cost": c.cost, "category": c.category}
        if c.signal is not None:
            entry["signal"] = {"pool": c.signal.pool, "group": c.signal.group, "p": dict(c.signal.p)}
        candidates.append(entry)
    document: dict[str, Any] = {
        "format": PROBLEM_FORMAT,
        "objective": problem.objective.value,
        "outside_utility": problem.outside_utility,
        "max_applications": problem.max_applications,
        "budget": problem.budget,
        "candidates": candidates,
        "categories": {name: {"min": b.min, "max": b.max} for name, b in problem.categories.items()},
    }
    if problem.signals:
        document["signals"] = {pool: dict(tiers) for pool, tiers in problem.signals.items()}
    return document


def result_to_dict(result: PortfolioResult) -> dict[str, Any]:
    """Write ``result`` as a ``matchpilot.portfolio-result/1`` document (``curve`` is null when not given).

    With signals it also has ``signalled`` (group -> tier) and ``signals_used`` (pool -> tier -> count), and
    ``bound`` when the answer is not proven optimal.
    """
    document: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "chosen": list(result.chosen),
        "value": result.value,
        "curve": None if result.curve is None else list(result.curve),
        "optimal": result.optimal,
        "method": result.method,
        "stats": {"candidates": result.candidates, "solve_seconds": result.solve_seconds},
    }
    if result.signals_used:
        document["signalled"] = dict(result.signalled)
        document["signals_used"] = {pool: dict(tiers) for pool, tiers in result.signals_used.items()}
    if result.bound is not None:
        document["bound"] = result.bound
    return document


def result_from_dict(data: object, *, source: str = "") -> PortfolioResult:
    """Read a ``matchpilot.portfolio-result/1`` document; raise :class:`InvalidDataError` listing every problem.

    Steps: check the object, its keys and format; read ``chosen`` (texts), ``value`` (a number), ``curve``
    (null, absent or a list of numbers), ``optimal`` (true/false), ``method`` (a text) and ``stats``.
    """
    found = _Collector()
    if not isinstance(data, Mapping):
        found.error("bad-document", "the document must be a JSON object", "")
        found.raise_if_any("the portfolio result", source)
        raise AssertionError("unreachable")  # pragma: no cover
    found.unknown_keys(data, _RESULT_KEYS, "")
    _check_format(data, RESULT_FORMAT, found)
    chosen = data.get("chosen")
    if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
        found.error("bad-value", "chosen must be a list of candidate ids", "chosen")
        chosen = []
    value = found.number(data, "value", "value")
    curve_raw = data.get("curve")
    curve: tuple[float, ...] | None = None
    if curve_raw is not None:
        if not isinstance(curve_raw, list) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in curve_raw
        ):
            found.error("bad-value", "curve must be null or a list of numbers", "curve")
        else:
            curve = tuple(float(v) for v in curve_raw)
    optimal = data.get("optimal")
    if not isinstance(optimal, bool):
        found.error("bad-value", f"optimal {_show(optimal)} must be true or false", "optimal")
    method = data.get("method")
    if not isinstance(method, str) or not method:
        found.error("bad-value", f"method {_show(method)} must be a non-empty text", "method")
    stats = data.get("stats")
    candidates: int | None = 0
    seconds: float | None = 0.0
    if not isinstance(stats, Mapping):
        found.error("bad-value", "stats must be an object with candidates and solve_seconds", "stats")
    else:
        found.unknown_keys(stats, _STATS_KEYS, "stats")
        candidates = found.whole(stats, "candidates", "stats")
        seconds = found.number(stats, "solve_seconds", "stats")
    signalled = data.get("signalled") or {}
    if not isinstance(signalled, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in signalled.items()
    ):
        found.error("bad-value", "signalled must be an object of group -> tier", "signalled")
        signalled = {}
    used = data.get("signals_used") or {}
    if not isinstance(used, Mapping) or not all(
        isinstance(tiers, Mapping)
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in tiers.values())
        for tiers in used.values()
    ):
        found.error("bad-value", "signals_used must be an object of pool -> tier -> count", "signals_used")
        used = {}
    bound = None if data.get("bound") is None else found.number(data, "bound", "bound")
    found.raise_if_any("the portfolio result", source)
    return PortfolioResult(
        chosen=tuple(chosen),
        value=float(value or 0.0),
        curve=curve,
        optimal=bool(optimal),
        method=str(method),
        candidates=candidates or 0,
        solve_seconds=seconds or 0.0,
        signalled=dict(signalled),
        signals_used={pool: dict(tiers) for pool, tiers in used.items()},
        bound=bound,
    )
