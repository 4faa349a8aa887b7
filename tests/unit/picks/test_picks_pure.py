"""The pure parts of `pick`: limits, fees from the dated rules, building and explaining the list, formats."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date

import pytest

from matchpilot.chances import Outcome
from matchpilot.domain import ApplicantType, Profile, Program, Target, Track, VisaNeed
from matchpilot.domain.portfolio import Candidate, CategoryBounds, PortfolioProblem
from matchpilot.domain.rules import FeeTier
from matchpilot.errors import InputError, InvalidDataError
from matchpilot.io.pick_json import PICK_CSV_COLUMNS, PICK_FORMAT, pick_csv, pick_to_dict
from matchpilot.pick import (
    FeeSchedule,
    PickLimits,
    RecordedOutcome,
    fee_group,
    limits_issues,
    make_pick,
    parse_bound,
)
from matchpilot.services.chances import default_weights, estimate_chances
from matchpilot.services.picks import fee_schedule

SEASON = 2025
FEES = FeeSchedule((FeeTier(1, 30, 11), FeeTier(31, None, 30)), SEASON + 1, "test tiers, checked 2025")

PROFILE = Profile(
    name="Pick Applicant (fictional)",
    applicant_type=ApplicantType.NON_US_IMG,
    graduation_year=2021,
    step2_ck=240,
    visa_need=VisaNeed.J1,
    usce_months=4,
    letters=("pmr", "pmr"),
    targets=(Target.PMR, Target.PRELIM, Target.TRANSITIONAL),
)


def _programs() -> list[Program]:
    made: list[Program] = []
    for i in range(12):
        made.append(
            Program(
                code=f"10{i:02d}340C0",
                name=f"Rehab {i} (fictional)",
                specialty="PM&R",
                track=Track.CATEGORICAL,
                visa_j1=i != 3,  # program 3 does not sponsor J-1: filtered
                img_share=10.0 + 5 * i,
                interest=(i % 5) + 1 if i % 2 else None,
            )
        )
    for i in range(6):
        made.append(
            Program(
                code=f"20{i:02d}140P0",
                name=f"Prelim {i} (fictional)",
                specialty="Internal Medicine",
                track=Track.PRELIMINARY,
                visa_j1=True,
                img_share=40.0 + 5 * i,
            )
        )
    made.append(
        Program(
            code="3000999T0",
            name="Transitional (fictional)",
            specialty="Transitional Year",
            track=Track.TRANSITIONAL,
            visa_j1=True,
        )
    )
    return made


def _pick(limits: PickLimits, outcomes: tuple[RecordedOutcome, ...] = ()):  # type: ignore[no-untyped-def]
    report = estimate_chances(
        PROFILE,
        _programs(),
        weights=default_weights(),
        season_year=SEASON,
        outcomes=[(o.code, o.outcome) for o in outcomes],
    )
    return make_pick(report, limits, FEES, outcomes)


def test_parse_bound_reads_category_and_count_and_names_the_option() -> None:
    assert parse_bound("pmr=20", option="--min") == ("pmr", 20)
    assert parse_bound(" Prelim = 3 ", option="--max-in") == ("prelim", 3)
    with pytest.raises(InputError, match=r"--max-in 'foo=2'.*not a category"):
        parse_bound("foo=2", option="--max-in")
    with pytest.raises(InputError, match="CATEGORY=N"):
        parse_bound("pmr", option="--min")
    with pytest.raises(InputError, match="not a whole number"):
        parse_bound("pmr=two", option="--min")


def test_limits_issues_name_each_bad_limit() -> None:
    issues = limits_issues(PickLimits(max_applications=0, minimums={"pmr": 5}, maximums={"pmr": 2}))
    assert {i.where for i in issues} == {"max", "min.pmr"}
    assert PickLimits().count_limit == 45 and PickLimits(budget=100).count_limit is None


def test_fees_come_from_the_dated_rules() -> None:
    fees = fee_schedule(2025)
    assert fees.match_year == 2026 and "ERAS" in fees.citation
    assert fees.total(30) == 330 and fees.total(31) == 360 and fees.price(31) == 30
    assert fee_group(_programs()[0]) == "PM&R"


def test_filtered_programs_are_never_chosen_and_their_waste_is_counted() -> None:
    report = _pick(PickLimits(max_applications=50))
    chosen = {p.program.code for p in report.chosen}
    assert "1003340C0" not in chosen
    filtered = report.filtered
    assert [f.program.code for f in filtered] == ["1003340C0"]
    assert "J-1" in filtered[0].reason and filtered[0].remedy
    assert report.wasted_slots == 1 and report.wasted_fee == 11


def test_count_and_category_limits_are_obeyed() -> None:
    report = _pick(PickLimits(max_applications=6, minimums={"prelim": 3}, maximums={"pmr": 2}))
    kinds = [p.chance.category.value for p in report.chosen]
    assert len(kinds) <= 6 and kinds.count("prelim") >= 3 and kinds.count("pmr") <= 2
    assert report.exact
    full = [item for item in report.left_out if item.kind == "category-full"]
    assert full and all(item.chance.category is Target.PMR for item in full)


def test_the_list_is_the_best_of_its_size() -> None:
    """Exhaustive check on the same candidates: no list of 3 does better than the one chosen."""
    report = _pick(PickLimits(max_applications=3))
    open_ = [item for item in report.left_out if item.kind == "worth-less"]
    pool = [(p.utility, p.chance.p_match.mid) for p in report.chosen]
    from matchpilot.pick import list_value as _value  # the exact objective

    pool += [
        (
            float(i.program.interest) if i.program.interest else (3.0 if i.chance.category is Target.PMR else 2.0),
            i.chance.p_match.mid,
        )
        for i in open_
    ]
    best = max(_value(list(combo)) for combo in itertools.combinations(pool, 3))
    assert report.expected.value == pytest.approx(best)


def test_a_budget_is_never_exceeded_and_the_real_fee_is_shown() -> None:
    for budget in (0, 30, 100, 200):
        report = _pick(PickLimits(budget=budget))
        assert report.expected.fee <= budget
        assert report.expected.fee == sum(p.fee for p in report.chosen)
        assert bool(report.money_curve) == (budget > 0)


def test_infeasible_limits_say_which() -> None:
    with pytest.raises(InvalidDataError, match="transitional"):
        _pick(PickLimits(max_applications=10, minimums={"transitional": 3}))
    with pytest.raises(InvalidDataError, match="max_applications"):
        _pick(PickLimits(max_applications=3, minimums={"prelim": 2, "pmr": 2}))


def test_an_invitation_and_a_rejection_change_the_list() -> None:
    before = _pick(PickLimits(max_applications=3))
    last = before.chosen[-1].program.code
    outside = next(i.program.code for i in before.left_out if i.kind == "worth-less")
    after = _pick(
        PickLimits(max_applications=3),
        (
            RecordedOutcome(outside, Outcome.INVITED, date(2025, 10, 1)),
            RecordedOutcome(last, Outcome.REJECTED, date(2025, 10, 2)),
        ),
    )
    codes = [p.program.code for p in after.chosen]
    assert outside in codes and last not in codes
    rejected = next(i for i in after.left_out if i.program.code == last)
    assert rejected.kind == "rejected" and "2025-10-02" in rejected.reason
    assert after.outlook


def test_chosen_programs_carry_ranges_and_reasons() -> None:
    report = _pick(PickLimits(max_applications=4))
    for item in report.chosen:
        assert item.chance.p_match.low <= item.chance.p_match.mid <= item.chance.p_match.high
        assert item.reasons and item.gain > 0
        assert any("interest" in r for r in item.reasons)
    p_any = report.expected.p_any
    assert 0 < p_any.low <= p_any.mid <= p_any.high < 1
    assert [pt.x for pt in report.count_curve] == list(range(1, len(report.count_curve) + 1))
    values = [pt.value for pt in report.count_curve]
    assert values == sorted(values)


def test_json_and_csv_formats() -> None:
    report = _pick(PickLimits(max_applications=4, maximums={"prelim": 1}))
    data = pick_to_dict(report)
    assert data["format"] == PICK_FORMAT and data["p_is"] == "p_match.mid"
    assert [c["code"] for c in data["chosen"]] == [p.program.code for p in report.chosen]
    assert data["limits"]["categories"] == {"prelim": {"min": 0, "max": 1}}
    assert data["filtered"] == {"wasted_slots": 1, "wasted_fee_usd": 11}
    rows = list(csv.reader(io.StringIO(pick_csv(report))))
    assert tuple(rows[0]) == PICK_CSV_COLUMNS
    assert [r[0] for r in rows[1:]].count("chosen") == len(report.chosen)
    assert len(rows) - 1 == len(_programs())


@pytest.mark.parametrize(
    ("max_applications", "categories", "advice", "not_advised"),
    [
        (None, {}, "give a largest number of applications instead of a budget", "leave out"),
        (30, {}, "leave out the largest number of applications", "instead of a budget"),
        (None, {"prelim": CategoryBounds(max=3)}, "leave out the bounds on kinds of position", "leave out the largest"),
    ],
)
def test_a_budget_too_large_to_solve_exactly_names_only_limits_the_user_gave(
    max_applications: int | None, categories: dict[str, CategoryBounds], advice: str, not_advised: str
) -> None:
    """A budget over thousands of programs is refused before any solving; the advice names only what was set (a
    budget alone was told to "leave out the largest number of applications" it never gave)."""
    from matchpilot.pick import make

    candidates = tuple(Candidate(f"P{i:04d}", 0.1, 1.0, cost=1, category="prelim") for i in range(3_000))
    problem = PortfolioProblem(candidates, max_applications=max_applications, budget=10_000, categories=categories)
    with pytest.raises(InputError) as raised:
        make._solve(problem)
    message = str(raised.value)
    assert "3,000 programs to choose from" in message
    assert advice in message
    assert not_advised not in message
