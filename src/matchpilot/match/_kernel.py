"""The engine's inner loop on flat integer arrays, written once for two runners.

:func:`solve` (the algorithm) and :func:`check` (the engine's stability check of its result, a separate call so
that the algorithm can be timed alone) are plain Python over NumPy arrays in the subset Numba compiles.
:mod:`matchpilot.match.engine` runs them compiled (``numba.njit(cache=True)``, so a second process loads the
machine code from the cache beside this file) or, when Numba is missing or not wanted, as they stand: the same
code, so the same result.

Data layout (every array ``int64`` unless said otherwise; CSR = offsets ``ptr`` plus flat entries):

- applicants' primary lists (CSR ``a_ptr``): ``a_prog`` program, ``a_rank`` the applicant's rank on that
  program's list, ``a_supp`` the supplemental list attached to that program for this applicant (-1: none).
  Only mutually acceptable entries are kept.
- programs' lists (CSR ``p_ptr``): ``p_app`` applicant at each rank, ``p_pos`` where the program stands on that
  applicant's primary list (-1: not on it); ``quota0`` the quotas.
- supplemental lists (CSR ``s_ptr``): ``s_prog``, ``s_rank`` as above.
- couples (CSR ``c_ptr`` over pairs): ``c_prog0``/``c_prog1`` (-1: no match), ``c_rank0``/``c_rank1``,
  ``c_supp0``/``c_supp1``; members ``c_mem0``/``c_mem1``; ``a_couple`` each applicant's couple (-1: single).
- reversion: ``rev_to`` (-1: none) and ``rev_order`` (donors, each before the program it reverts to).
- ``a_pk`` (``int32``): the applicants' primary lists again, packed for the fast singles path
  (:func:`_singles_da`): per applicant its entries ``a_prog << 16 | a_rank``, then -1. Empty when the engine
  could not pack them (the general path is then taken).

A program holds *ranks* (positions on its own list); the applicant is ``p_app[p_ptr[p] + rank]``. An applicant
held by program ``p`` is held through the primary list when ``match_prog[a] == p`` and through a supplemental
list otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

_F = TypeVar("_F", bound=Callable[..., Any])


def _plain(function: _F) -> _F:
    return function


try:  # Numba compiles these helpers when they are called from compiled code; from Python they stay plain.
    from numba.extending import register_jitable  # type: ignore[import-untyped,import-not-found,unused-ignore]

    def _jitable(function: _F) -> _F:
        return register_jitable(function)  # type: ignore[no-any-return,unused-ignore]
except ImportError:  # pragma: no cover - exercised where Numba is not installed
    _jitable = _plain

# ctr slots: mutable scalars shared by the helpers
_TOP = 0  # stack height
_NDIRTY = 1  # programs waiting for a vacancy scan
_PROPOSALS = 2
_BOUND = 3  # 1 once the bound on cycling stopped the run
_ROUNDS = 4
_VACANCIES = 5  # how many times a program was marked for a vacancy scan


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _push(agent: int, stack: Any, in_stack: Any, ctr: Any) -> None:
    if not in_stack[agent]:
        in_stack[agent] = True
        stack[ctr[_TOP]] = agent
        ctr[_TOP] += 1


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _mark_dirty(p: int, dirty: Any, dirty_list: Any, ctr: Any) -> None:
    if not dirty[p]:
        dirty[p] = True
        dirty_list[ctr[_NDIRTY]] = p
        ctr[_NDIRTY] += 1
        ctr[_VACANCIES] += 1


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _add_holder(p: int, rank: int, p_ptr: Any, held: Any, h_cnt: Any, worst: Any) -> None:
    held[p_ptr[p] + rank] = True
    h_cnt[p] += 1
    if rank > worst[p]:
        worst[p] = rank


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _remove_holder(p: int, rank: int, p_ptr: Any, held: Any, h_cnt: Any, worst: Any) -> None:
    start = p_ptr[p]
    held[start + rank] = False
    h_cnt[p] -= 1
    if worst[p] == rank:  # the next worst is below: walk up the program's list (amortised, as ranks only improve)
        w = rank - 1
        while w >= 0 and not held[start + w]:
            w -= 1
        worst[p] = w if h_cnt[p] > 0 else -1


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _accepts(p: int, rank: int, quota: Any, h_cnt: Any, worst: Any) -> bool:
    """Program p would take the applicant at ``rank`` (not yet held there) within its best quota."""
    return bool(h_cnt[p] < quota[p] or rank < worst[p])


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _accepts_both(p: int, r0: int, r1: int, quota: Any, p_ptr: Any, held: Any, h_cnt: Any) -> bool:
    """Program p would hold both members of a couple (ranks r0, r1) within its best quota."""
    worse = max(r0, r1)
    better = min(r0, r1)
    n = 0
    start = p_ptr[p]
    for i in range(worse):
        if held[start + i] and i != better:
            n += 1
    return bool(n + 2 <= quota[p])


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _couple_accepts(
    e: int,
    m0: int,
    m1: int,
    c_prog0: Any,
    c_prog1: Any,
    c_rank0: Any,
    c_rank1: Any,
    match_prog: Any,
    sup_prog: Any,
    quota: Any,
    p_ptr: Any,
    held: Any,
    h_cnt: Any,
    worst: Any,
) -> bool:
    """The couple's pair ``e`` would be granted: each member program that differs from the member's current
    one takes that member, and a program named on both sides takes both."""
    p0 = c_prog0[e]
    p1 = c_prog1[e]
    if p0 >= 0 and p0 == p1:
        return _accepts_both(p0, c_rank0[e], c_rank1[e], quota, p_ptr, held, h_cnt)
    if p0 >= 0 and match_prog[m0] != p0 and sup_prog[m0] != p0 and not _accepts(p0, c_rank0[e], quota, h_cnt, worst):
        return False
    return not (
        p1 >= 0 and match_prog[m1] != p1 and sup_prog[m1] != p1 and not _accepts(p1, c_rank1[e], quota, h_cnt, worst)
    )


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _release_supp(
    a: int, sup_list: Any, sup_prog: Any, sup_rank: Any, p_ptr: Any, held: Any, h_cnt: Any, worst: Any,
    dirty: Any, dirty_list: Any, ctr: Any,
) -> None:  # fmt: skip
    """Applicant a leaves its advanced program: its supplemental seat (if any) is given up."""
    if sup_prog[a] >= 0:
        _remove_holder(sup_prog[a], sup_rank[a], p_ptr, held, h_cnt, worst)
        _mark_dirty(sup_prog[a], dirty, dirty_list, ctr)
        sup_prog[a] = -1
    sup_list[a] = -1


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _bump(
    p: int, n_a: int, quota: Any, p_ptr: Any, p_app: Any, held: Any, h_cnt: Any, worst: Any,
    match_prog: Any, match_rank: Any, a_ptr: Any, a_next: Any, a_held: Any, a_couple: Any,
    sup_list: Any, sup_next: Any, sup_held: Any, sup_prog: Any, sup_rank: Any, s_ptr: Any,
    c_mem0: Any, c_mem1: Any, c_ptr: Any, c_next: Any, c_held: Any,
    stack: Any, in_stack: Any, dirty: Any, dirty_list: Any, ctr: Any,
) -> None:  # fmt: skip
    """Program p is over quota: reject its least preferred holders, each of whom tries again."""
    while h_cnt[p] > quota[p]:
        rank = worst[p]
        _remove_holder(p, rank, p_ptr, held, h_cnt, worst)
        a = p_app[p_ptr[p] + rank]
        if match_prog[a] == p:
            if sup_list[a] >= 0:
                _release_supp(a, sup_list, sup_prog, sup_rank, p_ptr, held, h_cnt, worst, dirty, dirty_list, ctr)
            match_prog[a] = -1
            c = a_couple[a]
            if c < 0:
                a_next[a] = a_held[a] + 1
                a_held[a] = a_ptr[a + 1] - a_ptr[a]
                _push(a, stack, in_stack, ctr)
            else:
                other = c_mem1[c] if c_mem0[c] == a else c_mem0[c]
                if match_prog[other] >= 0:
                    _remove_holder(match_prog[other], match_rank[other], p_ptr, held, h_cnt, worst)
                    _mark_dirty(match_prog[other], dirty, dirty_list, ctr)
                    _release_supp(
                        other, sup_list, sup_prog, sup_rank, p_ptr, held, h_cnt, worst, dirty, dirty_list, ctr
                    )
                    match_prog[other] = -1
                c_next[c] = c_held[c] + 1
                c_held[c] = c_ptr[c + 1] - c_ptr[c]
                _push(2 * n_a + c, stack, in_stack, ctr)
        else:
            s = sup_list[a]
            sup_next[a] = sup_held[a] + 1
            sup_held[a] = s_ptr[s + 1] - s_ptr[s]
            sup_prog[a] = -1
            _push(n_a + a, stack, in_stack, ctr)


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _activate_supp(
    a: int, s: int, n_a: int, sup_list: Any, sup_next: Any, sup_held: Any, sup_prog: Any, s_ptr: Any,
    stack: Any, in_stack: Any, ctr: Any,
) -> None:  # fmt: skip
    sup_list[a] = s
    sup_next[a] = 0
    sup_held[a] = s_ptr[s + 1] - s_ptr[s]
    sup_prog[a] = -1
    _push(n_a + a, stack, in_stack, ctr)


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _run_stack(
    n_a: int, max_proposals: int,
    a_ptr: Any, a_prog: Any, a_rank: Any, a_supp: Any, a_couple: Any,
    p_ptr: Any, p_app: Any, quota: Any,
    s_ptr: Any, s_prog: Any, s_rank: Any,
    c_ptr: Any, c_prog0: Any, c_prog1: Any, c_rank0: Any, c_rank1: Any, c_supp0: Any, c_supp1: Any,
    c_mem0: Any, c_mem1: Any,
    held: Any, h_cnt: Any, worst: Any, match_prog: Any, match_rank: Any, a_next: Any, a_held: Any,
    sup_list: Any, sup_next: Any, sup_held: Any, sup_prog: Any, sup_rank: Any, c_next: Any, c_held: Any,
    stack: Any, in_stack: Any, dirty: Any, dirty_list: Any, ctr: Any,
) -> None:  # fmt: skip
    """Deferred acceptance: pop an agent (single, supplemental list, couple) and let it propose down its list,
    starting where it stopped, until it is held or its list is exhausted; rejected holders are pushed."""
    while ctr[_TOP] > 0 and ctr[_BOUND] == 0:
        ctr[_TOP] -= 1
        agent = stack[ctr[_TOP]]
        in_stack[agent] = False
        if agent < n_a:  # a single applicant's primary list
            a = agent
            while a_next[a] < a_held[a]:
                if ctr[_PROPOSALS] >= max_proposals:
                    ctr[_BOUND] = 1
                    return
                ctr[_PROPOSALS] += 1
                e = a_ptr[a] + a_next[a]
                p = a_prog[e]
                r = a_rank[e]
                if h_cnt[p] < quota[p] or r < worst[p] or sup_prog[a] == p:  # accepted (inline: hot path)
                    if match_prog[a] >= 0:  # re-entry: it leaves the program it held
                        _remove_holder(match_prog[a], match_rank[a], p_ptr, held, h_cnt, worst)
                        _mark_dirty(match_prog[a], dirty, dirty_list, ctr)
                    if sup_list[a] >= 0:
                        _release_supp(
                            a, sup_list, sup_prog, sup_rank, p_ptr, held, h_cnt, worst, dirty, dirty_list, ctr
                        )
                    _add_holder(p, r, p_ptr, held, h_cnt, worst)
                    match_prog[a] = p
                    match_rank[a] = r
                    a_held[a] = a_next[a]
                    if a_supp[e] >= 0:
                        _activate_supp(
                            a, a_supp[e], n_a, sup_list, sup_next, sup_held, sup_prog, s_ptr, stack, in_stack, ctr
                        )
                    if h_cnt[p] > quota[p]:
                        b = p_app[p_ptr[p] + worst[p]]
                        if a_couple[b] < 0 and sup_list[b] < 0 and match_prog[b] == p:
                            # fast path of _bump for the common case, a single without a supplemental seat (a call
                            # passing every array costs more than the work at national scale)
                            _remove_holder(p, worst[p], p_ptr, held, h_cnt, worst)
                            match_prog[b] = -1
                            a_next[b] = a_held[b] + 1
                            a_held[b] = a_ptr[b + 1] - a_ptr[b]
                            _push(b, stack, in_stack, ctr)
                        else:
                            _bump(
                                p, n_a, quota, p_ptr, p_app, held, h_cnt, worst, match_prog, match_rank, a_ptr,
                                a_next, a_held, a_couple, sup_list, sup_next, sup_held, sup_prog, sup_rank, s_ptr,
                                c_mem0, c_mem1, c_ptr, c_next, c_held, stack, in_stack, dirty, dirty_list, ctr,
                            )  # fmt: skip
                    break
                a_next[a] += 1
        elif agent < 2 * n_a:  # a supplemental list
            a = agent - n_a
            s = sup_list[a]
            if s < 0:
                continue
            while sup_next[a] < sup_held[a]:
                if ctr[_PROPOSALS] >= max_proposals:
                    ctr[_BOUND] = 1
                    return
                ctr[_PROPOSALS] += 1
                e = s_ptr[s] + sup_next[a]
                p = s_prog[e]
                r = s_rank[e]
                if _accepts(p, r, quota, h_cnt, worst):
                    if sup_prog[a] >= 0:
                        _remove_holder(sup_prog[a], sup_rank[a], p_ptr, held, h_cnt, worst)
                        _mark_dirty(sup_prog[a], dirty, dirty_list, ctr)
                    _add_holder(p, r, p_ptr, held, h_cnt, worst)
                    sup_prog[a] = p
                    sup_rank[a] = r
                    sup_held[a] = sup_next[a]
                    if h_cnt[p] > quota[p]:
                        _bump(
                            p, n_a, quota, p_ptr, p_app, held, h_cnt, worst, match_prog, match_rank, a_ptr, a_next,
                            a_held, a_couple, sup_list, sup_next, sup_held, sup_prog, sup_rank, s_ptr, c_mem0, c_mem1,
                            c_ptr, c_next, c_held, stack, in_stack, dirty, dirty_list, ctr,
                        )  # fmt: skip
                    break
                sup_next[a] += 1
        else:  # a couple's list of pairs
            c = agent - 2 * n_a
            m0 = c_mem0[c]
            m1 = c_mem1[c]
            while c_next[c] < c_held[c]:
                if ctr[_PROPOSALS] >= max_proposals:
                    ctr[_BOUND] = 1
                    return
                ctr[_PROPOSALS] += 1
                e = c_ptr[c] + c_next[c]
                if _couple_accepts(
                    e, m0, m1, c_prog0, c_prog1, c_rank0, c_rank1, match_prog, sup_prog, quota, p_ptr, held,
                    h_cnt, worst,
                ):  # fmt: skip
                    p0 = c_prog0[e]
                    p1 = c_prog1[e]
                    move0 = match_prog[m0] != p0
                    move1 = match_prog[m1] != p1
                    # members whose program changes leave the old one (and its supplemental seat) first
                    if match_prog[m0] >= 0 and move0:
                        _remove_holder(match_prog[m0], match_rank[m0], p_ptr, held, h_cnt, worst)
                        _mark_dirty(match_prog[m0], dirty, dirty_list, ctr)
                        match_prog[m0] = -1
                    if match_prog[m1] >= 0 and move1:
                        _remove_holder(match_prog[m1], match_rank[m1], p_ptr, held, h_cnt, worst)
                        _mark_dirty(match_prog[m1], dirty, dirty_list, ctr)
                        match_prog[m1] = -1
                    if move0:
                        _release_supp(
                            m0, sup_list, sup_prog, sup_rank, p_ptr, held, h_cnt, worst, dirty, dirty_list, ctr
                        )
                    if move1:
                        _release_supp(
                            m1, sup_list, sup_prog, sup_rank, p_ptr, held, h_cnt, worst, dirty, dirty_list, ctr
                        )
                    if p0 >= 0 and move0:
                        _add_holder(p0, c_rank0[e], p_ptr, held, h_cnt, worst)
                        match_prog[m0] = p0
                        match_rank[m0] = c_rank0[e]
                        if c_supp0[e] >= 0:
                            _activate_supp(
                                m0, c_supp0[e], n_a, sup_list, sup_next, sup_held, sup_prog, s_ptr, stack,
                                in_stack, ctr,
                            )  # fmt: skip
                    if p1 >= 0 and move1:
                        _add_holder(p1, c_rank1[e], p_ptr, held, h_cnt, worst)
                        match_prog[m1] = p1
                        match_rank[m1] = c_rank1[e]
                        if c_supp1[e] >= 0:
                            _activate_supp(
                                m1, c_supp1[e], n_a, sup_list, sup_next, sup_held, sup_prog, s_ptr, stack,
                                in_stack, ctr,
                            )  # fmt: skip
                    c_held[c] = c_next[c]
                    for p in (p0, p1):
                        if p >= 0:
                            _bump(
                                p, n_a, quota, p_ptr, p_app, held, h_cnt, worst, match_prog, match_rank, a_ptr,
                                a_next, a_held, a_couple, sup_list, sup_next, sup_held, sup_prog, sup_rank, s_ptr,
                                c_mem0, c_mem1, c_ptr, c_next, c_held, stack, in_stack, dirty, dirty_list, ctr,
                            )  # fmt: skip
                    break
                c_next[c] += 1


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _first_couple_block(
    c: int, c_ptr: Any, c_mem0: Any, c_mem1: Any, c_held: Any, c_prog0: Any, c_prog1: Any, c_rank0: Any,
    c_rank1: Any, match_prog: Any, sup_prog: Any, quota: Any, p_ptr: Any, held: Any, h_cnt: Any, worst: Any,
) -> int:  # fmt: skip
    """The couple's best pair (index on its list) that blocks with the current matching, or -1."""
    for j in range(c_held[c]):
        e = c_ptr[c] + j
        if _couple_accepts(
            e, c_mem0[c], c_mem1[c], c_prog0, c_prog1, c_rank0, c_rank1, match_prog, sup_prog, quota, p_ptr,
            held, h_cnt, worst,
        ):  # fmt: skip
            return j
    return -1


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _scan_vacancy(
    p: int, n_a: int,
    a_ptr: Any, a_prog: Any, a_couple: Any, p_ptr: Any, p_app: Any, p_pos: Any, quota: Any,
    s_ptr: Any, s_prog: Any,
    c_ptr: Any, c_prog0: Any, c_prog1: Any, c_rank0: Any, c_rank1: Any, c_mem0: Any, c_mem1: Any,
    held: Any, h_cnt: Any, worst: Any, match_prog: Any, a_next: Any, a_held: Any,
    sup_list: Any, sup_next: Any, sup_held: Any, sup_prog: Any, c_next: Any, c_held: Any,
    stack: Any, in_stack: Any, ctr: Any,
) -> None:  # fmt: skip
    """Program p lost a holder or gained seats: every applicant it ranks who now blocks with it (through the
    primary list, a supplemental list or the couple's list) proposes again from that point."""
    full = h_cnt[p] >= quota[p]
    for r in range(p_ptr[p + 1] - p_ptr[p]):
        if full and r > worst[p]:
            break
        a = p_app[p_ptr[p] + r]
        takes = (not full) or r < worst[p] or sup_prog[a] == p
        if not takes:
            continue
        k = p_pos[p_ptr[p] + r]
        if a_couple[a] < 0 and 0 <= k < a_held[a]:
            if in_stack[a]:
                a_next[a] = min(a_next[a], k)
            else:
                a_next[a] = k
                _push(a, stack, in_stack, ctr)
        s = sup_list[a]
        if s >= 0 and sup_prog[a] != p and match_prog[a] != p:
            for j in range(sup_held[a]):
                if s_prog[s_ptr[s] + j] == p:
                    if in_stack[n_a + a]:
                        sup_next[a] = min(sup_next[a], j)
                    else:
                        sup_next[a] = j
                        _push(n_a + a, stack, in_stack, ctr)
                    break
        c = a_couple[a]
        if c >= 0:
            j = _first_couple_block(
                c, c_ptr, c_mem0, c_mem1, c_held, c_prog0, c_prog1, c_rank0, c_rank1, match_prog, sup_prog, quota,
                p_ptr, held, h_cnt, worst,
            )  # fmt: skip
            if j >= 0:
                agent = 2 * n_a + c
                if in_stack[agent]:
                    c_next[c] = min(c_next[c], j)
                else:
                    c_next[c] = j
                    _push(agent, stack, in_stack, ctr)


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _check_all(
    n_a: int, record: bool,
    a_ptr: Any, a_prog: Any, a_rank: Any, a_couple: Any, quota: Any, p_ptr: Any,
    s_ptr: Any, s_prog: Any, s_rank: Any,
    c_ptr: Any, c_prog0: Any, c_prog1: Any, c_rank0: Any, c_rank1: Any, c_mem0: Any, c_mem1: Any,
    held: Any, h_cnt: Any, worst: Any, match_prog: Any, a_next: Any, a_held: Any,
    sup_list: Any, sup_next: Any, sup_held: Any, sup_prog: Any, c_next: Any, c_held: Any,
    stack: Any, in_stack: Any, ctr: Any, b_kind: Any, b_who: Any, b_entry: Any,
) -> int:  # fmt: skip
    """The engine's stability check over everyone (spec/match.md, "Stability").

    With ``record`` every blocking pair or couple is written to ``b_kind``/``b_who``/``b_entry`` (kind 0 single,
    1 supplemental, 2 couple; the applicant or couple; the entry of the blocking program or pair); without it,
    each blocking agent is pushed to propose again from its best blocking entry. Returns how many were found.
    """
    n = 0
    for a in range(n_a):
        if a_couple[a] >= 0:
            continue
        for k in range(a_held[a]):
            e = a_ptr[a] + k
            p = a_prog[e]
            if sup_prog[a] == p or _accepts(p, a_rank[e], quota, h_cnt, worst):
                if record:
                    b_kind[n] = 0
                    b_who[n] = a
                    b_entry[n] = e
                    n += 1
                else:
                    a_next[a] = k
                    _push(a, stack, in_stack, ctr)
                    n += 1
                    break
    for a in range(n_a):
        s = sup_list[a]
        if s < 0:
            continue
        for j in range(sup_held[a]):
            e = s_ptr[s] + j
            if _accepts(s_prog[e], s_rank[e], quota, h_cnt, worst):
                if record:
                    b_kind[n] = 1
                    b_who[n] = a
                    b_entry[n] = e
                    n += 1
                else:
                    sup_next[a] = j
                    _push(n_a + a, stack, in_stack, ctr)
                    n += 1
                    break
    for c in range(len(c_ptr) - 1):
        for j in range(c_held[c]):
            e = c_ptr[c] + j
            if _couple_accepts(
                e, c_mem0[c], c_mem1[c], c_prog0, c_prog1, c_rank0, c_rank1, match_prog, sup_prog, quota, p_ptr,
                held, h_cnt, worst,
            ):  # fmt: skip
                if record:
                    b_kind[n] = 2
                    b_who[n] = c
                    b_entry[n] = e
                    n += 1
                else:
                    c_next[c] = j
                    _push(2 * n_a + c, stack, in_stack, ctr)
                    n += 1
                    break
    return n


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _singles_da(
    a_ptr: Any, a_pk: Any, p_ptr: Any, p_app: Any, quota: Any,
    held: Any, h_cnt: Any, worst: Any, match_prog: Any, match_rank: Any, a_next: Any, a_held: Any, ctr: Any,
) -> None:  # fmt: skip
    """Step 1 when every applicant is single and nobody has a supplemental list: plain deferred acceptance in
    McVitie & Wilson's order (1971, "The stable marriage problem"), leaving exactly the state the general loop
    (:func:`_run_stack`) leaves, so that steps 3-5 go on from it unchanged.

    Applicants enter in index order; one proposes down its list until a program takes it, and the holder that
    program drops (its worst) goes on at once from the entry after the one it held. Applicant-proposing deferred
    acceptance makes the same proposals and ends in the same matching whatever the order (Gale & Shapley 1962;
    McVitie & Wilson 1971), so the result, counters included, is the general loop's. It is faster because a
    proposal touches little memory:

    - ``a_pk`` (``int32``) is every applicant's list, each entry ``program << 16 | rank`` (the applicant's rank on
      that program's list, computed once by the engine), followed by -1: one load per proposal, and a list's end
      is seen without knowing whose list it is. An applicant on the move is just a position in ``a_pk``.
    - each program's quota, holder count, worst held rank and list start sit together in a row of ``prog``;
    - ``own`` (per program rank) is the position in ``a_pk`` of the entry held at that rank, or -1: a dropped
      holder goes on from the next position with no other lookup, and the new worst holder is the next held rank
      above the old one, a walk that only moves up the list (worst ranks only improve), so amortised linear.
    """
    n_a = len(a_ptr) - 1
    n_p = len(p_ptr) - 1
    prog = np.empty((n_p, 4), np.int32)  # quota, holders, worst held rank (-1: none), start of its list
    for p in range(n_p):
        prog[p, 0] = min(quota[p], n_a)  # (no program can hold more: this keeps it in 32 bits)
        prog[p, 1] = 0
        prog[p, 2] = -1
        prog[p, 3] = p_ptr[p]
    own = np.full(max(len(held), 1), -1, np.int32)
    for first in range(n_a):
        k = a_ptr[first] + first  # this applicant's first entry in a_pk
        while True:
            v = a_pk[k]
            if v < 0:  # the list's end: unmatched
                break
            p = v >> 16
            r = v & 0xFFFF
            if prog[p, 1] < prog[p, 0]:  # a free seat
                own[prog[p, 3] + r] = k
                prog[p, 1] += 1
                if r > prog[p, 2]:
                    prog[p, 2] = r
                break
            w = prog[p, 2]
            if r >= w:  # rejected
                k += 1
                continue
            # full, but this applicant is preferred to the worst holder, who is dropped and goes on
            start = prog[p, 3]
            dropped = own[start + w]
            own[start + w] = -1
            own[start + r] = k
            w -= 1
            while w > r and own[start + w] < 0:
                w -= 1
            prog[p, 2] = w
            k = dropped + 1
    # the general loop's state. First the held places, in order, written without a branch (most places up to a
    # program's worst are not held, a branch on each would mostly be mispredicted) ...
    spot = np.empty((n_a + 1, 2), np.int32)  # held place, its program (one per applicant, and one spare)
    found = 0
    for p in range(n_p):
        start = prog[p, 3]
        h_cnt[p] = prog[p, 1]
        worst[p] = prog[p, 2]
        for i in range(start, start + prog[p, 2] + 1):
            taken = own[i] >= 0
            held[i] = taken
            spot[found, 0] = i
            spot[found, 1] = p
            found += taken
    # ... then their applicants. An applicant proposed once to every entry down to the one it holds, or to its
    # whole list (a_held, already its length) when unmatched.
    for j in range(found):
        i = spot[j, 0]
        p = spot[j, 1]
        a = p_app[i]
        match_prog[a] = p
        match_rank[a] = i - p_ptr[p]
        a_held[a] = own[i]  # its position in a_pk for now
    proposals = found
    for a in range(n_a):
        if match_prog[a] >= 0:
            a_held[a] -= a_ptr[a] + a
        a_next[a] = a_held[a]
        proposals += a_held[a]
    ctr[_PROPOSALS] += proposals


def solve(
    a_ptr: Any, a_prog: Any, a_rank: Any, a_supp: Any, a_couple: Any,
    p_ptr: Any, p_app: Any, p_pos: Any, quota0: Any,
    s_ptr: Any, s_prog: Any, s_rank: Any,
    c_ptr: Any, c_prog0: Any, c_prog1: Any, c_rank0: Any, c_rank1: Any, c_supp0: Any, c_supp1: Any,
    c_mem0: Any, c_mem1: Any,
    rev_to: Any, rev_order: Any, a_pk: Any, max_proposals: int, max_rounds: int,
) -> tuple[Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any]:  # fmt: skip
    """Run the match: :func:`_solve_pass`, then, without couples, again from the start with the quotas after
    reversion for as long as a pass moved seats.

    Seats that revert add places at a program after its applicants' proposals were already answered, and the
    state left by those answers is not the one deferred acceptance reaches with the larger quota: an applicant
    refused by the receiver for want of a seat went on to take a seat elsewhere, pushing someone down there,
    and when the receiver takes them back the one pushed down does not return. The result is stable for the
    quotas after reversion but not always the applicant-optimal one (docs/match-engine.md, "Stability"). A pass
    that starts from the quotas after reversion is plain deferred acceptance for them; when it leaves a donor
    with a seat (an applicant it held now does better), that seat reverts and the match runs once more.
    Counters are summed over the passes, as are the seats moved. With couples one pass is kept: a stable
    matching may not exist and there is no applicant-optimal one to reach.

    This is the algorithm alone; the engine's stability check of the result is :func:`check`, a separate call.
    Returns what :func:`_solve_pass` returns, for the last pass (seats moved and counters summed).
    """

    def run(quota: Any) -> tuple[Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any]:
        """One pass from the start with ``quota``."""
        return _solve_pass(
            a_ptr, a_prog, a_rank, a_supp, a_couple, p_ptr, p_app, p_pos, quota, s_ptr, s_prog, s_rank, c_ptr,
            c_prog0, c_prog1, c_rank0, c_rank1, c_supp0, c_supp1, c_mem0, c_mem1, rev_to, rev_order, a_pk,
            max_proposals, max_rounds,
        )  # fmt: skip

    out = run(quota0)
    reverted = out[3].copy()
    counters = out[5].copy()
    moved = reverted.sum() > 0
    while moved and len(c_ptr) == 1 and counters[_BOUND] == 0:
        out = run(out[2])
        moved = out[3].sum() > 0
        reverted += out[3]
        for slot in (_PROPOSALS, _ROUNDS, _VACANCIES):
            counters[slot] += out[5][slot]
        counters[_BOUND] = out[5][_BOUND]
    return out[0], out[1], out[2], reverted, out[4], counters, out[6], out[7], out[8], out[9], out[10], out[11]


@_jitable  # type: ignore[untyped-decorator,unused-ignore]
def _solve_pass(
    a_ptr: Any, a_prog: Any, a_rank: Any, a_supp: Any, a_couple: Any,
    p_ptr: Any, p_app: Any, p_pos: Any, quota0: Any,
    s_ptr: Any, s_prog: Any, s_rank: Any,
    c_ptr: Any, c_prog0: Any, c_prog1: Any, c_rank0: Any, c_rank1: Any, c_supp0: Any, c_supp1: Any,
    c_mem0: Any, c_mem1: Any,
    rev_to: Any, rev_order: Any, a_pk: Any, max_proposals: int, max_rounds: int,
) -> tuple[Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any]:  # fmt: skip
    """One pass of the match (Roth & Peranson 1999, "The Redesign of the Matching Market for American Physicians").

    1. Singles propose down their lists, in order, by deferred acceptance (Gale & Shapley 1962); an applicant
       held by an advanced program with a supplemental list attached starts proposing down that list too. With
       no couples and no supplemental lists this step is :func:`_singles_da`, the same deferred acceptance on a
       compact layout, which leaves the same state (steps 3-5 then run as always, reversion included).
    2. Couples enter one at a time and propose pairs; a pair is granted only if both programs take their member.
       Whoever they displace re-enter; a displaced member withdraws the partner and the couple goes on down.
    3. Every program that lost a holder (a withdrawn partner, a dropped supplemental seat, an applicant moving up)
       or gained seats is scanned: applicants it now takes and who prefer it propose again from there.
    4. Reversion, donors in chain order: seats a donor left unfilled move to the program it reverts to, whose
       rejected applicants re-enter (step 3); repeated until no donor has a seat left to move.
    5. A safety net: blocking agents re-enter; the loop stops when none is left, or when the bound on proposals
       or rounds (cycling with couples) is reached. It is skipped when it cannot find anything: without couples
       and without a single vacancy (no program ever lost a holder or gained seats) every proposal was plain
       deferred acceptance, whose result is stable (Gale & Shapley 1962).

    Returns ``(match_prog, sup_prog, quota, reverted, held_count, counters, held, worst, a_held, sup_list,
    sup_held, c_held)``: the matching, the quotas after reversion, the seats moved, and the state :func:`check`
    reads.
    """
    n_a = len(a_ptr) - 1
    n_p = len(p_ptr) - 1
    n_c = len(c_ptr) - 1
    quota = quota0.copy()
    held = np.zeros(max(len(p_app), 1), np.bool_)
    h_cnt = np.zeros(n_p, np.int64)
    worst = np.full(n_p, -1, np.int64)
    match_prog = np.full(n_a, -1, np.int64)
    match_rank = np.zeros(n_a, np.int64)
    a_next = np.zeros(n_a, np.int64)
    a_held = a_ptr[1:] - a_ptr[:-1]
    sup_list = np.full(n_a, -1, np.int64)
    sup_next = np.zeros(n_a, np.int64)
    sup_held = np.zeros(n_a, np.int64)
    sup_prog = np.full(n_a, -1, np.int64)
    sup_rank = np.zeros(n_a, np.int64)
    c_next = np.zeros(n_c, np.int64)
    c_held = c_ptr[1:] - c_ptr[:-1]
    stack = np.zeros(2 * n_a + n_c + 1, np.int64)
    in_stack = np.zeros(2 * n_a + n_c + 1, np.bool_)
    dirty = np.zeros(n_p, np.bool_)
    dirty_list = np.zeros(n_p + 1, np.int64)
    reverted = np.zeros(n_p, np.int64)
    ctr = np.zeros(6, np.int64)

    if n_c == 0 and len(s_ptr) == 1 and len(a_pk) == len(a_prog) + n_a and max_proposals >= len(a_prog):
        # step 1 without couples or supplemental lists, where the bound cannot stop it (at most one proposal
        # per entry): the same state by a faster route, and the stack below stays empty
        _singles_da(a_ptr, a_pk, p_ptr, p_app, quota, held, h_cnt, worst, match_prog, match_rank, a_next, a_held, ctr)
    else:
        for a in range(n_a - 1, -1, -1):  # a stack: applicant 0 proposes first
            if a_couple[a] < 0:
                _push(a, stack, in_stack, ctr)
    for c in range(-1, n_c):
        if c >= 0:
            _push(2 * n_a + c, stack, in_stack, ctr)
        _run_stack(
            n_a, max_proposals, a_ptr, a_prog, a_rank, a_supp, a_couple, p_ptr, p_app, quota, s_ptr, s_prog, s_rank,
            c_ptr, c_prog0, c_prog1, c_rank0, c_rank1, c_supp0, c_supp1, c_mem0, c_mem1, held, h_cnt, worst,
            match_prog, match_rank, a_next, a_held, sup_list, sup_next, sup_held, sup_prog, sup_rank, c_next, c_held,
            stack, in_stack, dirty, dirty_list, ctr,
        )  # fmt: skip

    while ctr[_BOUND] == 0:
        moved = False
        for step in range(-1, len(rev_order)):
            if step >= 0:
                d = rev_order[step]
                free = quota[d] - h_cnt[d]
                if free <= 0:
                    continue
                quota[d] -= free
                quota[rev_to[d]] += free
                reverted[d] += free
                _mark_dirty(rev_to[d], dirty, dirty_list, ctr)
                moved = True
            while ctr[_NDIRTY] > 0 and ctr[_BOUND] == 0:  # vacancy rounds (step 3)
                ctr[_ROUNDS] += 1
                if ctr[_ROUNDS] > max_rounds:
                    ctr[_BOUND] = 1
                    break
                n_dirty = ctr[_NDIRTY]
                ctr[_NDIRTY] = 0
                for i in range(n_dirty):
                    dirty[dirty_list[i]] = False
                for i in range(n_dirty):
                    _scan_vacancy(
                        dirty_list[i], n_a, a_ptr, a_prog, a_couple, p_ptr, p_app, p_pos, quota, s_ptr, s_prog,
                        c_ptr, c_prog0, c_prog1, c_rank0, c_rank1, c_mem0, c_mem1, held, h_cnt, worst, match_prog,
                        a_next, a_held, sup_list, sup_next, sup_held, sup_prog, c_next, c_held, stack, in_stack, ctr,
                    )  # fmt: skip
                _run_stack(
                    n_a, max_proposals, a_ptr, a_prog, a_rank, a_supp, a_couple, p_ptr, p_app, quota, s_ptr, s_prog,
                    s_rank, c_ptr, c_prog0, c_prog1, c_rank0, c_rank1, c_supp0, c_supp1, c_mem0, c_mem1, held, h_cnt,
                    worst, match_prog, match_rank, a_next, a_held, sup_list, sup_next, sup_held, sup_prog, sup_rank,
                    c_next, c_held, stack, in_stack, dirty, dirty_list, ctr,
                )  # fmt: skip
        if moved or ctr[_BOUND] != 0:
            continue
        if n_c == 0 and ctr[_VACANCIES] == 0:  # plain deferred acceptance: nothing can block (docstring, step 5)
            break
        # step 5: the safety net; blocking agents found here propose again
        found = _check_all(
            n_a, False, a_ptr, a_prog, a_rank, a_couple, quota, p_ptr, s_ptr, s_prog, s_rank, c_ptr, c_prog0,
            c_prog1, c_rank0, c_rank1, c_mem0, c_mem1, held, h_cnt, worst, match_prog, a_next, a_held, sup_list,
            sup_next, sup_held, sup_prog, c_next, c_held, stack, in_stack, ctr, stack, stack, stack,
        )  # fmt: skip
        if found == 0:
            break
        ctr[_ROUNDS] += 1
        if ctr[_ROUNDS] > max_rounds:
            ctr[_BOUND] = 1
            break
        _run_stack(
            n_a, max_proposals, a_ptr, a_prog, a_rank, a_supp, a_couple, p_ptr, p_app, quota, s_ptr, s_prog, s_rank,
            c_ptr, c_prog0, c_prog1, c_rank0, c_rank1, c_supp0, c_supp1, c_mem0, c_mem1, held, h_cnt, worst,
            match_prog, match_rank, a_next, a_held, sup_list, sup_next, sup_held, sup_prog, sup_rank, c_next, c_held,
            stack, in_stack, dirty, dirty_list, ctr,
        )  # fmt: skip
    return match_prog, sup_prog, quota, reverted, h_cnt, ctr, held, worst, a_held, sup_list, sup_held, c_held


def check(
    a_ptr: Any, a_prog: Any, a_rank: Any, a_couple: Any, p_ptr: Any,
    s_ptr: Any, s_prog: Any, s_rank: Any,
    c_ptr: Any, c_prog0: Any, c_prog1: Any, c_rank0: Any, c_rank1: Any, c_mem0: Any, c_mem1: Any,
    match_prog: Any, sup_prog: Any, quota: Any, h_cnt: Any, held: Any, worst: Any, a_held: Any,
    sup_list: Any, sup_held: Any, c_held: Any,
) -> tuple[int, Any, Any, Any]:  # fmt: skip
    """The engine's stability check of a result of :func:`solve` (spec/match.md, "Stability"), run after it.

    Every blocking pair or couple is written to ``b_kind``/``b_who``/``b_entry`` (kind 0 single, 1
    supplemental, 2 couple; the applicant or couple; the entry of the blocking program or pair). Reads the state
    only. Returns ``(n_block, b_kind, b_who, b_entry)``.
    """
    n_a = len(a_ptr) - 1
    n_entries = len(a_prog) + len(s_prog) + len(c_prog0) + 1
    b_kind = np.zeros(n_entries, np.int64)
    b_who = np.zeros(n_entries, np.int64)
    b_entry = np.zeros(n_entries, np.int64)
    unused = np.zeros(0, np.int64)  # the re-entry state, touched only when not recording
    n_block = _check_all(
        n_a, True, a_ptr, a_prog, a_rank, a_couple, quota, p_ptr, s_ptr, s_prog, s_rank, c_ptr, c_prog0, c_prog1,
        c_rank0, c_rank1, c_mem0, c_mem1, held, h_cnt, worst, match_prog, unused, a_held, sup_list, unused,
        sup_held, sup_prog, unused, c_held, unused, np.zeros(0, np.bool_), unused, b_kind, b_who, b_entry,
    )  # fmt: skip
    return n_block, b_kind, b_who, b_entry
