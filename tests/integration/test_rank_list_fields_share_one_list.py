"""Issue 13 item 9: the Rank list page listed every program of the sheet in each of its program fields (a
``<select>`` to add, two for the simulation, one per place of each supplemental list: 5,300 ``<option>`` elements
and 720 kB on the demo). Its fields now suggest from one shared list per kind (the sheet's programs, the PGY-1
programs) and take a code, the suggestion as shown, or a name; text that names no program (or several) comes back
named beside its field, as typed, with nothing saved."""

from __future__ import annotations

import re
from datetime import date

from matchpilot.services import Services
from matchpilot.services.rank_lists import rank_list, set_supplemental

from support.web import TestClient, client_fixture, demo_fixture

TODAY = date(2026, 6, 1)

demo = demo_fixture(TODAY, scope="module")
client = client_fixture(scope="module")


def test_the_page_lists_each_program_once_per_kind_of_field(client: TestClient, demo: Services) -> None:
    page = client.get("/rank-list").text
    sheet = demo.list_programs().programs
    pgy1 = [p for p in sheet if p.track.is_pgy1_only]
    assert len(re.findall(r"<option\b", page)) <= len(sheet) + len(pgy1) + 4  # + the 4 kinds of what-if
    assert page.count("<select") <= 1


def test_a_program_is_added_by_its_suggestion_or_its_name(client: TestClient, demo: Services) -> None:
    on_list = set(rank_list(demo).primary)
    names = [p.name for p in demo.list_programs().programs]
    one, two = [p for p in demo.list_programs().programs if p.code not in on_list and names.count(p.name) == 1][:2]
    added = client.post("/rank-list/add", data={"code": f"{one.name} ({one.code})", "at": ""}, follow_redirects=False)
    assert added.status_code == 303
    assert rank_list(demo).primary[-1] == one.code
    client.post("/rank-list/add", data={"code": f"  {two.name.upper()} ", "at": "1"})
    assert rank_list(demo).primary[0] == two.code
    for code in (one.code, two.code):
        client.post("/rank-list/remove", data={"code": code})
    assert set(rank_list(demo).primary) == on_list


def test_text_that_names_no_program_comes_back_named_and_nothing_is_saved(client: TestClient, demo: Services) -> None:
    before = rank_list(demo)
    page = client.post("/rank-list/add", data={"code": "Nowhere General Hospital", "at": "2"})
    assert page.status_code == 400
    field = page.text.split('<input id="add-code"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in field and 'value="Nowhere General Hospital"' in field
    assert 'value="2"' in page.text.split('<input id="add-at"', 1)[1].split(">", 1)[0]
    error = page.text.split('id="add-code-error"', 1)[1].split("</p>", 1)[0]
    assert "Program to add: no program on your sheet has the code or name &#39;Nowhere General Hospital&#39;" in error
    assert rank_list(demo) == before


def test_a_supplemental_place_that_names_no_program_is_named_and_nothing_is_saved(
    client: TestClient, demo: Services
) -> None:
    advanced = next(c for c in rank_list(demo).primary if c[7] == "A")
    pgy1 = next(p for p in demo.list_programs().programs if p.track.is_pgy1_only)
    before = rank_list(demo)
    page = client.post(
        "/rank-list/supplemental",
        data={"advanced": advanced, "codes": [f"{pgy1.name} ({pgy1.code})", "Nowhere General Hospital", ""]},
    )
    assert page.status_code == 400
    form = page.text.split(f'id="supp-{advanced}-form"', 1)[1].split("</form>", 1)[0]
    assert "Choice 2: no program on your sheet has the code or name &#39;Nowhere General Hospital&#39;" in form
    assert 'value="Nowhere General Hospital"' in form  # as typed
    assert rank_list(demo) == before
    saved = client.post("/rank-list/supplemental", data={"advanced": advanced, "codes": [f"{pgy1.name} ({pgy1.code})"]})
    assert saved.status_code == 200
    assert rank_list(demo).supplemental_for(advanced).codes == (pgy1.code,)  # type: ignore[union-attr]
    earlier = before.supplemental_for(advanced)
    set_supplemental(demo, advanced, list(earlier.codes) if earlier else [])  # the shared demo as it was


def test_the_simulation_takes_names_and_names_a_field_it_cannot_read(client: TestClient, demo: Services) -> None:
    first = rank_list(demo).primary[0]
    program = demo.get_program(first)
    shown = f"{program.name} ({first})"
    result = client.get("/rank-list/simulate", params={"runs": "40", "kind": "drop", "first": shown})
    assert result.status_code == 200, result.text
    assert f"If you dropped {program.name}" in result.text
    assert f'value="{shown}"' in result.text.split('<input id="sim-first"', 1)[1].split(">", 1)[0]
    bad = client.get("/rank-list/simulate", params={"runs": "40", "kind": "swap", "first": shown, "second": "Nowhere"})
    assert bad.status_code == 400
    problem = bad.text.split('id="sim-problem"', 1)[1].split("</div>", 1)[0]
    assert "Second program (to swap with): no program on your sheet has the code or name &#39;Nowhere&#39;" in problem
