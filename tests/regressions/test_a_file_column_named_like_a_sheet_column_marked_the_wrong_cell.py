"""The import preview placed each problem by parsing its words back: "row 2, column Score (code)" was read as
the sheet's ``code`` column, so a bad Step 2 score in a file column named "Score (code)" was marked on the
program code's cell. Issues now carry their row and sheet column as values (issue 13, item 5), and the
preview and the mapping page place them by those."""

from __future__ import annotations

from datetime import date

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.mapping import is_mapping_issue, map_sheet, mapping_from_pairs, preview
from matchpilot.domain.sheet import parse_sheet

TODAY = date(2026, 11, 23)

HEADER = ["Program", "NRMP", "Specialty", "Track", "Score (code)"]
ROWS = [["Lakeview Rehabilitation (fictional)", "1001340C0", "PM&R", "Categorical", "a lot"]]
MAPPING = mapping_from_pairs(
    [
        ("Program", "name"),
        ("NRMP", "code"),
        ("Specialty", "specialty"),
        ("Track", "track"),
        ("Score (code)", "min_step2"),
    ]
)


def test_a_problem_in_a_column_named_like_a_sheet_column_is_marked_on_its_own_cell() -> None:
    shown = preview(HEADER, ROWS, MAPPING, today=TODAY)
    cells = {cell.column: cell for cell in shown.rows[0].cells}
    assert cells["min_step2"].error
    assert not cells["code"].problems


def test_sheet_issues_carry_their_row_and_column() -> None:
    header = ["code", "name", "specialty", "track", "min_step2"]
    rows = [["X1", "A", "PM&R", "C", "220"], ["X1", "B", "PM&R", "C", "220"], ["X2", "C", "PM&R", "C", "900"]]
    parsed = parse_sheet(header, rows, today=TODAY)
    places = {(issue.code, issue.row, issue.column) for issue in parsed.issues}
    assert ("duplicate-code", 3, "code") in places
    assert ("out-of-range", 4, "min_step2") in places


def test_mapped_issues_name_the_files_column_in_words_and_the_sheets_as_a_value() -> None:
    parsed = map_sheet(HEADER, ROWS, MAPPING, today=TODAY)
    (issue,) = [issue for issue in parsed.issues if issue.is_error]
    assert (issue.where, issue.row, issue.column) == ("row 2, column Score (code)", 2, "min_step2")
    assert not is_mapping_issue(issue)


def test_a_problem_of_the_mapping_names_the_files_column() -> None:
    mapping = mapping_from_pairs([*MAPPING.pairs, ("Extra", "notes")])
    parsed = map_sheet(HEADER, ROWS, mapping, today=TODAY)
    (issue,) = [issue for issue in parsed.issues if issue.code == "absent-column"]
    assert is_mapping_issue(issue)
    assert (issue.where, issue.row, issue.column) == ("mapping, column Extra", None, "Extra")


def test_where_an_issue_is_does_not_change_what_it_says() -> None:
    said = Issue("bad-value", Severity.ERROR, "no", "row 2, column code")
    assert Issue.at_cell("bad-value", Severity.ERROR, "no", 2, "code") == said
