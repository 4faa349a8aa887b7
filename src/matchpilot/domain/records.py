"""Many frozen records made at once from columns of their fields (a whole sheet's programs, their chances).

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, one call per field and per
record; for thousands of records with many fields that call is most of the time spent. :func:`records_from_columns`
makes the records first and then sets each field's slot of every record in one ``map`` over the field's column
(the slot's own setter: what ``__init__`` ends up calling), for a ``slots=True`` dataclass with no
``__post_init__``; any other class is made through its ``__init__``. The records are the same either way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from itertools import repeat
from types import MemberDescriptorType
from typing import Any, TypeVar

__all__ = ["records_from_columns"]

_R = TypeVar("_R")
_new = object.__new__


def records_from_columns(kind: type[_R], columns: Sequence[Sequence[Any]]) -> tuple[_R, ...]:
    """The records ``kind(*row)`` of every row of ``columns`` (one column per field of ``kind``, in the order of
    its fields, all of one length), made a field at a time when ``kind`` is a dataclass with slots and no
    ``__post_init__``, through ``kind(...)`` otherwise. ValueError when the columns do not fit the fields."""
    lengths = {len(column) for column in columns}
    if len(lengths) > 1:
        raise ValueError(f"the columns differ in length: {sorted(lengths)}")
    if not is_dataclass(kind) or "__slots__" not in vars(kind) or hasattr(kind, "__post_init__"):
        return tuple(map(kind, *columns))
    names = [field.name for field in fields(kind)]
    if len(names) != len(columns):
        raise ValueError(f"{kind.__name__} has {len(names)} fields, not {len(columns)}")
    slots = [getattr(kind, name, None) for name in names]
    setters = [slot.__set__ for slot in slots if isinstance(slot, MemberDescriptorType)]
    if len(setters) != len(names):  # a field kept outside the slots
        return tuple(map(kind, *columns))
    count = lengths.pop() if lengths else 0
    made = list(map(_new, repeat(kind, count)))
    for setter, column in zip(setters, columns, strict=True):
        deque(map(setter, made, column), maxlen=0)
    return tuple(made)
