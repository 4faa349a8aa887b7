"""The sheet rules: what users see when a cell is bad, and that a sheet round-trips unchanged."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from matchpilot.domain import Program, Provenance, Track, parse_sheet, program_to_cells, sheet_header
from matchpilot.domain.geography import Setting
from matchpilot.domain.mapping import normalise_value
from matchpilot.domain.program import US_STATES, Emphasis, ProgramType

TODAY = date(2026, 11, 23)
HEADER = ["code", "name", "specialty", "track", "state", "visa_j1", "img_share", "min_step2", "checked_on"]


def where(parse_result: object) -> list[str]:
    return [str(issue) for issue in parse_result.issues]  # type: ignore[attr-defined]


def test_every_bad_cell_is_named_by_row_and_column() -> None:
    rows = [
        ["1001340C0", "Lakeview (fictional)", "PM&R", "C", "NY", "yes", "35%", "220", "2026-06-01"],
        ["1002340A0", "Hillcrest (fictional)", "PM&R", "X", "ZZ", "maybe", "140", "abc", "June"],
    ]
    result = parse_sheet(HEADER, rows, today=TODAY)
    assert not result.ok
    messages = where(result)
    assert any(m.startswith("row 3, column track:") for m in messages)
    assert any(m.startswith("row 3, column state:") and "'ZZ'" in m for m in messages)
    assert any(m.startswith("row 3, column visa_j1:") for m in messages)
    assert any(m.startswith("row 3, column img_share:") and "between 0 and 100" in m for m in messages)
    assert any(m.startswith("row 3, column min_step2:") for m in messages)
    assert any(m.startswith("row 3, column checked_on:") for m in messages)
    assert not any(m.startswith("row 2") for m in messages)


def test_required_columns_and_values() -> None:
    result = parse_sheet(["code", "name"], [["1", "x"]], today=TODAY)
    assert "row 1, column specialty: required column 'specialty' is missing" in where(result)
    result = parse_sheet(HEADER, [["1", "", "PM&R", "C", "", "", "", "", ""]], today=TODAY)
    assert "row 2, column name: a value is required" in where(result)


def test_duplicate_codes_name_the_first_row() -> None:
    rows = [["A1", "One (fictional)", "PM&R", "C"], ["A1", "Two (fictional)", "PM&R", "A"]]
    result = parse_sheet(HEADER[:4], rows, today=TODAY)
    assert "row 3, column code: code 'A1' is already used in row 2" in where(result)


def test_warnings_do_not_block() -> None:
    header = [*HEADER, "favourite colour"]
    rows = [["A1", "One (fictional)", "PM&R", "categorical", "ny", "Y", "", "", "2024-01-05", "blue"]]
    result = parse_sheet(header, rows, today=TODAY)
    assert result.ok
    codes = sorted(issue.code for issue in result.issues)
    assert codes == ["stale-date", "unknown-column"]
    (program,) = result.programs
    assert program.state == "NY"
    assert program.visa_j1 is True


def test_blank_means_unknown_never_no() -> None:
    result = parse_sheet(HEADER, [["A1", "One (fictional)", "PM&R", "C", "", "", "", "", ""]], today=TODAY)
    (program,) = result.programs
    assert program.visa_j1 is None
    assert program.sponsors_any_visa is None


def test_the_setting_is_read_and_a_bad_one_is_named_by_row_and_column() -> None:
    header = [*HEADER[:4], "setting"]
    rows = [["A1", "One (fictional)", "PM&R", "C", "Suburban"], ["A2", "Two (fictional)", "PM&R", "C", ""]]
    result = parse_sheet(header, rows, today=TODAY)
    assert result.ok and [p.setting for p in result.programs] == [Setting.SUBURBAN, None]
    bad = parse_sheet(header, [["A1", "One (fictional)", "PM&R", "C", "seaside"]], today=TODAY)
    assert "row 2, column setting: 'seaside' is not one of: urban, suburban, rural" in where(bad)


def test_the_mapping_reads_peoples_words_for_a_setting() -> None:
    assert normalise_value("setting", "Suburban area") == ("suburban", None)
    assert normalise_value("setting", "big city") == ("urban", None)
    assert normalise_value("setting", "Rural / small town") == ("rural", None)
    assert normalise_value("setting", "unknown") == ("", None)
    assert normalise_value("setting", "seaside") == ("", "'seaside' is not a setting (urban, suburban, rural)")


def test_future_check_date_is_a_warning_and_left_blank() -> None:
    # issue 15: a future date (often an interview date) blocked the whole import; it is a warning on its row now
    result = parse_sheet(HEADER, [["A1", "One (fictional)", "PM&R", "C", "", "", "", "", "2027-01-01"]], today=TODAY)
    assert result.ok
    assert any(m.startswith("row 2, column checked_on: 2027-01-01 is in the future") for m in where(result))
    assert result.programs[0].checked_on is None


def test_per_column_provenance_is_read_and_falls_back_to_the_row() -> None:
    header = [
        "code",
        "name",
        "specialty",
        "track",
        "visa_j1",
        "visa_j1_source",
        "visa_j1_checked_on",
        "source",
        "checked_on",
    ]
    rows = [["A1", "One (fictional)", "PM&R", "A", "no", "phone call", "2026-10-01", "website", "2026-09-01"]]
    (program,) = parse_sheet(header, rows, today=TODAY).programs
    assert program.provenance_of("visa_j1") == Provenance("phone call", date(2026, 10, 1))
    assert program.provenance_of("img_share") == Provenance("website", date(2026, 9, 1))


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(str.strip)
_maybe_bool = st.none() | st.booleans()
_dates = st.none() | st.dates(min_value=date(2025, 12, 1), max_value=TODAY)
programs = st.builds(
    Program,
    code=st.from_regex(r"[0-9]{4}[0-9]{3}[CAPR][0-9]", fullmatch=True),
    name=_text.filter(bool),
    specialty=st.sampled_from(["PM&R", "Internal Medicine", "Transitional Year"]),
    track=st.sampled_from(list(Track)),
    institution=st.none() | _text.filter(bool),
    state=st.none() | st.sampled_from(sorted(US_STATES)),
    setting=st.none() | st.sampled_from(list(Setting)),
    positions=st.none() | st.integers(0, 50),
    visa_j1=_maybe_bool,
    visa_h1b=_maybe_bool,
    img_share=st.none() | st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 3)),
    program_type=st.none() | st.sampled_from(list(ProgramType)),
    emphasis=st.none() | st.sampled_from(list(Emphasis)),
    fellowships=st.lists(st.sampled_from(["pain", "sports", "SCI", "TBI"]), unique=True, max_size=3).map(tuple),
    min_step2=st.none() | st.integers(180, 260),
    interest=st.none() | st.integers(1, 5),
    notes=st.none() | _text.filter(lambda s: bool(s) and ";" not in s),
    source=st.none() | _text.filter(bool),
    checked_on=_dates,
    provenance=st.dictionaries(
        st.sampled_from(["visa_j1", "img_share", "min_step2"]),
        st.builds(Provenance, st.none() | _text.filter(bool), _dates).filter(lambda p: p.is_known),
        max_size=2,
    ),
)


@given(st.lists(programs, max_size=6, unique_by=lambda p: p.code))
def test_cells_read_back_to_the_same_programs(items: list[Program]) -> None:
    header = sheet_header(items)
    rows = [[cells.get(c, "") for c in header] for cells in map(program_to_cells, items)]
    result = parse_sheet(header, rows, today=TODAY)
    assert result.ok, result.issues
    assert [dict(p.provenance) for p in result.programs] == [dict(p.provenance) for p in items]
    assert [program_to_cells(p) for p in result.programs] == [program_to_cells(p) for p in items]
