"""The fast table printer prints exactly what Rich prints (``matchpilot pick`` lists thousands of rows)."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.errors import MarkupError
from rich.table import Table

from matchpilot.cli.tables import plain_table_lines, print_table

_PIECES = st.sampled_from([*"ab Zé:[]\\/$%-漢😀\t", "[bold]", ":smile:", "\\[", "  "])
_TEXT = st.lists(_PIECES, max_size=8).map("".join)


def _console(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, color_system=None, soft_wrap=True)


def _table(title: str | None, justify: list[bool], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left")
    for number, right in enumerate(justify):
        table.add_column(f"c{number}", overflow="fold", justify="right" if right else "left")
    for row in rows:
        table.add_row(*row)
    return table


@settings(max_examples=300, deadline=None)
@given(
    width=st.integers(min_value=10, max_value=120),
    title=st.none() | _TEXT,
    justify=st.lists(st.booleans(), min_size=1, max_size=4),
    data=st.data(),
)
def test_print_table_prints_what_rich_prints(
    width: int, title: str | None, justify: list[bool], data: st.DataObject
) -> None:
    rows = data.draw(st.lists(st.lists(_TEXT, min_size=len(justify), max_size=len(justify)), max_size=5))
    by_rich, fast = _console(width), _console(width)
    try:
        by_rich.print(_table(title, justify, rows))
    except MarkupError as refused:  # the pieces can make markup Rich refuses ("[/]"): the fast path refuses it too
        with pytest.raises(MarkupError, match=re.escape(str(refused))):
            print_table(fast, _table(title, justify, rows))
        return
    print_table(fast, _table(title, justify, rows))
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
