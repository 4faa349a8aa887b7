"""One Match season for every part of matchpilot: a season ends on Match Day (the third Friday of March)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from matchpilot.domain.season import Season, match_day, season_for
from matchpilot.letters.context import season_of
from matchpilot.services.chances import season_year_for
from matchpilot.services.rank_lists import match_year_for as rank_list_match_year
from matchpilot.services.soap import load_rules
from matchpilot.soap.timeline import match_year_for as match_week_year

EASTERN = ZoneInfo("America/New_York")
RULES = load_rules().rules


@pytest.mark.parametrize(
    ("year", "day"),
    [(2023, date(2023, 3, 17)), (2024, date(2024, 3, 15)), (2025, date(2025, 3, 21)), (2026, date(2026, 3, 20))],
)
def test_match_day_is_the_third_friday_of_march(year: int, day: date) -> None:
    assert match_day(year) == day


@pytest.mark.parametrize(
    ("day", "match_year"),
    [
        (date(2026, 1, 10), 2026),
        (date(2026, 3, 20), 2026),  # Match Day belongs to the season it ends
        (date(2026, 3, 21), 2027),
        (date(2026, 4, 15), 2027),  # April and May: already the next Match
        (date(2026, 5, 31), 2027),
        (date(2026, 6, 1), 2027),
        (date(2026, 12, 6), 2027),
    ],
)
def test_the_season_of_a_day(day: date, match_year: int) -> None:
    season = season_for(day)
    assert season == Season(match_year) and season.contains(day)
    assert season.application_year == match_year - 1


def test_seasons_follow_each_other_without_gap() -> None:
    season = Season(2027)
    assert season.starts == Season(2026).ends + timedelta(days=1)
    assert season_for(season.starts - timedelta(days=1)) == Season(2026)


def _every_part(day: date) -> set[int]:
    """The Match year each part of matchpilot works on for ``day``."""
    services: Any = SimpleNamespace(today=lambda: day)
    noon_eastern = datetime.combine(day, time(12), tzinfo=EASTERN)
    return {
        season_year_for(day) + 1,  # My list and chances
        season_of(day) + 1,  # the letters' season warnings
        rank_list_match_year(services),  # the rank list's limits
        match_week_year(RULES, noon_eastern),  # the Match Week pages
    }


@pytest.mark.parametrize(
    "day", [date(2026, 4, 1), date(2026, 5, 15), date(2026, 3, 20), date(2026, 3, 21), date(2026, 6, 1)]
)
def test_every_part_works_on_the_same_match_in_april_and_may(day: date) -> None:
    assert _every_part(day) == {season_for(day).match_year}


def test_every_part_agrees_on_every_day_of_two_years() -> None:
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        assert _every_part(day) == {season_for(day).match_year}, day
        day += timedelta(days=1)
