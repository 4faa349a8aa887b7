"""The programs made from a sheet's columns a field at a time (``ProgramColumns.programs``) are the programs
``Program(...)`` makes: equal, the same field objects, frozen and copied by ``dataclasses.replace`` as
any other."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from matchpilot.domain.program import Program
from matchpilot.domain.program_columns import PROGRAM_FIELDS, ProgramColumns
from matchpilot.domain.records import records_from_columns

from support.sheets import demo_programs


def test_programs_made_from_columns_are_those_made_by_init() -> None:
    programs = demo_programs(400, date(2026, 12, 1))
    columns = ProgramColumns.of(programs)
    made = columns.programs()
    by_init = tuple(map(Program, *(columns.column(name) for name in PROGRAM_FIELDS)))
    assert made == by_init == programs and repr(made) == repr(programs)
    for one, other in zip(made, programs, strict=True):
        assert type(one) is Program
        assert all(getattr(one, name) is getattr(other, name) for name in PROGRAM_FIELDS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].code = "X"  # type: ignore[misc]
    assert dataclasses.replace(made[0], name="Other (fictional)").code == programs[0].code
    assert ProgramColumns.of(()).programs() == ()


@dataclasses.dataclass(frozen=True)
class _Checked:
    """A record with a check (no slots, a ``__post_init__``): made through its ``__init__``."""

    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


def test_records_from_columns_are_the_records_of_each_row() -> None:
    from matchpilot.chances.model import ONE, ZERO, ProgramChance
    from matchpilot.domain.profile import Target

    columns = [["A1", "B2"], [(), ()], [(), ()], [ONE, ZERO], [ZERO, ONE], [Target.PMR, Target.OTHER]]
    columns += [[(0.0, 1.0, 2.0), (-1.0, 0.0, 1.0)], [None, None]]
    made = records_from_columns(ProgramChance, columns)
    assert made == tuple(ProgramChance(*row) for row in zip(*columns, strict=True))
    assert made[1].category is Target.OTHER and made[0].p_match is ZERO
    assert records_from_columns(_Checked, [[1, 2]]) == (_Checked(1), _Checked(2))
    with pytest.raises(ValueError, match="negative"):
        records_from_columns(_Checked, [[1, -2]])  # the check still runs
    with pytest.raises(ValueError, match="differ in length"):
        records_from_columns(ProgramChance, [["A1"], []])
    with pytest.raises(ValueError, match="fields"):
        records_from_columns(ProgramChance, [["A1"]])


@dataclasses.dataclass
class _Base:
    first: int


@dataclasses.dataclass(slots=True)
class _Derived(_Base):
    """Slots of its own, a field of its base's kept outside them: made through ``__init__``."""

    second: int


def test_a_field_outside_the_slots_goes_through_init() -> None:
    assert records_from_columns(_Derived, [[1, 3], [2, 4]]) == (_Derived(1, 2), _Derived(3, 4))
