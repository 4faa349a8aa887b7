"""The explainable checks of application materials: statements, experience entries, letters and readiness.

Each check is tried on a text that should pass and on a near miss that a reader would fault."""

from __future__ import annotations

from datetime import date

import pytest

from matchpilot.letters.materials import (
    MIN_UPLOADED_LETTERS,
    Check,
    LetterPlan,
    LetterState,
    LetterTier,
    check_experience,
    check_statement,
    experience_issues,
    letter_advice,
    letter_issues,
    letter_tier,
    materials_readiness,
    variant_key,
)

PMR = (
    "I first understood physiatry at my grandmother's bedside after her stroke. During a four-week observership "
    "on an inpatient rehabilitation unit I joined team rounds with physical and occupational therapists and "
    "took part in functional assessments. What mattered to each patient was function: walking to the bathroom, "
    "returning to work, their quality of life. I want a career in physical medicine and rehabilitation."
)
BRIDGE = (
    "I am applying for a preliminary year in internal medicine. I value this year as thorough clinical training "
    "and a strong foundation. My long-term goal is a career in physical medicine and rehabilitation, where I "
    "will use what I learn caring for medically complex patients."
)
GENERAL = (
    "I want to care for complex, chronically ill patients over years, not days. Moving countries and passing "
    "new exams taught me to adapt quickly, and I bring that adaptability to every team I join."
)


def _failed(checks: tuple[Check, ...]) -> set[str]:
    """The required checks that did not pass."""
    return {check.code for check in checks if check.required and not check.passed}


@pytest.mark.parametrize(("variant", "text"), [("pmr", PMR), ("bridge", BRIDGE), ("general", GENERAL)])
def test_a_good_statement_of_each_variant_passes_every_check(variant: str, text: str) -> None:
    review = check_statement(variant, text)
    assert review.passed, [c.to_dict() for c in review.checks if not c.passed]
    assert review.characters == len(text)
    assert all(check.looked_for and check.why for check in review.checks)


def test_every_check_says_what_it_found_when_it_passes() -> None:
    review = check_statement("pmr", PMR)
    found = {check.code: check.found for check in review.checks}
    assert "physiatry" in found["names-physiatry"]
    assert "function" in found["speaks-of-function"]
    assert any("observership" in sentence for sentence in found["rehabilitation-experience"])


def test_a_pmr_statement_without_rehabilitation_experience_is_told_to_add_one() -> None:
    near_miss = (
        "Physiatry draws me because it restores function and quality of life. I admire how physiatrists "
        "think about the whole person."
    )
    review = check_statement("pmr", near_miss)
    assert not review.passed
    assert _failed(review.checks) == {"rehabilitation-experience"}
    failing = next(check for check in review.checks if check.code == "rehabilitation-experience")
    assert "elective" in failing.suggestion and failing.found == ()


def test_a_pmr_statement_about_cure_not_function_fails_the_function_check() -> None:
    near_miss = (
        "I chose PM&R because I like diagnosis. During my rotation in a stroke unit I presented cases on rounds."
    )
    assert "speaks-of-function" in _failed(check_statement("pmr", near_miss).checks)


def test_calling_pmr_a_backup_is_flagged_with_the_words_found() -> None:
    review = check_statement("pmr", PMR + " PM&R is my backup because it is less competitive.")
    check = next(check for check in review.checks if check.code == "not-a-backup")
    assert not check.passed and not review.passed
    assert {word.lower() for word in check.found} == {"backup", "less competitive"}


def test_a_bridge_statement_that_mentions_pmr_but_no_goal_is_a_near_miss() -> None:
    near_miss = (
        "I completed a PM&R elective last spring. I want a preliminary year of thorough clinical training and a "
        "strong foundation in medicine."
    )
    review = check_statement("prelim", near_miss)
    assert _failed(review.checks) == {"names-pmr-goal"}
    assert "long-term goal" in next(c for c in review.checks if c.code == "names-pmr-goal").suggestion


def test_a_general_statement_claiming_a_specialty_names_the_sentence() -> None:
    claim = "My dream is to become a neurologist."
    review = check_statement("general", GENERAL + " " + claim)
    check = next(c for c in review.checks if c.code == "no-specialty-claim")
    assert not check.passed and check.found == (claim,)


def test_a_general_statement_may_mention_a_specialty_without_claiming_it() -> None:
    text = GENERAL + " On my internal medicine rotation I cared for patients with heart failure."
    assert check_statement("general", text).passed


def test_a_field_left_to_fill_in_is_found_in_any_variant() -> None:
    review = check_statement("general", GENERAL + " I would be proud to train at [Program Name].")
    check = next(c for c in review.checks if c.code == "no-placeholder")
    assert not check.passed and check.found == ("[Program Name]",)


def test_variant_names() -> None:
    assert variant_key("Bridge") == "prelim"
    assert variant_key("PMR") == "pmr"
    assert variant_key("surgery") is None
    with pytest.raises(ValueError, match="surgery"):
        check_statement("surgery", "text")


def test_an_experience_connected_to_pmr_values_passes_and_says_which() -> None:
    review = check_experience(
        "Stroke unit volunteer",
        "I helped patients practise transfers and talked with their families about going home; I worked with the "
        "physical therapists every morning.",
    )
    assert review.passed
    assert review.values["function"] == ("transfers",)
    assert review.values["teamwork"] == ("therapists",)
    assert review.values["quality of life"] == ()


def test_an_experience_with_no_pmr_value_gets_the_guides_suggestion() -> None:
    review = check_experience("Research assistant", "I cleaned datasets and wrote R scripts for a cardiology trial.")
    assert not review.passed
    check = review.checks[0]
    assert check.code == "connects-to-pmr-values" and not check.passed
    assert "function, disability, quality of life, teamwork" in check.suggestion
    assert "one or two sentences" in check.suggestion


def test_an_observership_that_says_only_observed_is_asked_for_the_role() -> None:
    review = check_experience("Observership", "I observed stroke rehabilitation.")
    role = next(c for c in review.checks if c.code == "your-role")
    assert not role.passed and not role.required and review.passed
    done = check_experience("Observership", "I observed stroke rehabilitation and participated in team rounds.")
    assert next(c for c in done.checks if c.code == "your-role").passed


def test_experience_issues_name_their_fields() -> None:
    issues = experience_issues("", "x" * 201, "bad \x00 text")
    assert {issue.where for issue in issues} == {"title", "organization", "description"}


@pytest.mark.parametrize(
    ("specialty", "tier"),
    [
        ("PM&R", LetterTier.PMR),
        ("Physical Medicine and Rehabilitation", LetterTier.PMR),
        ("Neurology", LetterTier.MEDICINE),
        ("Internal Medicine", LetterTier.MEDICINE),
        ("Orthopaedic surgery", LetterTier.MSK),
        ("Sports medicine", LetterTier.MSK),
        ("Family medicine", LetterTier.OTHER),
        ("Emergency medicine", LetterTier.OTHER),
    ],
)
def test_letter_tiers_follow_the_preference_order(specialty: str, tier: LetterTier) -> None:
    assert letter_tier(specialty) is tier


def test_no_pmr_letter_is_said_plainly_with_the_closest_letters() -> None:
    letters = [LetterPlan("Dr. Ana Ruiz", "Neurology"), LetterPlan("Dr. Li", "Family medicine")]
    advice = {item.code: item for item in letter_advice(letters)}
    assert advice["no-pmr-letter"].message == "None of your letters is from a PM&R physician."
    assert "internal medicine or neurology: Dr. Ana Ruiz" in advice["no-pmr-letter"].suggestion
    assert "Dr. Li" in advice["ask-for-physiatry"].message and "Dr. Ana Ruiz" in advice["ask-for-physiatry"].message


def test_a_pmr_letter_is_good_advice_and_states_are_tracked() -> None:
    day = date(2026, 10, 1)
    letters = [
        LetterPlan("Dr. Okafor", "PM&R", day, day, day),
        LetterPlan("Dr. Ruiz", "Neurology", day, day),
        LetterPlan("Dr. Chen", "Internal medicine", day),
    ]
    assert [letter.state for letter in letters] == [LetterState.ASSIGNED, LetterState.UPLOADED, LetterState.REQUESTED]
    advice = {item.code: item for item in letter_advice(letters)}
    assert advice["pmr-letter"].good
    assert "Dr. Ruiz" in advice["not-assigned"].message
    assert "Dr. Chen" in advice["waiting"].message
    assert f"2 of your letters are uploaded to ERAS; matchpilot's checklist asks for {MIN_UPLOADED_LETTERS}" in (
        advice["few-uploaded"].message
    )


def test_letter_dates_out_of_order_or_in_the_future_name_the_field() -> None:
    today = date(2026, 11, 23)
    late = LetterPlan("Dr. A", "PM&R", requested_on=date(2026, 11, 1), uploaded_on=date(2026, 10, 1))
    assert [i.where for i in letter_issues(late, today=today)] == ["uploaded_on"]
    never_uploaded = LetterPlan("Dr. A", "PM&R", assigned_on=date(2026, 11, 1))
    assert [i.where for i in letter_issues(never_uploaded, today=today)] == ["uploaded_on"]
    future = LetterPlan("Dr. A", "PM&R", requested_on=date(2026, 12, 1))
    assert [i.where for i in letter_issues(future, today=today)] == ["requested_on"]
    assert {i.where for i in letter_issues(LetterPlan(" ", ""), today=today)} == {"writer", "specialty"}


def test_readiness_needs_three_passing_statements_connected_entries_and_three_uploaded_letters() -> None:
    day = date(2026, 10, 1)
    entry = ("Inpatient rehab elective", "Functional assessments with the team.")
    letters = [LetterPlan(f"Dr. {n}", "Neurology", day, day) for n in "ABC"]
    ready = materials_readiness({"pmr": PMR, "prelim": BRIDGE, "general": GENERAL}, [entry], letters)
    assert ready.ready
    assert next(item for item in ready.items if item.key == "letter-pmr").ready is False  # advice, not required
    missing = materials_readiness({"pmr": PMR, "prelim": BRIDGE}, [entry], letters[:2])
    assert not missing.ready
    not_ready = {item.key for item in missing.items if not item.ready}
    assert not_ready == {"statement-general", "letters-uploaded", "letter-pmr"}
    failing = materials_readiness({"pmr": PMR, "prelim": "A preliminary year.", "general": GENERAL}, [entry], letters)
    item = next(item for item in failing.items if item.key == "statement-prelim")
    assert not item.ready and "names pm&r as your long-term goal" in item.detail
    empty = materials_readiness({}, [], [])
    assert next(item for item in empty.items if item.key == "experiences").detail == "no entry recorded yet"


def test_what_a_check_looked_for_lists_every_word_it_looks_for() -> None:
    review = check_statement("pmr", "Nothing relevant here.")
    function = next(check for check in review.checks if check.code == "speaks-of-function")
    for word in ("function", "quality of life", "mobility", "return to work", "walk again"):
        assert f"“{word}”" in function.looked_for
    experience = check_experience("Work", "Nothing relevant.").checks[0]
    for word in ("transfers", "wheelchair", "quality of life", "interdisciplinary", "social worker"):
        assert f"“{word}”" in experience.looked_for


def test_img_strengths_are_a_tip_that_names_what_it_found() -> None:
    review = check_statement("pmr", PMR)
    tip = next(check for check in review.checks if check.code == "img-strengths")
    assert not tip.passed and not tip.required and review.passed and tip.suggestion
    framed = check_statement("pmr", PMR + " Working with limited resources in my home country taught me a lot.")
    tip = next(check for check in framed.checks if check.code == "img-strengths")
    assert tip.passed and tip.found == ("limited resources", "my home country") and tip.suggestion == ""
