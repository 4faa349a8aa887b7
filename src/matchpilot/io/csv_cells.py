"""CSV cells that a spreadsheet never runs as formulas (OWASP "CSV injection"), and reading them back.

A spreadsheet opening a CSV file treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or a carriage return) as a formula: ``=HYPERLINK(...)`` becomes a link, ``@SUM(1+1)*cmd|'/C calc'!A0`` may run a
program. Every CSV matchpilot writes therefore puts an apostrophe in front of such a cell (``'=HYPERLINK(...)``),
which spreadsheets show as the text itself. A number in a numeric column (``-3``) is left alone: it is a number,
not a formula.

Reading a CSV file takes that one apostrophe off again, so an export imports back unchanged. To keep this exact,
a cell that already starts with apostrophes followed by one of those characters (``'=x``) gets one more on
writing (``''=x``) and loses one on reading.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Sequence
from typing import Any

__all__ = [
    "FORMULA_PREFIXES",
    "SafeWriter",
    "csv_text",
    "neutralise_cell",
    "neutralise_row",
    "restore_cell",
    "restore_rows",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a CSV cell as a formula."""

_NEEDS_GUARD = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(cell: str, *, numeric: bool = False) -> str:
    """``cell`` as written to a CSV file: with an apostrophe in front when a spreadsheet would read it as a
    formula (or when it already starts with apostrophes and then such a character); a plain number in a
    ``numeric`` column is kept as it is."""
    if numeric and _NUMBER.fullmatch(cell):
        return cell
    return "'" + cell if _NEEDS_GUARD.match(cell) else cell


def neutralise_row(row: Sequence[object], numeric_positions: Collection[int] = ()) -> list[str]:
    """Every cell of ``row`` (as text, ``None`` blank) through :func:`neutralise_cell`; cells at
    ``numeric_positions`` are numeric."""
    return [
        neutralise_cell("" if cell is None else str(cell), numeric=position in numeric_positions)
        for position, cell in enumerate(row)
    ]


def restore_cell(cell: str) -> str:
    """A CSV cell as read: the apostrophe :func:`neutralise_cell` added taken off again."""
    return cell[1:] if _GUARDED.match(cell) else cell


def restore_rows(rows: Iterable[list[str]]) -> list[list[str]]:
    """Every cell of ``rows`` through :func:`restore_cell`."""
    return [[restore_cell(cell) for cell in row] for row in rows]


class SafeWriter:
    """A ``csv.writer`` whose rows are neutralised (:func:`neutralise_row`); the columns named in ``numeric``
    (by the header it writes first) keep their numbers."""

    def __init__(self, out: Any, *, numeric: Collection[str] = (), lineterminator: str = "\n") -> None:
        """Write to the text stream ``out``."""
        self._writer = csv.writer(out, lineterminator=lineterminator)
        self._numeric = set(numeric)
        self._positions: set[int] = set()
        self._header_written = False

    def writerow(self, row: Sequence[object]) -> None:
        """Write one row (the first is the header, which tells which positions are numeric)."""
        if not self._header_written:
            self._positions = {index for index, name in enumerate(row) if name in self._numeric}
            self._header_written = True
            self._writer.writerow(neutralise_row(row))
            return
        self._writer.writerow(neutralise_row(row, self._positions))

    def writerows(self, rows: Iterable[Sequence[object]]) -> None:
        """Write every row of ``rows``."""
        for row in rows:
            self.writerow(row)


def csv_text(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    numeric: Collection[str] = (),
    lineterminator: str = "\n",
) -> str:
    """A CSV document of ``header`` and ``rows``, every cell neutralised (columns named in ``numeric`` keep
    their numbers)."""
    buffer = io.StringIO(newline="")
    writer = SafeWriter(buffer, numeric=numeric, lineterminator=lineterminator)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
