"""Reading a DOL H-1B LCA disclosure file (CSV or XLSX) as a stream, keeping the resident-physician rows.

The files are large (about 600,000 rows and 100 columns for a fiscal year), so nothing holds the whole file:

- CSV: :mod:`csv` over the open file, row by row; only the columns matchpilot needs are looked at.
- XLSX: python-calamine-plus, which streams a sheet row by row from the packed file in constant memory (only
  the workbook's shared strings are held), reading only as many columns as the rightmost one matchpilot needs.
  (python-calamine, which it forks, loads the whole sheet first: about 6.6 KB a row of 96 columns, more than
  1 GB for 160,000 rows, and a 1.5 KB workbook naming a far cell makes it abort the process; openpyxl's
  read-only mode streams too but is about 17 times slower. Figures in benchmarks/RESULTS.md.) A workbook
  whose parts unpack to more than :data:`MAX_UNPACKED_BYTES` is refused before it is read.

The header is checked before any row is read: a file that is not an LCA disclosure file raises
:class:`matchpilot.errors.InputError` naming the columns it lacks. Rows are classified as they are read
(:func:`matchpilot.domain.evidence.classify_role`); only the kept ones are yielded.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from matchpilot.domain.evidence import (
    LcaHeader,
    LcaRow,
    classify_role,
    is_h1b_visa,
    match_lca_header,
    parse_lca_date,
    status_of,
)
from matchpilot.domain.program import state_code
from matchpilot.errors import InputError
from matchpilot.io.tables import check_unpacked_size

__all__ = ["MAX_UNPACKED_BYTES", "LcaRow", "LcaStream", "open_lca"]

MAX_UNPACKED_BYTES = 5 * 1024**3
"""The most an LCA workbook's parts may unpack to. A full fiscal year's file (about 600,000 rows of 96 columns)
unpacks to about 2 GB; a workbook at Excel's row maximum in this layout to about 3.2 GB. A small file that
declares more (a zip bomb) is refused before anything is read."""

Progress = Callable[[int, int], None]
"""Called now and then with ``(done, total)`` in bytes (CSV) or rows (XLSX); ``total`` 0 when unknown."""

_EVERY = 4096  # rows between two progress calls


class LcaStream:
    """An LCA file opened for reading: its ``header`` is checked; :meth:`rows` yields the kept rows once.

    ``rows_read`` counts the data rows seen so far; ``skipped_status`` those with a physician residency title
    whose status matchpilot does not know.
    """

    def __init__(self, header: LcaHeader, cells: Iterator[Sequence[Any]], name: str) -> None:
        """Wrap ``cells`` (the data rows after ``header``) of the file called ``name``."""
        self.header = header
        self.name = name
        self._cells = cells
        self.rows_read = 0
        self.skipped_status = 0

    def rows(self) -> Iterator[LcaRow]:
        """The kept rows, in file order (a case number may come more than once; the caller keeps one)."""
        pos = self.header.positions
        i_case, i_status, i_decision = pos["case_number"], pos["case_status"], pos["decision_date"]
        i_title, i_soc = pos["job_title"], pos["soc_code"]
        i_name, i_state = pos["employer_name"], pos["employer_state"]
        i_visa = pos.get("visa_class")
        width = max(pos.values()) + 1
        read = 0
        try:
            for cells in self._cells:
                read += 1
                if len(cells) < width:
                    continue
                role = classify_role(cells[i_title], cells[i_soc])
                if role is None or (i_visa is not None and not is_h1b_visa(cells[i_visa])):
                    continue
                status = status_of(cells[i_status])
                case = str(cells[i_case] or "").strip()
                if status is None or not case:
                    self.skipped_status += 1
                    continue
                yield LcaRow(
                    case,
                    status,
                    role,
                    parse_lca_date(cells[i_decision]),
                    str(cells[i_name] or "").strip(),
                    _state(cells[i_state]),
                    str(cells[i_title] or "").strip(),
                    str(cells[i_soc] or "").strip(),
                    "" if i_visa is None else str(cells[i_visa] or "").strip(),
                )
        except csv.Error as error:
            raise InputError(f"{self.name}: not a readable CSV file after row {read + 1} ({error})") from None
        finally:
            self.rows_read = read


def open_lca(file: IO[bytes], name: str, *, size: int = 0, progress: Progress | None = None) -> LcaStream:
    """Open the LCA file ``file`` (binary, positioned at its start) called ``name``; its type comes from the
    name's extension (.csv or .xlsx). ``size`` is its length in bytes when known (for progress).

    Raises InputError for an unknown type, a file that cannot be read, or a header that lacks required columns
    (the message names them).
    """
    lowered = name.lower()
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        header, cells, release = _csv_cells(file, name, size, progress)
    elif lowered.endswith(".xlsx"):
        header, cells, release = _xlsx_cells(file, name, progress)
    else:
        raise InputError(f"{name}: unknown file type; bring the DOL disclosure file as .xlsx or .csv")
    found = match_lca_header(header)
    if not found.ok:
        release()
        raise InputError(
            f"{name} is not an H-1B LCA disclosure file: it lacks the column"
            f"{'s' if len(found.missing) > 1 else ''} {', '.join(found.missing)}"
        )
    return LcaStream(found, cells, name)


def _csv_cells(
    file: IO[bytes], name: str, size: int, progress: Progress | None
) -> tuple[list[str], Iterator[Sequence[Any]], Callable[[], None]]:
    start = file.read(4096)
    if b"\x00" in start:
        raise InputError(f"{name}: this is not a CSV text file (is it a spreadsheet saved as .csv?)")
    file.seek(0)
    first_line = start.split(b"\n", 1)[0]
    delimiter = "\t" if first_line.count(b"\t") > first_line.count(b",") else ","
    text = io.TextIOWrapper(file, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        _release(text)
        raise InputError(f"{name}: not a readable CSV file ({error})") from None
    if not header:
        _release(text)
        raise InputError(f"{name}: the file is empty (the first row must name the columns)")

    def cells() -> Iterator[Sequence[Any]]:
        try:
            for count, row in enumerate(reader, 1):
                if progress is not None and count % _EVERY == 0:
                    progress(_tell(file), size)
                yield row
            if progress is not None:
                progress(size or _tell(file), size)
        finally:
            _release(text)

    return header, cells(), lambda: _release(text)


def _state(cell: Any) -> str:
    """The employer's state as a two-letter code: DOL files write codes (``NY``), some older ones names
    (``NEW YORK``); anything else of two letters is kept upper case, longer text is no state (never cut:
    ``NEW YORK`` is not ``NE``)."""
    text = str(cell or "").strip()
    code = state_code(text)
    if code is not None:
        return code
    return text.upper() if len(text) <= 2 else ""


def _release(text: io.TextIOWrapper) -> None:
    """Let go of the caller's file without closing it (the caller opened it and closes it)."""
    with contextlib.suppress(ValueError):  # already detached
        text.detach()


def _tell(file: IO[bytes]) -> int:
    try:
        return file.tell()
    except (OSError, ValueError):
        return 0


def _check_workbook(file: IO[bytes], name: str) -> None:
    """Refuse a file that is not a zip archive, or whose parts unpack to more than :data:`MAX_UNPACKED_BYTES`
    (the same check as a sheet's upload, with the LCA file's limit); leave ``file`` at its start."""
    try:
        archive = zipfile.ZipFile(file)
    except Exception as error:
        raise InputError(f"{name}: not a readable XLSX workbook ({type(error).__name__})") from None
    with archive:
        check_unpacked_size(archive, name, MAX_UNPACKED_BYTES, "an LCA disclosure file")
    file.seek(0)


def _xlsx_cells(
    file: IO[bytes], name: str, progress: Progress | None
) -> tuple[list[Any], Iterator[Sequence[Any]], Callable[[], None]]:
    from python_calamine_plus import CalamineWorkbook  # imported only when a workbook is read

    _check_workbook(file, name)
    # The reader streams from a file on disk; given a file object it would hold the packed workbook in memory
    # (several times its size), so an upload without a path on disk is first copied to a temporary file.
    path, copy = _path_on_disk(file)
    workbook: Any = None

    def release() -> None:
        if workbook is not None:
            with contextlib.suppress(Exception):  # closing a closed workbook raises
                workbook.close()
        if copy:
            with contextlib.suppress(OSError):
                os.unlink(path)

    # A damaged workbook makes the reader (and the zip and XML layers under it) raise almost anything; each
    # of them means one thing to the user: the file cannot be read.
    try:
        workbook = CalamineWorkbook.from_path(path)
        if not workbook.sheet_names:
            raise InputError(f"{name}: the workbook has no sheet")
        header = list(next(iter(workbook.stream_sheet_by_index(0, max_row=0)), None) or ())
    except InputError:
        release()
        raise
    except Exception as error:
        release()
        raise InputError(f"{name}: not a readable XLSX workbook ({type(error).__name__})") from None
    found = match_lca_header(header)
    width = max(found.positions.values()) + 1 if found.positions else max(len(header), 1)

    def cells() -> Iterator[Sequence[Any]]:
        count = 0
        try:
            for row in workbook.stream_sheet_by_index(0, min_row=1, max_col=width - 1):
                count += 1
                if progress is not None and count % _EVERY == 0:
                    progress(count, 0)
                yield row
        except Exception as error:
            raise InputError(
                f"{name}: not a readable XLSX workbook after row {count + 1} ({type(error).__name__})"
            ) from None
        finally:
            release()
        if progress is not None:
            progress(count, count)

    return header, cells(), release


def _path_on_disk(file: IO[bytes]) -> tuple[str, bool]:
    """The path of ``file`` on disk, and whether it is a temporary copy made here (for the caller to delete)."""
    path = getattr(file, "name", None)
    if isinstance(path, str) and Path(path).is_file():
        return path, False
    with tempfile.NamedTemporaryFile(prefix="matchpilot-lca-", suffix=".xlsx", delete=False) as copy:
        try:
            shutil.copyfileobj(file, copy, 1 << 20)
        except BaseException:
            copy.close()
            os.unlink(copy.name)
            raise
    file.seek(0)
    return copy.name, True
