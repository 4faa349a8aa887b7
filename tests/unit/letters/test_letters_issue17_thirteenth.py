"""Issue 17, twelfth pass (the thirteenth linter): a self-judgement word that says how a circumstance went ("a poor
night of sleep", "bad weather") is no cue of ``tone-self-deprecating``; a judgement of the writer beside it still
is. The retrained models (the spent ``07k`` set added) score "I had a poor night of sleep ..." at about 0.8 for the
rule, below the score that needs no cue, so the cue decides. A program asking to hear that it is the applicant's
first choice, number one or at the top of the list asks for a commitment (a cue word of
``program-requests-commitment`` since this pass); the words alone, without a request, stay quiet. A mail merge's
``%PROGRAM%`` and a title before an ellipsis (``Dr. ...``) are placeholders; percentages are not."""

from __future__ import annotations

import pytest

from matchpilot.letters import lint
from matchpilot.letters.received import lint_received


@pytest.mark.parametrize(
    ("text", "circumstance"),
    [
        ("i had a poor night of sleep in boston", "poor night"),
        ("we had bad weather all week", "bad weather"),
        ("sorry for the weak wifi during the call", "weak wifi"),
        ("i am a weak applicant", None),
        ("my scores are poor", None),
    ],
)
def test_a_circumstance_is_told_from_a_judgement_of_the_writer(text: str, circumstance: str | None) -> None:
    match = lint._CIRCUMSTANCE.search(text)
    assert (match.group(0) if match else None) == circumstance


@pytest.mark.parametrize(
    "text",
    [
        "I had a poor night of sleep in Boston before the interview, but I enjoyed the day.",
        "Sorry for the bad connection during our virtual interview; I enjoyed meeting the team.",
    ],
)
def test_a_bad_night_or_connection_is_no_self_deprecation(text: str) -> None:
    assert "tone-self-deprecating" not in {f.rule for f in lint.lint_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "I know I am a weak applicant with poor scores.",
        "I had a poor night of sleep, and honestly I am a weak candidate compared to the others.",
    ],
)
def test_running_oneself_down_beside_a_circumstance_is_still_found(text: str) -> None:
    assert "tone-self-deprecating" in {f.rule for f in lint.lint_text(text)}


def test_a_program_asking_to_hear_it_is_the_first_choice_requests_a_commitment() -> None:
    text = "We would love to hear that we are your first choice before we finalise our list."
    assert "program-requests-commitment" in {f.rule for f in lint_received(text, "program")}


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for interviewing; we were certain you would enjoy the city.",
        "Our program is the first choice of many applicants for its research years.",
    ],
)
def test_a_first_choice_or_certainty_without_a_request_stays_quiet(text: str) -> None:
    assert lint_received(text, "program") == []


@pytest.mark.parametrize(
    "text",
    [
        "I loved the program at %PROGRAM%.",
        "Thank you, %first_name%, for the tour.",
        "I met Dr. ... during the social.",
        "Dear Dr. …,",
    ],
)
def test_a_percent_field_or_a_title_before_an_ellipsis_is_a_placeholder(text: str) -> None:
    assert "placeholder" in {f.rule for f in lint.lint_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Our match rate rose from 20% to 30% this year.",
        "It was 100%! And 50%.",
        "I met Dr. Ruiz... and we talked about the clinic.",
    ],
)
def test_percentages_and_a_trailing_ellipsis_are_no_placeholder(text: str) -> None:
    assert "placeholder" not in {f.rule for f in lint.lint_text(text)}
