"""The chances at every program of a sheet, as one value: what the chances use case returns and ``pick`` reads."""

from __future__ import annotations

from dataclasses import dataclass

from matchpilot.chances.cohort import CohortFit
from matchpilot.chances.learning import Outlook, OutlookChange
from matchpilot.chances.model import ProgramChance
from matchpilot.domain.issues import Issue
from matchpilot.domain.program import Program
from matchpilot.errors import NotFoundError

__all__ = ["ChancesReport", "ProgramEstimate"]


@dataclass(frozen=True, slots=True)
class ProgramEstimate:
    """One program of the sheet and its chances."""

    program: Program
    chance: ProgramChance


@dataclass(frozen=True, slots=True)
class ChancesReport:
    """The chances at every program of the sheet.

    ``estimates`` lists the programs no filter removes by decreasing middle chance of an interview, then the
    filtered ones; ``before``/``after`` are the outlooks before and after learning from the outcomes given,
    ``change`` explains the difference (None when no outcome was given); ``issues`` are warnings about
    outcomes that were not learned from; ``cohort`` is the fit of the server's cohort whose terms the chances
    include (None: none asked for).
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
