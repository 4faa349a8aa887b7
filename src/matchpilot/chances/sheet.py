"""The chances of a whole sheet computed over its columns: what :func:`matchpilot.chances.estimate_all` returns,
number for number, without the per-program assessment and sums.

A program's terms come in slots, each decided by a few facts of the program (the table below); a slot's terms
are made once per distinct value of those facts, by the same functions as :func:`matchpilot.chances.assess`
(through :class:`matchpilot.chances.rules.Assessor`'s caches), and each program gets an index into each slot's
table. The log-odds are then sums over rows of small matrices:

==================  ==========================================  =====================================
slot                read from the program                        terms
==================  ==========================================  =====================================
baseline            its kind of position (specialty and track)   baseline, applicant type
requirements (one   visa facts and evidence; graduation limit;   filters, or ranges when a fact is
slot per check)     Step 2 minimum; USCE; specialty and track    unknown
Step 2              its Step 2 minimum                           step2
IMG                 its IMG share (IMGs only)                    img_share, usce
applicant           its kind of position                         PM&R letters, experience, research
geography           its state                                    geography (or none)
signal              its code (a signal sent there)               signal (or none)
cohort              its code (the server's cohort)               cohort (or none; never when filtered)
==================  ==========================================  =====================================

A slot's keys are numbered over the sheet's columns in bulk (:func:`_codes`: one pass of ``dict.fromkeys`` and
``map`` per fact, no Python step per program; or the numbers the sheet's reading made as it converted the column,
when the programs are a :class:`~matchpilot.domain.program_columns.ProgramRows` holding them), and the facts of a
slot combined as numbers; the program-by-program keys kept ``1``, ``1.0`` and ``True`` apart where they were
``(type, value)`` pairs, and so do the numbers.

``combine``'s three sums are ``math.fsum`` of each program's row of contributions and of squared widening
(each entry computed per distinct term by the same Python expression as ``combine``): ``math.fsum`` is
correctly rounded, so it gives the same float whatever the order of the terms, and the rows are padded with
``-0.0``, which adds nothing to any float. The rows are summed together (:func:`_fsum_columns`: error-free sums
over the whole table, laid out terms first, each row's correct rounding shown exact or checked, ``math.fsum`` itself
for a row it cannot vouch for). The
square roots and differences are IEEE operations, the same in NumPy as in Python. The ranges over the strength
grid are filled per distinct log-odds as before.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from itertools import chain, repeat
from operator import attrgetter
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from matchpilot.chances.cohort import CohortTerm, cohort_factor
from matchpilot.chances.model import ONE, ZERO, Factor, Filter, Interval, Outcome, ProgramChance, program_target
from matchpilot.chances.rules import REQUIREMENT_CHECK_FACTS, Assessor
from matchpilot.chances.strength import FloatArray
from matchpilot.domain.evidence import H1bEvidence
from matchpilot.domain.profile import Target
from matchpilot.domain.program import Program
from matchpilot.domain.program_columns import ProgramRows
from matchpilot.domain.records import records_from_columns

__all__ = ["SheetTerms", "fsum_rows", "sheet_chances", "sheet_terms"]

_T = TypeVar("_T")
_J = TypeVar("_J")
_Terms = tuple[Factor, ...]


def _kinds(values: Sequence[object]) -> dict[type, None]:
    """The types of ``values``, in the order they first appear."""
    return dict.fromkeys(map(type, values))


def _codes(
    values: Sequence[object], *, typed: bool, kinds: dict[type, None] | None = None
) -> tuple[NDArray[np.int64], int]:
    """Each value's number among the distinct values of ``values`` and how many there are; with ``typed``,
    values of different types are apart (``1``, ``1.0`` and ``True`` are three values), else values that are
    equal are one. (The numbers' order does not matter: :func:`_slot` numbers the combinations again.)

    Made in bulk (no Python step per value): a column of enumeration members, booleans and None by identity
    (each is a singleton, so the same value is the same object) with NumPy, without calling the members' Python
    ``__hash__``; any other column by ``dict.fromkeys`` and ``map`` over the values (with their types where
    ``typed`` and the column holds more than one type besides None). ``kinds`` is :func:`_kinds` of ``values``
    when already known."""
    if kinds is None:
        kinds = _kinds(values)
    if all(kind is _NoneType or kind is bool or issubclass(kind, Enum) for kind in kinds):
        ids = np.fromiter(map(id, values), dtype=np.int64, count=len(values))
        distinct, codes = np.unique(ids, return_inverse=True)
        return codes.reshape(-1).astype(np.int64, copy=False), len(distinct)
    keys: Sequence[object]
    if typed and len([kind for kind in kinds if kind is not _NoneType]) > 1:
        keys = list(zip(map(type, values), values, strict=True))
    else:
        keys = values
    number: dict[object, int] = dict.fromkeys(keys)  # type: ignore[assignment]  # numbered just below
    for index, key in enumerate(number):
        number[key] = index
    return np.fromiter(map(number.__getitem__, keys), dtype=np.int64, count=len(keys)), len(number)


_NoneType = type(None)
_RADIX_LIMIT = 2**62


def _slot(columns: Sequence[tuple[NDArray[np.int64], int]], make: Callable[[int], _T]) -> tuple[list[int], list[_T]]:
    """Each program's index into the table of what ``make`` returns for each distinct combination of the
    columns' numbers (each column as :func:`_codes` gives it), ``make`` being called once per combination, with
    the position of the first program holding it, in the order the combinations first appear."""
    combined: NDArray[np.int64] | None = None
    radix = 1
    for column in columns:
        codes, size = column
        if combined is None:
            combined, radix = codes, size
            continue
        if radix * size >= _RADIX_LIMIT:  # renumber what is combined so far: at most one number per program
            _, combined = np.unique(combined, return_inverse=True)
            radix = int(combined.max(initial=-1)) + 1
        combined, radix = combined * size + codes, radix * size
    if combined is None or not len(combined):
        return [], []
    firsts, at = _distinct(combined, radix)
    positions = firsts.tolist()
    made = {position: make(position) for position in sorted(positions)}  # made in the order they first appear
    return at.reshape(-1).tolist(), [made[position] for position in positions]


def _distinct(combined: NDArray[np.int64], radix: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """``np.unique(combined, return_index=True, return_inverse=True)``'s positions and inverse (numbers in
    ``0..radix - 1``): the first position of each distinct number in ascending order of the numbers, and each
    number's rank among them. Where ``radix`` is not much more than the count, without a sort: each number's
    first position is the least of its positions (``np.minimum.at``), the ranks a running count of the numbers
    present."""
    count = len(combined)
    if radix > 4 * count + 1_024:
        _, firsts, at = np.unique(combined, return_index=True, return_inverse=True)
        return firsts, at.reshape(-1)
    first = np.full(radix, count, dtype=np.int64)
    np.minimum.at(first, combined, np.arange(count, dtype=np.int64))
    present = first < count
    rank = np.cumsum(present) - 1
    return first[present], rank[combined]


class SheetTerms:
    """The filters and factors of every program of a sheet for one applicant, held as slots (see the module
    docstring), with the log-odds of each program (what ``combine`` gives for its factors)."""

    def __init__(
        self,
        filters: list[tuple[Filter, ...]],
        factors: list[_Terms],
        etas: list[tuple[float, float, float]],
        may_filter: list[bool],
        codes: list[str],
        targets: list[Target],
    ) -> None:
        """Each program's filters, factors, log-odds, "may filter", code and kind of position
        (``program_target``), in the order of the sheet."""
        self.filters, self.factors, self.etas, self.may_filter = filters, factors, etas, may_filter
        self.codes, self.targets = codes, targets


def sheet_terms(
    assessor: Assessor,
    programs: Sequence[Program],
    evidence: Mapping[str, H1bEvidence],
    cohort: Mapping[str, CohortTerm],
    relative: float,
) -> SheetTerms:
    """The filters, factors, log-odds and "may filter" of each of ``programs`` as ``assessor.assess`` and
    ``combine(factors, relative=relative)`` make them (with the cohort's term added to a program no filter
    removes, as :func:`matchpilot.chances.estimate_all` adds it).

    Each slot's keys are made a fact at a time over the whole sheet (one list per fact, ``map`` and ``zip``: no
    Python step per program); the hard requirements are made once per distinct value of each check's facts
    (:data:`REQUIREMENT_CHECK_FACTS`) and joined once per distinct combination of those."""
    if not 0.0 <= relative <= 1.0:
        raise ValueError(f"relative must be within 0..1, not {relative}")
    count = len(programs)
    given = programs.columns if isinstance(programs, ProgramRows) else {}  # the columns they were made from
    given_numbers = programs.numbers if isinstance(programs, ProgramRows) else {}  # ... some of them numbered
    fact: dict[str, Sequence[object]] = {}
    numbered: dict[tuple[str, bool], tuple[NDArray[np.int64], int]] = {}
    types: dict[str, dict[type, None]] = {}

    def column(name: str) -> Sequence[object]:
        found = fact.get(name)
        if found is None:
            found = fact[name] = given[name] if name in given else list(map(attrgetter(name), programs))
        return found

    codes: list[str] = list(column("code"))  # type: ignore[arg-type]

    def coded(name: str, *, typed: bool = False) -> tuple[NDArray[np.int64], int]:
        if name in given_numbers:  # one number per value and type: right typed or not
            return given_numbers[name]
        values = column(name)
        kinds = types.get(name)
        if kinds is None:
            kinds = types[name] = _kinds(values)
        typed = typed and len([kind for kind in kinds if kind is not _NoneType]) > 1  # else typed changes nothing
        found = numbered.get((name, typed))
        if found is None:
            found = numbered[(name, typed)] = _codes(values, typed=typed, kinds=kinds)
        return found

    kinds = (coded("specialty"), coded("track"))
    target_at, targets = _slot(kinds, lambda i: program_target(programs[i]))
    target_of = list(map(targets.__getitem__, target_at))
    target_number: dict[int, int] = {}  # each kind of position (an enum member) numbered by identity
    numbers = [target_number.setdefault(id(target), len(target_number)) for target in targets]
    target_codes = (np.asarray(numbers, dtype=np.int64)[np.asarray(target_at, dtype=np.intp)], len(target_number))

    # Each slot: the index of every program into a table of term tuples.
    slots: list[tuple[list[int], list[_Terms]]] = []
    slots.append(_slot(kinds, lambda i: tuple(assessor.base_terms(programs[i]))))
    checks = _requirements(assessor, programs, evidence, codes, coded)
    slots.extend((at, [terms for _, terms in table]) for at, table in checks)
    slots.append(_slot([coded("min_step2", typed=True)], lambda i: (assessor.step2(programs[i]),)))
    if assessor.is_img:
        slots.append(_slot([coded("img_share", typed=True)], lambda i: assessor.img_terms(programs[i])))
    slots.append(_slot([target_codes], lambda i: assessor.applicant_terms(target_of[i])))
    slots.append(_slot([coded("state")], lambda i: assessor.geography(programs[i])))
    signalled = assessor.signals
    if signalled:
        signals = list(map(signalled.get, codes, repeat(_NONE)))
        slots.append(_slot([_codes(signals, typed=False)], lambda i: assessor.signal(codes[i])))
    filters = _joined([(at, [found for found, _ in table]) for at, table in checks], count)
    if cohort:
        made: dict[int, _Terms] = {}

        def cohort_terms(i: int) -> _Terms:
            term = cohort.get(codes[i])
            if term is None or filters[i]:
                return ()
            found = made.get(id(term))
            if found is None:
                found = made[id(term)] = (cohort_factor(term),)
            return found

        held = {code: code for code in cohort}
        slots.append(_slot([_codes(list(map(held.get, codes)), typed=False)], cohort_terms))

    factors = _joined(slots, count)
    etas, may_filter = _log_odds(slots, count, relative)
    return SheetTerms(filters, factors, etas, may_filter, codes, target_of)


_Found = tuple[tuple[Filter, ...], _Terms]


def _requirements(
    assessor: Assessor,
    programs: Sequence[Program],
    evidence: Mapping[str, H1bEvidence],
    codes: list[str],
    coded: Callable[..., tuple[NDArray[np.int64], int]],
) -> list[tuple[list[int], list[_Found]]]:
    """A slot per hard requirement (:data:`REQUIREMENT_CHECK_FACTS`), in the order ``assessor.requirements``
    joins them: each program's index into the table of the check's filters and terms, made once per distinct
    value of the facts it reads (and, for the visa, of the DOL LCA evidence's words)."""
    reason_of = {code: found.reason() for code, found in evidence.items()}
    if reason_of:
        reasons = _codes(list(map(reason_of.get, codes)), typed=True)
    else:  # every program's is None
        reasons = (np.zeros(len(codes), dtype=np.int64), 1 if codes else 0)
    found: list[tuple[list[int], list[_Found]]] = []
    for which, names in enumerate(REQUIREMENT_CHECK_FACTS):
        columns = [coded(name, typed=True) for name in names]
        if which == 0:  # the visa check reads the DOL LCA evidence's words too
            columns.insert(0, reasons)

        def check(i: int, which: int = which) -> _Found:
            return assessor.requirement_check(which, programs[i], evidence.get(codes[i]))

        found.append(_slot(columns, check))
    return found


class _Absent:
    """The key of "no signal here" (distinct from a signal of no named tier, which is None)."""


_NONE = _Absent()


def _joined(slots: Sequence[tuple[list[int], Sequence[tuple[_J, ...]]]], count: int) -> list[tuple[_J, ...]]:
    """Each program's factors (or filters): its terms of every slot, in slot order (a slot with no terms is
    passed over), each program's tuple made in one step from its slots' tuples (``zip``, ``chain``)."""
    columns = [map(table.__getitem__, at) for at, table in slots if any(table)]
    if not columns:
        return [() for _ in range(count)]
    if len(columns) == 1:
        return list(columns[0])
    return list(map(tuple, map(chain.from_iterable, zip(*columns, strict=True))))


def _log_odds(
    slots: list[tuple[list[int], list[_Terms]]], count: int, relative: float
) -> tuple[list[tuple[float, float, float]], list[bool]]:
    """``combine(factors, relative=relative)`` and "any factor may filter" of every program, from the slots:
    per distinct term tuple a padded row of contributions and of the squared widening below and above (the
    expressions of ``combine``), gathered into one table (terms first: a program's three sums are three columns)
    and summed column by column as ``math.fsum`` sums (:func:`_fsum_columns`)."""
    parts: list[FloatArray] = []
    may = np.zeros(count, dtype=bool)
    for at, table in slots:
        width = max((len(terms) for terms in table), default=0)
        if width == 0:
            continue
        rows = np.full((width, 3, len(table)), -0.0)
        filters = np.zeros(len(table), dtype=bool)
        for index, terms in enumerate(table):
            for place, f in enumerate(terms):
                contribution, low, high = f.contribution, f.low, f.high
                rows[place, 0, index] = contribution
                rows[place, 1, index] = (contribution - low + relative * abs(low)) ** 2
                rows[place, 2, index] = (high + relative * abs(high) - contribution) ** 2
                filters[index] = filters[index] or f.may_filter
        where = np.asarray(at, dtype=np.intp)
        parts.append(rows.take(where, axis=2).reshape(width, 3 * count))
        may |= filters[where]
    if not parts:
        zero = (0.0, 0.0, 0.0)
        return [zero] * count, [False] * count
    sums = _fsum_columns(np.concatenate(parts) if len(parts) > 1 else parts[0])
    middle, below, above = sums[:count], np.sqrt(sums[count : 2 * count]), np.sqrt(sums[2 * count :])
    etas = list(zip((middle - below).tolist(), middle.tolist(), (middle + above).tolist(), strict=True))
    return etas, may.tolist()


def _two_sum(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Knuth's TwoSum, element by element: ``s = fl(a + b)`` and the rounding error ``e`` with ``a + b = s + e``
    exactly (IEEE double arithmetic, round to nearest, no overflow)."""
    total = a + b
    b_part = total - a
    a_part = total - b_part
    error = np.subtract(a, a_part, out=a_part)  # the same operations, into arrays already made (fewer new ones)
    return total, np.add(error, np.subtract(b, b_part, out=b_part), out=error)


def _tree_sum(table: FloatArray) -> tuple[FloatArray, list[FloatArray]]:
    """The columns of ``table`` (rows x terms, transposed: terms first) added pairwise, and the exact rounding
    errors of every addition (the sum of the result and of all the errors is the exact sum of the terms)."""
    errors: list[FloatArray] = []
    while table.shape[0] > 1:
        pairs = table.shape[0] // 2
        total, error = _two_sum(table[0 : 2 * pairs : 2], table[1 : 2 * pairs : 2])
        errors.append(error)
        table = np.concatenate((total, table[2 * pairs :])) if table.shape[0] % 2 else total
    return table[0], errors


def fsum_rows(table: FloatArray) -> FloatArray:
    """``math.fsum`` of each row of ``table`` (a 2-D float array), the same bits, over the whole table at once
    (:func:`_fsum_columns` of its transpose)."""
    return _fsum_columns(np.ascontiguousarray(table.T, dtype=np.float64))


def _fsum_columns(terms: FloatArray) -> FloatArray:
    """``math.fsum`` of each column of ``terms`` (a 2-D float array, terms first), the same bits.

    ``math.fsum`` is the correctly rounded exact sum. Over the rows: the terms are added pairwise with TwoSum,
    which keeps each addition's exact error, so the exact sum is ``s`` (the terms' sum) plus the exact sum of the
    ``k`` errors; those are added in floating point (``t``), off from their exact sum by at most
    ``(k - 1) * 2**-53`` of the sum of their sizes (a bound taken twice over here: about 1e-30 of the sum).
    ``y = fl(s + t)`` with its exact error ``d`` (TwoSum again) is then the correctly rounded sum wherever ``d``,
    plus or minus that bound, stays strictly within half the gap to the floats on either side of ``y``. The
    errors are themselves added pairwise with TwoSum: where all of *their* errors are 0, ``t`` is their exact sum,
    the exact sum of the column is ``s + t`` and ``y``, one IEEE addition (correctly rounded, ties to even, as
    ``math.fsum`` rounds), is it even on a tie. Every other column (a sum of 0, a near tie whose errors do not
    add up exactly, a value that is not finite) is summed by ``math.fsum`` itself."""
    width, rows = terms.shape
    if rows == 0 or width == 0:
        return np.zeros(rows, dtype=np.float64)
    with np.errstate(all="ignore"):  # a column that is not finite is math.fsum's, below
        first, errors = _tree_sum(terms)
        if errors:
            error = np.concatenate(errors)
            second, residues = _tree_sum(error)  # the errors added pairwise with TwoSum again
            exact = ~(np.concatenate(residues) != 0.0).any(axis=0) if residues else np.ones(rows, dtype=bool)
            bound = np.abs(error).sum(axis=0) * (2.0 * len(error) * 2.0**-52)
        else:
            second = bound = np.zeros(rows, dtype=np.float64)
            exact = np.ones(rows, dtype=bool)
        found, off = _two_sum(first, second)
        size = np.abs(found)
        up = np.spacing(size) * 0.5  # half the gap to the next float away from zero
        down = np.where(np.frexp(size)[0] == 0.5, up * 0.5, up)  # ... towards zero (half as wide at a power of 2)
        towards = np.where(found < 0.0, -off, off)  # how far the sum of s and t lies beyond y, away from zero
        margin = 1.0 - 2.0**-40
        sure = (
            np.isfinite(found)
            & (found != 0.0)
            & (exact | (np.isfinite(bound) & (towards + bound < up * margin) & (towards - bound > -down * margin)))
        )
    if not sure.all():
        for row in np.flatnonzero(~sure).tolist():
            found[row] = math.fsum(terms[:, row].tolist())
    return found


def sheet_chances(
    terms: SheetTerms,
    programs: Sequence[Program],
    outcomes: Mapping[str, Outcome],
    interval: Callable[
        [list[tuple[tuple[float, float, float], bool, bool]]],
        Mapping[tuple[tuple[float, float, float], bool, bool], Interval],
    ],
    match_rate: Callable[[Target], tuple[float, float, float]],
) -> tuple[ProgramChance, ...]:
    """Each program's ``ProgramChance`` from its ``terms``, the outcomes recorded, the ranges ``interval`` fills
    for the keys ``(eta, may_filter, silent)`` it is given, and the match rate of each kind of position: what
    ``_Estimator._made`` makes of each."""
    codes, targets = terms.codes, terms.targets
    if len(codes) != len(programs):
        raise ValueError(f"the terms are of {len(codes)} programs, not {len(programs)}")
    observed: list[Outcome | None] = list(map(outcomes.get, codes)) if outcomes else [None] * len(codes)
    keys: list[tuple[tuple[float, float, float], bool, bool]] = []
    for filters, eta, may, seen in zip(terms.filters, terms.etas, terms.may_filter, observed, strict=True):
        if not filters and (seen is None or seen is Outcome.SILENT):
            keys.append((eta, may, seen is Outcome.SILENT))
    ranges = interval(keys)
    rates: dict[Target, tuple[float, float, float]] = {}
    scaled: dict[tuple[int, int], Interval] = {}  # by the range's and the kind's identity (kinds are members)
    interviews: list[Interval] = []
    matches: list[Interval] = []
    for filters, eta, may, seen, target in zip(
        terms.filters, terms.etas, terms.may_filter, observed, targets, strict=True
    ):
        if seen is None:
            interview = ZERO if filters else ranges[(eta, may, False)]
        elif seen is Outcome.INVITED:
            interview = ONE
        elif seen is Outcome.REJECTED:
            interview = ZERO
        elif seen is Outcome.SILENT:
            interview = ZERO if filters else ranges[(eta, may, True)]
        else:
            interview = ranges[(eta, may, False)]
        interviews.append(interview)
        match = scaled.get((id(interview), id(target)))
        if match is None:
            rate = rates.get(target)
            if rate is None:
                rate = rates[target] = match_rate(target)
            match = scaled[(id(interview), id(target))] = interview.scaled(*rate)
        matches.append(match)
    return records_from_columns(
        ProgramChance, [codes, terms.filters, terms.factors, interviews, matches, targets, terms.etas, observed]
    )
