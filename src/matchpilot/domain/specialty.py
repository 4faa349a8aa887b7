"""Specialty names: one canonical name for the many ways people write the same specialty.

Applicants' sheets say "PM&R", "PMR", "Physical Medicine & Rehabilitation" or "Physiatry" for one specialty;
a sheet that keeps them apart shows two filter options and filters out some of the programs. Import and the
mapping step save :func:`canonical_specialty` of what the file says, and the sheet's filter compares canonical
names, so the filter and the chances model (which reads every PM&R spelling as PM&R) agree.

The alias table is small on purpose: a specialty not in it is kept as written (spaces tidied). Names are
compared by their letters only, ignoring case, spaces and punctuation ("PM & R" = "pm&r" = "PMR").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["SPECIALTY_ALIASES", "canonical_specialty", "specialty_key", "specialty_spellings"]

_ALIASES: dict[str, tuple[str, ...]] = {
    # the spellings the chances model reads as PM&R (chances.model.is_pmr_specialty), and no other
    "PM&R": (
        "PM&R",
        "PMR",
        "PM and R",
        "Physiatry",
        "Physical Medicine",
        "Physical Medicine & Rehabilitation",
        "Physical Medicine and Rehabilitation",
        "Physical Medicine & Rehab",
        "Physical Medicine and Rehab",
        "Rehabilitation Medicine",
    ),
    "Internal Medicine": ("Internal Medicine", "IM", "Int Med"),
    "Transitional Year": ("Transitional Year", "TY"),
    "Family Medicine": ("Family Medicine", "FM"),
}


def specialty_key(name: str) -> str:
    """The letters of ``name`` in lower case: how spellings are compared ("PM & R" → ``pmr``)."""
    return re.sub(r"[^a-z]", "", name.lower())


SPECIALTY_ALIASES: Mapping[str, str] = MappingProxyType(
    {specialty_key(alias): canonical for canonical, aliases in _ALIASES.items() for alias in aliases}
)
"""The key (:func:`specialty_key`) of every known spelling → its canonical name."""


def canonical_specialty(name: str) -> str:
    """The canonical name of a specialty ("Physical Medicine & Rehabilitation" → ``PM&R``, "IM" → ``Internal
    Medicine``, "TY" → ``Transitional Year``); a name not in the table comes back as written, spaces tidied."""
    tidy = " ".join(name.split())
    return SPECIALTY_ALIASES.get(specialty_key(tidy), tidy)


def specialty_spellings(name: str) -> frozenset[str]:
    """The listed spellings of ``name``'s specialty in lower case, its canonical name among them (for a
    filter that must also find programs saved before names were made canonical)."""
    canonical = canonical_specialty(name)
    spellings = {canonical, " ".join(name.split()), *_ALIASES.get(canonical, ())}
    return frozenset(spelling.lower() for spelling in spellings)
