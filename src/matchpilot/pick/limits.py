"""What limits a list: a count, an ERAS-fee budget and bounds per kind of position (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.portfolio import CategoryBounds
from matchpilot.domain.profile import Target
from matchpilot.errors import InputError

__all__ = ["CATEGORIES", "DEFAULT_MAX_APPLICATIONS", "DEFAULT_UTILITY", "PickLimits", "limits_issues", "parse_bound"]

CATEGORIES: tuple[str, ...] = tuple(t.value for t in Target)
"""The categories of the bounds: the kinds of position of the chances model (pmr, prelim, transitional, other)."""

DEFAULT_MAX_APPLICATIONS = 45
"""The count limit when neither a count nor a budget is given (a round default; change it with ``--max``)."""

DEFAULT_UTILITY: Mapping[str, float] = MappingProxyType({"pmr": 3.0, "transitional": 2.0, "prelim": 2.0, "other": 1.0})
"""What a match is worth when the sheet gives no interest (1-5) for the program — an assumption: a PM&R
position is the goal (the middle of the 1-5 scale), a transitional or preliminary year a fallback that keeps you
in training, anything else the least wanted. Rate programs in the sheet's ``interest`` column to override it."""


@dataclass(frozen=True, slots=True)
class PickLimits:
    """What limits the list: at most ``max_applications``, a ``budget`` in US$ for ERAS fees, and per-category
    ``minimums``/``maximums`` (categories of :data:`CATEGORIES`). Without a count and a budget, the count is
    :data:`DEFAULT_MAX_APPLICATIONS`. ``pinned`` are the program codes you must apply to (forced onto the list),
    ``excluded`` those you will never apply to (removed before the optimizer runs)."""

    max_applications: int | None = None
    budget: int | None = None
    minimums: Mapping[str, int] = field(default_factory=dict)
    maximums: Mapping[str, int] = field(default_factory=dict)
    pinned: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()

    @property
    def count_limit(self) -> int | None:
        """The count limit that applies (the default one when neither a count nor a budget is given)."""
        if self.max_applications is None and self.budget is None:
            return DEFAULT_MAX_APPLICATIONS
        return self.max_applications

    def bounds(self) -> dict[str, CategoryBounds]:
        """The category bounds for the optimizer (only the categories given a bound)."""
        names = sorted(set(self.minimums) | set(self.maximums), key=CATEGORIES.index)
        return {name: CategoryBounds(self.minimums.get(name, 0), self.maximums.get(name)) for name in names}


def parse_bound(text: str, *, option: str) -> tuple[str, int]:
    """Read ``CATEGORY=N`` (``pmr=20``); InputError naming ``option`` (how the caller's user wrote the bound) when it
    is not one."""
    name, sep, number = text.partition("=")
    name = name.strip().lower()
    if not sep or not name:
        raise InputError(f"{option} {text!r}: write CATEGORY=N, for example {option} pmr=20")
    if name not in CATEGORIES:
        raise InputError(f"{option} {text!r}: {name!r} is not a category; use one of {', '.join(CATEGORIES)}")
    try:
        count = int(number.strip())
    except ValueError:
        raise InputError(f"{option} {text!r}: {number.strip()!r} is not a whole number") from None
    if count < 0:
        raise InputError(f"{option} {text!r}: must not be negative")
    return name, count


def limits_issues(limits: PickLimits) -> list[Issue]:
    """The problems of ``limits`` (empty when usable): negative numbers, unknown categories, a minimum above
    its maximum. Each issue's ``where`` is ``max``, ``budget``, ``min.CATEGORY`` or ``max-in.CATEGORY``."""
    issues: list[Issue] = []
    if limits.max_applications is not None and limits.max_applications < 1:
        issues.append(Issue("out-of-range", Severity.ERROR, "must be at least 1", "max"))
    if limits.budget is not None and limits.budget < 0:
        issues.append(Issue("out-of-range", Severity.ERROR, "must not be negative", "budget"))
    for kind, bounds in (("min", limits.minimums), ("max-in", limits.maximums)):
        for name, count in bounds.items():
            if name not in CATEGORIES:
                issues.append(Issue("bad-category", Severity.ERROR, f"{name!r} is not a category", f"{kind}.{name}"))
            elif count < 0:
                issues.append(Issue("out-of-range", Severity.ERROR, "must not be negative", f"{kind}.{name}"))
    for code in sorted(limits.pinned & limits.excluded):
        issues.append(Issue("inconsistent", Severity.ERROR, f"{code} is both pinned and excluded", f"pin.{code}"))
    for name, low in limits.minimums.items():
        high = limits.maximums.get(name)
        if high is not None and low > high:
            issues.append(
                Issue("inconsistent", Severity.ERROR, f"the minimum {low} is above the maximum {high}", f"min.{name}")
            )
    return issues
