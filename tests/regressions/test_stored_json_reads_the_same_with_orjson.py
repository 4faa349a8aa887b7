"""The database reads its JSON columns with orjson (My list reads two per program) and falls back to the
standard library for what orjson refuses, so every stored value reads back as before."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, Table, insert, select

from matchpilot.storage.database import Database

VALUES = [
    {"source": "FREIDA (fictional)", "checked_on": "2026-10-01"},
    ["a", "b", 1, 2.5, -0.0, None, True],
    [2**70, -(2**70)],  # beyond 64 bits: orjson would read floats (in a list: SQLite keeps a bare number as REAL)
    "lone \ud800 surrogate",  # written by the standard library as an escape orjson refuses
    0.1 + 0.2,
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_a_json_column_reads_back_what_was_stored(tmp_path: Path, value: object) -> None:
    database = Database(f"sqlite:///{tmp_path / 'json.db'}")
    table = Table("kept", MetaData(), Column("id", Integer, primary_key=True), Column("value", JSON))
    try:
        table.create(database.engine)
        with database.engine.begin() as connection:
            connection.execute(insert(table).values(id=1, value=value))
            found = connection.execute(select(table.c.value)).scalar_one()
        assert found == value
        assert repr(found) == repr(value)  # the same types too: 2**70 stays an int
    finally:
        database.dispose()


def test_nan_reads_back(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'json.db'}")
    table = Table("kept", MetaData(), Column("id", Integer, primary_key=True), Column("value", JSON))
    try:
        table.create(database.engine)
        with database.engine.begin() as connection:
            connection.execute(insert(table).values(id=1, value=[float("nan")]))
            found = connection.execute(select(table.c.value)).scalar_one()
        assert math.isnan(found[0])
    finally:
        database.dispose()


def test_the_engine_reads_json_with_the_fast_reader(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'json.db'}")
    try:
        reader = database.engine.dialect._json_deserializer  # type: ignore[attr-defined]
        assert reader is not None and reader is not json.loads
        assert reader('{"a": [1, 2.5]}') == {"a": [1, 2.5]}
    finally:
        database.dispose()
