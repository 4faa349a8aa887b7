"""Issue 19, findings 1, 2, 14 and 16 through the web app (TestClient) on SQLite and PostgreSQL: hostile files are
refused naming the limit with bounded memory, parsing runs off the event loop, a spreadsheet over 1 MB goes
through upload → mapping → import (the file is kept on the server, not carried in a form field), and no import
or merge makes a sheet larger than the limit of programs."""

from __future__ import annotations

import asyncio
import io
import os
import re
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl  # imported before measuring: its import is not the request's memory
import pytest
from sqlalchemy import delete

from matchpilot.domain.limits import MAX_PROGRAMS
from matchpilot.errors import InputError, TooLargeError
from matchpilot.io import tables
from matchpilot.services import Services
from matchpilot.services import sheet_tools as tools
from matchpilot.services.workspace import sheet_size_problem
from matchpilot.storage.tables import owners
from matchpilot.web import create_app

from support.hostile import tiny_rows_csv, xlsx_bomb
from support.web import TestClient

assert openpyxl
MB = 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MINE = (
    "code,name,specialty,track,source,checked_on\n"
    "1001340C0,Lakeview Rehabilitation (fictional),PM&R,categorical,website,2026-03-01\n"
    "1002340A0,Harbor PM&R (fictional),PM&R,advanced,website,2026-04-01\n"
)


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services)) as made:
        yield made


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, name
    return found.group(1)


def peak_of(request: Callable[[], Any]) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        answer = request()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return answer, peak


# --- findings 1 and 2: hostile files through the pages ------------------------------------------------------


@pytest.mark.parametrize("route", ["/programs/import", "/sheet/upload", "/sheet/merge"])
def test_a_declared_dimension_does_not_take_memory_through_the_pages(client: TestClient, route: str) -> None:
    bomb = xlsx_bomb("A1:XFD2000")  # the old reader took over 250 MB for it (3.0 GB at A1:XFD8000)
    answer, peak = peak_of(lambda: client.post(route, files={"file": ("bomb.xlsx", bomb, XLSX)}))
    assert answer.status_code in (200, 400)  # read as what it holds (a header and one row), whatever the sheet says
    assert peak < 50 * MB


@pytest.mark.parametrize("route", ["/programs/import", "/sheet/upload", "/sheet/merge"])
def test_hostile_files_are_refused_with_413_naming_the_limit(
    client: TestClient, services: Services, route: str
) -> None:
    far = client.post(route, files={"file": ("far.xlsx", xlsx_bomb(far_cell="XFD1048576"), XLSX)})
    assert far.status_code == 413 and "the limit for a sheet" in far.text and "far.xlsx" in far.text
    tiny, peak = peak_of(lambda: client.post(route, files={"file": ("tiny.csv", tiny_rows_csv(5_000_000), "text/csv")}))
    assert tiny.status_code == 413
    assert f"more than {MAX_PROGRAMS:,} rows after the header (the limit for a sheet" in tiny.text
    assert peak < 80 * MB  # the 10 MB upload's own copies included; the old import peaked at 8.5 GB
    assert services.program_count() == 0


def test_parsing_runs_off_the_event_loop(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    on_loop: list[bool] = []
    real = tables._read

    def spying(*args: Any) -> Any:
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:
            on_loop.append(False)
        return real(*args)

    monkeypatch.setattr(tables, "_read", spying)
    report = client.post("/sheet/merge", files={"file": ("peer.csv", MINE.encode(), "text/csv")}).text
    assert client.post("/sheet/merge/apply", data={"upload": hidden(report, "upload")}).status_code == 200
    assert client.post("/programs/import", files={"file": ("mine.csv", MINE.encode(), "text/csv")}).status_code == 200
    page = client.post("/sheet/upload", files={"file": ("mine.csv", MINE.encode(), "text/csv")}).text
    assert (
        client.post("/sheet/mapping", data={"upload": hidden(page, "upload"), "action": "preview"}).status_code == 200
    )
    assert on_loop == [False] * 5


# --- finding 14: a spreadsheet over 1 MB through every step --------------------------------------------------


def big_foreign_sheet(rows: int = 2_500) -> bytes:
    lines = ["NRMP Code,Program,Specialty,Position type,Visa,IMG %,Last checked,My notes"]
    for i in range(rows):
        note = f"interview notes {i}: " + "calm team, strong outpatient clinic, ask about research time. " * 6
        lines.append(
            f"{1_000_000 + i:07d}C0,Program {i} (fictional),PM&R,Categorical,J-1 only,{i % 60}%,2026-03-01,{note}"
        )
    return ("\n".join(lines) + "\n").encode()


def test_a_spreadsheet_over_one_megabyte_goes_through_upload_mapping_and_import(
    client: TestClient, services: Services
) -> None:
    content = big_foreign_sheet()
    assert len(content) > 1_100_000
    page = client.post("/sheet/upload", files={"file": ("big.csv", content, "text/csv")})
    assert page.status_code == 200
    form = {"upload": hidden(page.text, "upload"), "action": "import"}
    form |= {
        found.group(1): found.group(2)
        for found in re.finditer(r'<select id="(map-\d+)".*?<option value="([^"]*)" selected>', page.text, re.S)
    }
    done = client.post("/sheet/mapping", data=form)
    assert done.status_code == 200 and "Imported 2500 programs" in done.text
    assert services.program_count() == 2_500
    again = client.post("/sheet/mapping", data=form)  # the kept file is removed once imported
    assert again.status_code == 400 and "upload it again" in again.text


def test_a_peer_sheet_over_one_megabyte_is_merged(client: TestClient, services: Services) -> None:
    lines = ["code,name,specialty,track,notes,source,checked_on"]
    lines += [
        f"{1_000_000 + i:07d}C0,Program {i} (fictional),PM&R,categorical,{'x' * 500},a classmate,2026-03-01"
        for i in range(2_500)
    ]
    content = ("\n".join(lines) + "\n").encode()
    assert len(content) > 1_100_000
    report = client.post("/sheet/merge", files={"file": ("peer.csv", content, "text/csv")})
    assert report.status_code == 200
    done = client.post("/sheet/merge/apply", data={"upload": hidden(report.text, "upload")})
    assert done.status_code == 200 and "Merged peer.csv" in done.text
    assert services.program_count() == 2_500


def test_a_kept_upload_is_its_owner_only_and_ends(services: Services) -> None:
    kept = tools.keep_upload(services, "mine.csv", io.BytesIO(MINE.encode()))
    assert tools.read_kept(tools.kept_upload(services, kept.id)).rows[0][0] == "1001340C0"
    other = Services(services.database, owner=f"other-{uuid.uuid4().hex[:12]}", today=services.today)
    try:
        with pytest.raises(InputError, match="upload it again"):
            tools.kept_upload(other, kept.id)
    finally:
        with services.database.engine.begin() as connection:
            connection.execute(delete(owners).where(owners.c.id == other.owner_id))
    long_ago = time.time() - 2 * 3600
    os.utime(kept.path, (long_ago, long_ago))
    with pytest.raises(InputError, match="upload it again"):
        tools.kept_upload(services, kept.id)
    with pytest.raises(TooLargeError, match="larger than 50 MB"):
        tools.keep_upload(services, "huge.csv", io.BytesIO(b"x" * (50 * MB + 1)))


# --- finding 16: programs per sheet -------------------------------------------------------------------------


def test_the_limit_of_programs_per_sheet_is_stated_in_the_message() -> None:
    codes = [f"{i:07d}C0" for i in range(MAX_PROGRAMS + 1)]
    problem = sheet_size_problem(codes[:-1], codes[-1:], replace=False, source="more.csv")
    assert problem is not None and "10,001 programs" in problem and "at most 10,000" in problem
    assert sheet_size_problem(codes, codes[:5], replace=True, source="few.csv") is None
    assert sheet_size_problem(codes[:-1], codes[:3], replace=False, source="same.csv") is None


def test_import_and_merge_refuse_a_sheet_past_the_limit(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("matchpilot.services.workspace.MAX_PROGRAMS", 2)
    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    more = MINE.replace("1001340C0", "1003340C0")
    report = services.import_programs_bytes(more.encode(), "more.csv")
    assert not report.ok and "sheet holds at most 2 (the limit for a sheet)" in str(report.errors[0])
    assert services.program_count() == 2
    assert services.import_programs_bytes(more.encode(), "more.csv", replace=True).ok  # replacing stays at 2
    page = client.post("/programs/import", files={"file": ("mine.csv", MINE.encode(), "text/csv")})
    assert page.status_code == 400 and "at most 2 (the limit for a sheet)" in page.text
    with pytest.raises(TooLargeError, match="at most 2"):
        tools.plan_merge(services, tools.read_foreign_bytes(MINE.encode(), "peer.csv"))
    with pytest.raises(TooLargeError, match="at most 2"):
        tools.apply_merge(services, tools.read_foreign_bytes(MINE.encode(), "peer.csv"))
    merge = client.post("/sheet/merge", files={"file": ("peer.csv", MINE.encode(), "text/csv")})
    assert merge.status_code == 413 and "at most 2 (the limit for a sheet)" in merge.text
    assert {p.code for p in services.list_programs().programs} == {"1003340C0", "1002340A0"}


def test_the_upload_folder_is_a_setting(tmp_path: Path) -> None:
    from matchpilot.bootstrap import Settings, build_services

    built = build_services(
        Settings(upload_dir=tmp_path / "shared"),
        database_url=f"sqlite:///{tmp_path}/db.sqlite",
        today=lambda: date(2026, 6, 1),
    )
    try:
        kept = tools.keep_upload(built, "mine.csv", io.BytesIO(MINE.encode()))
        assert kept.path.parent == tmp_path / "shared" and kept.path.read_bytes() == MINE.encode()
        tools.discard_upload(built, kept.id)
        assert not kept.path.exists()
    finally:
        built.database.dispose()
