"""Printing big tables fast: the same characters Rich would print, without Rich's per-cell layout work.

Rich lays out every cell of a table (measuring, wrapping, padding, cropping) even when nothing needs wrapping;
for the thousands of rows ``matchpilot pick`` lists on a large sheet that took seconds. :func:`print_table`
writes the lines itself when the table is a plain one whose every row fits on one line and the output has no
colours (a pipe, a file, a script reading it): the box, padding, justification and title are exactly Rich's,
character for character. Anything else (colours, a cell that would wrap, a table option it does not know) is
printed by Rich as before.

:class:`TextTable` holds such a table as plain lists of strings (a Rich ``Table`` makes a cell object per cell,
which alone took a third of printing 5,000 rows) and becomes a Rich ``Table`` only when Rich prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len
from rich.markup import escape as _rich_escape
from rich.segment import Segment

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.table import Table

__all__ = ["TextTable", "escape", "plain_table_lines", "print_table"]


def escape(text: str) -> str:
    """:func:`rich.markup.escape`, without its regular expression for text with nothing to escape.

    Rich escapes only a ``[`` that could open a tag and a trailing backslash; text with neither is returned as
    it is, the same string Rich would return."""
    if "[" in text or text.endswith("\\"):
        return _rich_escape(text)
    return text


class TextTable:
    """A table of console-markup cells printed like ``rich.table.Table(title=..., title_justify="left")``.

    Only what matchpilot's big tables use: a title, columns with a header, left or right justification and an
    overflow, rows of strings. :meth:`to_rich` makes the Rich table :func:`print_table` falls back to."""

    def __init__(self, title: str | None = None) -> None:
        self.title = title
        self.headers: list[str] = []
        self.justify: list[Literal["left", "right"]] = []
        self.overflow: list[Literal["fold", "crop", "ellipsis", "ignore"]] = []
        self.rows: list[Sequence[str]] = []

    def add_column(
        self,
        header: str,
        *,
        justify: Literal["left", "right"] = "left",
        overflow: Literal["fold", "crop", "ellipsis", "ignore"] = "ellipsis",
    ) -> None:
        """Add a column (Rich's defaults: justified left, overflow ``ellipsis``); before any row is added."""
        if self.rows:
            raise ValueError("add every column before the rows")
        self.headers.append(header)
        self.justify.append(justify)
        self.overflow.append(overflow)

    def add_row(self, *cells: str) -> None:
        """Add a row: one markup string per column."""
        if len(cells) != len(self.headers):
            raise ValueError(f"a row of {len(cells)} cells in a table of {len(self.headers)} columns")
        self.rows.append(cells)

    def to_rich(self) -> Table:
        """The same table as a Rich ``Table``."""
        from rich.table import Table

        table = Table(title=self.title, title_justify="left")
        for header, justify, overflow in zip(self.headers, self.justify, self.overflow, strict=True):
            table.add_column(header, justify=justify, overflow=overflow)
        for row in self.rows:
            table.add_row(*row)
        return table


class _Lines:
    """Ready-made lines as a Rich renderable: printed as they are, each ended by a newline (one segment)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.lines:
            yield Segment("\n".join(self.lines) + "\n")


def _plain(console: Console, text: object) -> str | None:
    """The characters a cell or title shows, or None when it is not plain text Rich would print unchanged."""
    if not isinstance(text, str):
        return None
    shown = console.render_str(text, highlight=False).plain if ("[" in text or ":" in text) else text
    if shown != shown.rstrip(" ") or not shown.isprintable():
        return None
    return shown


def _plain_column(console: Console, cells: Sequence[object]) -> list[str] | None:
    """What :func:`_plain` gives for each cell of a column (None if it gives None for any), with Rich's markup
    rendering only for the cells that hold markup or an emoji code, and the checks made on the whole column."""
    if set(map(type, cells)) != {str}:
        return None
    texts: list[str] = list(cells)  # type: ignore[arg-type]  # every cell is a str, checked above
    joined = "".join(texts)
    if "[" in joined or ":" in joined:
        texts = [
            console.render_str(text, highlight=False).plain if ("[" in text or ":" in text) else text for text in texts
        ]
        joined = "".join(texts)
    if not joined.isprintable():
        return None
    if " \n" in "\n".join(texts) + "\n":  # a text ending in a space (printable texts hold no newline)
        return None
    return texts


_Parts = tuple[object, list[bool], list[list[str]]]
"""A table's title (None: none), whether each column is justified right, and each column's texts, header first."""


def _rich_table_parts(console: Console, table: Table) -> _Parts | None:
    """Title, right-justified flags and plain texts (header first) of each column of a Rich table this module
    can print, or None when the table needs Rich itself."""
    from rich import box
    from rich.padding import Padding

    if (
        table.box is not box.HEAVY_HEAD
        or not table.show_edge
        or not table.show_header
        or table.show_footer
        or table.show_lines
        or table.expand
        or table.width is not None
        or table.min_width is not None
        or table.caption is not None
        or table.leading
        or table.row_styles
        or Padding.unpack(table.padding) != (0, 1, 0, 1)
        or not table.pad_edge
        or table.safe_box is False
        or table.collapse_padding
        or (table.title is not None and table.title_justify != "left")
        or any(row.end_section for row in table.rows)
    ):
        return None
    columns = table.columns
    if not columns or any(
        column.justify not in ("left", "right")
        or column.width is not None
        or column.min_width is not None
        or column.max_width is not None
        or column.ratio is not None
        or column.no_wrap
        or column.footer
        for column in columns
    ):
        return None
    texts: list[list[str]] = []
    for column in columns:
        shown = _plain_column(console, [column.header, *column.cells])
        if shown is None:
            return None
        texts.append(shown)
    return table.title, [column.justify == "right" for column in columns], texts


def _text_table_parts(console: Console, table: TextTable) -> _Parts | None:
    """Title, right-justified flags and plain texts (header first) of each column of a :class:`TextTable`."""
    if not table.headers:
        return None
    columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * len(table.headers)
    texts: list[list[str]] = []
    for header, cells in zip(table.headers, columns, strict=True):
        shown = _plain_column(console, [header, *cells])
        if shown is None:
            return None
        texts.append(shown)
    return table.title, [justify == "right" for justify in table.justify], texts


def _pad(texts: list[str], right: bool) -> tuple[int, list[str]]:
    """The column's width and its texts padded to it (on the left when ``right``), by terminal cells."""
    if "".join(texts).isascii():  # printable ASCII: one cell per character
        width = max(map(len, texts))
        return width, list(map(str.rjust if right else str.ljust, texts, repeat(width)))
    lengths = list(map(cell_len, texts))
    width = max(lengths)
    gaps = [" " * (width - length) for length in lengths]
    if right:
        return width, [gap + text for gap, text in zip(gaps, texts, strict=True)]
    return width, [text + gap for text, gap in zip(texts, gaps, strict=True)]


def plain_table_lines(console: Console, table: Table | TextTable) -> list[str] | None:
    """The lines Rich would print for ``table`` on ``console``, or None when this table needs Rich itself.

    Handled: Rich's default table (heavy head box, edges, header, no footer, no lines between rows, padding of one
    space left and right) with text cells, columns justified left or right, an optional title justified left (on
    one line, as a soft-wrapping console prints it, even when wider than the table), on a soft-wrapping console
    without colours, when every row fits within the console's width.
    """
    if console.color_system is not None or console.width <= 0 or not console.soft_wrap:
        return None  # (without soft wrapping Rich pads the title to the table's width, or wraps it)
    parts = _text_table_parts(console, table) if isinstance(table, TextTable) else _rich_table_parts(console, table)
    if parts is None:
        return None
    markup_title, right, texts = parts
    padded = [_pad(column, to_right) for column, to_right in zip(texts, right, strict=True)]
    widths = [width for width, _ in padded]
    table_width = sum(widths) + 3 * len(widths) + 1
    if table_width > console.width:
        return None
    title = None
    if markup_title is not None:
        title = _plain(console, markup_title)
        if not title:
            return None
    lines = [] if title is None else [title]
    lines.append("┏" + "┳".join("━" * (width + 2) for width in widths) + "┓")
    rows = zip(*(cells for _, cells in padded), strict=True)
    lines.append("┃ " + " ┃ ".join(next(rows)) + " ┃")
    lines.append("┡" + "╇".join("━" * (width + 2) for width in widths) + "┩")
    lines.extend(["│ " + " │ ".join(row) + " │" for row in rows])
    lines.append("└" + "┴".join("─" * (width + 2) for width in widths) + "┘")
    return lines


def print_table(console: Console, table: Table | TextTable) -> None:
    """Print ``table`` on ``console`` exactly as ``console.print`` of the Rich table would, faster when it can."""
    lines = plain_table_lines(console, table)
    if lines is not None:
        console.print(_Lines(lines), soft_wrap=True)
    elif isinstance(table, TextTable):
        console.print(table.to_rich())
    else:
        console.print(table)
