"""Printing big tables fast: the same characters Rich would print, without Rich's per-cell layout work.

Rich lays out every cell of a table (measuring, wrapping, padding, cropping) even when nothing needs wrapping;
for the thousands of rows ``matchpilot pick`` lists on a large sheet that took seconds. :func:`print_table`
writes the lines itself when the table is a plain one whose every row fits on one line and the output has no
colours (a pipe, a file, a script reading it): the box, padding, justification and title are exactly Rich's,
character for character. Anything else (colours, a cell that would wrap, a table option it does not know) is
printed by Rich as before.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table

__all__ = ["plain_table_lines", "print_table"]


class _Lines:
    """Ready-made lines as a Rich renderable: printed as they are, one segment per line."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        newline = Segment.line()
        for line in self.lines:
            yield Segment(line)
            yield newline


def _plain(console: Console, text: object) -> str | None:
    """The characters a cell or title shows, or None when it is not plain text Rich would print unchanged."""
    if not isinstance(text, str):
        return None
    shown = console.render_str(text, highlight=False).plain if ("[" in text or ":" in text) else text
    if shown != shown.rstrip(" ") or not shown.isprintable():
        return None
    return shown


def plain_table_lines(console: Console, table: Table) -> list[str] | None:
    """The lines Rich would print for ``table`` on ``console``, or None when this table needs Rich itself.

    Handled: Rich's default table (heavy head box, edges, header, no footer, no lines between rows, padding of one
    space left and right) with text cells, columns justified left or right, an optional title justified left, on a
    console without colours, when every row fits within the console's width.
    """
    if console.color_system is not None or console.width <= 0:
        return None
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
        cells: list[str] = []
        for cell in (column.header, *column.cells):
            shown = _plain(console, cell)
            if shown is None:
                return None
            cells.append(shown)
        texts.append(cells)
    widths = [max(map(cell_len, cells)) for cells in texts]
    table_width = sum(widths) + 2 * len(columns) + len(columns) + 1
    if table_width > console.width:
        return None
    title = None
    if table.title is not None:
        title = _plain(console, table.title)
        if title is None or cell_len(title) > table_width or not title:
            return None
    lines = [] if title is None else [title]
    lines.append("┏" + "┳".join("━" * (width + 2) for width in widths) + "┓")
    rows = zip(*texts, strict=True)
    justify = [column.justify == "right" for column in columns]
    lines.append(_row("┃", next(rows), widths, justify))
    lines.append("┡" + "╇".join("━" * (width + 2) for width in widths) + "┩")
    lines.extend(_row("│", row, widths, justify) for row in rows)
    lines.append("└" + "┴".join("─" * (width + 2) for width in widths) + "┘")
    return lines


def _row(edge: str, cells: Iterable[str], widths: list[int], right: list[bool]) -> str:
    parts = []
    for text, width, to_right in zip(cells, widths, right, strict=True):
        gap = " " * (width - cell_len(text))
        parts.append(f" {gap}{text} " if to_right else f" {text}{gap} ")
    return edge + edge.join(parts) + edge


def print_table(console: Console, table: Table) -> None:
    """Print ``table`` on ``console`` exactly as ``console.print(table)`` would, faster when it can."""
    lines = plain_table_lines(console, table)
    if lines is None:
        console.print(table)
    else:
        console.print(_Lines(lines), soft_wrap=True)
