"""Deferred acceptance for a market of singles, in NumPy: no compiler to load.

A market without couples and without supplemental lists is matched by plain applicant-proposing deferred
acceptance (Gale & Shapley 1962), whose result is the applicant-optimal stable matching: unique, whatever the
order in which applicants propose. This module finds it in *rounds* (Gale & Shapley's own order): every
applicant without a place proposes to the next program on its list at once; each program keeps the best
``quota`` of those it held and those who proposed, and rejects the rest, who go on in the next round. Each round
is a few whole-array operations over the proposals and the holders of the programs they reach, so a national
market (47,000 applicants, about 90 rounds) takes a few hundredths of a second, without loading the compiled
kernel (:mod:`matchpilot.match._kernel`), which costs more than that to load in a new process.

The proposals made are the same in any order too: an applicant proposes to every program on its list down to
the one it ends with (or to all of them when unmatched). So the counters the engine reports, and the state its
stability check reads, are those of the kernel's own deferred acceptance; :func:`blocking` is that check for a
market of singles.

The arrays are the kernel's (see :mod:`matchpilot.match._kernel`, "Data layout"): the applicants' lists
``a_ptr``/``a_prog``/``a_rank`` (mutually acceptable entries only), the programs' lists ``p_ptr``/``p_app``
and the quotas; every array ``int64``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["SinglesOutcome", "blocking", "deferred_acceptance"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class SinglesOutcome:
    """The end of deferred acceptance, in the kernel's terms.

    ``match_prog``: each applicant's program (-1: unmatched); ``match_rank``: its rank on that program's list;
    ``a_held``: the place of the held entry on the applicant's own list (its whole length when unmatched), so
    the applicant proposed ``a_held + 1`` times when matched, ``a_held`` times when not; ``h_cnt``: how many
    each program holds; ``worst``: the worst rank each program holds (-1: none); ``proposals``: how many
    proposals were made in all.
    """

    match_prog: IntArray
    match_rank: IntArray
    a_held: IntArray
    h_cnt: IntArray
    worst: IntArray
    proposals: int


def _offsets(counts: IntArray) -> IntArray:
    out = np.zeros(len(counts) + 1, np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _ranges(starts: IntArray, lengths: IntArray, total: int) -> IntArray:
    """The positions ``starts[i] .. starts[i] + lengths[i] - 1`` of every range, one after the other."""
    ends = np.cumsum(lengths)
    positions: IntArray = np.arange(total, dtype=np.int64) + np.repeat(starts - (ends - lengths), lengths)
    return positions


def deferred_acceptance(
    a_ptr: IntArray, a_prog: IntArray, a_rank: IntArray, p_ptr: IntArray, p_app: IntArray, quota: IntArray
) -> SinglesOutcome:
    """Applicant-proposing deferred acceptance of a market of singles, in rounds (see the module's docstring).

    Each program's holders are kept in ``slots`` (room for ``min(quota, list length)`` each), as positions in
    ``p_app`` (a program's list start plus the rank), in rank order. In a round, the positions of the new
    proposals and of the holders of every program they reach are sorted together: a program's candidates are
    then one run, best first, and the first ``quota`` of each run are kept.
    """
    n_a, n_p = len(a_ptr) - 1, len(p_ptr) - 1
    length = np.diff(a_ptr)
    p_len = np.diff(p_ptr)
    owner = np.repeat(np.arange(n_p, dtype=np.int64), p_len)  # the program of each place in p_app
    slot_ptr = _offsets(np.minimum(np.maximum(quota, 0), p_len))
    slots = np.zeros(max(int(slot_ptr[-1]), 1), np.int64)
    h_cnt = np.zeros(n_p, np.int64)
    nxt = np.zeros(n_a, np.int64)  # the place on its own list each applicant proposes to next
    place = p_ptr[a_prog] + a_rank  # each entry of the applicants' lists as a place in p_app
    free = np.flatnonzero(length > 0)
    while len(free):
        proposed = place[a_ptr[free] + nxt[free]]
        new = np.bincount(owner[proposed], minlength=n_p)
        reached = np.flatnonzero(new)
        holding = h_cnt[reached]
        held_now = int(holding.sum())
        if held_now:
            candidates = np.concatenate((slots[_ranges(slot_ptr[reached], holding, held_now)], proposed))
        else:
            candidates = proposed
        candidates.sort()
        counts = holding + new[reached]
        within = np.arange(len(candidates), dtype=np.int64) - np.repeat(_offsets(counts)[:-1], counts)
        seats = quota[reached]
        kept = within < np.repeat(seats, counts)
        slots[np.repeat(slot_ptr[reached], counts)[kept] + within[kept]] = candidates[kept]
        h_cnt[reached] = np.minimum(counts, seats)
        rejected = p_app[candidates[~kept]]  # distinct applicants: a holder never proposes
        nxt[rejected] += 1
        free = rejected[nxt[rejected] < length[rejected]]

    match_prog = np.full(n_a, -1, np.int64)
    match_rank = np.zeros(n_a, np.int64)
    worst = np.full(n_p, -1, np.int64)
    matched = int(h_cnt.sum())
    if matched:
        held = slots[_ranges(slot_ptr[:-1], h_cnt, matched)]
        programs = owner[held]
        match_prog[p_app[held]] = programs
        match_rank[p_app[held]] = held - p_ptr[programs]
        holding = np.flatnonzero(h_cnt)
        worst[holding] = slots[slot_ptr[holding] + h_cnt[holding] - 1] - p_ptr[holding]  # slots are in rank order
    return SinglesOutcome(match_prog, match_rank, nxt, h_cnt, worst, int(nxt.sum()) + matched)


def blocking(a_ptr: IntArray, a_prog: IntArray, a_rank: IntArray, quota: IntArray, outcome: SinglesOutcome) -> IntArray:
    """The entries of the applicants' lists that block with the matching, in order (the kernel's stability
    check for a market of singles): an entry above the applicant's match (or any entry of an unmatched
    applicant) whose program has a free seat or holds someone it ranks lower."""
    entries = len(a_prog)
    if not entries:
        return np.zeros(0, np.int64)
    owner = np.repeat(np.arange(len(a_ptr) - 1, dtype=np.int64), np.diff(a_ptr))
    above = np.arange(entries, dtype=np.int64) - a_ptr[owner] < outcome.a_held[owner]
    takes = (outcome.h_cnt[a_prog] < quota[a_prog]) | (a_rank < outcome.worst[a_prog])
    return np.flatnonzero(above & takes)
