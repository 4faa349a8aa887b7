"""Sentence splitting and normalisation keep offsets into the original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matchpilot.letters.text import clauses, normalise, sentences


def test_sentences_keep_their_offsets() -> None:
    text = "Subject: Hello\n\nDear Dr. Smith,\nThank you. I met Dr. A. Jones on Jan. 5! Was it useful?\n"
    pieces = sentences(text)
    assert [p.text for p in pieces] == [
        "Subject: Hello",
        "Dear Dr. Smith,",
        "Thank you.",
        "I met Dr. A. Jones on Jan. 5!",
        "Was it useful?",
    ]
    for piece in pieces:
        assert text[piece.start : piece.end] == piece.text
    assert pieces[-1].is_question and not pieces[2].is_question


def test_wrapped_lines_join_into_one_sentence() -> None:
    text = (
        "I wanted to write because our conversation about the spinal cord injury unit and\n"
        "the early EMG curriculum stayed with me.\n"
    )
    (piece,) = sentences(text)
    assert piece.text.endswith("stayed with me.") and "\n" in piece.text


def test_abbreviations_do_not_end_sentences() -> None:
    pieces = sentences("I trained in the U.S. for a year, e.g. in rehab. Then I returned.")
    assert len(pieces) == 2


def test_quoted_lines_are_skipped() -> None:
    assert [p.text for p in sentences("Yes, I am interested.\n> How will you rank us?\n")] == ["Yes, I am interested."]


def test_clauses_split_where_meaning_turns() -> None:
    (sentence,) = sentences("I know you cannot tell me, but where do I stand?")
    assert [c.text for c in clauses(sentence)] == ["I know you cannot tell me", "but where do I stand?"]


def test_normalise_spells_out_contractions_and_numbers() -> None:
    assert normalise("I\u2019ll rank You #1 \u2014 I can't wait") == "i will rank you number one - i cannot wait"
    assert normalise("a pre-match offer; first-choice") == "a prematch offer; first choice"


@given(st.text(alphabet=st.sampled_from(list("ab .?!\n>Dr")), max_size=80))
def test_sentences_never_leave_the_text(text: str) -> None:
    last = 0
    for piece in sentences(text):
        assert text[piece.start : piece.end] == piece.text
        assert piece.start >= last
        last = piece.end
