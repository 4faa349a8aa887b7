"""The editing pages without JavaScript (issue 15, item 2): "Edit facts" with fields named after the sheet's
columns, interest and notes, adding a program, removing one after a confirmation page, clearing the demo. A bad
field comes back as typed, named in an error summary and tied to its message; nothing is half-saved."""

from __future__ import annotations

import re
from datetime import date

from matchpilot.services import Services
from matchpilot.services.editing import EDITABLE_FACTS
from matchpilot.web import create_app

from support.web import TestClient, demo_fixture

TODAY = date(2026, 11, 23)


demo = demo_fixture(TODAY)


def client_of(services: Services) -> TestClient:
    return TestClient(create_app(services), base_url="http://127.0.0.1:8000")


def form_of(page: str) -> dict[str, str]:
    """What a browser would send from the edit form as loaded (every field, as shown)."""
    values = dict(re.findall(r'<input id="[^"]+" name="([^"]+)" type="text" value="([^"]*)"', page))
    for name, body in re.findall(r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        values[name] = chosen.group(1) if chosen else ""
    return values


def test_the_edit_form_names_each_field_after_the_sheets_column(demo: Services) -> None:
    code = demo.list_programs().programs[0].code
    page = client_of(demo).get(f"/programs/{code}")
    assert f'href="/programs/{code}/edit"' in page.text
    form = client_of(demo).get(f"/programs/{code}/edit").text
    fields = form_of(form)
    for column in EDITABLE_FACTS:
        assert {column, f"{column}_source", f"{column}_checked_on"} <= set(fields)
    assert all(fields[f"{column}_source"] == "" for column in EDITABLE_FACTS)


def test_a_fact_corrected_on_the_web_is_saved_with_its_source(demo: Services) -> None:
    client = client_of(demo)
    program = demo.list_programs().programs[0]
    fields = form_of(client.get(f"/programs/{program.code}/edit").text)
    fields.update(visa_j1="no" if program.visa_j1 else "yes", visa_j1_source="call with the coordinator")
    answer = client.post(f"/programs/{program.code}/edit", data=fields)
    assert answer.status_code == 200 and "Saved: 1 fact changed, with its source." in answer.text
    saved = demo.get_program(program.code)
    assert saved.visa_j1 is not program.visa_j1
    assert saved.provenance_of("visa_j1").source == "call with the coordinator"
    assert saved.provenance_of("visa_j1").checked_on == TODAY
    assert "call with the coordinator" in answer.text


def test_a_bad_field_comes_back_named_focused_and_nothing_is_saved(demo: Services) -> None:
    client = client_of(demo)
    program = demo.list_programs().programs[0]
    fields = form_of(client.get(f"/programs/{program.code}/edit").text)
    fields.update(positions="3", positions_source="website", img_share="lots")
    answer = client.post(f"/programs/{program.code}/edit", data=fields)
    assert answer.status_code == 400
    summary = re.search(r'<div class="notice notice-error error-summary"[^>]*>', answer.text)
    assert summary is not None and "autofocus" in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    assert 'href="#f-img_share"' in answer.text
    field = re.search(r'<input id="f-img_share"[^>]*>', answer.text)
    assert field is not None and "f-img_share-error" in field.group(0) and 'value="lots"' in field.group(0)
    assert 'id="f-img_share-error"' in answer.text
    assert demo.get_program(program.code) == program


def test_interest_and_notes_from_the_program_page(demo: Services) -> None:
    client = client_of(demo)
    code = demo.list_programs().programs[0].code
    saved = client.post(f"/programs/{code}/interest", data={"interest": "5", "notes": "Great SCI unit"})
    assert saved.status_code == 200 and "Your interest and notes were saved." in saved.text
    assert (demo.get_program(code).interest, demo.get_program(code).notes) == (5, "Great SCI unit")
    refused = client.post(f"/programs/{code}/interest", data={"interest": "high", "notes": "changed"})
    assert refused.status_code == 400 and 'id="f-interest-error"' in refused.text and "changed" in refused.text
    assert demo.get_program(code).notes == "Great SCI unit"


def test_a_program_is_added_from_its_form_and_a_bad_one_is_refused_as_typed(demo: Services) -> None:
    client = client_of(demo)
    count = demo.program_count()
    refused = client.post(
        "/sheet/add", data={"code": "1234340C0", "name": "Riverside (fictional)", "specialty": "", "track": "C"}
    )
    assert refused.status_code == 400 and 'href="#f-specialty"' in refused.text and 'href="#f-source"' in refused.text
    assert 'value="Riverside (fictional)"' in refused.text and demo.program_count() == count
    added = client.post(
        "/sheet/add",
        data={"code": "1234340C0", "name": "Riverside (fictional)", "specialty": "PM&R", "track": "C", "source": "web"},
    )
    assert added.status_code == 200 and "The program was added to your sheet." in added.text
    assert demo.program_count() == count + 1


def test_a_program_is_removed_only_after_the_confirmation_page(demo: Services) -> None:
    client = client_of(demo)
    program = demo.list_programs().programs[0]
    confirm = client.get(f"/programs/{program.code}/remove")
    assert confirm.status_code == 200 and "Yes, remove this program" in confirm.text
    assert demo.program_count() > 0 and demo.get_program(program.code) == program
    done = client.post(f"/programs/{program.code}/remove")
    assert done.status_code == 200 and "was removed from your sheet" in done.text
    assert client.get(f"/programs/{program.code}").status_code == 404


def test_the_sheet_page_offers_to_clear_the_demo_and_clearing_keeps_nothing_of_it(demo: Services) -> None:
    client = client_of(demo)
    sheet = client.get("/sheet").text
    assert 'href="/sheet/clear-demo"' in sheet
    assert client.get("/sheet/clear-demo").status_code == 200 and demo.program_count() > 0
    cleared = client.post("/sheet/clear-demo")
    assert cleared.status_code == 200 and demo.program_count() == 0
    assert 'href="/sheet/clear-demo"' not in client.get("/sheet").text
