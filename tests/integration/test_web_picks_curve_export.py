"""My list leads with the chance of at least one match, draws the applications curve (axes labelled, your list
marked, fee steps, threshold) and exports the list as CSV and XLSX with the columns of `pick --csv`."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from matchpilot.io.pick_json import PICK_CSV_COLUMNS
from matchpilot.web import create_app

from support.web import TestClient, demo_services

TODAY = date(2026, 6, 1)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with demo_services(tmp_path, TODAY) as built:
        yield TestClient(create_app(built))


def chosen_codes(html: str) -> list[str]:
    table = html.split('id="chosen-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr id="p-([^"]+)"', table)


def test_the_page_leads_with_the_chance_and_hides_algorithm_names(client: TestClient) -> None:
    html = client.get("/picks?max=12").text
    headline = html.index('id="headline-chance"')
    assert headline < html.index('aria-label="Limits of your list"')  # the page leads with the chance
    assert headline < html.index('id="applications-curve"') < html.index('id="chosen-table"')
    assert re.search(r'<span class="big-number">\d+(\.\d)?%</span> <span class="range">\(somewhere between', html)
    assert "is the chance that at least one of them matches you" in html
    details = html.split('id="how-computed"', 1)[1].split("</details>", 1)[0]
    outside = html.replace(details, "")
    for name in ("greedy-nested", "dp-signals", "signals-alternating", "log-odds"):
        assert name not in outside
    assert "How was this computed?" in details
    assert not re.search(r"\(from [+-]\d+\.\d to [+-]\d+\.\d\)", outside)  # no log-odds ranges in the reasons


def test_the_chart_has_labelled_axes_the_list_marked_fee_steps_and_a_text_alternative(client: TestClient) -> None:
    html = client.get("/picks?max=12&threshold=1").text
    figure = html.split('id="applications-curve"', 1)[1].split("</figure>", 1)[0]
    assert ">Number of applications</text>" in figure and ">Chance of at least one match</text>" in figure
    assert figure.count('<circle class="marker"') == 1
    assert "your list of 12 is marked at" in figure  # the <desc>
    assert '<line class="fee-step"' in figure and "PM&amp;R: US$30 from here" in figure
    assert '<rect class="enough"' in figure and "one more adds less than 1 percentage point" in figure
    table = figure.split('id="applications-table"', 1)[1]
    chosen = re.search(r'<tr class="is-chosen"><th scope="row" class="num">(\d+)', table)
    assert chosen is not None and chosen.group(1) == "12"
    assert "per application from here (was US$11)" in table


def test_a_bad_threshold_is_named_next_to_its_field(client: TestClient) -> None:
    html = client.get("/picks?threshold=0").text
    assert 'id="threshold-error"' in html and "must be more than 0" in html
    assert 'id="pick-threshold"' in html and 'aria-invalid="true"' in html
    words = client.get("/picks?threshold=lots").text
    assert "&#39;lots&#39; is not a number of percentage points" in words


def test_csv_and_xlsx_exports_parse_back_to_the_list_shown(client: TestClient) -> None:
    shown = chosen_codes(client.get("/picks?max=9&min_prelim=2").text)
    page = client.get("/picks?max=9&min_prelim=2").text
    assert 'href="/picks/export.csv?max=9&amp;min_prelim=2"' in page
    response = client.get("/picks/export.csv?max=9&min_prelim=2")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0].keys()) == PICK_CSV_COLUMNS
    assert [r["code"] for r in rows if r["status"] == "chosen"] == shown
    book = client.get("/picks/export.xlsx?max=9&min_prelim=2")
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.content), read_only=True).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert tuple(values[0]) == PICK_CSV_COLUMNS
    chosen = [row for row in values[1:] if row[0] == "chosen"]
    assert [row[2] for row in chosen] == shown
    assert all(isinstance(row[6], float) for row in chosen)  # p_match_mid stays a number
    assert len(values) - 1 == len(rows)
    assert client.get("/picks/export.pdf").status_code == 404


def test_pinning_and_excluding_on_my_list_are_kept_and_respected(client: TestClient) -> None:
    first = client.get("/picks?max=4").text
    chosen = chosen_codes(first)
    others = first.split('id="others-table"', 1)[1]
    outside = re.findall(r'<tr id="p-([^"]+)"', others)[0]
    response = client.post(
        "/picks/choice", data={"code": outside, "choice": "pin", "back": "max=4"}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == f"/picks?max=4#p-{outside}"
    client.post("/picks/choice", data={"code": chosen[0], "choice": "exclude", "back": "max=4"})
    page = client.get("/picks?max=4").text
    now = chosen_codes(page)
    assert outside in now and chosen[0] not in now and len(now) == 4
    assert 'id="pick-choices"' in page and "pinned: always on your list" in page
    assert "you pinned it: it stays on your list" in page
    assert "you chose never to apply here" in page
    rows = list(csv.DictReader(io.StringIO(client.get("/picks/export.csv?max=4").text)))
    assert [r["code"] for r in rows if r["status"] == "chosen"] == now

    for code in chosen[1:3]:
        client.post("/picks/choice", data={"code": code, "choice": "pin", "back": ""})
    refused = client.get("/picks?max=2")
    assert refused.status_code == 400
    assert "you pinned 3 programs, more than the 2 applications" in refused.text
    assert "Unpin" in refused.text  # the way out is on the page
    client.post("/picks/choice", data={"code": outside, "choice": "clear", "back": ""})
    assert client.get("/picks?max=2").status_code == 200


def test_a_choice_for_an_unknown_program_or_word_is_refused_and_nothing_saved(client: TestClient) -> None:
    assert client.post("/picks/choice", data={"code": "NOPE", "choice": "pin"}).status_code == 404
    code = chosen_codes(client.get("/picks?max=2").text)[0]
    assert client.post("/picks/choice", data={"code": code, "choice": "maybe"}).status_code == 400
    assert 'id="pick-choices"' not in client.get("/picks?max=2").text
