"""``StoredProvenance``: a program's own provenance kept as its stored text until first read, answering as the
read-only mapping read from it does (``ProgramStore.columns`` hands it out; My list never reads it)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from operator import eq, ne
from types import MappingProxyType

import pytest

from matchpilot.domain.program import Program, Provenance, StoredProvenance, Track

TEXT = '{"visa_j1": {"source": "phone call", "checked_on": "2026-03-04"}, "positions": {"source": "website"}}'
READ = MappingProxyType(
    {"visa_j1": Provenance("phone call", date(2026, 3, 4)), "positions": Provenance("website", None)}
)


def _reader(calls: list[str]) -> Callable[[str], Mapping[str, Provenance]]:
    def read(text: str) -> Mapping[str, Provenance]:
        calls.append(text)
        found = json.loads(text)
        return MappingProxyType(
            {
                column: Provenance(
                    entry.get("source"),
                    date.fromisoformat(entry["checked_on"]) if entry.get("checked_on") else None,
                )
                for column, entry in found.items()
            }
        )

    return read


def test_the_text_is_read_once_and_only_when_asked() -> None:
    calls: list[str] = []
    stored = StoredProvenance(TEXT, _reader(calls))
    program = Program("P1", "One (fictional)", "PM&R", Track.CATEGORICAL, provenance=stored)
    assert calls == []
    assert program.provenance_of("visa_j1") == Provenance("phone call", date(2026, 3, 4))
    assert calls == [TEXT]
    assert stored["positions"] == Provenance("website", None) and len(stored) == 2
    assert calls == [TEXT]


def test_it_answers_as_the_mapping_read_from_it() -> None:
    stored = StoredProvenance(TEXT, _reader([]))
    for other in (READ, dict(READ)):  # either side of the comparison first
        assert eq(stored, other) and eq(other, stored) and not ne(stored, other) and not ne(other, stored)
    assert ne(stored, {}) and ne({}, stored) and not eq({}, stored)
    assert stored == StoredProvenance(TEXT, _reader([]))
    assert repr(stored) == repr(READ)
    assert list(stored) == list(READ) and list(stored.items()) == list(READ.items())
    assert list(stored.keys()) == list(READ.keys()) and list(stored.values()) == list(READ.values())
    assert "visa_j1" in stored and "setting" not in stored
    assert stored.get("setting") is None and stored.get("visa_j1") == READ["visa_j1"]
    assert dict(stored) == dict(READ)
    with pytest.raises(KeyError):
        stored["setting"]
    with pytest.raises(TypeError):
        hash(stored)


def test_a_program_holding_it_equals_one_holding_the_mapping() -> None:
    eager = Program("P1", "One (fictional)", "PM&R", Track.CATEGORICAL, provenance=READ)
    lazy = replace(eager, provenance=StoredProvenance(TEXT, _reader([])))
    assert lazy == eager and eager == lazy and repr(lazy) == repr(eager)
    assert lazy != replace(eager, provenance=MappingProxyType({}))


def test_an_error_in_the_text_is_raised_when_it_is_first_read() -> None:
    stored = StoredProvenance("{not json", _reader([]))
    with pytest.raises(json.JSONDecodeError):
        len(stored)
