"""The estimates: ordered ranges within 0..1, and more of a good thing never lowers a chance."""

from __future__ import annotations

import math

import pytest
from chances_fixtures import SEASON, blank_program, profile, program, weights, with_weights
from hypothesis import given
from hypothesis import strategies as st

from matchpilot.chances import Interval, ProgramChance, combine, estimate_all, estimate_program
from matchpilot.chances.model import Factor
from matchpilot.domain import ApplicantType, Profile, Program, Step3Status, Target, Track, VisaNeed

maybe_bool = st.sampled_from([True, False, None])

programs = st.builds(
    Program,
    code=st.just("1234340C0"),
    name=st.just("Test Program (fictional)"),
    specialty=st.sampled_from(["PM&R", "Internal Medicine", "Transitional Year", "Surgery"]),
    track=st.sampled_from(list(Track)),
    state=st.sampled_from([None, "NY", "PA", "TX", "CA"]),
    visa_j1=maybe_bool,
    visa_h1b=maybe_bool,
    img_share=st.one_of(st.none(), st.floats(0, 100)),
    min_step2=st.one_of(st.none(), st.integers(180, 260)),
    max_years_since_graduation=st.one_of(st.none(), st.integers(0, 15)),
    usce_required=maybe_bool,
    step3_for_h1b=maybe_bool,
)

profiles = st.builds(
    Profile,
    name=st.just("Test Applicant (fictional)"),
    applicant_type=st.sampled_from(list(ApplicantType)),
    graduation_year=st.one_of(st.none(), st.integers(2000, 2026)),
    step2_ck=st.one_of(st.none(), st.integers(180, 290)),
    step3=st.one_of(st.none(), st.sampled_from(list(Step3Status))),
    visa_need=st.one_of(st.none(), st.sampled_from(list(VisaNeed))),
    usce_months=st.one_of(st.none(), st.floats(0, 24)),
    usce_pmr_months=st.one_of(st.none(), st.floats(0, 6)),
    research_items=st.one_of(st.none(), st.integers(0, 30)),
    pmr_research_items=st.one_of(st.none(), st.integers(0, 5)),
    letters=st.lists(st.sampled_from(["pmr", "internal_medicine", "neurology"]), max_size=5).map(tuple),
    preferred_states=st.lists(st.sampled_from(["NY", "PA"]), max_size=2, unique=True).map(tuple),
    avoid_states=st.lists(st.sampled_from(["TX", "CA"]), max_size=2, unique=True).map(tuple),
    targets=st.lists(st.sampled_from(list(Target)), max_size=4, unique=True).map(tuple),
)


def ends(interval: Interval) -> tuple[float, float, float]:
    return interval.low, interval.mid, interval.high


def assert_not_lower(after: Interval, before: Interval) -> None:
    for new, old in zip(ends(after), ends(before), strict=True):
        assert new >= old - 1e-12, (after, before)


def check_ordered(chance: ProgramChance) -> None:
    for interval in (chance.p_interview, chance.p_match):
        assert 0.0 <= interval.low <= interval.mid <= interval.high <= 1.0, interval
    assert chance.p_match.mid <= chance.p_interview.mid
    low, mid, high = chance.log_odds
    assert low <= mid <= high


@given(profiles, programs, st.booleans())
def test_intervals_are_ordered_and_within_zero_and_one(prof: Profile, prog: Program, signalled: bool) -> None:
    signals = {prog.code} if signalled else set()
    check_ordered(estimate_program(prof, prog, weights(), season_year=SEASON, signals=signals))


@given(profiles, programs, st.integers(180, 289), st.integers(1, 30))
def test_a_higher_step2_never_lowers_chances(prof: Profile, prog: Program, score: int, more: int) -> None:
    higher = min(300, score + more)
    lower = estimate_program(profile_with(prof, step2_ck=score), prog, weights(), season_year=SEASON)
    upper = estimate_program(profile_with(prof, step2_ck=higher), prog, weights(), season_year=SEASON)
    assert_not_lower(upper.p_interview, lower.p_interview)
    assert_not_lower(upper.p_match, lower.p_match)


@given(profiles, programs)
def test_a_preferred_state_never_lowers_chances(prof: Profile, prog: Program) -> None:
    state = prog.state or "NY"
    avoid = tuple(s for s in prof.avoid_states if s != state)
    without = profile_with(
        prof, preferred_states=tuple(s for s in prof.preferred_states if s != state), avoid_states=avoid
    )
    with_it = profile_with(without, preferred_states=(*without.preferred_states, state))
    before = estimate_program(without, prog, weights(), season_year=SEASON)
    after = estimate_program(with_it, prog, weights(), season_year=SEASON)
    assert_not_lower(after.p_interview, before.p_interview)


@given(profiles, programs)
def test_sending_a_signal_never_lowers_chances(prof: Profile, prog: Program) -> None:
    before = estimate_program(prof, prog, weights(), season_year=SEASON)
    after = estimate_program(prof, prog, weights(), season_year=SEASON, signals={prog.code})
    assert_not_lower(after.p_interview, before.p_interview)
    if not before.is_filtered:
        assert after.p_interview.mid > before.p_interview.mid


@given(profiles, programs, st.integers(0, 4))
def test_more_pmr_letters_never_lower_chances(prof: Profile, prog: Program, count: int) -> None:
    fewer = profile_with(prof, letters=("neurology", *(["pmr"] * count)))
    more = profile_with(prof, letters=("neurology", *(["pmr"] * (count + 1))))
    before = estimate_program(fewer, prog, weights(), season_year=SEASON)
    after = estimate_program(more, prog, weights(), season_year=SEASON)
    assert_not_lower(after.p_interview, before.p_interview)


def profile_with(prof: Profile, **changes: object) -> Profile:
    from dataclasses import replace

    return replace(prof, **changes)  # type: ignore[arg-type]


def test_every_factor_is_visible_with_a_reason() -> None:
    chance = estimate_program(profile(), program(state="NY"), weights(), season_year=SEASON, signals={"1234340C0"})
    keys = [f.key for f in chance.factors]
    assert keys[0] == "baseline"
    for key in ("step2", "img_share", "pmr_letters", "pmr_experience", "research", "geography", "signal"):
        assert key in keys, key
    for factor in chance.factors:
        assert factor.name and factor.value and factor.explanation
        assert factor.low <= factor.contribution <= factor.high
    signal = next(f for f in chance.factors if f.key == "signal")
    assert signal.contribution == weights()["signal.sent"]
    assert "baseline" not in [f.key for f in chance.top_factors(10)]


def test_step2_uses_the_minimum_as_a_proxy_and_a_range_without_it() -> None:
    with_minimum = estimate_program(profile(step2_ck=250), program(min_step2=220), weights(), season_year=SEASON)
    step2 = next(f for f in with_minimum.factors if f.key == "step2")
    assert not step2.unknown and step2.contribution > 0 and "230" in step2.value
    without = estimate_program(profile(step2_ck=250), program(min_step2=None), weights(), season_year=SEASON)
    step2 = next(f for f in without.factors if f.key == "step2")
    assert step2.unknown and "unknown" in step2.explanation


def test_img_share_counts_only_for_img_applicants_and_unknown_widens() -> None:
    us = profile(applicant_type=ApplicantType.US_MD, visa_need=VisaNeed.NONE)
    chance = estimate_program(us, program(img_share=0.0), weights(), season_year=SEASON)
    assert "img_share" not in [f.key for f in chance.factors]
    none_share = estimate_program(profile(), program(img_share=0.0), weights(), season_year=SEASON)
    high_share = estimate_program(profile(), program(img_share=80.0), weights(), season_year=SEASON)
    unknown = estimate_program(profile(), program(img_share=None), weights(), season_year=SEASON)
    assert none_share.p_interview.mid < high_share.p_interview.mid
    assert unknown.p_interview.width > high_share.p_interview.width


def test_pmr_letters_count_only_at_pmr_programs() -> None:
    prelim = estimate_program(
        profile(), program(specialty="Internal Medicine", track=Track.PRELIMINARY), weights(), season_year=SEASON
    )
    assert "pmr_letters" not in [f.key for f in prelim.factors]


def test_p_match_is_p_interview_times_the_assumed_rate() -> None:
    chance = estimate_program(profile(), program(), weights(), season_year=SEASON)
    low, mid, high = weights().match_rate(Target.PMR)
    assert chance.p_match.mid == pytest.approx(chance.p_interview.mid * mid)
    assert chance.p_match.low == pytest.approx(chance.p_interview.low * low)
    assert chance.p_match.high == pytest.approx(chance.p_interview.high * high)


def test_weights_change_the_estimate() -> None:
    plain = estimate_program(profile(), program(), weights(), season_year=SEASON, signals={"1234340C0"})
    no_signal_value = estimate_program(
        profile(), program(), with_weights(signal__sent=0.0), season_year=SEASON, signals={"1234340C0"}
    )
    assert no_signal_value.p_interview.mid < plain.p_interview.mid


def test_more_unknowns_give_a_wider_range() -> None:
    known = estimate_program(profile(), program(), weights(), season_year=SEASON)
    unknown = estimate_program(profile(), blank_program(), weights(), season_year=SEASON)
    assert unknown.p_interview.width > known.p_interview.width


def test_combine_treats_unknowns_as_independent() -> None:
    terms = [Factor("a", "A", "", 0.0, -3.0, 0.0, ""), Factor("b", "B", "", 1.0, 0.0, 5.0, "")]
    low, mid, high = combine(terms)
    assert mid == 1.0
    assert low == pytest.approx(1.0 - math.hypot(3.0, 1.0))
    assert high == pytest.approx(1.0 + 4.0)


def test_estimate_all_keeps_the_order_and_applies_outcomes() -> None:
    from matchpilot.chances import Outcome

    progs = [program(code="A"), program(code="B"), program(code="C")]
    chances = estimate_all(
        profile(), progs, weights(), season_year=SEASON, outcomes={"A": Outcome.INVITED, "B": Outcome.REJECTED}
    )
    assert [c.code for c in chances] == ["A", "B", "C"]
    assert chances[0].p_interview == Interval(1, 1, 1) and chances[1].p_interview == Interval(0, 0, 0)
    assert 0 < chances[2].p_interview.mid < 1
