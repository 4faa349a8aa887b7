"""Errors raised by matchpilot.

Problems in a user's *data* (a bad cell in a sheet, a bad profile value) are not exceptions: they are
returned as lists of :class:`matchpilot.domain.Issue`. Exceptions are for broken invariants, for input that
cannot be read at all, and for resources that are missing or unreachable. The shells translate them to exit
codes (CLI) and HTTP statuses (web) in one place each.

Hierarchy::

    MatchpilotError
    ├── InputError              the user's input cannot be used (unreadable file, bad format); exit 2 / HTTP 400
    │   ├── InvalidDataError    the input was read but has errors; carries the issues
    │   └── TooLargeError       the input is over a stated limit (bytes, rows, columns, cell length, programs
    │                           per sheet); the message names the limit; exit 2 / HTTP 413 on upload pages
    ├── NotFoundError           a named record does not exist; exit 2 / HTTP 404
    ├── AuthenticationError     not signed in, or a wrong password or token; HTTP 401 (pages: the sign-in page)
    │   └── RateLimitedError    too many failed sign-ins; HTTP 429
    ├── PermissionDeniedError   signed in, but the role may not do this; HTTP 403
    ├── ConfigurationError      a setting is wrong (unknown database scheme, ...); exit 2
    └── StorageError            the database failed
        └── DatabaseUnavailableError  the database cannot be reached; exit 2 / HTTP 503
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matchpilot.domain.issues import Issue

__all__ = [
    "AuthenticationError",
    "ConfigurationError",
    "DatabaseUnavailableError",
    "ExistingDataError",
    "InputError",
    "InvalidDataError",
    "MatchpilotError",
    "NextStep",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "StorageError",
    "TooLargeError",
]


class NextStep(StrEnum):
    """What the user can do about an error, named once; each shell words it (a link or button in the web app, a
    command in the CLI), so no message of the core or the services names a command or a page."""

    FILL_PROFILE = "fill-profile"
    """Give matchpilot a profile (the web app's Profile page; ``profile load`` in the CLI)."""
    IMPORT_SHEET = "import-sheet"
    """Bring a sheet of programs in (the Import page; ``programs import``)."""
    ADD_TO_RANK_LIST = "add-to-rank-list"
    """Put programs on the rank order list (the Rank list page; ``rol add``)."""
    CERTIFY_RANK_LIST = "certify-rank-list"
    """Record that the rank order list was certified (the Rank list page; ``rol certify``)."""
    WRITE_THANK_YOU = "write-thank-you"
    """Write a thank-you to a program after an interview (the Write page; ``letters draft``)."""
    WRITE_LETTER = "write-letter"
    """Write a letter to a program (the Write page; ``letters draft``)."""
    REVIEW_PROGRAMS = "review-programs"
    """Look through the program sheet (the Programs page; ``programs list``)."""
    EDIT_PROGRAM = "edit-program"
    """Correct a program's facts with their source (its Edit facts page; ``programs set``)."""
    PICK_PROGRAMS = "pick-programs"
    """Choose where to apply (My list; ``pick``)."""
    PLAN_MATCH_WEEK = "plan-match-week"
    """Prepare for or follow Match Week (the Match Week pages; ``soap``)."""
    CLEAR_DEMO = "clear-demo"
    """Remove the fictional demo data (Sheet → Clear the demo data; ``demo --clear``)."""


class MatchpilotError(Exception):
    """Base class of every error matchpilot raises on purpose. ``next_step`` (optional) says what the user can do
    about it, for the shells to word."""

    def __init__(self, *args: object, next_step: NextStep | None = None) -> None:
        super().__init__(*args)
        self.next_step = next_step


class InputError(MatchpilotError):
    """The user's input cannot be used: an unreadable file, an unknown format, a malformed document."""


class InvalidDataError(InputError):
    """The input was read but has errors; ``issues`` lists every one of them."""

    def __init__(self, message: str, issues: Sequence[Issue]) -> None:
        super().__init__(message)
        self.issues: tuple[Issue, ...] = tuple(issues)


class ExistingDataError(InputError):
    """A restore would overwrite data the owner ``owner`` already has; each shell says how to ask for the
    replacement (the message names no command or option)."""

    def __init__(self, message: str, owner: str) -> None:
        super().__init__(message)
        self.owner = owner


class TooLargeError(InputError):
    """The input is larger than a stated limit (a file's bytes, rows, columns or cell length, or the programs a
    sheet may hold); the message names the limit. Refused while reading, before the whole input is held."""


class NotFoundError(MatchpilotError):
    """A record the user named does not exist (for this owner)."""


class ConfigurationError(MatchpilotError):
    """A setting is wrong, for instance a database URL with an unknown scheme."""


class StorageError(MatchpilotError):
    """The database failed while doing what was asked; nothing was half-saved."""


class DatabaseUnavailableError(StorageError):
    """The database cannot be reached (server down, wrong host, unreadable file)."""


class AuthenticationError(MatchpilotError):
    """Not signed in, or the username, password or API token is wrong (multi-user mode)."""


class RateLimitedError(AuthenticationError):
    """Too many failed sign-ins for this account or address; ``retry_after`` says in how many seconds to retry."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermissionDeniedError(MatchpilotError):
    """Signed in, but the account's role may not do this (an adviser changing an applicant's data)."""
