"""On a phone each table row is a card whose cells show their column's name before their value; those names were
set by page.js, so with JavaScript off the cards showed bare values. The server now writes them (data-label)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.web import create_app
from matchpilot.web.cards import label_table_cells

from support.web import TestClient

TABLE = """<div class="table-scroll" role="region" tabindex="0"><table>
<thead><tr><th colspan="2">Group</th></tr>
<tr><th scope="col"><a href="?sort=name">Program <span class="sort-mark" aria-hidden="true">▲</span></a></th>
<th scope="col">Fee <span class="visually-hidden">(US dollars)</span></th>
<th colspan="2">Chance <span class="sub-sorts"><a href="?s">low</a></span></th></tr></thead>
<tbody><tr><th scope="row">Lakeview &amp; Co</th><td class="num">99</td><td colspan="2">40%</td></tr>
<tr><td>Harbor</td><td>120</td><td>10%</td><td>20%</td></tr></tbody>
<tfoot><tr><td>Total</td></tr></tfoot></table></div>"""


def test_each_body_cell_gets_its_columns_name_without_marks_notes_or_sub_sorts() -> None:
    labelled = label_table_cells(f"<main>{TABLE}</main>")
    assert '<th scope="row">Lakeview &amp; Co</th>' in labelled, "a row's own header is the card's title"
    assert '<td class="num" data-label="Fee">99</td>' in labelled
    assert '<td colspan="2" data-label="Chance">40%</td>' in labelled
    assert re.findall(r'data-label="([^"]*)"', labelled) == ["Fee", "Chance", "Program", "Fee", "Chance", "Chance"]
    assert "<td>Total</td>" in labelled, "the footer is not a card"
    assert re.sub(r' data-label="[^"]*"', "", labelled) == f"<main>{TABLE}</main>", "nothing else changed"


def test_a_table_the_template_labelled_or_outside_a_scroll_box_is_left_alone() -> None:
    own = TABLE.replace("<td>120</td>", '<td data-label="Cost">120</td>')
    assert label_table_cells(own) == own
    bare = TABLE.replace('class="table-scroll"', 'class="box"')
    assert label_table_cells(bare) == bare


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    built: Services = build_services(database_url=f"sqlite:///{tmp_path}/db/t.db", today=lambda: date(2026, 6, 1))
    load_demo(built)
    yield TestClient(create_app(built))
    built.database.dispose()


def test_the_pages_send_their_cards_column_names(client: TestClient) -> None:
    sheet = client.get("/programs?sort=name")
    assert sheet.status_code == 200
    assert int(sheet.headers["content-length"]) == len(sheet.content)
    row = sheet.text.split('<table class="sheet"', 1)[1].split("<tbody>", 1)[1].split("</tr>", 1)[0]
    labels = re.findall(r'data-label="([^"]*)"', row)
    assert "Place" in labels and "IMG share" in labels and "Visa sponsorship" in labels
    assert not any("sorted" in label for label in labels)
    rank = client.get("/rank-list").text
    assert 'data-label="Program"' in rank.split('id="rank-table"', 1)[1].split("</table>", 1)[0]
