"""Issue 19, finding 4: the sheet reader took codes up to 2,000 characters into a VARCHAR(64) column. SQLite stored
them and ``backup --all`` exited 0 with a file whose restore refused everything; PostgreSQL answered the import with
a 500 page. Now a code longer than the column is a row issue on import and on merge (nothing stored), and a backup
checks and dry-runs a restore of what it writes: a record stored before these checks is named, left out, and the
other owners' backup restores. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from matchpilot.domain.limits import CODE_LENGTH
from matchpilot.errors import InvalidDataError, StorageError
from matchpilot.services import Services
from matchpilot.services import sheet_tools as tools
from matchpilot.services.backup import backup, restore
from matchpilot.services.demo import load_demo
from matchpilot.storage.tables import owners, programs
from matchpilot.web import create_app

from support.db import make_services
from support.web import TestClient

LONG = "1" * (CODE_LENGTH + 1)
SHEET = (
    "code,name,specialty,track\n"
    "1001340C0,Lakeview Rehabilitation Institute (fictional),PM&R,categorical\n"
    f"{LONG},Harbor Physical Medicine (fictional),PM&R,advanced\n"
)


def _codes(services: Services) -> list[str]:
    with services.database.transaction() as session:
        found = session.execute(select(programs.c.code).where(programs.c.owner_id == services.owner_id))
        return sorted(str(code) for (code,) in found)


def test_a_code_longer_than_the_column_is_a_row_issue_on_import(services: Services) -> None:
    report = services.import_programs_bytes(SHEET.encode(), "sheet.csv")
    assert not report.ok
    [issue] = [issue for issue in report.issues if issue.is_error]
    assert issue.where == "row 3, column code"
    assert f"longer than {CODE_LENGTH} characters" in issue.message
    assert _codes(services) == [], "nothing of the sheet is stored"


def test_the_import_page_shows_the_row_issue_not_a_server_error(services: Services) -> None:
    client = TestClient(create_app(services), raise_server_exceptions=False)
    answer = client.post("/programs/import", files={"file": ("sheet.csv", SHEET.encode(), "text/csv")})
    assert answer.status_code == 400
    assert "row 3, column code" in answer.text and f"longer than {CODE_LENGTH} characters" in answer.text
    assert _codes(services) == []


def test_a_code_longer_than_the_column_is_a_row_issue_on_merge(services: Services) -> None:
    assert services.import_programs_bytes(SHEET.replace(LONG, "1002340A0").encode(), "mine.csv").ok
    peer = tools.read_foreign_bytes(SHEET.encode(), "peer.csv")
    for run in (tools.plan_merge, tools.apply_merge):
        with pytest.raises(InvalidDataError) as raised:
            run(services, peer)
        assert [str(issue) for issue in raised.value.issues if issue.is_error] == [
            f"row 3, column code: is longer than {CODE_LENGTH} characters, the most a program code may have "
            f"({CODE_LENGTH + 1})"
        ]
    assert _codes(services) == ["1001340C0", "1002340A0"] and tools.list_conflicts(services) == []


@pytest.fixture
def two_owners(database_url: str) -> Iterator[tuple[Services, Services]]:
    """Two owners in one database, each with the demo; removed afterwards (PostgreSQL schemas are shared)."""
    made = [make_services(database_url, owner=f"rt-{uuid.uuid4().hex[:10]}") for _ in range(2)]
    for services in made:
        load_demo(services)
    yield made[0], made[1]
    with made[0].database.engine.begin() as connection:
        connection.execute(delete(owners).where(owners.c.id.in_([services.owner_id for services in made])))
    for services in made:
        services.database.dispose()


def _only(document: Path, names: set[str]) -> dict[str, object]:
    data = json.loads(document.read_text(encoding="utf-8"))
    return {part["owner"]["name"]: part for part in data["owners"] if part["owner"]["name"] in names}


@pytest.mark.every_owner
def test_backup_all_restores_and_a_bad_stored_record_is_named_not_written(
    two_owners: tuple[Services, Services], tmp_path: Path, database_url: str
) -> None:
    good, bad = two_owners
    with good.database.transaction() as session:
        good_name = session.execute(select(owners.c.name).where(owners.c.id == good.owner_id)).scalar_one()
        bad_name = session.execute(select(owners.c.name).where(owners.c.id == bad.owner_id)).scalar_one()
    names = {good_name, bad_name}

    # a clean server: backup --all, then every owner restores into a fresh database, identical in count
    report = backup(good, tmp_path / "all.json", everyone=True)
    fresh = make_services(f"sqlite:///{tmp_path}/fresh.db", owner="fresh")
    try:
        restored = restore(fresh, tmp_path / "all.json")
        for name in names:
            assert restored.owners[name] == report.owners[name]
    finally:
        fresh.database.dispose()

    # a record stored before the checks (only SQLite keeps it: PostgreSQL refuses it at the door)
    if not database_url.startswith("sqlite"):
        return
    with bad.database.transaction() as session:
        first = session.execute(
            select(programs.c.id).where(programs.c.owner_id == bad.owner_id).order_by(programs.c.id).limit(1)
        ).scalar_one()
        session.execute(update(programs).where(programs.c.id == first).values(code=LONG))
    with pytest.raises(StorageError) as raised:
        backup(good, tmp_path / "all2.json", everyone=True)
    message = str(raised.value)
    assert f"owner {bad_name!r}, table programs" in message
    assert f"id {first}" in message and f"column code: is longer than {CODE_LENGTH} characters" in message
    assert _only(tmp_path / "all2.json", names).keys() == {good_name}, "the other owners are backed up"
    again = make_services(f"sqlite:///{tmp_path}/again.db", owner="again")
    try:
        assert good_name in restore(again, tmp_path / "all2.json").owners
    finally:
        again.database.dispose()

    # the command: no traceback, exit 2, the record named
    from typer.testing import CliRunner

    from matchpilot.cli.main import app

    result = CliRunner().invoke(app, ["--db", database_url, "backup", str(tmp_path / "all3.json"), "--all"])
    assert result.exit_code == 2, result.output
    said = " ".join(result.stderr.split())
    assert "the backup is incomplete" in said and f"owner {bad_name!r}, table programs" in said


@pytest.mark.postgres
def test_on_postgresql_a_value_too_long_for_its_column_is_an_input_error_not_a_crash() -> None:
    """The safety net under the checks: PostgreSQL's refusal of an over-long value (past every reader) is an
    InputError (a 400 page, exit 2), never a StorageError (a 500), and nothing is saved."""
    from matchpilot.domain.outcomes import Outcome, RecordedOutcome
    from matchpilot.errors import InputError
    from matchpilot.storage import OutcomeStore

    from support.db import TODAY, postgres_url

    services = make_services(postgres_url())
    try:
        with pytest.raises(InputError, match="too long"), services.database.transaction() as session:
            OutcomeStore(session, services.owner_id).record(RecordedOutcome(LONG, Outcome.INVITED, TODAY))
        with services.database.transaction() as session:
            assert OutcomeStore(session, services.owner_id).all() == []
    finally:
        with services.database.engine.begin() as connection:
            connection.execute(delete(owners).where(owners.c.id == services.owner_id))
        services.database.dispose()
