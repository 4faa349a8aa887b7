"""The fast table printer prints exactly what Rich prints (``matchpilot pick`` lists thousands of rows)."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.errors import MarkupError
from rich.markup import escape as rich_escape
from rich.table import Table

from matchpilot.cli.tables import TextTable, escape, plain_table_lines, print_table

_PIECES = st.sampled_from([*"ab Zé:[]\\/$%-漢😀\t", "[bold]", ":smile:", "\\[", "  "])
_TEXT = st.lists(_PIECES, max_size=8).map("".join)


def _console(width: int, soft_wrap: bool = True) -> Console:
    return Console(file=io.StringIO(), width=width, color_system=None, soft_wrap=soft_wrap)


def _table(title: str | None, justify: list[bool], rows: list[list[str]], kind: type = Table) -> Table | TextTable:
    """A table of ``rows`` as Rich's ``Table`` (``kind``, the default) or the fast printer's ``TextTable``."""
    table = Table(title=title, title_justify="left") if kind is Table else TextTable(title)
    for number, right in enumerate(justify):
        table.add_column(f"c{number}", overflow="fold", justify="right" if right else "left")
    for row in rows:
        table.add_row(*row)
    return table


@pytest.mark.parametrize("kind", [Table, TextTable], ids=["rich-table", "text-table"])
@settings(max_examples=300, deadline=None)
@given(
    width=st.integers(min_value=10, max_value=120),
    title=st.none() | _TEXT,
    justify=st.lists(st.booleans(), min_size=1, max_size=4),
    soft_wrap=st.booleans(),
    data=st.data(),
)
def test_print_table_prints_what_rich_prints(
    kind: type, width: int, title: str | None, justify: list[bool], soft_wrap: bool, data: st.DataObject
) -> None:
    """Printed by the fast printer, a Rich ``Table`` or a ``TextTable`` of the same rows looks as Rich prints it."""
    rows = data.draw(st.lists(st.lists(_TEXT, min_size=len(justify), max_size=len(justify)), max_size=5))
    by_rich, fast = _console(width, soft_wrap), _console(width, soft_wrap)
    try:
        by_rich.print(_table(title, justify, rows))
    except MarkupError as refused:  # the pieces can make markup Rich refuses ("[/]"): the fast path refuses it too
        with pytest.raises(MarkupError, match=re.escape(str(refused))):
            print_table(fast, _table(title, justify, rows, kind))
        return
    print_table(fast, _table(title, justify, rows, kind))
    assert fast.file.getvalue() == by_rich.file.getvalue()  # type: ignore[attr-defined]


def test_a_plain_table_that_fits_is_printed_without_rich_layout() -> None:
    table = _table("Chosen programs", [True, False], [["1", "Program A: (fictional)"], ["12", "B \\[x]"]])
    console = _console(80)
    assert plain_table_lines(console, table) == [
        "Chosen programs",
        "┏━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┓",
        "┃ c0 ┃ c1                     ┃",
        "┡━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━┩",
        "│  1 │ Program A: (fictional) │",
        "│ 12 │ B [x]                  │",
        "└────┴────────────────────────┘",
    ]


def test_colours_or_a_row_too_wide_leave_the_table_to_rich() -> None:
    table = _table(None, [False], [["x" * 30]])
    assert plain_table_lines(_console(20), table) is None
    coloured = Console(file=io.StringIO(), width=80, color_system="truecolor")
    assert plain_table_lines(coloured, table) is None


def test_a_title_wider_than_the_table_is_one_line_on_a_soft_wrapping_console_only() -> None:
    title = "Your chance of at least one match by number of applications"
    table = _table(title, [True], [["1"], ["45"]], TextTable)
    assert plain_table_lines(_console(1000), table) == [
        title,
        "┏━━━━┓",
        "┃ c0 ┃",
        "┡━━━━┩",
        "│  1 │",
        "│ 45 │",
        "└────┘",
    ]
    assert plain_table_lines(_console(1000, soft_wrap=False), table) is None  # Rich wraps it at the table's width
    by_rich, fast = _console(1000, soft_wrap=False), _console(1000, soft_wrap=False)
    by_rich.print(_table(title, [True], [["1"], ["45"]]))
    print_table(fast, table)
    assert fast.file.getvalue() == by_rich.file.getvalue()  # type: ignore[attr-defined]
    assert fast.file.getvalue().startswith("Your  \nchance\n")  # type: ignore[attr-defined]


def test_a_text_table_that_does_not_fit_is_printed_by_rich() -> None:
    rows = [["1", "a name long enough to wrap at twenty columns"], ["12", "B \\[x]"]]
    by_rich, fast = _console(20), _console(20)
    by_rich.print(_table("Chosen", [True, False], rows))
    assert plain_table_lines(fast, _table("Chosen", [True, False], rows, TextTable)) is None
    print_table(fast, _table("Chosen", [True, False], rows, TextTable))
    assert fast.file.getvalue() == by_rich.file.getvalue()  # type: ignore[attr-defined]
    assert "\n│    │ wrap at     │\n" in fast.file.getvalue()  # type: ignore[attr-defined]  # wrapped by Rich


def test_a_text_table_takes_whole_rows_only() -> None:
    table = TextTable("t")
    table.add_column("a")
    table.add_column("b")
    with pytest.raises(ValueError, match="a row of 1 cells in a table of 2 columns"):
        table.add_row("x")
    table.add_row("x", "y")
    with pytest.raises(ValueError, match="add every column before the rows"):
        table.add_column("c")


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_escape_is_riches_escape(text: str) -> None:
    assert escape(text) == rich_escape(text)
