"""The twelfth linter (issue 17, eleventh pass): a template field written as its own name is a placeholder, and the
names that are no field (acronyms, addresses, emphasis, shouted subject lines) are not; the spent ``07j`` set is
the eighth fold of the leave-one-set-out benchmark."""

from __future__ import annotations

import pytest

from matchpilot.letters import lint_text
from matchpilot.letters.lint import placeholder_spans


def fields(text: str) -> list[str]:
    return [text[start:end] for start, end in placeholder_spans(text)]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("I look forward to the next chapter of my training in CITY, STATE.", "CITY, STATE"),
        ("Warm regards,\nFIRSTNAME LASTNAME", "FIRSTNAME LASTNAME"),
        ("I hope to move to City, State with my family.", "City, State"),
        ("Lorem ipsum, I enjoyed the interview day.", "Lorem ipsum"),
        ("Your PROGRAM NAME curriculum stood out to me.", "PROGRAM NAME"),
        ("I will complete my observership in May 20XX.", "20XX"),
        ("Thank you for the interview on Month DD, YYYY.", "Month DD, YYYY"),
        ("Your *insert rotation* rotation impressed me.", "*insert rotation*"),
        ("I admire the research culture at program_name.", "program_name"),
        ("Dear «FirstName», thank you for your time.", "«FirstName»"),
        ("I enjoyed meeting the residents of Program X.", "Program X"),
        ("I was impressed by Dr. ?????'s talk on antimicrobial stewardship.", "Dr. ?????"),
        ("I want to train in (your specialty) with you.", "(your specialty)"),
        ("Please give my regards to Dr. lastname.", "lastname"),
    ],
)
def test_a_field_written_as_its_own_name_is_a_placeholder(text: str, field: str) -> None:
    assert fields(text) == [field]
    assert "placeholder" in {finding.rule for finding in lint_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "I am applying to PM&R; I passed USMLE Step 2 CK and certified my ERAS and NRMP details.",
        "I will need a J-1 or an H-1B visa.",
        "I live at 12 Main St, Boston, MA 02115, and grew up in Salt Lake City, State of Utah.",
        "I am VERY grateful and THANK YOU again for THE PROGRAM tour.",
        "SUBJECT: THANK YOU FOR THE INTERVIEW DATE AND PROGRAM DETAILS",
        "Dear PROGRAM DIRECTOR, thank you for the interview.",
        "Dear Dr. Rivera,\n\nCLINICAL EXPERIENCE\nI finished a sub-internship.\n\nMEDICAL SCHOOL\nI graduated in May.",
        "My AAMC ID is 14567890 and my surname is Okafor.",
        "Please write to ana_rivera@example.org or see www.example.org/my_page.",
        "The H-1B and J-1 options (see the FAQ) helped, and the X-ray rooms were new.",
    ],
)
def test_acronyms_addresses_and_emphasis_are_no_placeholder(text: str) -> None:
    assert fields(text) == []
