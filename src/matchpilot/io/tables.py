"""Reading and writing tables of text cells as CSV or XLSX.

Every reader returns ``(header, rows)`` as text; blank cells are ``""``. A file that cannot be read at all
(missing, not a CSV, a broken workbook, an unknown extension) raises :class:`matchpilot.errors.InputError`
with a message naming the file; problems in the cells are for ``domain.parse_sheet`` to report.

Reading is bounded (:class:`TableLimits`, :data:`LIMITS`): the bytes of the file, the rows after the header,
the columns of a row, the characters of a cell, and for a workbook what it unpacks to, are checked *while*
the file is read, so a small hostile file (a workbook that declares a million rows of 16,384 columns, a CSV of
millions of one-character rows) is refused with :class:`matchpilot.errors.TooLargeError`, naming the limit,
before it can take the memory or the time of the process. A workbook's declared size (``<dimension>``) is
never trusted: only the cells it really holds are read.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from matchpilot.domain.cells import format_number
from matchpilot.domain.limits import MAX_PROGRAMS
from matchpilot.errors import InputError, TooLargeError
from matchpilot.io.csv_cells import csv_text, restore_rows
from matchpilot.io.files import open_bytes

__all__ = [
    "FORMATS",
    "LIMITS",
    "TableLimits",
    "check_unpacked_size",
    "format_of",
    "read_table",
    "read_table_bytes",
    "read_table_stream",
    "size_text",
    "table_bytes",
    "write_table",
]

FORMATS = ("csv", "xlsx")
"""Table formats, named by file extension."""

_MB = 1024 * 1024
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class TableLimits:
    """The most a table file may hold; each is checked while reading (docs/formats.md, "Limits").

    ``max_bytes``: the file's size. ``max_rows``: rows after the header, blank rows between them included
    (blank rows at the end are dropped, not counted). ``max_lines``: rows in all, blank ones at the end
    included (Excel's own maximum).
    ``max_columns``: columns of a row, up to its last non-blank cell. ``max_cell_chars``: characters of one cell.
    ``max_line_chars``: characters of one line of a CSV file. ``max_unpacked_bytes``: what a workbook's parts
    unpack to. ``max_cells``: cells (and, separately, shared strings) a workbook holds."""

    max_bytes: int = 50 * _MB
    max_rows: int = MAX_PROGRAMS
    max_lines: int = 1_048_576
    max_columns: int = 200
    max_cell_chars: int = 10_000
    max_line_chars: int = 1_000_000
    max_unpacked_bytes: int = 100 * _MB
    max_cells: int = 2_000_000


LIMITS = TableLimits()
"""The limits every reader applies unless told otherwise."""

_EXCEL_COLUMNS = 16_384  # XFD, the widest row a workbook can have


def format_of(name: str) -> str:
    """The table format of a file name from its extension; InputError for anything but .csv and .xlsx."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(
            f"{name}: unknown file type {('.' + suffix) if suffix else '(no extension)'}; use .csv or .xlsx"
        )
    return suffix


def read_table(path: Path, limits: TableLimits = LIMITS) -> tuple[list[str], list[list[str]]]:
    """Read a CSV or XLSX file (format from its extension) into a header and rows of text, within ``limits``."""
    kind = format_of(path.name)
    with open_bytes(path) as stream:
        return _read(stream, str(path), kind, limits)


def read_table_bytes(content: bytes, filename: str, limits: TableLimits = LIMITS) -> tuple[list[str], list[list[str]]]:
    """Read an uploaded CSV or XLSX file given as bytes (format from ``filename``), within ``limits``."""
    return _read(io.BytesIO(content), filename, format_of(filename), limits)


def read_table_stream(
    stream: IO[bytes], filename: str, limits: TableLimits = LIMITS
) -> tuple[list[str], list[list[str]]]:
    """Read a CSV or XLSX file from a seekable binary ``stream`` (format from ``filename``), within ``limits``;
    the stream is read from its start and left open."""
    stream.seek(0)
    return _read(stream, filename, format_of(filename), limits)


def _size_of(stream: IO[bytes]) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _read(stream: IO[bytes], name: str, kind: str, limits: TableLimits) -> tuple[list[str], list[list[str]]]:
    if _size_of(stream) > limits.max_bytes:
        raise TooLargeError(f"{name}: the file is larger than {_megabytes(limits.max_bytes)} (the limit for a sheet)")
    rows = _Rows(name, limits)
    if kind == "csv":
        _read_csv(stream, rows)
        header, body = rows.result()
        # the apostrophe our CSV export puts before formula-like cells comes off again
        return restore_rows([header])[0], restore_rows(body)
    _read_xlsx(stream, rows)
    return rows.result()


def _megabytes(count: int) -> str:
    return f"{count / _MB:g} MB"


def check_unpacked_size(archive: zipfile.ZipFile, name: str, limit: int, what: str) -> None:
    """Refuse the workbook ``archive`` (the file called ``name``) if its parts unpack to more than ``limit``
    bytes, as their zip headers declare (Python's zip reader never returns more than a part declares): a zip
    bomb, a small file that unpacks to gigabytes. The :class:`TooLargeError` names the limit and ``what`` it is
    the limit for (``"a sheet"``). Nothing is unpacked."""
    if sum(member.file_size for member in archive.infolist()) > limit:
        raise TooLargeError(f"{name}: the workbook unpacks to more than {size_text(limit)} (the limit for {what})")


def size_text(count: int) -> str:
    """A number of bytes in words: ``100 MB``, ``2 GB`` (binary units, as the limits are set)."""
    if count >= 1024 * _MB:
        return f"{count / (1024 * _MB):g} GB"
    return _megabytes(count)


def _column_name(index: int) -> str:
    """The spreadsheet letter of a 0-based column (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Rows:
    """Collects rows as they are read, enforcing the row, column and cell limits as each row arrives.

    Blank rows are held back as a count and only written out when a non-blank row follows (row numbers stay
    right; trailing blank rows are dropped), so at most ``max_rows`` rows are ever kept."""

    def __init__(self, name: str, limits: TableLimits) -> None:
        self.name = name
        self.limits = limits
        self.header: list[str] | None = None
        self.rows: list[list[str]] = []
        self.lines = 0
        self.blank_run = 0
        self.pad = False

    def blank(self) -> None:
        """Take the next row when it is known to be blank."""
        if self.header is None or self.lines >= self.limits.max_lines:
            self.add(())
            return
        self.lines += 1
        self.blank_run += 1

    def add(self, cells: Sequence[str]) -> None:
        """Take the next row (its cells as text, possibly with trailing blanks)."""
        limits = self.limits
        self.lines += 1
        if self.lines > limits.max_lines:
            raise TooLargeError(
                f"{self.name}: more than {limits.max_lines:,} rows, counting blank ones (the limit for a sheet)"
            )
        last = len(cells)
        while last and not cells[last - 1].strip():
            last -= 1
        if last == 0:
            if self.header is None:
                raise InputError(f"{self.name}: the file is empty (the first row must name the columns)")
            self.blank_run += 1
            return
        if self.lines - 1 > limits.max_rows:
            raise TooLargeError(
                f"{self.name}: more than {limits.max_rows:,} rows after the header (the limit for a sheet; row "
                f"{self.lines:,} holds a value); split the file"
            )
        if last > limits.max_columns:
            raise TooLargeError(
                f"{self.name}: row {self.lines} has a value in column {_column_name(last - 1)}, more than "
                f"{limits.max_columns} columns (the limit for a sheet)"
            )
        for index in range(last):
            if len(cells[index]) > limits.max_cell_chars:
                raise TooLargeError(
                    f"{self.name}: row {self.lines}, column {_column_name(index)}: the cell is longer than "
                    f"{limits.max_cell_chars:,} characters (the limit for one cell)"
                )
        if self.header is None:
            self.header = list(cells[:last])
            return
        for _ in range(self.blank_run):
            self.rows.append([])
        self.blank_run = 0
        width = max(last, len(self.header)) if self.pad else min(len(cells), max(last, len(self.header)))
        row = list(cells[:width])
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        self.rows.append(row)

    def result(self) -> tuple[list[str], list[list[str]]]:
        """The header and the rows (InputError when the file held no header)."""
        if self.header is None:
            raise InputError(f"{self.name}: the file is empty (the first row must name the columns)")
        return self.header, self.rows


# --- CSV -------------------------------------------------------------------------------------------------


def _read_csv(stream: IO[bytes], rows: _Rows) -> None:
    name, limits = rows.name, rows.limits
    if b"\x00" in stream.read(4096):
        raise InputError(f"{name}: this is not a CSV text file (is it a spreadsheet saved as .csv?)")
    encoding = "utf-8-sig" if _is_utf8(stream) else "cp1252"
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    try:
        first = text.readline(limits.max_line_chars + 1)
        delimiter = ","
        if first.count(";") > first.count(",") and first.count(";") > first.count("\t"):
            delimiter = ";"
        elif first.count("\t") > first.count(","):
            delimiter = "\t"
        text.seek(0)
        try:
            for row in csv.reader(_lines(text, rows), delimiter=delimiter):
                if row:
                    rows.add(row)
                else:  # an empty line
                    rows.blank()
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise TooLargeError(
                    f"{name}: row {rows.lines + 1} has a cell longer than {limits.max_cell_chars:,} characters "
                    "(the limit for one cell)"
                ) from None
            raise InputError(f"{name}: not a readable CSV file ({error})") from None
    finally:
        text.detach()  # the caller's stream stays open


def _is_utf8(stream: IO[bytes]) -> bool:
    """True when the whole stream decodes as UTF-8 (checked a chunk at a time, nothing kept)."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _lines(text: IO[str], rows: _Rows) -> Iterator[str]:
    """The lines of ``text``, each at most ``max_line_chars`` long (TooLargeError for a longer one)."""
    longest = rows.limits.max_line_chars
    while line := text.readline(longest + 1):
        if len(line) > longest:
            raise TooLargeError(
                f"{rows.name}: row {rows.lines + 1} is longer than {longest:,} characters (the limit for one line)"
            )
        yield line


# --- XLSX ------------------------------------------------------------------------------------------------


def _read_xlsx(stream: IO[bytes], rows: _Rows) -> None:
    from openpyxl import load_workbook  # heavy: imported only when a workbook is read

    name = rows.name
    _check_workbook(stream, rows)
    stream.seek(0)
    rows.pad = True
    # A damaged workbook makes openpyxl (and the zipfile, zlib and XML parsers under it) raise almost anything:
    # BadZipFile, zlib.error, RuntimeError (an encrypted member), ParseError, TypeError, KeyError, EOFError...
    # while opening *or* while reading rows. Each of them means one thing to the user: the file cannot be read.
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:
        raise InputError(f"{name}: not a readable XLSX workbook ({type(error).__name__})") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise InputError(f"{name}: the workbook has no sheet")
        sheet.reset_dimensions()  # the declared <dimension> is not trusted: only real cells are read
        for values in sheet.iter_rows(values_only=True):
            if values:
                rows.add([_cell_text(value) for value in _trimmed(values)])
            else:  # a row the sheet skips (openpyxl fills the gap)
                rows.blank()
    except InputError:
        raise
    except Exception as error:
        raise InputError(f"{name}: not a readable XLSX workbook ({type(error).__name__})") from None
    finally:
        workbook.close()


def _trimmed(values: Sequence[object]) -> Sequence[object]:
    """``values`` without its trailing empty cells (a row padded to a far column by a styled cell)."""
    last = len(values)
    while last and values[last - 1] is None:
        last -= 1
    return values[:last] if last < len(values) else values


def _check_workbook(stream: IO[bytes], rows: _Rows) -> None:
    """Check a workbook's parts before openpyxl reads them: what they unpack to (as their headers declare;
    the zip reader never returns more), and, scanning the XML with constant memory, no document type (entity
    expansion), no cell text longer than a cell may be, no row wider than a workbook can be, and not more
    cells or shared strings than a sheet may hold. Parts that are not XML are left to openpyxl."""
    name, limits = rows.name, rows.limits
    try:
        archive = zipfile.ZipFile(stream)
    except Exception as error:
        raise InputError(f"{name}: not a readable XLSX workbook ({type(error).__name__})") from None
    with archive:
        members = archive.infolist()
        check_unpacked_size(archive, name, limits.max_unpacked_bytes, "a sheet")
        counts = {"c": 0, "si": 0}
        for member in members:
            if member.is_dir():
                continue
            try:
                with archive.open(member) as part:
                    _scan_part(part, counts, rows)
            except InputError:
                raise
            except Exception:  # not XML, damaged, encrypted: openpyxl says so if it needs the part
                continue


class _Refused(Exception):
    """Raised inside the XML scan to stop it."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def _scan_part(part: IO[bytes], counts: dict[str, int], rows: _Rows) -> None:
    name, limits = rows.name, rows.limits
    parser = expat.ParserCreate(namespace_separator=" ")
    depth_text: list[int] = []  # characters in the open <t>/<v> elements
    in_row = [0]

    def refuse(message: str) -> None:
        raise _Refused(TooLargeError(f"{name}: {message}"))

    def start(tag: str, _attributes: object) -> None:
        local = tag.rsplit(" ", 1)[-1]
        if local == "c":
            counts["c"] += 1
            in_row[0] += 1
            if in_row[0] > _EXCEL_COLUMNS:
                refuse(f"a row holds more than {_EXCEL_COLUMNS:,} cells (more than a workbook row can have)")
            if counts["c"] > limits.max_cells:
                refuse(f"the workbook holds more than {limits.max_cells:,} cells (the limit for a sheet)")
        elif local == "si":
            counts["si"] += 1
            if counts["si"] > limits.max_cells:
                refuse(f"the workbook holds more than {limits.max_cells:,} texts (the limit for a sheet)")
        elif local == "row":
            in_row[0] = 0
        if local in ("t", "v"):
            depth_text.append(0)

    def end(tag: str) -> None:
        if tag.rsplit(" ", 1)[-1] in ("t", "v") and depth_text:
            depth_text.pop()

    def text(data: str) -> None:
        if depth_text:
            depth_text[-1] += len(data)
            if depth_text[-1] > limits.max_cell_chars:
                refuse(f"a cell is longer than {limits.max_cell_chars:,} characters (the limit for one cell)")

    def doctype(*_args: object) -> None:
        raise _Refused(InputError(f"{name}: not a readable XLSX workbook (it declares a document type)"))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    try:
        while chunk := part.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Refused as refused:
        raise refused.error from None


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
