"""Learning from outcomes: an exact grid posterior on one latent strength, and the explanation of the change."""

from __future__ import annotations

import math

import numpy as np
import pytest
from chances_fixtures import SEASON, profile, program, weights
from hypothesis import given
from hypothesis import strategies as st

from matchpilot.chances import (
    Interval,
    Outcome,
    explain_change,
    likelihood,
    outlook,
    prior_belief,
    update_strength,
)

etas = st.floats(-6, 6)
outcomes = st.sampled_from(list(Outcome))


def test_the_prior_is_the_normal_of_the_weights() -> None:
    prior = prior_belief(weights())
    assert prior.mean == pytest.approx(weights()["strength.prior_mean"], abs=1e-9)
    assert prior.sd == pytest.approx(weights()["strength.prior_sd"], rel=1e-3)
    assert prior.mass.sum() == pytest.approx(1.0)
    assert prior.quantile(0.5) == pytest.approx(0.0, abs=0.02)


@given(etas)
def test_an_invitation_raises_the_strength_and_a_rejection_lowers_it(eta: float) -> None:
    prior = prior_belief(weights())
    assert update_strength(prior, [(eta, Outcome.INVITED)], weights()).mean > prior.mean
    assert update_strength(prior, [(eta, Outcome.REJECTED)], weights()).mean < prior.mean


@given(etas)
def test_silence_lowers_the_strength_less_than_a_rejection(eta: float) -> None:
    prior = prior_belief(weights())
    silent = update_strength(prior, [(eta, Outcome.SILENT)], weights()).mean
    rejected = update_strength(prior, [(eta, Outcome.REJECTED)], weights()).mean
    assert rejected <= silent < prior.mean


@given(st.lists(st.tuples(etas, st.sampled_from([Outcome.INVITED, Outcome.REJECTED])), max_size=12))
def test_invitations_and_rejections_never_widen_the_belief(observations: list[tuple[float, Outcome]]) -> None:
    # A log-concave likelihood times a normal prior: the posterior variance is at most the prior's. (Silence
    # is a mixture - it may still come to an invitation - and is not log-concave, so it may widen it a little.)
    prior = prior_belief(weights())
    posterior = update_strength(prior, observations, weights())
    assert posterior.sd <= prior.sd + 1e-9
    assert posterior.mass.sum() == pytest.approx(1.0)
    assert posterior.observations == len(observations)


@given(st.lists(st.tuples(etas, outcomes), min_size=1, max_size=6), st.tuples(etas, outcomes))
def test_the_update_is_exact_and_order_free(
    observations: list[tuple[float, Outcome]], one: tuple[float, Outcome]
) -> None:
    prior = prior_belief(weights())
    together = update_strength(prior, [*observations, one], weights())
    in_steps = update_strength(update_strength(prior, observations, weights()), [one], weights())
    assert together.mean == pytest.approx(in_steps.mean, abs=1e-9)


def test_the_grid_posterior_matches_direct_integration() -> None:
    prior = prior_belief(weights())
    observations = [(-1.0, Outcome.INVITED), (0.5, Outcome.REJECTED), (-0.3, Outcome.SILENT)]
    posterior = update_strength(prior, observations, weights())
    # integrate prior density times likelihoods with the trapezoid rule on a much finer grid
    s = np.linspace(-8, 8, 40001)
    density = np.exp(-0.5 * (s / weights()["strength.prior_sd"]) ** 2)
    for eta, outcome in observations:
        density = density * likelihood(eta, outcome, s, late_invite_share=weights()["outcomes.late_invite_share"])
    mean = np.trapezoid(s * density, s) / np.trapezoid(density, s) if hasattr(np, "trapezoid") else None
    if mean is None:
        mean = float((s * density).sum() / density.sum())
    assert posterior.mean == pytest.approx(float(mean), abs=1e-4)


def sheet() -> list:  # type: ignore[type-arg]
    return [program(code=f"P{i}", img_share=float(10 * i)) for i in range(6)]


def test_invitations_raise_the_other_programs_and_rejections_lower_them() -> None:
    before, after, issues = outlook(
        profile(), sheet(), weights(), season_year=SEASON, outcomes=[("P0", Outcome.INVITED), ("P1", Outcome.INVITED)]
    )
    assert not issues
    assert after.belief.mean > before.belief.mean
    for code in ("P2", "P3", "P4", "P5"):
        assert after.chance(code).p_interview.mid > before.chance(code).p_interview.mid  # type: ignore[union-attr]
    assert after.chance("P0").p_interview == Interval(1, 1, 1)  # type: ignore[union-attr]

    _, down, _ = outlook(
        profile(), sheet(), weights(), season_year=SEASON, outcomes=[("P4", Outcome.REJECTED), ("P5", Outcome.REJECTED)]
    )
    assert down.belief.mean < before.belief.mean
    assert down.chance("P4").p_interview == Interval(0, 0, 0)  # type: ignore[union-attr]
    assert down.chance("P0").p_interview.mid < before.chance("P0").p_interview.mid  # type: ignore[union-attr]


def test_a_silent_program_keeps_a_chance_of_a_late_invitation() -> None:
    before, after, _ = outlook(profile(), sheet(), weights(), season_year=SEASON, outcomes=[("P3", Outcome.SILENT)])
    silent = after.chance("P3")
    assert silent is not None and silent.observed is Outcome.SILENT
    assert 0 < silent.p_interview.mid < before.chance("P3").p_interview.mid  # type: ignore[union-attr]


def test_outcomes_that_cannot_be_learned_from_are_warnings() -> None:
    progs = [*sheet(), program(code="F", visa_j1=False, visa_h1b=True)]
    _before, after, issues = outlook(
        profile(),
        progs,
        weights(),
        season_year=SEASON,
        outcomes=[("nope", Outcome.INVITED), ("F", Outcome.INVITED), ("P0", Outcome.REJECTED), ("P0", Outcome.INVITED)],
    )
    codes = {(i.code, i.where) for i in issues}
    assert ("unknown-program", "outcome for nope") in codes
    assert ("filtered-program", "outcome for F") in codes
    assert ("duplicate", "outcome for P0") in codes
    assert all(not i.is_error for i in issues)
    assert [e.code for e in after.evidence] == ["P0"] and after.evidence[0].outcome is Outcome.INVITED


def test_explain_change_says_how_and_why() -> None:
    before, after, _ = outlook(
        profile(), sheet(), weights(), season_year=SEASON, outcomes=[("P0", Outcome.INVITED), ("P1", Outcome.REJECTED)]
    )
    change = explain_change(before, after)
    assert change.strength_before == (pytest.approx(before.belief.mean), pytest.approx(before.belief.sd))
    assert change.strength_after[1] < change.strength_before[1]
    assert "1 invitation, 1 rejection" in change.summary
    assert {e.code for e in change.evidence} == {"P0", "P1"}
    invited = next(e for e in change.evidence if e.code == "P0")
    assert invited.shift > 0 and "invited" in invited.describe()
    rejected = next(e for e in change.evidence if e.code == "P1")
    assert rejected.shift < 0
    deltas = [abs(d.delta) for d in change.programs]
    assert deltas == sorted(deltas, reverse=True)
    by_code = {d.code: d for d in change.programs}
    assert "invited" in by_code["P0"].why and "rejected" in by_code["P1"].why
    assert "strength moved" in by_code["P3"].why
    assert math.copysign(1, by_code["P3"].delta) == math.copysign(
        1, change.strength_after[0] - change.strength_before[0]
    )


def test_no_outcome_no_change() -> None:
    before, after, _ = outlook(profile(), sheet(), weights(), season_year=SEASON)
    change = explain_change(before, after)
    assert "No outcome" in change.summary
    assert all(d.delta == pytest.approx(0) for d in change.programs)


@given(st.lists(st.tuples(st.sampled_from([f"P{i}" for i in range(6)]), outcomes), max_size=8))
def test_ranges_stay_ordered_after_learning(recorded: list[tuple[str, Outcome]]) -> None:
    _, after, _ = outlook(profile(), sheet(), weights(), season_year=SEASON, outcomes=recorded)
    for chance in after.chances:
        for interval in (chance.p_interview, chance.p_match):
            assert 0.0 <= interval.low <= interval.mid <= interval.high <= 1.0
