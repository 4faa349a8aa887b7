"""Templates: the five kinds render from profile, program and interview notes; they refuse missing fields and
their output passes the linter without an error."""

from __future__ import annotations

from datetime import date

import pytest

from matchpilot.domain import ApplicantType, Emphasis, Profile, Program, Track, VisaNeed
from matchpilot.errors import InvalidDataError
from matchpilot.letters import (
    TEMPLATES,
    InterviewNotes,
    LetterKind,
    draft_letter,
    formal_address,
    lint_text,
    merge_fields,
    parse_interview_notes,
    parse_template,
    placeholder_spans,
    render,
)

PROFILE = Profile(
    name="Amina Yusuf",
    applicant_type=ApplicantType.NON_US_IMG,
    aamc_id="14220018",  # issue 17: the seed's templates carry the AAMC ID (a placeholder while it is unknown)
    visa_need=VisaNeed.J1_OR_H1B,
    goals=("brain injury rehabilitation", "spasticity management"),
)
PROGRAM = Program(
    code="1234340C0",
    name="Lakeview Rehabilitation Institute (fictional)",
    specialty="PM&R",
    track=Track.CATEGORICAL,
    emphasis=Emphasis.INPATIENT,
    fellowships=("pain medicine", "sports medicine"),
    va_affiliated=True,
)
NOTES = InterviewNotes(
    interviewer="Dr. Ana Rivera",
    date=date(2026, 1, 12),
    discussed="the spinal cord injury unit and early EMG training",
    update="I passed USMLE Step 3 on February 2",
)


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_kind_renders_complete_and_lint_clean(kind: LetterKind) -> None:
    text = draft_letter(kind, PROFILE, PROGRAM, NOTES)
    assert "{{" not in text and "}}" not in text
    assert placeholder_spans(text) == []
    assert text.startswith("Subject: ") and text.endswith("Amina Yusuf\n")
    assert PROGRAM.name in text
    assert not [f for f in lint_text(text) if f.severity.value in ("error", "warning")], text


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_kind_is_lint_clean_with_only_the_fields_it_needs(kind: LetterKind) -> None:
    template = TEMPLATES[kind]
    fields = {name: value for name, value in merge_fields(PROFILE, PROGRAM, NOTES).items() if name in template.required}
    text = render(template, fields)
    assert not [f for f in lint_text(text) if f.is_error], text


def test_only_the_letter_of_intent_claims_first_choice() -> None:
    for kind in LetterKind:
        claims = [f for f in lint_text(draft_letter(kind, PROFILE, PROGRAM, NOTES)) if f.rule == "first-choice-claim"]
        assert bool(claims) == (kind is LetterKind.INTENT), kind


def test_thank_you_uses_the_interview_notes() -> None:
    text = draft_letter(LetterKind.THANK_YOU, PROFILE, PROGRAM, NOTES)
    assert "Dear Dr. Rivera," in text  # issue 17: title with the last name, as seed 004 writes it
    assert "January 12, 2026" in text
    assert "the spinal cord injury unit and early EMG training" in text


def test_thank_you_refuses_without_interview_notes_and_lists_every_missing_field() -> None:
    with pytest.raises(InvalidDataError) as caught:
        draft_letter(LetterKind.THANK_YOU, PROFILE, PROGRAM, None)
    missing = {issue.where for issue in caught.value.issues}
    assert missing == {"interviewer", "interview_date", "discussed"}
    assert all("interview notes" in issue.message for issue in caught.value.issues)
    assert "interview_date" in str(caught.value)


def test_visa_inquiry_needs_a_visa_need() -> None:
    profile = Profile(name="Lee Park", applicant_type=ApplicantType.US_MD, visa_need=VisaNeed.NONE)
    with pytest.raises(InvalidDataError) as caught:
        draft_letter(LetterKind.VISA_INQUIRY, profile, PROGRAM)
    assert [issue.where for issue in caught.value.issues] == ["visa_kind"]


def test_visa_inquiry_asks_about_step_3_only_for_h1b() -> None:
    j1 = Profile(name="Lee Park", applicant_type=ApplicantType.NON_US_IMG, visa_need=VisaNeed.J1)
    assert "Step 3" not in draft_letter(LetterKind.VISA_INQUIRY, j1, PROGRAM)
    assert "Step 3" in draft_letter(LetterKind.VISA_INQUIRY, PROFILE, PROGRAM)
    assert "Dear Program Coordinator," in draft_letter(LetterKind.VISA_INQUIRY, j1, PROGRAM)


def test_highlight_comes_from_the_sheet_or_the_notes() -> None:
    bare = Program(code="9999340C0", name="Bare Program (fictional)", specialty="PM&R", track=Track.CATEGORICAL)
    with pytest.raises(InvalidDataError) as caught:
        draft_letter(LetterKind.STRONG_INTEREST, PROFILE, bare)
    assert [issue.where for issue in caught.value.issues] == ["program_highlight"]
    notes = InterviewNotes(highlight="close mentorship of each resident")
    assert "close mentorship of each resident" in draft_letter(LetterKind.STRONG_INTEREST, PROFILE, bare, notes)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(InvalidDataError, match="unknown letter kind"):
        draft_letter("love-letter", PROFILE, PROGRAM)


def test_sections_and_blank_values() -> None:
    template = parse_template("Hello {{ name }}{{#city}} from {{ city }}{{/city}}{{^city}} from afar{{/city}}.\n")
    assert render(template, {"name": "Ana", "city": "Ohio"}) == "Hello Ana from Ohio.\n"
    assert render(template, {"name": "Ana", "city": "  "}) == "Hello Ana from afar.\n"
    with pytest.raises(InvalidDataError) as caught:
        render(template, {"name": " "})
    assert [issue.where for issue in caught.value.issues] == ["name"]


def test_users_can_bring_their_own_template() -> None:
    template = parse_template("Subject: Hi\n\nDear {{ interviewer }}, thanks from {{ applicant_name }}.\n", kind="mine")
    assert template.required == ("interviewer", "applicant_name")
    text = render(template, merge_fields(PROFILE, PROGRAM, NOTES))
    assert text == "Subject: Hi\n\nDear Dr. Ana Rivera, thanks from Amina Yusuf.\n"


@pytest.mark.parametrize(
    "text",
    ["Hello {{ name", "Hello {{#a}}open", "{{#a}}{{#b}}x{{/b}}{{/a}}", "   ", "Hi {{ Name Here }}"],
)
def test_broken_templates_are_refused(text: str) -> None:
    with pytest.raises(InvalidDataError):
        parse_template(text)


def test_parse_interview_notes() -> None:
    notes, issues = parse_interview_notes(
        "interviewer: Dr. Ana Rivera; date: January 12, 2026; discussed: the SCI unit; early EMG\n"
        "highlight: mentorship."
    )
    assert issues == []
    assert notes.interviewer == "Dr. Ana Rivera"
    assert notes.date == date(2026, 1, 12)
    assert notes.discussed == "the SCI unit; early EMG"
    assert notes.highlight == "mentorship"


def test_bad_interview_notes_are_named_by_key() -> None:
    _, issues = parse_interview_notes("date: next Tuesday; mood: great")
    assert {issue.where for issue in issues} == {"date", "mood"}
    assert all(issue.is_error for issue in issues)


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Dr. Ana Rivera", "Dr. Rivera"),
        ("Dr. Ana María de la Rivera, MD", "Dr. Rivera"),
        ("Prof. Kenji Tanaka", "Prof. Tanaka"),
        ("Dr. Rivera", "Dr. Rivera"),
        ("Maria Lopez", "Maria Lopez"),
    ],
)
def test_letters_greet_with_title_and_last_name(name: str, greeting: str) -> None:
    assert formal_address(name) == greeting


def test_no_template_greets_with_title_and_first_name_nor_claims_an_unread_website() -> None:
    for kind in LetterKind:
        try:
            text = draft_letter(kind, PROFILE, PROGRAM, NOTES)
        except InvalidDataError:
            continue
        assert "Dr. Ana" not in text, kind
        assert "website" not in text, kind
