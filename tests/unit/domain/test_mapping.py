"""Any spreadsheet in: the suggested mapping, values read as a person would, problems reported, never guessed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchpilot.domain import parse_sheet
from matchpilot.domain.mapping import (
    VISA_WORDS,
    ColumnMapping,
    check_mapping,
    map_sheet,
    mapping_from_pairs,
    normalise_value,
    preview,
    read_visa_words,
    suggest_mapping,
)

from support.sheets import sheet_rows

TODAY = date(2026, 11, 23)

FOREIGN_HEADER = [
    "NRMP Code",
    "Program",
    "Hospital",
    "City",
    "ST",
    "Specialty",
    "Position type",
    "Spots",
    "Visa",
    "IMG %",
    "Step 2 cutoff",
    "Last checked",
    "My rating",
    "Comments",
]
FOREIGN_ROWS = [
    ["1001340C0", "Lakeview Rehab (fictional)", "Lakeview Health", "Lakeview", "NY", "PM&R", "Categorical", "4",
     "J-1 only", "35%", "220", "2026-03-15", "★★★★", "liked it"],
    ["1002340A0", "Harbor PM&R (fictional)", "Harbor MC", "Harbor", "New Jersey", "PM&R", "Advanced", "2",
     "J-1 and H-1B", "12 %", "≥230", "2026-04-25", "3/5", ""],
    ["1003140P0", "Riverside Medicine (fictional)", "Riverside H", "Riverside", "pa", "Internal Medicine", "Prelim",
     "10", "none", "?", "", "2026-01-15", "", ""],
]  # fmt: skip


def test_people_spellings_of_yes_and_no() -> None:
    for text in ("Yes", "Y", "TRUE", "✓", "yes ", "y", "1", "Yes, per the website"):
        assert normalise_value("va_affiliated", text) == ("yes", None), text
    for text in ("No", "N", "false", "✗", "0", "none"):
        assert normalise_value("va_affiliated", text) == ("no", None), text
    for text in ("", "?", "n/a", "unknown", "TBD"):
        assert normalise_value("va_affiliated", text) == ("", None), text


def test_unreadable_values_are_reported_not_guessed() -> None:
    text, problem = normalise_value("usce_required", "maybe")
    assert text == "" and problem is not None and "'maybe'" in problem
    assert normalise_value("positions", "ten")[1] is not None
    assert normalise_value("state", "Atlantis")[1] is not None
    assert read_visa_words("yes")[2] is not None  # says yes but not which visa


def test_percentages_numbers_and_words() -> None:
    assert normalise_value("img_share", "35%") == ("35", None)
    assert normalise_value("img_share", "12.5 %") == ("12.5", None)
    assert normalise_value("min_step2", "≥230") == ("230", None)
    assert normalise_value("min_step2", "230+") == ("230", None)
    assert normalise_value("positions", "4 positions") == ("4", None)
    assert normalise_value("state", "New York") == ("NY", None)
    assert normalise_value("state", "n.y.") == ("NY", None)
    assert normalise_value("track", "Prelim") == ("preliminary", None)
    assert normalise_value("program_type", "University-affiliated community hospital") == (
        "community-university",
        None,
    )
    assert normalise_value("interest", "★★★★") == ("4", None)
    assert normalise_value("interest", "3/5") == ("3", None)
    assert normalise_value("fellowships", "Pain, Sports / SCI") == ("Pain; Sports; SCI", None)
    assert normalise_value("max_years_since_graduation", "within 5 years") == ("5", None)


def test_visa_words() -> None:
    assert read_visa_words("J-1 only") == (True, False, None)
    assert read_visa_words("J1 and H1B") == (True, True, None)
    assert read_visa_words("both") == (True, True, None)
    assert read_visa_words("None") == (False, False, None)
    assert read_visa_words("J-1") == (True, None, None)  # H-1B not mentioned: unknown, never "no"
    assert read_visa_words("J-1 yes, H-1B no") == (True, False, None)
    assert normalise_value("visa_j1", "J-1 only") == ("yes", None)
    assert normalise_value("visa_h1b", "J-1 only") == ("no", None)


def test_dates_in_the_ways_people_write_them() -> None:
    assert normalise_value("checked_on", "March 15, 2026") == ("2026-03-15", None)
    assert normalise_value("checked_on", "15 Mar 2026") == ("2026-03-15", None)
    assert normalise_value("checked_on", "2026/03/15") == ("2026-03-15", None)
    assert normalise_value("checked_on", "03/15/2026") == ("2026-03-15", None)
    text, problem = normalise_value("checked_on", "03/04/2026")
    assert text == "" and problem is not None and "4 March 2026" in problem and "3 April 2026" in problem
    assert normalise_value("checked_on", "03/04/2026", date_order="dmy") == ("2026-04-03", None)


def test_suggests_by_name_and_says_why() -> None:
    suggestion = suggest_mapping(FOREIGN_HEADER, FOREIGN_ROWS)
    targets = {column.column: column.target for column in suggestion.columns}
    assert targets == {
        "NRMP Code": "code",
        "Program": "name",
        "Hospital": "institution",
        "City": "city",
        "ST": "state",
        "Specialty": "specialty",
        "Position type": "track",
        "Spots": "positions",
        "Visa": VISA_WORDS,
        "IMG %": "img_share",
        "Step 2 cutoff": "min_step2",
        "Last checked": "checked_on",
        "My rating": "interest",
        "Comments": "notes",
    }
    assert suggestion.unmapped_required == ()
    assert all(column.reason for column in suggestion.columns)


def test_suggests_by_values_when_names_say_nothing() -> None:
    header = ["Column A", "Column B", "Column C", "Column D", "Column E"]
    rows = [
        ["1001340C0", "NY", "35%", "2026-01-02", "J-1 only"],
        ["1002340A0", "PA", "10%", "2026-02-03", "H-1B"],
        ["1003140P0", "TX", "0%", "2026-03-04", "none"],
    ]
    targets = {c.column: c.target for c in suggest_mapping(header, rows).columns}
    assert targets == {
        "Column A": "code",
        "Column B": "state",
        "Column C": "img_share",
        "Column D": "checked_on",
        "Column E": VISA_WORDS,
    }


def test_yes_no_column_without_a_name_is_left_for_the_user() -> None:
    suggestion = suggest_mapping(["code", "name", "specialty", "track", "Q7"], [["1", "a", "PM&R", "C", "Y"]] * 3)
    q7 = suggestion.columns[-1]
    assert q7.target is None and "yes/no" in q7.reason


def test_map_sheet_imports_normalised_programs() -> None:
    suggestion = suggest_mapping(FOREIGN_HEADER, FOREIGN_ROWS)
    parsed = map_sheet(FOREIGN_HEADER, FOREIGN_ROWS, suggestion.mapping, today=TODAY)
    assert parsed.ok, [str(i) for i in parsed.issues]
    lakeview, harbor, riverside = parsed.programs
    assert (lakeview.visa_j1, lakeview.visa_h1b, lakeview.img_share, lakeview.interest) == (True, False, 35.0, 4)
    assert (harbor.state, harbor.visa_h1b, harbor.min_step2, harbor.track.value) == ("NJ", True, 230, "advanced")
    assert (riverside.state, riverside.img_share, riverside.visa_j1) == ("PA", None, False)
    assert lakeview.checked_on == date(2026, 3, 15)


def test_problems_name_the_files_row_and_column_and_block() -> None:
    rows = [list(row) for row in FOREIGN_ROWS]
    rows[1][7] = "ten"
    rows[2][9] = "140%"
    mapping = suggest_mapping(FOREIGN_HEADER, FOREIGN_ROWS).mapping
    parsed = map_sheet(FOREIGN_HEADER, rows, mapping, today=TODAY)
    assert not parsed.ok
    messages = [str(issue) for issue in parsed.issues if issue.is_error]
    assert "row 3, column Spots: 'ten' is not a whole number" in messages
    assert any(m.startswith("row 4, column IMG % (img_share): 140 is out of range") for m in messages)


def test_mapping_that_leaves_a_required_column_unmapped() -> None:
    mapping = ColumnMapping((("NRMP Code", "code"), ("Program", "name"), ("Specialty", "specialty")))
    issues = check_mapping(FOREIGN_HEADER, mapping)
    assert [str(i) for i in issues if i.is_error] == [
        "mapping, column track: the required column 'track' is not mapped: choose which column of the file holds it"
    ]
    parsed = map_sheet(FOREIGN_HEADER, FOREIGN_ROWS, mapping, today=TODAY)
    assert not parsed.ok and parsed.programs == ()


def test_two_columns_on_one_target_and_unknown_targets() -> None:
    mapping = mapping_from_pairs(
        [("NRMP Code", "code"), ("Program", "name"), ("Hospital", "name"), ("Specialty", "specialty"),
         ("Position type", "track"), ("Spots", "seats")]
    )  # fmt: skip
    messages = [str(i) for i in check_mapping(FOREIGN_HEADER, mapping) if i.is_error]
    assert "mapping, column Hospital: columns 'Program' and 'Hospital' are both mapped to 'name'" in messages
    assert "mapping, column Spots: 'seats' is not a column of the sheet" in messages


def test_preview_marks_problems_on_their_cells() -> None:
    rows = [list(row) for row in FOREIGN_ROWS]
    rows[0][4] = "ZZ"
    mapping = suggest_mapping(FOREIGN_HEADER, FOREIGN_ROWS).mapping
    shown = preview(FOREIGN_HEADER, rows, mapping, today=TODAY, limit=2)
    assert not shown.ok and len(shown.rows) == 2 and shown.total_rows == 3
    first = {cell.column: cell for cell in shown.rows[0].cells}
    assert first["state"].error and "'ZZ'" in first["state"].problems[0]
    assert first["img_share"].text == "35" and first["img_share"].changed
    assert not shown.rows[0].ok and shown.rows[1].ok
    assert shown.labels["img_share"] == "IMG %"


def test_fractions_from_a_spreadsheet_percent_cell_are_scaled_with_a_warning() -> None:
    header = ["code", "name", "specialty", "track", "IMG share"]
    rows = [["1", "A (fictional)", "PM&R", "C", "0.35"], ["2", "B (fictional)", "PM&R", "C", "0.1"]]
    mapping = suggest_mapping(header, rows).mapping
    parsed = map_sheet(header, rows, mapping, today=TODAY)
    assert parsed.ok and [p.img_share for p in parsed.programs] == [35.0, 10.0]
    assert any(issue.code == "fraction-percent" for issue in parsed.issues)


@given(st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=5))
def test_a_standard_sheet_maps_to_itself(n: int, seed: int) -> None:
    header, rows = sheet_rows(n, seed)
    suggestion = suggest_mapping(header, rows)
    assert all(c.target == c.column for c in suggestion.columns)
    mapped = map_sheet(header, rows, suggestion.mapping, today=TODAY)
    plain = parse_sheet(header, rows, today=TODAY)
    assert mapped.programs == plain.programs
    assert mapped.ok == plain.ok


@given(
    st.sampled_from(["yes", "y", "true", "✓", "no", "n", "false", "✗"]),
    st.sampled_from([str.lower, str.upper, str.title]),
    st.sampled_from(["", " ", "  "]),
)
def test_yes_no_ignores_case_and_spacing(word: str, case: object, pad: str) -> None:
    typed = pad + case(word) + pad  # type: ignore[operator]
    expected = "yes" if word in ("yes", "y", "true", "✓") else "no"
    assert normalise_value("linked_pgy1", typed) == (expected, None)


@pytest.mark.parametrize("text", ["J-1 only", "j1 only", "Only J-1", "J-1 (only)"])
def test_j1_only_in_a_visa_column(text: str) -> None:
    assert read_visa_words(text)[:2] == (True, False)


def test_an_unreadable_visa_cell_is_marked_on_both_visa_columns() -> None:
    rows = [list(row) for row in FOREIGN_ROWS]
    rows[0][8] = "maybe"
    shown = preview(FOREIGN_HEADER, rows, suggest_mapping(FOREIGN_HEADER, FOREIGN_ROWS).mapping, today=TODAY)
    cells = {cell.column: cell for cell in shown.rows[0].cells}
    assert cells["visa_j1"].error and cells["visa_h1b"].error
    assert normalise_value("track", "Advanced (PGY-2)") == ("advanced", None)
