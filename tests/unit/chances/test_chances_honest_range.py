"""An honest range: unknown facts that may be hard filters take the low end to 0, and the range widens with the
uncertainty of the weights themselves; the middle estimate does not move."""

from __future__ import annotations

import math

import pytest
from chances_fixtures import SEASON, profile, program, weights, with_weights
from hypothesis import given
from hypothesis import strategies as st
from test_chances_model import assert_not_lower, profile_with, profiles, programs

from matchpilot.chances import combine, estimate_program
from matchpilot.chances.model import Factor
from matchpilot.domain import ApplicantType, Profile, Program, VisaNeed
from matchpilot.io.weights_toml import parse_weights

# The middle estimates before the low end could reach 0 and before weight uncertainty (computed with the
# previous model): these must not change, because the optimizer and My list rank by them.
MID_J1_UNKNOWN = 0.4046974460553042
MID_ALL_KNOWN = 0.4912395133228758
MID_STEP2_225 = 0.2505605425555551
BEFORE_ALL_KNOWN = (0.25730945469731414, MID_ALL_KNOWN, 0.7271082163411295)


def chance(prof: Profile, prog: Program, **weight_changes: float):  # type: ignore[no-untyped-def]
    w = with_weights(**weight_changes) if weight_changes else weights()
    return estimate_program(prof, prog, w, season_year=SEASON)


def test_unknown_j1_sponsorship_for_a_j1_applicant_reaches_zero_and_keeps_the_mid() -> None:
    c = chance(profile(visa_need=VisaNeed.J1), program(visa_j1=None, visa_h1b=None))
    assert not c.is_filtered
    assert c.p_interview.low == 0.0 and c.p_match.low == 0.0
    assert c.p_interview.mid == pytest.approx(MID_J1_UNKNOWN, rel=1e-12)
    (visa,) = c.possible_filters
    assert visa.key == "visa"
    assert visa.explanation == "unknown: ask the program whether it sponsors J-1; if not, no chance"


def test_known_sponsorship_has_no_such_widening() -> None:
    c = chance(profile(), program(visa_j1=True))
    assert not c.possible_filters and c.p_interview.low > 0.1
    assert c.p_interview.mid == pytest.approx(MID_ALL_KNOWN, rel=1e-12)
    # without weight uncertainty, the range is exactly what it was
    exact = chance(profile(), program(visa_j1=True), weight_uncertainty__relative=0.0)
    assert (exact.p_interview.low, exact.p_interview.mid, exact.p_interview.high) == pytest.approx(BEFORE_ALL_KNOWN)
    # with it, the range is wider on both sides around the same middle
    assert c.p_interview.low < exact.p_interview.low and c.p_interview.high > exact.p_interview.high


@pytest.mark.parametrize(
    ("prof", "prog", "key", "mid"),
    [
        # graduated 10 years before the season; common limits are 5 years or fewer
        (profile(graduation_year=2016), program(max_years_since_graduation=None), "graduation", MID_ALL_KNOWN),
        (profile(graduation_year=None), program(max_years_since_graduation=None), "graduation", None),
        # a score below the minimums that are common
        (profile(step2_ck=225), program(min_step2=None), "step2_minimum", MID_STEP2_225),
        (profile(step2_ck=None), program(min_step2=None), "step2_minimum", None),
        # an IMG with no US clinical experience, at a program whose requirement is unknown
        (profile(usce_months=0, usce_pmr_months=0), program(usce_required=None), "usce_required", MID_STEP2_225),
        (profile(usce_months=None), program(usce_required=None), "usce_required", None),
    ],
)
def test_an_unknown_limit_you_may_not_meet_reaches_zero(
    prof: Profile, prog: Program, key: str, mid: float | None
) -> None:
    c = chance(prof, prog)
    assert not c.is_filtered
    assert [f.key for f in c.possible_filters] == [key]
    factor = c.possible_filters[0]
    assert factor.contribution == 0.0 and factor.unknown
    assert factor.explanation.startswith("unknown: ask whether it") and "no chance" in factor.explanation
    assert c.p_interview.low == 0.0 and c.p_match.low == 0.0
    if mid is not None:
        assert c.p_interview.mid == pytest.approx(mid, rel=1e-12)


@pytest.mark.parametrize(
    ("prof", "prog"),
    [
        (profile(graduation_year=2021), program(max_years_since_graduation=None)),  # 5 years: within common limits
        (profile(step2_ck=230), program(min_step2=None)),  # at the common minimum
        (profile(usce_months=1), program(usce_required=None)),  # some USCE meets a requirement
        (profile(usce_months=0, usce_pmr_months=0), program(usce_required=False)),
        (
            profile(applicant_type=ApplicantType.US_MD, visa_need=VisaNeed.NONE, usce_months=0, usce_pmr_months=0),
            program(usce_required=None),
        ),
    ],
)
def test_an_unknown_limit_you_would_meet_anyway_does_not(prof: Profile, prog: Program) -> None:
    c = chance(prof, prog)
    assert not c.possible_filters and c.p_interview.low > 0


def test_the_thresholds_are_weights() -> None:
    prof, prog = profile(graduation_year=2023), program(max_years_since_graduation=None)
    assert not chance(prof, prog).possible_filters
    assert chance(prof, prog, unknown_requirement__common_graduation_limit=2).possible_filters
    prof, prog = profile(step2_ck=235), program(min_step2=None)
    assert not chance(prof, prog).possible_filters
    assert chance(prof, prog, unknown_requirement__common_step2_minimum=240).possible_filters


def test_weight_uncertainty_widening_grows_with_the_contribution() -> None:
    widths = []
    for c in (0.0, 0.3, -0.5, 1.0, -2.2):
        low, mid, high = combine([Factor.known("x", "X", "", c, "")], relative=0.25)
        assert mid == c
        assert low == pytest.approx(c - 0.25 * abs(c)) and high == pytest.approx(c + 0.25 * abs(c))
        widths.append(high - low)
    assert widths == sorted(widths)
    # independent errors: two known terms widen by the root of the sum of squares
    low, mid, high = combine([Factor.known("a", "A", "", -2.0, ""), Factor.known("b", "B", "", 1.5, "")], relative=0.2)
    assert mid == pytest.approx(-0.5) and high - mid == pytest.approx(0.2 * math.hypot(2.0, 1.5))


def test_relative_must_be_within_zero_and_one() -> None:
    with pytest.raises(ValueError, match="relative"):
        combine([], relative=1.5)
    parsed, issues = parse_weights("[weight_uncertainty]\nrelative = 1.5\n", base=weights())
    assert parsed is None and [i.where for i in issues] == ["weight_uncertainty.relative"]
    parsed, issues = parse_weights("[unknown_requirement]\ncommon_graduation_limit = 4.5\n", base=weights())
    assert parsed is None and [i.where for i in issues] == ["unknown_requirement.common_graduation_limit"]


ends = st.floats(-5, 5, allow_nan=False)
relatives = st.floats(0, 1)


@st.composite
def factor_lists(draw: st.DrawFn) -> list[Factor]:
    out = []
    for i in range(draw(st.integers(1, 5))):
        a, b, c = sorted(draw(st.tuples(ends, ends, ends)))
        out.append(Factor(f"f{i}", "F", "", b, a, c, ""))
    return out


@given(factor_lists(), relatives, st.integers(0, 4), st.floats(0, 3), st.sampled_from(["low", "high", "both"]))
def test_combine_widening_a_term_never_narrows(
    terms: list[Factor], relative: float, index: int, more: float, side: str
) -> None:
    f = terms[index % len(terms)]
    wider = Factor(
        f.key,
        f.name,
        f.value,
        f.contribution,
        f.low - (more if side in ("low", "both") else 0.0),
        f.high + (more if side in ("high", "both") else 0.0),
        f.explanation,
    )
    before = combine(terms, relative=relative)
    after = combine([wider if t is f else t for t in terms], relative=relative)
    assert after[0] <= before[0] + 1e-9 and after[2] >= before[2] - 1e-9 and after[1] == before[1]


@given(factor_lists(), relatives, st.integers(0, 4), st.floats(0, 3), st.sampled_from(["low", "mid", "high", "all"]))
def test_combine_raising_a_term_never_lowers_an_end(
    terms: list[Factor], relative: float, index: int, more: float, which: str
) -> None:
    f = terms[index % len(terms)]
    low, mid, high = f.low, f.contribution, f.high
    if which == "all":
        low, mid, high = low + more, mid + more, high + more
    elif which == "low":
        low = min(mid, low + more)
    elif which == "mid":
        mid = min(high, mid + more)
    else:
        high = high + more
    raised = Factor(f.key, f.name, f.value, mid, low, high, f.explanation)
    before = combine(terms, relative=relative)
    after = combine([raised if t is f else t for t in terms], relative=relative)
    for new, old in zip(after, before, strict=True):
        assert new >= old - 1e-9


@given(profiles, programs, relatives)
def test_weight_uncertainty_never_moves_the_mid_and_only_widens(prof: Profile, prog: Program, relative: float) -> None:
    exact = chance(prof, prog, weight_uncertainty__relative=0.0)
    c = chance(prof, prog, weight_uncertainty__relative=relative)
    assert c.p_interview.mid == exact.p_interview.mid and c.log_odds[1] == exact.log_odds[1]
    assert c.p_interview.low <= exact.p_interview.low + 1e-12
    assert c.p_interview.high >= exact.p_interview.high - 1e-12
    if c.possible_filters:
        assert c.p_interview.low == 0.0 and c.p_match.low == 0.0


@given(profiles, programs, st.integers(2000, 2025), st.integers(1, 10))
def test_graduating_more_recently_never_lowers_chances(prof: Profile, prog: Program, year: int, later: int) -> None:
    earlier = chance(profile_with(prof, graduation_year=year), prog)
    recent = chance(profile_with(prof, graduation_year=min(SEASON, year + later)), prog)
    assert_not_lower(recent.p_interview, earlier.p_interview)
    assert_not_lower(recent.p_match, earlier.p_match)
