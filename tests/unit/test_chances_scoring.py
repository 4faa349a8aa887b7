"""Scoring predictions against outcomes: the Brier score, the baseline, the skill, the reliability bins and the
plain words, checked against answers worked out by hand."""

from __future__ import annotations

import pytest

from matchpilot.chances.scoring import (
    FEW_OUTCOMES,
    SOME_OUTCOMES,
    brier,
    reliability,
    score,
    what_it_can_say,
    wilson_interval,
)


def test_brier_is_the_mean_squared_difference() -> None:
    # (0.8 - 1)² = 0.04 and (0.3 - 0)² = 0.09: their mean is 0.065
    assert brier([0.8, 0.3], [True, False]) == pytest.approx(0.065)
    assert brier([1.0, 0.0], [True, False]) == 0.0
    assert brier([0.0], [True]) == 1.0


def test_score_compares_with_the_applicants_own_rate_as_a_constant() -> None:
    found = score([0.9, 0.1, 0.9, 0.1], [True, False, True, False])
    assert found.count == 4 and found.invited == 2
    assert found.brier == pytest.approx(0.01)  # each is 0.1 off
    assert found.base_rate == pytest.approx(0.5)
    assert found.baseline_brier == pytest.approx(0.25)  # 0.5 for everyone: each 0.5 off
    assert found.skill == pytest.approx(1 - 0.01 / 0.25)


def test_a_model_worse_than_the_constant_has_negative_skill() -> None:
    found = score([0.1, 0.9, 0.1, 0.9], [True, False, True, False])
    assert found.brier == pytest.approx(0.81)
    assert found.skill is not None and found.skill < 0


def test_no_skill_when_every_outcome_was_the_same() -> None:
    found = score([0.2, 0.4], [False, False])
    assert found.baseline_brier == 0.0 and found.skill is None
    assert found.brier == pytest.approx((0.04 + 0.16) / 2)


def test_nothing_to_score_gives_no_figures() -> None:
    found = score([], [])
    assert (found.count, found.brier, found.baseline_brier, found.skill) == (0, None, None, None)
    assert all(b.count == 0 for b in found.bins) and len(found.bins) == 5


def test_reliability_bins_count_average_and_share() -> None:
    bins = reliability([0.1, 0.15, 0.5, 0.95, 1.0], [False, True, True, True, False], bins=5)
    assert [(b.low, b.high) for b in bins] == [(0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.0)]
    assert [b.count for b in bins] == [2, 0, 1, 0, 2]  # 1.0 falls in the last bin
    assert bins[0].mean_predicted == pytest.approx(0.125) and bins[0].observed == pytest.approx(0.5)
    assert bins[2].invited == 1 and bins[2].observed == 1.0
    assert bins[4].mean_predicted == pytest.approx(0.975) and bins[4].observed == pytest.approx(0.5)
    assert bins[1].observed is None and bins[1].observed_low is None
    for b in bins:
        if b.count:
            assert b.observed_low is not None and b.observed_high is not None and b.observed is not None
            assert b.observed_low <= b.observed <= b.observed_high


def test_wilson_interval_known_values() -> None:
    # Wilson (1927) 95% intervals, as tabulated (e.g. Newcombe 1998): 0/10 and 5/10
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson_interval(5, 10)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    # one outcome says almost nothing: the interval spans most of 0-100%
    low, high = wilson_interval(1, 1)
    assert high == 1.0 and low < 0.25


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="probability"):
        brier([1.2], [True])
    with pytest.raises(ValueError, match="same length"):
        score([0.5, 0.5], [True])
    with pytest.raises(ValueError, match="at least one"):
        brier([], [])
    with pytest.raises(ValueError):
        wilson_interval(3, 2)


def test_the_words_say_what_few_outcomes_cannot() -> None:
    assert "No prediction can be scored yet" in what_it_can_say(0)
    assert "too few to draw any conclusion" in what_it_can_say(1)
    assert "1 outcome only" in what_it_can_say(1)
    assert "too few to draw any conclusion" in what_it_can_say(FEW_OUTCOMES - 1)
    assert "first hint" in what_it_can_say(FEW_OUTCOMES)
    assert "first hint" in what_it_can_say(SOME_OUTCOMES - 1)
    assert "broad pattern" in what_it_can_say(SOME_OUTCOMES)
