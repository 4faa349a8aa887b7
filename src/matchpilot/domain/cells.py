"""Reading single values typed by people (sheet cells, form fields) into typed values.

Each reader takes the text as typed and returns ``(value, problem)``: ``problem`` is ``None`` when the text
was read, else a short phrase saying what is wrong (the caller adds where). Blank text reads as ``None``,
which means *unknown*.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

__all__ = [
    "format_date",
    "format_number",
    "format_yes_no",
    "read_date",
    "read_int",
    "read_number",
    "read_yes_no",
    "shares_among_percents",
    "twelve_months_before",
]

_N = TypeVar("_N", int, float)
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})


def read_yes_no(text: str) -> tuple[bool | None, str | None]:
    """Read yes/no (also y/n, true/false, 1/0, any case); blank is unknown."""
    key = text.strip().lower()
    if not key:
        return None, None
    if key in _YES:
        return True, None
    if key in _NO:
        return False, None
    return None, f"{text.strip()!r} is not yes or no"


def read_int(text: str, *, low: int | None = None, high: int | None = None) -> tuple[int | None, str | None]:
    """Read a whole number within ``low``..``high`` (inclusive, either may be open); blank is unknown."""
    raw = text.strip()
    if not raw:
        return None, None
    try:
        number = float(raw)
    except ValueError:
        return None, f"{raw!r} is not a whole number"
    if not number.is_integer():
        return None, f"{raw!r} is not a whole number"
    value = int(number)
    return _in_range(value, low, high, raw)


def read_number(
    text: str, *, low: float | None = None, high: float | None = None, percent: bool = False
) -> tuple[float | None, str | None]:
    """Read a number within ``low``..``high``; with ``percent``, a trailing ``%`` is allowed."""
    raw = text.strip()
    if percent and raw.endswith("%"):
        raw = raw[:-1].strip()
    if not raw:
        return None, None
    try:
        value = float(raw)
    except ValueError:
        return None, f"{text.strip()!r} is not a number"
    if value != value or value in (float("inf"), float("-inf")):
        return None, f"{text.strip()!r} is not a number"
    return _in_range(value, low, high, text.strip())


def _percent_value(text: str) -> tuple[float | None, bool]:
    """The number of a percentage cell and whether it was written with ``%`` (None: not a number)."""
    raw = text.strip().lstrip("~").strip()
    marked = raw.endswith("%")
    try:
        value = float(raw[:-1].strip() if marked else raw)
    except ValueError:
        return None, marked
    return (value if value == value else None), marked


def shares_among_percents(texts: Sequence[str]) -> frozenset[int]:
    """The positions of the cells of a percentage column to read as shares (0.4 → 40%).

    A spreadsheet's percent cell (40% formatted as a percentage) arrives as its value, 0.4. When a column's
    other cells are typed percentages — a value written with ``%``, or a plain number above 1 — a plain
    number strictly between 0 and 1 (no ``%``) is such a cell. Returns nothing when no cell is a whole
    percentage (a column of fractions only is a different case) or no cell is such a fraction.
    """
    fractions: list[int] = []
    whole = False
    for position, text in enumerate(texts):
        value, marked = _percent_value(text)
        if value is None:
            continue
        if marked or value > 1:
            whole = True
        elif 0 < value < 1:
            fractions.append(position)
    return frozenset(fractions) if whole else frozenset()


def _in_range(value: _N, low: _N | None, high: _N | None, raw: str) -> tuple[_N | None, str | None]:
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = (
            f"between {format_number(low)} and {format_number(high)}"
            if low is not None and high is not None
            else f"at least {format_number(low)}"
            if low is not None
            else f"at most {format_number(high)}"
        )
        return None, f"{raw} is out of range (must be {bounds})"
    return value, None


def read_date(text: str) -> tuple[date | None, str | None]:
    """Read an ISO date (YYYY-MM-DD); blank is unknown."""
    raw = text.strip()
    if not raw:
        return None, None
    try:
        return date.fromisoformat(raw[:10] if len(raw) > 10 and raw[10] in "T " else raw), None
    except ValueError:
        return None, f"{raw!r} is not a date (use YYYY-MM-DD)"


def twelve_months_before(today: date) -> date:
    """The same day one year earlier (28 February for 29 February)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def format_yes_no(value: bool | None) -> str:
    """``yes``, ``no`` or blank for unknown."""
    return "" if value is None else ("yes" if value else "no")


def format_number(value: float | None) -> str:
    """A number without a needless ``.0``; blank for unknown."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def format_date(value: date | None) -> str:
    """ISO date or blank for unknown."""
    return "" if value is None else value.isoformat()
