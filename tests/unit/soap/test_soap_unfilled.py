"""Reading the unfilled list: every bad row named by row and column, other columns kept, joined by code."""

from __future__ import annotations

from soap_week_fixtures import program

from matchpilot.domain.program import Track
from matchpilot.soap import join_with_sheet, parse_unfilled

HEADER = ["Code", "Name", "Specialty", "Track", "Positions", "State", "Contact"]


def test_a_good_list_keeps_the_other_columns() -> None:
    parsed = parse_unfilled(
        HEADER,
        [
            ["2100340C0", "Lakeview Rehab (fictional)", "PM&R", "categorical", "2", "ny", "Dr. X"],
            ["", "", "", "", "", "", ""],
            ["2201140P0", "Hill Medicine (fictional)", "Internal Medicine", "", "1", "", ""],
        ],
    )
    assert parsed.ok and parsed.issues == ()
    first, second = parsed.programs
    assert (first.code, first.track, first.positions, first.state, first.row) == (
        "2100340C0",
        Track.CATEGORICAL,
        2,
        "NY",
        2,
    )
    assert first.extra == {"contact": "Dr. X"}
    assert second.track is Track.PRELIMINARY  # read from the P of the NRMP-style code
    assert second.state is None and second.row == 4


def test_every_bad_row_is_named_with_its_row_and_column() -> None:
    parsed = parse_unfilled(
        HEADER,
        [
            ["2100340C0", "A (fictional)", "PM&R", "categorical", "1", "NY", ""],
            ["2100340C0", "B (fictional)", "PM&R", "sideways", "two", "ZZ", ""],
            ["bad code!", "", "", "", "0", "", ""],
        ],
    )
    assert not parsed.ok
    shown = [str(issue) for issue in parsed.issues]
    assert "row 3, column code: 2100340C0 appears again (first on row 2)" in shown
    assert any(s.startswith("row 3, column track: 'sideways' is not a track") for s in shown)
    assert "row 3, column positions: 'two' is not a whole number of positions" in shown
    assert any(s.startswith("row 3, column state: 'ZZ'") for s in shown)
    assert any(s.startswith("row 4, column code:") for s in shown)
    assert "row 4, column name: a program name is required" in shown
    assert any(s.startswith("row 4, column track: a track is required") for s in shown)
    assert "row 4, column positions: 0 is out of range (1 to 1000 unfilled positions)" in shown
    assert [p.code for p in parsed.programs] == ["2100340C0"]


def test_a_missing_column_is_named() -> None:
    parsed = parse_unfilled(["code", "name", "specialty", "track", "state"], [["1", "x", "PM&R", "C", "NY"]])
    assert not parsed.ok
    assert [issue.where for issue in parsed.issues] == ["column positions"]


def test_programs_not_on_the_sheet_have_their_facts_unknown() -> None:
    on_sheet = program(1, "pmr", j1=False)
    parsed = parse_unfilled(
        HEADER[:6],
        [
            [on_sheet.code.lower(), "Name on the list", "PM&R", "advanced", "3", "NY"],
            ["9999340C0", "Elsewhere (fictional)", "PM&R", "categorical", "1", "OH"],
        ],
    )
    joined = join_with_sheet(parsed.programs, [on_sheet])
    assert [e.on_sheet for e in joined] == [True, False]
    known, unknown = joined
    assert known.program.visa_j1 is False and known.program.track is Track.ADVANCED
    assert known.program.positions == 3
    assert unknown.program.visa_j1 is None and unknown.program.visa_h1b is None
    assert unknown.program.state == "OH"
