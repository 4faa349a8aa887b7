"""The NRMP-style match engine: from a :class:`~matchpilot.domain.market.MatchInstance` to a
:class:`~matchpilot.domain.market.MatchResult`.

The algorithm is the applicant-proposing deferred acceptance of Roth & Peranson (1999, "The Redesign of the
Matching Market for American Physicians", American Economic Review 89(4)) with supplemental lists, couples and
reversion; its steps are listed in :func:`matchpilot.match._kernel.solve`. This module turns ids into indices and
flat arrays (only mutually acceptable entries; the applicants' lists also packed for the kernel's fast singles
path), runs the kernel's algorithm and then its stability check, both compiled by Numba when it is installed (or
as plain Python), and turns the arrays back into ids. Inputs are never mutated.

A market of singles (no couples, no supplemental lists) is matched under ``auto`` by the same deferred acceptance
written in NumPy (:mod:`matchpilot.match.singles`), which needs no compiler: loading the compiled kernel in a new
process costs more than the whole match. Its result is the kernel's, field for field, except ``stats.engine``
(``numpy``). When a reversion then has seats to move, the kernel runs instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from types import MappingProxyType
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from matchpilot.domain.issues import errors_in
from matchpilot.domain.market import (
    Blocking,
    BlockingKind,
    MarketIndex,
    MatchInstance,
    MatchResult,
    MatchStats,
    Reversion,
    check_instance,
    index_instance,
)
from matchpilot.errors import InvalidDataError
from matchpilot.match import singles

__all__ = ["Engine", "MarketColumns", "numba_available", "run_match", "run_match_columns"]

Engine = Literal["auto", "numba", "python"]
"""Which runner to use: ``numba`` (the kernel compiled, cached), ``python`` (the same code uninterpreted), ``auto``
(NumPy for a market of singles where no reversion moves a seat, else ``numba`` when Numba is installed, else
``python``). Every runner gives the same result."""

_Solver = Callable[..., tuple[Any, ...]]
_compiled: list[tuple[_Solver, _Solver]] = []

IntArray = npt.NDArray[np.int64]

_JOIN_BITS = 63
"""The bits of a key and an entry's number in :meth:`_Lists.rank_of_listed`'s one sort (a positive ``int64``)."""


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

    program_ids: Sequence[str]
    applicant_ids: Sequence[str]
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


def _prepare(instance: MatchInstance, index: MarketIndex | None = None) -> _Arrays:
    """Index the instance: ids → positions, lists → CSR arrays of mutually acceptable entries.

    Whole columns at a time: every id is turned into its position by one pass of a dict lookup (the check's own
    pass, ``index``, when the caller has it: :func:`~matchpilot.domain.market.index_instance`), and the rank a
    program gives an applicant is found for all the applicants' list entries at once by sorting the keys
    ``program * applicants + applicant`` of both sides' lists together (:meth:`_Lists.rank_of_listed`).
    Couples, supplemental lists and reversions (few entries) are read one by one.
    """
    programs, applicants, couples = instance.programs, instance.applicants, instance.couples
    program_ids = tuple(p.id for p in programs)
    applicant_ids = tuple(a.id for a in applicants)
    n_p, n_a = len(program_ids), len(applicant_ids)
    if index is None:
        prog_index = dict(zip(program_ids, range(n_p), strict=True))
        app_index = dict(zip(applicant_ids, range(n_a), strict=True))
        p_len = np.fromiter(map(len, (p.rol for p in programs)), np.int64, n_p)
        p_app = _ids(app_index, chain.from_iterable(p.rol for p in programs), int(p_len.sum()))
    else:
        prog_index, app_index = dict(index.program_index), dict(index.applicant_index)
        p_len, p_app = index.program_rol_lengths, index.program_rol
    lists = _Lists(p_len, p_app, n_a)
    p_ptr = lists.p_ptr

    a_couple = [-1] * n_a
    for c, couple in enumerate(couples):
        for member in couple.members:
            a_couple[app_index[member]] = c

    # supplemental lists, numbered over all applicants in order; attach[(a, program)] = list number
    attach: dict[tuple[int, int], int] = {}
    s_list: list[int] = []
    s_owner: list[int] = []
    s_ids: list[str] = []
    number = 0
    for a in [a for a, applicant in enumerate(applicants) if applicant.supplemental_lists]:
        for supplemental in applicants[a].supplemental_lists:
            s_ids += supplemental.rol
            s_list += [number] * len(supplemental.rol)
            s_owner += [a] * len(supplemental.rol)
            for pid in supplemental.attached_to:
                attach[(a, prog_index[pid])] = number
            number += 1
    s_all = _ids(prog_index, s_ids, len(s_ids))
    s_all_rank = lists.ranks.of(s_all, _int(s_owner)) if s_ids else np.zeros(0, np.int64)
    s_kept = s_all_rank >= 0
    s_prog, s_rank = s_all[s_kept], s_all_rank[s_kept]
    s_ptr = _offsets(np.bincount(_int(s_list)[s_kept], minlength=number).astype(np.int64))

    # the singles' primary lists (a couple's members rank through their couple)
    if index is None:
        single = [a.ranked for a in applicants] if not couples else [
            applicant.ranked if a_couple[a] < 0 else () for a, applicant in enumerate(applicants)
        ]  # fmt: skip
        lengths = np.fromiter(map(len, single), np.int64, n_a)
        listed = _ids(prog_index, chain.from_iterable(single), int(lengths.sum()))
    else:  # a valid instance: a couple member has no list of their own
        lengths, listed = index.applicant_rol_lengths, index.applicant_rol
    a_ptr, a_prog, a_rank, a_owner = _applicant_lists(lists, lengths, listed)
    p_pos = _places(a_ptr, a_prog, a_rank, a_owner, p_ptr, len(p_app))
    a_supp = np.full(len(a_prog), -1, np.int64)
    if attach:
        attached = np.isin(a_owner, _int(sorted({a for a, _p in attach})))
        a_supp[attached] = [
            attach.get(key, -1) for key in zip(a_owner[attached].tolist(), a_prog[attached].tolist(), strict=True)
        ]

    c_ptr = [0]
    c_cols: list[list[int]] = [[], [], [], [], [], []]  # prog0, prog1, rank0, rank1, supp0, supp1
    c_mem0: list[int] = []
    c_mem1: list[int] = []
    for couple in couples:
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
                r = lists.ranks.one(p, pair_members[side])
                if r < 0:
                    break
                row[side] = p
                row[2 + side] = r
                row[4 + side] = attach.get((pair_members[side], p), -1)
            else:
                for column, value in zip(c_cols, row, strict=True):
                    column.append(value)
        c_ptr.append(len(c_cols[0]))

    rev_to = [-1] * n_p
    for i, program in enumerate(programs):
        if program.revert_to is not None:
            rev_to[i] = prog_index[program.revert_to]
    rev_order = _chain_order(rev_to)

    args = (
        a_ptr, a_prog, a_rank, a_supp, _int(a_couple),
        p_ptr, p_app, p_pos, np.fromiter((p.quota for p in programs), np.int64, n_p),
        s_ptr, s_prog, s_rank,
        _int(c_ptr), *(_int(column) for column in c_cols), _int(c_mem0), _int(c_mem1),
        _int(rev_to), _int(rev_order), _packed(a_ptr, a_prog, a_rank),
    )  # fmt: skip
    members = tuple((c.members[0], c.members[1]) for c in couples)
    return _Arrays(program_ids, applicant_ids, members, args)


class _Lists:
    """The programs' lists as the indexing reads them: offsets, the program of each place, and every rank ready
    to be looked up (:class:`_Ranks`, sorted when first asked for: couples and supplemental lists need it)."""

    def __init__(self, p_len: IntArray, p_app: IntArray, n_a: int) -> None:
        self.p_len, self.p_app, self.n_a = p_len, p_app, n_a
        self.p_ptr = _offsets(p_len)
        self.p_owner = np.repeat(np.arange(len(p_len), dtype=np.int64), p_len)
        self._ranks: _Ranks | None = None

    @property
    def ranks(self) -> _Ranks:
        """Every rank on the programs' lists, to look up one entry or many."""
        if self._ranks is None:
            p_keys = self.p_owner * self.n_a + self.p_app
            order = np.argsort(p_keys, kind="stable")
            places = np.arange(len(self.p_app), dtype=np.int64) - self.p_ptr[self.p_owner]
            self._ranks = _Ranks(p_keys[order], places[order], self.n_a)
        return self._ranks

    def rank_of_listed(self, listed: IntArray, owner: IntArray) -> IntArray:
        """Per entry of the applicants' lists (program ``listed[i]`` on the list of applicant ``owner[i]``, no
        list naming a program twice), the rank that program gives the applicant, -1 when it does not rank them.

        One sort joins both sides: the keys ``program * applicants + applicant`` of the programs' entries (even)
        and of the applicants' entries (odd), each with its entry's number in the low bits, sorted together; an
        applicant's entry right after a program's entry with the same key is ranked there. (Without room for the
        numbers in 63 bits, the sorted ranks are searched instead.)"""
        n_p, n_a = len(self.p_len), self.n_a
        n_program, n_listed = len(self.p_app), len(listed)
        low = max(n_program, n_listed, 1).bit_length()
        if (2 * max(n_p, 1) * max(n_a, 1)).bit_length() + low > _JOIN_BITS:
            return self.ranks.of(listed, owner)
        joined = np.empty(n_program + n_listed, np.int64)
        np.left_shift((self.p_owner * n_a + self.p_app) * 2, low, out=joined[:n_program])
        joined[:n_program] |= np.arange(n_program, dtype=np.int64)
        np.left_shift((listed * n_a + owner) * 2 + 1, low, out=joined[n_program:])
        joined[n_program:] |= np.arange(n_listed, dtype=np.int64)
        joined.sort()
        key = joined >> low
        number = joined & ((1 << low) - 1)
        pair = np.flatnonzero((key[1:] == key[:-1] + 1) & ((key[:-1] & 1) == 0))
        rank = np.full(n_listed, -1, np.int64)
        place = number[pair]
        rank[number[pair + 1]] = place - self.p_ptr[self.p_owner[place]]
        return rank


def _applicant_lists(
    lists: _Lists, lengths: IntArray, listed: IntArray
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """The applicants' lists (``lengths`` entries each, the programs' positions in ``listed``) reduced to the
    mutually acceptable entries: ``(a_ptr, a_prog, a_rank, a_owner)``, ``a_owner`` the applicant of each entry."""
    owner = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    listed_rank = lists.rank_of_listed(listed, owner)
    kept = listed_rank >= 0
    a_prog, a_rank, a_owner = listed[kept], listed_rank[kept], owner[kept]
    a_ptr = _offsets(np.bincount(a_owner, minlength=len(lengths)).astype(np.int64))
    return a_ptr, a_prog, a_rank, a_owner


def _places(
    a_ptr: IntArray, a_prog: IntArray, a_rank: IntArray, a_owner: IntArray, p_ptr: IntArray, size: int
) -> IntArray:
    """``p_pos``: for each place on the programs' lists, where that program stands on the applicant's own list
    (-1: not on it)."""
    p_pos = np.full(size, -1, np.int64)
    p_pos[p_ptr[a_prog] + a_rank] = np.arange(len(a_prog), dtype=np.int64) - a_ptr[a_owner]
    return p_pos


def _offsets(counts: IntArray) -> IntArray:
    """CSR offsets from the count of entries in each row: ``[0, c0, c0 + c1, ...]``."""
    out = np.zeros(len(counts) + 1, np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _ids(index: dict[str, int], ids: Iterable[str], count: int) -> IntArray:
    """The positions of ``count`` ids, in one pass (``itemgetter`` looks them all up in one C loop, about twice as
    fast as a call per id)."""
    if count == 0:
        return np.zeros(0, np.int64)
    found = itemgetter(*ids)(index)
    return np.fromiter(found if count > 1 else (found,), np.int64, count)


class _Ranks:
    """The rank each program gives each applicant on its list, looked up for many entries at once."""

    def __init__(self, keys: IntArray, ranks: IntArray, n_a: int) -> None:
        self.keys, self.ranks, self.n_a = keys, ranks, n_a

    def of(self, programs: IntArray, applicants: IntArray) -> IntArray:
        """Per entry, the rank program ``programs[i]`` gives applicant ``applicants[i]``, -1 when not ranked."""
        if not len(self.keys) or not len(programs):
            return np.full(len(programs), -1, np.int64)
        wanted = programs * self.n_a + applicants
        order = np.argsort(wanted)  # searching in sorted order is several times faster (the cache is warm)
        at = np.empty(len(wanted), np.int64)
        at[order] = np.searchsorted(self.keys, wanted[order])
        np.minimum(at, len(self.keys) - 1, out=at)
        return np.where(self.keys[at] == wanted, self.ranks[at], -1)

    def one(self, program: int, applicant: int) -> int:
        """The rank ``program`` gives ``applicant``, -1 when not ranked."""
        wanted = program * self.n_a + applicant
        at = int(np.searchsorted(self.keys, wanted))
        return int(self.ranks[at]) if at < len(self.keys) and self.keys[at] == wanted else -1


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

        _load_numba_without_blas()
        solve = numba.njit(cache=True)(_kernel.solve)
        check = numba.njit(cache=True)(_kernel.check)
        empty = np.zeros(0, np.int64)
        one = np.zeros(1, np.int64)
        args = (one, empty, empty, empty, empty, one, empty, empty, empty, one, empty, empty, one, empty, empty,
                empty, empty, empty, empty, empty, empty, empty, empty, np.zeros(0, np.int32))  # fmt: skip
        _run_check(check, args, solve(*args, 1, 1))  # load or compile both now
        _compiled.append((solve, check))
    return _compiled[0][0], _compiled[0][1], "numba"


def _load_numba_without_blas() -> None:
    """Load Numba's NumPy support without SciPy's linear algebra, which the kernel does not use.

    On loading its NumPy support, Numba asks whether BLAS is there by importing ``scipy.linalg.cython_blas``
    (about half a second of start-up, most of loading the cached kernel). It keeps the answer only to choose how
    ``np.cov`` and ``np.corrcoef`` multiply in compiled code (a plain loop without BLAS); ``np.dot`` and
    ``np.linalg`` ask again when they are compiled. So that question alone is answered "no" here; nothing else
    changes, and if Numba's layout ever differs, it loads as it always did.
    """
    if "numba.np.arraymath" in sys.modules or "scipy.linalg" in sys.modules:
        return  # already loaded, or SciPy's linear algebra costs nothing more now
    try:
        from numba.np import linalg  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - a Numba without this module loads as it always did
        return
    original = getattr(linalg, "ensure_blas", None)
    if original is None:  # pragma: no cover - as above
        return

    def no_blas() -> None:
        raise ImportError("BLAS is not needed by the match kernel")

    linalg.ensure_blas = no_blas
    try:
        import numba.np.arraymath  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    finally:
        linalg.ensure_blas = original


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
    checked: bool = False,
    index: MarketIndex | None = None,
) -> MatchResult:
    """Run the NRMP-style match on ``instance`` and return its result (``spec/match.md``).

    Applicant-proposing deferred acceptance after Roth & Peranson (1999): singles first, then couples one at a
    time (displaced applicants re-enter), supplemental lists used only with their advanced match, reversion in
    chain order with the match continuing on the moved seats, and the engine's own stability check in
    ``unstable``. Without couples the result is the applicant-optimal stable matching (Gale & Shapley 1962).

    ``engine`` picks the runner (:data:`Engine`; the same result from each). ``timer`` (for instance
    ``time.perf_counter``) measures ``stats.solve_seconds``, the algorithm alone: the kernel's
    :func:`~matchpilot.match._kernel.solve`, not the indexing before it, not the stability check that always
    runs after it (:func:`~matchpilot.match._kernel.check`), not building the result; without it the time is 0.
    ``max_proposals`` (default: 50 proposals per list entry) and ``max_rounds`` bound cycling with couples;
    ``stats.stopped_at_bound`` says when a bound stopped the run, and ``unstable`` then shows what is left.
    Raises :class:`~matchpilot.errors.InvalidDataError` when the instance breaks a rule of the contract;
    ``checked=True`` says the caller has just had it checked (it came from
    :func:`~matchpilot.io.match_json.instance_from_dict`, or :func:`~matchpilot.domain.market.check_instance`
    found nothing) and skips checking it again; so does ``index``, the instance's
    :func:`~matchpilot.domain.market.index_instance` (not ``None``: the instance is valid), whose positions the
    indexing then reuses.
    """
    if index is None and not checked:
        index = index_instance(instance)
        errors = [] if index is not None else errors_in(check_instance(instance))
        if errors:
            raise InvalidDataError(f"match instance is not valid ({len(errors)} problems)", errors)
    return _run(_prepare(instance, index), engine, timer, max_proposals, max_rounds)


class MarketColumns(Protocol):
    """A valid market without couples or supplemental lists, read straight into columns
    (:func:`matchpilot.io.match_json.plain_market`): the ids in order, the quotas, where each program reverts
    (-1: nowhere), and every list as the positions of the ids it ranks, the lists one after the other with their
    lengths (NumPy ``int64`` arrays)."""

    @property
    def program_ids(self) -> Sequence[str]:
        """The programs' ids, in order."""

    @property
    def applicant_ids(self) -> Sequence[str]:
        """The applicants' ids, in order."""

    @property
    def quotas(self) -> IntArray:
        """Each program's quota."""

    @property
    def revert_to(self) -> IntArray:
        """The position of the program each program's unfilled seats go to, -1 for none."""

    @property
    def program_rol(self) -> IntArray:
        """The applicants' positions on every program's list."""

    @property
    def program_rol_lengths(self) -> IntArray:
        """The length of each program's list."""

    @property
    def applicant_rol(self) -> IntArray:
        """The programs' positions on every applicant's list."""

    @property
    def applicant_rol_lengths(self) -> IntArray:
        """The length of each applicant's list."""


def run_match_columns(
    market: MarketColumns,
    *,
    engine: Engine = "auto",
    timer: Callable[[], float] | None = None,
    max_proposals: int | None = None,
    max_rounds: int = 2000,
) -> MatchResult:
    """:func:`run_match` on a market read straight into columns (no entry objects): the same result as
    :func:`run_match` on the same market. The caller vouches that the market is valid (the reader checked it)."""
    n_a = len(market.applicant_ids)
    p_app = market.program_rol
    lists = _Lists(market.program_rol_lengths, p_app, n_a)
    p_ptr = lists.p_ptr
    a_ptr, a_prog, a_rank, _owner = _applicant_lists(lists, market.applicant_rol_lengths, market.applicant_rol)
    rev_to = market.revert_to
    empty, start = np.zeros(0, np.int64), np.zeros(1, np.int64)
    args = (
        a_ptr, a_prog, a_rank, np.full(len(a_prog), -1, np.int64), np.full(n_a, -1, np.int64),
        p_ptr, p_app, None, market.quotas,
        start, empty, empty,
        start, empty, empty, empty, empty, empty, empty, empty, empty,
        rev_to, _int(_chain_order(rev_to.tolist()) if np.any(rev_to >= 0) else []), None,
    )  # fmt: skip
    arrays = _Arrays(market.program_ids, market.applicant_ids, (), args)
    return _run(arrays, engine, timer, max_proposals, max_rounds)


def _run(
    arrays: _Arrays,
    engine: Engine,
    timer: Callable[[], float] | None,
    max_proposals: int | None,
    max_rounds: int,
) -> MatchResult:
    """Solve, check and read back: the NumPy deferred acceptance (:mod:`matchpilot.match.singles`) for a market
    of singles under ``auto`` when the bound cannot stop it and no reversion moves a seat, else the kernel."""
    args = arrays.args
    entries = sum(len(args[i]) for i in (1, 10, 13))
    bound = max_proposals if max_proposals is not None else 50 * entries + 10_000
    if engine == "auto" and len(args[9]) == 1 and len(args[12]) == 1 and bound >= len(args[1]):
        a_ptr, a_prog, a_rank, quota, rev_order = args[0], args[1], args[2], args[8], args[22]
        started = timer() if timer is not None else 0.0
        outcome = singles.deferred_acceptance(a_ptr, a_prog, a_rank, args[5], args[6], quota)
        seconds = (timer() - started) if timer is not None else 0.0
        if not np.any(quota[rev_order] > outcome.h_cnt[rev_order]):  # no donor has a seat to move
            return _singles_result(arrays, outcome, singles.blocking(a_ptr, a_prog, a_rank, quota, outcome), seconds)
    args = _kernel_layout(args)
    solve, check, name = _solver(engine)
    started = timer() if timer is not None else 0.0
    out = solve(*args, bound, max_rounds)
    seconds = (timer() - started) if timer is not None else 0.0
    found = _run_check(check, args, out)  # always run, never timed as the solve
    return _result(
        _Arrays(arrays.program_ids, arrays.applicant_ids, arrays.couple_members, args), out, found, seconds, name
    )


def _kernel_layout(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The kernel's arguments with ``p_pos`` and the packed lists ``a_pk``, made here when they are missing
    (:func:`run_match_columns` leaves them out: only the kernel reads them)."""
    if args[7] is not None and args[23] is not None:
        return args
    a_ptr, a_prog, a_rank, p_ptr = args[0], args[1], args[2], args[5]
    owner = np.repeat(np.arange(len(a_ptr) - 1, dtype=np.int64), np.diff(a_ptr))
    p_pos = _places(a_ptr, a_prog, a_rank, owner, p_ptr, len(args[6]))
    return (*args[:7], p_pos, *args[8:23], _packed(a_ptr, a_prog, a_rank))


def _singles_result(arrays: _Arrays, outcome: singles.SinglesOutcome, blocks: IntArray, seconds: float) -> MatchResult:
    """The result of the NumPy deferred acceptance, read back as :func:`_result` reads the kernel's."""
    n_a, n_p = len(outcome.match_prog), len(outcome.h_cnt)
    quota = arrays.args[8]
    counters = np.zeros(6, np.int64)
    counters[2] = outcome.proposals
    out = (outcome.match_prog, np.full(n_a, -1, np.int64), quota, np.zeros(n_p, np.int64), outcome.h_cnt, counters)
    found = (
        len(blocks),
        np.zeros(len(blocks), np.int64),
        np.repeat(np.arange(n_a, dtype=np.int64), np.diff(arrays.args[0]))[blocks],
        blocks,
    )
    return _result(arrays, out, found, seconds, "numpy")


def _result(arrays: _Arrays, out: tuple[Any, ...], found: tuple[Any, ...], seconds: float, name: str) -> MatchResult:
    match_prog, sup_prog, quota, reverted, held, ctr = out[:6]
    n_block, b_kind, b_who, b_entry = found
    pids = arrays.program_ids
    aids = arrays.applicant_ids
    named = [*pids, None]  # position -1 (no program) reads as None
    matches = dict(zip(aids, map(named.__getitem__, match_prog.tolist()), strict=True))
    matched = np.flatnonzero(sup_prog >= 0)
    supplemental = dict(
        zip(map(aids.__getitem__, matched.tolist()), map(pids.__getitem__, sup_prog[matched].tolist()), strict=True)
    )
    donors = np.flatnonzero(reverted > 0)
    moved = {
        pids[d]: Reversion(pids[int(arrays.args[21][d])], seats)
        for d, seats in zip(donors.tolist(), reverted[donors].tolist(), strict=True)
    }
    short = np.flatnonzero(quota > held)
    unfilled = dict(zip(map(pids.__getitem__, short.tolist()), (quota - held)[short].tolist(), strict=True))
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
        matched=int(np.count_nonzero(match_prog >= 0)),
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
