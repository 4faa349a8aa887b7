"""``label_table_cells`` with its faster cell loop (no lower-casing per tag, a colspan looked for only in a cell
with attributes, each label's attribute written once) labels exactly as the loop it replaced, copied here: on
random tables with colspans, row headers, upper-case tags, self-closing cells, footers and names to escape."""

from __future__ import annotations

import random

import pytest

import matchpilot.web.cards as cards
from matchpilot.web.cards import _BODY_TAG, _COLSPAN, _HEAD, _ROW_SCOPE, _column_names, _span, label_table_cells


def _old_labels(page: str, start: int, end: int) -> list[tuple[int, str]]:
    """The loop before (97dccb3), as it was."""
    table = page[start:end]
    head = _HEAD.search(table)
    if head is None or "data-label=" in table:
        return []
    names = _column_names(head.group(1))
    found: list[tuple[int, str]] = []
    column = 0
    for tag in _BODY_TAG.finditer(table, head.end()):
        kind = (tag.group(1) or "tfoot").lower()
        if kind == "tfoot":
            break
        if kind == "tr":
            column = 0
            continue
        attributes = tag.group(2)
        spanned = _COLSPAN.search(attributes)
        row_header = kind == "th" and _ROW_SCOPE.search(attributes) is not None
        if column < len(names) and names[column] and not row_header:
            found.append((start + tag.end() - (2 if attributes.rstrip().endswith("/") else 1), names[column]))
        column += _span(spanned.group(1) if spanned else None)
    return found


NAMES = ["Program", "Fee & cost", 'Say "hi"', "<b>", "", "Chance", "Kind"]


def _cell(chooser: random.Random) -> str:
    tag = chooser.choice(["td", "th", "TD", "Th", "tD"])
    attributes = chooser.choice(
        ["", ' class="num"', ' colspan="2"', " colspan=3", ' COLSPAN="x"', ' scope="row"', " scope=row", ' data-x="="']
    )
    if chooser.random() < 0.1:
        return f"<{tag}{attributes} />"
    return f"<{tag}{attributes}>v{chooser.randint(0, 9)}</{tag}>"


def _page(chooser: random.Random) -> str:
    tables = []
    for _ in range(chooser.randint(1, 3)):
        head = "".join(f'<th scope="col">{chooser.choice(NAMES)}</th>' for _ in range(chooser.randint(1, 5)))
        rows = "".join(
            chooser.choice(["<tr>", "<TR>", '<tr class="x">'])
            + "".join(_cell(chooser) for _ in range(chooser.randint(0, 6)))
            + "</tr>\n"
            for _ in range(chooser.randint(0, 6))
        )
        foot = chooser.choice(["", "<tfoot><tr><td>t</td></tr></tfoot>", "<TFOOT><tr><td>t</td></tr></TFOOT>"])
        tables.append(
            f'<div class="table-scroll"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>{foot}</table></div>'
        )
    return "<main>" + "\n".join(tables) + "</main>"


@pytest.mark.parametrize("seed", range(40))
def test_the_labels_are_those_of_the_old_loop(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    chooser = random.Random(seed)
    for _ in range(10):
        page = _page(chooser)
        new = label_table_cells(page)
        with monkeypatch.context() as patched:
            patched.setattr(cards, "_labels", _old_labels)
            old = label_table_cells(page)
        assert new == old
