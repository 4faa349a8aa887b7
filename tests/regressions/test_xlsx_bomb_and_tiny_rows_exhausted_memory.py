"""Issue 19, findings 1 and 2: a 1.5 KB workbook declaring ``<dimension ref="A1:XFD8000">`` made the reader pad
every row to 16,384 columns (1.3 GB through an import; a million declared rows killed the process), and a 10 MB
CSV of one-character rows ran 168 s and peaked at 8.5 GB. Reading is now bounded while it streams: the declared
dimension is ignored, and rows, columns, cell and line lengths are checked as each row arrives.

Memory is measured with tracemalloc, with generous bounds (the old code needed tens to thousands of times more).
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import openpyxl  # imported before measuring: its import is not the reader's memory
import pytest

from matchpilot.errors import InputError, TooLargeError
from matchpilot.io.tables import LIMITS, read_table, read_table_bytes

from support.hostile import tiny_rows_csv, xlsx_bomb

assert openpyxl
T = TypeVar("T")
MB = 1024 * 1024


@contextmanager
def peak_memory() -> Iterator[list[int]]:
    """Yields a list that holds, after the block, the peak of memory allocated by Python inside it (bytes)."""
    found: list[int] = []
    tracemalloc.start()
    try:
        yield found
    finally:
        found.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def measured(read: Callable[[], T]) -> tuple[T | InputError, int]:
    with peak_memory() as peak:
        try:
            outcome: T | InputError = read()
        except InputError as error:
            outcome = error
    return outcome, peak[0]


def test_a_declared_dimension_of_every_cell_is_not_trusted() -> None:
    bomb = xlsx_bomb("A1:XFD1048576")  # the old reader needed about 137 GB for it: the process was killed
    assert len(bomb) < 2_000
    # (not under tracemalloc, which makes stepping over a million missing rows slow: memory is measured below)
    assert read_table_bytes(bomb, "bomb.xlsx") == (["code", "name"], [["1001340C0", "Lakeview (fictional)"]])


def test_a_declared_dimension_does_not_pad_rows() -> None:
    # 600 declared rows of 16,384 columns took 78 MB in the old reader; the rows that exist take kilobytes
    outcome, peak = measured(lambda: read_table_bytes(xlsx_bomb("A1:XFD600"), "bomb.xlsx"))
    assert outcome == (["code", "name"], [["1001340C0", "Lakeview (fictional)"]])
    assert peak < 20 * MB


@pytest.mark.parametrize(
    ("far_cell", "limit"),
    [
        ("XFD3", "more than 200 columns"),
        ("A1048576", "more than 10,000 rows after the header"),
        ("XFD1048576", "more than 10,000 rows after the header"),
    ],
)
def test_a_value_far_away_is_refused_naming_the_limit(far_cell: str, limit: str) -> None:
    # (not under tracemalloc: it makes stepping over a million missing rows slow; the rows kept stay bounded by
    # the row limit either way, which the other tests measure)
    with pytest.raises(TooLargeError, match="the limit for a sheet") as refused:
        read_table_bytes(xlsx_bomb(far_cell=far_cell), "bomb.xlsx")
    assert limit in str(refused.value) and "bomb.xlsx" in str(refused.value)


def test_blank_rows_at_the_end_are_dropped_not_refused() -> None:
    content = b"code,name\n1,a\n" + b",\n" * 500_000
    assert read_table_bytes(content, "trailing.csv") == (["code", "name"], [["1", "a"]])


def test_millions_of_one_character_rows_are_refused_at_the_row_limit() -> None:
    content = tiny_rows_csv(5_000_000)  # 10 MB, as in the finding
    outcome, peak = measured(lambda: read_table_bytes(content, "tiny.csv"))
    assert isinstance(outcome, TooLargeError)
    assert f"more than {LIMITS.max_rows:,} rows after the header" in str(outcome) and "tiny.csv" in str(outcome)
    assert peak < 20 * MB


def test_a_file_just_under_the_size_limit_is_refused_early_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(tiny_rows_csv(24_000_000))  # 48 MB: under the 50 MB limit; the old reader ran out of memory
    outcome, peak = measured(lambda: read_table(path))
    assert isinstance(outcome, TooLargeError) and "rows after the header" in str(outcome)
    assert peak < 20 * MB


def test_millions_of_blank_lines_stop_at_the_line_limit() -> None:
    with pytest.raises(TooLargeError, match="1,048,576 rows, counting blank ones"):  # (tracemalloc: too slow)
        read_table_bytes(b"code\n" + b"\n" * 2_000_000, "blank.csv")


@pytest.mark.parametrize(
    ("content", "limit"),
    [
        (b"code,name\n1," + b"x" * 20_000 + b"\n", "longer than 10,000 characters (the limit for one cell)"),
        (b'code,name\n1,"' + b"x\n" * 100_000 + b'"\n', "longer than 10,000 characters (the limit for one cell)"),
        (b"code," + b"," * 5_000_000 + b"\n", "longer than 1,000,000 characters (the limit for one line)"),
        (b"code\n" + b"a," * 300 + b"\n", "more than 200 columns"),
        (b"code\n" + b"x" * (51 * MB), "larger than 50 MB"),
    ],
)
def test_csv_cells_lines_columns_and_bytes_are_bounded(content: bytes, limit: str) -> None:
    outcome, peak = measured(lambda: read_table_bytes(content, "wide.csv"))
    assert isinstance(outcome, TooLargeError) and limit in str(outcome)
    assert peak < 20 * MB
