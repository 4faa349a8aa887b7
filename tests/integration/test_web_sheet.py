"""The Sheet pages through FastAPI's TestClient: the mapping step, the preview with problems marked, the import;
the merge report, confirming it, resolving a conflict with one click; the shared download; the freshness badge."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services import sheet_tools as tools
from matchpilot.web import create_app

from support.web import TestClient

TODAY = date(2026, 6, 1)

FOREIGN = (
    "NRMP Code,Program,Specialty,Position type,Visa,IMG %,Last checked\n"
    "1001340C0,Lakeview Rehabilitation (fictional),PM&R,Categorical,J-1 only,35%,2026-03-01\n"
    "1002340A0,Harbor PM&R (fictional),PM&R,Advanced,J-1 and H-1B,12 %,2026-04-01\n"
)

MINE = (
    "code,name,specialty,track,visa_j1,img_share,interest,notes,source,checked_on\n"
    "1001340C0,Lakeview Rehabilitation (fictional),PM&R,categorical,yes,35,5,my favourite,website,2026-03-01\n"
    "1002340A0,Harbor PM&R (fictional),PM&R,advanced,,12,3,,website,2024-04-01\n"
)

PEER = (
    "code,name,specialty,track,visa_j1,img_share,source,checked_on\n"
    "1001340C0,Lakeview Rehabilitation (fictional),PM&R,categorical,no,35,a classmate,\n"
    "1002340A0,Harbor PM&R (fictional),PM&R,advanced,yes,20,FREIDA,2026-05-01\n"
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


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, name
    return found.group(1)


def selected_targets(page: str) -> dict[str, str]:
    """The mapping form's selects: name → chosen value."""
    chosen = {}
    for select in re.finditer(r'<select id="(map-\d+)" name="map-\d+"[^>]*>(.*?)</select>', page, re.S):
        value = re.search(r'<option value="([^"]*)" selected>', select.group(2))
        chosen[select.group(1)] = value.group(1) if value else ""
    return chosen


def upload(client: TestClient, text: str | bytes, name: str = "freida.csv") -> object:
    content = text.encode() if isinstance(text, str) else text
    return client.post("/sheet/upload", files={"file": (name, content, "text/csv")})


def test_sheet_home_and_nav(client: TestClient) -> None:
    page = client.get("/sheet")
    assert page.status_code == 200
    assert '<a href="/sheet" aria-current="page">Sheet</a>' in page.text
    assert "Import a spreadsheet" in page.text and "/sheet/share.csv" in page.text


def test_upload_shows_the_suggested_mapping_and_the_preview(client: TestClient) -> None:
    page = upload(client, FOREIGN)
    assert page.status_code == 200  # type: ignore[attr-defined]
    text = page.text  # type: ignore[attr-defined]
    assert selected_targets(text) == {
        "map-0": "code",
        "map-1": "name",
        "map-2": "specialty",
        "map-3": "track",
        "map-4": "visa",
        "map-5": "img_share",
        "map-6": "checked_on",
    }
    assert '<label for="map-5">IMG %</label>' in text
    assert 'id="preview-table"' in text and "was “35%”" in text


def test_import_with_the_mapping_and_save_it(client: TestClient, services: Services) -> None:
    text = upload(client, FOREIGN).text  # type: ignore[attr-defined]
    form = {"upload": hidden(text, "upload"), "action": "import"}
    form |= selected_targets(text)
    form["save_as"] = "FREIDA export"
    done = client.post("/sheet/mapping", data=form)
    assert done.status_code == 200 and "Imported 2 programs" in done.text
    assert services.get_program("1001340C0").visa_h1b is False
    assert [saved.name for saved in tools.list_mappings(services)] == ["FREIDA export"]
    again = client.post(
        "/sheet/upload", files={"file": ("later.csv", FOREIGN.encode(), "text/csv")}, data={"saved": "FREIDA export"}
    )
    assert "from the saved mapping" in again.text


def test_problems_are_marked_in_the_preview_and_block_the_import(client: TestClient, services: Services) -> None:
    text = upload(client, FOREIGN.replace("J-1 only", "maybe")).text  # type: ignore[attr-defined]
    assert 'class="cell-problem"' in text and "“maybe”" in text
    form = {"upload": hidden(text, "upload"), "action": "import"}
    form |= selected_targets(text)
    refused = client.post("/sheet/mapping", data=form)
    assert refused.status_code == 400
    assert "Nothing was imported" in refused.text and "row 2, column Visa:" in refused.text
    assert services.program_count() == 0


def test_required_column_unmapped_is_named_and_nothing_is_written(client: TestClient, services: Services) -> None:
    text = upload(client, FOREIGN).text  # type: ignore[attr-defined]
    form = {"upload": hidden(text, "upload"), "action": "import"}
    form |= selected_targets(text) | {"map-3": ""}
    refused = client.post("/sheet/mapping", data=form)
    assert refused.status_code == 400
    assert "the required column &#39;track&#39; is not mapped" in refused.text
    assert services.program_count() == 0


def test_two_columns_on_one_target_is_tied_to_the_field(client: TestClient) -> None:
    text = upload(client, FOREIGN).text  # type: ignore[attr-defined]
    form = {"upload": hidden(text, "upload"), "action": "preview"}
    form |= selected_targets(text) | {"map-2": "name"}
    page = client.post("/sheet/mapping", data=form)
    assert page.status_code == 200
    assert 'aria-describedby="map-2-error map-2-hint" aria-invalid="true"' in page.text
    assert 'id="map-2-error"' in page.text and "both mapped to &#39;name&#39;" in page.text


def test_a_file_that_is_not_a_spreadsheet(client: TestClient) -> None:
    page = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.csv")
    assert page.status_code == 400  # type: ignore[attr-defined]
    assert 'id="file-error"' in page.text and "not a CSV text file" in page.text  # type: ignore[attr-defined]
    assert 'aria-invalid="true"' in page.text  # type: ignore[attr-defined]
    lost = client.post("/sheet/mapping", data={"upload": "%%%"})
    assert lost.status_code == 400 and "upload it again" in lost.text


def test_merge_report_confirm_and_resolve_with_one_click(client: TestClient, services: Services) -> None:
    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    report = client.post("/sheet/merge", files={"file": ("peer.csv", PEER.encode(), "text/csv")})
    assert report.status_code == 200
    assert 'id="merge-conflicts"' in report.text and "a classmate" in report.text
    assert services.get_program("1002340A0").img_share == 12.0  # a dry run writes nothing
    form = {"upload": hidden(report.text, "upload")}
    done = client.post("/sheet/merge/apply", data=form)
    assert done.status_code == 200 and "Merged peer.csv" in done.text
    assert services.get_program("1002340A0").img_share == 20.0
    assert 'id="conflict-1001340C0-visa_j1"' in done.text
    resolved = client.post(
        "/sheet/conflicts/resolve", data={"code": "1001340C0", "column": "visa_j1", "choice": "theirs"}
    )
    assert resolved.status_code == 200 and "took their value" in resolved.text
    assert "No open conflicts" in resolved.text
    program = services.get_program("1001340C0")
    assert program.visa_j1 is False and program.notes == "my favourite"


def test_merge_with_duplicate_codes_names_them(client: TestClient, services: Services) -> None:
    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    duplicated = PEER + PEER.splitlines()[2] + "\n"
    page = client.post("/sheet/merge", files={"file": ("peer.csv", duplicated.encode(), "text/csv")})
    assert page.status_code == 400
    assert "code &#39;1002340A0&#39; is already used in row 3" in page.text and "Nothing was merged" in page.text
    assert services.get_program("1002340A0").img_share == 12.0


def test_resolve_a_conflict_that_is_not_open(client: TestClient) -> None:
    page = client.post("/sheet/conflicts/resolve", data={"code": "nope", "column": "visa_j1", "choice": "mine"})
    assert page.status_code == 404


def test_share_download_has_no_private_columns(client: TestClient, services: Services) -> None:
    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    shared = client.get("/sheet/share.csv")
    assert shared.status_code == 200 and "attachment" in shared.headers["content-disposition"]
    assert "interest" not in shared.text.splitlines()[0] and "my favourite" not in shared.text
    assert client.get("/sheet/share.pdf").status_code == 404


def test_freshness_badge_on_each_program(client: TestClient, services: Services) -> None:
    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    page = client.get("/programs").text
    assert 'class="fresh-badge fresh-fresh"' in page and "facts: fresh" in page
    assert 'class="fresh-badge fresh-stale"' in page and "facts: stale" in page


def test_the_file_stays_on_the_server_between_steps(client: TestClient) -> None:
    text = upload(client, FOREIGN).text  # type: ignore[attr-defined]
    assert 'name="content"' not in text and "Lakeview" not in hidden(text, "upload")
    page = client.post("/sheet/mapping", data={"upload": hidden(text, "upload"), "action": "preview"})
    assert page.status_code == 200 and "Check the columns of freida.csv" in page.text


def test_merge_preview_and_conflicts_name_programs_and_facts_in_words(client: TestClient, services: Services) -> None:
    """Issue 15: conflicts and the merge preview showed "1021140P2 · img_share"; now the program's name (code
    beside it) and the fact's label."""
    assert services.import_programs_bytes(MINE.encode(), "mine.csv", replace=True).ok
    report = client.post("/sheet/merge", files={"file": ("peer.csv", PEER.encode(), "text/csv")})
    name = services.get_program("1001340C0").name
    conflicts = report.text.split('id="merge-conflicts"', 1)[1].split("</table>", 1)[0]
    assert name in conflicts and "J-1 visa" in conflicts and ">visa_j1<" not in conflicts
    client.post("/sheet/merge/apply", data={"upload": hidden(report.text, "upload")})
    page = client.get("/sheet/conflicts").text
    heading = page.split('id="conflict-1001340C0-visa_j1"', 1)[1].split("</h2>", 1)[0]
    assert f">{name}</a>" in heading and "J-1 visa" in heading
