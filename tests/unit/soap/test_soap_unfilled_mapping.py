"""The unfilled list through a mapping step (issue 14): a list headed ``Program Code,Program Name,...`` was
refused; now its columns are suggested by the sheet's suggester, the first rows previewed as they will be
imported (values read as a person would), and every problem named on its cell."""

from __future__ import annotations

from matchpilot.domain.mapping import mapping_from_pairs
from matchpilot.soap import map_unfilled, parse_unfilled, preview_unfilled, suggest_unfilled_mapping

HEADER = ["Program Code", "Program Name", "Specialty", "Track", "Positions Available", "State", "Contact"]
ROWS = [
    ["7001340C0", "Brookside Rehabilitation (fictional)", "PM&R", "Categorical", "2", "NY", "x"],
    [
        "7002140P0",
        "Clearwater Medicine (fictional)",
        "Internal Medicine",
        "Preliminary",
        "3 positions",
        "New Jersey",
        "",
    ],
]


def test_a_list_with_its_own_column_names_is_refused_without_a_mapping() -> None:
    parsed = parse_unfilled(HEADER, ROWS)
    assert not parsed.ok and {i.where for i in parsed.issues} >= {"column code", "column name"}


def test_its_columns_are_suggested_and_the_others_kept_as_extra() -> None:
    suggestion = suggest_unfilled_mapping(HEADER, ROWS)
    targets = {c.column: c.target for c in suggestion.columns}
    assert targets == {
        "Program Code": "code",
        "Program Name": "name",
        "Specialty": "specialty",
        "Track": "track",
        "Positions Available": "positions",
        "State": "state",
        "Contact": None,
    }


def test_the_preview_reads_values_as_a_person_would_and_the_list_imports() -> None:
    preview = preview_unfilled(HEADER, ROWS, suggest_unfilled_mapping(HEADER, ROWS).mapping)
    assert preview.ok and preview.problems == ()
    second = {cell.column: (cell.text, cell.original) for cell in preview.rows[1].cells}
    assert second["state"] == ("NJ", "New Jersey") and second["track"] == ("preliminary", "Preliminary")
    assert second["positions"] == ("3", "3 positions")
    programs = preview.parse.programs
    assert [p.code for p in programs] == ["7001340C0", "7002140P0"] and programs[0].extra == {"contact": "x"}


def test_duplicate_codes_and_bad_values_are_named_on_their_cells() -> None:
    rows = [*ROWS, ["7001340C0", "Again (fictional)", "PM&R", "Categorical", "many", "NY", ""]]
    preview = preview_unfilled(HEADER, rows, suggest_unfilled_mapping(HEADER, rows).mapping)
    assert not preview.ok
    third = {cell.column: cell for cell in preview.rows[2].cells}
    assert third["code"].error and any("row 2" in problem for problem in third["code"].problems)
    assert third["positions"].error


def test_a_column_kept_as_extra_never_collides_with_a_list_column() -> None:
    mapping = mapping_from_pairs([("Program Code", "code"), ("Program Name", "name"), ("Specialty", "specialty")])
    header, _ = map_unfilled(["Program Code", "Program Name", "Specialty", "state"], [], mapping)
    assert header == ["code", "name", "specialty", "state (not imported)"]
