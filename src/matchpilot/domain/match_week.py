"""The applicant's Match Week (SOAP) records, as values: the imported unfilled list, the distribution plans,
the documents (personal statement variants and letters of recommendation), the rule that assigns them and
the offers received.

These are domain values because they are stored: the Match Week stores take and return them as they are, and
:mod:`matchpilot.soap` works on them (reading an unfilled list, instantiating a plan, assigning documents).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from matchpilot.domain.portfolio import CategoryBounds
from matchpilot.domain.program import Track

__all__ = ["AssignmentEntry", "DistributionPlan", "Letter", "SoapOffer", "Statement", "UnfilledProgram"]


@dataclass(frozen=True, slots=True)
class UnfilledProgram:
    """One program of the unfilled list: ``row`` is its row in the file (the header is row 1); ``extra``
    keeps the other columns by their header."""

    code: str
    name: str
    specialty: str
    track: Track
    positions: int
    state: str | None
    row: int
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Freeze ``extra``."""
        object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))


@dataclass(frozen=True, slots=True)
class DistributionPlan:
    """A distribution plan: ``bounds`` per category (``pmr``, ``prelim``, ``other``; a category not named is
    not bounded), ``max_applications`` (None: the year's SOAP cap), whether it is the applicant's ``default``
    and a free ``note``."""

    name: str
    bounds: Mapping[str, CategoryBounds] = field(default_factory=dict)
    max_applications: int | None = None
    default: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        """Freeze the bounds."""
        object.__setattr__(self, "bounds", MappingProxyType(dict(self.bounds)))


@dataclass(frozen=True, slots=True)
class Statement:
    """A personal statement variant: ``key`` (``pmr``), ``title`` ("PM&R SOAP PS") and its ``text``."""

    key: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter of recommendation: ``key``, the ``writer``, the writer's ``specialty`` and the ``text`` (or a
    note saying where the letter is, since letters are uploaded to ERAS by their writers). ``title`` is how
    lists show it (empty: "Letter from" the writer)."""

    key: str
    writer: str
    specialty: str
    text: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class AssignmentEntry:
    """What one category (or one specialty, ``specialty:NAME``) gets: the statement variant's key (None:
    none) and the letters' keys (empty: chosen automatically, the writer's specialty matching first)."""

    target: str
    statement: str | None
    letters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SoapOffer:
    """An offer received in a SOAP round: program ``code``, ``round``, ``deadline`` (aware, or None) and
    ``status`` (``open``, ``accepted``, ``declined`` or ``expired``)."""

    code: str
    round: int
    deadline: datetime | None
    status: str
