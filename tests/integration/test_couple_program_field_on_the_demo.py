"""Issue 13 item 9 (follow-up): the couple's list page listed every program of the sheet in a ``<select>`` for
"Your program" (46 kB on the demo). The field now suggests from one shared list and takes a code, the suggestion
as shown, a name or "none", as the Rank list's fields do; a name several programs share comes back named beside
the field with their codes, as typed, with nothing saved."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import date

from matchpilot.services import Services
from matchpilot.services.rank_lists import couple_list

from support.web import TestClient, client_fixture, demo_fixture

TODAY = date(2026, 6, 1)

demo = demo_fixture(TODAY, scope="module")
client = client_fixture(scope="module")


def test_the_couple_page_lists_each_program_once_without_a_select(client: TestClient, demo: Services) -> None:
    page = client.get("/rank-list/couple").text
    sheet = demo.list_programs().programs
    assert "<select" not in page
    assert len(re.findall(r"<option\b", page)) == len(sheet) + 1  # + "No match"
    suggestions = page.split('<datalist id="couple-programs">', 1)[1].split("</datalist>", 1)[0]
    values = [html.unescape(v) for v in re.findall(r'<option value="([^"]*)"', suggestions)]
    assert sorted(values) == sorted(["none", *(f"{p.name} ({p.code})" for p in sheet)])


def test_a_name_several_programs_share_comes_back_with_their_codes(client: TestClient, demo: Services) -> None:
    names = Counter(p.name for p in demo.list_programs().programs)
    shared = next(name for name, count in names.items() if count > 1)
    codes = sorted(p.code for p in demo.list_programs().programs if p.name == shared)
    before = couple_list(demo)
    refused = client.post("/rank-list/couple/add", data={"mine": shared, "partner": "2345140C0", "at": ""})
    assert refused.status_code == 400
    error = refused.text.split('id="mine-error"', 1)[1].split("</p>", 1)[0]
    assert "programs are named" in error and ", ".join(codes) in error
    assert couple_list(demo) == before, "nothing was saved"
    chosen = client.post("/rank-list/couple/add", data={"mine": f"{shared} ({codes[0]})", "partner": "2345140C0"})
    assert chosen.status_code == 200
    assert couple_list(demo).pairs[-1].mine == codes[0]
