"""The home page reads the programs' code, name, row source and visa facts only: it read every whole row of the
sheet twice (for the steps and for the count of demo programs), half of its time on a sheet of 300 programs. The
steps and the count stay as they were."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import event

from matchpilot.demo import DEMO_SOURCE
from matchpilot.domain.next_steps import unknown_visa_programs
from matchpilot.services import Services
from matchpilot.services.demo import demo_program_count
from matchpilot.services.home import workspace_state

from support.web import TestClient, client_fixture, demo_fixture

demo = demo_fixture(date(2026, 6, 1), scope="module")
client = client_fixture(scope="module")


def test_the_home_page_reads_no_whole_program_row(client: TestClient, demo: Services) -> None:
    whole_rows: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if re.match(r"\s*SELECT programs\.id\b", statement):
            whole_rows.append(statement)

    event.listen(demo.database.engine, "before_cursor_execute", seen)
    try:
        page = client.get("/")
    finally:
        event.remove(demo.database.engine, "before_cursor_execute", seen)
    assert page.status_code == 200
    assert whole_rows == []


def test_the_workspace_state_counts_what_the_whole_rows_say(demo: Services) -> None:
    programs = demo.list_programs().programs
    state = workspace_state(demo)
    need = demo.profile().visa_need  # type: ignore[union-attr]
    count, unknown = unknown_visa_programs(
        [(p.code, p.name, p.visa_j1, p.visa_h1b) for p in programs], need.value if need else None
    )
    assert state.programs == len(programs)
    assert (state.unknown_visa_count, state.unknown_visa) == (count, unknown)
    fictional = [p for p in programs if p.name.endswith("(fictional)") and p.source == DEMO_SOURCE]
    assert state.demo_programs == demo_program_count(demo) == len(fictional) > 0
