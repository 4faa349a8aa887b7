"""Match Week's pages join the unfilled list with the sheet by reading only the programs the list names: each
join read the whole sheet (three or four times per page of offers), most of the page's time. The join stays what
it was: by code, case ignored, a program not on the sheet known by the list's facts only."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from sqlalchemy import event

from matchpilot.services import Services
from matchpilot.services import soap_week as week
from matchpilot.soap.unfilled import join_with_sheet

from support.web import TestClient, client_fixture, demo_fixture

demo = demo_fixture(date(2026, 3, 16), scope="module")
client = client_fixture(scope="module")


def whole_sheet_reads(services: Services, path: str, client: TestClient) -> list[str]:
    """The statements of a GET of ``path`` that read programs' rows without naming which."""
    found: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if re.match(r"\s*SELECT programs\.id\b", statement) and " IN (" not in statement:
            found.append(statement)

    event.listen(services.database.engine, "before_cursor_execute", seen)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(services.database.engine, "before_cursor_execute", seen)
    return found


def test_the_offers_page_reads_only_the_listed_programs(demo: Services, client: TestClient, tmp_path: Path) -> None:
    sheet = demo.list_programs().programs
    listed = tmp_path / "unfilled.csv"
    with listed.open("w", encoding="utf-8", newline="") as file:
        rows = csv.writer(file)
        rows.writerow(["code", "name", "specialty", "track", "positions", "state"])
        rows.writerow([sheet[0].code.lower(), sheet[0].name, "PM&R", "categorical", 2, "NY"])
        rows.writerow([sheet[5].code, sheet[5].name, "Internal Medicine", "preliminary", 1, "NJ"])
        rows.writerow(["7009340C0", "Not On The Sheet Rehabilitation (fictional)", "PM&R", "categorical", 1, "OH"])
    week.import_unfilled(demo, listed)
    assert whole_sheet_reads(demo, "/match-week/offers", client) == []
    assert whole_sheet_reads(demo, "/match-week/applications", client) == []

    unfilled, _ = week.stored_unfilled(demo)
    expected = {e.program.code.upper(): e for e in join_with_sheet(unfilled, sheet)}
    assert week._entries(demo) == expected
    assert [e.on_sheet for e in expected.values()] == [True, True, False]
