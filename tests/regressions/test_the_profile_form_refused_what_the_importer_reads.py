"""Issue 15 (item 12 / item 2): the profile form refused "New York" (the importer reads it as NY) and "PM&R" as a
target. The profile now reads values with the importer's readers: state names, specialty names as targets,
scores written "≥ 238" or "238+", months written "5 months", yes/no as "✓", dates for the graduation year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from matchpilot.bootstrap import build_services
from matchpilot.domain.profile import ApplicantType, Step3Status, Target, VisaNeed, parse_profile
from matchpilot.web import create_app

from support.web import TestClient

TODAY = date(2026, 11, 23)


def test_state_names_and_specialty_names_are_read_as_the_importer_reads_them() -> None:
    profile, issues = parse_profile(
        {
            "name": "A (fictional)",
            "applicant_type": "non-US IMG",
            "preferred_states": "New York, new jersey, PA",
            "targets": "PM&R, Transitional Year, Internal Medicine prelim",
            "visa_need": "J-1",
        },
        today=TODAY,
    )
    assert profile is not None, issues
    assert profile.applicant_type is ApplicantType.NON_US_IMG
    assert profile.preferred_states == ("NY", "NJ", "PA")
    assert profile.targets == (Target.PMR, Target.TRANSITIONAL, Target.PRELIM)
    assert profile.visa_need is VisaNeed.J1


def test_scores_months_yes_no_and_dates_are_read_leniently() -> None:
    profile, issues = parse_profile(
        {
            "name": "A (fictional)",
            "applicant_type": "us_img",
            "step2_ck": "238+",
            "step1": "Passed",
            "step3": "None",
            "usce_months": "5 months",
            "usce_pmr_months": "2,5",
            "research_items": "1,000",
            "ecfmg_certified": "✓",
            "graduation_year": "06/15/2021",
        },
        today=TODAY,
    )
    assert profile is not None, issues
    assert (profile.step2_ck, profile.step1, profile.step3) == (238, "pass", Step3Status.NONE)
    assert (profile.usce_months, profile.usce_pmr_months, profile.research_items) == (5.0, 2.5, 1000)
    assert profile.ecfmg_certified is True and profile.graduation_year == 2021


def test_what_no_reader_can_read_is_still_refused_by_its_field() -> None:
    profile, issues = parse_profile(
        {"name": "A", "applicant_type": "us_img", "preferred_states": "Atlantis", "step2_ck": "great", "targets": "x"},
        today=TODAY,
    )
    assert profile is None
    assert {issue.where for issue in issues if issue.is_error} == {"preferred_states", "step2_ck", "targets"}


def test_the_web_profile_form_saves_new_york_and_pmr(tmp_path: Path) -> None:
    services = build_services(database_url=f"sqlite:///{tmp_path}/t.db", today=lambda: TODAY)
    client = TestClient(create_app(services), base_url="http://127.0.0.1:8000")
    answer = client.post(
        "/profile",
        data={
            "name": "A (fictional)",
            "applicant_type": "non_us_img",
            "preferred_states": "New York",
            "targets": "PM&R",
        },
    )
    assert answer.status_code == 200 and "Your profile was saved." in answer.text
    profile = services.profile()
    assert profile is not None and profile.preferred_states == ("NY",) and profile.targets == (Target.PMR,)
    refused = client.post("/profile", data={"name": "A", "applicant_type": "non_us_img", "step2_ck": "great"})
    assert refused.status_code == 400 and 'id="profile-errors" tabindex="-1" autofocus' in refused.text
    services.database.dispose()
