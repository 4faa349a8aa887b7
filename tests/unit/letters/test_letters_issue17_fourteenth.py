"""Issue 17, thirteenth pass (the fourteenth linter): a program may ask an applicant *not* to tell it how they will
rank it or where else they interviewed; a request not to say something is no request to say it
(``received._DECLINED``), while the same sentence asking for the answer is still a breach."""

from __future__ import annotations

import pytest

from matchpilot.letters.received import lint_received


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
