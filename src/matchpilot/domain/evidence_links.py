"""Linking LCA employers to the sheet's institutions: suggestions with a confidence, decisions by the user.

Pure: takes the employers found in the LCA files and the sheet's institutions, returns suggestions. Names are
compared in their normalised form (:func:`matchpilot.domain.evidence.normalise_employer`) with RapidFuzz's
token-sort ratio, within the same state (an employer or an institution without a state is compared with every
state, at a lower confidence).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from matchpilot.domain.evidence import normalise_employer

__all__ = [
    "AUTO_ACCEPT",
    "SUGGEST_FROM",
    "Employer",
    "Institution",
    "LinkSuggestion",
    "suggest_links",
]

AUTO_ACCEPT = 0.92
"""Suggestions at or above this confidence are accepted by ``--yes`` (and the web page's "accept all sure ones")."""

SUGGEST_FROM = 0.6
"""Below this confidence no suggestion is made (the user can still link by hand)."""

_NO_STATE_FACTOR = 0.9  # a state that cannot be checked lowers the confidence


@dataclass(frozen=True, slots=True)
class Employer:
    """An employer of the LCA files: its normalised ``key`` and ``state``, a name as written, and how many
    resident cases (any status) it has."""

    key: str
    state: str
    name: str
    cases: int


@dataclass(frozen=True, slots=True)
class Institution:
    """An institution of the sheet: its name as written there and its state ('' when unknown)."""

    name: str
    state: str


@dataclass(frozen=True, slots=True)
class LinkSuggestion:
    """A suggested link from an employer to an institution with a ``confidence`` from 0 to 1."""

    employer: Employer
    institution: Institution
    confidence: float

    @property
    def sure(self) -> bool:
        """True when the confidence reaches :data:`AUTO_ACCEPT`."""
        return self.confidence >= AUTO_ACCEPT


def suggest_links(
    employers: Iterable[Employer],
    institutions: Sequence[Institution],
    *,
    decided: Mapping[tuple[str, str], object] | None = None,
) -> list[LinkSuggestion]:
    """The best institution for each employer not yet ``decided`` (keys ``(employer key, state)``), when its
    confidence reaches :data:`SUGGEST_FROM`; surest first.

    Steps: normalise each institution's name; for each employer take the institutions of its state (or all,
    when either state is unknown, the confidence then times 0.9); score with ``fuzz.token_sort_ratio`` on the
    normalised names (an exact normalised match scores 1).
    """
    from rapidfuzz import fuzz, process  # here: importing it costs every command (`pick`) ~10 ms

    decided = decided or {}
    keys = [normalise_employer(i.name) for i in institutions]
    by_state: dict[str, list[int]] = {}
    for index, institution in enumerate(institutions):
        by_state.setdefault(institution.state, []).append(index)
    out: list[LinkSuggestion] = []
    for employer in employers:
        if (employer.key, employer.state) in decided or not employer.key:
            continue
        candidates = list(range(len(institutions))) if not employer.state else by_state.get(employer.state, [])
        candidates = candidates + ([] if not employer.state else by_state.get("", []))
        if not candidates:
            continue
        choices = {index: keys[index] for index in candidates if keys[index]}
        best = process.extractOne(employer.key, choices, scorer=fuzz.token_sort_ratio)
        if best is None:
            continue
        _, score, index = best
        confidence = score / 100.0
        if not employer.state or not institutions[index].state:
            confidence *= _NO_STATE_FACTOR
        if confidence >= SUGGEST_FROM:
            out.append(LinkSuggestion(employer, institutions[index], round(confidence, 3)))
    out.sort(key=lambda s: (-s.confidence, s.employer.key, s.employer.state))
    return out
