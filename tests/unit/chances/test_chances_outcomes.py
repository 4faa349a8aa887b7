"""Outcome tables: code and outcome columns, every bad cell named by row and column."""

from __future__ import annotations

from matchpilot.chances import Outcome, parse_outcome, parse_outcome_rows


def test_outcome_words() -> None:
    assert parse_outcome(" Invited ") is Outcome.INVITED
    assert parse_outcome("interview") is Outcome.INVITED
    assert parse_outcome("REJECTION") is Outcome.REJECTED
    assert parse_outcome("no   response") is Outcome.SILENT
    assert parse_outcome("maybe") is None


def test_rows_are_read_in_order_and_extra_columns_ignored() -> None:
    pairs, issues = parse_outcome_rows(
        ["Code", "outcome", "date"], [["A", "invited", "2026-10-01"], ["", "", ""], ["B", "silent", ""]]
    )
    assert issues == [] and pairs == [("A", Outcome.INVITED), ("B", Outcome.SILENT)]


def test_bad_cells_name_row_and_column() -> None:
    _, issues = parse_outcome_rows(["code", "outcome"], [["A", "perhaps"], ["", "invited"], ["C"]])
    assert [str(i) for i in issues] == [
        "row 2, column outcome: 'perhaps' is not invited, rejected or silent",
        "row 3, column code: a program code is required",
        "row 4, column outcome: blank is not invited, rejected or silent",
    ]


def test_missing_columns() -> None:
    _, issues = parse_outcome_rows(["program"], [])
    assert {i.message for i in issues} == {"the column 'code' is required", "the column 'outcome' is required"}
