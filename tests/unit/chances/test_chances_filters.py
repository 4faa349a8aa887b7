"""Hard filters: each one fires with its reason and a way to change it; unknown facts never filter."""

from __future__ import annotations

import pytest
from chances_fixtures import SEASON, blank_program, profile, program, weights, with_weights

from matchpilot.chances import (
    Filter,
    Interval,
    estimate_program,
    hard_filters,
    is_pmr_specialty,
    program_target,
)
from matchpilot.domain import ApplicantType, Step3Status, Target, Track, VisaNeed


def only_filter(prof, prog) -> Filter:  # type: ignore[no-untyped-def]
    found = hard_filters(prof, prog, season_year=SEASON)
    assert len(found) == 1, found
    return found[0]


def test_the_friendly_program_is_not_filtered() -> None:
    assert hard_filters(profile(), program(), season_year=SEASON) == ()


def test_h1b_only_program_filters_a_j1_applicant_in_plain_words() -> None:
    found = only_filter(profile(visa_need=VisaNeed.J1), program(visa_j1=False, visa_h1b=True))
    assert found.code == "visa-not-sponsored"
    assert found.reason == "sponsors H-1B only; you need J-1"
    assert "j1_or_h1b" in found.remedy


def test_j1_only_program_filters_an_h1b_applicant() -> None:
    found = only_filter(profile(visa_need=VisaNeed.H1B), program(visa_j1=True, visa_h1b=False))
    assert found.code == "visa-not-sponsored"
    assert found.reason == "sponsors J-1 only; you need H-1B"


def test_no_sponsorship_filters_an_applicant_who_can_use_either() -> None:
    found = only_filter(profile(visa_need=VisaNeed.J1_OR_H1B), program(visa_j1=False, visa_h1b=False))
    assert found.code == "visa-not-sponsored" and "neither J-1 nor H-1B" in found.reason


@pytest.mark.parametrize("need", [None, VisaNeed.NONE])
def test_no_visa_need_never_filters_on_visas(need: VisaNeed | None) -> None:
    assert hard_filters(profile(visa_need=need), program(visa_j1=False, visa_h1b=False), season_year=SEASON) == ()


def test_graduation_longer_ago_than_the_limit() -> None:
    found = only_filter(profile(graduation_year=2014), program(max_years_since_graduation=5))
    assert found.code == "graduated-too-long-ago"
    assert "last 5 years" in found.reason and "2014" in found.reason and "12 years" in found.reason
    assert "max_years_since_graduation" in found.remedy


def test_graduation_exactly_at_the_limit_passes() -> None:
    assert hard_filters(profile(graduation_year=2021), program(max_years_since_graduation=5), season_year=SEASON) == ()


def test_step2_below_the_stated_minimum() -> None:
    found = only_filter(profile(step2_ck=219), program(min_step2=220))
    assert found.code == "step2-below-minimum"
    assert "219" in found.reason and "220" in found.reason and "min_step2" in found.remedy


def test_usce_required_and_none() -> None:
    found = only_filter(profile(usce_months=0, usce_pmr_months=0), program(usce_required=True))
    assert found.code == "usce-required" and "US clinical experience" in found.reason
    assert "usce_months" in found.remedy


def test_usce_required_does_not_filter_us_graduates() -> None:
    us = profile(applicant_type=ApplicantType.US_MD, usce_months=0, usce_pmr_months=0, visa_need=VisaNeed.NONE)
    assert hard_filters(us, program(usce_required=True), season_year=SEASON) == ()


@pytest.mark.parametrize(
    ("specialty", "track", "target"),
    [
        ("Internal Medicine", Track.PRELIMINARY, Target.PRELIM),
        ("Transitional Year", Track.TRANSITIONAL, Target.TRANSITIONAL),
        ("Neurology", Track.CATEGORICAL, Target.OTHER),
    ],
)
def test_a_track_the_applicant_will_not_accept(specialty: str, track: Track, target: Target) -> None:
    found = only_filter(profile(targets=(Target.PMR,)), program(specialty=specialty, track=track))
    assert found.code == "track-not-wanted"
    assert specialty in found.reason and f'"{target.value}"' in found.remedy


def test_no_targets_given_means_no_track_filter() -> None:
    prog = program(specialty="Neurology")
    assert hard_filters(profile(targets=()), prog, season_year=SEASON) == ()


def test_h1b_only_route_needs_step3() -> None:
    prog = program(visa_j1=False, visa_h1b=True, step3_for_h1b=True)
    found = only_filter(profile(visa_need=VisaNeed.H1B, step3=Step3Status.SCHEDULED), prog)
    assert found.code == "step3-required-for-h1b" and "scheduled" in found.reason
    assert 'step3 = "passed"' in found.remedy
    # the same when the applicant could use either visa but the program offers only H-1B
    found = only_filter(profile(visa_need=VisaNeed.J1_OR_H1B, step3=Step3Status.NONE), prog)
    assert found.code == "step3-required-for-h1b"
    # passed Step 3, or a program that also sponsors J-1 for an applicant who can use it: no filter
    assert hard_filters(profile(visa_need=VisaNeed.H1B, step3=Step3Status.PASSED), prog, season_year=SEASON) == ()
    both = program(visa_j1=True, visa_h1b=True, step3_for_h1b=True)
    assert hard_filters(profile(visa_need=VisaNeed.J1_OR_H1B), both, season_year=SEASON) == ()


def test_a_filtered_program_has_no_chance() -> None:
    chance = estimate_program(profile(step2_ck=200), program(min_step2=220), weights(), season_year=SEASON)
    assert chance.is_filtered
    assert chance.p_interview == Interval(0, 0, 0) and chance.p_match == Interval(0, 0, 0)


def test_several_filters_are_all_listed() -> None:
    found = hard_filters(
        profile(step2_ck=200, graduation_year=2010), program(min_step2=220, visa_j1=False), season_year=SEASON
    )
    assert {f.code for f in found} == {"visa-not-sponsored", "graduated-too-long-ago", "step2-below-minimum"}


def test_unknown_facts_never_filter() -> None:
    everything_unknown = profile(
        graduation_year=None, step2_ck=None, step3=None, usce_months=None, usce_pmr_months=None, targets=()
    )
    assert hard_filters(everything_unknown, program(visa_j1=None, visa_h1b=None), season_year=SEASON) == ()
    assert hard_filters(profile(), blank_program(), season_year=SEASON) == ()


def test_unknown_sponsorship_widens_the_interval_but_does_not_filter() -> None:
    known = estimate_program(profile(), program(visa_j1=True), weights(), season_year=SEASON)
    unknown = estimate_program(profile(), program(visa_j1=None, visa_h1b=None), weights(), season_year=SEASON)
    assert not unknown.is_filtered
    assert unknown.p_interview.width > known.p_interview.width
    # not sponsoring J-1 would be a hard filter: the low end is 0
    assert unknown.p_interview.low == 0.0 < known.p_interview.low
    visa = next(f for f in unknown.factors if f.key == "visa")
    assert visa.unknown and visa.may_filter and visa.explanation.startswith("unknown: ask the program")
    assert "no chance" in visa.explanation
    assert visa.low < visa.contribution <= visa.high == 0
    assert unknown.possible_filters == (visa,)
    # Without weight uncertainty the high end is the known one ("it sponsors J-1"). With it, the quadrature
    # sum absorbs part of the unknown term's lean (-0.4), so the high end comes out a little lower.
    exact = with_weights(weight_uncertainty__relative=0.0)
    known_exact = estimate_program(profile(), program(visa_j1=True), exact, season_year=SEASON)
    unknown_exact = estimate_program(profile(), program(visa_j1=None, visa_h1b=None), exact, season_year=SEASON)
    assert unknown_exact.p_interview.high == pytest.approx(known_exact.p_interview.high)


@pytest.mark.parametrize(
    "changes",
    [
        {"graduation_year": None},
        {"step2_ck": None},
        {"usce_months": None, "usce_pmr_months": None},
    ],
)
def test_a_requirement_that_cannot_be_checked_is_a_range(changes: dict[str, object]) -> None:
    chance = estimate_program(profile(**changes), program(), weights(), season_year=SEASON)
    known = estimate_program(profile(), program(), weights(), season_year=SEASON)
    assert not chance.is_filtered and chance.unknowns
    assert chance.p_interview.width > known.p_interview.width
    assert chance.possible_filters and chance.p_interview.low == 0.0 < known.p_interview.low
    assert all("no chance" in f.explanation for f in chance.possible_filters)


@pytest.mark.parametrize(
    ("specialty", "expected"),
    [("PM&R", True), ("PMR", True), ("Physical Medicine and Rehabilitation", True), ("Internal Medicine", False)],
)
def test_pmr_specialty_names(specialty: str, expected: bool) -> None:
    assert is_pmr_specialty(specialty) is expected


def test_pmr_in_any_track_is_pmr() -> None:
    for track in (Track.CATEGORICAL, Track.ADVANCED, Track.PHYSICIAN):
        assert program_target(program(track=track)) is Target.PMR
    assert program_target(program(specialty="Surgery", track=Track.PRELIMINARY)) is Target.PRELIM
