"""Issue 16 item 6 on the web: the profile form takes up to three Census divisions (typed leniently), a setting,
program types and fellowships; a fourth division is refused by its field and nothing is saved; My list then
shows why each program's worth is what it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from matchpilot.bootstrap import build_services
from matchpilot.domain.geography import Setting
from matchpilot.domain.program import ProgramType
from matchpilot.web import create_app

from support.web import TestClient

TODAY = date(2026, 11, 23)
SHEET = (
    "code,name,specialty,track,state,visa_j1,program_type\n"
    "1001340C0,Harbor Rehab (fictional),PM&R,C,MA,yes,university\n"
    "1002340C0,Plains Rehab (fictional),PM&R,C,KS,yes,community\n"
)


def test_the_form_saves_divisions_and_setting_and_my_list_explains_the_worth(tmp_path: Path) -> None:
    services = build_services(database_url=f"sqlite:///{tmp_path}/t.db", today=lambda: TODAY)
    client = TestClient(create_app(services), base_url="http://127.0.0.1:8000")
    form = client.get("/profile")
    assert form.status_code == 200 and 'name="preferred_divisions"' in form.text and "New England" in form.text
    assert 'name="preferred_setting"' in form.text
    answer = client.post(
        "/profile",
        data={
            "name": "A (fictional)",
            "applicant_type": "non_us_img",
            "visa_need": "j1",
            "targets": "PM&R",
            "preferred_divisions": "new england, Pacific division",
            "preferred_setting": "urban",
            "preferred_program_types": "Academic",
            "wanted_fellowships": "brain injury",
        },
    )
    assert answer.status_code == 200 and "Your profile was saved." in answer.text
    profile = services.profile()
    assert profile is not None
    assert profile.preferred_divisions == ("New England", "Pacific") and profile.preferred_setting is Setting.URBAN
    assert profile.preferred_program_types == (ProgramType.UNIVERSITY,)
    assert 'value="New England, Pacific"' in client.get("/profile").text

    refused = client.post(
        "/profile",
        data={
            "name": "A (fictional)",
            "applicant_type": "non_us_img",
            "preferred_divisions": "New England, Pacific, Mountain, South Atlantic",
        },
    )
    assert refused.status_code == 400
    assert "4 divisions given" in refused.text and "choose at most 3" in refused.text
    assert 'value="New England, Pacific, Mountain, South Atlantic"' in refused.text  # the form as typed
    kept = services.profile()
    assert kept is not None and kept.preferred_program_types == (ProgramType.UNIVERSITY,)  # nothing saved

    assert services.import_programs_bytes(SHEET.encode(), "sheet.csv").ok
    page = client.get("/picks")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "+1 because it is in your preferred division, New England" in text
    assert "+0.5 because it is a university program, as you prefer" in text
    moved = client.post(
        "/profile",
        data={
            "name": "A (fictional)",
            "applicant_type": "non_us_img",
            "visa_need": "j1",
            "targets": "PM&R",
            "preferred_divisions": "West North Central",
        },
    )
    assert moved.status_code == 200
    again = " ".join(client.get("/picks").text.split())
    assert "+1 because it is in your preferred division, West North Central" in again
    assert "preferred division, New England" not in again
    services.database.dispose()
