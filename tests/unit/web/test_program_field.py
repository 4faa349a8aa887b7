"""A program typed into a rank list field (``web/program_field.py``): a code, the suggestion as shown, or a name;
a clear error naming the field otherwise."""

from __future__ import annotations

import pytest

from matchpilot.domain.program import Program, Track
from matchpilot.errors import InputError
from matchpilot.web.program_field import choice_label, resolve_program

SHEET = [
    Program("1001340C0", "Lakeview Rehabilitation (fictional)", "PM&R", Track.CATEGORICAL),
    Program("1001340A0", "Lakeview Rehabilitation (fictional)", "PM&R", Track.ADVANCED),
    Program("1002140P0", "Harbor Preliminary Medicine (fictional)", "Internal Medicine", Track.PRELIMINARY),
]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1002140P0", "1002140P0"),
        ("  1002140p0 ", "1002140P0"),
        ("Lakeview Rehabilitation (fictional) (1001340A0)", "1001340A0"),  # the suggestion as it reads
        ("Lakeview Rehabilitation (fictional) (1001340C0) · Categorical", "1001340C0"),
        ("harbor  preliminary medicine (FICTIONAL)", "1002140P0"),  # a name held by one program, case ignored
        ("9999340C0", "9999340C0"),  # a program not on the sheet, known by its code
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_code_a_suggestion_or_a_name_gives_the_program(typed: str, code: str) -> None:
    assert resolve_program(typed, SHEET, field="Program to add") == code


def test_a_code_on_the_lists_is_taken_as_typed() -> None:
    assert resolve_program("old one", SHEET, field="Choice 1", also=["OLD ONE"]) == "OLD ONE"


def test_a_name_held_by_two_programs_names_the_field_and_both_codes() -> None:
    with pytest.raises(InputError) as caught:
        resolve_program("Lakeview Rehabilitation (fictional)", SHEET, field="Program to add")
    assert str(caught.value).startswith("Program to add: 2 programs are named 'Lakeview Rehabilitation (fictional)'")
    assert "1001340A0, 1001340C0" in str(caught.value)


@pytest.mark.parametrize("typed", ["Nowhere General", "nope", "Lakeview (1234)", "a;b"])
def test_text_that_names_no_program_names_the_field_and_the_text(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        resolve_program(typed, SHEET, field="Choice 2")
    assert str(caught.value) == f"Choice 2: no program on your sheet has the code or name {typed!r}"


def test_a_field_shows_a_sheet_code_as_its_suggestion_reads() -> None:
    names = {p.code: p.name for p in SHEET}
    assert choice_label("1002140P0", names) == "Harbor Preliminary Medicine (fictional) (1002140P0)"
    assert choice_label("9999340C0", names) == "9999340C0"
    assert choice_label("what I typed", names) == "what I typed"
