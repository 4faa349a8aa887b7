"""The Evidence pages through FastAPI's TestClient: the upload page in the navigation, an upload and its report,
a foreign file refused next to the field, the review page (accept a suggestion, undo a link, link by hand), and
the evidence shown on the program page and as a badge on the sheet, with the conflict."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.web import create_app

from support.lca import HARBOR, LAKEVIEW, OLDER_HEADER, sample_cases, write_csv, write_xlsx, write_xlsx_bomb
from support.web import TestClient

TODAY = date(2026, 11, 23)

SHEET = (
    "code,name,institution,state,specialty,track,visa_j1,visa_h1b\n"
    "1001340C0,Lakeview Rehabilitation (fictional),University of Lakeview Medical Center,NY,PM&R,categorical,no,no\n"
    "1002340C0,Harbor Rehabilitation (fictional),Harbor City Hospital System,NJ,PM&R,categorical,no,\n"
)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = build_services(database_url=f"sqlite:///{tmp_path}/db/t.db", today=lambda: TODAY)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    assert built.import_programs(sheet).ok
    yield built
    built.database.dispose()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services)) as made:
        yield made


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _upload(client: TestClient, path: Path, *, sure: bool = False) -> str:
    data = {"accept_sure": "on"} if sure else {}
    answer = client.post("/evidence/import", files={"file": (path.name, path.read_bytes())}, data=data)
    assert answer.status_code == 200, answer.text
    return answer.text


def test_the_evidence_page_is_in_the_navigation(client: TestClient) -> None:
    home = client.get("/programs").text
    assert 'href="/evidence"' in home
    page = client.get("/evidence")
    assert page.status_code == 200
    assert '<label for="file">' in page.text and "An LCA is not a petition" in page.text


def test_upload_reports_what_was_kept_and_suggests_links(client: TestClient, tmp_path: Path) -> None:
    text = _text(_upload(client, write_csv(tmp_path / "lca.csv", sample_cases())))
    assert "kept 7 resident cases and 1 clinical fellow case" in text
    assert "2 suggested links to confirm" in text
    assert f"{LAKEVIEW} NY University of Lakeview Medical Center 100%" in text
    again = _text(_upload(client, tmp_path / "lca.csv"))
    assert "was imported before; nothing changed" in again


def test_a_foreign_file_is_refused_next_to_the_field(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "programs.csv"
    path.write_text(SHEET, encoding="utf-8")
    answer = client.post("/evidence/import", files={"file": (path.name, path.read_bytes())})
    assert answer.status_code == 400
    assert 'id="file-error"' in answer.text and 'aria-invalid="true"' in answer.text
    assert "lacks the columns CASE_NUMBER" in _text(answer.text)
    assert "None yet." in answer.text  # nothing imported


def test_a_zip_bomb_workbook_is_refused_naming_the_limit(client: TestClient, tmp_path: Path) -> None:
    path = write_xlsx_bomb(tmp_path / "lca.xlsx")  # a few kilobytes that declare 6 GB unpacked
    answer = client.post("/evidence/import", files={"file": (path.name, path.read_bytes())})
    assert answer.status_code == 413
    assert 'id="file-error"' in answer.text and 'aria-invalid="true"' in answer.text
    assert "lca.xlsx: the workbook unpacks to more than 5 GB (the limit for an LCA disclosure file)" in _text(
        answer.text
    )
    assert "None yet." in answer.text  # nothing imported


def test_review_accept_undo_and_link_by_hand(client: TestClient, tmp_path: Path) -> None:
    _upload(client, write_xlsx(tmp_path / "lca.xlsx", sample_cases(), header=OLDER_HEADER))
    answer = client.post(
        "/evidence/links/link",
        data={"employer": LAKEVIEW, "state": "NY", "institution": "University of Lakeview Medical Center"},
        follow_redirects=True,
    )
    assert answer.status_code == 200 and "Linked." in answer.text
    program = _text(client.get("/programs/1001340C0").text)
    assert "Public evidence: H-1B residents" in program
    assert "3 certified and 1 denied H-1B LCAs for residents" in program
    assert "Your sheet says this program does not sponsor H-1B" in program and "FY2025" in program
    sheet = client.get("/programs").text
    assert "badge-evidence badge-conflict" in sheet and "DOL: 3 H-1B resident LCAs" in _text(sheet)

    answer = client.post("/evidence/links/unlink", data={"employer": LAKEVIEW, "state": "NY"}, follow_redirects=True)
    assert "Link undone" in answer.text
    assert "No LCA evidence linked" in client.get("/programs/1001340C0").text
    assert "Not linked by you" in answer.text

    client.post(
        "/evidence/links/link",
        data={"employer": LAKEVIEW, "state": "NY", "institution": "University of Lakeview Medical Center"},
    )
    assert "3 certified" in _text(client.get("/programs/1001340C0").text)


def test_accept_the_sure_ones(client: TestClient, tmp_path: Path) -> None:
    _upload(client, write_csv(tmp_path / "lca.csv", sample_cases()))
    answer = client.post("/evidence/links/accept-sure", follow_redirects=True)
    assert "The sure suggestions were linked." in answer.text
    text = _text(answer.text)
    assert f"{HARBOR} NJ Harbor City Hospital System suggestion, 100%" in text
    harbor = _text(client.get("/programs/1002340C0").text)
    assert "1 certified and 0 denied H-1B LCA for residents" in harbor
    assert "does not sponsor H-1B" not in harbor  # the sheet does not say so: no conflict


def test_an_unknown_institution_is_a_clear_error(client: TestClient, tmp_path: Path) -> None:
    _upload(client, write_csv(tmp_path / "lca.csv", sample_cases()))
    answer = client.post("/evidence/links/link", data={"employer": LAKEVIEW, "institution": "Atlantis General"})
    assert answer.status_code == 404 and "Atlantis General" in answer.text
