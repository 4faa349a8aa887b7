"""An applicant's rank order list (ROL): the primary list and the supplemental PGY-1 lists attached to it.

The *primary list* ranks programs (categorical, advanced, physician and PGY-1 programs) by program code, best
first. A *supplemental list* ranks PGY-1 programs (preliminary or transitional) and is attached to one or more
advanced programs of the primary list; the NRMP algorithm tries it only when the applicant matches one of those
advanced programs (nrmp.org "About supplemental rank order lists"; ``domain/RULES.md``). One supplemental list may
serve several advanced programs; an advanced program carries at most one.

The values are immutable; editing returns a new list (:meth:`RankOrderList.with_added`, ...). Editing errors a
user can make (a code twice, a position out of range) raise :class:`~matchpilot.errors.InputError`; what the
NRMP's rules would object to is reported by :func:`matchpilot.match.rol_check.check_rank_list` as issues.

A couple in the Match ranks *pairs* of programs (:class:`CoupleRankList`): each rank names the program for the
applicant and the program for the partner, either of which may be "no match" (but not both); the pair is
matched only when both partners match their halves (nrmp.org "Couples in the Match").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from matchpilot.domain.limits import CODE_LENGTH, stored_text_problem
from matchpilot.errors import InputError, NotFoundError

__all__ = [
    "MAX_COUPLE_PAIRS",
    "NO_MATCH_WORDS",
    "CouplePair",
    "CoupleRankList",
    "RankListLimits",
    "RankOrderList",
    "SupplementalRankList",
    "couple_code",
    "normal_code",
]


def normal_code(code: str) -> str:
    """A program code as stored: surrounding spaces removed, letters upper-case (``1234340c0`` → ``1234340C0``).

    Raises :class:`~matchpilot.errors.InputError` for an empty code.
    """
    text = code.strip().upper()
    if not text:
        raise InputError("a program code is empty")
    if len(text) > CODE_LENGTH:
        raise InputError(f"{text[:20]!r}...: a program code has at most {CODE_LENGTH} characters")
    problem = stored_text_problem(text)
    if problem is not None:
        raise InputError(f"the program code {text!r} {problem}")
    return text


@dataclass(frozen=True, slots=True)
class SupplementalRankList:
    """A supplemental PGY-1 list: ``codes`` best first, used with the advanced programs in ``attached_to``."""

    attached_to: tuple[str, ...]
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RankListLimits:
    """The dated limits a rank order list is checked against (from the rules data, ``data/rules.toml``).

    ``max_ranks`` is the most programs a list may hold (300 in 2025), ``free_ranks`` how many the base fee
    covers (20 in 2025); ``max_source`` / ``free_source`` cite where each value was seen and when.
    """

    max_ranks: int
    free_ranks: int
    max_source: str = ""
    free_source: str = ""


@dataclass(frozen=True, slots=True)
class RankOrderList:
    """One applicant's rank order list.

    ``primary`` holds program codes, best first; ``supplemental`` the supplemental lists; ``pgy1_held`` says the
    applicant already has (or has completed) a PGY-1 year, so advanced programs need no supplemental list;
    ``certified_on`` is the day the applicant certified the list in the NRMP's system (None: not recorded).
    """

    primary: tuple[str, ...] = ()
    supplemental: tuple[SupplementalRankList, ...] = ()
    pgy1_held: bool = False
    certified_on: date | None = None

    @property
    def unique_programs(self) -> tuple[str, ...]:
        """Every program ranked anywhere (primary first, then supplemental lists), each once."""
        codes = list(self.primary)
        for supplemental in self.supplemental:
            codes += supplemental.codes
        return tuple(dict.fromkeys(codes))

    def supplemental_for(self, advanced: str) -> SupplementalRankList | None:
        """The supplemental list attached to ``advanced``, or None."""
        return next((s for s in self.supplemental if advanced in s.attached_to), None)

    def with_added(self, code: str, position: int | None = None) -> RankOrderList:
        """The list with ``code`` added at rank ``position`` (1 = first; None: at the end).

        Raises InputError when the code is already on the primary list or the position is out of range.
        """
        code = normal_code(code)
        if code in self.primary:
            raise InputError(f"{code} is already on your rank order list (rank {self.primary.index(code) + 1})")
        at = len(self.primary) if position is None else position - 1
        if not 0 <= at <= len(self.primary):
            raise InputError(f"rank {position} is out of range: choose 1 to {len(self.primary) + 1}")
        return replace(self, primary=(*self.primary[:at], code, *self.primary[at:]))

    def moved(self, code: str, position: int) -> RankOrderList:
        """The list with ``code`` moved to rank ``position`` (1 = first); NotFoundError when it is not on it."""
        code = normal_code(code)
        if code not in self.primary:
            raise NotFoundError(f"{code} is not on your rank order list")
        if not 1 <= position <= len(self.primary):
            raise InputError(f"rank {position} is out of range: choose 1 to {len(self.primary)}")
        rest = [c for c in self.primary if c != code]
        rest.insert(position - 1, code)
        return replace(self, primary=tuple(rest))

    def removed(self, code: str) -> RankOrderList:
        """The list without ``code`` (and with ``code`` no longer carrying a supplemental list).

        NotFoundError when it is on no list. A supplemental list left attached to nothing is dropped.
        """
        code = normal_code(code)
        on_supplemental = any(code in s.codes for s in self.supplemental)
        if code not in self.primary and not on_supplemental:
            raise NotFoundError(f"{code} is not on your rank order list")
        supplemental = []
        for item in self.supplemental:
            attached = tuple(c for c in item.attached_to if c != code)
            if attached:
                supplemental.append(SupplementalRankList(attached, item.codes))
        return replace(self, primary=tuple(c for c in self.primary if c != code), supplemental=tuple(supplemental))

    def with_supplemental(self, advanced: str, codes: Sequence[str]) -> RankOrderList:
        """The list with ``codes`` (PGY-1 programs, best first) as the supplemental list of ``advanced``.

        Replaces the list ``advanced`` carried before. When another supplemental list ranks exactly the same
        programs, ``advanced`` is attached to it instead (one list serving several advanced programs, as the NRMP
        allows). With no ``codes`` the advanced program is detached. Raises NotFoundError when ``advanced`` is not
        on the primary list and InputError when a code repeats.
        """
        advanced = normal_code(advanced)
        if advanced not in self.primary:
            raise NotFoundError(f"{advanced} is not on your rank order list; add it first")
        ranked = tuple(normal_code(c) for c in codes)
        repeated = sorted({c for c in ranked if ranked.count(c) > 1})
        if repeated:
            raise InputError(f"the supplemental list names {', '.join(repeated)} more than once")
        kept: list[SupplementalRankList] = []
        joined = False
        for item in self.supplemental:
            attached = tuple(c for c in item.attached_to if c != advanced)
            if ranked and item.codes == ranked and not joined:
                attached = (*attached, advanced)
                joined = True
            if attached:
                kept.append(SupplementalRankList(attached, item.codes))
        if ranked and not joined:
            kept.append(SupplementalRankList((advanced,), ranked))
        return replace(self, supplemental=tuple(kept))

    def swapped(self, first: str, second: str) -> RankOrderList:
        """The list with ``first`` and ``second`` exchanging ranks (both must be on the primary list)."""
        a, b = normal_code(first), normal_code(second)
        for code in (a, b):
            if code not in self.primary:
                raise NotFoundError(f"{code} is not on your rank order list")
        i, j = self.primary.index(a), self.primary.index(b)
        order = list(self.primary)
        order[i], order[j] = order[j], order[i]
        return replace(self, primary=tuple(order))


# --- couples ------------------------------------------------------------------------------------------------

MAX_COUPLE_PAIRS = 300
"""The most pairs a stored couple's list may hold (the NRMP's 300-rank limit of 2025; ``rol check`` reports the
dated limit of the year)."""

NO_MATCH_WORDS = frozenset({"none", "no-match", "nomatch", "no_match", "-"})
"""What a user may type for the "no match" half of a pair (any case)."""


def couple_code(text: str) -> str | None:
    """One half of a pair as stored: None for "no match" (``none``, ``no-match``, ``-``), else the program code
    (see :func:`normal_code`)."""
    if text.strip().lower() in NO_MATCH_WORDS:
        return None
    return normal_code(text)


@dataclass(frozen=True, slots=True)
class CouplePair:
    """One rank of a couple's paired list: the program for the applicant (``mine``) and for the partner
    (``partner``); None stands for "no match" on that side."""

    mine: str | None
    partner: str | None

    def label(self) -> str:
        """``MINE + PARTNER`` with "no match" for an empty side."""
        return f"{self.mine or 'no match'} + {self.partner or 'no match'}"


@dataclass(frozen=True, slots=True)
class CoupleRankList:
    """A couple's paired list: the partner's name and id (their NRMP or AAMC id, as the couple agreed; empty
    when not recorded) and the pairs, best first."""

    partner_name: str = ""
    partner_id: str = ""
    pairs: tuple[CouplePair, ...] = ()

    @property
    def empty(self) -> bool:
        """True when neither a partner nor a pair is recorded."""
        return not (self.partner_name or self.partner_id or self.pairs)

    def with_partner(self, name: str, partner_id: str = "") -> CoupleRankList:
        """The list with the partner's ``name`` and ``partner_id``; InputError for an empty or overlong name."""
        name, ident = " ".join(name.split()), partner_id.strip()
        if not name:
            raise InputError("the partner's name is empty")
        if len(name) > 200 or len(ident) > CODE_LENGTH:
            raise InputError(f"the partner's name has at most 200 characters and the id at most {CODE_LENGTH}")
        problem = stored_text_problem(name) or stored_text_problem(ident)
        if problem is not None:
            raise InputError(f"the partner's name or id {problem}")
        return replace(self, partner_name=name, partner_id=ident)

    def with_pair(self, mine: str | None, partner: str | None, position: int | None = None) -> CoupleRankList:
        """The list with the pair (``mine``, ``partner``) at rank ``position`` (None: last); codes as typed.

        InputError when both sides are "no match", the pair is already on the list, the position is out of
        range, or the list already holds :data:`MAX_COUPLE_PAIRS` pairs.
        """
        pair = CouplePair(
            None if mine is None else couple_code(mine), None if partner is None else couple_code(partner)
        )
        if pair.mine is None and pair.partner is None:
            raise InputError('a pair needs a program on at least one side: both cannot be "no match"')
        if pair in self.pairs:
            raise InputError(f"{pair.label()} is already on your couple's list (rank {self.pairs.index(pair) + 1})")
        if len(self.pairs) >= MAX_COUPLE_PAIRS:
            raise InputError(f"a couple's list holds at most {MAX_COUPLE_PAIRS} pairs; remove one first")
        at = len(self.pairs) if position is None else position - 1
        if not 0 <= at <= len(self.pairs):
            raise InputError(f"rank {position} is out of range: choose 1 to {len(self.pairs) + 1}")
        return replace(self, pairs=(*self.pairs[:at], pair, *self.pairs[at:]))

    def without_pair(self, rank: int) -> CoupleRankList:
        """The list without the pair at ``rank`` (1 = first); NotFoundError when there is no such rank."""
        if not 1 <= rank <= len(self.pairs):
            raise NotFoundError(f"your couple's list has no rank {rank} (it has {len(self.pairs)} pairs)")
        return replace(self, pairs=self.pairs[: rank - 1] + self.pairs[rank:])

    def with_pair_moved(self, rank: int, position: int) -> CoupleRankList:
        """The list with the pair at ``rank`` moved to rank ``position`` (1 = first), the others keeping their order.

        NotFoundError when there is no pair at ``rank``; InputError when ``position`` is out of range.
        """
        if not 1 <= rank <= len(self.pairs):
            raise NotFoundError(f"your couple's list has no rank {rank} (it has {len(self.pairs)} pairs)")
        if not 1 <= position <= len(self.pairs):
            raise InputError(f"rank {position} is out of range: choose 1 to {len(self.pairs)}")
        rest = list(self.pairs)
        pair = rest.pop(rank - 1)
        rest.insert(position - 1, pair)
        return replace(self, pairs=tuple(rest))
