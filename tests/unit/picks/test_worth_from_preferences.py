"""Issue 16 item 6 / issue 15 item 4: the preferences of the profile (Census divisions, states, program type,
fellowships) move the worth of a program whose interest is not given, each step said in words; an interest
given overrides them; and they never change the chance of an interview."""

from __future__ import annotations

from dataclasses import replace

from matchpilot.domain import ApplicantType, Profile, Program, Target, Track, VisaNeed
from matchpilot.domain.geography import Setting
from matchpilot.domain.program import ProgramType
from matchpilot.domain.rules import FeeTier
from matchpilot.pick import FeeSchedule, PickLimits, make_pick, program_worth
from matchpilot.services.chances import default_weights, estimate_chances

PROFILE = Profile(
    name="Worth Applicant (fictional)",
    applicant_type=ApplicantType.NON_US_IMG,
    visa_need=VisaNeed.J1,
    step2_ck=240,
    targets=(Target.PMR,),
)
PREFERS = replace(
    PROFILE,
    preferred_divisions=("New England", "Pacific"),
    preferred_setting=Setting.URBAN,
    preferred_program_types=(ProgramType.UNIVERSITY,),
    wanted_fellowships=("brain injury",),
)


def _program(state: str | None, **facts: object) -> Program:
    return Program(
        code="1000340C0",
        name="Rehab (fictional)",
        specialty="PM&R",
        track=Track.CATEGORICAL,
        state=state,
        visa_j1=True,
        **facts,  # type: ignore[arg-type]
    )


def test_without_preferences_the_worth_is_the_default_of_its_kind() -> None:
    worth = program_worth(_program("MA"), "pmr", PROFILE)
    assert worth.value == 3.0 and worth.steps == ()
    assert "the default for pmr" in worth.explanation


def test_a_program_in_a_preferred_division_gains_one_and_says_so() -> None:
    worth = program_worth(_program("MA"), "pmr", PREFERS)
    assert worth.value == 4.0
    assert worth.steps == ("+1 because it is in your preferred division, New England",)
    assert worth.explanation.startswith("worth 4 of 5: the default for pmr is 3; +1 because")


def test_a_program_outside_the_preferred_divisions_does_not() -> None:
    assert program_worth(_program("TX"), "pmr", PREFERS).value == 3.0
    assert program_worth(_program(None), "pmr", PREFERS).value == 3.0  # state unknown: nothing moves
    assert program_worth(_program("PR"), "pmr", PREFERS).value == 3.0  # a territory is in no division


def test_a_preferred_state_and_its_division_count_once() -> None:
    both = replace(PREFERS, preferred_states=("MA",))
    worth = program_worth(_program("MA"), "pmr", both)
    assert worth.value == 4.0 and worth.steps == ("+1 because it is in MA, one of your preferred states",)


def test_an_avoided_state_costs_one() -> None:
    worth = program_worth(_program("NJ"), "pmr", replace(PROFILE, avoid_states=("NJ",)))
    assert worth.value == 2.0 and worth.steps == ("-1 because it is in NJ, a state you would rather avoid",)


def test_program_type_and_fellowship_each_add_a_half_and_the_worth_stays_within_five() -> None:
    program = _program("CA", program_type=ProgramType.UNIVERSITY, fellowships=("Brain Injury Medicine", "Pain"))
    worth = program_worth(program, "pmr", PREFERS)
    assert worth.value == 5.0
    assert worth.steps == (
        "+1 because it is in your preferred division, Pacific",
        "+0.5 because it is a university program, as you prefer",
        "+0.5 because it offers a fellowship you want (Brain Injury Medicine)",
    )
    assert program_worth(program, "pmr", replace(PREFERS, wanted_fellowships=())).value == 4.5
    low = program_worth(_program("NJ"), "other", replace(PROFILE, avoid_states=("NJ",)))
    assert low.value == 1.0 and "kept within 1-5 (it would be 0)" in low.steps


def test_an_interest_given_overrides_every_preference() -> None:
    worth = program_worth(_program("MA", interest=2), "pmr", PREFERS)
    assert worth.value == 2.0 and worth.explanation == "your interest 2 of 5"


def test_the_list_shows_why_each_worth_is_what_it_is_and_the_chances_do_not_move() -> None:
    programs = [
        replace(_program("MA"), code="1001340C0", name="Boston Rehab (fictional)"),
        replace(_program("TX"), code="1002340C0", name="Texas Rehab (fictional)"),
    ]
    fees = FeeSchedule((FeeTier(1, 30, 11), FeeTier(31, None, 30)), 2026, "test tiers")
    plain = estimate_chances(PROFILE, programs, weights=default_weights(), season_year=2025)
    preferring = estimate_chances(PREFERS, programs, weights=default_weights(), season_year=2025)
    assert [e.chance.p_interview for e in plain.estimates] == [e.chance.p_interview for e in preferring.estimates]
    picked = {
        p.program.code: p for p in make_pick(preferring, PickLimits(max_applications=2), fees, profile=PREFERS).chosen
    }
    assert picked["1001340C0"].utility == 4.0 and picked["1002340C0"].utility == 3.0
    assert any("your preferred division, New England" in reason for reason in picked["1001340C0"].reasons)
    without = {p.program.code: p for p in make_pick(preferring, PickLimits(max_applications=2), fees).chosen}
    assert without["1001340C0"].utility == 3.0


def test_a_program_in_the_preferred_setting_gains_a_half_and_says_so() -> None:
    worth = program_worth(_program("TX", setting=Setting.URBAN), "pmr", PREFERS)
    assert worth.value == 3.5
    assert worth.steps == ("+0.5 because its setting is urban, as you prefer",)


def test_another_setting_or_an_unknown_one_moves_nothing() -> None:
    assert program_worth(_program("TX", setting=Setting.RURAL), "pmr", PREFERS).value == 3.0
    assert program_worth(_program("TX"), "pmr", PREFERS).value == 3.0  # the sheet does not say: nothing moves
    assert program_worth(_program("TX", setting=Setting.URBAN), "pmr", PROFILE).value == 3.0  # no preference
