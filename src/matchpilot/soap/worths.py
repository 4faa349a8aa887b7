"""What each kind of SOAP position is worth to the applicant, in their own numbers.

The decision help weighs a sure position now against the chance of a better one later; how much better is the
applicant's call, not matchpilot's. Each kind of position (:data:`WORTH_KINDS`) has a worth from 0 (no better
than ending SOAP without a position) to 5; matchpilot starts from :data:`DEFAULT_WORTHS` and says so until the
applicant sets their own. Beside each kind, :data:`CONSIDERATIONS` gives the seed guide's questions in plain
words (visa, location, a PGY-1 for an advanced position, reapplying after a preliminary year).

A partially matched applicant may take only positions that complete their match (:func:`complementary`): a
PGY-1 year for an advanced match, an advanced position for a PGY-1 match.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from matchpilot.chances import program_target
from matchpilot.domain.profile import Target
from matchpilot.domain.program import Program, Track
from matchpilot.soap.eligibility import MatchStatus

__all__ = [
    "CONSIDERATIONS",
    "DEFAULT_WORTHS",
    "KIND_LABELS",
    "MAX_WORTH",
    "WORTH_KINDS",
    "Worths",
    "complementary",
    "parse_worth",
    "position_kind",
]

WORTH_KINDS: tuple[str, ...] = (
    "pmr-categorical",
    "pmr-advanced-with-pgy1",
    "pmr-advanced-without-pgy1",
    "preliminary",
    "transitional",
    "other",
)
"""The kinds of SOAP position the applicant gives a worth to, in the order pages show them."""

KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "pmr-categorical": "PM&R categorical (PGY-1 included)",
        "pmr-advanced-with-pgy1": "PM&R advanced (PGY-2), with a PGY-1 year in hand",
        "pmr-advanced-without-pgy1": "PM&R advanced (PGY-2), without a PGY-1 year",
        "preliminary": "Preliminary year (PGY-1)",
        "transitional": "Transitional year (PGY-1)",
        "other": "Another specialty",
    }
)
"""Each kind in plain words."""

DEFAULT_WORTHS: Mapping[str, float] = MappingProxyType(
    {
        "pmr-categorical": 3.0,
        "pmr-advanced-with-pgy1": 3.0,
        "pmr-advanced-without-pgy1": 2.5,
        "preliminary": 2.0,
        "transitional": 2.0,
        "other": 1.0,
    }
)
"""matchpilot's starting worths until the applicant sets theirs: PM&R is the goal; a PGY-1 year keeps the PM&R
path open; another specialty is the least wanted."""

CONSIDERATIONS: Mapping[str, str] = MappingProxyType(
    {
        "pmr-categorical": (
            "The goal itself, all four years in one place. For many IMGs a genuine PM&R position anywhere, with "
            "visa support, is worth taking unless there is a serious concern: does the program sponsor your visa "
            "(J-1 or H-1B), and can you move there on short notice?"
        ),
        "pmr-advanced-with-pgy1": (
            "Completes the PGY-1 year you already hold: the path to PM&R is whole. Check the visa and the move "
            "after your intern year."
        ),
        "pmr-advanced-without-pgy1": (
            "PM&R from the second year, but it needs a separate PGY-1 year first: without one you must find a "
            "preliminary or transitional year, or lose a year. Check the visa and the location as well."
        ),
        "preliminary": (
            "A year of training and US experience that keeps the PM&R path open. Many IMGs enter PM&R after a "
            "preliminary year, but it means reapplying next season, which is less sure than a PM&R position. "
            "Worth more if you already hold an advanced PM&R position that needs a PGY-1."
        ),
        "transitional": (
            "Like a preliminary year, with rotations across specialties; you reapply to PM&R next season unless "
            "you already hold an advanced PM&R position. Check the visa and the location."
        ),
        "other": (
            "A position in another specialty ends your PM&R plan for now. Consider it only if no PM&R or PGY-1 "
            "position is realistic, and weigh the visa and the location."
        ),
    }
)
"""The seed guide's considerations for each kind, in plain words."""

MAX_WORTH = 5.0
"""The largest worth (the scale of the sheet's interest column, 1-5, with 0 for "no better than nothing")."""


@dataclass(frozen=True, slots=True)
class Worths:
    """The worth of each kind of position (every kind of :data:`WORTH_KINDS` present) and which kinds the
    applicant set (the others are matchpilot's defaults)."""

    values: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WORTHS))
    set_by_user: frozenset[str] = frozenset()

    def of(self, kind: str) -> float:
        """The worth of ``kind``."""
        return self.values.get(kind, DEFAULT_WORTHS[kind])

    @classmethod
    def from_stored(cls, stored: Mapping[str, object]) -> Worths:
        """The worths from a stored mapping (unknown kinds and values out of range are ignored)."""
        values = dict(DEFAULT_WORTHS)
        chosen: set[str] = set()
        for kind, value in stored.items():
            if kind in DEFAULT_WORTHS and isinstance(value, int | float) and 0 <= value <= MAX_WORTH:
                values[kind] = float(value)
                chosen.add(kind)
        return cls(values, frozenset(chosen))


def parse_worth(kind: str, text: str) -> float:
    """A worth typed by the applicant for ``kind``: a number from 0 to 5. Raises ``ValueError`` naming the kind
    and the bad value."""
    if kind not in DEFAULT_WORTHS:
        raise ValueError(f"{kind!r} is not a kind of position: use one of {', '.join(WORTH_KINDS)}")
    label = KIND_LABELS[kind]
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(f"{label}: {text.strip()[:20]!r} is not a number from 0 to 5") from None
    if not 0 <= value <= MAX_WORTH or value != value:
        raise ValueError(f"{label}: {text.strip()[:20]!r} is not a number from 0 to 5")
    return value


def position_kind(program: Program, match_status: MatchStatus = MatchStatus.UNMATCHED) -> str:
    """The kind of position ``program`` offers to an applicant with ``match_status``: an advanced PM&R position
    is "with a PGY-1 in hand" only for an applicant matched to a PGY-1 year."""
    target = program_target(program)
    if target is Target.PMR:
        if program.track is Track.ADVANCED:
            held = match_status is MatchStatus.PARTIALLY_MATCHED_PGY1
            return "pmr-advanced-with-pgy1" if held else "pmr-advanced-without-pgy1"
        return "pmr-categorical"
    if target is Target.TRANSITIONAL:
        return "transitional"
    if target is Target.PRELIM:
        return "preliminary"
    return "other"


def complementary(program: Program, match_status: MatchStatus) -> bool:
    """Whether ``program`` completes the match of an applicant with ``match_status`` (always True when the
    applicant is not partially matched): a PGY-1 year for an advanced match, an advanced position for a PGY-1
    match."""
    if match_status is MatchStatus.PARTIALLY_MATCHED_ADVANCED:
        return program.track in (Track.PRELIMINARY, Track.TRANSITIONAL)
    if match_status is MatchStatus.PARTIALLY_MATCHED_PGY1:
        return program.track in (Track.ADVANCED, Track.PHYSICIAN)
    return True
