"""The chances of a whole sheet, computed together (My list and ``matchpilot pick`` at 5,000 programs), are the
chances of each program computed alone, to the last float: on the demo sheet and on a 5,000-program sheet made
from further seeds of the demo generator (as ``benchmarks/load_bench.py`` makes it), for applicants whose hard
requirements differ, with outcomes, signals and DOL LCA evidence.

What is shared between programs (the requirement checks of programs with the same facts, the ranges computed
as one table over the strength grid) must never give a different number than one program at a time."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest
from chances_fixtures import SEASON, demo_profiles, lca_evidence, weights

from matchpilot.chances import Outcome, estimate_all, estimate_program, prior_belief, update_strength
from matchpilot.chances.estimate import _after_silence, _Estimator, _interview, estimate_signalled
from matchpilot.chances.rules import Assessor, assess
from matchpilot.chances.strength import sigmoid
from matchpilot.domain import Program

from support.sheets import demo_programs

_AS_OF = date(2026, 12, 1)


def _sheet(size: int) -> tuple[Program, ...]:
    return demo_programs(size, _AS_OF)


@pytest.mark.parametrize("size", [322, 5_000])
@pytest.mark.parametrize("which", range(4))
def test_a_whole_sheet_estimated_together_equals_each_program_alone(size: int, which: int) -> None:
    programs = _sheet(size)
    applicant = demo_profiles(_AS_OF)[which]
    evidence = lca_evidence(programs, 7)
    codes = [p.code for p in programs]
    outcomes = {codes[n]: list(Outcome)[n % 3] for n in range(0, len(codes), 97)}
    signals = {codes[n]: None for n in range(3, len(codes), 211)}
    belief = update_strength(prior_belief(weights()), [(0.4, Outcome.INVITED), (-0.8, Outcome.SILENT)], weights())
    together = estimate_all(
        applicant,
        programs,
        weights(),
        season_year=SEASON,
        signals=signals,
        belief=belief,
        outcomes=outcomes,
        h1b_evidence=evidence,
    )
    alone = tuple(
        estimate_program(
            applicant,
            p,
            weights(),
            season_year=SEASON,
            signals=signals,
            belief=belief,
            observed=outcomes.get(p.code),
            h1b_evidence=evidence.get(p.code),
        )
        for p in programs
    )
    assert together == alone  # floats compare exactly
    assessor = Assessor(applicant, weights(), season_year=SEASON, signals=signals)
    for p in programs:
        made = assess(applicant, p, weights(), season_year=SEASON, signals=signals, h1b_evidence=evidence.get(p.code))
        assert assessor.assess(p, evidence.get(p.code)) == made


@pytest.mark.parametrize("tier", [None, "gold", "silver"])
def test_the_signalled_chances_of_a_whole_sheet_equal_each_range_computed_alone(tier: str | None) -> None:
    programs = _sheet(5_000)
    applicant = demo_profiles(_AS_OF)[0]
    belief = prior_belief(weights())
    chances = estimate_all(applicant, programs, weights(), season_year=SEASON, belief=belief)
    signalled = estimate_signalled(zip(programs, chances, strict=True), weights(), belief=belief, tier=tier)
    alone = _Estimator(weights(), belief)
    moved = 0
    for before, after in zip(chances, signalled, strict=True):
        if after is before:
            continue
        moved += 1
        may_filter = any(f.may_filter for f in after.factors)
        assert after.p_interview == _interview(after.log_odds, belief, alone.ends, may_filter)
        assert after.p_interview == alone._interval(after.log_odds, may_filter, silent=False)
    assert moved > 1_000


def test_ranges_filled_together_are_the_ranges_made_one_at_a_time() -> None:
    belief = update_strength(prior_belief(weights()), [(1.0, Outcome.REJECTED)], weights())
    estimator = _Estimator(weights(), belief)
    etas = [(m - 0.7 - abs(m) / 9, m, m + 0.5) for m in (n / 37 - 9.0 for n in range(700))]
    keys = [(eta, may_filter, silent) for eta in etas for may_filter in (False, True) for silent in (False, True)]
    estimator.fill(keys)
    for eta, may_filter, silent in keys:
        if silent:
            one = _after_silence(eta, belief, estimator.ends, estimator.late, may_filter)
        else:
            one = _interview(eta, belief, estimator.ends, may_filter)
        assert estimator._interviews[(eta, may_filter, silent)] == one


def _sigmoid_by_sides(x: np.ndarray) -> np.ndarray:
    """The logistic function as it was computed before: each side gathered apart (the reference)."""
    out = np.empty_like(x, dtype=np.float64)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    e = np.exp(x[~positive])
    out[~positive] = e / (1.0 + e)
    return out


def test_the_logistic_function_over_a_whole_table_is_the_same_to_the_last_bit() -> None:
    rng = np.random.default_rng(7)
    edges = [0.0, -0.0, 1e-300, -1e-300, 36.7, -36.7, 709.0, -709.0, 745.2, -745.2, np.inf, -np.inf]
    x = np.concatenate([rng.normal(0.0, 8.0, 200_000), rng.uniform(-40.0, 40.0, 200_000), edges])
    for table in (x, x[:400_000].reshape(500, 800)):
        found = sigmoid(table)
        assert found.shape == table.shape
        assert np.array_equal(found.view(np.int64), _sigmoid_by_sides(table).view(np.int64))


@pytest.mark.parametrize("count", [1, 31, 32, 33, 97])
def test_expectations_made_a_block_at_a_time_are_each_curve_taken_alone(count: int) -> None:
    """``_expectations`` computes the curves a block of rows at a time with one division per point: each
    expectation must be the one of the curve computed alone, to the last bit, extremes and silences included."""
    from matchpilot.chances.estimate import _expectations

    belief = update_strength(prior_belief(weights()), [(0.3, Outcome.INVITED)], weights())
    late = weights()["outcomes.late_invite_share"]
    rng = np.random.default_rng(count)
    middles = np.concatenate([[0.0, -0.0, 800.0, -800.0, 36.7, -36.7], rng.normal(0.0, 6.0, count)])
    silent = rng.random(len(middles)) < 0.4
    found = _expectations(middles, silent, belief, late)
    for middle, quiet, value in zip(middles, silent, found, strict=True):
        p = sigmoid(middle + belief.grid)
        alone = belief.expect(p * late / (1.0 - p + p * late) if quiet else p)
        assert np.float64(value).view(np.int64) == np.float64(alone).view(np.int64)


@pytest.mark.parametrize("kind", ["us_md", "non_us_img"])
def test_a_whole_sheet_over_its_columns_with_a_cohort_is_each_program_alone_to_the_last_bit(kind: str) -> None:
    """``estimate_all`` sums each program's terms over slot matrices (``chances.sheet``): with the server cohort's
    terms (never on a filtered program), an applicant who is or is not an IMG, and the weights' uncertainty at
    its ends, every chance must be what the program-by-program computation makes of it, signed zeros included
    (compared by ``repr``)."""
    from matchpilot.chances.cohort import CohortTerm, cohort_factor
    from matchpilot.domain import ApplicantType

    programs = _sheet(1_200)
    applicant = dataclasses.replace(demo_profiles(_AS_OF)[0], applicant_type=ApplicantType(kind))
    cohort = {
        p.code: CohortTerm(p.code, (n % 9 - 4) / 7, 0.3, 5 + n % 3, 8) for n, p in enumerate(programs) if n % 5 == 0
    }
    for relative in (0.0, 1.0):
        values = dict(weights().values)
        values["weight_uncertainty.relative"] = relative
        changed = dataclasses.replace(weights(), values=values)
        together = estimate_all(applicant, programs, changed, season_year=SEASON, cohort=cohort)
        alone = []
        for p in programs:
            filters, factors = assess(applicant, p, changed, season_year=SEASON)
            if p.code in cohort and not filters:
                factors = (*factors, cohort_factor(cohort[p.code]))
            alone.append(_Estimator(changed, prior_belief(changed)).chance(p, (filters, factors), None))
        assert repr(together) == repr(tuple(alone))
        assert sum(1 for c in together if any(f.key == "cohort" for f in c.factors)) > 60


@pytest.mark.parametrize("tier", [None, "gold"])
def test_signalled_log_odds_over_arrays_are_pythons_own_to_the_last_bit(tier: str | None) -> None:
    """``estimate_signalled`` moves the log-odds of every program at once (NumPy ``float_power`` and square
    roots): each triple must be what Python's ``**`` and ``math.sqrt`` make of it, as the program-by-program code
    computed it."""
    import math

    from matchpilot.chances.rules import signal_term

    programs = _sheet(2_000)
    belief = prior_belief(weights())
    chances = estimate_all(demo_profiles(_AS_OF)[0], programs, weights(), season_year=SEASON, belief=belief)
    signalled = estimate_signalled(zip(programs, chances, strict=True), weights(), belief=belief, tier=tier)
    term = signal_term(weights(), tier)
    spread = (weights()["weight_uncertainty.relative"] * abs(term.contribution)) ** 2
    moved = 0
    for before, after in zip(chances, signalled, strict=True):
        if after is before:
            continue
        moved += 1
        low, mid, high = before.log_odds
        middle = mid + term.contribution
        expected = (
            middle - math.sqrt((mid - low) ** 2 + spread),
            middle,
            middle + math.sqrt((high - mid) ** 2 + spread),
        )
        assert repr(after.log_odds) == repr(expected)
        assert after.p_match == after.p_interview.scaled(*weights().match_rate(after.category))
    assert moved > 500


def test_numpys_float_power_squares_as_pythons_pow_does() -> None:
    """The signalled log-odds square with ``np.float_power(x, 2.0)`` because it calls the C library's ``pow`` as
    Python's ``x ** 2`` does; ``x * x`` (what NumPy's ``x ** 2`` computes) differs in the last bit for about one
    value in a thousand, so a NumPy that squared here would change the chances."""
    rng = np.random.default_rng(11)
    x = np.concatenate([rng.normal(0.0, 3.0, 200_000), rng.uniform(-1e-3, 1e-3, 50_000), [0.0, -0.0, 1e-200, -7.5]])
    python = np.array([value**2 for value in x.tolist()])
    assert np.array_equal(np.float_power(x, 2.0).view(np.int64), python.view(np.int64))


def test_the_hard_requirements_read_no_fact_outside_requirement_facts() -> None:
    """A whole sheet's requirements are worked out once per distinct combination of ``REQUIREMENT_FACTS``
    (``chances.sheet``): giving a program any other fact of another program must leave its requirements as they
    were, so a requirement that starts reading a new fact fails here until the fact is listed."""
    from matchpilot.chances.rules import REQUIREMENT_FACTS, _requirements
    from matchpilot.domain.program_columns import PROGRAM_FIELDS

    programs = _sheet(322)
    others = [name for name in PROGRAM_FIELDS if name not in REQUIREMENT_FACTS and name != "code"]
    for applicant in demo_profiles(_AS_OF):
        for n, program in enumerate(programs):
            donor = programs[(n * 37 + 11) % len(programs)]
            changed = dataclasses.replace(program, **{name: getattr(donor, name) for name in others})
            for found in (weights(), None):
                assert _requirements(applicant, changed, found, SEASON) == _requirements(
                    applicant, program, found, SEASON
                )
