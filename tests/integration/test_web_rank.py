"""The Rank list page through FastAPI's TestClient: reorder with plain forms, attach a supplemental list, see
the checks, run a small simulation with its chart and table and a what-if."""

from __future__ import annotations

import re
from datetime import date

from matchpilot.services import Services
from matchpilot.services.rank_lists import rank_list

from support.web import TestClient, client_fixture, demo_fixture

TODAY = date(2026, 6, 1)


demo = demo_fixture(TODAY, scope="module")


client = client_fixture(scope="module")


def order(html: str) -> list[str]:
    table = html.split('id="rank-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr id="r-([^"]+)"', table)


def test_the_page_lists_the_demo_list_with_checks(client: TestClient, demo: Services) -> None:
    page = client.get("/rank-list")
    assert page.status_code == 200
    assert 'href="/rank-list"' in page.text and 'aria-current="page">Rank list' in page.text
    assert order(page.text) == list(rank_list(demo).primary)
    assert "Supplemental PGY-1 lists" in page.text
    assert "at most 300" in page.text


def test_buttons_reorder_without_javascript(client: TestClient, demo: Services) -> None:
    before = list(rank_list(demo).primary)
    moved = client.post("/rank-list/move", data={"code": before[1], "to": "1"}, follow_redirects=False)
    assert moved.status_code == 303
    assert order(client.get(moved.headers["location"]).text)[:2] == [before[1], before[0]]
    client.post("/rank-list/move", data={"code": before[0], "to": "1"})
    assert list(rank_list(demo).primary) == before


def test_add_remove_and_supplemental_forms(client: TestClient, demo: Services) -> None:
    page = client.get("/rank-list").text
    # the field suggests the sheet's programs from a shared list, each "Name (CODE)": the first not on the list
    suggested = page.split('<datalist id="sheet-programs">', 1)[1].split("</datalist>", 1)[0]
    on_list = rank_list(demo).primary
    choice = next(c for c in re.findall(r'<option value="[^"]*\(([^()"]+)\)">', suggested) if c not in on_list)
    assert client.post("/rank-list/add", data={"code": choice, "at": "2"}).status_code == 200
    assert rank_list(demo).primary[1] == choice
    client.post("/rank-list/remove", data={"code": choice})
    assert choice not in rank_list(demo).primary
    advanced = next(c for c in rank_list(demo).primary if c[7] == "A")
    client.post("/rank-list/supplemental", data={"advanced": advanced, "typed": ""})
    assert "advanced (PGY-2) program with no supplemental" in client.get("/rank-list").text
    supp = "1984140P0"
    client.post("/rank-list/supplemental", data={"advanced": advanced, "typed": supp})
    assert rank_list(demo).supplemental_for(advanced) is not None
    bad = client.post("/rank-list/move", data={"code": "9999340C0", "to": "1"})
    assert bad.status_code == 404


def test_a_small_simulation_draws_the_chart_and_the_what_if(client: TestClient, demo: Services) -> None:
    first, second = rank_list(demo).primary[:2]
    page = client.get(
        "/rank-list/simulate", params={"runs": "150", "seed": "3", "kind": "swap", "first": first, "second": second}
    )
    assert page.status_code == 200, page.text
    assert 'id="sim-chart"' in page.text and page.text.count('class="sim-bar"') == 12
    assert 'id="sim-table"' in page.text
    assert f"What if swap:{first},{second}" in page.text
    too_many = client.get("/rank-list/simulate", params={"runs": "999999"})
    assert too_many.status_code == 400 and "Runs must be" in too_many.text
