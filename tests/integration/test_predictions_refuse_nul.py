"""The SQLite write of the predictions checks its own text (the codes and the day) for a NUL instead of the
database's check of every value of its thousands of rows (``NUL_CHECKED``): a code with a NUL is refused as
before (InputError, nothing saved), the check is skipped only for a statement that asks, and
:func:`refuse_nul` finds a NUL in text mixed with other values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from matchpilot.errors import InputError
from matchpilot.storage.database import NUL_CHECKED, Database, refuse_nul
from matchpilot.storage.predictions import PredictionStore
from matchpilot.storage.repositories import OwnerStore

DAY = date(2026, 10, 1)


@pytest.fixture
def database(tmp_path: Path) -> Database:
    made = Database(f"sqlite:///{tmp_path / 'nul.db'}")
    made.migrate()
    return made


def _owner(database: Database) -> int:
    with database.transaction() as session:
        return OwnerStore(session).ensure("nul-check (fictional)")


def _count(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM predictions")).scalar_one())


@pytest.mark.parametrize("where", [0, 2, 4])
def test_a_code_with_a_nul_is_refused_and_nothing_is_saved(database: Database, where: int) -> None:
    owner = _owner(database)
    codes = [f"10{i:02d}340C0" for i in range(5)]
    codes[where] = codes[where][:3] + "\x00" + codes[where][3:]
    with pytest.raises(InputError, match="NUL"), database.transaction() as session:
        PredictionStore(session, owner).keep_columns(DAY, codes, [0.1] * 5, [0.2] * 5, [0.3] * 5, [0.0] * 5)
    assert _count(database) == 0
    with database.transaction() as session:
        clean = [code.replace("\x00", "") for code in codes]
        assert PredictionStore(session, owner).keep_columns(DAY, clean, [0.1] * 5, [0.2] * 5, [0.3] * 5, [0.0] * 5)
    assert _count(database) == 5


def test_only_a_statement_that_asks_skips_the_databases_check(database: Database) -> None:
    owner = _owner(database)
    statement = "INSERT INTO predictions (owner_id, code, predicted_on, p_low, p_mid, p_high) VALUES (?, ?, ?, 0, 0, 0)"
    rows = [(owner, "1000340C0", "2026-10-01"), (owner, "10\x0001340C0", "2026-10-01")]
    with pytest.raises(InputError, match="NUL"), database.transaction() as session:
        session.connection().exec_driver_sql(statement, rows)
    assert _count(database) == 0
    with database.transaction() as session:  # the caller vouches for its text: the database does not look
        session.connection().exec_driver_sql(statement, rows, execution_options={NUL_CHECKED: True})
    assert _count(database) == 2


@pytest.mark.parametrize(
    ("values", "refused"),
    [
        (["a", "b", "c"], False),
        (["a", "b\x00", "c"], True),
        (["\x00"], True),
        ([], False),
        ([1, 2.5, None, "x"], False),
        ([1, 2.5, None, "x\x00"], True),
        ([b"\x00", "y"], False),  # bytes are not text: the database's check passes them too
    ],
)
def test_refuse_nul_finds_a_nul_in_any_text(values: list[object], refused: bool) -> None:
    if refused:
        with pytest.raises(InputError, match="NUL"):
            refuse_nul(values)
    else:
        refuse_nul(values)
