"""The seventh linter (issue 17, sixth pass): what the sixth missed on the spent ``2026_12_07e`` files and on the
hand-written ``training_2026_12_07f.txt``, read as frames rather than phrases — intent spread over two sentences
(a trade, a list named before the question, a "please reply" after a statement), request frames without their
subject, another program run down with a word no list holds, template fields in new dress — and the sentence
models' context features (the sentence before). The wordings below are not the corpus's."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.letters import lint_text
from matchpilot.letters.intent import analyse, score_sentences

ROOT = Path(__file__).resolve().parents[3]


def rules(text: str) -> set[str]:
    return {finding.rule for finding in lint_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        # the applicant's first rank offered for the program's action, tied across two sentences
        "My number one slot is still empty. One line from you confirming I am on your list in return would fill it.",
        "You are my first choice. I only ask that you do the same for me.",
        "I am prepared to put your program first. I would need your assurance that I will be matched before I certify.",
        "Dear Dr. Lowe, I will rank you first, subject to your promise that I will be ranked to match.",
    ],
)
def test_a_trade_written_over_one_or_two_sentences_is_a_conditional_promise(text: str) -> None:
    assert "conditional-promise" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "You are my first choice. I hope to be matched with you and I look forward to hearing from you.",
        "If it would be useful for your planning, I can share that I will rank you first.",
        "I will rank your program first regardless of how you rank me. Thank you for everything.",
        "Can you assure me I will be ranked high enough to match? I need to know before I submit.",
    ],
)
def test_a_first_choice_beside_a_hope_an_offer_or_a_request_alone_is_no_trade(text: str) -> None:
    assert "conditional-promise" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "May I know madam what is my rank in your merit list for this year.",
        "Respected sir, just wanted to know whether my name is there in your final list or not.",
        "Dear Dr. Lim, I have finished my own rank list. Only one question is left. Where would I be on yours?",
        "Dear Dr. Rao, I wish to know my position in your list after the interview. Kindly reply at the earliest.",
    ],
)
def test_a_request_for_rank_information_without_a_question_mark_or_with_the_list_named_before(text: str) -> None:
    assert "ask-rank" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "May I know madam when the second look dates will be announced.",
        "Is my name spelled right on the guest list for the dinner?",
        "I have finished my own rank list. Only one question is left. Where would I park on the interview day?",
        "I will rank your program highly. Please reply if you need any other document.",
    ],
)
def test_their_near_twins_stay_quiet(text: str) -> None:
    assert not rules(text) - {"first-choice-claim"}


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Thank you for the interview on ##INTERVIEW_DAY##.", "##INTERVIEW_DAY##"),
        ("I enjoyed our talk about !!TOPIC!! very much.", "!!TOPIC!!"),
        ("My AAMC ID is ********, should you need it.", "********"),
        ("I enjoyed speaking with Dr. (chief resident) about the spinal cord unit.", "(chief resident)"),
        ("I enjoyed meeting Dr. (FACULTY NAME) on the tour.", "(FACULTY NAME)"),
        ("Sincerely,\nSIGNATURE HERE", "SIGNATURE HERE"),
    ],
)
def test_template_fields_in_new_dress_are_placeholders(text: str, field: str) -> None:
    spans = [text[f.start : f.end] for f in lint_text(text) if f.rule == "placeholder"]
    assert field in " ".join(spans)


@pytest.mark.parametrize(
    "text",
    [
        "I scored **very** well on the shelf exams and met Dr. Ana Rivera.",
        "PLEASE NOTE: my new phone number is below.",
        "I worked at TKA clinics, where knee replacements were routine.",
    ],
)
def test_emphasis_shouting_and_abbreviations_are_not_placeholders(text: str) -> None:
    assert "placeholder" not in rules(text)


def test_an_unlisted_word_against_a_named_program_with_a_sure_model_is_disparaging() -> None:
    # another program (named, or "most community programs") and a model that is fairly sure: no listed word needed
    assert "tone-disparaging" in rules(
        "Your teaching is the real thing, not the slide-reading you sit through at most community programs."
    )
    # a word that runs a place down, negated and about no other program, is not
    assert "tone-disparaging" not in rules("Your program did not feel like a factory at all; the team knew us.")


def test_the_sentence_before_is_a_feature_of_the_next() -> None:
    alone = set(analyse("Where would I be on yours?"))
    after = set(analyse("Where would I be on yours?", "I have finished my own rank list."))
    assert "<@RANK" in after - alone
    assert not any(gram.startswith("<") for gram in alone)
    # score_sentences reads each sentence after the one before it
    pair = ["I have finished my own rank list.", "Where would I be on yours?"]
    assert score_sentences(pair)[1][1] != score_sentences(pair[1:])[0][1]
