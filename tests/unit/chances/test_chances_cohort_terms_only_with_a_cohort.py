"""Only a program the server's cohort fitted a term to carries a cohort term: none without a cohort (``cohort``
None) or with a cohort without terms, and with one only the programs in its ``terms``. ``keep_shown`` relies on it
to keep a cohort shift of 0.0 for every other program without reading its factors."""

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
    assert carried and carried <= set(fitted) and set(fit.terms) <= set(fitted)
    assert all(not e.chance.is_filtered for e in report.cohort_programs)
    assert not [e for e in report.estimates if e.program.code not in fit.terms and e in report.cohort_programs]


def test_a_cohort_without_terms_adds_none() -> None:
    sheet = list(demo_programs(400, _AS_OF))
    fit = fit_cohort([])
    assert not fit.terms
    report = estimate_chances(demo_profiles(_AS_OF)[1], sheet, weights=default_weights(), season_year=2026, cohort=fit)
    assert report.cohort is fit and not report.cohort_programs


def test_the_shifts_kept_are_each_programs_cohort_terms() -> None:
    """What ``keep_shown`` keeps as each program's cohort shift: the sum of its cohort terms, read only where the
    cohort fitted one; 0.0 everywhere without a cohort or with one without terms."""
    from matchpilot.services.predictions import _cohort_shift, _cohort_shifts

    sheet = list(demo_programs(400, _AS_OF))
    fitted = [p.code for p in sheet[:60]]
    pooled = [
        PooledOutcome(applicant, code, -0.5, index < 30)  # half always invited, half never: programs differ
        for applicant in range(12)
        for index, code in enumerate(fitted)
    ]
    for fit in (fit_cohort(pooled), fit_cohort([]), None):
        report = estimate_chances(
            demo_profiles(_AS_OF)[0], sheet, weights=default_weights(), season_year=2026, cohort=fit
        )
        codes = [e.program.code for e in report.estimates]
        every = [_cohort_shift(e.chance.factors) for e in report.estimates]
        assert [repr(s) for s in _cohort_shifts(report, codes)] == [repr(s) for s in every]
        assert any(every) is (fit is not None and bool(fit.terms)), fit
