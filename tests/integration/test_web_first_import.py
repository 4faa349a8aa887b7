"""The first import is never a dead end (issue 15, items 1, 4, 5), through FastAPI's TestClient: the Import page
takes a normal spreadsheet with its own column names straight to the mapping step with the file carried, offers a
template of the sheet's columns, and the imported sheet has one PM&R filter option finding every PM&R program."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.domain import parse_sheet
from matchpilot.domain.sheet import SHEET_COLUMNS
from matchpilot.services import Services
from matchpilot.web import create_app

from support.web import TestClient

TODAY = date(2026, 11, 23)

TRACKER = (
    "Program Name,NRMP Code,ST,Specialty,Track,IMG %,Interview date\n"
    "Lakeview Rehabilitation (fictional),1001340C0,NY,PM&R,Categorical,35%,2026-10-20\n"
    "Harbor Rehab (fictional),1002340A0,NJ,Physical Medicine & Rehabilitation,Advanced,20%,2026-12-15\n"
    "Hillcrest Rehab (fictional),1003340C0,PA,PM&R,Categorical,0.4,\n"
    "Riverside Rehab (fictional),1004340C0,NY,PM&R,Categorical,12%,2026-11-02\n"
    "Summit Rehab (fictional),1005340C0,OH,PM&R,Categorical,50%,\n"
    "Meadow Rehab (fictional),1006340C0,NY,PM&R,Categorical,8%,2027-01-10\n"
    "Quill Medicine (fictional),1007140P0,NY,IM,Preliminary,60%,\n"
)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = build_services(database_url=f"sqlite:///{tmp_path}/db/t.db", today=lambda: TODAY)
    yield built
    built.database.dispose()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services)) as made:
        yield made


def selected_targets(page: str) -> dict[str, str]:
    """The mapping form's selects: the file's column (its label) → the chosen value."""
    chosen = {}
    for field in re.finditer(r'<label for="map-\d+">([^<]*)</label>\s*<select[^>]*>(.*?)</select>', page, re.S):
        value = re.search(r'<option value="([^"]*)" selected>', field.group(2))
        chosen[field.group(1)] = value.group(1) if value else ""
    return chosen


def import_file(client: TestClient, text: str, *, replace: bool = False, follow: bool = False) -> object:
    data = {"replace": "on"} if replace else {}
    return client.post(
        "/programs/import",
        files={"file": ("my tracker.csv", text.encode(), "text/csv")},
        data=data,
        follow_redirects=follow,
    )


def test_a_spreadsheet_with_its_own_columns_goes_straight_to_the_mapping_step(
    client: TestClient, services: Services
) -> None:
    sent = import_file(client, TRACKER, replace=True)
    assert sent.status_code == 303  # type: ignore[attr-defined]
    where = sent.headers["location"]  # type: ignore[attr-defined]
    assert where.startswith("/sheet/mapping?upload=") and "from=import" in where and "replace=on" in where
    assert services.program_count() == 0  # nothing saved before the user confirms
    page = client.get(where)
    assert page.status_code == 200
    assert "Nothing was saved" not in page.text
    assert "named differently from the sheet" in page.text
    assert "“Program Name”" in page.text
    chosen = selected_targets(page.text)
    assert chosen["Program Name"] == "name"
    assert chosen["NRMP Code"] == "code"
    assert chosen["ST"] == "state"
    assert chosen["IMG %"] == "img_share"
    assert chosen["Interview date"] == "interview_date"  # never checked_on: an upcoming interview would block it
    assert re.search(r'<input id="replace" name="replace" type="checkbox" value="on" checked', page.text)

    upload_id = re.search(r'name="upload" value="([^"]+)"', page.text)
    assert upload_id is not None
    form = {"upload": upload_id.group(1), "action": "import"}
    form |= {f"map-{index}": target for index, target in enumerate(
        ["name", "code", "state", "specialty", "track", "img_share", ""])}  # fmt: skip
    done = client.post("/sheet/mapping", data=form)
    assert done.status_code == 200, done.text
    assert services.program_count() == 7

    lakeview = services.get_program("1003340C0")
    assert lakeview.img_share == 40  # the Excel percent cell 0.4 among typed percentages
    assert services.get_program("1002340A0").specialty == "PM&R"
    assert services.get_program("1007140P0").specialty == "Internal Medicine"
    choices = services.filter_choices()["specialty"]
    assert choices == ["Internal Medicine", "PM&R"]
    sheet = client.get("/programs", params={"specialty": "PM&R"})
    assert sheet.status_code == 200
    assert len(re.findall(r'href="/programs/100\d340[AC]0"', sheet.text)) >= 6
    for code in ("1001340C0", "1002340A0", "1003340C0", "1004340C0", "1005340C0", "1006340C0"):
        assert f"/programs/{code}" in sheet.text


def test_the_mapping_link_works_only_for_the_same_owner_and_a_kept_file(client: TestClient) -> None:
    page = client.get("/sheet/mapping", params={"upload": "x" * 32, "from": "import"})
    assert page.status_code == 400
    assert "upload it again" in page.text


def test_a_file_in_the_sheets_own_columns_still_imports_at_once(client: TestClient, services: Services) -> None:
    own = (
        "code,name,specialty,track,img_share,checked_on\n"
        "1001340C0,Lakeview (fictional),Physiatry,C,35,2026-12-15\n"
        "1002340C0,Harbor (fictional),PM&R,C,0.4,2026-11-01\n"
        "1003340C0,Summit (fictional),PM&R,C,12,\n"
    )
    page = import_file(client, own)
    assert page.status_code == 200  # type: ignore[attr-defined]
    text = page.text  # type: ignore[attr-defined]
    assert "Imported 3 programs" in text
    assert "2026-12-15 is in the future" in text  # a warning on its row, not a block
    assert "0.4 is read as 40%" in text
    assert "&#39;Physiatry&#39; is saved as &#39;PM&amp;R&#39;" in text
    assert services.get_program("1002340C0").img_share == 40
    assert services.get_program("1001340C0").specialty == "PM&R"


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_import_page(client: TestClient) -> None:
    page = client.post("/programs/import", files={"file": ("notes.txt", b"hello", "text/plain")})
    assert page.status_code == 400
    assert "Nothing was imported" in page.text


def test_the_import_page_links_a_template_that_imports_as_it_is(client: TestClient, services: Services) -> None:
    page = client.get("/programs/import")
    assert 'href="/programs/import/template.csv"' in page.text
    assert 'href="/programs/import/template.xlsx"' in page.text
    template = client.get("/programs/import/template.csv")
    assert template.status_code == 200
    assert "attachment" in template.headers["content-disposition"]
    header, *rows = list(csv.reader(io.StringIO(template.text)))
    assert header == list(SHEET_COLUMNS)
    assert len(rows) == 1 and "(fictional)" in rows[0][1]
    parsed = parse_sheet(header, rows, today=TODAY)
    assert parsed.ok and not parsed.issues
    assert client.get("/programs/import/template.xlsx").content[:2] == b"PK"
    assert client.get("/programs/import/template.pdf").status_code == 404
    imported = import_file(client, template.text)
    assert "Imported 1 program" in imported.text  # type: ignore[attr-defined]
