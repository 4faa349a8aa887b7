"""Issue 19, findings 4, 8 and 10, as properties: whatever text the sheet reader or the profile loader accepts,
including lone surrogates (category ``Cs``), NULs and over-long codes, fits its database column and encodes as
UTF-8; and every CSV cell matchpilot writes is safe in a spreadsheet and reads back as it was."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import String

from matchpilot.domain.limits import stored_text_problem
from matchpilot.domain.profile import parse_profile, profile_to_dict
from matchpilot.domain.sheet import parse_sheet, program_to_cells
from matchpilot.io.csv_cells import FORMULA_PREFIXES, neutralise_cell, restore_cell
from matchpilot.io.tables import read_table_bytes, table_bytes
from matchpilot.storage.tables import programs

TODAY = date(2026, 11, 23)
ANY_TEXT = st.text(alphabet=st.characters(categories=["Cs", "Cc", "L", "N", "P", "S", "Zs"]), max_size=80)
"""Text with lone surrogates, control characters (NUL among them), letters, digits, punctuation and symbols."""
CELL = st.one_of(ANY_TEXT, st.sampled_from(["1001340C0", "PM&R", "categorical", "C", "yes", "2026-03-01"]))
LONG_CODE = st.integers(60, 80).map(lambda n: "7" * n)


def _fits(program_cells: dict[str, str]) -> None:
    for column, text in program_cells.items():
        assert stored_text_problem(text) is None, (column, text)
        if column in programs.c and isinstance(programs.c[column].type, String):
            limit = programs.c[column].type.length
            assert limit is None or len(text) <= limit, (column, len(text), limit)


@given(
    rows=st.lists(
        st.tuples(st.one_of(CELL, LONG_CODE), CELL, CELL, st.sampled_from(["C", "A", "P", "x"]), CELL, CELL),
        max_size=6,
    )
)
def test_what_the_sheet_reader_accepts_fits_the_programs_table(rows: list[tuple[str, ...]]) -> None:
    header = ["code", "name", "specialty", "track", "notes", "visa_j1_source"]
    parsed = parse_sheet(header, [list(row) for row in rows], today=TODAY)
    for issue in parsed.issues:
        assert stored_text_problem(str(issue)) is None, "an issue can be shown on a page"
    if parsed.ok:
        for program in parsed.programs:
            _fits(program_to_cells(program))


def test_a_cell_with_a_lone_surrogate_or_a_nul_is_a_row_issue_naming_the_column() -> None:
    parsed = parse_sheet(
        ["code", "name", "specialty", "track", "notes"],
        [["1001340C0", "Lake\ud800view", "PM&R", "C", "a\x00b"]],
        today=TODAY,
    )
    assert [str(issue) for issue in parsed.issues] == [
        "row 2, column name: contains a character that is not valid text (U+D800)",
        "row 2, column notes: contains a NUL character",
    ]


@given(name=ANY_TEXT, goals=st.lists(ANY_TEXT, max_size=3), extra_key=ANY_TEXT)
def test_what_the_profile_loader_accepts_encodes_as_utf8(name: str, goals: list[str], extra_key: str) -> None:
    data: dict[str, Any] = {"name": name, "applicant_type": "non_us_img", "goals": goals}
    if extra_key:
        data[extra_key] = 1
    profile, issues = parse_profile(data, today=TODAY)
    for issue in issues:
        assert stored_text_problem(str(issue)) is None, "an issue can be shown on a page"
    if profile is not None:
        stored = json.dumps(profile_to_dict(profile), ensure_ascii=False)
        stored.encode("utf-8")
        assert "\x00" not in stored


# --- CSV cells ---------------------------------------------------------------------------------------------


@given(text=ANY_TEXT.filter(lambda t: stored_text_problem(t) is None) | st.sampled_from(["'=x", "''+1", "'", "-"]))
def test_a_neutralised_cell_is_safe_and_reads_back(text: str) -> None:
    written = neutralise_cell(text)
    assert not written.startswith(FORMULA_PREFIXES)
    assert restore_cell(written) == text


HOSTILE = ['=HYPERLINK("http://example.invalid","x")', "+1", "-cmd", "@SUM(1+1)*cmd|'/C calc'!A0", "\tx", "\rx"]


def test_formula_cells_come_out_neutralised_and_read_back_unchanged() -> None:
    header = ["code", "name", "positions", "notes"]
    rows = [[f"C{i}", cell, "-3", cell] for i, cell in enumerate(HOSTILE)]
    content = table_bytes("csv", header, rows, numeric={"positions"})
    raw = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
    for cells in raw[1:]:
        assert cells[1] == cells[3] and cells[1].startswith("'"), cells
        assert cells[2] == "-3", "a number in a numeric column stays a number"
    assert read_table_bytes(content, "back.csv") == (header, rows)


def test_a_number_in_a_text_column_is_neutralised() -> None:
    assert neutralise_cell("+1") == "'+1" and neutralise_cell("-3") == "'-3"
    assert neutralise_cell("-3", numeric=True) == "-3" and neutralise_cell("-3+cmd", numeric=True) == "'-3+cmd"


def test_the_unfilled_list_refuses_a_long_code_and_text_that_cannot_be_stored() -> None:
    from matchpilot.soap.unfilled import parse_unfilled

    header = ["code", "name", "specialty", "track", "positions", "state"]
    parsed = parse_unfilled(
        header,
        [
            ["9" * 65, "Long (fictional)", "IM", "P", "2", "NY"],
            ["1234340P0", "Nul\x00 (fictional)", "IM", "P", "2", "NY"],
            ["1235340P0", "Fine (fictional)", "IM", "P", "2", "NY"],
        ],
    )
    assert [str(issue) for issue in parsed.issues] == [
        "row 2, column code: is longer than 64 characters, the most a program code may have (65)",
        "row 3, column name: contains a NUL character",
    ]
    assert [program.code for program in parsed.programs] == ["1235340P0"]
