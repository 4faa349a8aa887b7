"""The limits of reading a table (docs/formats.md, "Limits"), each refused while reading with a message that
names it: a workbook's parts are checked before openpyxl parses them."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from openpyxl import Workbook

from matchpilot.errors import InputError, TooLargeError
from matchpilot.io.tables import LIMITS, read_table_bytes

from support.hostile import xlsx_bomb


def workbook(rows: list[list[object]]) -> bytes:
    made = Workbook()
    sheet = made.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    made.save(out)
    return out.getvalue()


def with_part(content: bytes, name: str, change: bytes | None = None, *, add: bytes | None = None) -> bytes:
    """``content`` with the part ``name`` replaced by ``change`` (or, with ``add``, a new part)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            target.writestr(member, change if member.filename == name and change is not None else data)
        if add is not None:
            target.writestr(name, add)
    return out.getvalue()


def test_a_shared_string_longer_than_a_cell_may_be() -> None:
    content = workbook([["code", "notes"], ["A1", "x" * 10_001]])
    with pytest.raises(TooLargeError, match=r"longer than 10,000 characters \(the limit for one cell\)"):
        read_table_bytes(content, "long.xlsx")


def test_a_cell_at_the_limit_is_read() -> None:
    content = workbook([["code", "notes"], ["A1", "x" * 10_000]])
    assert read_table_bytes(content, "ok.xlsx")[1] == [["A1", "x" * 10_000]]


def test_a_document_type_is_refused() -> None:
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>'
    )
    content = with_part(xlsx_bomb(), "xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(InputError, match="declares a document type"):
        read_table_bytes(content, "dtd.xlsx")


def test_a_row_with_more_cells_than_a_workbook_row_can_have() -> None:
    cells = b"".join(b'<c r="A1"><v>1</v></c>' for _ in range(16_385))
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>"
    )
    content = with_part(xlsx_bomb(), "xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(TooLargeError, match="more than 16,384 cells"):
        read_table_bytes(content, "wide.xlsx")


def test_more_cells_than_a_sheet_may_hold() -> None:
    content = workbook([["code", "name"], *[[f"A{i}", "x"] for i in range(30)]])
    with pytest.raises(TooLargeError, match=r"more than 40 cells \(the limit for a sheet\)"):
        read_table_bytes(content, "many.xlsx", replace(LIMITS, max_cells=40))


def test_what_a_workbook_unpacks_to_is_bounded() -> None:
    content = with_part(xlsx_bomb(), "xl/media/padding.bin", add=b"\x00" * (2 * 1024 * 1024))
    assert len(content) < 100_000  # zeros compress: a small file that unpacks large
    with pytest.raises(TooLargeError, match=r"unpacks to more than 1 MB \(the limit for a sheet\)"):
        read_table_bytes(content, "packed.xlsx", replace(LIMITS, max_unpacked_bytes=1024 * 1024))


def test_a_part_that_is_not_xml_is_left_to_openpyxl() -> None:
    content = with_part(workbook([["code"], ["A1"]]), "xl/media/image1.png", add=b"\x89PNG\r\n\x1a\n" * 10)
    assert read_table_bytes(content, "picture.xlsx") == (["code"], [["A1"]])


def test_a_sheet_of_exactly_the_row_limit_is_read_and_one_more_is_refused() -> None:
    rows = "".join(f"{i},Program {i} (fictional)\n" for i in range(LIMITS.max_rows))
    header, read = read_table_bytes(("code,name\n" + rows).encode(), "full.csv")
    assert header == ["code", "name"] and len(read) == LIMITS.max_rows
    with pytest.raises(TooLargeError, match=r"more than 10,000 rows after the header .*row 10,002 holds a value"):
        read_table_bytes(("code,name\n" + rows + "x,one more\n").encode(), "full.csv")


def test_blank_rows_between_programs_keep_row_numbers() -> None:
    _header, rows = read_table_bytes(b"code,name\n1,a\n\n,\n2,b\n\n", "gaps.csv")
    assert rows == [["1", "a"], [], [], ["2", "b"]]
