"""Practice Match Week: the offers a rehearsing applicant receives, round by round, from a simulated SOAP market
built around a (fictional) unfilled list and the applications they sent.

The market (every number an assumption, not NRMP data, the same as :mod:`matchpilot.soap.simulate`):

1. the programs are those of the unfilled list, each with its category (PM&R, preliminary/transitional,
   other) and its unfilled positions;
2. ``competitors_per_position`` simulated applicants per unfilled position compete with the applicant; each
   applies to at most ``cap`` programs, those they prefer (their worth by category plus personal taste);
3. the applicant (index 0) applied to exactly the programs of ``applied``, with latent strength ``strength``
   (0 is an average applicant, 1 one standard deviation above);
4. each program ranks the applicants who applied to it by its own view of them (strength plus noise) and keeps
   the best ``list_factor`` times its positions;
5. the rounds run as in the SOAP simulator (:func:`matchpilot.soap.simulate.run_rounds`), the applicant accepting
   nothing: they answer their offers themselves, and they reach a round only by having declined (or let expire)
   every earlier offer, so the offers of round ``k`` never depend on answers given in round ``k`` or later.

Guarantees: the same seed and the same applications give the same offers; an offer comes only from a program
the applicant applied to, at most once per program. Pure: randomness only from ``random.Random(seed)``.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from matchpilot.soap.simulate import run_rounds

__all__ = ["PracticeProgram", "practice_offers"]

_CATEGORY_WORTH = {"pmr": 3.0, "prelim": 2.0, "other": 1.0}


@dataclass(frozen=True, slots=True)
class PracticeProgram:
    """A program of the practice unfilled list: its ``code``, SOAP ``category`` and unfilled ``positions``."""

    code: str
    category: str
    positions: int


def practice_offers(
    programs: Sequence[PracticeProgram],
    applied: Collection[str],
    *,
    seed: int,
    rounds: int,
    cap: int,
    strength: float = 1.0,
    competitors_per_position: float = 2.4,
    list_factor: int = 6,
    pickiness: float = 0.5,
) -> tuple[tuple[str, ...], ...]:
    """The codes of the programs that offer the applicant a position in each round: item ``k - 1`` holds round
    ``k``'s offers, sorted by code (see the module docstring for the market).

    ``applied`` are the codes the applicant applied to (case does not matter; codes not on the list are
    ignored). Raises ``ValueError`` when ``rounds`` or ``cap`` is below 1 or a category is unknown.

    The answers for the last 16 markets asked about are kept (the function is pure): a practice asks again, with
    the same programs and applications, each time its clock moves, and the market's few hundred simulated
    applicants took most of the time of such a move.
    """
    return _offers(
        tuple(programs),
        tuple(applied),
        seed,
        rounds,
        cap,
        strength,
        competitors_per_position,
        list_factor,
        pickiness,
    )


@lru_cache(maxsize=16)
def _offers(
    programs: tuple[PracticeProgram, ...],
    applied: tuple[str, ...],
    seed: int,
    rounds: int,
    cap: int,
    strength: float,
    competitors_per_position: float,
    list_factor: int,
    pickiness: float,
) -> tuple[tuple[str, ...], ...]:
    """:func:`practice_offers`, for hashable arguments."""
    if rounds < 1 or cap < 1:
        raise ValueError("rounds and cap must be at least 1")
    ordered = sorted(programs, key=lambda p: p.code.upper())
    for program in ordered:
        if program.category not in _CATEGORY_WORTH:
            raise ValueError(f"{program.code}: unknown category {program.category!r}")
    if not ordered:
        return tuple(() for _ in range(rounds))
    rng = random.Random(seed)
    count = len(ordered)
    category = [p.category for p in ordered]
    positions = [max(1, p.positions) for p in ordered]
    competitors = max(1, round(competitors_per_position * sum(positions)))
    chosen = {code.strip().upper() for code in applied}
    mine = tuple(j for j, p in enumerate(ordered) if p.code.upper() in chosen)
    strengths = [strength] + [rng.gauss(0.0, 1.0) for _ in range(competitors)]
    picky = [False] + [rng.random() < pickiness for _ in range(competitors)]
    worth: list[list[float]] = [[_CATEGORY_WORTH[c] for c in category]]
    applications: list[tuple[int, ...]] = [mine]
    for _ in range(competitors):
        taste = [_CATEGORY_WORTH[c] + rng.gauss(0.0, 0.4) for c in category]
        worth.append(taste)
        order = sorted(range(count), key=lambda j: (-taste[j], j))
        applications.append(tuple(sorted(order[:cap])))
    lists: list[list[int]] = [[] for _ in range(count)]
    for i, sent in enumerate(applications):
        for j in sent:
            lists[j].append(i)
    for j in range(count):
        view = {i: strengths[i] + rng.gauss(0.0, 0.7) for i in lists[j]}
        lists[j] = sorted(lists[j], key=lambda i: (-view[i], i))[: list_factor * positions[j]]
    events, _ = run_rounds(lists, positions, worth, category, picky, rounds, never_accept=frozenset({0}))
    return tuple(
        tuple(sorted(ordered[e.program].code for e in events if e.applicant == 0 and e.round == number))
        for number in range(1, rounds + 1)
    )
