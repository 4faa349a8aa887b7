"""The programs My list leaves out, kept as columns (:class:`LeftOutRows`, a row made when it is read), are the
rows ``make_pick`` made program by program before: every field of every row, in the same order, each gain to
the last bit, on the demo's sheet and on 5,000 programs, with a count, a budget, bounds on kinds of position,
exclusions and recorded outcomes; and a page of rows reads only the rows it shows."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date

import pytest

from matchpilot.chances import ChancesReport, Outcome
from matchpilot.demo.generator import generate_demo
from matchpilot.domain.profile import Profile
from matchpilot.domain.rules import FeeTier
from matchpilot.pick import FeeSchedule, PickLimits, PickReport, RecordedOutcome, make_pick
from matchpilot.pick.fees import fee_group
from matchpilot.pick.report import LeftOut, LeftOutRows
from matchpilot.pick.value import worth_if_added
from matchpilot.pick.worth import program_worth
from matchpilot.services.chances import default_weights, estimate_chances

from support.sheets import demo_programs

_AS_OF = date(2026, 12, 1)
FEES = FeeSchedule((FeeTier(1, 30, 11), FeeTier(31, None, 30)), 2027, "test tiers, checked 2026")


def _one_by_one(
    report: ChancesReport,
    picked: PickReport,
    limits: PickLimits,
    recorded: dict[str, RecordedOutcome],
    profile: Profile,
) -> list[LeftOut]:
    """The left-out rows as ``make_pick`` made them before they were kept as columns: one ``LeftOut`` per
    program, in the report's order, then sorted (filtered first by code, then by kind and code; the candidates
    not chosen by what each would add, then code)."""
    chosen = {p.program.code for p in picked.chosen}
    ordered = sorted(((p.utility, p.chance.p_match.mid) for p in picked.chosen), key=lambda item: -item[0])
    per_group = Counter(fee_group(p.program) for p in picked.chosen)
    fee_total = sum(FEES.total(n) for n in per_group.values())
    smallest = min((p.gain for p in picked.chosen), default=0.0)
    in_category = Counter(
        e.chance.category.value for e in report.estimates if e.program.code in chosen
    )  # the unsignalled estimate's kind, as make_pick counts it
    count_limit = limits.count_limit
    left: list[LeftOut] = []
    rest: list[LeftOut] = []
    wasted: Counter[str] = Counter()
    for estimate in report.estimates:
        program, chance = estimate.program, estimate.chance
        outcome = recorded.get(program.code)
        if program.code in limits.excluded:
            left.append(LeftOut(program, chance, "excluded", "you chose never to apply here", outcome=outcome))
        elif chance.is_filtered:
            group = fee_group(program)
            wasted[group] += 1
            reason = "; ".join(f.reason for f in chance.filtered)
            remedy = "; ".join(f.remedy for f in chance.filtered)
            fee = FEES.price(per_group[group] + wasted[group])
            left.append(LeftOut(program, chance, "filtered", reason, remedy, 0.0, fee, outcome))
        elif chance.observed is Outcome.REJECTED:
            day = f" on {outcome.on.isoformat()}" if outcome is not None else ""
            left.append(LeftOut(program, chance, "rejected", f"you recorded a rejection{day}", outcome=outcome))
        elif chance.p_match.mid <= 0.0:
            left.append(LeftOut(program, chance, "no-chance", "the model gives no chance of a match here"))
        elif program.code not in chosen:
            worth = program_worth(program, chance.category.value, profile).value
            gain = chance.p_match.mid * worth_if_added(worth, ordered)
            fee = FEES.price(per_group[fee_group(program)] + 1)
            category = chance.category.value
            cap = limits.maximums.get(category)
            if cap is not None and in_category[category] >= cap:
                kind, why = "category-full", f"the list already has {cap} {category} programs, the most you allowed"
            elif limits.budget is not None and fee_total + fee > limits.budget:
                kind = "budget"
                why = f"its fee (US${fee}) is more than the US${max(limits.budget - fee_total, 0)} left of your budget"
            elif count_limit is not None and len(chosen) >= count_limit:
                kind = "worth-less"
                why = f"would add {gain:.3f} to the expected outcome; each program chosen adds at least {smallest:.3f}"
            else:
                kind, why = "worth-less", f"would add only {gain:.3f} to the expected outcome"
            rest.append(LeftOut(program, chance, kind, why, gain=gain, fee=fee))
    left.sort(key=lambda item: (item.kind != "filtered", item.kind, item.program.code))
    rest.sort(key=lambda item: (-item.gain, item.program.code))
    return left + rest


LIMITS = {
    "count": PickLimits(40),
    "budget": PickLimits(budget=300),
    "budget with room": PickLimits(budget=900),
    "count and budget": PickLimits(30, budget=250),
    "bounds": PickLimits(25, minimums={"pmr": 5}, maximums={"prelim": 2, "transitional": 1}),
}


@pytest.mark.parametrize("size", [322, 5_000])
@pytest.mark.parametrize("name", sorted(LIMITS))
def test_left_out_rows_are_those_made_program_by_program(size: int, name: str) -> None:
    applicant = generate_demo(as_of=_AS_OF).profile
    sheet = list(demo_programs(size, _AS_OF))
    open_codes = [p.code for p in sheet]
    recorded = {
        code: RecordedOutcome(code, outcome, date(2026, 11, day))
        for code, outcome, day in (
            (open_codes[3], Outcome.REJECTED, 2),
            (open_codes[7], Outcome.INVITED, 3),
            (open_codes[11], Outcome.SILENT, 4),
            (open_codes[19], Outcome.REJECTED, 5),
        )
    }
    report = estimate_chances(
        applicant,
        sheet,
        weights=default_weights(),
        season_year=2026,
        outcomes=[(o.code, o.outcome) for o in recorded.values()],
    )
    excluded = frozenset({open_codes[5], open_codes[11], open_codes[23]})
    limits = dataclasses.replace(LIMITS[name], excluded=excluded)
    picked = make_pick(report, limits, FEES, recorded.values(), profile=applicant)
    rows = picked.left_out
    assert isinstance(rows, LeftOutRows)
    expected = _one_by_one(report, picked, limits, recorded, applicant)
    made = list(rows)
    assert made == expected
    assert [repr(item.gain) for item in made] == [repr(item.gain) for item in expected]  # -0.0 and 0.0 apart
    kinds = Counter(item.kind for item in made)
    assert kinds["filtered"] > size // 5 and kinds["excluded"] == 3 and kinds["rejected"] >= 1
    if name in ("budget", "count and budget"):
        assert kinds["budget"] > 0
    if name == "bounds":
        assert kinds["category-full"] > 0
    # The views the page reads: the filtered rows, the others, slices and single rows, without a row too many.
    filtered = picked.filtered
    assert list(filtered) == [item for item in expected if item.kind == "filtered"]
    assert list(picked.others) == [item for item in expected if item.kind != "filtered"]
    assert picked.wasted_fee == sum(item.fee for item in expected if item.kind == "filtered")
    assert picked.wasted_slots == kinds["filtered"]
    assert list(picked.others[:100]) == [item for item in expected if item.kind != "filtered"][:100]
    assert rows[-1] == expected[-1] and rows[5:9] == tuple(expected[5:9]) and tuple(expected) == rows
    assert rows[len(rows) :] == () and not rows[len(rows) :]
    with pytest.raises(IndexError):
        rows[len(rows)]


def test_a_page_of_rows_writes_the_words_of_those_rows_only() -> None:
    """Reading the first hundred rows of a view asks for the words of those hundred rows and no others."""
    applicant = generate_demo(as_of=_AS_OF).profile
    report = estimate_chances(
        applicant, list(demo_programs(2_000, _AS_OF)), weights=default_weights(), season_year=2026
    )
    rows = make_pick(report, PickLimits(40), FEES, profile=applicant).left_out
    assert isinstance(rows, LeftOutRows) and len(rows) > 1_000
    asked: list[str] = []
    words = rows._words

    def counting(*args):  # type: ignore[no-untyped-def]
        asked.append(args[0])
        return words(*args)

    rows._words = counting
    others = rows[500:]
    shown = list(others[:100])
    assert len(shown) == 100 and len(asked) == 100 and len(others) == len(rows) - 500
