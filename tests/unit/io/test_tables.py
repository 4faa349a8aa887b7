"""Reading the spreadsheets people actually have: Excel CSVs, workbooks with typed cells, broken files."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from matchpilot.errors import InputError
from matchpilot.io.tables import read_table, read_table_bytes, table_bytes, write_table


def test_excel_style_csv_with_bom_and_semicolons() -> None:
    content = "\ufeffcode;name;specialty;track\r\n1;Caf\u00e9 (fictional);PM&R;C\r\n".encode()
    header, rows = read_table_bytes(content, "s.csv")
    assert header == ["code", "name", "specialty", "track"]
    assert rows == [["1", "Caf\u00e9 (fictional)", "PM&R", "C"]]


def test_windows_encoded_csv_is_read() -> None:
    _header, rows = read_table_bytes("code,name\n1,Caf\u00e9\n".encode("cp1252"), "s.csv")
    assert rows == [["1", "Caf\u00e9"]]


def test_trailing_blank_rows_are_dropped() -> None:
    _, rows = read_table_bytes(b"code,name\n1,a\n,\n\n", "s.csv")
    assert rows == [["1", "a"]]


def test_typed_workbook_cells_become_the_text_a_person_sees() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "positions", "img_share", "visa_j1", "checked_on"])
    sheet.append(["A1", 4, 35.5, True, datetime(2026, 9, 1)])
    sheet.append(["A2", 4.0, None, False, date(2026, 9, 2)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    header, rows = read_table_bytes(buffer.getvalue(), "s.xlsx")
    assert header == ["code", "positions", "img_share", "visa_j1", "checked_on"]
    assert rows == [["A1", "4", "35.5", "yes", "2026-09-01"], ["A2", "4", "", "no", "2026-09-02"]]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not a zip", "s.xlsx", "not a readable XLSX workbook"),
        (b"", "s.csv", "the file is empty"),
        (b"PK\x03\x04\x00\x00garbage", "s.csv", "not a CSV text file"),
        (b"code", "s.ods", "unknown file type .ods"),
    ],
)
def test_unreadable_files_say_what_and_which(content: bytes, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read_table_bytes(content, name)
    assert name in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "nope.csv")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_written_tables_read_back(tmp_path: Path, kind: str) -> None:
    header = ["code", "positions", "notes"]
    rows = [["0123", "4", "line one, with comma"], ["A2", "", "=not a formula? kept as text"]]
    path = tmp_path / f"t.{kind}"
    write_table(path, header, rows, numeric={"positions"})
    assert read_table(path) == (header, rows)
    assert not list(tmp_path.glob(".*partial"))


def test_table_bytes_rejects_unknown_kind() -> None:
    with pytest.raises(InputError):
        table_bytes("ods", ["a"], [])
