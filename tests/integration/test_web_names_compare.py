"""Issue 15 items 5, 7 and 8 through FastAPI's TestClient: programs shown by name (code as secondary text) on the
rank list, its supplemental lists (chosen from names) and its simulation; compare up to four programs side by
side; star favourites and filter the sheet by them; the research simulator under "Tools"."""

from __future__ import annotations

import re
from datetime import date

import pytest

from matchpilot.services import Services
from matchpilot.services.compare import favourites, set_favourite
from matchpilot.services.demo import load_demo
from matchpilot.services.rank_lists import rank_list

from support.web import TestClient, client_fixture, demo_fixture

TODAY = date(2026, 6, 1)


demo = demo_fixture(TODAY, scope="module")


client = client_fixture(scope="module")


def section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_supplemental_lists_are_chosen_from_names_and_shown_by_name(client: TestClient, demo: Services) -> None:
    advanced = next(c for c in rank_list(demo).primary if c[7] == "A")
    pgy1 = [p for p in demo.list_programs().programs if p.track.is_pgy1_only][:2]
    saved = client.post("/rank-list/supplemental", data={"advanced": advanced, "codes": [pgy1[1].code, pgy1[0].code]})
    assert saved.status_code == 200
    assert rank_list(demo).supplemental_for(advanced).codes == (pgy1[1].code, pgy1[0].code)  # type: ignore[union-attr]
    page = client.get("/rank-list").text
    row = section(page, f'<tr id="r-{advanced}">', "</tr>")
    assert pgy1[1].name in row and pgy1[0].name in row  # the list in the table: by name
    form = section(page, f'name="advanced" value="{advanced}"', "</form>")
    first = section(form, f'id="supp-{advanced}-1"', ">")  # a field that suggests from the shared PGY-1 list
    listed = section(first, 'list="', '"')
    offered = section(page, f'<datalist id="{listed}">', "</datalist>")
    assert f'value="{pgy1[1].name} ({pgy1[1].code})"' in first
    assert f"{pgy1[0].name} ({pgy1[0].code})" in offered  # every PGY-1 program offered by name
    assert 'name="typed"' not in form  # no box to type codes into


def test_rank_list_entries_and_program_choices_show_names(client: TestClient, demo: Services) -> None:
    page = client.get("/rank-list").text
    first = rank_list(demo).primary[0]
    name = demo.get_program(first).name
    row = section(page, f'<tr id="r-{first}">', "</tr>")
    assert f">{name}</a>" in row and f'<span class="code">{first}</span>' in row
    listed = section(section(page, 'id="add-code"', ">"), 'list="', '"')  # the field's shared list of suggestions
    suggestions = section(page, f'<datalist id="{listed}">', "</datalist>")
    options = [
        (re.findall(r"\(([^()]+)\)$", value)[0], value)
        for value in re.findall(r'<option value="([^"]+)">[^<]*</option>', suggestions)
    ]
    assert options and all(label.startswith(demo.get_program(code).name + f" ({code})") for code, label in options)


def test_the_simulation_speaks_in_names_and_hides_the_seed(client: TestClient, demo: Services) -> None:
    first, second = rank_list(demo).primary[:2]
    page = client.get("/rank-list").text
    form = section(page, 'action="/rank-list/simulate#simulation"', "</form>")
    advanced = section(form, '<details class="advanced" id="sim-advanced"', "</details>")
    assert 'id="sim-seed"' in advanced and "open" not in advanced.split(">", 1)[0]  # the seed sits behind it
    assert 'id="sim-seed"' not in form.replace(advanced, "")
    assert 'list="sheet-programs"' in section(form, 'id="sim-first"', ">")  # it suggests from the shared list
    assert f"{demo.get_program(first).name} ({first})" in section(page, '<datalist id="sheet-programs">', "</datalist>")
    result = client.get("/rank-list/simulate", params={"runs": "60", "kind": "swap", "first": first, "second": second})
    assert result.status_code == 200, result.text
    table = section(result.text, 'id="sim-table"', "</table>")
    assert demo.get_program(first).name in table and demo.get_program(second).name in table
    what_if = section(result.text, 'id="what-if-result"', "</div>")
    assert f"If you swapped {demo.get_program(first).name} and {demo.get_program(second).name}" in what_if
    assert "Seed" not in result.text.split('id="simulation"', 1)[1].split("<details", 1)[0]


def test_the_research_simulator_sits_under_tools(client: TestClient) -> None:
    nav = section(client.get("/").text, '<nav aria-label="Main">', "</nav>")
    tools = section(nav, "<summary>Tools</summary>", "</details>")
    assert 'href="/match-simulator"' in tools
    assert 'href="/match-simulator"' not in nav.replace(tools, "")


def test_compare_shows_programs_side_by_side_with_sources_and_differences(client: TestClient, demo: Services) -> None:
    one, two, three = demo.list_programs().programs[:3]
    page = client.get("/programs/compare", params=[("code", one.code), ("code", two.code), ("code", three.code)])
    assert page.status_code == 200, page.text
    head = section(page.text, "<thead>", "</thead>")
    assert all(p.name in head and p.code in head for p in (one, two, three))
    assert "Your chance of matching here" in page.text and "source:" in page.text
    assert one.name != two.name and 'class="differs"' in page.text and "differs</span>" in page.text
    assert "Your interest (1 to 5)" in page.text and "Your notes" in page.text


def test_compare_refuses_more_than_four_or_unknown_codes_naming_them(client: TestClient, demo: Services) -> None:
    codes = [p.code for p in demo.list_programs().programs[:5]]
    too_many = client.get("/programs/compare", params=[("code", c) for c in codes])
    assert too_many.status_code == 400 and "at most 4" in too_many.text and codes[4] in too_many.text
    unknown = client.get("/programs/compare", params=[("code", codes[0]), ("code", "9999999Z9")])
    assert unknown.status_code == 404 and "9999999Z9" in unknown.text
    one = client.get("/programs/compare", params={"code": codes[0]})
    assert one.status_code == 400 and "choose 2 to 4" in one.text


def test_a_star_marks_a_favourite_and_the_sheet_filters_by_it(client: TestClient, demo: Services) -> None:
    starred = demo.list_programs().programs[3]
    done = client.post(
        "/programs/favourite", data={"code": starred.code, "on": "1", "next": "/programs"}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/programs"
    assert favourites(demo) == {starred.code}
    only = client.get("/programs", params={"favourites": "1"}).text
    assert re.findall(r'name="code" value="([^"]+)" form="compare-form"', only) == [starred.code]
    assert 'aria-pressed="true"' in client.get(f"/programs/{starred.code}").text
    client.post("/programs/favourite", data={"code": starred.code, "on": "0", "next": "//evil.example"})
    assert favourites(demo) == set()


def test_starring_a_program_not_on_the_sheet_names_it(demo: Services) -> None:
    from matchpilot.errors import NotFoundError

    with pytest.raises(NotFoundError, match="9999999Z9"):
        set_favourite(demo, "9999999z9")
    assert favourites(demo) == set()


def test_the_program_page_offers_a_star_and_compare_with_by_name(client: TestClient, demo: Services) -> None:
    this, other = demo.list_programs().programs[:2]
    page = client.get(f"/programs/{this.code}").text
    assert 'id="favourite-button"' in page and 'aria-pressed="false"' in page
    offered = section(page, 'id="compare-with"', "</select>")
    assert f'<option value="{other.code}">{other.name} ({other.code})</option>' in offered
    assert f'value="{this.code}">' not in offered  # not compared with itself
    compared = client.get("/programs/compare", params=[("code", this.code), ("code", other.code)])
    assert compared.status_code == 200 and this.name in compared.text and other.name in compared.text


def test_stars_belong_to_one_workspace(demo: Services) -> None:
    from matchpilot.services.workspace import Services as Workspace

    theirs = Workspace(demo.database, owner="someone-else", today=lambda: TODAY)
    load_demo(theirs)
    code = theirs.list_programs().programs[0].code
    set_favourite(theirs, code)
    assert favourites(theirs) == {code} and favourites(demo) == set()
    set_favourite(theirs, code, on=False)
