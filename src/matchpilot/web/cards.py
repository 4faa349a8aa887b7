"""Tables that become cards on a phone name their columns without JavaScript.

On a narrow screen each table in a ``.table-scroll`` box shows one card per row (app.css), and each cell shows its
column's name before its value from its ``data-label`` attribute. The templates give those names where they need
their own; :func:`label_table_cells` gives every other cell the name of its column, from the table's header row,
on the server, so the cards read the same with JavaScript off. :class:`TableCellLabels` applies it to every HTML
page the app sends.
"""

from __future__ import annotations

import contextlib
import re
from html import escape
from html.parser import HTMLParser

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["TableCellLabels", "label_table_cells"]

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_NOT_THE_NAME = frozenset({"visually-hidden", "sort-mark", "sub-sorts"})
"""Classes of the parts of a header cell that are not the column's name (screen-reader notes, sort marks, links to
sub-sorts), left out of the label as page.js did."""

_BOX_CLASS = "table-scroll"
_IN_CLASS = re.compile(r"""<[a-zA-Z][^<>]*\sclass=["'](?:[^"'<>]*\s)?""")
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead\s*>", re.IGNORECASE | re.DOTALL)
_ROW = re.compile(r"<tr\b[^>]*>", re.IGNORECASE)
_BODY_TAG = re.compile(r"<(tr|td|th)\b([^>]*)>|<tfoot\b", re.IGNORECASE)
_ROW_SCOPE = re.compile(r"""\bscope=["']?row\b""", re.IGNORECASE)
_COLSPAN = re.compile(r"""\bcolspan=["']?(\d+)""", re.IGNORECASE)


class _HeaderRow(HTMLParser):
    """The column names of one header row: each cell's text without the parts that are not its name, repeated
    over its colspan."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: list[str] = []
        self.text: list[str] | None = None
        self.span = 1
        self.skip: list[bool] = []  # per open element inside the cell: is it outside the name?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("th", "td"):
            self.text, self.skip, self.span = [], [], _span(values.get("colspan"))
        elif self.text is not None and tag not in _VOID:
            classes = set((values.get("class") or "").split())
            outside = bool(self.skip and self.skip[-1]) or bool(classes & _NOT_THE_NAME)
            self.skip.append(outside or values.get("aria-hidden") == "true")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.text is not None:
            self.names.extend([" ".join("".join(self.text).split())] * self.span)
            self.text = None
        elif self.text is not None and self.skip:
            self.skip.pop()

    def handle_data(self, data: str) -> None:
        if self.text is not None and not (self.skip and self.skip[-1]):
            self.text.append(data)


def _span(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _column_names(head: str) -> list[str]:
    rows = list(_ROW.finditer(head))
    if not rows:
        return []
    reader = _HeaderRow()
    reader.feed(head[rows[-1].start() :])
    reader.close()
    return reader.names


def _table_end(page: str, start: int) -> tuple[int, bool]:
    """Where the table starting at ``start`` ends, and whether it holds another table."""
    depth, nested = 0, False
    for tag in _TABLE_TAG.finditer(page, start):
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return tag.end(), nested
        else:
            depth += 1
            nested = nested or depth > 1
    return len(page), nested


def _labels(page: str, start: int, end: int) -> list[tuple[int, str]]:
    """Where to insert each body cell's label in the table ``page[start:end]``, and the label."""
    table = page[start:end]
    head = _HEAD.search(table)
    if head is None or "data-label=" in table:  # no header to name the columns, or the template named them
        return []
    names = _column_names(head.group(1))
    found: list[tuple[int, str]] = []
    column = 0
    for tag in _BODY_TAG.finditer(table, head.end()):
        kind = tag.group(1)
        if kind is None:  # <tfoot
            break
        if len(kind) == 2 and kind[1] in "rR":  # tr, TR, Tr, tR: a new row
            column = 0
            continue
        attributes = tag.group(2)
        row_header = kind[1] in "hH" and _ROW_SCOPE.search(attributes) is not None  # its own name shows, not a label
        if column < len(names) and names[column] and not row_header:
            found.append((start + tag.end() - (2 if attributes.rstrip().endswith("/") else 1), names[column]))
        spanned = _COLSPAN.search(attributes) if "=" in attributes else None  # most cells span one column
        column += _span(spanned.group(1)) if spanned else 1
    return found


def _boxes(page: str) -> list[int]:
    """Where each start tag of class ``table-scroll`` ends its class name."""
    found: list[int] = []
    at = page.find(_BOX_CLASS)
    while at != -1:
        after = at + len(_BOX_CLASS)
        tag = page.rfind("<", 0, at)
        if tag != -1 and page[after : after + 1] in ('"', "'", " ") and _IN_CLASS.fullmatch(page, tag, at):
            found.append(after)
        at = page.find(_BOX_CLASS, after)
    return found


def label_table_cells(page: str) -> str:
    """``page`` (an HTML document) with a ``data-label`` attribute on each body cell of each table in a
    ``.table-scroll`` box (but a row's own header, ``<th scope="row">``, which a card shows as its title): the name
    of its column from the header's last row, without its sort marks, its screen-reader notes or its links to
    sub-sorts. A table whose template labelled its cells itself, a table
    holding another table and a page without such a table are left as they are."""
    inserts: list[tuple[int, str]] = []
    for box in _boxes(page):
        opening = _TABLE_TAG.search(page, box)
        if opening is None or opening.group(1) or any(i >= opening.start() for i, _ in inserts[-1:]):
            continue
        end, nested = _table_end(page, opening.start())
        if not nested:
            inserts.extend(_labels(page, opening.start(), end))
    if not inserts:
        return page
    parts: list[str] = []
    last = 0
    attribute: dict[str, str] = {}  # each column name's attribute, written once (a page has a few names)
    for at, name in inserts:
        parts.append(page[last:at])
        written = attribute.get(name)
        if written is None:
            written = attribute[name] = f' data-label="{escape(name, quote=True)}"'
        parts.append(written)
        last = at
    parts.append(page[last:])
    return "".join(parts)


class TableCellLabels:
    """ASGI middleware: every HTML page the app sends gets its table cells' column names
    (:func:`label_table_cells`); other responses pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve ``scope``, holding an HTML response's body until it is whole, then labelling and sending it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def labelled(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = MutableHeaders(raw=message["headers"]).get("content-type", "")
                if content_type.startswith("text/html") and scope.get("method") != "HEAD":
                    start = message
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: sent as it came
                    body = label_table_cells(body.decode("utf-8")).encode("utf-8")
                headers = MutableHeaders(raw=start["headers"])
                if "content-length" in headers:
                    headers["content-length"] = str(len(body))
                await send(start)
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, labelled)
