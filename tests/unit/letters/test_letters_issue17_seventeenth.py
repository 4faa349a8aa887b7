"""Issue 17, sixteenth pass (the seventeenth linter): a rank ask without a rank word ("Should I expect good news from
your program in March?") is read when the request frame carries the Match's outcome, while the same outcome hoped
for or thanked for stays allowed; programs' and mentors' messages that name the program instead of "us", or press
by "do not let us down", are read by the patterns (``received``)."""

from __future__ import annotations

import pytest

from matchpilot.letters import lint
from matchpilot.letters.lint import lint_text
from matchpilot.letters.received import received_patterns

LETTER = "Dear Dr. Lee,\n\n{}\n\nBest,\nAna Ruiz (fictional)"

OUTCOME_ASKS = (
    "Thank you for the interview. Should I expect good news from your program in March?",
    "Could you let me know whether I can expect good news from you in March?",
    "I hope it is okay to ask whether I should be expecting good news from you in March.",
    "Am I likely to hear my name called for your program?",
    "A hint would mean a lot: is my application sitting comfortably or am I on the bubble?",
    "Would you tell me to expect a call from Alder Bay Surgery (fictional) in March, or to look elsewhere?",
)
OUTCOME_HOPES = (
    "Thank you again for the interview. I hope to hear good news in March!",
    "I would love to hear my name called for your program in March. Thank you for a wonderful day.",
    "Please know that I am hoping for good news in March.",
    "I look forward to hearing good news on Match Day.",
    "Fingers crossed I hear my name called in March!",
    "Could you tell me when I should expect to hear about interview invitations?",
)


def rules(text: str) -> set[str]:
    return {f.rule for f in lint_text(text)}


@pytest.mark.parametrize("body", OUTCOME_ASKS)
def test_a_request_for_the_match_outcome_is_a_rank_ask(body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "ask-rank" in rules(LETTER.format(body))
    monkeypatch.setattr(lint, "OUTCOME_ASKS", False)
    monkeypatch.setattr(lint, "WINDOW_RULES", ())
    assert "ask-rank" not in {f.rule for f in lint.lint_patterns(LETTER.format(body))}


@pytest.mark.parametrize("body", OUTCOME_HOPES)
def test_the_outcome_hoped_for_or_thanked_for_stays_allowed(body: str) -> None:
    assert "ask-rank" not in rules(LETTER.format(body))


@pytest.mark.parametrize(
    ("sender", "text", "rule"),
    [
        (
            "program",
            "Applicants need to commit to ranking Fjordview (fictional) as their first choice.",
            "program-requests-commitment",
        ),
        (
            "program",
            "We will need a signed statement that you will rank Soto Valley (fictional) first.",
            "program-requests-commitment",
        ),
        ("program", "We just need an email from you pledging to rank us number one.", "program-requests-commitment"),
        (
            "program",
            "It would help us to know how highly you plan to rank Harrowgate (fictional).",
            "program-asks-rank",
        ),
        ("program", "Where do we sit among your choices?", "program-asks-rank"),
        ("mentor", "Please do not let us down.", "third-party-pressure"),
        (
            "mentor",
            "I would welcome some reassurance that Dr. Ivanov will be offered a position.",
            "third-party-pressure",
        ),
    ],
)
def test_the_others_patterns_read_the_named_program_and_plain_pressure(sender: str, text: str, rule: str) -> None:
    assert rule in {f.rule for f in received_patterns(text, sender)}


@pytest.mark.parametrize(
    ("sender", "text"),
    [
        ("program", "We will not ask you to commit to ranking us first."),
        ("program", "Our residents commit to service, and our program ranked first in the region last year."),
        ("program", "We will rank you highly and hope to see you in July."),
        ("mentor", "She has never let me down in two years on my service."),
        ("mentor", "I know she will not let you down."),
        ("mentor", "I give you my word that she will be an asset to your program."),
    ],
)
def test_the_others_compliant_twins_stay_quiet(sender: str, text: str) -> None:
    assert received_patterns(text, sender) == []
