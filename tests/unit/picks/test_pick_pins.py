"""Pinned and excluded programs: pinned ones are forced onto the list, excluded ones removed, and pins that
cannot fit the limits are refused with the limit named."""

from __future__ import annotations

import pytest

from matchpilot.chances import ChancesReport
from matchpilot.domain import ApplicantType, Profile, Program, Target, Track, VisaNeed
from matchpilot.domain.rules import FeeTier
from matchpilot.errors import InvalidDataError
from matchpilot.pick import FeeSchedule, PickLimits, make_pick
from matchpilot.services.chances import default_weights, estimate_chances

SEASON = 2025
FEES = FeeSchedule((FeeTier(1, 30, 11), FeeTier(31, None, 30)), SEASON + 1, "test tiers, checked 2025")
PROFILE = Profile(
    name="Pin Applicant (fictional)",
    applicant_type=ApplicantType.NON_US_IMG,
    graduation_year=2021,
    step2_ck=240,
    visa_need=VisaNeed.J1,
    usce_months=4,
    letters=("pmr", "pmr"),
    targets=(Target.PMR, Target.PRELIM),
)


def _programs() -> list[Program]:
    rehab = [
        Program(
            code=f"10{i:02d}340C0",
            name=f"Rehab {i} (fictional)",
            specialty="PM&R",
            track=Track.CATEGORICAL,
            visa_j1=i != 3,  # program 3 does not sponsor J-1: filtered
            img_share=10.0 + 5 * i,
            interest=(i % 5) + 1,
        )
        for i in range(10)
    ]
    prelim = [
        Program(
            code=f"20{i:02d}140P0",
            name=f"Prelim {i} (fictional)",
            specialty="Internal Medicine",
            track=Track.PRELIMINARY,
            visa_j1=True,
            img_share=40.0 + 5 * i,
        )
        for i in range(4)
    ]
    return rehab + prelim


def _report() -> ChancesReport:
    return estimate_chances(PROFILE, _programs(), weights=default_weights(), season_year=SEASON)


def _codes(limits: PickLimits) -> list[str]:
    return [p.program.code for p in make_pick(_report(), limits, FEES).chosen]


def test_a_pinned_program_is_forced_in_and_an_excluded_one_is_left_out() -> None:
    free = _codes(PickLimits(max_applications=4))
    outside = next(
        e.program.code
        for e in _report().estimates
        if e.program.code not in free and not e.chance.is_filtered and e.chance.p_match.mid > 0
    )
    pinned = make_pick(_report(), PickLimits(max_applications=4, pinned=frozenset({outside})), FEES)
    codes = [p.program.code for p in pinned.chosen]
    assert outside in codes and len(codes) == 4
    assert any("you pinned it" in r for p in pinned.chosen if p.program.code == outside for r in p.reasons)
    dropped = free[0]
    excluded = make_pick(_report(), PickLimits(max_applications=4, excluded=frozenset({dropped})), FEES)
    assert dropped not in [p.program.code for p in excluded.chosen]
    assert [item.kind for item in excluded.left_out if item.program.code == dropped] == ["excluded"]


def test_pins_respect_the_bounds_of_their_kind() -> None:
    prelims = [e.program.code for e in _report().estimates if e.chance.category.value == "prelim"][:2]
    report = make_pick(
        _report(), PickLimits(max_applications=6, maximums={"prelim": 2}, pinned=frozenset(prelims)), FEES
    )
    kinds = [p.chance.category.value for p in report.chosen]
    assert kinds.count("prelim") == 2 and set(prelims) <= {p.program.code for p in report.chosen}


def test_more_pins_than_applications_are_refused_naming_the_count() -> None:
    usable = [e.program.code for e in _report().estimates if not e.chance.is_filtered][:3]
    with pytest.raises(InvalidDataError) as caught:
        make_pick(_report(), PickLimits(max_applications=2, pinned=frozenset(usable)), FEES)
    assert [i.where for i in caught.value.issues] == ["max"]
    assert "you pinned 3 programs, more than the 2 applications" in str(caught.value.issues[0])


def test_pins_over_a_maximum_or_the_budget_and_unusable_pins_are_refused() -> None:
    prelims = [e.program.code for e in _report().estimates if e.chance.category.value == "prelim"][:2]
    with pytest.raises(InvalidDataError) as too_many:
        make_pick(_report(), PickLimits(max_applications=6, maximums={"prelim": 1}, pinned=frozenset(prelims)), FEES)
    assert [i.where for i in too_many.value.issues] == ["max-in.prelim"]
    with pytest.raises(InvalidDataError) as budget:
        make_pick(_report(), PickLimits(budget=15, pinned=frozenset(prelims)), FEES)  # 2 x US$11
    assert [i.where for i in budget.value.issues] == ["budget"]
    with pytest.raises(InvalidDataError) as filtered:
        make_pick(_report(), PickLimits(pinned=frozenset({"1003340C0"})), FEES)  # does not sponsor J-1
    assert "a hard filter removes it" in str(filtered.value.issues[0])
    with pytest.raises(InvalidDataError) as unknown:
        make_pick(_report(), PickLimits(excluded=frozenset({"NOPE"})), FEES)
    assert "no program with code 'NOPE'" in str(unknown.value.issues[0])
    with pytest.raises(InvalidDataError) as both:
        make_pick(_report(), PickLimits(pinned=frozenset({prelims[0]}), excluded=frozenset({prelims[0]})), FEES)
    assert "both pinned and excluded" in str(both.value.issues[0])
