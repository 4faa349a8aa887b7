"""The US Census division table: every state and DC in exactly one of the nine divisions, names read leniently."""

from __future__ import annotations

from collections import Counter

import pytest

from matchpilot.domain.geography import CENSUS_DIVISIONS, CENSUS_SOURCE, division_name, division_of
from matchpilot.domain.program import US_STATES

TERRITORIES = {"PR", "GU", "VI", "AS", "MP"}


def test_the_table_holds_the_50_states_and_dc_each_exactly_once() -> None:
    counts = Counter(state for states in CENSUS_DIVISIONS.values() for state in states)
    assert len(CENSUS_DIVISIONS) == 9
    assert set(counts) == US_STATES - TERRITORIES
    assert len(counts) == 51 and set(counts.values()) == {1}
    assert "Census Bureau" in CENSUS_SOURCE


@pytest.mark.parametrize(
    ("state", "division"),
    [("MA", "New England"), ("ny", "Middle Atlantic"), ("DC", "South Atlantic"), ("TX", "West South Central"),
     ("HI", "Pacific"), ("MO", "West North Central"), ("KY", "East South Central")],
)  # fmt: skip
def test_a_state_is_in_its_division(state: str, division: str) -> None:
    assert division_of(state) == division


def test_territories_and_unknown_codes_are_in_no_division() -> None:
    assert division_of("PR") is None and division_of("ZZ") is None and division_of(None) is None


@pytest.mark.parametrize(
    ("typed", "name"),
    [("new england", "New England"), ("Mid-Atlantic", "Middle Atlantic"), ("PACIFIC division", "Pacific"),
     ("east north central", "East North Central")],
)  # fmt: skip
def test_division_names_are_read_as_people_type_them(typed: str, name: str) -> None:
    assert division_name(typed) == name


def test_an_unknown_name_is_none() -> None:
    assert division_name("Northeast") is None and division_name("division") is None
