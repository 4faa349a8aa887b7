"""Application materials that are stored: ERAS experience entries, and letters of recommendation as the applicant
plans and tracks them.

:class:`Experience` and :class:`LetterPlan` are domain values because they are stored (the materials store takes
and returns them, each with its id); the checks and the advice on letters are in
:mod:`matchpilot.letters.materials`. The writer's place in the guide's preference order (:func:`letter_tier`)
reads the specialty's words with :class:`WordGroup`, which the letters' checks use too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "LETTER_TIER_LABELS",
    "Experience",
    "LetterPlan",
    "LetterState",
    "LetterTier",
    "WordGroup",
    "letter_tier",
    "word_group",
]


@dataclass(frozen=True, slots=True)
class WordGroup:
    """A group of words a check looks for: ``shown`` lists them as the user reads them; ``pattern`` finds them."""

    shown: tuple[str, ...]
    pattern: re.Pattern[str]

    def found(self, text: str) -> tuple[str, ...]:
        """The distinct words of the group found in ``text``, as written there, in order of first appearance."""
        seen: dict[str, str] = {}
        for match in self.pattern.finditer(text):
            seen.setdefault(match.group(0).lower(), match.group(0))
        return tuple(seen.values())


def word_group(*shown: str, stems: Sequence[str] = ()) -> WordGroup:
    """Words matched whole (case-insensitive); ``stems`` match any word starting with them (``rehab`` matches
    rehabilitation)."""
    alternatives = [re.escape(word).replace(r"\ ", r"\s+") for word in shown]
    alternatives += [re.escape(stem) + r"\w*" for stem in stems]
    pattern = re.compile(r"(?<![\w&])(?:" + "|".join(alternatives) + r")(?![\w&])", re.IGNORECASE)
    return WordGroup(tuple(shown) + tuple(f"{stem}…" for stem in stems), pattern)


class LetterTier(StrEnum):
    """Where a writer's specialty stands in the guide's preference order."""

    PMR = "pmr"
    MEDICINE = "medicine"  # internal medicine or neurology
    MSK = "msk"  # orthopedics or sports medicine
    OTHER = "other"


LETTER_TIER_LABELS: Mapping[LetterTier, str] = {
    LetterTier.PMR: "PM&R",
    LetterTier.MEDICINE: "internal medicine or neurology",
    LetterTier.MSK: "orthopedics or sports medicine",
    LetterTier.OTHER: "another specialty",
}

_TIER_WORDS: tuple[tuple[LetterTier, WordGroup], ...] = (
    (LetterTier.PMR, word_group("PM&R", "PMR", "physiatry", "physiatrist", "physical medicine", "rehabilitation")),
    (LetterTier.MSK, word_group("sports medicine", "sports", stems=("orthop",))),
    (
        LetterTier.MEDICINE,
        word_group(
            "internal medicine", "general medicine", "hospital medicine", "neurology", "neurologist", "internist", "IM"
        ),
    ),
)


def letter_tier(specialty: str) -> LetterTier:
    """The preference tier of a writer's ``specialty`` (free text: "PM&R", "Neurology", "Orthopedic surgery")."""
    for tier, words in _TIER_WORDS:
        if words.found(specialty):
            return tier
    return LetterTier.OTHER


class LetterState(StrEnum):
    """Where a letter stands: planned (nothing done yet), requested, uploaded (to ERAS), assigned (to programs)."""

    PLANNED = "planned"
    REQUESTED = "requested"
    UPLOADED = "uploaded"
    ASSIGNED = "assigned"


@dataclass(frozen=True, slots=True)
class Experience:
    """An ERAS experience entry: its ``title``, the ``organization`` (empty when not given) and the
    ``description``."""

    title: str
    organization: str
    description: str


@dataclass(frozen=True, slots=True)
class LetterPlan:
    """A letter of recommendation, planned and tracked: the ``writer``, the writer's ``specialty``, the days it
    was requested, uploaded to ERAS and assigned to programs (None: not yet), and a ``note``."""

    writer: str
    specialty: str
    requested_on: date | None = None
    uploaded_on: date | None = None
    assigned_on: date | None = None
    note: str = ""

    @property
    def state(self) -> LetterState:
        """The furthest step reached."""
        if self.assigned_on is not None:
            return LetterState.ASSIGNED
        if self.uploaded_on is not None:
            return LetterState.UPLOADED
        if self.requested_on is not None:
            return LetterState.REQUESTED
        return LetterState.PLANNED

    @property
    def tier(self) -> LetterTier:
        """The writer's place in the guide's preference order."""
        return letter_tier(self.specialty)

    @property
    def tier_label(self) -> str:
        """The tier in plain words."""
        return LETTER_TIER_LABELS[self.tier]
