"""A column "Interview date" was suggested as ``checked_on`` ("close to 'date'"), and one upcoming interview then
blocked the whole import ("2026-12-15 is in the future"). Now date columns about something else are never
suggested as ``checked_on``, and a future ``checked_on`` is a warning on its row, left blank (issue 15, item 5)."""

from __future__ import annotations

from datetime import date

from matchpilot.domain import parse_sheet
from matchpilot.domain.mapping import map_sheet, mapping_from_pairs, suggest_mapping

TODAY = date(2026, 11, 23)

HEADER = ["Program Name", "NRMP Code", "Specialty", "Track", "Interview date", "Last checked"]
ROWS = [
    ["Lakeview Rehabilitation (fictional)", "1001340C0", "PM&R", "Categorical", "2026-10-20", "2026-09-01"],
    ["Harbor PM&R (fictional)", "1002340A0", "PM&R", "Advanced", "2026-12-15", "2026-09-02"],
]


def test_an_interview_date_column_is_never_suggested_as_checked_on() -> None:
    suggestion = suggest_mapping(HEADER, ROWS)
    by_column = {c.column: c for c in suggestion.columns}
    # never checked_on; since the interview-date target exists it is suggested as the interviews it holds
    assert by_column["Interview date"].target == "interview_date"
    assert "interview" in by_column["Interview date"].reason
    assert by_column["Last checked"].target == "checked_on"


def test_date_columns_about_other_things_are_not_suggested_either() -> None:
    for name in ("Interview", "Date applied", "Application deadline", "Invite received", "Date of interview"):
        suggestion = suggest_mapping(
            ["NRMP Code", "Program", "Specialty", "Track", name], [[*ROWS[0][:4], "10/20/2026"]]
        )
        target = {c.column: c.target for c in suggestion.columns}[name]
        assert target is None or not target.endswith("checked_on"), name


def test_a_plain_date_column_is_still_suggested_as_checked_on() -> None:
    suggestion = suggest_mapping(["code", "name", "specialty", "track", "Date"], [[*ROWS[0][:4], "2026-09-01"]])
    assert {c.column: c.target for c in suggestion.columns}["Date"] == "checked_on"


def test_a_future_checked_on_is_a_warning_on_its_row_not_a_block() -> None:
    header = ["code", "name", "specialty", "track", "checked_on", "visa_j1", "visa_j1_checked_on"]
    rows = [
        ["A1", "One (fictional)", "PM&R", "C", "2026-12-15", "yes", "2026-11-01"],
        ["A2", "Two (fictional)", "PM&R", "C", "2026-11-01", "yes", "2027-01-05"],
    ]
    result = parse_sheet(header, rows, today=TODAY)
    assert result.ok
    one, two = result.programs
    assert one.checked_on is None
    assert two.checked_on == date(2026, 11, 1)
    assert two.provenance_of("visa_j1").checked_on == date(2026, 11, 1)  # its own future date left blank
    future = [str(issue) for issue in result.issues if issue.code == "future-date"]
    assert len(future) == 2
    assert future[0].startswith("row 2, column checked_on: 2026-12-15 is in the future")
    assert future[1].startswith("row 3, column visa_j1_checked_on: 2027-01-05 is in the future")


def test_an_interview_date_the_user_maps_to_checked_on_does_not_block_the_import() -> None:
    mapping = mapping_from_pairs(
        [("NRMP Code", "code"), ("Program Name", "name"), ("Specialty", "specialty"), ("Track", "track"),
         ("Interview date", "checked_on")]
    )  # fmt: skip
    result = map_sheet(HEADER, ROWS, mapping, today=TODAY)
    assert result.ok
    assert [p.checked_on for p in result.programs] == [date(2026, 10, 20), None]
    (warning,) = [issue for issue in result.issues if issue.code == "future-date"]
    assert warning.where == "row 3, column Interview date (checked_on)"
