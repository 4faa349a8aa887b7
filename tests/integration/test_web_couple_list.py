"""The couple's paired list page (``/rank-list/couple``) through FastAPI's TestClient, on SQLite and PostgreSQL:
record the partner, add pairs (with "no match" sides), move and remove them with plain forms, download the
export, see each problem next to its field with the values kept as typed, and the checks of the couple's list."""

from __future__ import annotations

import html as html_module
import re

import pytest

from matchpilot.domain.rank_list import CouplePair
from matchpilot.services import Services
from matchpilot.services.rank_lists import couple_list
from matchpilot.web import create_app

from support.web import TestClient

SHEET = (
    "code,name,institution,city,state,specialty,track,positions,visa_j1,source,checked_on\n"
    "1001340C0,Lakeview PM&R (fictional),Lakeview Health,Lakeview,NY,PM&R,categorical,4,yes,program website,"
    "2026-03-01\n"
    "1002340C0,Hillside PM&R (fictional),Hillside Health,Hillside,OH,PM&R,categorical,3,no,program website,"
    "2026-03-01\n"
)
PARTNER_A, PARTNER_B = "2001140C0", "2002140C0"


@pytest.fixture
def client(services: Services) -> TestClient:
    assert services.import_programs_bytes(SHEET.encode(), "sheet.csv").ok
    return TestClient(create_app(services))


def pairs_on(html: str) -> list[str]:
    """The pairs of the page's table, in order, as ``MINE+PARTNER`` (``none`` for "no match")."""
    if 'id="couple-table"' not in html:
        return []
    table = html.split('id="couple-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr id="pair-\d+" data-pair="([^"]+)"', table)


def field_error(html: str, key: str) -> str:
    """The text of the error shown next to field ``key`` ("" when none)."""
    found = re.search(rf'<p class="field-error" id="{key}-error"[^>]*>(.*?)</p>', html, re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def value_of(html: str, field_id: str) -> str:
    """The value the page's input ``field_id`` shows."""
    found = re.search(rf'<input id="{field_id}"[^>]* value="([^"]*)"', html)
    assert found, f"no input {field_id}"
    return html_module.unescape(found.group(1))


def test_the_rank_list_page_links_to_the_empty_couple_list(client: TestClient) -> None:
    summary = client.get("/rank-list").text.split('id="couple-summary"', 1)[1].split("</p>", 1)[0]
    assert 'href="/rank-list/couple"' in summary and "0 pairs" in summary
    page = client.get("/rank-list/couple")
    assert page.status_code == 200
    assert 'aria-current="page">Rank list' in page.text
    assert "<h1>Couple's paired list</h1>" in page.text
    assert "No partner recorded yet." in page.text and pairs_on(page.text) == []
    assert 'id="couple-issues-ok"' in page.text
    assert '<label for="partner-name">' in page.text and '<label for="pair-mine">' in page.text
    assert (
        '<option value="none"' in page.text and '<option value="Hillside PM&amp;R (fictional) (1002340C0)"' in page.text
    )


def test_partner_pairs_and_the_export(client: TestClient, services: Services) -> None:
    saved = client.post("/rank-list/couple/partner", data={"name": " Sam  Partner ", "partner_id": "N123"})
    assert saved.status_code == 200 and 'id="couple-saved"' in saved.text
    assert saved.history[0].status_code == 303
    assert saved.history[0].headers["location"] == "/rank-list/couple?saved=partner#partner"
    assert "<strong>Sam Partner</strong> (id N123)" in saved.text
    assert 'value="Sam Partner"' in saved.text and 'value="N123"' in saved.text

    added = client.post("/rank-list/couple/add", data={"mine": "1001340C0", "partner": PARTNER_A, "at": ""})
    assert added.history[0].status_code == 303 and "Pair added." in added.text
    client.post("/rank-list/couple/add", data={"mine": "none", "partner": PARTNER_B.lower()})
    third = client.post("/rank-list/couple/add", data={"mine": "1002340C0", "partner": "none", "at": "1"})
    assert pairs_on(third.text) == ["1002340C0+none", f"1001340C0+{PARTNER_A}", f"none+{PARTNER_B}"]
    assert couple_list(services).pairs == (
        CouplePair("1002340C0", None),
        CouplePair("1001340C0", PARTNER_A),
        CouplePair(None, PARTNER_B),
    )
    assert "Hillside PM&amp;R (fictional)" in third.text and 'id="couple-count"' in third.text
    assert "<strong>3</strong> pairs" in third.text
    assert "3 pairs, partner Sam Partner" in client.get("/rank-list").text

    text = client.get("/rank-list/couple/export.txt")
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/plain")
    assert text.headers["content-disposition"] == 'attachment; filename="matchpilot-couple-list.txt"'
    assert text.text == (
        "Couple's paired rank order list with Sam Partner (N123)\n"
        "  1. 1002340C0  Hillside PM&R (fictional)  |  No match\n"
        f"  2. 1001340C0  Lakeview PM&R (fictional)  |  {PARTNER_A}\n"
        f"  3. No match  |  {PARTNER_B}\n"
    )
    csv = client.get("/rank-list/couple/export.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text == (
        "rank,my_code,my_program,partner_code\n"
        "1,1002340C0,Hillside PM&R (fictional),no match\n"
        f"2,1001340C0,Lakeview PM&R (fictional),{PARTNER_A}\n"
        f"3,no match,,{PARTNER_B}\n"
    )
    assert client.get("/rank-list/couple/export.xlsx").status_code == 404
    page = client.get("/rank-list/couple").text
    assert 'href="/rank-list/couple/export.txt"' in page and 'href="/rank-list/couple/export.csv"' in page


def test_buttons_move_and_remove_pairs_without_javascript(client: TestClient, services: Services) -> None:
    for mine, partner in (("1001340C0", PARTNER_A), ("none", PARTNER_B), ("1002340C0", "none")):
        client.post("/rank-list/couple/add", data={"mine": mine, "partner": partner})
    page = client.get("/rank-list/couple").text
    assert f'aria-label="Move the pair no match + {PARTNER_B} up to rank 1"' in page
    assert f'aria-label="Move the pair 1001340C0 + {PARTNER_A} up to rank' not in page  # the first has no ↑
    assert 'aria-label="Move the pair 1002340C0 + no match down' not in page  # the last has no ↓
    up = client.post("/rank-list/couple/move", data={"rank": "2", "to": "1"}, follow_redirects=False)
    assert up.status_code == 303 and up.headers["location"] == "/rank-list/couple?saved=moved#pair-1"
    assert pairs_on(client.get(up.headers["location"]).text) == [
        f"none+{PARTNER_B}",
        f"1001340C0+{PARTNER_A}",
        "1002340C0+none",
    ]
    client.post("/rank-list/couple/move", data={"rank": "1", "to": "3"})
    assert [p.label() for p in couple_list(services).pairs] == [
        f"1001340C0 + {PARTNER_A}",
        "1002340C0 + no match",
        f"no match + {PARTNER_B}",
    ]
    removed = client.post("/rank-list/couple/remove", data={"rank": "2"}, follow_redirects=False)
    assert removed.status_code == 303 and removed.headers["location"] == "/rank-list/couple?saved=removed#pairs"
    assert pairs_on(client.get("/rank-list/couple").text) == [f"1001340C0+{PARTNER_A}", f"none+{PARTNER_B}"]

    before = couple_list(services)
    assert client.post("/rank-list/couple/remove", data={"rank": "3"}).status_code == 404  # no such pair: 404
    assert client.post("/rank-list/couple/move", data={"rank": "5", "to": "1"}).status_code == 404
    assert client.post("/rank-list/couple/move", data={"rank": "1", "to": "3"}).status_code == 400
    assert client.post("/rank-list/couple/move", data={"rank": "1", "to": "0"}).status_code == 400
    assert client.post("/rank-list/couple/remove", data={"rank": "first"}).status_code == 400
    assert couple_list(services) == before


def test_problems_are_shown_by_their_field_with_the_values_kept(client: TestClient, services: Services) -> None:
    empty = client.post("/rank-list/couple/partner", data={"name": "   ", "partner_id": "N777"})
    assert empty.status_code == 400
    assert field_error(empty.text, "name") == "! the partner's name is empty"
    assert 'id="partner-name" name="name"' in empty.text and 'aria-describedby="name-error"' in empty.text
    assert 'value="N777"' in empty.text and field_error(empty.text, "partner_id") == ""
    long_id = client.post("/rank-list/couple/partner", data={"name": "Sam", "partner_id": "N" * 65})
    assert long_id.status_code == 400 and "at most 64" in field_error(long_id.text, "partner_id")
    assert 'value="Sam"' in long_id.text
    assert couple_list(services).empty, "nothing was saved"

    both = client.post("/rank-list/couple/add", data={"mine": "none", "partner": "None", "at": "1"})
    assert both.status_code == 400
    assert 'id="pair-error" role="alert"' in both.text and "both cannot be" in both.text
    assert 'value="None"' in both.text and value_of(both.text, "pair-mine") == "none"
    assert 'aria-describedby="pair-error' in both.text

    bad_rank = client.post("/rank-list/couple/add", data={"mine": "1002340C0", "partner": PARTNER_A, "at": "2nd"})
    assert bad_rank.status_code == 400 and "whole number" in field_error(bad_rank.text, "at")
    assert 'value="2nd"' in bad_rank.text and f'value="{PARTNER_A}"' in bad_rank.text
    assert value_of(bad_rank.text, "pair-mine") == "1002340C0"
    out_of_range = client.post("/rank-list/couple/add", data={"mine": "1002340C0", "partner": PARTNER_A, "at": "4"})
    assert out_of_range.status_code == 400 and "out of range" in field_error(out_of_range.text, "at")
    no_partner = client.post("/rank-list/couple/add", data={"mine": "1001340C0", "partner": ""})
    assert no_partner.status_code == 400 and "Type your partner" in field_error(no_partner.text, "partner")
    assert field_error(no_partner.text, "mine") == ""
    long_code = client.post("/rank-list/couple/add", data={"mine": "", "partner": "9" * 65})
    assert long_code.status_code == 400
    assert "at most 64 characters" in field_error(long_code.text, "partner")
    assert "Choose your program" in field_error(long_code.text, "mine")
    assert couple_list(services).pairs == ()

    client.post("/rank-list/couple/add", data={"mine": "1001340C0", "partner": PARTNER_A})
    twice = client.post("/rank-list/couple/add", data={"mine": "1001340c0", "partner": PARTNER_A.lower()})
    assert twice.status_code == 400 and "already on your couple" in twice.text and 'id="pair-error"' in twice.text
    assert len(couple_list(services).pairs) == 1


def test_the_checks_of_the_couple_list_are_shown(client: TestClient) -> None:
    client.post("/rank-list/couple/add", data={"mine": "9999340C0", "partner": PARTNER_A})
    client.post("/rank-list/couple/add", data={"mine": "1002340C0", "partner": PARTNER_B})
    page = client.get("/rank-list/couple").text
    issues = page.split('id="couple-issues"', 1)[1].split("</ul>", 1)[0]
    assert "has pairs but no partner" in issues  # couple-no-partner
    assert "9999340C0: (your side of the couple&#39;s list) is not on your program sheet" in issues
    assert "not on your sheet" in page.split('id="pair-1"', 1)[1].split("</tr>", 1)[0]
    assert "a couple's list holds at most 300" in page
    client.post("/rank-list/couple/partner", data={"name": "Sam Partner"})
    issues = client.get("/rank-list/couple").text.split('id="couple-issues"', 1)[1].split("</ul>", 1)[0]
    assert "has pairs but no partner" not in issues and "9999340C0" in issues


def test_your_program_is_a_box_suggesting_the_sheet_once(client: TestClient) -> None:
    page = client.get("/rank-list/couple").text
    form = page.split('id="add-pair-form"', 1)[1].split("</form>", 1)[0]
    assert "<select" not in form, "no drop-down listing every program"
    assert re.search(r'<input id="pair-mine" name="mine" type="text" list="couple-programs"', form)
    suggestions = page.split('<datalist id="couple-programs">', 1)[1].split("</datalist>", 1)[0]
    values = [html_module.unescape(v) for v in re.findall(r'<option value="([^"]*)"', suggestions)]
    assert values == ["none", "Hillside PM&R (fictional) (1002340C0)", "Lakeview PM&R (fictional) (1001340C0)"]
    assert page.count("(1001340C0)") == 1, "each program listed once"


def test_your_program_may_be_a_suggestion_or_a_name(client: TestClient, services: Services) -> None:
    for mine, partner in (
        ("Lakeview PM&R (fictional) (1001340C0)", PARTNER_A),  # the suggestion as shown
        ("  hillside pm&r (FICTIONAL) ", PARTNER_A),  # the name, case and spaces aside
        ("1001340c0", "none"),  # the code
    ):
        added = client.post("/rank-list/couple/add", data={"mine": mine, "partner": partner})
        assert added.status_code == 200, field_error(added.text, "mine")
    assert couple_list(services).pairs == (
        CouplePair("1001340C0", PARTNER_A),
        CouplePair("1002340C0", PARTNER_A),
        CouplePair("1001340C0", None),
    )


def test_a_text_naming_no_program_comes_back_beside_your_program(client: TestClient, services: Services) -> None:
    refused = client.post("/rank-list/couple/add", data={"mine": "Nowhere General", "partner": PARTNER_A, "at": ""})
    assert refused.status_code == 400
    assert field_error(refused.text, "mine") == (
        "! Your program: no program on your sheet has the code or name 'Nowhere General'"
    )
    assert 'aria-invalid="true" aria-describedby="mine-error pair-mine-hint"' in refused.text
    assert value_of(refused.text, "pair-mine") == "Nowhere General"
    assert value_of(refused.text, "pair-partner") == PARTNER_A
    assert field_error(refused.text, "partner") == ""
    assert couple_list(services).empty, "nothing was saved"


def test_a_long_name_naming_no_program_is_refused_beside_its_field(client: TestClient) -> None:
    typed = "Somewhere Far Away General Hospital Internal Medicine Residency (fictional)"
    refused = client.post("/rank-list/couple/add", data={"mine": typed, "partner": PARTNER_A})
    assert refused.status_code == 400 and value_of(refused.text, "pair-mine") == typed
    assert "no program on your sheet has the code or name" in field_error(refused.text, "mine")
