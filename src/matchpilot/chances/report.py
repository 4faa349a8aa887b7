"""The chances at every program of a sheet, as one value: what the chances use case returns and ``pick`` reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
from numpy.typing import NDArray

from matchpilot.chances.cohort import CohortFit
from matchpilot.chances.learning import Outlook, OutlookChange
from matchpilot.chances.model import Interval, Outcome, ProgramChance
from matchpilot.chances.strength import FloatArray
from matchpilot.domain.issues import Issue
from matchpilot.domain.profile import Target
from matchpilot.domain.program import Program
from matchpilot.domain.records import records_from_columns
from matchpilot.errors import NotFoundError

__all__ = ["ChancesColumns", "ChancesReport", "ProgramEstimate", "chances_columns", "ranked_estimates"]


@dataclass(frozen=True, slots=True)
class ProgramEstimate:
    """One program of the sheet and its chances."""

    program: Program
    chance: ProgramChance


def ranked_estimates(programs: Sequence[Program], chances: Sequence[ProgramChance]) -> list[ProgramEstimate]:
    """Each chance with the program of its code, in the order of :attr:`ChancesReport.estimates`: the programs
    no filter removes first, by decreasing middle chance of an interview, then by code (a stable sort).

    When ``chances[i]`` is program ``i``'s (every code once, as a stored sheet is) and no middle chance is NaN,
    the order is taken over arrays (``numpy.lexsort`` of the codes' ranks, the negated middles and the filtered
    flags: the same keys, so the same order), else by sorting the estimates with those keys."""
    count = len(chances)
    codes = list(map(attrgetter("code"), chances))
    if len(programs) == count and list(map(attrgetter("code"), programs)) == codes and len(set(codes)) == count:
        estimates = records_from_columns(ProgramEstimate, [programs, chances])
        mids = np.fromiter(map(attrgetter("p_interview.mid"), chances), dtype=np.float64, count=count)
        if not np.isnan(mids).any():
            filtered = np.fromiter(map(bool, map(attrgetter("filtered"), chances)), dtype=bool, count=count)
            rank = np.empty(count, dtype=np.intp)
            rank[sorted(range(count), key=codes.__getitem__)] = np.arange(count)
            order = np.lexsort((rank, -mids, filtered))
            return list(map(estimates.__getitem__, order.tolist()))
    by_code = {p.code: p for p in programs}
    found = [ProgramEstimate(by_code[c.code], c) for c in chances]
    found.sort(key=lambda e: (e.chance.is_filtered, -e.chance.p_interview.mid, e.program.code))
    return found


@dataclass(frozen=True, slots=True)
class ChancesReport:
    """The chances at every program of the sheet.

    ``estimates`` lists the programs no filter removes by decreasing middle chance of an interview, then the
    filtered ones; ``before``/``after`` are the outlooks before and after learning from the outcomes given,
    ``change`` explains the difference (None when no outcome was given); ``issues`` are warnings about
    outcomes that were not learned from; ``cohort`` is the fit of the server's cohort whose terms the chances
    include (None when the caller gave none; matchpilot's own pages and commands always give the server's fit,
    which has no terms while no applicant's outcomes are pooled).
    """

    estimates: tuple[ProgramEstimate, ...]
    weights_source: str
    season_year: int
    before: Outlook
    after: Outlook
    change: OutlookChange | None
    issues: tuple[Issue, ...] = ()
    cohort: CohortFit | None = None

    @property
    def cohort_programs(self) -> tuple[ProgramEstimate, ...]:
        """The programs whose chance includes a term from the server's cohort."""
        return tuple(e for e in self.estimates if any(f.key == "cohort" for f in e.chance.factors))

    @property
    def open(self) -> tuple[ProgramEstimate, ...]:
        """The programs no hard filter removes."""
        return tuple(e for e in self.estimates if not e.chance.is_filtered)

    @property
    def filtered(self) -> tuple[ProgramEstimate, ...]:
        """The programs a hard filter removes."""
        return tuple(e for e in self.estimates if e.chance.is_filtered)

    def estimate(self, code: str) -> ProgramEstimate:
        """The estimate for the program with ``code``; NotFoundError when the sheet has none."""
        for estimate in self.estimates:
            if estimate.program.code == code:
                return estimate
        raise NotFoundError(f"no program with code {code!r} in your sheet")


@dataclass(frozen=True, slots=True, eq=False)
class ChancesColumns:
    """Estimates as columns, row ``i`` being ``estimates[i]``: for work over a whole sheet that needs numbers, not
    objects (:func:`chances_columns`). ``p_interview`` and ``p_match`` are ``(rows, 3)`` arrays of the ranges'
    low, middle and high ends, the same floats as the ``Interval`` objects hold."""

    codes: tuple[str, ...]
    filtered: NDArray[np.bool_]
    p_interview: FloatArray
    p_match: FloatArray
    categories: tuple[Target, ...]
    observed: tuple[Outcome | None, ...]


def chances_columns(estimates: Sequence[ProgramEstimate]) -> ChancesColumns:
    """The columns of ``estimates`` (for example a report's), read in bulk: the ranges, which programs share, are
    read once per distinct ``Interval`` object and gathered by index."""
    chances = list(map(attrgetter("chance"), estimates))
    count = len(chances)

    def ends(name: str) -> FloatArray:
        ranges: list[Interval] = list(map(attrgetter(name), chances))
        number: dict[int, int] = {}
        distinct: list[Interval] = []
        for found in ranges:
            if id(found) not in number:
                number[id(found)] = len(distinct)
                distinct.append(found)
        table = np.array([(r.low, r.mid, r.high) for r in distinct], dtype=np.float64).reshape(-1, 3)
        index = np.fromiter(map(number.__getitem__, map(id, ranges)), dtype=np.intp, count=count)
        return table[index]

    return ChancesColumns(
        tuple(map(attrgetter("code"), chances)),
        np.fromiter(map(bool, map(attrgetter("filtered"), chances)), dtype=bool, count=count),
        ends("p_interview"),
        ends("p_match"),
        tuple(map(attrgetter("category"), chances)),
        tuple(map(attrgetter("observed"), chances)),
    )
