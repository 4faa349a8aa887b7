"""Where programs are: the nine US Census divisions and their states, and the settings a place may have (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "CENSUS_DIVISIONS",
    "CENSUS_SOURCE",
    "Setting",
    "division_name",
    "division_of",
]

CENSUS_SOURCE = (
    "US Census Bureau, Census Regions and Divisions of the United States "
    "(www2.census.gov/geo/pdfs/maps-data/maps/reference/us_regdiv.pdf)"
)
"""Where the division table comes from."""

CENSUS_DIVISIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "New England": frozenset({"CT", "ME", "MA", "NH", "RI", "VT"}),
        "Middle Atlantic": frozenset({"NJ", "NY", "PA"}),
        "East North Central": frozenset({"IL", "IN", "MI", "OH", "WI"}),
        "West North Central": frozenset({"IA", "KS", "MN", "MO", "NE", "ND", "SD"}),
        "South Atlantic": frozenset({"DE", "DC", "FL", "GA", "MD", "NC", "SC", "VA", "WV"}),
        "East South Central": frozenset({"AL", "KY", "MS", "TN"}),
        "West South Central": frozenset({"AR", "LA", "OK", "TX"}),
        "Mountain": frozenset({"AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY"}),
        "Pacific": frozenset({"AK", "CA", "HI", "OR", "WA"}),
    }
)
"""The nine US Census divisions and the two-letter codes of their states (the 50 states and DC, each in exactly
one division; the territories are in none), from :data:`CENSUS_SOURCE`."""

_BY_STATE: Mapping[str, str] = MappingProxyType(
    {state: division for division, states in CENSUS_DIVISIONS.items() for state in states}
)


class Setting(StrEnum):
    """The kind of place a program is in."""

    URBAN = "urban"
    SUBURBAN = "suburban"
    RURAL = "rural"


def _squeezed(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


_NAMES: Mapping[str, str] = MappingProxyType(
    {
        **{_squeezed(name): name for name in CENSUS_DIVISIONS},
        "midatlantic": "Middle Atlantic",
        "middleatlanticstates": "Middle Atlantic",
    }
)


def division_name(text: str) -> str | None:
    """The Census division named by ``text`` as people type it ("new england", "Mid-Atlantic", "Pacific
    division"); None when it names none of the nine."""
    key = _squeezed(text)
    key = key.removesuffix("division") if key.endswith("division") and key != "division" else key
    return _NAMES.get(key)


def division_of(state: str | None) -> str | None:
    """The Census division of a two-letter state code; None for a territory, an unknown code or None."""
    if state is None:
        return None
    return _BY_STATE.get(state.strip().upper())
