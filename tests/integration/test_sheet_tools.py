"""Sheet tools on real databases (SQLite and PostgreSQL): mappings saved and reused, imports through a mapping
in one transaction, merges written only when applied, conflicts resolved, the shared export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from matchpilot.domain import Program, Track
from matchpilot.domain.mapping import ColumnMapping
from matchpilot.errors import InputError, InvalidDataError, NotFoundError
from matchpilot.io.tables import read_table
from matchpilot.services import Services
from matchpilot.services import sheet_tools as tools

from support.sheets import csv_bytes

FOREIGN = csv_bytes(
    ["NRMP Code", "Program", "Specialty", "Position type", "Visa", "IMG %", "Last checked"],
    [
        ["1001340C0", "Lakeview Rehabilitation (fictional)", "PM&R", "Categorical", "J-1 only", "35%", "2026-03-01"],
        ["1002340A0", "Harbor PM&R (fictional)", "PM&R", "Advanced", "J-1 and H-1B", "12 %", "2026-04-01"],
    ],
)

MINE = (
    "code,name,specialty,track,visa_j1,visa_h1b,img_share,interest,notes,source,checked_on\n"
    "1001340C0,Lakeview Rehabilitation (fictional),PM&R,categorical,yes,,35,5,my favourite,website,2026-03-01\n"
    "1002340A0,Harbor PM&R (fictional),PM&R,advanced,,,12,3,,website,2026-04-01\n"
)

PEER = (
    "code,name,specialty,track,visa_j1,visa_h1b,img_share,interest,notes,source,checked_on\n"
    "1001340C0,Lakeview Rehabilitation (fictional),PM&R,categorical,no,no,35,1,their note,a classmate,\n"
    "1002340A0,Harbor PM&R (fictional),PM&R,advanced,yes,,20,,,FREIDA,2026-09-01\n"
    "1003140P0,Riverside Medicine (fictional),Internal Medicine,preliminary,yes,yes,50,4,x,FREIDA,2026-09-01\n"
)


def _table(text: str | bytes, name: str = "peer.csv") -> tools.ForeignTable:
    return tools.read_foreign_bytes(text.encode() if isinstance(text, str) else text, name)


def test_import_through_the_suggested_mapping_and_save_it(services: Services) -> None:
    table = _table(FOREIGN, "freida.csv")
    mapping = tools.suggest(table).mapping
    shown = tools.preview_import(services, table, mapping)
    assert shown.ok and len(shown.rows) == 2
    report = tools.import_mapped(services, table, mapping, save_as="FREIDA export")
    assert report.ok and report.created == 2
    lakeview = services.get_program("1001340C0")
    assert (lakeview.visa_j1, lakeview.visa_h1b, lakeview.img_share) == (True, False, 35.0)
    assert tools.load_mapping(services, "FREIDA export") == mapping
    assert [saved.name for saved in tools.list_mappings(services)] == ["FREIDA export"]


def test_a_saved_mapping_is_replaced_by_name_and_unknown_names_are_clear(services: Services) -> None:
    first = ColumnMapping((("A", "code"),))
    second = ColumnMapping((("B", "code"),))
    assert tools.save_mapping(services, "mine", first) is False
    assert tools.save_mapping(services, "mine", second) is True
    assert tools.load_mapping(services, "mine") == second
    with pytest.raises(NotFoundError, match="saved mappings: mine"):
        tools.load_mapping(services, "other")
    with pytest.raises(InvalidDataError):
        tools.save_mapping(services, "bad", ColumnMapping((("A", "seats"),)))
    with pytest.raises(InputError):
        tools.save_mapping(services, "  ", first)


def test_a_mapping_that_leaves_a_required_column_unmapped_writes_nothing(services: Services) -> None:
    table = _table(FOREIGN, "freida.csv")
    mapping = ColumnMapping((("NRMP Code", "code"), ("Program", "name"), ("Specialty", "specialty")))
    report = tools.import_mapped(services, table, mapping, save_as="incomplete")
    assert not report.ok
    assert any("'track' is not mapped" in str(issue) for issue in report.errors)
    assert services.program_count() == 0 and tools.list_mappings(services) == []


def test_a_bad_value_blocks_the_whole_import(services: Services) -> None:
    bad = FOREIGN.replace(b"J-1 only", b"maybe")
    table = _table(bad, "freida.csv")
    report = tools.import_mapped(services, table, tools.suggest(table).mapping)
    assert not report.ok and any(str(issue).startswith("row 2, column Visa:") for issue in report.errors)
    assert services.program_count() == 0


def test_a_file_that_is_not_a_spreadsheet(services: Services) -> None:
    with pytest.raises(InputError, match="not a CSV text file"):
        tools.read_foreign_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.csv")
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        tools.read_foreign_bytes(b"hello", "sheet.xlsx")
    with pytest.raises(InputError, match="unknown file type"):
        tools.read_foreign_bytes(b"hello", "notes.txt")


def test_merge_dry_run_writes_nothing_and_apply_writes_everything(services: Services) -> None:
    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    before = [services.get_program(code) for code in ("1001340C0", "1002340A0")]
    plan = tools.plan_merge(services, _table(PEER))
    result = plan.result
    assert not plan.applied and result.new_programs == ("1003140P0",)
    assert {(f.code, f.column) for f in result.updated} == {("1002340A0", "img_share")}
    assert {(f.code, f.column) for f in result.added} >= {("1002340A0", "visa_j1"), ("1001340C0", "visa_h1b")}
    assert [(c.code, c.column) for c in result.conflicts] == [("1001340C0", "visa_j1")]
    assert [services.get_program(code) for code in ("1001340C0", "1002340A0")] == before
    assert services.program_count() == 2 and tools.list_conflicts(services) == []

    applied = tools.apply_merge(services, _table(PEER))
    assert applied.applied and applied.open_conflicts == 1
    assert services.program_count() == 3
    lakeview, harbor = services.get_program("1001340C0"), services.get_program("1002340A0")
    assert (lakeview.visa_j1, lakeview.visa_h1b) == (True, False)  # conflict kept mine; the new fact was added
    assert (lakeview.interest, lakeview.notes) == (5, "my favourite")  # never overwritten
    assert (harbor.img_share, harbor.visa_j1, harbor.interest) == (20.0, True, 3)
    assert harbor.provenance_of("img_share").checked_on == date(2026, 9, 1)
    riverside = services.get_program("1003140P0")
    assert riverside.interest is None and riverside.notes is None


def test_resolve_a_conflict(services: Services) -> None:
    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    tools.apply_merge(services, _table(PEER))
    (conflict,) = tools.list_conflicts(services)
    assert (conflict.mine, conflict.theirs, conflict.theirs_source) == ("yes", "no", "a classmate")
    with pytest.raises(InputError):
        tools.resolve_conflict(services, "1001340C0", "visa_j1", "both")
    program = tools.resolve_conflict(services, "1001340C0", "visa_j1", "theirs")
    assert program.visa_j1 is False and services.get_program("1001340C0").visa_j1 is False
    assert services.get_program("1001340C0").provenance_of("visa_j1").source == "a classmate"
    assert tools.list_conflicts(services) == [] and tools.conflict_count(services) == 0
    with pytest.raises(NotFoundError):
        tools.resolve_conflict(services, "1001340C0", "visa_j1", "mine")


def test_merge_file_with_duplicate_codes_names_them_and_writes_nothing(services: Services) -> None:
    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    duplicated = PEER + PEER.splitlines()[2] + "\n"
    with pytest.raises(InvalidDataError) as raised:
        tools.plan_merge(services, _table(duplicated))
    assert any("code '1002340A0' is already used in row 3" in str(issue) for issue in raised.value.issues)
    with pytest.raises(InvalidDataError):
        tools.apply_merge(services, _table(duplicated))
    assert services.program_count() == 2 and tools.list_conflicts(services) == []


def test_conflicts_belong_to_their_owner(services: Services, database_url: str) -> None:
    from support.db import make_services

    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    tools.apply_merge(services, _table(PEER))
    other = make_services(database_url)
    try:
        assert tools.list_conflicts(other) == [] and tools.list_mappings(other) == []
    finally:
        from sqlalchemy import delete

        from matchpilot.storage.tables import owners

        with other.database.engine.begin() as connection:
            connection.execute(delete(owners).where(owners.c.id == other.owner_id))
        other.database.dispose()


def test_share_export_leaves_out_private_columns_and_imports_back(services: Services, tmp_path: Path) -> None:
    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    path = tmp_path / "shared.csv"
    assert tools.export_share(services, path) == 2
    header, rows = read_table(path)
    assert "interest" not in header and "notes" not in header
    assert "my favourite" not in path.read_text()
    assert rows[0][header.index("visa_j1")] == "yes"
    xlsx = tools.share_bytes(services, "xlsx")
    assert xlsx[:2] == b"PK"


def test_merging_a_shared_export_back_changes_nothing(services: Services, tmp_path: Path) -> None:
    assert services.import_programs_bytes(MINE.encode(), "mine.csv").ok
    path = tmp_path / "shared.csv"
    tools.export_share(services, path)
    plan = tools.plan_merge(services, tools.read_foreign(path))
    assert not plan.result.changes_anything


def test_program_with_track_round_trip_still_a_program(services: Services) -> None:
    table = _table(FOREIGN, "freida.csv")
    tools.import_mapped(services, table, tools.suggest(table).mapping)
    harbor: Program = services.get_program("1002340A0")
    assert harbor.track is Track.ADVANCED
