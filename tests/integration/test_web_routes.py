"""The web app's pages through FastAPI's TestClient, on a temporary SQLite database.

Each test asserts what a user would see: the count that changes when filtering, the row named in an upload
error, the error next to the profile field, the page that says the database cannot be reached.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from matchpilot.bootstrap import build_services
from matchpilot.domain import PROFILE_KEYS, ProgramFilter, ProgramQuery, Track, VisaKind
from matchpilot.errors import ConfigurationError
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.web import create_app
from matchpilot.web.present import PROFILE_FIELDS, PROGRAM_FIELDS

from support.web import TestClient

TODAY = date(2026, 6, 1)

SMALL_SHEET = "".join(
    line + "\n"
    for line in (
        "code,name,institution,city,state,specialty,track,positions,visa_j1,visa_h1b,img_share,program_type,"
        "min_step2,interest,notes,source,checked_on,visa_j1_source,visa_j1_checked_on",
        "1001340C0,Lakeview Rehabilitation Institute (fictional),Lakeview Health,Lakeview,NY,PM&R,categorical,"
        "4,yes,no,40,university,220,5,,program website,2026-03-01,call to the coordinator,2026-04-15",
        "1002340A0,Harbor Physical Medicine (fictional),Harbor Medical Center,Harbor City,NJ,PM&R,advanced,"
        "2,,,,,,,,FREIDA,2026-02-01,,",
        "1003140P0,Riverside Medicine Preliminary (fictional),Riverside Hospital,Riverside,NY,Internal Medicine,"
        "preliminary,10,yes,yes,55,community,,3,friendly to IMGs,program website,2026-01-15,,",
        "1004999T0,Hilltop Transitional Year (fictional),Hilltop General,Hilltop,PA,Transitional Year,transitional,"
        "6,no,no,5,community-university,,,,program website,2024-01-10,,",
        "1005340R0,Summit Rehabilitation Physician Track (fictional),Summit University,Summit,PA,PM&R,physician,"
        "1,yes,,25,university,230,4,SCI fellowship,program website,2026-05-01,,",
    )
)
"""Five fictional programs: unknown visas (Harbor), a stale row (Hilltop), a fact with its own source."""


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """Services on an empty temporary SQLite database, with a fixed today."""
    built = build_services(database_url=f"sqlite:///{tmp_path}/db/t.db", today=lambda: TODAY)
    yield built
    built.database.dispose()


@pytest.fixture
def small(services: Services) -> Services:
    """The services with the five-program sheet above."""
    report = services.import_programs_bytes(SMALL_SHEET.encode(), "small.csv")
    assert report.ok, report.issues
    return services


@pytest.fixture
def demo(services: Services) -> Services:
    """The services with the fictional demo market (about 300 programs) and applicant."""
    load_demo(services)
    return services


def client_for(services: Services) -> TestClient:
    """A test client of the app over ``services``."""
    return TestClient(create_app(services))


def shown_count(html: str) -> int:
    """The number of programs the sheet page says it shows."""
    found = re.search(r'id="program-count"[^>]*>\s*<strong>(\d+)</strong>', html)
    assert found, "the sheet page shows a count"
    return int(found.group(1))


def row_codes(html: str) -> list[str]:
    """The program codes in the table, top to bottom."""
    return re.findall(r'<span class="code">([^<]+)</span>', html)


# --- home and navigation ---------------------------------------------------------------------------------


def test_home_page_shows_counts_and_links(small: Services) -> None:
    page = client_for(small).get("/")
    assert page.status_code == 200
    assert '<strong class="big-number">5</strong>' in page.text
    for link in ('href="/programs"', 'href="/programs/import"', 'href="/profile"'):
        assert link in page.text
    assert "No profile saved yet" in page.text


def test_static_stylesheet_is_served(services: Services) -> None:
    response = client_for(services).get("/static/app.css")
    assert response.status_code == 200
    assert "position: sticky" in response.text


# --- the program sheet -------------------------------------------------------------------------------------


def test_sheet_shows_every_program_with_plain_words_and_unknowns(small: Services) -> None:
    page = client_for(small).get("/programs")
    assert page.status_code == 200
    assert shown_count(page.text) == 5
    assert "Lakeview Rehabilitation Institute (fictional)" in page.text
    assert "sponsors J-1" in page.text
    assert "does not sponsor H-1B" in page.text
    harbor = page.text.split("1002340A0", 1)[1].split("</tr>", 1)[0]
    assert "unknown" in harbor
    assert "does not sponsor" not in harbor, "an unknown visa is shown as unknown, never as no"
    assert 'href="/programs/1001340C0"' in page.text
    assert "position: sticky" in client_for(small).get("/static/app.css").text


def test_every_filter_changes_the_count(small: Services) -> None:
    client = client_for(small)
    expected = {
        "visa=j1": 3,
        "visa=h1b": 1,
        "state=NY": 2,
        "specialty=PM%26R": 3,
        "track=advanced": 1,
        "min_img_share=30": 2,
        "search=sci": 1,
        "visa=j1&state=PA": 1,
    }
    for query, count in expected.items():
        page = client.get(f"/programs?{query}")
        assert page.status_code == 200
        assert shown_count(page.text) == count, query
        assert len(row_codes(page.text)) == count, query
        assert "of 5 in your sheet" in page.text


def test_filter_counts_agree_with_the_services_on_demo_data(demo: Services) -> None:
    client = client_for(demo)
    total = shown_count(client.get("/programs").text)
    assert total == demo.program_count()
    j1 = shown_count(client.get("/programs?visa=j1").text)
    assert 0 < j1 < total
    assert j1 == demo.list_programs(ProgramQuery(ProgramFilter(visa=VisaKind.J1))).total
    pmr_categorical = shown_count(client.get("/programs?specialty=PM%26R&track=categorical&visa=j1").text)
    assert (
        pmr_categorical
        == demo.list_programs(
            ProgramQuery(ProgramFilter(specialty="PM&R", track=Track.CATEGORICAL, visa=VisaKind.J1))
        ).total
    )


def test_filter_menus_are_built_from_the_sheet(small: Services) -> None:
    page = client_for(small).get("/programs?state=PA").text
    assert '<option value="PA" selected>PA</option>' in page
    assert '<option value="Transitional Year">Transitional Year</option>' in page
    assert 'for="f-visa"' in page and 'for="f-img"' in page and 'for="f-search"' in page


def test_a_bad_filter_is_named_next_to_its_field_and_left_out(small: Services) -> None:
    page = client_for(small).get("/programs?min_img_share=lots&state=NY")
    assert page.status_code == 200
    assert 'id="min_img_share-error"' in page.text
    assert "&#39;lots&#39; is not a number" in page.text
    assert 'aria-describedby="f-img-hint min_img_share-error"' in page.text
    assert shown_count(page.text) == 2


def test_sorting_by_a_column_header(small: Services) -> None:
    client = client_for(small)
    ascending = client.get("/programs?sort=img_share&dir=asc").text
    assert row_codes(ascending) == ["1004999T0", "1005340R0", "1001340C0", "1003140P0", "1002340A0"]
    descending = client.get("/programs?sort=img_share&dir=desc").text
    assert row_codes(descending) == ["1003140P0", "1001340C0", "1005340R0", "1004999T0", "1002340A0"], (
        "unknown values sort last in either direction"
    )
    assert 'aria-sort="descending"' in descending
    # the active header links to the other direction; others start ascending and keep the filters
    filtered = client.get("/programs?sort=img_share&dir=asc&state=NY").text
    assert 'href="/programs?state=NY&amp;sort=img_share&amp;dir=desc"' in filtered
    assert 'href="/programs?state=NY&amp;sort=positions&amp;dir=asc"' in filtered


def test_an_unknown_sort_column_falls_back_to_name(small: Services) -> None:
    page = client_for(small).get("/programs?sort=password&dir=sideways")
    assert page.status_code == 200
    assert row_codes(page.text)[0] == "1002340A0"  # Harbor ... sorts first by name


def test_pagination_keeps_filters_and_pages_in_the_database(demo: Services) -> None:
    client = client_for(demo)
    total = demo.program_count()
    assert total > 100
    first = client.get("/programs").text
    second = client.get("/programs?page=2").text
    assert len(row_codes(first)) == 50
    assert set(row_codes(first)).isdisjoint(row_codes(second))
    pages = -(-total // 50)
    assert f"Page 2 of {pages}" in second
    assert 'href="/programs?sort=name&amp;dir=asc&amp;page=3"' in second
    assert 'href="/programs?sort=name&amp;dir=asc&amp;page=1"' in second
    filtered = client.get("/programs?visa=j1&page=2").text
    assert 'href="/programs?visa=j1&amp;sort=name&amp;dir=asc&amp;page=1"' in filtered
    beyond = client.get("/programs?page=999").text
    assert f"Page {pages} of {pages}" in beyond
    assert row_codes(beyond), "a page past the end shows the last page"
    assert client.get("/programs?page=zero").status_code == 200


def test_the_empty_sheet_says_how_to_fill_it(services: Services) -> None:
    page = client_for(services).get("/programs").text
    assert shown_count(page) == 0
    assert "Your sheet is empty" in page
    # issue 15: a page never sends the user to a terminal; the demo is a button
    assert "Try it on fictional demo data" in page and "matchpilot demo" not in page


# --- export -----------------------------------------------------------------------------------------------


def test_csv_export_is_a_download_that_reimports_unchanged(small: Services, tmp_path: Path) -> None:
    client = client_for(small)
    response = client.get("/programs/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="matchpilot-programs.csv"'
    # into the same sheet: nothing changes
    again = client.post("/programs/import", files={"file": ("export.csv", response.content, "text/csv")})
    assert again.status_code == 200
    assert "0 created, 0 updated, 5 unchanged" in again.text
    # into a fresh database: the same programs, exported byte for byte the same
    fresh = build_services(database_url=f"sqlite:///{tmp_path}/fresh.db", today=lambda: TODAY)
    try:
        upload = client_for(fresh).post("/programs/import", files={"file": ("export.csv", response.content)})
        assert "5 created, 0 updated, 0 unchanged" in upload.text
        assert client_for(fresh).get("/programs/export.csv").content == response.content
        assert [fresh.get_program(code) for code in row_codes(client.get("/programs").text)] == [
            small.get_program(code) for code in row_codes(client.get("/programs").text)
        ]
    finally:
        fresh.database.dispose()


def test_xlsx_export_of_the_current_filter(small: Services) -> None:
    client = client_for(small)
    response = client.get("/programs/export.xlsx?visa=j1&sort=code")
    assert response.status_code == 200
    assert response.headers["content-type"] == ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "matchpilot-programs.xlsx" in response.headers["content-disposition"]
    assert response.content[:2] == b"PK"
    again = client.post("/programs/import", files={"file": ("sheet.xlsx", response.content)})
    assert "Imported 3 programs" in again.text
    assert "0 created, 0 updated, 3 unchanged" in again.text
    csv_rows = list(csv.reader(io.StringIO(client.get("/programs/export.csv?state=NY").text)))
    assert [row[0] for row in csv_rows[1:]] == ["1001340C0", "1003140P0"]  # Lakeview, Riverside: by name


def test_the_page_links_to_exports_of_the_current_filter(small: Services) -> None:
    page = client_for(small).get("/programs?visa=j1").text
    assert 'href="/programs/export.csv?visa=j1&amp;sort=name&amp;dir=asc"' in page
    assert 'href="/programs/export.xlsx?visa=j1&amp;sort=name&amp;dir=asc"' in page


def test_an_unknown_export_format_is_not_found(small: Services) -> None:
    assert client_for(small).get("/programs/export.pdf").status_code == 404


# --- the program page --------------------------------------------------------------------------------------


def test_program_page_shows_every_fact_with_its_source(small: Services) -> None:
    page = client_for(small).get("/programs/1001340C0")
    assert page.status_code == 200
    for label in PROGRAM_FIELDS.values():
        assert label.replace("&", "&amp;") in page.text, label
    j1 = page.text.split('id="fact-visa_j1"', 1)[1].split("</tr>", 1)[0]
    assert "sponsors J-1" in j1
    assert "call to the coordinator" in j1 and "2026-04-15" in j1
    assert "this fact's own source" in j1
    h1b = page.text.split('id="fact-visa_h1b"', 1)[1].split("</tr>", 1)[0]
    assert "does not sponsor H-1B" in h1b and "program website" in h1b and "2026-03-01" in h1b
    share = page.text.split('id="fact-img_share"', 1)[1].split("</tr>", 1)[0]
    assert "40%" in share


def test_program_page_shows_unknown_and_flags_stale_facts(small: Services) -> None:
    client = client_for(small)
    harbor = client.get("/programs/1002340A0").text
    for column in ("visa_j1", "visa_h1b", "img_share", "program_type", "min_step2"):
        cell = harbor.split(f'id="fact-{column}"', 1)[1].split("</td>", 1)[0]
        assert cell.rstrip().endswith("unknown"), column
    assert "stale-flag" not in harbor
    hilltop = client.get("/programs/1004999T0").text
    assert "Checked more than 12 months ago" in hilltop
    assert "over 12 months old" in hilltop


def test_unknown_program_is_a_404_page(small: Services) -> None:
    response = client_for(small).get("/programs/9999999X9")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "no program with code &#39;9999999X9&#39;" in response.text
    missing = client_for(small).get("/no/such/page")
    assert missing.status_code == 404
    assert "There is no page at this address" in missing.text


# --- import by upload ----------------------------------------------------------------------------------------


def test_import_form_has_a_labelled_file_input_and_replace_box(services: Services) -> None:
    page = client_for(services).get("/programs/import").text
    assert '<label for="file">' in page
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="replace">Replace the whole sheet</label>' in page


def test_upload_with_a_bad_row_names_the_row_and_saves_nothing(small: Services) -> None:
    bad = SMALL_SHEET.replace(
        "1003140P0,Riverside Medicine Preliminary (fictional)", "1009140P0,New Prelim (fictional)"
    )
    bad = bad.replace(",community,,3,", ",community,999,3,").replace("2024-01-10", "2020-01-10")
    before = small.program_count()
    response = client_for(small).post("/programs/import", files={"file": ("bad.csv", bad.encode(), "text/csv")})
    assert response.status_code == 400
    assert "Nothing was saved" in response.text
    errors = response.text.split('id="import-errors"', 1)[1].split("</ul>", 1)[0]
    assert re.search(r"row 4, column min_step2: [^<]*999 is out of range", errors)
    warnings_part = response.text.split('id="import-warnings"', 1)[1].split("</ul>", 1)[0]
    assert "row 5, column checked_on" in warnings_part
    assert "min_step2" not in warnings_part
    assert small.program_count() == before
    with pytest.raises(Exception, match="no program"):
        small.get_program("1009140P0")


def test_upload_reports_counts_and_warnings_and_can_replace(small: Services) -> None:
    client = client_for(small)
    changed = SMALL_SHEET.replace(",4,yes,no,40,", ",5,yes,no,40,") + (
        "1006340C0,Newfield Rehabilitation (fictional),,,,PM&R,C,,,,,,,,,,,,\n"
    )
    response = client.post("/programs/import", files={"file": ("changed.csv", changed.encode())})
    assert response.status_code == 200
    assert "1 created, 1 updated, 4 unchanged" in response.text
    assert 'id="import-warnings"' in response.text  # the stale Hilltop row still warns, without blocking
    only_two = "\n".join(SMALL_SHEET.splitlines()[:3]) + "\n"
    replaced = client.post("/programs/import", files={"file": ("two.csv", only_two.encode())}, data={"replace": "on"})
    assert replaced.status_code == 200
    assert "4 removed" in replaced.text
    assert small.program_count() == 2


def test_upload_without_a_file_or_of_an_unreadable_file_says_why(small: Services) -> None:
    client = client_for(small)
    empty = client.post("/programs/import", files={"file": ("", b"")})
    assert empty.status_code == 400
    assert "Choose a CSV or XLSX file" in empty.text
    wrong = client.post("/programs/import", files={"file": ("notes.txt", b"hello")})
    assert wrong.status_code == 400
    assert "unknown file type .txt" in wrong.text
    broken = client.post("/programs/import", files={"file": ("sheet.xlsx", b"not a workbook")})
    assert broken.status_code == 400
    assert "Nothing was imported" in broken.text
    assert small.program_count() == 5


def test_a_post_from_another_site_is_refused(small: Services) -> None:
    response = client_for(small).post(
        "/profile", data={"name": "Mallory", "applicant_type": "us_md"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert small.profile() is None


# --- the profile form -----------------------------------------------------------------------------------------


def test_profile_form_has_a_labelled_input_for_every_field(demo: Services) -> None:
    page = client_for(demo).get("/profile").text
    assert {field.key for field in PROFILE_FIELDS} == set(PROFILE_KEYS)
    for key in PROFILE_KEYS:
        assert f'<label for="p-{key}">' in page, key
        assert f'id="p-{key}" name="{key}"' in page, key
    profile = demo.profile()
    assert profile is not None
    assert f'value="{profile.name}"' in page
    assert f'value="{profile.step2_ck}"' in page
    assert '<option value="j1" selected>J-1</option>' in page
    assert ", ".join(t.value for t in profile.targets) in page


def test_profile_errors_are_shown_next_to_their_fields_and_nothing_is_saved(demo: Services) -> None:
    before = demo.profile()
    form = {
        "name": "Amina Rahman",
        "applicant_type": "non_us_img",
        "step2_ck": "400",
        "graduation_year": "2021",
        "preferred_states": "NY, ZZ",
        "languages": "English, Bengali",
        "visa_need": "j1",
    }
    response = client_for(demo).post("/profile", data=form)
    assert response.status_code == 400
    html = response.text
    field = html.split('<label for="p-step2_ck">', 1)[1].split("</div>", 1)[0]
    assert 'id="p-step2_ck-error"' in field
    assert "400 is out of range" in field
    assert 'aria-describedby="p-step2_ck-hint p-step2_ck-error"' in field
    assert 'aria-invalid="true"' in field
    assert 'value="400"' in field, "what the user typed is kept"
    states = html.split('<label for="p-preferred_states">', 1)[1].split("</div>", 1)[0]
    assert "&#39;ZZ&#39; is not a 2-letter US state code" in states
    assert 'value="NY, ZZ"' in states
    name = html.split('<label for="p-name">', 1)[1].split("</div>", 1)[0]
    assert "field-error" not in name and 'value="Amina Rahman"' in name
    assert 'href="#p-step2_ck"' in html, "the summary links to the field"
    assert demo.profile() == before


def test_a_valid_profile_is_saved_and_shown_again(services: Services) -> None:
    client = client_for(services)
    form = {key: "" for key in PROFILE_KEYS} | {
        "name": "Amina Rahman",
        "applicant_type": "non_us_img",
        "graduation_year": "2021",
        "ecfmg_certified": "yes",
        "step1": "pass",
        "step2_ck": "239",
        "usce_months": "5",
        "usce_pmr_months": "2",
        "letters": "pmr, pmr, neurology",
        "preferred_states": "ny, nj",
        "targets": "pmr, prelim",
    }
    response = client.post("/profile", data=form, follow_redirects=False)
    assert response.status_code == 303
    shown = client.get(response.headers["location"])
    assert "Your profile was saved" in shown.text
    profile = services.profile()
    assert profile is not None
    assert profile.step2_ck == 239
    assert profile.preferred_states == ("NY", "NJ")
    assert profile.letters == ("pmr", "pmr", "neurology")
    assert profile.visa_need is None, "an empty field is not given, not a value"
    assert 'value="NY, NJ"' in shown.text
    assert '<option value="yes" selected>yes</option>' in shown.text


def test_a_missing_required_field_is_named(services: Services) -> None:
    response = client_for(services).post("/profile", data={"name": "", "applicant_type": ""})
    assert response.status_code == 400
    assert 'id="p-name-error"' in response.text
    assert "required" in response.text.split('id="p-name-error"', 1)[1].split("</p>", 1)[0]
    assert 'id="p-applicant_type-error"' in response.text


# --- the database goes away and comes back -----------------------------------------------------------------


def test_unreachable_database_gives_a_503_page_and_the_app_recovers(small: Services, tmp_path: Path) -> None:
    client = client_for(small)
    assert client.get("/programs").status_code == 200
    folder = tmp_path / "db"
    shutil.move(folder, tmp_path / "elsewhere")
    small.database.dispose()  # drop pooled connections to the moved file, as a restart of the server would
    try:
        for url in ("/", "/programs", "/programs/1001340C0", "/profile"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert "The database cannot be reached" in response.text
            assert "text/html" in response.headers["content-type"]
        posted = client.post("/profile", data={"name": "A", "applicant_type": "us_md"})
        assert posted.status_code == 503
    finally:
        shutil.move(tmp_path / "elsewhere", folder)
    small.database.dispose()
    back = client.get("/programs")
    assert back.status_code == 200, "the app works again as soon as the database is back"
    assert shown_count(back.text) == 5


# --- matchpilot serve ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_serve_accepts_loopback_addresses(host: str) -> None:
    from matchpilot.cli.serve import check_loopback

    assert check_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])
def test_serve_refuses_to_listen_beyond_this_computer(host: str) -> None:
    from matchpilot.cli.serve import check_loopback

    with pytest.raises(ConfigurationError, match="only listens on this computer"):
        check_loopback(host)


def test_serve_command_refuses_a_public_address_with_exit_code_2(tmp_path: Path) -> None:
    from matchpilot.cli.main import app

    result = CliRunner().invoke(app, ["--db", f"sqlite:///{tmp_path}/t.db", "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "only listens on this computer" in result.output


@pytest.mark.parametrize(
    ("host", "answered"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("localhost", True),
        ("[::1]:8000", True),
        ("127.0.0.2:8000", True),
        ("evil.example", False),
        ("evil.example:8000", False),
        ("127.0.0.1.evil.example", False),
        ("[::1", False),
        ("", False),
    ],
)
def test_the_local_app_served_answers_only_to_this_computers_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str, answered: bool
) -> None:
    """DNS rebinding: a page at evil.example whose name points at 127.0.0.1 must not read the local workspace."""
    import uvicorn

    from matchpilot.cli.main import app

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda asgi, **options: served.append(asgi))
    monkeypatch.delenv("MATCHPILOT_MULTI_USER", raising=False)
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{tmp_path}/t.db", "serve", "--demo-if-empty"])
    assert result.exit_code == 0, result.output
    client = TestClient(served[0], base_url="http://127.0.0.1:8000")
    response = client.get("/programs", headers={"host": host})
    if answered:
        assert response.status_code == 200 and "(fictional)" in response.text
    else:
        assert response.status_code == 400 and "(fictional)" not in response.text
        assert "answers only at a loopback address" in response.text


def test_an_empty_workspace_offers_the_demo_as_a_button_and_loads_it(tmp_path: Path) -> None:
    empty = build_services(database_url=f"sqlite:///{tmp_path}/empty.db", today=lambda: date(2026, 12, 6))
    try:
        client = TestClient(create_app(empty))
        for page in ("/", "/programs"):
            text = client.get(page).text
            assert 'action="/demo"' in text and "matchpilot demo" not in text, page
        answer = client.post("/demo", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/programs"
        count = empty.program_count()
        assert count > 250
        client.post("/demo")  # never over a sheet that has programs
        assert empty.program_count() == count
    finally:
        empty.database.dispose()


def test_pages_without_a_profile_link_to_the_profile_page_not_a_command(tmp_path: Path) -> None:
    empty = build_services(database_url=f"sqlite:///{tmp_path}/empty.db", today=lambda: date(2026, 12, 6))
    try:
        client = TestClient(create_app(empty))
        for page in ("/picks", "/rank-list/simulate?runs=10"):
            text = client.get(page).text
            assert "matchpilot " + "profile load" not in text and "matchpilot rol" not in text, page
        picks = client.get("/picks").text
        assert 'href="/profile"' in picks and "Fill in your profile" in picks
    finally:
        empty.database.dispose()
