"""The NRMP-style match engine: from a :class:`~matchpilot.domain.market.MatchInstance` to a
:class:`~matchpilot.domain.market.MatchResult`.

The algorithm is the applicant-proposing deferred acceptance of Roth & Peranson (1999, "The Redesign of the
Matching Market for American Physicians", American Economic Review 89(4)) with supplemental lists, couples and
reversion; its steps are listed in :func:`matchpilot.match._kernel.solve`. This module turns ids into indices and
flat arrays (only mutually acceptable entries; the applicants' lists also packed for the kernel's fast singles
path), runs the kernel's algorithm and then its stability check, both compiled by Numba when it is installed (or
as plain Python), and turns the arrays back into ids. Inputs are never mutated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from matchpilot.domain.issues import errors_in
from matchpilot.domain.market import (
    Blocking,
    BlockingKind,
    MatchInstance,
    MatchResult,
    MatchStats,
    Reversion,
    check_instance,
)
from matchpilot.errors import InvalidDataError

__all__ = ["Engine", "numba_available", "run_match"]

Engine = Literal["auto", "numba", "python"]
"""Which runner to use: ``numba`` (compiled, cached), ``python`` (the same code uninterpreted), ``auto``."""

_Solver = Callable[..., tuple[Any, ...]]
_compiled: list[tuple[_Solver, _Solver]] = []

IntArray = npt.NDArray[np.int64]


def numba_available() -> bool:
    """True when Numba can be imported (the compiled runner is then used by default)."""
    try:
        import numba  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class _Arrays:
    """The instance as the kernel reads it, plus the ids to read the answer back."""

    program_ids: tuple[str, ...]
    applicant_ids: tuple[str, ...]
    couple_members: tuple[tuple[str, str], ...]
    args: tuple[Any, ...]


def _int(values: list[int]) -> IntArray:
    return np.asarray(values, dtype=np.int64) if values else np.zeros(0, dtype=np.int64)


def _packed(a_ptr: IntArray, a_prog: IntArray, a_rank: IntArray) -> npt.NDArray[np.int32]:
    """The applicants' lists in the compact layout of the kernel's fast singles path
    (:func:`matchpilot.match._kernel._singles_da`): per applicant its entries ``program << 16 | rank`` then -1,
    as ``int32``. Empty when a value does not fit (more than 32,768 programs, a program list longer than 65,536,
    or 2**31 entries): the kernel then takes its general path, with the same result."""
    n_a = len(a_ptr) - 1
    size = len(a_prog) + n_a
    if size >= 2**31 or (len(a_prog) and (int(a_prog.max()) >= 1 << 15 or int(a_rank.max()) >= 1 << 16)):
        return np.zeros(0, np.int32)
    packed = np.full(size, -1, np.int32)
    owner = np.repeat(np.arange(n_a, dtype=np.int64), np.diff(a_ptr))
    packed[np.arange(len(a_prog), dtype=np.int64) + owner] = (a_prog << 16) | a_rank
    return packed


def _prepare(instance: MatchInstance) -> _Arrays:
    """Index the instance: ids → positions, lists → CSR arrays of mutually acceptable entries."""
    program_ids = tuple(p.id for p in instance.programs)
    applicant_ids = tuple(a.id for a in instance.applicants)
    prog_index = {pid: i for i, pid in enumerate(program_ids)}
    app_index = {aid: i for i, aid in enumerate(applicant_ids)}
    n_a = len(applicant_ids)

    rank_of: list[dict[int, int]] = []
    p_ptr = [0]
    p_app: list[int] = []
    for program in instance.programs:
        ranked = [app_index[a] for a in program.rol]
        rank_of.append({a: r for r, a in enumerate(ranked)})
        p_app += ranked
        p_ptr.append(len(p_app))
    p_pos = [-1] * len(p_app)

    a_couple = [-1] * n_a
    couple_side: dict[int, int] = {}
    for c, couple in enumerate(instance.couples):
        for side, member in enumerate(couple.members):
            a_couple[app_index[member]] = c
            couple_side[app_index[member]] = side

    # supplemental lists, numbered over all applicants; attach[a][program] = list number
    s_ptr = [0]
    s_prog: list[int] = []
    s_rank: list[int] = []
    attach: dict[int, dict[int, int]] = {}
    for a, applicant in enumerate(instance.applicants):
        for supplemental in applicant.supplemental_lists:
            number = len(s_ptr) - 1
            for pid in supplemental.rol:
                p = prog_index[pid]
                r = rank_of[p].get(a)
                if r is not None:
                    s_prog.append(p)
                    s_rank.append(r)
            s_ptr.append(len(s_prog))
            mine = attach.setdefault(a, {})
            for pid in supplemental.attached_to:
                mine[prog_index[pid]] = number

    a_ptr = [0]
    a_prog: list[int] = []
    a_rank: list[int] = []
    a_supp: list[int] = []
    no_attach: dict[int, int] = {}
    for a, applicant in enumerate(instance.applicants):
        mine = attach.get(a, no_attach)
        k = 0
        for pid in applicant.ranked if a_couple[a] < 0 else ():
            p = prog_index[pid]
            r = rank_of[p].get(a)
            if r is None:
                continue
            a_prog.append(p)
            a_rank.append(r)
            a_supp.append(mine.get(p, -1))
            p_pos[p_ptr[p] + r] = k
            k += 1
        a_ptr.append(len(a_prog))

    c_ptr = [0]
    c_cols: list[list[int]] = [[], [], [], [], [], []]  # prog0, prog1, rank0, rank1, supp0, supp1
    c_mem0: list[int] = []
    c_mem1: list[int] = []
    for couple in instance.couples:
        pair_members = (app_index[couple.members[0]], app_index[couple.members[1]])
        c_mem0.append(pair_members[0])
        c_mem1.append(pair_members[1])
        for pair in couple.rol:
            row = [-1, -1, 0, 0, -1, -1]
            for side in (0, 1):
                named = pair[side]
                if named is None:
                    continue
                p = prog_index[named]
                r = rank_of[p].get(pair_members[side])
                if r is None:
                    break
                row[side] = p
                row[2 + side] = r
                row[4 + side] = attach.get(pair_members[side], no_attach).get(p, -1)
            else:
                for column, value in zip(c_cols, row, strict=True):
                    column.append(value)
        c_ptr.append(len(c_cols[0]))

    rev_to = [-1] * len(program_ids)
    for i, program in enumerate(instance.programs):
        if program.revert_to is not None:
            rev_to[i] = prog_index[program.revert_to]
    rev_order = _chain_order(rev_to)

    a_ptr_array, a_prog_array, a_rank_array = _int(a_ptr), _int(a_prog), _int(a_rank)
    args = (
        a_ptr_array, a_prog_array, a_rank_array, _int(a_supp), _int(a_couple),
        _int(p_ptr), _int(p_app), _int(p_pos), _int([p.quota for p in instance.programs]),
        _int(s_ptr), _int(s_prog), _int(s_rank),
        _int(c_ptr), *(_int(column) for column in c_cols), _int(c_mem0), _int(c_mem1),
        _int(rev_to), _int(rev_order), _packed(a_ptr_array, a_prog_array, a_rank_array),
    )  # fmt: skip
    members = tuple((c.members[0], c.members[1]) for c in instance.couples)
    return _Arrays(program_ids, applicant_ids, members, args)


def _chain_order(rev_to: list[int]) -> list[int]:
    """Donors ordered so that each comes before the program it reverts to (Kahn's topological order)."""
    incoming = [0] * len(rev_to)
    for target in rev_to:
        if target >= 0:
            incoming[target] += 1
    ready = [p for p in range(len(rev_to)) if incoming[p] == 0]
    order: list[int] = []
    while ready:
        p = ready.pop()
        if rev_to[p] < 0:
            continue
        order.append(p)
        target = rev_to[p]
        incoming[target] -= 1
        if incoming[target] == 0:
            ready.append(target)
    return order


def _solver(engine: Engine) -> tuple[_Solver, _Solver, str]:
    """The kernel's two entry points for ``engine``: ``(solve, check, runner name)``, compiled (and loaded from
    Numba's cache) on first use."""
    from matchpilot.match import _kernel

    if engine == "python" or (engine == "auto" and not numba_available()):
        return _kernel.solve, _kernel.check, "python"
    if not _compiled:
        import numba

        solve = numba.njit(cache=True)(_kernel.solve)
        check = numba.njit(cache=True)(_kernel.check)
        empty = np.zeros(0, np.int64)
        one = np.zeros(1, np.int64)
        args = (one, empty, empty, empty, empty, one, empty, empty, empty, one, empty, empty, one, empty, empty,
                empty, empty, empty, empty, empty, empty, empty, empty, np.zeros(0, np.int32))  # fmt: skip
        _run_check(check, args, solve(*args, 1, 1))  # load or compile both now
        _compiled.append((solve, check))
    return _compiled[0][0], _compiled[0][1], "numba"


def _run_check(check: _Solver, args: tuple[Any, ...], out: tuple[Any, ...]) -> tuple[Any, ...]:
    """The engine's stability check on ``solve(*args, ...)``'s output ``out``: ``(n_block, b_kind, b_who,
    b_entry)``."""
    match_prog, sup_prog, quota, _reverted, h_cnt, _ctr, held, worst, a_held, sup_list, sup_held, c_held = out
    a_ptr, a_prog, a_rank, _a_supp, a_couple, p_ptr = args[:6]
    s_ptr, s_prog, s_rank, c_ptr, c_prog0, c_prog1, c_rank0, c_rank1 = args[9:17]
    c_mem0, c_mem1 = args[19:21]
    return check(
        a_ptr, a_prog, a_rank, a_couple, p_ptr, s_ptr, s_prog, s_rank, c_ptr, c_prog0, c_prog1, c_rank0, c_rank1,
        c_mem0, c_mem1, match_prog, sup_prog, quota, h_cnt, held, worst, a_held, sup_list, sup_held, c_held,
    )  # fmt: skip


def run_match(
    instance: MatchInstance,
    *,
    engine: Engine = "auto",
    timer: Callable[[], float] | None = None,
    max_proposals: int | None = None,
    max_rounds: int = 2000,
) -> MatchResult:
    """Run the NRMP-style match on ``instance`` and return its result (``spec/match.md``).

    Applicant-proposing deferred acceptance after Roth & Peranson (1999): singles first, then couples one at a
    time (displaced applicants re-enter), supplemental lists used only with their advanced match, reversion in
    chain order with the match continuing on the moved seats, and the engine's own stability check in
    ``unstable``. Without couples the result is the applicant-optimal stable matching (Gale & Shapley 1962).

    ``engine`` picks the compiled or the plain-Python runner (same code, same result). ``timer`` (for instance
    ``time.perf_counter``) measures ``stats.solve_seconds``, the algorithm alone: the kernel's
    :func:`~matchpilot.match._kernel.solve`, not the indexing before it, not the stability check that always
    runs after it (:func:`~matchpilot.match._kernel.check`), not building the result; without it the time is 0.
    ``max_proposals`` (default: 50 proposals per list entry) and ``max_rounds`` bound cycling with couples;
    ``stats.stopped_at_bound`` says when a bound stopped the run, and ``unstable`` then shows what is left.
    Raises :class:`~matchpilot.errors.InvalidDataError` when the instance breaks a rule of the contract.
    """
    errors = errors_in(check_instance(instance))
    if errors:
        raise InvalidDataError(f"match instance is not valid ({len(errors)} problems)", errors)
    arrays = _prepare(instance)
    solve, check, name = _solver(engine)
    entries = sum(len(arrays.args[i]) for i in (1, 10, 13))
    bound = max_proposals if max_proposals is not None else 50 * entries + 10_000
    started = timer() if timer is not None else 0.0
    out = solve(*arrays.args, bound, max_rounds)
    seconds = (timer() - started) if timer is not None else 0.0
    found = _run_check(check, arrays.args, out)  # always run, never timed as the solve
    return _result(instance, arrays, out, found, seconds, name)


def _result(
    instance: MatchInstance, arrays: _Arrays, out: tuple[Any, ...], found: tuple[Any, ...], seconds: float, name: str
) -> MatchResult:
    match_prog, sup_prog, quota, reverted, held, ctr = out[:6]
    n_block, b_kind, b_who, b_entry = found
    pids = arrays.program_ids
    aids = arrays.applicant_ids
    matches = {aid: (pids[p] if p >= 0 else None) for aid, p in zip(aids, match_prog.tolist(), strict=True)}
    supplemental = {aid: pids[p] for aid, p in zip(aids, sup_prog.tolist(), strict=True) if p >= 0}
    moved = {
        pids[d]: Reversion(pids[int(arrays.args[21][d])], int(seats))
        for d, seats in enumerate(reverted.tolist())
        if seats > 0
    }
    unfilled = {
        pids[p]: int(q - h) for p, (q, h) in enumerate(zip(quota.tolist(), held.tolist(), strict=True)) if q > h
    }
    a_prog, s_prog = arrays.args[1], arrays.args[10]
    c_prog0, c_prog1 = arrays.args[13], arrays.args[14]
    unstable: list[Blocking] = []
    for kind, who, entry in zip(
        b_kind[:n_block].tolist(), b_who[:n_block].tolist(), b_entry[:n_block].tolist(), strict=True
    ):
        if kind == 0:
            unstable.append(Blocking(BlockingKind.SINGLE, (aids[who],), (pids[a_prog[entry]],)))
        elif kind == 1:
            unstable.append(Blocking(BlockingKind.SUPPLEMENTAL, (aids[who],), (pids[s_prog[entry]],)))
        else:
            pair = tuple(pids[p] if p >= 0 else None for p in (int(c_prog0[entry]), int(c_prog1[entry])))
            unstable.append(Blocking(BlockingKind.COUPLE, arrays.couple_members[who], pair))
    stats = MatchStats(
        applicants=len(aids),
        programs=len(pids),
        matched=sum(1 for p in matches.values() if p is not None),
        proposals=int(ctr[2]),
        solve_seconds=seconds,
        engine=name,
        rounds=int(ctr[4]),
        stopped_at_bound=bool(ctr[3]),
    )
    return MatchResult(
        matches=MappingProxyType(matches),
        supplemental_matches=MappingProxyType(supplemental),
        reverted=MappingProxyType(moved),
        unfilled=MappingProxyType(unfilled),
        unstable=tuple(unstable),
        stats=stats,
    )
