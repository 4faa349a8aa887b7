"""A SOAP market simulator: the offer rounds of a fictional market, seeded, to see per-round offer chances and
to compare rules (3 or 4 rounds, the application cap).

The market (every number an assumption, not NRMP data): ``programs`` programs with 1 to 4 unfilled positions
each, of the three SOAP categories; ``applicants`` applicants with a latent strength; each applicant applies to
at most ``cap`` programs, those they prefer (their worth by category plus personal taste); each program ranks
the applicants who applied by its own view of them (strength plus noise) and lists the best
``list_factor`` times its positions.

The rounds (RULES.md, SOAP): in each round, every program with unfilled positions offers to the next applicants
on its list, in preference order, up to its unfilled positions, skipping applicants who are no longer in SOAP
and applicants it offered before (a declined or expired offer is never repeated); each applicant holding
offers accepts at most one, the best, if it is worth at least what they hold out for in that round (nothing in
the last round), and declines the others; an acceptance is binding and ends the applicant's SOAP.

Pure: all randomness comes from ``random.Random(seed)``; the same seed gives the same result.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from matchpilot.soap.documents import CATEGORIES

__all__ = ["OfferEvent", "RoundStats", "SimulationResult", "compare_rules", "run_rounds", "simulate_soap"]

_CATEGORY_SHARES = (0.2, 0.5, 0.3)  # pmr, prelim, other: assumed shares of unfilled programs
_CATEGORY_WORTH = {"pmr": 3.0, "prelim": 2.0, "other": 1.0}


@dataclass(frozen=True, slots=True)
class OfferEvent:
    """One offer: in ``round``, ``program`` offered ``applicant`` a position; ``accepted`` says the answer."""

    round: int
    program: int
    applicant: int
    accepted: bool


@dataclass(frozen=True, slots=True)
class RoundStats:
    """One round: applicants still in SOAP at its start, those who got at least one offer, offers made and
    accepted, positions still unfilled at its end; ``offer_chance`` = share of the applicants in SOAP who got
    an offer."""

    round: int
    active: int
    with_offer: int
    offers: int
    accepted: int
    unfilled_after: int

    @property
    def offer_chance(self) -> float:
        """The chance that an applicant still in SOAP got at least one offer in this round."""
        return self.with_offer / self.active if self.active else 0.0


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """A simulated SOAP: its rules and market size, each round, every offer, and the totals."""

    seed: int
    rounds: int
    cap: int
    applicants: int
    positions: int
    stats: tuple[RoundStats, ...]
    events: tuple[OfferEvent, ...]
    applications: tuple[tuple[int, ...], ...]
    program_positions: tuple[int, ...]

    @property
    def filled(self) -> int:
        """Positions filled through SOAP."""
        return sum(s.accepted for s in self.stats)

    @property
    def placed_share(self) -> float:
        """The share of applicants who accepted a position."""
        return self.filled / self.applicants if self.applicants else 0.0

    @property
    def fill_rate(self) -> float:
        """The share of unfilled positions filled."""
        return self.filled / self.positions if self.positions else 0.0

    @property
    def offer_shares(self) -> tuple[float, ...]:
        """The share of all offers made in each round (they sum to 1 when any offer was made)."""
        total = sum(s.offers for s in self.stats)
        return tuple((s.offers / total) if total else 1.0 / len(self.stats) for s in self.stats)


def simulate_soap(
    *,
    seed: int,
    applicants: int = 900,
    programs: int = 150,
    rounds: int = 4,
    cap: int = 45,
    list_factor: int = 6,
    pickiness: float = 0.5,
) -> SimulationResult:
    """Simulate the offer rounds of one fictional SOAP market (see the module docstring for the rules).

    ``pickiness`` is the share of applicants who hold out in the early rounds for a PM&R offer (they decline
    a lesser offer until the last round). Returns the per-round statistics and every offer.
    """
    if rounds < 1 or cap < 1 or applicants < 1 or programs < 1:
        raise ValueError("rounds, cap, applicants and programs must be at least 1")
    rng = random.Random(seed)
    category = [rng.choices(CATEGORIES, weights=_CATEGORY_SHARES)[0] for _ in range(programs)]
    positions = [rng.randint(1, 4) for _ in range(programs)]
    strength = [rng.gauss(0.0, 1.0) for _ in range(applicants)]
    picky = [rng.random() < pickiness for _ in range(applicants)]
    worth: list[list[float]] = []
    applied: list[tuple[int, ...]] = []
    for _ in range(applicants):
        taste = [_CATEGORY_WORTH[category[j]] + rng.gauss(0.0, 0.4) for j in range(programs)]
        worth.append(taste)
        order = sorted(range(programs), key=lambda j: (-taste[j], j))
        applied.append(tuple(sorted(order[:cap])))
    lists: list[list[int]] = [[] for _ in range(programs)]
    for i, chosen in enumerate(applied):
        for j in chosen:
            lists[j].append(i)
    for j in range(programs):
        view = {i: strength[i] + rng.gauss(0.0, 0.7) for i in lists[j]}
        lists[j] = sorted(lists[j], key=lambda i: (-view[i], i))[: list_factor * positions[j]]

    events, stats = run_rounds(lists, positions, worth, category, picky, rounds)
    return SimulationResult(
        seed, rounds, cap, applicants, sum(positions), tuple(stats), tuple(events), tuple(applied), tuple(positions)
    )


def run_rounds(
    lists: Sequence[Sequence[int]],
    positions: Sequence[int],
    worth: Sequence[Sequence[float]],
    category: Sequence[str],
    picky: Sequence[bool],
    rounds: int,
    *,
    never_accept: frozenset[int] = frozenset(),
) -> tuple[list[OfferEvent], list[RoundStats]]:
    """The offer rounds of a market (see the module docstring): ``lists[j]`` is program ``j``'s list of
    applicants in its preference order, ``positions[j]`` its unfilled positions, ``worth[i][j]`` what program
    ``j`` is worth to applicant ``i``, ``category[j]`` its SOAP category and ``picky[i]`` whether applicant ``i``
    holds out for PM&R before the last round. Applicants in ``never_accept`` accept nothing here (a person who
    answers their offers themselves, e.g. in a practice Match Week: they reach a round only by declining every
    earlier offer). Returns every offer and the per-round statistics. Deterministic: no randomness."""
    unfilled = list(positions)
    applicants = len(worth)
    active = [True] * applicants
    programs = len(positions)
    offered: list[set[int]] = [set() for _ in range(programs)]
    cursor = [0] * programs
    events: list[OfferEvent] = []
    stats: list[RoundStats] = []
    for number in range(1, rounds + 1):
        in_soap = sum(active)
        held: dict[int, list[int]] = {}
        made = 0
        for j in range(programs):
            to_make = unfilled[j]
            while to_make > 0 and cursor[j] < len(lists[j]):
                i = lists[j][cursor[j]]
                cursor[j] += 1
                if not active[i] or i in offered[j]:
                    continue
                offered[j].add(i)
                held.setdefault(i, []).append(j)
                to_make -= 1
                made += 1
        accepted = 0
        for i in sorted(held):
            best = max(held[i], key=lambda j: (worth[i][j], -j))
            hold_out = i in never_accept or (picky[i] and number < rounds and category[best] != "pmr")
            for j in held[i]:
                take = j == best and not hold_out
                events.append(OfferEvent(number, j, i, take))
                if take:
                    unfilled[j] -= 1
                    active[i] = False
                    accepted += 1
        stats.append(RoundStats(number, in_soap, len(held), made, accepted, sum(unfilled)))
    return events, stats


def compare_rules(
    variants: Sequence[tuple[int, int]],
    *,
    seed: int,
    applicants: int = 900,
    programs: int = 150,
    pickiness: float = 0.5,
) -> tuple[SimulationResult, ...]:
    """Simulate the same market (same seed) under each ``(rounds, cap)`` variant, e.g. ``[(3, 45), (4, 45),
    (4, 30)]``, for a researcher comparing rules. Note that more rounds let picky applicants hold out longer,
    so a fourth round does not always fill more positions."""
    return tuple(
        simulate_soap(seed=seed, applicants=applicants, programs=programs, rounds=rounds, cap=cap, pickiness=pickiness)
        for rounds, cap in variants
    )
