"""The fifteenth linter (issue 17, fourteenth pass): template fields in forms the placeholder detector did not know,
and three compliant kinds the fourteenth flagged on the spent ``07m`` set (telling the program where one stands, a
last year of eligibility stated as a fact, two programs sharing the top of a list)."""

from __future__ import annotations

import pytest

from matchpilot.letters import lint_text
from matchpilot.letters.lint import placeholder_spans


def rules(text: str) -> set[str]:
    return {finding.rule for finding in lint_text(text)}


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Thank you for interviewing me on MM/DD. I enjoyed the day.", "MM/DD"),
        ("Thank you for the interview on DD/MM. I enjoyed the day.", "DD/MM"),
        ("Subject: Thank you - interview on DATE\n\nDear Dr. Costa,\n\nThank you for meeting me.", "DATE"),
        ("It was a pleasure to meet the residents at NAME OF HOSPITAL last week.", "NAME OF HOSPITAL"),
        ("Since then I finished a sub-internship at (hospital) and started a project.", "(hospital)"),
        ("I am excited about training in (city) with your team.", "(city)"),
        ("My paper on ~~TITLE~~ has been accepted for publication.", "~~TITLE~~"),
        ("Thank you for the interview on the ⟨date⟩.", "⟨date⟩"),
        ("Thank you for welcoming me to St. ▢▢▢▢ Hospital on Tuesday.", "▢▢▢▢"),
        ("Thank you for the interview on Tuesday.\n\nBest,\nFIRST LAST", "FIRST LAST"),
    ],
)
def test_template_fields_in_more_forms_are_placeholders(text: str, field: str) -> None:
    assert field in [text[start:end] for start, end in placeholder_spans(text)]
    assert "placeholder" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "INTERVIEW DATE CONFIRMED FOR DECEMBER 3\n\nThank you for the invitation.",  # a shouted subject line
        "The date of my Step 2 exam is December 12, and I will send my score when I have it.",
        "I worked at a community hospital (the only one in my town) for two years.",
        "My visa status is J-1 and my ERAS ID is on file.",
    ],
)
def test_ordinary_text_and_shouted_lines_are_not_placeholders(text: str) -> None:
    assert "placeholder" not in rules(text)


def test_telling_the_program_where_one_stands_asks_nothing() -> None:
    told = "I do not expect a reply; I simply wanted you to know where I stand after a great deal of thought."
    assert "ask-rank" not in rules(told)
    assert "ask-rank" in rules("I wanted to know where I stand on your rank list.")
    assert "ask-rank" in rules("Could you let me know where I stand on your list?")


def test_a_last_year_stated_as_a_fact_is_no_pleading_but_a_last_chance_is() -> None:
    assert "tone-pleading" not in rules("This is my final application cycle before I consider other paths.")
    for text in (
        "This is my last chance.",
        "This is truly my last hope.",
        "This is my third and final attempt.",
        "it is my last shot",
    ):
        assert "tone-pleading" in rules(text), text


def test_two_programs_sharing_the_top_of_a_list_claim_no_first_choice() -> None:
    assert "first-choice-claim" not in rules("Your program and one other are very close at the top of my list.")
    assert "first-choice-claim" in rules("Your program is at the top of my list.")
    assert "first-choice-claim" in rules("You are my first choice.")
