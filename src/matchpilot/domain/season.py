"""The Match season: which Match a day belongs to, decided in one place.

A **season** is named by its *Match year* N, the March Match that ends it. It runs from the day after Match Day
of N-1 to Match Day of N (both in March): ERAS opens in June of N-1, applications go out in September, interviews
run through the winter, rank order lists are certified in late February or early March, and Match Week (with
SOAP) ends on Match Day of N. The day after Match Day, the next season has begun: an applicant who did not match
is then preparing for Match N+1, and the Match Week pages, My list, the rank list and the letters' season
warnings all speak of that next Match together.

Match Day is the third Friday of March (it was in every Match from 2023 to 2026: 17, 15, 21 and 20 March). The
season's edges are calendar days, so the whole of Match Day belongs to the season it ends.

Pure: takes dates, returns values; no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["Season", "match_day", "season_for"]

_FRIDAY = 4


def match_day(year: int) -> date:
    """Match Day of ``year``'s Match: the third Friday of March."""
    first = date(year, 3, 1)
    first_friday = first + timedelta(days=(_FRIDAY - first.weekday()) % 7)
    return first_friday + timedelta(days=14)


@dataclass(frozen=True, slots=True)
class Season:
    """One Match season, named by its Match year (the March Match that ends it)."""

    match_year: int

    @property
    def application_year(self) -> int:
        """The year ERAS applications of this season are sent (the autumn before the Match)."""
        return self.match_year - 1

    @property
    def starts(self) -> date:
        """The first day of the season: the day after the previous Match Day."""
        return match_day(self.match_year - 1) + timedelta(days=1)

    @property
    def ends(self) -> date:
        """The last day of the season: this Match's Match Day."""
        return match_day(self.match_year)

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in this season."""
        return self.starts <= day <= self.ends

    @property
    def label(self) -> str:
        """How people name the season: ``2026-27 season (Match 2027)``."""
        return f"{self.application_year}-{self.match_year % 100:02d} season (Match {self.match_year})"


def season_for(day: date) -> Season:
    """The season ``day`` belongs to: Match N's, from the day after Match Day of N-1 to Match Day of N."""
    return Season(day.year if day <= match_day(day.year) else day.year + 1)
