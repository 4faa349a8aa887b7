"""A report asked for without the server's cohort (``cohort`` None) carries no cohort term at any program, what
``keep_shown`` relies on to keep a cohort shift of 0.0 for every program without reading their factors; with a
cohort, the programs it fitted carry one (and ``keep_shown`` reads them)."""

from __future__ import annotations

from datetime import date

import pytest
from chances_fixtures import demo_profiles

from matchpilot.chances import Outcome
from matchpilot.chances.cohort import PooledOutcome, fit_cohort
from matchpilot.services.chances import default_weights, estimate_chances

from support.sheets import demo_programs

_AS_OF = date(2026, 12, 1)


@pytest.mark.parametrize("which", range(4))
def test_no_cohort_no_cohort_term(which: int) -> None:
    sheet = list(demo_programs(2_000, _AS_OF))
    codes = [p.code for p in sheet]
    outcomes = [(codes[n], list(Outcome)[n % 3]) for n in range(3, len(codes), 37)]
    report = estimate_chances(
        demo_profiles(_AS_OF)[which],
        sheet,
        weights=default_weights(),
        season_year=2026,
        outcomes=outcomes,
        signals={codes[5]: None, codes[9]: "gold"},
    )
    assert report.cohort is None
    for outlook in (report.before, report.after):
        assert not [c.code for c in outlook.chances if any(f.key == "cohort" for f in c.factors)]
    assert not report.cohort_programs


def test_with_a_cohort_its_programs_carry_its_term() -> None:
    sheet = list(demo_programs(400, _AS_OF))
    fitted = [p.code for p in sheet[:60]]
    pooled = [
        PooledOutcome(applicant, code, -0.5, (applicant + index) % 3 == 0)
        for applicant in range(8)
        for index, code in enumerate(fitted)
    ]
    fit = fit_cohort(pooled)
    report = estimate_chances(demo_profiles(_AS_OF)[0], sheet, weights=default_weights(), season_year=2026, cohort=fit)
    carried = {e.program.code for e in report.cohort_programs}
    assert carried and carried <= set(fitted)
    assert all(not e.chance.is_filtered for e in report.cohort_programs)
