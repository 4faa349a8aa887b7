"""Regression: a damaged or encrypted .xlsx made the sheet importer crash with a traceback (found by fuzzing).

``read_table_bytes`` caught only BadZipFile, KeyError, ValueError and OSError around ``load_workbook``; a corrupt
deflate stream raised ``zlib.error``, an encrypted member ``RuntimeError``, and damage found while reading rows
escaped entirely. Now every such failure is a clear InputError: "not a readable XLSX workbook".
"""

from __future__ import annotations

import io
import zipfile

import pytest

from matchpilot.errors import InputError
from matchpilot.io.tables import read_table_bytes, table_bytes


def workbook() -> bytes:
    """A valid one-row workbook."""
    return table_bytes("xlsx", ["code", "name"], [["1001340C0", "Lakeview (fictional)"]], numeric=())


def rebuilt(change: dict[str, tuple[bytes, int]]) -> bytes:
    """The workbook with members replaced: name -> (data, extra flag bits)."""
    source = zipfile.ZipFile(io.BytesIO(workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data, flags = change.get(info.filename, (source.read(info.filename), 0))
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = zipfile.ZIP_DEFLATED
            copy.flag_bits |= flags
            target.writestr(copy, data)
    return out.getvalue()


def corrupt_deflate(content: bytes, member: str) -> bytes:
    """``content`` with the compressed bytes of ``member`` overwritten by garbage (sizes kept)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo(member)
    damaged = bytearray(content)
    header = info.header_offset
    name_length = int.from_bytes(damaged[header + 26 : header + 28], "little")
    extra_length = int.from_bytes(damaged[header + 28 : header + 30], "little")
    start = header + 30 + name_length + extra_length
    for offset in range(min(info.compress_size, 16)):
        damaged[start + offset] = 0xFF - offset
    return bytes(damaged)


def test_a_corrupt_compressed_member_is_an_input_error_not_zlib_error() -> None:
    content = corrupt_deflate(rebuilt({}), "xl/workbook.xml")
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        read_table_bytes(content, "sheet.xlsx")


def test_a_corrupt_worksheet_is_an_input_error_while_reading_rows() -> None:
    content = corrupt_deflate(rebuilt({}), "xl/worksheets/sheet1.xml")
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        read_table_bytes(content, "sheet.xlsx")


def mark_encrypted(content: bytes, member: str) -> bytes:
    """``content`` with the "encrypted" flag set on ``member`` (local header and central directory)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo(member)
    damaged = bytearray(content)
    damaged[info.header_offset + 6] |= 0x1
    name = member.encode()
    central = damaged.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(damaged[central + 28 : central + 30], "little")
        if bytes(damaged[central + 46 : central + 46 + name_length]) == name:
            damaged[central + 8] |= 0x1
        central = damaged.find(b"PK\x01\x02", central + 4)
    return bytes(damaged)


def test_an_encrypted_member_is_an_input_error_not_runtime_error() -> None:
    content = mark_encrypted(rebuilt({}), "xl/workbook.xml")
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        read_table_bytes(content, "sheet.xlsx")


def test_a_worksheet_that_is_not_xml_is_an_input_error() -> None:
    content = rebuilt({"xl/worksheets/sheet1.xml": (b"<worksheet><sheetData><row><c r='A1", 0)})
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        read_table_bytes(content, "sheet.xlsx")
