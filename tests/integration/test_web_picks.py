"""The My list page through FastAPI's TestClient: the list, the chart and its numbers, the controls, and the
buttons that record what a program answered."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services.picks import list_outcomes
from matchpilot.web import create_app

from support.web import TestClient, demo_fixture

TODAY = date(2026, 6, 1)


demo = demo_fixture(TODAY)


def chosen_codes(html: str) -> list[str]:
    table = html.split('id="chosen-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr id="p-([^"]+)"', table)


def test_nav_links_to_my_list(demo: Services) -> None:
    html = TestClient(create_app(demo)).get("/").text
    assert '<a href="/picks"' in html and "My list" in html


def test_the_page_shows_the_list_reasons_chart_and_filtered_programs(demo: Services) -> None:
    response = TestClient(create_app(demo)).get("/picks")
    assert response.status_code == 200
    html = response.text
    assert len(chosen_codes(html)) == 45
    assert 'id="pick-count"' in html and "<strong>45</strong>" in html
    assert '<svg class="curve"' in html and 'role="img"' in html and "<desc" in html
    assert "The numbers behind this chart" in html and "yours" in html
    assert "Chance of at least one match" in html and "ERAS fees" in html
    assert re.search(r"would waste <strong>\d+ application slots</strong>", html)
    assert "you need J-1" in html


def test_the_controls_change_the_list(demo: Services) -> None:
    client = TestClient(create_app(demo))
    assert len(chosen_codes(client.get("/picks?max=7").text)) == 7
    html = client.get("/picks?max=8&min_prelim=3&max_pmr=4").text
    kinds = re.findall(
        r"<td>(pmr|prelim|transitional|other)</td>", html.split('id="chosen-table"', 1)[1].split("</table>")[0]
    )
    assert len(kinds) == 8 and kinds.count("prelim") >= 3 and kinds.count("pmr") <= 4
    budget = client.get("/picks?budget=200").text
    assert "The best list for each ERAS budget" in budget and "your budget" in budget
    assert re.search(r"US\$(\d+)</span>", budget)


def test_bad_or_impossible_limits_are_explained_next_to_the_form(demo: Services) -> None:
    client = TestClient(create_app(demo))
    bad = client.get("/picks?max=abc")
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.text and "is not a whole number" in bad.text
    impossible = client.get("/picks?max=3&min_pmr=5")
    assert impossible.status_code == 400 and "No list with these limits" in impossible.text
    assert 'name="max" type="text"' in impossible.text  # the form is still there


def test_recording_an_answer_updates_the_list(demo: Services) -> None:
    client = TestClient(create_app(demo))
    before = chosen_codes(client.get("/picks?max=5").text)
    first = before[0]
    response = client.post(
        "/picks/outcome", data={"code": first, "outcome": "rejected", "back": "max=5&junk=1"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/picks?max=5&recorded={first}#p-{first}"
    page = client.get(response.headers["location"].split("#")[0]).text
    after = chosen_codes(page)
    assert first not in after and len(after) == 5
    assert "Saved the answer of" in page and "you recorded a rejection" in page
    assert [o.code for o in list_outcomes(demo)] == [first]
    client.post("/picks/outcome", data={"code": first, "outcome": "clear", "back": "max=5"})
    assert list_outcomes(demo) == ()
    assert chosen_codes(client.get("/picks?max=5").text) == before


def test_unknown_program_or_word_is_refused(demo: Services) -> None:
    client = TestClient(create_app(demo))
    assert client.post("/picks/outcome", data={"code": "NOPE", "outcome": "invited"}).status_code == 404
    code = chosen_codes(client.get("/picks?max=1").text)[0]
    assert client.post("/picks/outcome", data={"code": code, "outcome": "maybe"}).status_code == 400
    foreign = client.post(
        "/picks/outcome", data={"code": code, "outcome": "invited"}, headers={"origin": "https://evil.example"}
    )
    assert foreign.status_code == 403 and list_outcomes(demo) == ()


def test_without_a_profile_the_page_says_what_to_do(tmp_path: Path) -> None:
    empty = build_services(database_url=f"sqlite:///{tmp_path}/e.db", today=lambda: TODAY)
    try:
        response = TestClient(create_app(empty)).get("/picks")
        assert response.status_code == 400 and "no profile yet" in response.text
    finally:
        empty.database.dispose()


def test_a_long_left_out_list_shows_the_most_useful_first_and_all_on_request(demo: Services) -> None:
    client = TestClient(create_app(demo))
    short = client.get("/picks?max=5").text
    rows = re.findall(r'<tr id="p-[^"]+">', short.split('id="others-table"')[1])
    assert len(rows) == 100
    assert "Show all" in short and 'id="others-limit"' in short
    everything = client.get("/picks?max=5&others=all").text
    all_rows = re.findall(r'<tr id="p-[^"]+">', everything.split('id="others-table"')[1])
    assert len(all_rows) > 100 and 'id="others-limit"' not in everything


def test_a_long_filtered_list_shows_a_hundred_and_all_on_request(demo: Services) -> None:
    rows = ["code,name,specialty,track,visa_j1,visa_h1b,img_share"]
    rows += [f"7{i:03d}340C0,No Visa Rehab {i} (fictional),PM&R,categorical,no,no,50" for i in range(150)]
    assert demo.import_programs_bytes(("\n".join(rows) + "\n").encode(), "more.csv").ok
    client = TestClient(create_app(demo))
    short = client.get("/picks?max=5").text
    total = int(re.search(r"Programs that will not consider you \((\d+)\)", short).group(1))  # type: ignore[union-attr]
    assert total >= 150
    shown = re.findall(r'<tr id="p-[^"]+">', short.split('id="filtered-table"')[1].split("</table>")[0])
    assert len(shown) == 100 and 'id="filtered-limit"' in short and f"Show all {total}" in short
    everything = client.get("/picks?max=5&filtered=all").text
    table = everything.split('id="filtered-table"')[1].split("</table>")[0]
    assert len(re.findall(r'<tr id="p-[^"]+">', table)) == total and 'id="filtered-limit"' not in everything
    assert "No Visa Rehab 149 (fictional)" in table


def test_my_list_uses_the_fees_of_the_users_rules_file(
    demo: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "my-rules.toml"
    rules.write_text(
        '[eras_fees.2026]\nvalue = [{ first = 1, usd = 99 }]\nsource = "My corrected ERAS fees (fictional)"\n'
        "checked = 2026\n",
        encoding="utf-8",
    )
    client = TestClient(create_app(demo))
    assert "My corrected ERAS fees (fictional)" not in client.get("/picks?max=5").text
    monkeypatch.setenv("MATCHPILOT_RULES_FILE", str(rules))
    page = client.get("/picks?max=5").text
    assert "My corrected ERAS fees (fictional)" in page and "US$99" in page
    rules.write_text(rules.read_text(encoding="utf-8").replace("My corrected", "My re-corrected"), encoding="utf-8")
    assert "My re-corrected ERAS fees (fictional)" in client.get("/picks?max=5").text  # an edit shows at once
