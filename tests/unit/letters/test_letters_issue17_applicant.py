"""Issue 17, second pass, on the applicant's own messages: wordings of many Englishes and texting style are
found, and the near misses that the previous linter flagged (a polite "please", "would help me", "confirm that I
remain interested and I will rank you highly", a question about the interview platform) stay quiet."""

from __future__ import annotations

import pytest

from matchpilot.letters import lint_text
from matchpilot.letters.text import normalise


def rules(text: str) -> set[str]:
    return {finding.rule for finding in lint_text(text)}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("any chance u can tell me if im gonna match there? lol", "ask-rank"),
        ("I just wanted to check whether my position on your list is safe.", "ask-rank"),
        ("Kindly inform me about my rank position in your program.", "ask-rank"),
        ("May I know where I stand in your final ranking?", "ask-rank"),
        ("I request you to kindly intimate me about my rank.", "ask-rank"),
        ("Whichever program promises me a position will get my first rank.", "conditional-promise"),
        ("Tell me that I am ranked to match and Emberfield will be my number one.", "conditional-promise"),
        ("Please consider taking me directly as a resident without the Match process.", "request-commitment"),
        ("The programs in the north I visited were substandard and dirty.", "tone-disparaging"),
        ("I honestly think I am the dumbest person who interviewed at your program.", "tone-self-deprecating"),
    ],
)
def test_paraphrases_in_many_voices_are_found(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "I know programs cannot tell applicants how they will be ranked, so please do not take this as a request.",
        "I believe this experience would help me in outpatient rehabilitation clinics.",
        "I am pleased to confirm that I remain very interested in Mesa Verde and I will rank your program highly.",
        "Could you also let me know which platform will be used for the interview?",
        "Ikoyi Gardens is among my top three programs.",
        "May I know whether my application is still under consideration for an interview?",
        "I did my IM residency in the U.S. before turning to rehabilitation.",
    ],
)
def test_near_misses_stay_quiet(text: str) -> None:
    assert rules(text) == set()


def test_texting_style_is_spelled_out_but_internal_medicine_is_not_a_pronoun() -> None:
    assert normalise("can u tell me if im gonna match? pls") == "can you tell me if i am going to match? please"
    assert normalise("IM programs in the U.S.") == "im programs in the u.s."
