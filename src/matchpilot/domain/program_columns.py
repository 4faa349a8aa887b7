"""The sheet as columns: one tuple per fact of :class:`~matchpilot.domain.program.Program`, row ``i`` of every
column being program ``i``.

A whole sheet is read this way in one query (:meth:`matchpilot.storage.ProgramStore.columns`): each column is
converted once per distinct value (the kinds of position, settings and program types are a handful of values
over thousands of rows), and the ``Program`` objects are made from the columns only when asked
(:meth:`ProgramColumns.programs`), equal to those read row by row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from types import MappingProxyType

from matchpilot.domain.program import Program
from matchpilot.domain.records import records_from_columns

__all__ = ["PROGRAM_FIELDS", "ProgramColumns", "ProgramRows"]

PROGRAM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Program))
"""The fields of a ``Program`` in the order its constructor takes them (the sheet's facts, then
``provenance``)."""


class ProgramRows(tuple[Program, ...]):
    """The programs :meth:`ProgramColumns.programs` makes, a tuple like any other, which keeps the columns they
    were made from (``columns``: a whole-sheet computation reads a fact's column as it is instead of taking it
    from each program). A slice or a sum of it is a plain tuple."""

    columns: Mapping[str, tuple[object, ...]]


@dataclass(frozen=True, slots=True, eq=False)
class ProgramColumns:
    """The programs of a sheet as columns: ``columns`` maps every field of ``Program`` (:data:`PROGRAM_FIELDS`)
    to a tuple of its values, already converted as ``Program`` holds them (kinds as enums, fellowships as
    tuples, IMG shares as floats, ``provenance`` as read-only mappings of :class:`Provenance`)."""

    columns: Mapping[str, tuple[object, ...]]

    def __post_init__(self) -> None:
        missing = [name for name in PROGRAM_FIELDS if name not in self.columns]
        if missing:
            raise ValueError(f"the columns lack {', '.join(missing)}")
        lengths = {len(values) for values in self.columns.values()}
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
        made.columns = self.columns
        return made

    @classmethod
    def of(cls, programs: Sequence[Program]) -> ProgramColumns:
        """The columns of ``programs`` (for tests and callers that already hold the objects)."""
        return cls(
            MappingProxyType({name: tuple(getattr(program, name) for program in programs) for name in PROGRAM_FIELDS})
        )
