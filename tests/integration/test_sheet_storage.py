"""The program sheet in a real database: import, round trip, filters, pages, all-or-nothing, owners."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.domain import ProgramFilter, ProgramQuery, Track, VisaKind
from matchpilot.errors import ConfigurationError, DatabaseUnavailableError, InputError
from matchpilot.services import Services
from matchpilot.storage.repositories import ProgramStore

from support.db import make_services
from support.sheets import csv_bytes, sheet_rows


def load(services: Services, n: int = 60) -> None:
    header, rows = sheet_rows(n)
    report = services.import_programs_bytes(csv_bytes(header, rows), "sheet.csv")
    assert report.ok, report.issues
    assert report.created == n


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(services: Services, tmp_path: Path, kind: str) -> None:
    load(services)
    before = services.list_programs().programs
    path = tmp_path / f"sheet.{kind}"
    assert services.export_programs(path) == 60
    report = services.import_programs(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 60)
    assert services.list_programs().programs == before
    again = tmp_path / f"again.{kind}"
    services.export_programs(again)
    if kind == "csv":
        assert again.read_bytes() == path.read_bytes()


def test_provenance_is_stored(services: Services) -> None:
    header = [
        "code",
        "name",
        "specialty",
        "track",
        "visa_j1",
        "visa_j1_source",
        "visa_j1_checked_on",
        "source",
        "checked_on",
    ]
    rows = [["A1", "One (fictional)", "PM&R", "A", "no", "phone call", "2026-10-01", "website", "2026-09-01"]]
    assert services.import_programs_bytes(csv_bytes(header, rows), "s.csv").ok
    program = services.get_program("A1")
    assert program.provenance_of("visa_j1").source == "phone call"
    assert program.provenance_of("visa_j1").checked_on is not None
    assert program.provenance_of("positions").source == "website"


def test_a_file_with_errors_imports_nothing(services: Services) -> None:
    load(services, 10)
    header, rows = sheet_rows(5, seed=9)
    rows[3][7] = "-2"  # positions
    report = services.import_programs_bytes(csv_bytes(header, rows), "bad.csv")
    assert not report.ok
    assert [str(e) for e in report.errors] == [
        "row 5, column positions: -2 is out of range (must be between 0 and 500)"
    ]
    assert services.program_count() == 10


def test_a_failure_midway_leaves_the_database_as_it_was(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    load(services, 10)
    before = services.list_programs().programs
    original = ProgramStore.upsert_many

    def fail_after_writing(self: ProgramStore, items: object) -> object:
        original(self, items)  # type: ignore[arg-type]
        raise RuntimeError("disk full")

    monkeypatch.setattr(ProgramStore, "upsert_many", fail_after_writing)
    header, rows = sheet_rows(30, seed=4)
    with pytest.raises(RuntimeError):
        services.import_programs_bytes(csv_bytes(header, rows), "more.csv")
    assert services.list_programs().programs == before


def test_replace_removes_programs_not_in_the_file(services: Services) -> None:
    load(services, 20)
    header, rows = sheet_rows(20)
    report = services.import_programs_bytes(csv_bytes(header, rows[:5]), "s.csv", replace=True)
    assert (report.unchanged, report.removed) == (5, 15)
    assert services.program_count() == 5


FILTERS = [
    ProgramFilter(),
    ProgramFilter(state="ny"),
    ProgramFilter(specialty="pm&r"),
    ProgramFilter(track=Track.ADVANCED),
    ProgramFilter(visa=VisaKind.J1),
    ProgramFilter(visa=VisaKind.H1B, specialty="PM&R"),
    ProgramFilter(min_img_share=30),
    ProgramFilter(search="SPORTS"),
    ProgramFilter(search="imgs"),
    ProgramFilter(search="%"),
    ProgramFilter(state="PA", visa=VisaKind.J1, min_img_share=0),
    ProgramFilter(codes=frozenset()),
    ProgramFilter(codes=frozenset({"NOT-ON-THE-SHEET"})),
]


@pytest.mark.parametrize("criteria", FILTERS, ids=str)
def test_database_filters_agree_with_the_reference(services: Services, criteria: ProgramFilter) -> None:
    load(services, 120)
    everything = services.list_programs().programs
    expected = [p.code for p in everything if criteria.matches(p)]
    page = services.list_programs(ProgramQuery(criteria))
    assert [p.code for p in page.programs] == expected
    assert page.total == len(expected)


def test_sorting_puts_unknown_last_and_pages_split_the_rest(services: Services) -> None:
    load(services, 120)
    query = ProgramQuery(sort="img_share", descending=True, per_page=25)
    first = services.list_programs(query)
    assert first.total == 120 and first.pages == 5
    shares = []
    for page in range(1, 6):
        shares += [
            p.img_share
            for p in services.list_programs(
                ProgramQuery(sort="img_share", descending=True, per_page=25, page=page)
            ).programs
        ]
    known = [s for s in shares if s is not None]
    assert known == sorted(known, reverse=True)
    assert shares[len(known) :] == [None] * (120 - len(known))


def test_profile_saved_only_without_errors(services: Services) -> None:
    assert services.profile() is None
    bad = services.save_profile({"name": "Demo (fictional)", "applicant_type": "non_us_img", "step2_ck": 400})
    assert not bad.ok and [i.where for i in bad.issues] == ["step2_ck"]
    assert services.profile() is None
    good = services.save_profile({"name": "Demo (fictional)", "applicant_type": "non_us_img", "step2_ck": 240})
    assert good.ok
    stored = services.profile()
    assert stored is not None and stored.step2_ck == 240


def test_owners_see_only_their_own_records(services: Services, database_url: str) -> None:
    load(services, 10)
    services.save_profile({"name": "First (fictional)", "applicant_type": "us_img"})
    other = make_services(database_url)
    try:
        assert other.program_count() == 0
        assert other.profile() is None
        assert services.program_count() == 10
    finally:
        other.database.dispose()


def test_unknown_file_type_is_an_input_error(services: Services) -> None:
    with pytest.raises(InputError, match=r"unknown file type \.txt"):
        services.import_programs_bytes(b"code,name", "sheet.txt")


def test_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(DatabaseUnavailableError, match="cannot reach the database"):
        make_services("postgresql+psycopg://nobody:secret@127.0.0.1:9/nothing")


def test_unknown_database_scheme_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="unsupported database 'mysql'"):
        make_services("mysql://localhost/x")


def test_password_never_shown_in_errors() -> None:
    with pytest.raises(DatabaseUnavailableError) as caught:
        make_services("postgresql+psycopg://nobody:secret@127.0.0.1:9/nothing")
    assert "secret" not in str(caught.value)


def test_the_codes_filter_keeps_exactly_those_programs(services: Services) -> None:
    """The favourites filter (issue 15): the database keeps the programs of the given codes, as the reference."""
    load(services, 60)
    everything = services.list_programs().programs
    chosen = frozenset(p.code for p in everything[::7])
    criteria = ProgramFilter(visa=VisaKind.J1, codes=chosen)
    expected = [p.code for p in everything if criteria.matches(p)]
    assert set(expected) <= chosen
    assert [p.code for p in services.list_programs(ProgramQuery(criteria)).programs] == expected
    assert {p.code for p in services.list_programs(ProgramQuery(ProgramFilter(codes=chosen))).programs} == chosen


def test_the_whole_sheet_read_at_once_equals_each_row_read_alone(services: Services) -> None:
    """``list_programs`` reads a whole sheet by column position with shared provenance values (fast at 5,000
    programs); every program must equal the row-by-row reading's, enums, provenance and unknowns included."""
    from sqlalchemy import select

    from matchpilot.storage.repositories import _read_programs, _to_program
    from matchpilot.storage.tables import programs

    load(services, 60)
    header = ["code", "name", "specialty", "track", "setting", "program_type", "emphasis", "visa_j1", "visa_j1_source"]
    rows = [["Z1", "Zed (fictional)", "PM&R", "A", "rural", "community", "inpatient", "no", "phone call"]]
    assert services.import_programs_bytes(csv_bytes(header, rows), "z.csv").ok
    with services.database.transaction() as session:
        statement = select(programs).where(programs.c.owner_id == services.owner_id).order_by(programs.c.code)
        alone = [_to_program(row) for row in session.execute(statement).mappings()]
        together = _read_programs(session.execute(statement))
    assert len(alone) == 61
    assert together == alone and repr(together) == repr(alone)
    assert list(services.list_programs().programs) == alone
    assert any(p.setting and p.program_type and p.emphasis and p.provenance for p in alone)


def test_the_sheet_read_as_columns_equals_each_row_read_alone(services: Services) -> None:
    """``ProgramStore.columns`` fetches the driver's values and converts each column once per distinct value
    (booleans, dates, kinds, JSON text): the programs it makes must equal the row-by-row reading's, and each
    column must hold what those programs hold, on SQLite and PostgreSQL."""
    from dataclasses import replace
    from datetime import date

    from sqlalchemy import select

    from matchpilot.domain.program_columns import PROGRAM_FIELDS
    from matchpilot.storage.repositories import _to_program
    from matchpilot.storage.tables import programs

    load(services, 60)
    header = ["code", "name", "specialty", "track", "setting", "visa_j1", "visa_j1_source", "visa_j1_checked_on"]
    rows = [["Z1", "Zed (fictional)", "PM&R", "A", "rural", "no", "phone call", "2026-03-04"]]
    assert services.import_programs_bytes(csv_bytes(header, rows), "z.csv").ok
    changed = replace(
        services.get_program("Z1"), fellowships=("sci", "tbi"), img_share=0.25, checked_on=date(2026, 1, 2)
    )
    with services.database.transaction() as session:
        ProgramStore(session, services.owner_id).upsert_many([changed])
    with services.database.transaction() as session:
        statement = select(programs).where(programs.c.owner_id == services.owner_id).order_by(programs.c.code)
        alone = [_to_program(row) for row in session.execute(statement).mappings()]
        columns = ProgramStore(session, services.owner_id).columns()
    assert len(columns) == len(alone) == 61
    made = list(columns.programs())
    assert made == alone and repr(made) == repr(alone)
    for name in PROGRAM_FIELDS:
        assert columns.column(name) == tuple(getattr(p, name) for p in alone), name
    assert columns.codes == tuple(p.code for p in alone)
    z1 = made[-1]
    assert z1 == changed and z1.visa_j1 is False and z1.provenance["visa_j1"].checked_on == date(2026, 3, 4)
    assert {type(p.visa_h1b) for p in made} <= {bool, type(None)} and any(p.visa_h1b is True for p in made)


def test_the_sheet_read_as_columns_leaves_the_provenance_unread_until_asked(services: Services) -> None:
    """My list reads the whole sheet and never its provenance: ``ProgramStore.columns`` keeps each program's own
    provenance as its stored text (``StoredProvenance``), read on first use into what the row-by-row reading
    holds; a program without any holds an empty mapping, not a stored text."""
    from datetime import date

    from sqlalchemy import select

    from matchpilot.domain.program import StoredProvenance
    from matchpilot.storage.repositories import _to_program
    from matchpilot.storage.tables import programs

    load(services, 20)
    header = ["code", "name", "specialty", "track", "visa_j1", "visa_j1_source", "visa_j1_checked_on"]
    rows = [["Z1", "Zed (fictional)", "PM&R", "A", "no", "phone call", "2026-03-04"]]
    assert services.import_programs_bytes(csv_bytes(header, rows), "z.csv").ok
    with services.database.transaction() as session:
        statement = select(programs).where(programs.c.owner_id == services.owner_id).order_by(programs.c.code)
        alone = {row["code"]: _to_program(row) for row in session.execute(statement).mappings()}
        column = ProgramStore(session, services.owner_id).columns().column("provenance")
    z1 = column[-1]
    assert isinstance(z1, StoredProvenance) and z1._found is None
    assert z1["visa_j1"].checked_on == date(2026, 3, 4) and z1._found is not None
    assert z1 == alone["Z1"].provenance and repr(z1) == repr(alone["Z1"].provenance)
    assert list(column) == [p.provenance for p in alone.values()]
    assert all(isinstance(found, StoredProvenance) == bool(found) for found in column)
    assert any(not found for found in column)


def test_the_sheet_read_as_columns_numbers_the_facts_the_chances_group_by(services: Services) -> None:
    """``ProgramStore.columns`` numbers the facts of ``NUMBERED_FIELDS`` as it converts them: two rows share a
    number exactly when they hold the same value of the same type (kinds, booleans, None, whole numbers,
    shares, texts), the numbers run from 0 to the size, and the programs are those read row by row."""
    from dataclasses import replace

    from matchpilot.domain.program_columns import NUMBERED_FIELDS

    load(services, 60)
    header = ["code", "name", "specialty", "track", "visa_j1", "min_step2", "state"]
    rows = [
        ["Z1", "Zed (fictional)", "PM&R", "A", "no", "230", "NY"],
        ["Z2", "Zoe (fictional)", "PM&R", "P", "", "", ""],
    ]
    assert services.import_programs_bytes(csv_bytes(header, rows), "z.csv").ok
    with services.database.transaction() as session:
        store = ProgramStore(session, services.owner_id)
        store.upsert_many([replace(services.get_program("Z2"), img_share=1.0, max_years_since_graduation=1)])
    with services.database.transaction() as session:
        columns = ProgramStore(session, services.owner_id).columns(numbered=True)
        plain = ProgramStore(session, services.owner_id).columns()
    assert not plain.numbers and plain.columns == columns.columns
    assert (
        sorted(columns.numbers) == sorted(NUMBERED_FIELDS)
        and services.sheet_columns().numbers.keys() == columns.numbers.keys()
    )
    for name in NUMBERED_FIELDS:
        values = columns.column(name)
        codes, size = columns.numbers[name]
        assert len(codes) == len(values) and sorted(set(codes)) == list(range(size)), name
        first: dict[int, object] = {}
        for code, value in zip(codes, values, strict=True):
            kept = first.setdefault(code, value)
            assert type(kept) is type(value) and kept == value, name
        assert len({(type(value), value) for value in values}) == size, name
    assert list(columns.programs()) == list(services.list_programs().programs)


def test_an_empty_sheet_read_as_columns_has_no_programs(services: Services) -> None:
    with services.database.transaction() as session:
        columns = ProgramStore(session, services.owner_id).columns()
    assert len(columns) == 0 and columns.programs() == () and columns.codes == ()
