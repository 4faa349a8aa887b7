"""The eighth linter (issue 17, seventh pass): the spent ``2026_12_07f`` files train it, the ``2026_12_07g`` files
measure it, and frames the seventh linter missed there, written here in other words than the corpus's: a rank
asked for without "rank" (which end of the list, one of the people the program plans to rank, the status of my
selection, my place between the candidates), a trade in the imperative ("match me and I will..."), template
fields in shell dress (``$CITY``) or as "(name of meeting)", a program counting on a first rank or asking whether
it will be ranked above others, and a mentor saying the applicant needs to match with the program."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.letters import lint_received, lint_text

ROOT = Path(__file__).resolve().parents[3]


def rules(text: str) -> set[str]:
    return {finding.rule for finding in lint_text(text)}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I'd be curious which end of yours my name sits at.", "ask-rank"),
        ("Could you share whether I am one of the people you expect to take this year?", "ask-rank"),
        ("Kindly inform me about the status of my selection at your esteemed hospital.", "ask-rank"),
        ("Take care of me on Match Day and I will take care of you on my rank list.", "conditional-promise"),
        ("I would love to live in $CITY with my family.", "placeholder"),
        ("My poster goes up at (title of conference) next month.", "placeholder"),
        ("I will bring my husband to (name of city) in June.", "placeholder"),
    ],
)
def test_frames_the_seventh_linter_missed_in_applicants_messages(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Which part of the interview day will include the gym tour?",
        "I am one of the applicants who came to the open house in October.",
        "May I know the status of my visa paperwork?",
        "My place between rotations in June is flexible.",
        "The application fee was $USD 80, which I paid online.",
        "I presented at the Midwest Rehab Forum (name withheld by request) last year.",
        "Your program is one I will keep in my thoughts, whatever happens.",
    ],
)
def test_their_compliant_near_twins_are_not_flagged(text: str) -> None:
    assert not rules(text) - {"first-choice-claim"}


@pytest.mark.parametrize(
    ("text", "sender", "rule"),
    [
        (
            "We would love to have you. Can we count on you to put our program at the top?",
            "program",
            "program-requests-commitment",
        ),
        ("Honestly, will our program be ranked above your home institution?", "program", "program-asks-rank"),
        (
            "Our work together has been wonderful. Kofi needs to match with your program.",
            "mentor",
            "third-party-pressure",
        ),
        ("He needs to be ranked highly by your committee.", "mentor", "third-party-pressure"),
    ],
)
def test_frames_the_seventh_linter_missed_in_programs_and_mentors_messages(text: str, sender: str, rule: str) -> None:
    assert rule in {finding.rule for finding in lint_received(text, sender)}


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        ("We count on you to keep us informed of any change to your visa status.", "program"),
        ("She needs to match with a program that has a strong spinal cord injury service.", "mentor"),
    ],
)
def test_programs_and_mentors_near_twins_are_not_flagged(text: str, sender: str) -> None:
    assert not lint_received(text, sender)
