"""A deliberately simple second implementation for the match tests, and Hypothesis strategies for markets.

``textbook_deferred_acceptance`` is the Gale-Shapley (1962) applicant-proposing algorithm with quotas, written
the way a textbook states it, with dictionaries and no cleverness; it handles singles only.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from functools import lru_cache
from typing import TypeVar

from hypothesis import strategies as st

from matchpilot.domain.market import (
    ApplicantEntry,
    CoupleEntry,
    MatchInstance,
    ProgramEntry,
    SupplementalList,
    check_instance,
)


def textbook_deferred_acceptance(
    instance: MatchInstance, quotas: Mapping[str, int] | None = None
) -> dict[str, str | None]:
    """Applicant-proposing deferred acceptance for singles (Gale & Shapley 1962): every free applicant proposes
    to the next program on its list; the program keeps its best ``quota`` proposers who are on its own list and
    rejects the rest. Returns applicant id → program id (None when unmatched)."""
    assert not instance.couples, "the textbook algorithm knows singles only"
    quota = dict(quotas) if quotas is not None else {p.id: p.quota for p in instance.programs}
    rank = {p.id: {a: i for i, a in enumerate(p.rol)} for p in instance.programs}
    lists = {a.id: list(a.ranked) for a in instance.applicants}
    next_choice = {a: 0 for a in lists}
    holding: dict[str, list[str]] = {p: [] for p in quota}
    free = list(lists)
    while free:
        applicant = free.pop()
        while next_choice[applicant] < len(lists[applicant]):
            program = lists[applicant][next_choice[applicant]]
            next_choice[applicant] += 1
            if applicant not in rank[program]:
                continue
            held = sorted([*holding[program], applicant], key=lambda a: rank[program][a])
            holding[program] = held[: quota[program]]
            rejected = held[quota[program] :]
            if applicant not in rejected:
                free += rejected
                break
    matches: dict[str, str | None] = {a: None for a in lists}
    for program, held in holding.items():
        for applicant in held:
            matches[applicant] = program
    return matches


T = TypeVar("T", bound=Hashable)


@lru_cache(maxsize=4096)
def _ordered_subsets(items: tuple[T, ...], most: int) -> st.SearchStrategy[list[T]]:
    """``st.lists(st.sampled_from(items), unique=True, max_size=most)``, built once per ``(items, most)``.

    Hypothesis cannot cache a strategy built from a list, so ``markets`` built and validated a new one for every
    list of every example: about two thirds of the CPU of the match property tests. The strategy, and so every
    example drawn, is the same."""
    return st.lists(st.sampled_from(items), unique=True, max_size=most)


def _sampled(items: Sequence[T]) -> st.SearchStrategy[T]:
    """``st.sampled_from(items)``, built once per tuple of items (see ``_ordered_subsets``)."""
    return _sampled_from(tuple(items))


@lru_cache(maxsize=4096)
def _sampled_from(items: tuple[T, ...]) -> st.SearchStrategy[T]:
    return st.sampled_from(items)


@st.composite
def markets(
    draw: st.DrawFn,
    *,
    couples: bool = True,
    supplemental: bool = True,
    reversion: bool = True,
    max_applicants: int = 8,
    max_programs: int = 5,
) -> MatchInstance:
    """Small valid markets: random lists on both sides (not everyone acceptable to everyone), quotas 0 to 3, and
    optionally couples (pairs may name one program twice or leave a side unmatched), supplemental lists
    attached to programs on the primary list (or the member's side), and acyclic reversion chains."""
    n_programs = draw(st.integers(1, max_programs))
    n_applicants = draw(st.integers(1, max_applicants))
    program_ids = [f"P{i}" for i in range(n_programs)]
    applicant_ids = [f"a{i}" for i in range(n_applicants)]

    def some(items: list[str], most: int | None = None) -> list[str]:
        chosen = draw(_ordered_subsets(tuple(items), most or len(items))) if items else []
        return chosen

    pairs_of: dict[str, list[tuple[str | None, str | None]]] = {}
    couple_entries: list[CoupleEntry] = []
    if couples and n_applicants >= 2:
        n_couples = draw(st.integers(0, n_applicants // 2))
        for c in range(n_couples):
            members = (applicant_ids[2 * c], applicant_ids[2 * c + 1])
            options: list[tuple[str | None, str | None]] = [
                (p, q) for p in [*program_ids, None] for q in [*program_ids, None] if (p, q) != (None, None)
            ]
            pairs = draw(_ordered_subsets(tuple(options), 6))
            couple_entries.append(CoupleEntry(f"c{c}", members, tuple(pairs)))
            pairs_of[members[0]] = pairs
            pairs_of[members[1]] = pairs
    side = {m: i for c in couple_entries for i, m in enumerate(c.members)}

    applicants: list[ApplicantEntry] = []
    for applicant_id in applicant_ids:
        if applicant_id in side:
            primary = list(dict.fromkeys(p[side[applicant_id]] for p in pairs_of[applicant_id]))
            primary = [p for p in primary if p is not None]
            rol: tuple[str, ...] | None = None
        else:
            primary = some(program_ids)
            rol = tuple(primary)
        lists: list[SupplementalList] = []
        if supplemental and primary and draw(st.booleans()):
            attached = some(primary)
            halves = [attached[: len(attached) // 2], attached[len(attached) // 2 :]]
            for group in halves:
                if group:
                    pgy1 = some([p for p in program_ids if p not in group])
                    lists.append(SupplementalList(tuple(group), tuple(pgy1)))
        applicants.append(ApplicantEntry(applicant_id, rol, tuple(lists)))

    programs: list[ProgramEntry] = []
    for index, program_id in enumerate(program_ids):
        later = program_ids[index + 1 :]
        revert_to = draw(_sampled([None, *later])) if reversion and later else None
        programs.append(ProgramEntry(program_id, draw(st.integers(0, 3)), tuple(some(applicant_ids)), revert_to))
    instance = MatchInstance(tuple(programs), tuple(applicants), tuple(couple_entries))
    assert check_instance(instance) == [], check_instance(instance)
    return instance
