"""The Rank list pages read the whole sheet once per request: they read it three times (the checks, the list's
rows and the choices), which made them the slowest pages of the app. The supplemental lists' many selects, which
offer the same programs, show each program's option with the one chosen marked, as before."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from matchpilot.services import Services
from matchpilot.services import rank_lists as service

from support.web import TestClient, client_fixture, demo_fixture

demo = demo_fixture(date(2026, 6, 1), scope="module")
client = client_fixture(scope="module")


@contextmanager
def sheet_reads(services: Services) -> Iterator[list[str]]:
    """The statements that read the programs' rows (not their count) while the block runs."""
    found: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if re.match(r"\s*SELECT programs\.id\b", statement):
            found.append(statement)

    engine = services.database.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", seen)


@pytest.mark.parametrize("path", ["/rank-list", "/rank-list/couple"])
def test_a_rank_list_page_reads_the_sheet_once(client: TestClient, demo: Services, path: str) -> None:
    client.get(path)  # the chances the checks use are estimated at the first visit and kept until records change
    with sheet_reads(demo) as reads:
        page = client.get(path)
    assert page.status_code == 200
    assert len(reads) == 1


def test_each_supplemental_choice_marks_its_program_and_offers_every_pgy1_program(
    client: TestClient, demo: Services
) -> None:
    advanced = next(code for code in service.rank_list(demo).primary if code.endswith("A0"))
    by_name = sorted(service.program_choices(demo), key=lambda p: (p.name.casefold(), p.code))  # as the page sorts
    pgy1 = [p for p in by_name if p.track.is_pgy1_only]
    picked = [pgy1[2].code, pgy1[0].code]
    service.set_supplemental(demo, advanced, picked)
    page = client.get("/rank-list").text
    # each place is a field suggesting from one shared list of the PGY-1 programs (not a <select> of its own)
    shared = page.split('<datalist id="pgy1-programs">', 1)[1].split("</datalist>", 1)[0]
    for place, code in enumerate(picked, start=1):
        field = page.split(f'<input id="supp-{advanced}-{place}"', 1)[1].split(">", 1)[0]
        name = next(p for p in pgy1 if p.code == code)
        assert re.findall(r'value="([^"]*)"', field) == [f"{name.name} ({code})"]
        assert 'list="pgy1-programs"' in field
        offered = re.findall(r'<option value="[^"]*\(([^()"]+)\)"', shared)
        assert offered == [p.code for p in pgy1]
        assert f'<option value="{name.name} ({code})">{name.track.label}</option>' in shared
    empty = page.split(f'<input id="supp-{advanced}-{len(picked) + 1}"', 1)[1].split(">", 1)[0]
    assert re.findall(r'value="([^"]*)"', empty) == [""]
