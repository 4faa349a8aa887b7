"""Issue 17, second pass: programs' messages and mentors' letters in wordings the patterns do not know (the
sentence model for messages from others), with compliant near misses; the AAMC ID the seed's templates carry;
"Dear Dr. Last Name"; the mentor's letter of support; and the training files are all training files."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from matchpilot.domain import ApplicantType, Profile, Program, Track
from matchpilot.domain.profile import parse_profile
from matchpilot.errors import InvalidDataError
from matchpilot.letters import (
    AAMC_ID_PLACEHOLDER,
    InterviewNotes,
    LetterKind,
    MentorNotes,
    draft_letter,
    draft_mentor_letter,
    formal_address,
    lint_received,
    lint_text,
)
from matchpilot.letters.received import received_patterns

from support.scripts import load_module

ROOT = Path(__file__).resolve().parents[3]
PROGRAM = Program(
    code="1234340C0", name="Lakeview Rehabilitation (fictional)", specialty="PM&R", track=Track.CATEGORICAL
)
NEWS = InterviewNotes(update="I passed USMLE Step 3 on February 2")
MENTOR = MentorNotes(
    "Dr. Ngozi Umeh",
    "Professor of Rehabilitation Medicine at Harbor Teaching Hospital (fictional)",
    "supervised the applicant during a four-month observership",
    "lead family meetings for patients with spinal cord injury with calm and care",
)


def found(text: str, sender: str) -> set[str]:
    return {f.rule for f in lint_received(text, sender)}


@pytest.mark.parametrize(
    ("text", "sender", "rule"),
    [
        (
            "If you can assure us that we will be your first choice, we can make sure you match.",
            "program",
            "program-requests-commitment",
        ),
        (
            "Our hospital can appoint you directly as a resident without the Match if you agree now.",
            "program",
            "program-offer-outside-match",
        ),
        ("Have you had interviews at any other programs in the state?", "program", "program-asks-other-programs"),
        ("Please let us know where you will rank our program.", "program", "program-asks-rank"),
        ("I trust you will return the favour by ranking him to match.", "mentor", "third-party-pressure"),
        ("You must rank this applicant high.", "mentor", "third-party-pressure"),
    ],
)
def test_what_others_may_not_ask_or_press_is_found(text: str, sender: str, rule: str) -> None:
    assert rule in found(text, sender)


def test_the_model_finds_what_the_patterns_alone_miss() -> None:
    text = "If you can assure us that we will be your first choice, we can make sure you match."
    assert "program-requests-commitment" not in {f.rule for f in received_patterns(text, "program")}
    assert "program-requests-commitment" in found(text, "program")


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        ("Are you still interested in our program?", "program"),
        ("We will rank you highly, and we hope to see you in July.", "program"),
        ("You need not tell us how you will rank our program.", "program"),
        ("We have a short survey about the interview day itself.", "program"),
        ("Our program sponsors J-1 visas and requires Step 3 for H-1B.", "program"),
        ("I strongly recommend this applicant without reservation.", "mentor"),
        ("I have collaborated with your department for many years and know the quality of your training.", "mentor"),
        ("I would be glad to speak with you by phone about her work.", "mentor"),
    ],
)
def test_near_misses_from_others_stay_quiet(text: str, sender: str) -> None:
    assert found(text, sender) == set()


def test_the_aamc_id_comes_from_the_profile_or_is_a_placeholder_the_linter_flags() -> None:
    known = Profile(name="Amina Yusuf", applicant_type=ApplicantType.NON_US_IMG, aamc_id="14220018")
    unknown = Profile(name="Amina Yusuf", applicant_type=ApplicantType.NON_US_IMG)
    text = draft_letter(LetterKind.UPDATE, known, PROGRAM, NEWS)
    assert text.splitlines()[0] == "Subject: Application update from Amina Yusuf (AAMC ID 14220018)"
    text = draft_letter(LetterKind.UPDATE, unknown, PROGRAM, NEWS)
    assert AAMC_ID_PLACEHOLDER in text
    flagged = [f for f in lint_text(text) if f.rule == "placeholder"]
    assert [text[f.start : f.end] for f in flagged] == [AAMC_ID_PLACEHOLDER]


def test_the_profile_reads_an_aamc_id_and_names_a_bad_one() -> None:
    profile, issues = parse_profile(
        {"name": "A", "applicant_type": "non_us_img", "aamc_id": "1422 0018"}, today=date(2026, 12, 7)
    )
    assert issues == [] and profile is not None and profile.aamc_id == "14220018"
    profile, issues = parse_profile(
        {"name": "A", "applicant_type": "non_us_img", "aamc_id": "AB12"}, today=date(2026, 12, 7)
    )
    assert profile is None and [i.where for i in issues] == ["aamc_id"]


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Dr. Ana Rivera", "Dr. Rivera"),
        ("Ana Rivera, MD", "Dr. Rivera"),
        ("Prof. Li Wei Zhang", "Prof. Zhang"),
        ("Maria Lopez", "Maria Lopez"),
        ("Dr. Rivera", "Dr. Rivera"),
    ],
)
def test_salutations_are_title_and_last_name(name: str, greeting: str) -> None:
    assert formal_address(name) == greeting


def test_the_mentors_letter_is_supportive_specific_and_passes_the_mentor_rules() -> None:
    profile = Profile(
        name="Amina Yusuf",
        applicant_type=ApplicantType.NON_US_IMG,
        aamc_id="14220018",
        goals=("stroke rehabilitation",),
    )
    text = draft_mentor_letter(profile, PROGRAM, MENTOR, addressee="Dr. Ana Rivera")
    assert text.startswith("Subject: In support of Amina Yusuf (AAMC ID 14220018), applicant to Lakeview")
    assert "Dear Dr. Rivera," in text and "four-month observership" in text and text.endswith("Dr. Ngozi Umeh\n")
    assert lint_received(text, "mentor") == []
    assert not re.search(r"\b(?:must|insist|promise|guarantee|rank)\b", text, re.IGNORECASE)


def test_the_mentors_letter_names_every_missing_field() -> None:
    profile = Profile(name="Amina Yusuf", applicant_type=ApplicantType.NON_US_IMG)
    with pytest.raises(InvalidDataError) as raised:
        draft_mentor_letter(profile, PROGRAM, MentorNotes(name="Dr. Ngozi Umeh"))
    assert {issue.where for issue in raised.value.issues} == {"mentor_role", "mentor_worked", "mentor_strengths"}


def test_the_models_read_only_files_the_corpus_readme_classes_as_training() -> None:
    script = load_module("train_lint_model", ROOT / "scripts" / "train_lint_model.py")
    quality = load_module("lint_quality", ROOT / "benchmarks" / "lint_quality.py")
    files, _ = quality.corpus_files()
    classes = {f.path.name: f.cls for f in files}
    assert all(classes.get(name) in ("training", "tuning") for name in script.TRAINING_FILES)
    # which blind set is spent and which measures the linter: test_letters_blind_sets.py
    with pytest.raises(ValueError, match="not a training file"):
        script.examples(("ask-rank",), files=("adversarial.txt",))


def test_the_training_script_reproduces_the_committed_model_for_messages_from_others() -> None:
    script = load_module("train_lint_model", ROOT / "scripts" / "train_lint_model.py")
    committed = (ROOT / "src" / "matchpilot" / "letters" / "received_model.json").read_text(encoding="utf-8")
    from matchpilot.letters.intent import RECEIVED_MODEL_RULES

    assert script.dump(script.train(RECEIVED_MODEL_RULES)) == committed
