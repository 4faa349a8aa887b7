"""The sheet as columns: one tuple per fact of :class:`~matchpilot.domain.program.Program`, row ``i`` of every
column being program ``i``.

A whole sheet is read this way in one query (:meth:`matchpilot.storage.ProgramStore.columns`): each column is
converted once per distinct value (the kinds of position, settings and program types are a handful of values
over thousands of rows), and the ``Program`` objects are made from the columns only when asked
(:meth:`ProgramColumns.programs`), equal to those read row by row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from matchpilot.domain.program import Program
from matchpilot.domain.records import records_from_columns

if TYPE_CHECKING:  # NumPy is not imported to read a sheet's programs (a command's start pays for it)
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["NUMBERED_FIELDS", "PROGRAM_FIELDS", "ColumnNumbers", "ProgramColumns", "ProgramRows"]

PROGRAM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Program))
"""The fields of a ``Program`` in the order its constructor takes them (the sheet's facts, then
``provenance``)."""


NUMBERED_FIELDS: tuple[str, ...] = (
    "specialty",
    "track",
    "state",
    "visa_j1",
    "visa_h1b",
    "step3_for_h1b",
    "max_years_since_graduation",
    "min_step2",
    "usce_required",
    "img_share",
)
"""The facts a whole sheet's chances group programs by (``chances.sheet``): a sheet read from the database
comes with each of these columns numbered (:class:`ColumnNumbers`)."""


class ColumnNumbers(NamedTuple):
    """A column's values numbered: ``codes[i]`` is row ``i``'s number, from 0 to ``size - 1`` (a read-only
    array); rows with the same number hold the same value, of the same type (rows with different numbers may
    still hold equal values)."""

    codes: NDArray[np.int64]
    size: int


class ProgramRows(tuple[Program, ...]):
    """The programs :meth:`ProgramColumns.programs` makes, a tuple like any other, which keeps the columns they
    were made from (``columns``: a whole-sheet computation reads a fact's column as it is instead of taking it
    from each program) and their ``numbers``. A slice or a sum of it is a plain tuple."""

    columns: Mapping[str, tuple[object, ...]]
    numbers: Mapping[str, ColumnNumbers]


@dataclass(frozen=True, slots=True, eq=False)
class ProgramColumns:
    """The programs of a sheet as columns: ``columns`` maps every field of ``Program`` (:data:`PROGRAM_FIELDS`)
    to a tuple of its values, already converted as ``Program`` holds them (kinds as enums, fellowships as
    tuples, IMG shares as floats, ``provenance`` as read-only mappings of :class:`Provenance`); ``numbers``
    holds some columns numbered (:class:`ColumnNumbers`; the database's reading numbers
    :data:`NUMBERED_FIELDS` as it converts them)."""

    columns: Mapping[str, tuple[object, ...]]
    numbers: Mapping[str, ColumnNumbers] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        missing = [name for name in PROGRAM_FIELDS if name not in self.columns]
        if missing:
            raise ValueError(f"the columns lack {', '.join(missing)}")
        lengths = {len(values) for values in self.columns.values()}
        lengths.update(len(numbered.codes) for numbered in self.numbers.values())
        if len(lengths) > 1:
            raise ValueError(f"the columns differ in length: {sorted(lengths)}")

    def __len__(self) -> int:
        return len(self.columns["code"])

    def __iter__(self) -> Iterator[Program]:
        return iter(self.programs())

    def column(self, name: str) -> tuple[object, ...]:
        """The values of the field ``name`` of every program, in order (KeyError for an unknown field)."""
        return self.columns[name]

    @property
    def codes(self) -> tuple[str, ...]:
        """The code of every program, in order."""
        return self.columns["code"]  # type: ignore[return-value]

    def programs(self) -> ProgramRows:
        """Every program as a ``Program``, in order, equal field for field to ``Program(*row)`` of each row (made
        a field at a time: :func:`matchpilot.domain.records.records_from_columns`), holding these columns."""
        made = ProgramRows(records_from_columns(Program, [self.columns[name] for name in PROGRAM_FIELDS]))
        made.columns, made.numbers = self.columns, self.numbers
        return made

    @classmethod
    def of(cls, programs: Sequence[Program]) -> ProgramColumns:
        """The columns of ``programs`` (for tests and callers that already hold the objects)."""
        return cls(
            MappingProxyType({name: tuple(getattr(program, name) for program in programs) for name in PROGRAM_FIELDS})
        )
