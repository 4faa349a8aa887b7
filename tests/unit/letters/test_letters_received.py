"""Messages from others (spec/lint.md --from program, --from mentor): what programs may not ask or offer, and
pressure in mentors' letters; the applicant's own rules do not run on them."""

from __future__ import annotations

import pytest

from matchpilot.letters import RECEIVED_RULES, TEXT_RULES, lint_received


def rules(text: str, sender: str) -> set[str]:
    return {finding.rule for finding in lint_received(text, sender)}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Please let us know where you will rank our program.", "program-asks-rank"),
        ("Are we your first choice?", "program-asks-rank"),
        ("Which other programs did you interview with?", "program-asks-other-programs"),
        ("Where else have you applied this season?", "program-asks-other-programs"),
        ("We would need your commitment to rank us first.", "program-requests-commitment"),
        ("Kindly confirm that you will rank our program number one.", "program-requests-commitment"),
        ("We can offer you a position outside the Match if you sign this week.", "program-offer-outside-match"),
        ("Would you consider withdrawing from the Match to accept our offer?", "program-offer-outside-match"),
    ],
)
def test_what_programs_may_not_ask_or_offer(text: str, rule: str) -> None:
    assert rule in rules(text, "program")


@pytest.mark.parametrize(
    "text",
    [
        "Are you still interested in our program?",
        "We were very impressed with you and hope you will consider us.",
        "May we contact you about a second look?",
        "We do not ask applicants how they will rank us.",
        "Our program sponsors J-1 visas.",
    ],
)
def test_what_programs_may_say_is_quiet(text: str) -> None:
    assert rules(text, "program") == set()


def test_a_program_finding_says_what_the_applicant_may_do() -> None:
    (finding,) = lint_received("How will you rank our program?", "program")
    assert "need not answer" in finding.message and "NRMP" in finding.message
    assert finding.suggestion is not None and "interested" in finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "You must rank this applicant high.",
        "It would strain our departments' relationship if he were not ranked to match.",
        "I expect you to rank Dr. Okafor at the top.",
        "Kindly let me know where she stands on your list.",
        "I would appreciate your assurance that he will be ranked to match.",
    ],
)
def test_pressure_in_a_mentors_letter(text: str) -> None:
    assert rules(text, "mentor") == {"third-party-pressure"}


@pytest.mark.parametrize(
    "text",
    [
        "I strongly recommend this applicant without reservation.",
        "She is the best student I have supervised in ten years.",
        "I hope you will give her application your full consideration.",
    ],
)
def test_a_supportive_letter_is_quiet(text: str) -> None:
    assert rules(text, "mentor") == set()


def test_the_applicants_rules_do_not_run_on_received_messages_nor_the_reverse() -> None:
    assert not set(RECEIVED_RULES["program"]) & set(TEXT_RULES)
    assert rules("I am begging you. [Program Name]", "program") == set()


def test_an_unknown_sender_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sender 'dean'"):
        lint_received("Hello.", "dean")
