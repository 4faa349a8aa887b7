"""Asking for programs: the filters of the sheet (CLI and web share them), sorting and pages."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from matchpilot.domain.columns import COLUMNS
from matchpilot.domain.program import Program, Track
from matchpilot.domain.specialty import canonical_specialty

__all__ = ["SORTABLE_COLUMNS", "ProgramFilter", "ProgramQuery", "VisaKind"]


class VisaKind(StrEnum):
    """A visa a program may sponsor, as filters name it."""

    J1 = "j1"
    H1B = "h1b"


SORTABLE_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.sortable)
"""Columns the sheet can be sorted by."""


@dataclass(frozen=True, slots=True)
class ProgramFilter:
    """Which programs to show. Every criterion is optional; all given ones must hold.

    ``specialty`` keeps programs of that specialty by its canonical name ("Physiatry" finds PM&R programs,
    see :mod:`matchpilot.domain.specialty`); ``visa`` keeps programs known to sponsor that visa;
    ``min_img_share`` keeps programs whose known IMG share is at least that (unknown shares are left out);
    ``search`` looks for the text, ignoring case, in code, name, institution, city, notes and fellowships;
    ``codes`` (when not None) keeps only the programs with those codes (the favourites, say).
    """

    state: str | None = None
    specialty: str | None = None
    track: Track | None = None
    visa: VisaKind | None = None
    min_img_share: float | None = None
    search: str | None = None
    codes: frozenset[str] | None = None

    def matches(self, program: Program) -> bool:
        """True when ``program`` meets every criterion (the reference semantics storage must follow)."""
        if self.state and (program.state or "").upper() != self.state.upper():
            return False
        if self.codes is not None and program.code not in self.codes:
            return False
        if self.specialty and (
            canonical_specialty(program.specialty).casefold() != canonical_specialty(self.specialty).casefold()
        ):
            return False
        if self.track is not None and program.track is not self.track:
            return False
        if self.visa is VisaKind.J1 and program.visa_j1 is not True:
            return False
        if self.visa is VisaKind.H1B and program.visa_h1b is not True:
            return False
        if self.min_img_share is not None and (program.img_share is None or program.img_share < self.min_img_share):
            return False
        if self.search:
            needle = self.search.casefold()
            haystack = [
                program.code,
                program.name,
                program.institution,
                program.city,
                program.notes,
                "; ".join(program.fellowships),
            ]
            if not any(needle in (text or "").casefold() for text in haystack):
                return False
        return True


@dataclass(frozen=True, slots=True)
class ProgramQuery:
    """A filtered, sorted page of the sheet. ``page`` counts from 1; ``per_page`` None means all."""

    filter: ProgramFilter = ProgramFilter()
    sort: str = "code"
    descending: bool = False
    page: int = 1
    per_page: int | None = None
