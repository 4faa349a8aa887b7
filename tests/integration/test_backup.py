"""Backup and restore on both databases: everything of an owner comes back identical, as a new owner, in a fresh
database, or replacing; a damaged backup restores nothing and says why.

The comparison reads every owned table straight from the database (not through the backup code), so a table
added later is compared too, and the test asks for data in it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import delete, select
from typer.testing import CliRunner, Result

from matchpilot.cli import backup as backup_cli
from matchpilot.cli import common
from matchpilot.cli.main import _TranslatingGroup
from matchpilot.domain.evidence import CaseStatus, LcaRow, Role
from matchpilot.domain.letters_log import Interview, LoggedMessage, Reply
from matchpilot.domain.mapping import ColumnMapping
from matchpilot.domain.match_week import AssignmentEntry, SoapOffer, UnfilledProgram
from matchpilot.domain.materials import Experience, LetterPlan
from matchpilot.domain.merge import Conflict
from matchpilot.domain.outcomes import Outcome, RecordedOutcome
from matchpilot.domain.predictions import Prediction
from matchpilot.domain.program import Track
from matchpilot.domain.rank_list import CoupleRankList, RankOrderList, SupplementalRankList
from matchpilot.errors import ExistingDataError, InputError, NotFoundError, StorageError
from matchpilot.io.backup_json import checksum
from matchpilot.services import Services
from matchpilot.services.backup import backup, current_owner, restore
from matchpilot.services.demo import load_demo
from matchpilot.storage import (
    CoupleListStore,
    OutcomeStore,
    RankListStore,
    SoapAnswerStore,
    SoapApplicationStore,
    SoapAssignmentStore,
    SoapChecklistStore,
    SoapOfferStore,
    SoapUnfilledStore,
)
from matchpilot.storage.accounts import CommentStore
from matchpilot.storage.backup import known_revisions
from matchpilot.storage.cohort import CohortConsentStore
from matchpilot.storage.evidence import EvidenceStore, StoredLink
from matchpilot.storage.favourites import FavouriteStore
from matchpilot.storage.letters_log import LettersLogStore
from matchpilot.storage.materials import MaterialsStore
from matchpilot.storage.pick_choices import PickChoiceStore
from matchpilot.storage.predictions import PredictionStore
from matchpilot.storage.sheet_tools import ConflictStore, MappingStore
from matchpilot.storage.tables import metadata, owners

from support.db import make_services, postgres_url

OWNED = [table for table in metadata.sorted_tables if "owner_id" in table.c]


# --- helpers ------------------------------------------------------------------------------------------------


def record_everything(services: Services) -> None:
    """The demo (sheet, profile, rank list, SOAP documents and plans), then something in every other store."""
    load_demo(services)
    codes = [program.code for program in services.list_programs().programs]
    with services.database.transaction() as session:
        owner = services.owner_id
        shown = [Prediction(code, date.min, 0.1, 0.25, 0.5) for code in codes[:3]]
        PredictionStore(session, owner).keep(date(2026, 9, 30), shown)  # shown before the outcomes
        OutcomeStore(session, owner).record(RecordedOutcome(codes[0], Outcome.INVITED, date(2026, 10, 1)))
        OutcomeStore(session, owner).record(RecordedOutcome(codes[1], Outcome.REJECTED, date(2026, 10, 2)))
        MappingStore(session, owner).save("freida export", ColumnMapping((("Program ID", "code"), ("Title", "name"))))
        ConflictStore(session, owner).record(
            [Conflict(codes[2], "visa_j1", "yes", "website", date(2026, 3, 1), "no", "forum", None)]
        )
        SoapUnfilledStore(session, owner).replace(
            [
                UnfilledProgram(
                    "9999340P0",
                    "Unfilled Prelim (fictional)",
                    "Internal Medicine",
                    Track.PRELIMINARY,
                    2,
                    "NY",
                    2,
                    {"note": "ünïcode ✓"},
                )
            ],
            source="unfilled.csv",
            imported_on=date(2026, 3, 16),
        )
        SoapApplicationStore(session, owner).add(["9999340P0"])
        SoapOfferStore(session, owner).add(
            SoapOffer("9999340P0", 1, datetime(2026, 3, 18, 17, 0, 0, 123456, tzinfo=UTC), "open")
        )
        SoapAssignmentStore(session, owner).save(AssignmentEntry("specialty:Neurology", None, ("a", "b")))
        SoapAnswerStore(session, owner).save("worths", {"preliminary": 2.5})
        SoapAnswerStore(session, owner).save("facts", {"registered": True, "status": "partial-advanced"})
        CohortConsentStore(session, owner).set(False)  # a choice made (no: restored owners never join a cohort)
        SoapChecklistStore(session, owner).tick(2027, "letters", datetime(2027, 1, 10, 8, 0, 0, 654321, tzinfo=UTC))
        PickChoiceStore(session, owner).set("1001340C0", "pin")
        FavouriteStore(session, owner).star("1001340C0", datetime(2027, 1, 11, 9, 0, 0, 123456, tzinfo=UTC))
        log = LettersLogStore(session, owner)
        log.add_message(LoggedMessage(codes[0], date(2026, 11, 2), "thank_you", "Thank you for the interview.\n— A."))
        log.add_interview(Interview(codes[0], date(2026, 11, 1), ("Dr. Example", "Dr. Sample"), "asked about research"))
        log.add_reply(Reply(codes[0], date(2026, 11, 5), "Thank you for your interest."))
        CommentStore(session, owner).add(
            "adviser1", codes[0], "Strong fit; ask about SCI.", now=datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
        )
        rol = RankListStore(session, owner).get()
        RankListStore(session, owner).save(
            RankOrderList(
                rol.primary, (SupplementalRankList((codes[3],), (codes[4], codes[5])),), True, date(2027, 2, 25)
            )
        )
        CoupleListStore(session, owner).save(
            CoupleRankList("Sam Partner", "N123").with_pair(codes[0], "2001140C0").with_pair(None, "2002140C0")
        )
        evidence = EvidenceStore(session, owner)
        evidence.add_import("lca_fy2025.csv", "ab" * 32, "FY2020+", date(2026, 11, 23), 12, 1)
        evidence.save_cases(
            "ab" * 32,
            [
                LcaRow(
                    "I-200-25001-000001",
                    CaseStatus.CERTIFIED,
                    Role.RESIDENT,
                    date(2025, 3, 1),
                    "Univ. of Lakeview Med. Ctr. (fictional)",
                    "NY",
                    "Resident Physician",
                    "29-1228.00",
                    "H-1B",
                )
            ],
        )
        evidence.decide(
            StoredLink(
                "UNIVERSITY LAKEVIEW MEDICAL CENTER FICTIONAL",
                "NY",
                "Lakeview (fictional)",
                0.97,
                "linked",
                "suggestion",
                date(2026, 11, 23),
            )
        )
        materials = MaterialsStore(session, owner)
        materials.add_experience(
            Experience("Stroke unit observership", "Lakeview (fictional)", "Team rounds on function.")
        )
        materials.add_letter(
            LetterPlan("Dr. Example", "PM&R", date(2026, 9, 1), date(2026, 10, 1), None, "asked in person")
        )


def table_rows(services: Services, owner_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every owned table for ``owner_id``, without ids and owner ids, sorted; datetimes in UTC."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with services.database.engine.connect() as connection:
        for table in OWNED:
            columns = [c for c in table.columns if c.name != "owner_id" and not (c.primary_key and c.name == "id")]
            rows = connection.execute(select(*columns).where(table.c.owner_id == owner_id)).all()
            found[table.name] = sorted((tuple(_plain(value) for value in row) for row in rows), key=repr)
        created = connection.execute(select(owners.c.created_at).where(owners.c.id == owner_id)).scalar_one()
        found["owners.created_at"] = [(_plain(created),)]
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def owner_id_of(services: Services, name: str) -> int | None:
    """The id of the owner called ``name`` in the services' database, or None."""
    with services.database.engine.connect() as connection:
        found = connection.execute(select(owners.c.id).where(owners.c.name == name)).scalar_one_or_none()
    return None if found is None else int(found)


@pytest.fixture
def other_owners(services: Services) -> Iterator[Callable[[], str]]:
    """Names for new owners in the same database, removed after the test (PostgreSQL schemas are shared)."""
    made: list[str] = []

    def new() -> str:
        made.append(f"restored-{uuid.uuid4().hex[:10]}")
        return made[-1]

    yield new
    with services.database.engine.begin() as connection:
        connection.execute(delete(owners).where(owners.c.name.in_(made)))


@pytest.fixture
def full(services: Services) -> Services:
    """The services with something recorded in every owned table."""
    record_everything(services)
    empty = [name for name, rows in table_rows(services, services.owner_id).items() if not rows]
    assert not empty, f"record_everything must put rows in every owned table; add some to: {empty}"
    return services


# --- restored identical ------------------------------------------------------------------------------------


def test_restore_as_a_new_owner_gives_every_table_identical(
    full: Services, tmp_path: Path, other_owners: Callable[[], str]
) -> None:
    before = table_rows(full, full.owner_id)
    report = backup(full, tmp_path / "me.json")
    assert report.revision == known_revisions()[-1]
    assert report.owners[current_owner(full)]["programs"] == full.program_count()

    name = other_owners()
    restored = restore(full, tmp_path / "me.json", owner=name)
    assert restored.rows == report.rows
    new_id = owner_id_of(full, name)
    assert new_id is not None and new_id != full.owner_id
    assert table_rows(full, new_id) == before
    assert table_rows(full, full.owner_id) == before, "the original owner is untouched"


def test_restore_into_a_fresh_database_is_identical_and_usable(full: Services, tmp_path: Path) -> None:
    before = table_rows(full, full.owner_id)
    backup(full, tmp_path / "me.json")
    name = current_owner(full)
    fresh = make_services(f"sqlite:///{tmp_path}/fresh.db", owner="someone-else")
    try:
        restore(fresh, tmp_path / "me.json")
        new_id = owner_id_of(fresh, name)
        assert new_id is not None
        assert table_rows(fresh, new_id) == before
        as_them = make_services(f"sqlite:///{tmp_path}/fresh.db", owner=name)
        try:
            assert as_them.profile() == full.profile()
            assert as_them.list_programs().programs == full.list_programs().programs
        finally:
            as_them.database.dispose()
    finally:
        fresh.database.dispose()


def test_backup_file_is_versioned_json_with_iso_dates(full: Services, tmp_path: Path) -> None:
    backup(full, tmp_path / "me.json")
    document = json.loads((tmp_path / "me.json").read_text(encoding="utf-8"))
    assert document["format"] == "matchpilot.backup/1"
    assert document["schema_revision"] == known_revisions()[-1]
    assert document["checksum"] == checksum(document["owners"])
    (part,) = document["owners"]
    program = part["tables"]["programs"][0]
    assert "owner_id" not in program
    assert isinstance(program["fellowships"], list), "JSON columns stay JSON"
    date.fromisoformat(program["checked_on"])
    offer = part["tables"]["soap_offers"][0]
    assert offer["deadline"] == "2026-03-18T17:00:00.123456+00:00"
    assert part["tables"]["soap_unfilled"][0]["extra"] == {"note": "ünïcode ✓"}
    assert not list(tmp_path.glob(".me.json.*")), "no temporary file is left behind"


def test_restore_refuses_an_owner_with_data_unless_replace(full: Services, tmp_path: Path) -> None:
    before = table_rows(full, full.owner_id)
    backup(full, tmp_path / "me.json")
    refusal = r"already has data; replace it, or restore as another owner"
    with pytest.raises(ExistingDataError, match=refusal) as refused:
        restore(full, tmp_path / "me.json")
    assert "--" not in str(refused.value), "the services name no option: the CLI says how to replace"
    full.import_programs_bytes(b"code,name,specialty,track\n1234567C0,Later (fictional),PM&R,categorical\n", "x.csv")
    with full.database.transaction() as session:
        OutcomeStore(session, full.owner_id).clear(full.list_programs().programs[0].code)
    assert table_rows(full, full.owner_id) != before
    restore(full, tmp_path / "me.json", replace=True)
    assert table_rows(full, full.owner_id) == before, "--replace gives back exactly the backed-up data"


def test_restore_into_an_owner_without_data_needs_no_replace(full: Services, tmp_path: Path) -> None:
    before = table_rows(full, full.owner_id)
    backup(full, tmp_path / "me.json")
    with full.database.engine.begin() as connection:
        for table in reversed(OWNED):
            connection.execute(delete(table).where(table.c.owner_id == full.owner_id))
    restore(full, tmp_path / "me.json")
    assert table_rows(full, full.owner_id) == before


@pytest.mark.every_owner
def test_backup_of_all_owners_restores_each(full: Services, tmp_path: Path, other_owners: Callable[[], str]) -> None:
    second = make_services(full.database.url, owner=other_owners())
    try:
        second.import_programs_bytes(
            b"code,name,specialty,track\n7654321C0,Other (fictional),PM&R,categorical\n", "o.csv"
        )
        expected = {
            current_owner(full): table_rows(full, full.owner_id),
            current_owner(second): table_rows(second, second.owner_id),
        }
        report = backup(full, tmp_path / "all.json", everyone=True)
        assert set(expected) <= set(report.owners)
        fresh = make_services(f"sqlite:///{tmp_path}/fresh.db")
        try:
            restore(fresh, tmp_path / "all.json")
            for name, rows in expected.items():
                new_id = owner_id_of(fresh, name)
                assert new_id is not None
                assert table_rows(fresh, new_id) == rows
        finally:
            fresh.database.dispose()
    finally:
        second.database.dispose()


def test_backup_of_an_unknown_owner_is_not_found(services: Services, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no owner called 'nobody'"):
        backup(services, tmp_path / "x.json", owner="nobody")
    assert not (tmp_path / "x.json").exists()


# --- damaged backups restore nothing --------------------------------------------------------------------------


def _edit(document: dict[str, Any], change: Callable[[dict[str, Any]], None], *, reseal: bool = True) -> str:
    change(document)
    if reseal:
        document["checksum"] = checksum(document["owners"])
    return json.dumps(document)


def _programs(document: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = document["owners"][0]["tables"]["programs"]
    return rows


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document[key] = value

    return change


def _program_value(column: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        _programs(document)[-1][column] = value

    return change


def _duplicate_last_program(document: dict[str, Any]) -> None:
    _programs(document).append(dict(_programs(document)[0]))


DAMAGES: dict[str, tuple[Callable[[str, dict[str, Any]], str | bytes], str]] = {
    "cut short": (lambda text, _d: text[: len(text) // 2], "not valid JSON"),
    "empty": (lambda _t, _d: "", "not valid JSON"),
    "binary": (lambda _t, _d: b"\xff\xfe\x00garbage", "not UTF-8"),
    "not a backup": (lambda _t, _d: json.dumps({"programs": []}), "not a backup made by matchpilot"),
    "a list": (lambda _t, _d: "[1, 2, 3]", "not a backup made by matchpilot"),
    "another format": (lambda _t, d: _edit(d, _set("format", "matchpilot.backup/9")), "unsupported backup format"),
    "newer schema": (lambda _t, d: _edit(d, _set("schema_revision", "9999")), "newer or unknown database schema"),
    "edited by hand": (lambda _t, d: _edit(d, _program_value("name", "Edited"), reseal=False), "checksum"),
    "bad date": (lambda _t, d: _edit(d, _program_value("checked_on", "last week")), "column checked_on"),
    "text for a number": (lambda _t, d: _edit(d, _program_value("positions", "four")), "column positions"),
    "missing value": (lambda _t, d: _edit(d, _program_value("name", None)), "column name: must not be empty"),
    "unknown column": (lambda _t, d: _edit(d, _program_value("colour", "red")), "unknown column 'colour'"),
    "duplicate program": (lambda _t, d: _edit(d, _duplicate_last_program), "database error"),
}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def good_backup(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Services, str]]:
    """An owner with something in every owned table (as ``full``) and the text of its backup, made once per database
    for the damaged-backup tests: each restores a damaged copy as a new owner and must write nothing, so none of
    them changes this owner or this backup (each test made both anew before: 26 times the same data and file)."""
    folder = tmp_path_factory.mktemp("good-backup")
    url = f"sqlite:///{folder}/matchpilot.db" if request.param == "sqlite" else postgres_url()
    made = make_services(url)
    try:
        record_everything(made)
        backup(made, folder / "good.json")
        yield made, (folder / "good.json").read_text(encoding="utf-8")
    finally:
        with made.database.engine.begin() as connection:
            connection.execute(delete(owners).where(owners.c.id == made.owner_id))
        made.database.dispose()


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_backup_restores_nothing_and_says_why(
    good_backup: tuple[Services, str], tmp_path: Path, damage: str
) -> None:
    full, text = good_backup
    make, reason = DAMAGES[damage]
    broken = make(text, json.loads(text))
    target = tmp_path / "broken.json"
    if isinstance(broken, bytes):
        target.write_bytes(broken)
    else:
        target.write_text(broken, encoding="utf-8")
    name = f"restored-{uuid.uuid4().hex[:10]}"
    expected_error = StorageError if damage == "duplicate program" else InputError
    try:
        with pytest.raises(expected_error, match=reason):
            restore(full, target, owner=name)
        assert owner_id_of(full, name) is None, "nothing was written, not even the owner"
    finally:  # should the restore write after all, the next test must not meet its owner
        with full.database.engine.begin() as connection:
            connection.execute(delete(owners).where(owners.c.name == name))


def test_a_failed_replace_keeps_the_old_data(full: Services, tmp_path: Path) -> None:
    """All or nothing: --replace deletes first, then fails writing; the deletion is rolled back too."""
    before = table_rows(full, full.owner_id)
    backup(full, tmp_path / "good.json")
    document = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    (tmp_path / "dup.json").write_text(_edit(document, _duplicate_last_program), encoding="utf-8")
    with pytest.raises(StorageError):
        restore(full, tmp_path / "dup.json", replace=True)
    assert table_rows(full, full.owner_id) == before


# --- the commands ---------------------------------------------------------------------------------------------


def cli_app() -> typer.Typer:
    """The two commands under a root with the error handling of ``matchpilot`` (cli/main.py)."""
    app = typer.Typer(cls=_TranslatingGroup, add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _root(db: str = typer.Option(..., "--db")) -> None:
        common.set_database_url(db)

    app.command("backup")(backup_cli.backup)
    app.command("restore")(backup_cli.restore)
    return app


def invoke(args: list[str]) -> Result:
    """Run the commands once, then close the database connections the invocation opened."""
    try:
        return CliRunner().invoke(cli_app(), args)
    finally:
        built = common._state.pop("services", None)
        if isinstance(built, Services):
            built.database.dispose()


def test_backup_and_restore_commands(
    full: Services, tmp_path: Path, other_owners: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHPILOT_OWNER", current_owner(full))
    url = full.database.url
    file = tmp_path / "me.json"
    done = invoke(["--db", url, "backup", str(file)])
    assert done.exit_code == 0, done.output
    assert "Backed up" in done.output and "programs" in done.output

    refused = invoke(["--db", url, "restore", str(file)])
    assert refused.exit_code == 2
    assert "already has data" in refused.output and "Traceback" not in refused.output
    assert "--replace" in refused.output, "the CLI says how to replace the owner's data"

    name = other_owners()
    restored = invoke(["--db", url, "restore", str(file), "--owner", name])
    assert restored.exit_code == 0, restored.output
    new_id = owner_id_of(full, name)
    assert new_id is not None
    assert table_rows(full, new_id) == table_rows(full, full.owner_id)

    file.write_text("{", encoding="utf-8")
    broken = invoke(["--db", url, "restore", str(file), "--owner", other_owners()])
    assert broken.exit_code == 2
    assert "damaged" in broken.output and "Traceback" not in broken.output

    both = invoke(["--db", url, "backup", str(file), "--all", "--owner", "x"])
    assert both.exit_code == 2
