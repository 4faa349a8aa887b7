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
requirements        visa facts and evidence, graduation limit,   filters, or ranges when a fact is
                    Step 2 minimum, USCE, specialty and track    unknown
Step 2              its Step 2 minimum                           step2
IMG                 its IMG share (IMGs only)                    img_share, usce
applicant           its kind of position                         PM&R letters, experience, research
geography           its state                                    geography (or none)
signal              its code (a signal sent there)               signal (or none)
cohort              its code (the server's cohort)               cohort (or none; never when filtered)
==================  ==========================================  =====================================

``combine``'s three sums are ``math.fsum`` of each program's row of contributions and of squared widening
(each entry computed per distinct term by the same Python expression as ``combine``): ``math.fsum`` is
correctly rounded, so it gives the same float whatever the order of the terms, and the rows are padded with
``-0.0``, which adds nothing to any float. The square roots and differences are IEEE operations, the same in
NumPy as in Python. The ranges over the strength grid are filled per distinct log-odds as before.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from operator import attrgetter
from typing import TypeVar

import numpy as np

from matchpilot.chances.cohort import CohortTerm, cohort_factor
from matchpilot.chances.model import ONE, ZERO, Factor, Filter, Interval, Outcome, ProgramChance, program_target
from matchpilot.chances.rules import REQUIREMENT_FACTS, Assessor
from matchpilot.domain.evidence import H1bEvidence
from matchpilot.domain.profile import Target
from matchpilot.domain.program import Program

__all__ = ["SheetTerms", "sheet_chances", "sheet_terms"]

_T = TypeVar("_T")
_Terms = tuple[Factor, ...]


def _per_value(keys: Sequence[Hashable], make: Callable[[int], _T]) -> tuple[list[int], list[_T]]:
    """Each program's index into the table of what ``make`` returns for each distinct key (called once per key,
    with the position of the first program holding it)."""
    first: dict[Hashable, int] = {}
    for position, key in enumerate(keys):
        first.setdefault(key, position)
    slot = {key: index for index, key in enumerate(first)}
    return [slot[key] for key in keys], [make(position) for position in first.values()]


class SheetTerms:
    """The filters and factors of every program of a sheet for one applicant, held as slots (see the module
    docstring), with the log-odds of each program (what ``combine`` gives for its factors)."""

    def __init__(
        self,
        filters: list[tuple[Filter, ...]],
        factors: list[_Terms],
        etas: list[tuple[float, float, float]],
        may_filter: list[bool],
    ) -> None:
        self.filters, self.factors, self.etas, self.may_filter = filters, factors, etas, may_filter


def sheet_terms(
    assessor: Assessor,
    programs: Sequence[Program],
    evidence: Mapping[str, H1bEvidence],
    cohort: Mapping[str, CohortTerm],
    relative: float,
) -> SheetTerms:
    """The filters, factors, log-odds and "may filter" of each of ``programs`` as ``assessor.assess`` and
    ``combine(factors, relative=relative)`` make them (with the cohort's term added to a program no filter
    removes, as :func:`matchpilot.chances.estimate_all` adds it)."""
    if not 0.0 <= relative <= 1.0:
        raise ValueError(f"relative must be within 0..1, not {relative}")
    count = len(programs)
    codes = [p.code for p in programs]
    kinds = [(p.specialty, p.track) for p in programs]
    target_at, targets = _per_value(kinds, lambda i: program_target(programs[i]))
    target_of = [targets[t] for t in target_at]

    # Each slot: the index of every program into a table of term tuples.
    slots: list[tuple[list[int], list[_Terms]]] = []
    slots.append(_per_value(kinds, lambda i: tuple(assessor.base_terms(programs[i]))))
    reasons = [None if (found := evidence.get(code)) is None else found.reason() for code in codes]
    facts = attrgetter(*REQUIREMENT_FACTS)
    requirement_keys = [
        (reason, *((type(value), value) for value in facts(p))) for p, reason in zip(programs, reasons, strict=True)
    ]
    requirement_at, requirements = _per_value(
        requirement_keys, lambda i: assessor.requirements(programs[i], evidence.get(codes[i]))
    )
    slots.append((requirement_at, [terms for _, terms in requirements]))
    slots.append(
        _per_value([(type(p.min_step2), p.min_step2) for p in programs], lambda i: (assessor.step2(programs[i]),))
    )
    if assessor.is_img:
        slots.append(
            _per_value([(type(p.img_share), p.img_share) for p in programs], lambda i: assessor.img_terms(programs[i]))
        )
    slots.append(_per_value(target_of, lambda i: assessor.applicant_terms(target_of[i])))
    slots.append(_per_value([p.state for p in programs], lambda i: assessor.geography(programs[i])))
    signalled = assessor.signals
    if signalled:
        slots.append(_per_value([signalled.get(c, _NONE) for c in codes], lambda i: assessor.signal(codes[i])))
    filters = [requirements[index][0] for index in requirement_at]
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

        slots.append(_per_value([(codes[i] if codes[i] in cohort else None) for i in range(count)], cohort_terms))

    factors = _joined(slots, count)
    etas, may_filter = _log_odds(slots, count, relative)
    return SheetTerms(filters, factors, etas, may_filter)


class _Absent:
    """The key of "no signal here" (distinct from a signal of no named tier, which is None)."""


_NONE = _Absent()


def _joined(slots: list[tuple[list[int], list[_Terms]]], count: int) -> list[_Terms]:
    """Each program's factors: its terms of every slot, in slot order."""
    columns = [[table[index] for index in at] for at, table in slots]
    if not columns:
        return [() for _ in range(count)]
    joined = columns[0]
    for column in columns[1:]:
        joined = [a + b for a, b in zip(joined, column, strict=True)]
    return joined


def _log_odds(
    slots: list[tuple[list[int], list[_Terms]]], count: int, relative: float
) -> tuple[list[tuple[float, float, float]], list[bool]]:
    """``combine(factors, relative=relative)`` and "any factor may filter" of every program, from the slots:
    per distinct term tuple a padded row of contributions and of the squared widening below and above (the
    expressions of ``combine``), gathered into one matrix per sum and summed row by row with ``math.fsum``."""
    parts: list[list[np.ndarray]] = [[], [], []]
    may = np.zeros(count, dtype=bool)
    for at, table in slots:
        width = max((len(terms) for terms in table), default=0)
        if width == 0:
            continue
        rows = np.full((3, len(table), width), -0.0)
        filters = np.zeros(len(table), dtype=bool)
        for index, terms in enumerate(table):
            for place, f in enumerate(terms):
                contribution, low, high = f.contribution, f.low, f.high
                rows[0, index, place] = contribution
                rows[1, index, place] = (contribution - low + relative * abs(low)) ** 2
                rows[2, index, place] = (high + relative * abs(high) - contribution) ** 2
                filters[index] = filters[index] or f.may_filter
        where = np.asarray(at, dtype=np.intp)
        for which in range(3):
            parts[which].append(rows[which][where])
        may |= filters[where]
    if not parts[0]:
        zero = (0.0, 0.0, 0.0)
        return [zero] * count, [False] * count
    mid, downs, ups = (np.hstack(part) if len(part) > 1 else part[0] for part in parts)
    middle = np.array(list(map(math.fsum, mid.tolist())), dtype=np.float64)
    below = np.sqrt(np.array(list(map(math.fsum, downs.tolist())), dtype=np.float64))
    above = np.sqrt(np.array(list(map(math.fsum, ups.tolist())), dtype=np.float64))
    etas = list(zip((middle - below).tolist(), middle.tolist(), (middle + above).tolist(), strict=True))
    return etas, may.tolist()


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
    keys: list[tuple[tuple[float, float, float], bool, bool]] = []
    observed = [outcomes.get(p.code) for p in programs]
    for filters, eta, may, seen in zip(terms.filters, terms.etas, terms.may_filter, observed, strict=True):
        if not filters and (seen is None or seen is Outcome.SILENT):
            keys.append((eta, may, seen is Outcome.SILENT))
    ranges = interval(keys)
    rates: dict[Target, tuple[float, float, float]] = {}
    targets: dict[tuple[str, object], Target] = {}
    scaled: dict[tuple[int, Target], Interval] = {}
    found: list[ProgramChance] = []
    for program, filters, factors, eta, may, seen in zip(
        programs, terms.filters, terms.factors, terms.etas, terms.may_filter, observed, strict=True
    ):
        if seen is Outcome.INVITED:
            interview = ONE
        elif seen is Outcome.REJECTED or (filters and seen is None):
            interview = ZERO
        elif seen is Outcome.SILENT:
            interview = ZERO if filters else ranges[(eta, may, True)]
        else:
            interview = ranges[(eta, may, False)]
        kind = (program.specialty, program.track)
        target = targets.get(kind)
        if target is None:
            target = targets[kind] = program_target(program)
        match = scaled.get((id(interview), target))
        if match is None:
            rate = rates.get(target)
            if rate is None:
                rate = rates[target] = match_rate(target)
            match = scaled[(id(interview), target)] = interview.scaled(*rate)
        found.append(ProgramChance(program.code, filters, factors, interview, match, target, eta, seen))
    return tuple(found)
