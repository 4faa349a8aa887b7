"""The chances service without storage: ordering of the report and the packaged weights."""

from __future__ import annotations

import pytest
from chances_fixtures import SEASON, profile, program, weights

from matchpilot.chances import Outcome
from matchpilot.errors import NotFoundError
from matchpilot.services.chances import default_weights, estimate_chances, season_year_for


def test_the_packaged_weights_load() -> None:
    assert default_weights().values == weights().values


def test_report_lists_open_programs_best_first_then_filtered() -> None:
    progs = [
        program(code="LOW", img_share=0.0),
        program(code="OUT", visa_j1=False),
        program(code="HIGH", img_share=90.0),
    ]
    report = estimate_chances(profile(), progs, weights=weights(), season_year=SEASON)
    assert [e.program.code for e in report.estimates] == ["HIGH", "LOW", "OUT"]
    assert [e.program.code for e in report.filtered] == ["OUT"]
    assert report.change is None
    assert report.estimate("OUT").chance.is_filtered
    with pytest.raises(NotFoundError):
        report.estimate("NOPE")


def test_report_with_outcomes_explains_the_change() -> None:
    progs = [program(code="A"), program(code="B")]
    report = estimate_chances(
        profile(), progs, weights=weights(), season_year=SEASON, outcomes=[("A", Outcome.INVITED)]
    )
    assert report.change is not None and report.after.belief.mean > report.before.belief.mean


@pytest.mark.parametrize(("month", "expected"), [(1, 2025), (5, 2026), (6, 2026), (12, 2026)])
def test_season_year(month: int, expected: int) -> None:
    from datetime import date

    assert season_year_for(date(2026, month, 15)) == expected
