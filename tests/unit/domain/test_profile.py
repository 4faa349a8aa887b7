"""Profile validation: every bad value is an error naming its key; good profiles read back unchanged."""

from __future__ import annotations

from datetime import date

from matchpilot.domain import ApplicantType, Target, VisaNeed, parse_profile, profile_to_dict

TODAY = date(2026, 11, 23)
SPEC_EXAMPLE = {
    "name": "Amina Rahman",
    "applicant_type": "non_us_img",
    "graduation_year": 2021,
    "ecfmg_certified": True,
    "step1": "pass",
    "step2_ck": 239,
    "step3": "passed",
    "exam_failures": 0,
    "visa_need": "j1",
    "usce_months": 5,
    "usce_pmr_months": 2,
    "observership_months": 3,
    "research_items": 4,
    "pmr_research_items": 1,
    "letters": ["pmr", "pmr", "internal_medicine", "neurology"],
    "languages": ["English", "Bengali", "Hindi"],
    "preferred_states": ["NY", "NJ", "PA"],
    "avoid_states": [],
    "goals": ["neurorehabilitation", "brain injury"],
    "targets": ["pmr", "prelim", "transitional"],
}


def test_the_spec_example_is_valid_and_round_trips() -> None:
    profile, issues = parse_profile(SPEC_EXAMPLE, today=TODAY)
    assert issues == []
    assert profile is not None
    assert profile.applicant_type is ApplicantType.NON_US_IMG
    assert profile.visa_need is VisaNeed.J1
    assert profile.targets == (Target.PMR, Target.PRELIM, Target.TRANSITIONAL)
    again, _ = parse_profile(profile_to_dict(profile), today=TODAY)
    assert again == profile


def test_letters_keep_repeats() -> None:
    profile, _ = parse_profile(SPEC_EXAMPLE, today=TODAY)
    assert profile is not None
    assert profile.letters.count("pmr") == 2


def errors_for(**changes: object) -> dict[str, str]:
    data = {**SPEC_EXAMPLE, **changes}
    profile, issues = parse_profile(data, today=TODAY)
    assert profile is None
    return {issue.where: issue.message for issue in issues}


def test_out_of_range_score_names_the_key() -> None:
    assert errors_for(step2_ck=400) == {"step2_ck": "400 is out of range (must be between 1 and 300)"}


def test_unknown_key_is_an_error() -> None:
    assert "favourite_color" in errors_for(favourite_color="blue")


def test_graduation_in_the_future() -> None:
    assert "graduation_year" in errors_for(graduation_year=2027)
    senior, issues = parse_profile({**SPEC_EXAMPLE, "applicant_type": "us_md", "graduation_year": 2027}, today=TODAY)
    assert senior is not None, issues


def test_wrong_types_and_values_all_reported_at_once() -> None:
    errors = errors_for(visa_need="f1", step3="maybe", usce_months="five", preferred_states=["NY", "XX"])
    assert set(errors) == {"visa_need", "step3", "usce_months", "preferred_states"}
    assert "'XX'" in errors["preferred_states"]


def test_contradictions() -> None:
    assert "usce_pmr_months" in errors_for(usce_pmr_months=9)
    assert "avoid_states" in errors_for(avoid_states=["NY"])


def test_form_strings_are_accepted() -> None:
    form = {
        "name": "Demo",
        "applicant_type": "us_img",
        "step2_ck": "241",
        "languages": "English, Spanish",
        "ecfmg_certified": "yes",
    }
    profile, issues = parse_profile(form, today=TODAY)
    assert profile is not None, issues
    assert profile.step2_ck == 241
    assert profile.languages == ("English", "Spanish")
    assert profile.ecfmg_certified is True


def test_name_and_type_are_required() -> None:
    _, issues = parse_profile({}, today=TODAY)
    assert {issue.where for issue in issues} == {"name", "applicant_type"}
