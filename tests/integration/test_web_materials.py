"""The Materials pages through FastAPI's TestClient: linked from the navigation; statements written, checked
without saving and saved; experience entries and letters added and edited; a bad field comes back named, tied to
its input, with status 400 and nothing saved; no page names a terminal command."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from matchpilot.services import Services
from matchpilot.services import materials as mat
from matchpilot.web import create_app
from matchpilot.web.materials_routes import readiness_link

from support.db import make_services
from support.web import TestClient

PMR = (
    "Physiatry is where I belong. During my observership on an inpatient rehabilitation unit I took part in team "
    "rounds and functional assessments, and saw what quality of life means to a patient after a stroke."
)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    made = make_services(f"sqlite:///{tmp_path}/web.db")
    yield made
    made.database.dispose()


@pytest.fixture
def client(services: Services) -> TestClient:
    return TestClient(create_app(services))


def _words(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_materials_page_is_in_the_navigation_and_lists_what_to_do(client: TestClient) -> None:
    home = client.get("/")
    assert 'href="/materials"' in home.text
    page = client.get("/materials")
    assert page.status_code == 200
    words = _words(page.text)
    assert "PM&R statement (core)" in words and "not written" in words
    assert "None of your letters is from a PM&R physician." not in words  # no letter: plan some first
    assert "No letter of recommendation is planned yet." in words
    assert 'aria-current="page">Materials' in page.text


def test_a_statement_can_be_checked_without_saving_then_saved(client: TestClient, services: Services) -> None:
    checked = client.post("/materials/statements/pmr", data={"text": "I like physiatry.", "action": "check"})
    assert checked.status_code == 200
    words = _words(checked.text)
    assert "Tells of your rehabilitation experience" in words and "Looked for" in words and "Why" in words
    assert not mat.statement(services, "pmr").written
    saved = client.post("/materials/statements/pmr", data={"text": PMR, "action": "save"})
    assert saved.status_code == 200 and "Statement saved." in saved.text
    assert "every check passes" in _words(saved.text)
    assert mat.statement(services, "pmr").text == PMR


def test_an_empty_statement_is_refused_next_to_its_field(client: TestClient, services: Services) -> None:
    mat.save_statement(services, "general", "I care for complex, chronically ill patients.")
    page = client.post("/materials/statements/general", data={"text": "  ", "action": "save"})
    assert page.status_code == 400
    assert 'id="m-text-error"' in page.text and 'aria-invalid="true"' in page.text
    assert "Nothing was saved" in page.text
    assert mat.statement(services, "general").text == "I care for complex, chronically ill patients."


def test_an_unknown_variant_is_not_found_and_bridge_leads_to_its_page(client: TestClient) -> None:
    assert client.get("/materials/statements/surgery").status_code == 404
    bridge = client.get("/materials/statements/bridge", follow_redirects=False)
    assert bridge.status_code == 307 and bridge.headers["location"] == "/materials/statements/prelim"
    assert client.post("/materials/statements/surgery", data={"text": "x"}).status_code == 404


def test_experience_entries_are_added_edited_checked_and_removed(client: TestClient, services: Services) -> None:
    bad = client.post("/materials/experiences/new", data={"title": "", "organization": "", "description": "x"})
    assert bad.status_code == 400 and 'id="m-title-error"' in bad.text
    assert 'value=""' in bad.text and ">x</textarea>" in bad.text  # what was typed comes back
    assert mat.experiences(services) == []
    made = client.post(
        "/materials/experiences/new",
        data={"title": "Research assistant", "organization": "", "description": "Data for a cardiology trial."},
    )
    assert made.status_code == 200
    assert "Add one or two sentences that connect this experience to PM&amp;R values" in made.text
    entry = mat.experiences(services)[0]
    edited = client.post(
        f"/materials/experiences/{entry.id}",
        data={"title": "Research assistant", "organization": "", "description": "Mobility after stroke."},
    )
    assert edited.status_code == 200 and "connected to PM&amp;R values" in edited.text
    overview = _words(client.get("/materials").text)
    assert "Research assistant" in overview and "function, disability" in overview
    removed = client.post(f"/materials/experiences/{entry.id}/remove")
    assert removed.status_code == 200 and mat.experiences(services) == []
    assert client.get(f"/materials/experiences/{entry.id}").status_code == 404
    assert client.get("/materials/experiences/abc").status_code == 404


def test_letters_are_planned_and_tracked_and_bad_dates_are_named(client: TestClient, services: Services) -> None:
    fields = {"writer": "Dr. Ana Ruiz", "specialty": "Neurology", "uploaded_on": "", "assigned_on": "", "note": ""}
    bad = client.post("/materials/letters/new", data={**fields, "requested_on": "2026-02-30", "assigned_on": "x"})
    assert bad.status_code == 400
    assert 'id="m-requested_on-error"' in bad.text and 'id="m-assigned_on-error"' in bad.text
    assert mat.letters(services).letters == ()
    made = client.post("/materials/letters/new", data={**fields, "requested_on": "2026-10-01"})
    assert made.status_code == 200
    assert "None of your letters is from a PM&amp;R physician." in made.text
    letter = mat.letters(services).letters[0]
    out_of_order = client.post(
        f"/materials/letters/{letter.id}", data={**fields, "requested_on": "2026-10-01", "assigned_on": "2026-10-02"}
    )
    assert out_of_order.status_code == 400 and "a letter is assigned only after it is uploaded" in out_of_order.text
    assert mat.letter(services, letter.id).plan.assigned_on is None
    done = client.post(
        f"/materials/letters/{letter.id}", data={**fields, "requested_on": "2026-10-01", "uploaded_on": "2026-11-01"}
    )
    assert done.status_code == 200 and "Uploaded, not assigned to programs yet: Dr. Ana Ruiz." in done.text
    assert client.post(f"/materials/letters/{letter.id}/remove").status_code == 200
    assert mat.letters(services).letters == ()


def test_no_materials_page_names_a_command_or_a_file(client: TestClient, services: Services) -> None:
    mat.save_statement(services, "pmr", PMR)
    entry = mat.add_experience(services, "Observership", "", "I observed stroke care.")
    client.post("/materials/letters/new", data={"writer": "Dr. A", "specialty": "PM&R", "note": ""})
    pages = [
        "/materials",
        "/materials/statements/pmr",
        "/materials/statements/prelim",
        "/materials/statements/general",
        "/materials/experiences/new",
        f"/materials/experiences/{entry.id}",
        "/materials/letters/new",
        "/materials/letters/1",
    ]
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, path
        words = _words(page.text)
        for forbidden in ("matchpilot materials", "matchpilot soap", "RULES.md", "seed", "--json", ".py", "§"):
            assert forbidden not in words, (path, forbidden)


def test_every_readiness_item_links_to_where_it_is_worked_on(client: TestClient, services: Services) -> None:
    links = {item.key: readiness_link(item.key) for item in mat.readiness(services).items}
    assert links["statement-prelim"] == "/materials/statements/prelim#checks"
    assert links["experiences"] == "/materials#experiences" and links["letter-pmr"] == "/materials#letters"
    overview = client.get("/materials").text
    for link in links.values():
        assert f'href="{link}"' in overview
        assert client.get(link.split("#")[0]).status_code == 200
