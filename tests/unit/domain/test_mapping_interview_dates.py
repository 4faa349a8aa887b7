"""An "Interview date" column of the applicant's own tracker is suggested as the ``interview_date`` target (not a
sheet fact, never ``checked_on``), its days are read past or upcoming, and an unreadable day is an error naming
its row and column (issue 15, items 1 and 3)."""

from __future__ import annotations

from datetime import date

import pytest

from matchpilot.domain.mapping import (
    INTERVIEW_DATE,
    MAPPING_TARGETS,
    map_sheet,
    mapping_from_pairs,
    preview,
    suggest_mapping,
)
from matchpilot.domain.sheet import SHEET_COLUMNS

TODAY = date(2026, 11, 23)
BASE = ["NRMP Code", "Program Name", "Specialty", "Track"]
ROWS = [
    ["1001340C0", "Lakeview Rehabilitation (fictional)", "PM&R", "Categorical"],
    ["1002340A0", "Harbor PM&R (fictional)", "PM&R", "Advanced"],
    ["1003340C0", "Hillcrest Rehab (fictional)", "PM&R", "Categorical"],
]


def target_of(name: str, values: list[str]) -> str | None:
    rows = [[*row, value] for row, value in zip(ROWS, values, strict=True)]
    return {c.column: c.target for c in suggest_mapping([*BASE, name], rows).columns}[name]


@pytest.mark.parametrize(
    "name", ["Interview date", "Interview", "Interview day", "interview dates", "Date of interview"]
)
def test_a_column_of_interview_days_is_suggested_as_interview_date(name: str) -> None:
    assert target_of(name, ["2026-10-20", "12/15/2026", ""]) == INTERVIEW_DATE


@pytest.mark.parametrize("name", ["Interview invite date", "Interview thank-you sent", "Date applied"])
def test_other_days_are_not_suggested_as_interview_dates(name: str) -> None:
    assert target_of(name, ["2026-10-20", "2026-11-02", ""]) != INTERVIEW_DATE


def test_an_interview_column_of_words_is_not_suggested_as_interview_dates() -> None:
    assert target_of("Interview", ["yes", "invited", "no"]) is None


def test_interview_date_is_a_mapping_target_but_not_a_sheet_column() -> None:
    assert INTERVIEW_DATE in MAPPING_TARGETS
    assert INTERVIEW_DATE not in SHEET_COLUMNS


def test_upcoming_interviews_do_not_block_and_do_not_touch_checked_on() -> None:
    mapping = mapping_from_pairs(
        [("NRMP Code", "code"), ("Program Name", "name"), ("Specialty", "specialty"), ("Track", "track"),
         ("Interview date", INTERVIEW_DATE)]
    )  # fmt: skip
    rows = [[*row, day] for row, day in zip(ROWS, ["2026-10-20", "2027-01-10", ""], strict=True)]
    result = map_sheet([*BASE, "Interview date"], rows, mapping, today=TODAY)
    assert result.ok, result.issues
    assert [p.checked_on for p in result.programs] == [None, None, None]
    shown = preview([*BASE, "Interview date"], rows, mapping, today=TODAY)
    assert shown.columns[-1] == INTERVIEW_DATE
    assert [row.cells[-1].text for row in shown.rows] == ["2026-10-20", "2027-01-10", ""]


def test_an_unreadable_interview_day_is_an_error_naming_its_cell() -> None:
    mapping = mapping_from_pairs(
        [("NRMP Code", "code"), ("Program Name", "name"), ("Specialty", "specialty"), ("Track", "track"),
         ("Interview date", INTERVIEW_DATE)]
    )  # fmt: skip
    rows = [[*row, day] for row, day in zip(ROWS, ["2026-10-20", "next Tuesday", ""], strict=True)]
    result = map_sheet([*BASE, "Interview date"], rows, mapping, today=TODAY)
    assert not result.ok
    (error,) = [issue for issue in result.issues if issue.is_error]
    assert error.where == "row 3, column Interview date"
    assert "'next Tuesday' is not a date" in error.message


def test_interview_rows_pair_each_dated_row_with_its_program_code() -> None:
    from matchpilot.domain.mapping import InterviewRow, interview_rows

    mapping = mapping_from_pairs(
        [("NRMP Code", "code"), ("Program Name", "name"), ("Specialty", "specialty"), ("Track", "track"),
         ("Interview date", INTERVIEW_DATE)]
    )  # fmt: skip
    rows = [[*row, day] for row, day in zip(ROWS, ["2026-10-20", "", "15 Dec 2026"], strict=True)]
    assert interview_rows([*BASE, "Interview date"], rows, mapping) == [
        InterviewRow(2, "1001340C0", date(2026, 10, 20)),
        InterviewRow(4, "1003340C0", date(2026, 12, 15)),
    ]
    unticked = mapping_from_pairs([(name, target) for name, target in mapping.pairs if target != INTERVIEW_DATE])
    assert interview_rows([*BASE, "Interview date"], rows, unticked) == []
