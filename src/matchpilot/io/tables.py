"""Reading and writing tables of text cells as CSV or XLSX.

Every reader returns ``(header, rows)`` as text; blank cells are ``""``. A file that cannot be read at all
(missing, not a CSV, a broken workbook, an unknown extension) raises :class:`matchpilot.errors.InputError`
with a message naming the file; problems in the cells are for ``domain.parse_sheet`` to report.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from matchpilot.domain.cells import format_number
from matchpilot.errors import InputError
from matchpilot.io.csv_cells import csv_text, restore_rows
from matchpilot.io.files import read_bytes

__all__ = ["FORMATS", "format_of", "read_table", "read_table_bytes", "table_bytes", "write_table"]

FORMATS = ("csv", "xlsx")
"""Table formats, named by file extension."""

_MAX_BYTES = 50 * 1024 * 1024


def format_of(name: str) -> str:
    """The table format of a file name from its extension; InputError for anything but .csv and .xlsx."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(
            f"{name}: unknown file type {('.' + suffix) if suffix else '(no extension)'}; use .csv or .xlsx"
        )
    return suffix


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """Read a CSV or XLSX file (format from its extension) into a header and rows of text."""
    kind = format_of(path.name)
    return _read(read_bytes(path), str(path), kind)


def read_table_bytes(content: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """Read an uploaded CSV or XLSX file given as bytes (format from ``filename``)."""
    return _read(content, filename, format_of(filename))


def _read(content: bytes, name: str, kind: str) -> tuple[list[str], list[list[str]]]:
    if len(content) > _MAX_BYTES:
        raise InputError(f"{name}: the file is larger than {_MAX_BYTES // (1024 * 1024)} MB")
    rows = _read_csv(content, name) if kind == "csv" else _read_xlsx(content, name)
    if kind == "csv":  # the apostrophe our CSV export puts before formula-like cells comes off again
        rows = restore_rows(rows)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError(f"{name}: the file is empty (the first row must name the columns)")
    header = rows[0]
    body = rows[1:]
    while body and not any(cell.strip() for cell in body[-1]):
        body.pop()
    return header, body


def _read_csv(content: bytes, name: str) -> list[list[str]]:
    if b"\x00" in content[:4096]:
        raise InputError(f"{name}: this is not a CSV text file (is it a spreadsheet saved as .csv?)")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if first_line.count(";") > first_line.count(",") and first_line.count(";") > first_line.count("\t"):
        delimiter = ";"
    elif first_line.count("\t") > first_line.count(","):
        delimiter = "\t"
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise InputError(f"{name}: not a readable CSV file ({error})") from None


def _read_xlsx(content: bytes, name: str) -> list[list[str]]:
    from openpyxl import load_workbook  # heavy: imported only when a workbook is read

    # A damaged workbook makes openpyxl (and the zipfile, zlib and XML parsers under it) raise almost anything:
    # BadZipFile, zlib.error, RuntimeError (an encrypted member), ParseError, TypeError, KeyError, EOFError...
    # while opening *or* while reading rows. Each of them means one thing to the user: the file cannot be read.
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise InputError(f"{name}: not a readable XLSX workbook ({type(error).__name__})") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise InputError(f"{name}: the workbook has no sheet")
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    except InputError:
        raise
    except Exception as error:
        raise InputError(f"{name}: not a readable XLSX workbook ({type(error).__name__})") from None
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_table(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: Collection[str] = ()
) -> None:
    """Write a table to ``path`` as CSV or XLSX (from the extension); cells of ``numeric`` columns are
    written as numbers in XLSX. The file is written whole or not at all (a temporary file is renamed)."""
    data = table_bytes(format_of(path.name), header, rows, numeric=numeric)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot be written ({error.strerror})") from None


def table_bytes(
    kind: str, header: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: Collection[str] = ()
) -> bytes:
    """A table as the bytes of a CSV (UTF-8) or XLSX file."""
    if kind == "csv":  # cells a spreadsheet would run as formulas get an apostrophe (io.csv_cells)
        return csv_text(header, rows, numeric=numeric, lineterminator="\r\n").encode("utf-8")
    if kind != "xlsx":
        raise InputError(f"unknown table format {kind!r}; use csv or xlsx")
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("programs")
    numeric_positions = {i for i, name in enumerate(header) if name in numeric}
    sheet.append(list(header))
    for row in rows:
        sheet.append([_xlsx_value(sheet, cell, i in numeric_positions) for i, cell in enumerate(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(sheet: Any, cell: str, numeric: bool) -> object:
    if cell == "":
        return None
    if numeric:
        try:
            number = float(cell)
        except ValueError:
            pass
        else:
            return int(number) if number.is_integer() else number
    if cell.startswith("="):
        # Text that looks like a formula stays text: never executed by a spreadsheet, never lost on re-import.
        from openpyxl.cell import WriteOnlyCell

        text_cell = WriteOnlyCell(sheet, value=cell)
        text_cell.data_type = "s"
        return text_cell
    return cell
