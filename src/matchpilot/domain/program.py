"""Programs of the intelligence sheet, their tracks and the provenance of their facts."""

from __future__ import annotations

import re
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from matchpilot.domain.geography import Setting

__all__ = [
    "US_STATES",
    "Emphasis",
    "Program",
    "ProgramType",
    "Provenance",
    "StoredProvenance",
    "Track",
]


class Track(StrEnum):
    """The track of a program position (the letter is the one in NRMP program codes)."""

    CATEGORICAL = "categorical"
    ADVANCED = "advanced"
    PRELIMINARY = "preliminary"
    TRANSITIONAL = "transitional"
    PHYSICIAN = "physician"

    @property
    def letter(self) -> str:
        """The one-letter form: C, A, P, T or R."""
        return _TRACK_LETTERS[self]

    @property
    def label(self) -> str:
        """A plain-words label for people."""
        return self.value.capitalize()

    @property
    def is_pgy1_only(self) -> bool:
        """True for one-year PGY-1 positions (preliminary, transitional)."""
        return self in (Track.PRELIMINARY, Track.TRANSITIONAL)

    @classmethod
    def parse(cls, text: str) -> Track | None:
        """Read a track from its name or letter (case-insensitive); None when it is neither."""
        key = text.strip().lower()
        for track in cls:
            if key in (track.value, track.letter.lower()):
                return track
        if key in ("prelim", "transitional year", "ty"):
            return cls.PRELIMINARY if key == "prelim" else cls.TRANSITIONAL
        return None


_TRACK_LETTERS = {
    Track.CATEGORICAL: "C",
    Track.ADVANCED: "A",
    Track.PRELIMINARY: "P",
    Track.TRANSITIONAL: "T",
    Track.PHYSICIAN: "R",
}


class ProgramType(StrEnum):
    """The kind of institution that runs the program."""

    UNIVERSITY = "university"
    COMMUNITY = "community"
    COMMUNITY_UNIVERSITY = "community-university"
    MILITARY = "military"


class Emphasis(StrEnum):
    """Where the program's rotations lean."""

    INPATIENT = "inpatient"
    OUTPATIENT = "outpatient"
    BALANCED = "balanced"


US_STATES: frozenset[str] = frozenset(
    {
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    }
)
"""The two-letter codes of the US states, DC and the territories with residency programs."""

STATE_NAMES: Mapping[str, str] = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
    "connecticut": "CT", "delaware": "DE", "district of columbia": "DC", "washington dc": "DC",
    "washington d c": "DC", "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME",
    "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
    "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV", "new hampshire": "NH",
    "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND",
    "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI",
    "south carolina": "SC", "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT",
    "vermont": "VT", "virginia": "VA", "washington": "WA", "west virginia": "WV", "wisconsin": "WI",
    "wyoming": "WY", "puerto rico": "PR", "guam": "GU", "virgin islands": "VI", "us virgin islands": "VI",
    "american samoa": "AS", "northern mariana islands": "MP",
}  # fmt: skip
"""US state and territory names (lower case, letters and spaces only) and their two-letter codes."""


def state_code(text: str) -> str | None:
    """The two-letter code of a US state written as a code (``NY``, ``N.Y.``) or a name (``New York``, ``NEW
    YORK``); None when ``text`` is neither."""
    code = text.strip().replace(".", "").upper()
    if code in US_STATES:
        return code
    return STATE_NAMES.get(re.sub(r"[^a-z ]", "", text.lower()).strip())


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact came from and when it was last checked; both may be unknown."""

    source: str | None = None
    checked_on: date | None = None

    @property
    def is_known(self) -> bool:
        """True when at least the source or the date is known."""
        return self.source is not None or self.checked_on is not None


_EMPTY: Mapping[str, Provenance] = MappingProxyType({})


class StoredProvenance(Mapping[str, Provenance]):
    """A program's own provenance (``Program.provenance``) kept as the text it was stored as until it is first
    read: reading a whole sheet for its chances never looks at the provenance, which only a page showing a
    row's sources needs. ``read`` makes the read-only mapping from the text, once, on first use; the mapping
    then answers every question (items, equality with any mapping, ``repr``) as that mapping does, so a program
    holding it is equal to one holding the mapping itself. An error in the text is raised on first read."""

    __slots__ = ("_found", "_read", "_text")

    def __init__(self, text: str, read: Callable[[str], Mapping[str, Provenance]]) -> None:
        """Keep ``text`` and the function that reads it."""
        self._text = text
        self._read = read
        self._found: Mapping[str, Provenance] | None = None

    def _mapping(self) -> Mapping[str, Provenance]:
        found = self._found
        if found is None:  # two threads may both read it: the same values, either kept
            found = self._found = self._read(self._text)
        return found

    def __getitem__(self, column: str) -> Provenance:
        return self._mapping()[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())

    def __contains__(self, column: object) -> bool:
        return column in self._mapping()

    def get(self, column: str, default: Provenance | None = None) -> Provenance | None:  # type: ignore[override]
        """The provenance of ``column``, else ``default``."""
        return self._mapping().get(column, default)

    def keys(self) -> KeysView[str]:
        """The columns with their own provenance."""
        return self._mapping().keys()

    def items(self) -> ItemsView[str, Provenance]:
        """The pairs of column and provenance."""
        return self._mapping().items()

    def values(self) -> ValuesView[Provenance]:
        """The provenances."""
        return self._mapping().values()

    def __eq__(self, other: object) -> bool:
        return self._mapping() == other

    __hash__ = None  # type: ignore[assignment]  # a mapping: not hashable, as MappingProxyType is not

    def __repr__(self) -> str:
        return repr(self._mapping())


@dataclass(frozen=True, slots=True)
class Program:
    """One row of the program intelligence sheet: one program track.

    Every fact other than ``code``, ``name``, ``specialty`` and ``track`` may be ``None``, meaning *unknown*
    (never "no"). ``source``/``checked_on`` give the row's provenance; ``provenance`` maps a column name to
    the provenance of that one fact when it differs from the row's.
    """

    code: str
    name: str
    specialty: str
    track: Track
    institution: str | None = None
    city: str | None = None
    state: str | None = None
    setting: Setting | None = None
    positions: int | None = None
    visa_j1: bool | None = None
    visa_h1b: bool | None = None
    img_share: float | None = None
    program_type: ProgramType | None = None
    va_affiliated: bool | None = None
    linked_pgy1: bool | None = None
    emphasis: Emphasis | None = None
    fellowships: tuple[str, ...] = ()
    min_step2: int | None = None
    max_years_since_graduation: int | None = None
    usce_required: bool | None = None
    step3_for_h1b: bool | None = None
    interest: int | None = None
    notes: str | None = None
    source: str | None = None
    checked_on: date | None = None
    provenance: Mapping[str, Provenance] = field(default_factory=lambda: _EMPTY)

    def provenance_of(self, column: str) -> Provenance:
        """The provenance of one fact: its own when recorded, else the row's ``source``/``checked_on``."""
        own = self.provenance.get(column)
        row = Provenance(self.source, self.checked_on)
        if own is None:
            return row
        return Provenance(
            own.source if own.source is not None else row.source,
            own.checked_on if own.checked_on is not None else row.checked_on,
        )

    @property
    def sponsors_any_visa(self) -> bool | None:
        """True if it sponsors J-1 or H-1B, False if it sponsors neither, None when that is unknown."""
        if self.visa_j1 or self.visa_h1b:
            return True
        if self.visa_j1 is False and self.visa_h1b is False:
            return False
        return None
