"""The worth of a list under independence (Kapur & Hong 2022): its value, what one more program adds, and the
chance of at least one success (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["gain_if_added", "list_value", "p_any", "worth_if_added"]


def list_value(items: Sequence[tuple[float, float]]) -> float:
    """E[best worth among successes] of independent (worth, chance) pairs (Kapur & Hong 2022, objective (1))."""
    total, miss = 0.0, 1.0
    for worth, chance in sorted(items, key=lambda item: -item[0]):
        total += worth * chance * miss
        miss *= 1.0 - chance
    return total


def gain_if_added(worth: float, chance: float, ordered: Sequence[tuple[float, float]]) -> float:
    """What adding (worth, chance) to ``ordered`` (sorted by decreasing worth) adds: ``chance * E[(worth -
    Y)^+]``, Y the best worth among the successes of ``ordered`` (0 when none)."""
    return chance * worth_if_added(worth, ordered)


def worth_if_added(worth: float, ordered: Sequence[tuple[float, float]]) -> float:
    """``E[(worth - Y)^+]`` of :func:`gain_if_added`: what a certain success of ``worth`` would add to ``ordered``
    (the same for every program of the same worth, so a caller may keep it)."""
    expected, miss = 0.0, 1.0
    for other_worth, other_chance in ordered:
        if other_worth >= worth:
            miss *= 1.0 - other_chance
            continue
        expected += other_chance * miss * (worth - other_worth)
        miss *= 1.0 - other_chance
    expected += miss * worth
    return expected


def p_any(chances: Iterable[float]) -> float:
    """The chance that at least one of independent ``chances`` succeeds."""
    miss = 1.0
    for p in chances:
        miss *= 1.0 - p
    return 1.0 - miss
