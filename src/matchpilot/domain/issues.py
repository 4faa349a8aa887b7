"""Issues: problems found in a user's data, returned as values the user can read and fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Issue", "Severity", "errors_in", "has_errors", "warnings_in"]


class Severity(StrEnum):
    """How serious an issue is: an ``error`` blocks saving, a ``warning`` is listed and does not block."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in the user's data.

    ``code`` is a stable machine-readable id (``bad-integer``, ``stale-date``, ...), ``message`` says what is
    wrong in plain words, and ``where`` names the place in words (``row 4, column min_step2`` or a profile key).
    An issue about a table also names its place as values: ``row`` (a spreadsheet row number: the header is 1)
    and ``column`` (the sheet column it is about; a ``column`` without a ``row`` is a whole column, such as one
    of a column mapping). They are for code that places the issue (a form field, a preview cell) and are not
    part of an issue's identity: two issues that say the same thing in the same words are equal.
    """

    code: str
    severity: Severity
    message: str
    where: str = ""
    row: int | None = field(default=None, compare=False)
    column: str | None = field(default=None, compare=False)

    @classmethod
    def at_cell(cls, code: str, severity: Severity, message: str, row: int, column: str) -> Issue:
        """An issue about the cell at ``row`` and ``column``, its place in words ``row N, column X``."""
        return cls(code, severity, message, f"row {row}, column {column}", row, column)

    def __str__(self) -> str:
        """Render as ``where: message`` (or just the message when there is no place)."""
        return f"{self.where}: {self.message}" if self.where else self.message

    @property
    def is_error(self) -> bool:
        """True when this issue blocks saving."""
        return self.severity is Severity.ERROR


def has_errors(issues: Iterable[Issue]) -> bool:
    """Return True when any of ``issues`` is an error."""
    return any(issue.is_error for issue in issues)


def errors_in(issues: Iterable[Issue]) -> list[Issue]:
    """Return the errors among ``issues``, in order."""
    return [issue for issue in issues if issue.is_error]


def warnings_in(issues: Iterable[Issue]) -> list[Issue]:
    """Return the warnings among ``issues``, in order."""
    return [issue for issue in issues if not issue.is_error]
