"""My list on a whole sheet (the demo's, and 5,000 programs made from further seeds of the demo generator):
the worth of each program and what each left-out program would add, which ``make_pick`` now works out once per
distinct value, are exactly what :func:`program_worth` and :func:`gain_if_added` give program by program."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from matchpilot.demo.generator import generate_demo
from matchpilot.domain import Program
from matchpilot.domain.rules import FeeTier
from matchpilot.pick import FeeSchedule, PickLimits, make_pick
from matchpilot.pick.fees import fee_group
from matchpilot.pick.value import gain_if_added
from matchpilot.pick.worth import program_worth
from matchpilot.services.chances import default_weights, estimate_chances

from support.sheets import demo_programs

_AS_OF = date(2026, 12, 1)
FEES = FeeSchedule((FeeTier(1, 30, 11), FeeTier(31, None, 30)), 2027, "test tiers, checked 2026")


def _sheet(size: int) -> list[Program]:
    return list(demo_programs(size, _AS_OF))


@pytest.mark.parametrize("size", [322, 5_000])
def test_worth_fees_and_gains_on_a_whole_sheet_are_those_of_each_program(size: int) -> None:
    applicant = generate_demo(as_of=_AS_OF).profile
    applicant = dataclasses.replace(applicant, preferred_setting=None, wanted_fellowships=("SCI", "pain"))
    report = estimate_chances(applicant, _sheet(size), weights=default_weights(), season_year=2026)
    picked = make_pick(report, PickLimits(40, budget=None), FEES, profile=applicant)
    for item in picked.chosen:
        worth = program_worth(item.program, item.chance.category.value, applicant)
        assert (item.utility, item.utility_source) == (worth.value, worth.explanation)
    ordered = sorted(((p.utility, p.chance.p_match.mid) for p in picked.chosen), key=lambda pair: -pair[0])
    counted = 0
    for left in picked.left_out:
        if left.kind == "worth-less":
            worth = program_worth(left.program, left.chance.category.value, applicant).value
            assert left.gain == gain_if_added(worth, left.chance.p_match.mid, ordered)
            counted += 1
    assert counted > size // 3
    per_group: dict[str, int] = {}
    for item in picked.chosen:
        group = fee_group(item.program)
        per_group[group] = per_group.get(group, 0) + 1
        assert item.fee == FEES.price(per_group[group])
