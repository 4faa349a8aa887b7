"""Issue 17, fifteenth pass (the sixteenth linter): a rank ask split across two sentences ("I would sleep better
knowing if I am in the group you will rank to match. Is that something you could tell me?") is read on the pair
(``lint.WINDOW_RULES``), and the pair must not turn two compliant sentences into a request for rank information."""

from __future__ import annotations

import pytest

from matchpilot.letters import lint
from matchpilot.letters.lint import lint_text

LETTER = "Dear Dr. Lee,\n\n{}\n\nBest,\nAna Ruiz (fictional)"

SPLIT = (
    "I would sleep better knowing if I am in the group you will rank to match. Is that something you could tell me?",
    "I have been trying to figure out where I would land on your rank list. Is that something you could share?",
)


def rank_asks(text: str) -> list[str]:
    return [text[f.start : f.end] for f in lint_text(text) if f.rule == "ask-rank"]


def test_the_pair_is_read_for_ask_rank_alone_at_a_high_score() -> None:
    assert lint.WINDOW_RULES == ("ask-rank",)
    assert lint.WINDOW_SCORE == 0.95


@pytest.mark.parametrize("body", SPLIT)
def test_a_rank_ask_split_over_two_sentences_is_found_on_the_pair(body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = LETTER.format(body)
    assert rank_asks(text) == [body]  # the finding's span is the two sentences
    monkeypatch.setattr(lint, "WINDOW_RULES", ())
    assert rank_asks(text) == []  # neither sentence alone is a request for rank information


@pytest.mark.parametrize("body", SPLIT)
def test_a_paragraph_break_keeps_the_two_sentences_apart(body: str) -> None:
    first, _, second = body.partition(". ")
    assert rank_asks(LETTER.format(f"{first}.\n\n{second}")) == []


@pytest.mark.parametrize(
    "body",
    [
        "I have finished my rank list. Could you tell me when orientation starts?",
        "Your program is at the top of my rank list. Could you let me know if the visa policy has changed?",
        "I am still very interested in your program. Could you let me know whether I am still being considered for"
        " an interview?",
        "I wanted to ask where I stand in terms of being considered for an interview. Thank you for your time.",
    ],
)
def test_two_compliant_sentences_stay_compliant_as_a_pair(body: str) -> None:
    assert rank_asks(LETTER.format(body)) == []
