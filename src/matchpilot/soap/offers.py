"""SOAP offers: accept now, or decline and wait? Dynamic programming over the remaining rounds.

In each SOAP round an applicant may hold several offers and accept at most one; an acceptance is binding and
ends SOAP; a program whose offer was declined (or expired) makes no new offer. The decision in round ``t`` is
an optimal stopping problem:

- ``u(offer)`` is what a position is worth to the applicant (the sheet's interest, or the plan's worth by
  category); ``outside`` what ending SOAP with no position is worth (0: the off-cycle route, uncertain);
- each program still pending (applied to, no offer yet) makes an offer in a later round ``k`` with chance
  ``q_jk``; programs decide independently, and each round's offers are treated as independent of the rounds
  before (a program that already offered is no longer pending, which is how "no new offer after a decline"
  enters);
- ``V_{R+1} = outside`` and, for ``k = R .. t+1``, ``V_k = E[max(best offer of round k, V_{k+1})]``, where
  the best offer of round ``k`` takes value ``u_j`` when program ``j`` offers and no better one does:
  ``V_k = sum_j q_jk prod_{l better than j} (1 - q_lk) max(u_j, V_{k+1}) + prod_j (1 - q_jk) V_{k+1}``
  (backward induction, Bellman 1957; the classic full-information stopping problem, Gilbert & Mosteller 1966);
- in round ``t`` accepting offer ``o`` is worth ``u(o)``; declining every offer and waiting is worth
  ``V_{t+1}``. The best choice is the larger; ties go to accepting (a sure position).

The per-round chances ``q_jk`` come from two sources: the chances model gives each program's chance of an
offer at all (``p_j``), and the SOAP simulator gives the share of offers made in each round (``s_k``); then
``q_jk = p_j s_k / (1 - p_j sum_{i<k} s_i)``, the chance of an offer in round ``k`` given none before it (a
hazard). The chance of no later offer at all, ``prod_k (1 - q_jk)``, is then exactly
``(1 - p_j) / (1 - p_j sum_{i<=t} s_i)``; treating the rounds as independent only misstates paths on which a
program offers twice, which cannot happen, so it is a small approximation, documented in docs/soap.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "Decision",
    "Option",
    "PendingProgram",
    "RoundOffer",
    "best_offer_value",
    "continuation_values",
    "decide",
    "per_round_chances",
]


@dataclass(frozen=True, slots=True)
class RoundOffer:
    """An offer held in the current round: program ``code``, ``name`` and its worth ``utility``."""

    code: str
    name: str
    utility: float
    category: str = ""


@dataclass(frozen=True, slots=True)
class PendingProgram:
    """A program applied to that has made no offer yet: its worth and its chance ``p_offer`` of an offer at
    all during SOAP (from the chances model)."""

    code: str
    name: str
    utility: float
    p_offer: float
    category: str = ""


@dataclass(frozen=True, slots=True)
class Option:
    """One choice: accept an offer (``code``) or wait (``code`` None), with its expected worth and why."""

    code: str | None
    label: str
    value: float
    why: str


@dataclass(frozen=True, slots=True)
class Decision:
    """The decision help of one round: every option (accepting each offer, and waiting), the best one, the
    worth of waiting round by round (``values[k]`` for the rounds after the current one), the chance of any
    later offer and the reminder that an acceptance is binding."""

    round: int
    rounds: int
    options: tuple[Option, ...]
    best: Option
    values: tuple[float, ...]
    p_any_later: float
    reminder: str

    @property
    def wait(self) -> Option:
        """The option of declining every offer and waiting."""
        return next(o for o in self.options if o.code is None)


def best_offer_value(offers: Sequence[tuple[float, float]], floor: float) -> float:
    """``E[max(floor, best utility among the offers that arrive)]`` for independent offers given as
    ``(utility, chance)`` pairs."""
    value = 0.0
    none_better = 1.0
    for utility, chance in sorted(offers, key=lambda pair: -pair[0]):
        value += none_better * chance * max(utility, floor)
        none_better *= 1.0 - chance
    return value + none_better * floor


def continuation_values(future: Sequence[Sequence[tuple[float, float]]], outside: float = 0.0) -> tuple[float, ...]:
    """The worth of waiting before each future round: ``future[i]`` holds the ``(utility, chance)`` offers of
    the ``i``-th round ahead; returns ``(V_1, ..., V_n, outside)`` where ``V_i`` is the expected worth of
    entering round ``i`` ahead with no position (backward induction)."""
    values = [outside]
    for offers in reversed(future):
        values.append(best_offer_value(offers, values[-1]))
    return tuple(reversed(values))


def per_round_chances(p_offer: float, shares: Sequence[float], current_round: int) -> list[float]:
    """The chance of an offer in each round after ``current_round`` (1-based), given no offer before that
    round, for a program with chance ``p_offer`` of an offer at all; ``shares[k-1]`` is the share of offers
    made in round ``k`` (normalised to sum to 1)."""
    total = sum(shares)
    if total <= 0:
        return [0.0 for _ in shares[current_round:]]
    normalized = [s / total for s in shares]
    out: list[float] = []
    for k in range(current_round, len(normalized)):
        left = 1.0 - p_offer * sum(normalized[:k])
        out.append(0.0 if left <= 0 else min(1.0, p_offer * normalized[k] / left))
    return out


def decide(
    offers: Sequence[RoundOffer],
    pending: Sequence[PendingProgram],
    *,
    current_round: int,
    rounds: int,
    shares: Sequence[float],
    outside: float = 0.0,
    reminder: str = "An accepted offer is binding and ends your SOAP.",
) -> Decision:
    """Weigh accepting each offer held in ``current_round`` against declining them all and waiting.

    ``pending`` are the programs applied to that have made no offer yet; ``shares`` the share of offers made
    in each of the ``rounds`` rounds (from the simulator); ``outside`` the worth of ending SOAP with no
    position. Raises ``ValueError`` when ``current_round`` is not between 1 and ``rounds``.
    """
    if not 1 <= current_round <= rounds:
        raise ValueError(f"round {current_round} is not between 1 and {rounds}")
    if len(shares) != rounds:
        raise ValueError(f"{len(shares)} round shares for {rounds} rounds")
    ahead = rounds - current_round
    future: list[list[tuple[float, float]]] = [[] for _ in range(ahead)]
    p_none = 1.0
    for program in pending:
        chances = per_round_chances(program.p_offer, shares, current_round)
        for i, q in enumerate(chances):
            future[i].append((program.utility, q))
            p_none *= 1.0 - q
    values = continuation_values(future, outside)
    wait_value = values[0]
    p_any = 1.0 - p_none if ahead else 0.0
    wait_why = _wait_why(ahead, current_round, rounds, p_any, wait_value, pending, outside)
    options = [
        Option(
            o.code,
            f"Accept {o.name}",
            o.utility,
            f"a sure position worth {o.utility:g} to you" + (f": {o.category}" if o.category else ""),
        )
        for o in sorted(offers, key=lambda o: (-o.utility, o.code))
    ]
    options.append(Option(None, "Decline and wait" if offers else "Wait for the next round", wait_value, wait_why))
    best = max(options, key=lambda o: o.value + (1e-12 if o.code is not None else 0.0))
    return Decision(current_round, rounds, tuple(options), best, values[:-1], p_any, reminder)


def _wait_why(
    ahead: int,
    current: int,
    rounds: int,
    p_any: float,
    value: float,
    pending: Sequence[PendingProgram],
    outside: float,
) -> str:
    if ahead == 0:
        return (
            f"round {current} is the last of {rounds}: declining now ends SOAP without a position (worth {outside:g} "
            "to you)"
        )
    later = f"round {current + 1}" if ahead == 1 else f"rounds {current + 1} to {rounds}"
    best = sorted(pending, key=lambda p: -p.utility * p.p_offer)[:2]
    names = ", ".join(f"{p.name} [{p.code}] ({p.p_offer:.0%})" for p in best)
    text = (
        f"on average worth {value:.2f} to you: {len(pending)} program{'s' if len(pending) != 1 else ''} you "
        f"applied to may still make an offer in {later}; the chance of at least one later offer is {p_any:.0%}"
    )
    if names:
        text += f" (the most promising: {names})"
    return text
