"""Issue 17, thirteenth pass (the fourteenth linter): a program may ask an applicant *not* to tell it how they will
rank it or where else they interviewed; a request not to say something is no request to say it
(``received._DECLINED``), while the same sentence asking for the answer is still a breach. A question about the
Match's calendar names no one's rank (``lint._CALENDAR``). The second stage checks the precision of
``request-commitment`` findings (``lint.PRECISION_CHECK``; ``ask-rank`` too since the sixteenth linter)."""

from __future__ import annotations

import pytest

from matchpilot.letters import lint, lint_text
from matchpilot.letters.received import lint_received
from matchpilot.letters.stack import Stacker


def _rules(text: str) -> set[str]:
    return {f.rule for f in lint_received(text, "program")}


@pytest.mark.parametrize(
    "text",
    [
        "We hope you will rank us highly, but please do not tell us how you rank.",
        "Please do not tell us where else you interviewed.",
        "Kindly do not share your rank order with us.",
        "We ask you not to disclose your rank list to us.",
    ],
)
def test_a_program_asking_not_to_be_told_a_rank_or_other_programs_asks_nothing(text: str) -> None:
    assert _rules(text) & {"program-asks-rank", "program-asks-other-programs"} == set()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We hope you will rank us highly, so please tell us how you rank.", "program-asks-rank"),
        ("Please tell us where else you interviewed.", "program-asks-other-programs"),
        ("Kindly share your rank order with us.", "program-asks-rank"),
        ("Please do not worry about the paperwork; just tell us how you will rank us.", "program-asks-rank"),
    ],
)
def test_the_same_program_asking_for_the_answer_is_still_found(text: str, rule: str) -> None:
    assert rule in _rules(text)


@pytest.mark.parametrize(
    "text",
    ["When are rank order lists due for applicants this year?", "When is the rank list deadline?"],
)
def test_a_question_about_the_match_calendar_is_no_request_for_rank_information(text: str) -> None:
    """The models retrained with the ``07l`` set score the first 0.81 for ``ask-rank``; it asks about the calendar
    and names no one's rank (``lint._CALENDAR``)."""
    assert "ask-rank" not in {f.rule for f in lint_text(text)}


@pytest.mark.parametrize(
    "text",
    ["When will I know where I am on your rank list?", "When are rank lists due, and where am I on yours?"],
)
def test_the_writer_asking_where_they_stand_beside_a_date_is_still_found(text: str) -> None:
    assert "ask-rank" in {f.rule for f in lint_text(text)}


def test_the_precision_check_judges_request_commitment_and_ask_rank_by_the_second_stage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``lint.PRECISION_CHECK``: a ``request-commitment`` (and, since the sixteenth linter, an ``ask-rank``) found
    by the patterns or the linear models stands only when the second stage gives it at least the check's
    probability; other rules are not judged by it."""
    leaf = {"baseline": 0.0, "trees": [[[0, 0.5, 1, 2], [-3.0], [3.0]]]}  # feature 0 above 0.5: p = 0.95
    stacker = Stacker(
        {
            "rules": ["request-commitment", "ask-rank", "tone-pleading"],
            "boosters": {
                rule: {**leaf, "threshold": 0.9} for rule in ("request-commitment", "ask-rank", "tone-pleading")
            },
        }
    )
    low = {"request-commitment": [0.2], "ask-rank": [0.2], "tone-pleading": [0.2]}  # p = 0.05 for each
    high = {"request-commitment": [0.7], "ask-rank": [0.7]}
    found = {"request-commitment", "ask-rank"}
    assert lint.PRECISION_CHECK == {"request-commitment": 0.1, "ask-rank": 0.1}
    assert lint._vetoed(stacker, low, found, found) == {"request-commitment", "ask-rank"}
    assert lint._vetoed(stacker, low, {"ask-rank", "tone-pleading"}, found) == {"ask-rank"}  # pleading: not checked
    assert lint._vetoed(stacker, high, found, found) == set()
    monkeypatch.setattr(lint, "PRECISION_CHECK", {})
    assert lint._vetoed(stacker, low, found, found) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Could you please confirm that I will be ranked highly on your list?",
        "I would be grateful for your assurance that I will be ranked to match.",
    ],
)
def test_requests_for_a_commitment_are_still_found_with_the_precision_check(text: str) -> None:
    assert "request-commitment" in {f.rule for f in lint_text(text)}
