"""Issue 16 item 6: the geographic preference of the profile — up to three US Census divisions and a setting —
and the program types and fellowships preferred, read leniently and refused with the field named."""

from __future__ import annotations

from datetime import date

from matchpilot.domain.geography import Setting
from matchpilot.domain.profile import parse_profile, profile_to_dict
from matchpilot.domain.program import ProgramType

TODAY = date(2026, 11, 23)
BASE = {"name": "Prefs (fictional)", "applicant_type": "non_us_img"}


def test_divisions_setting_types_and_fellowships_are_read_and_written_back() -> None:
    profile, issues = parse_profile(
        {
            **BASE,
            "preferred_divisions": "new england, Mid-Atlantic, pacific",
            "preferred_setting": "Urban",
            "preferred_program_types": "Academic, community",
            "wanted_fellowships": ["brain injury", "spinal cord injury"],
        },
        today=TODAY,
    )
    assert profile is not None, issues
    assert profile.preferred_divisions == ("New England", "Middle Atlantic", "Pacific")
    assert profile.preferred_setting is Setting.URBAN
    assert profile.preferred_program_types == (ProgramType.UNIVERSITY, ProgramType.COMMUNITY)
    assert profile.wanted_fellowships == ("brain injury", "spinal cord injury")
    again, _ = parse_profile(profile_to_dict(profile), today=TODAY)
    assert again == profile


def test_a_fourth_division_is_refused_naming_the_field_and_the_limit() -> None:
    profile, issues = parse_profile(
        {**BASE, "preferred_divisions": ["New England", "Pacific", "Mountain", "South Atlantic"]}, today=TODAY
    )
    assert profile is None
    [issue] = [i for i in issues if i.is_error]
    assert issue.where == "preferred_divisions"
    assert "4 divisions given" in issue.message and "at most 3" in issue.message


def test_the_same_division_twice_counts_once() -> None:
    profile, _ = parse_profile(
        {**BASE, "preferred_divisions": "Pacific, pacific, Pacific division, New England"}, today=TODAY
    )
    assert profile is not None and profile.preferred_divisions == ("Pacific", "New England")


def test_unknown_names_are_refused_by_their_field() -> None:
    profile, issues = parse_profile(
        {
            **BASE,
            "preferred_divisions": "Northeast",
            "preferred_setting": "seaside",
            "preferred_program_types": "hospital",
        },
        today=TODAY,
    )
    assert profile is None
    errors = {i.where: i.message for i in issues if i.is_error}
    assert set(errors) == {"preferred_divisions", "preferred_setting", "preferred_program_types"}
    assert "'Northeast' is not a US Census division" in errors["preferred_divisions"]
    assert "New England" in errors["preferred_divisions"]
    assert "'seaside' is not one of: urban, suburban, rural" in errors["preferred_setting"]
    assert "'hospital' is not a program type" in errors["preferred_program_types"]
