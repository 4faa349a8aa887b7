"""One Excel percent cell (40% arrives as 0.4) in a column of typed percentages imported silently as 0.4%. Now
such a cell is read as a share (0.4 → 40%) with a warning naming the cell (issue 15, item 5; docs/formats.md)."""

from __future__ import annotations

from datetime import date

from matchpilot.domain import parse_sheet
from matchpilot.domain.cells import shares_among_percents
from matchpilot.domain.mapping import map_sheet, mapping_from_pairs

TODAY = date(2026, 11, 23)


def test_the_cells_read_as_shares() -> None:
    assert shares_among_percents(["35%", "0.4", "", "12"]) == {1}
    assert shares_among_percents(["35", "0.4", "0.25"]) == {1, 2}
    assert shares_among_percents(["0.4", "0.25"]) == set()  # no typed percentage: a column of fractions
    assert shares_among_percents(["35%", "0.5%", "1", "0"]) == set()  # written with % or not between 0 and 1


def test_the_sheets_own_import_reads_a_percent_cell_as_a_share() -> None:
    header = ["code", "name", "specialty", "track", "img_share"]
    rows = [
        ["A1", "One (fictional)", "PM&R", "C", "35%"],
        ["A2", "Two (fictional)", "PM&R", "C", "0.4"],
        ["A3", "Three (fictional)", "PM&R", "C", "0.5%"],
        ["A4", "Four (fictional)", "PM&R", "C", "12"],
    ]
    result = parse_sheet(header, rows, today=TODAY)
    assert result.ok
    assert [p.img_share for p in result.programs] == [35, 40, 0.5, 12]
    (warning,) = [issue for issue in result.issues if issue.code == "share-as-percent"]
    assert str(warning).startswith("row 3, column img_share: 0.4 is read as 40%")


def test_the_mapping_step_reads_a_percent_cell_as_a_share() -> None:
    header = ["NRMP Code", "Program Name", "Specialty", "Track", "IMG %"]
    rows = [
        ["1001340C0", "One (fictional)", "PM&R", "C", "35%"],
        ["1002340C0", "Two (fictional)", "PM&R", "C", "20 %"],
        ["1003340C0", "Three (fictional)", "PM&R", "C", "0.4"],
        ["1004340C0", "Four (fictional)", "PM&R", "C", "0.5%"],
    ]
    mapping = mapping_from_pairs(
        [("NRMP Code", "code"), ("Program Name", "name"), ("Specialty", "specialty"), ("Track", "track"),
         ("IMG %", "img_share")]
    )  # fmt: skip
    result = map_sheet(header, rows, mapping, today=TODAY)
    assert result.ok
    assert [p.img_share for p in result.programs] == [35, 20, 40, 0.5]
    (warning,) = [issue for issue in result.issues if issue.code == "share-as-percent"]
    assert str(warning).startswith("row 4, column IMG %: 0.4 is read as 40%")
