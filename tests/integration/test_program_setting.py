"""Issue 16 item 6 (leftover): the program sheet has a `setting` column (urban, suburban, rural); the demo's
fictional programs have one; the program page and the edit form show it; a program in the setting the profile
prefers is worth half a point more on My list, said in words; a bad setting is refused on its field, nothing
saved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.domain.geography import Setting
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.web import create_app

from support.web import TestClient

TODAY = date(2026, 11, 23)
SHEET = (
    "code,name,specialty,track,state,visa_j1,setting\n"
    "1001340C0,Harbor Rehab (fictional),PM&R,C,TX,yes,Rural\n"
    "1002340C0,Plains Rehab (fictional),PM&R,C,TX,yes,urban\n"
)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Services]:
    services = build_services(database_url=f"sqlite:///{tmp_path}/t.db", today=lambda: TODAY)
    load_demo(services)
    yield services
    services.database.dispose()


def client_of(services: Services) -> TestClient:
    return TestClient(create_app(services), base_url="http://127.0.0.1:8000")


def test_the_demo_programs_have_a_setting_shown_on_their_page_and_in_the_edit_form(demo: Services) -> None:
    program = next(p for p in demo.list_programs().programs if p.setting is not None)
    assert program.setting is not None
    page = client_of(demo).get(f"/programs/{program.code}").text
    row = page.split('<tr id="fact-setting">', 1)[1].split("</tr>", 1)[0]
    assert "Setting (urban, suburban or rural)" in row
    assert f'<td class="fact-value">{program.setting.value.capitalize()}</td>' in row
    form = client_of(demo).get(f"/programs/{program.code}/edit").text
    assert 'name="setting"' in form and f'<option value="{program.setting.value}" selected>' in form
    assert '<option value="rural"' in form and '<option value="suburban"' in form


def test_a_setting_corrected_on_the_web_is_saved_and_a_bad_one_is_refused(demo: Services) -> None:
    client = client_of(demo)
    program = demo.list_programs().programs[0]
    changed = Setting.RURAL if program.setting is not Setting.RURAL else Setting.URBAN
    answer = client.post(
        f"/programs/{program.code}/edit", data={"setting": changed.value, "setting_source": "program website"}
    )
    assert answer.status_code == 200, answer.text
    saved = demo.get_program(program.code)
    assert saved.setting is changed and saved.provenance_of("setting").source == "program website"
    refused = client.post(f"/programs/{program.code}/edit", data={"setting": "seaside", "visa_j1": "no"})
    assert refused.status_code == 400 and "seaside" in refused.text
    assert demo.get_program(program.code) == saved  # nothing half-saved


def test_my_list_adds_the_preferred_settings_half_point_in_words(tmp_path: Path) -> None:
    services = build_services(database_url=f"sqlite:///{tmp_path}/t.db", today=lambda: TODAY)
    client = client_of(services)
    profile = {"name": "A (fictional)", "applicant_type": "non_us_img", "visa_need": "j1", "targets": "PM&R"}
    assert client.post("/profile", data={**profile, "preferred_setting": "rural"}).status_code == 200
    assert services.import_programs_bytes(SHEET.encode(), "sheet.csv").ok
    assert services.get_program("1001340C0").setting is Setting.RURAL
    text = " ".join(client.get("/picks").text.split())
    assert "+0.5 because its setting is rural, as you prefer" in text
    assert "its setting is urban" not in text
    services.database.dispose()
