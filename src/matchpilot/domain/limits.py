"""What the database can hold: the length of every bounded text column, and text that can be stored at all.

These constants are the one place the limits live: ``storage/tables.py`` builds its ``String(n)`` columns from
them, and the readers (the sheet, the SOAP unfilled list, the profile, the letters log) check values against
the same numbers, so a value a reader accepts always fits its column, and a backup of it always restores.

Text that can be stored is text that encodes as UTF-8 and holds no NUL character: a lone surrogate (the
half of a UTF-16 pair that JSON can spell ``"\\ud800"``) cannot be written to a UTF-8 file or page, and
PostgreSQL refuses NUL in text. :func:`text_problem` says what is wrong with a value, or nothing.

A sheet of programs is a working list, not a registry: the largest real sheets are a few thousand programs
(every PM&R and preliminary program together is under 1,000; the load benchmark uses 5,000). Pages, My list
and the chances are measured at :data:`MAX_PROGRAMS`; an import or merge that would make a sheet larger is
refused with a message naming the limit, and nothing is written (docs/formats.md, "Limits").
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = [
    "CODE_LENGTH",
    "COLUMN_NAME_LENGTH",
    "DOCUMENT_KEY_LENGTH",
    "DOCUMENT_KIND_LENGTH",
    "EMPHASIS_LENGTH",
    "HASH_LENGTH",
    "LETTER_KIND_LENGTH",
    "LOGIN_KEY_LENGTH",
    "MAX_PROGRAMS",
    "NAME_LENGTH",
    "OUTCOME_LENGTH",
    "OWNER_NAME_LENGTH",
    "PROGRAM_TYPE_LENGTH",
    "ROLE_LENGTH",
    "SETTING_LENGTH",
    "SHEET_TEXT_LENGTH",
    "STATE_LENGTH",
    "STATUS_LENGTH",
    "TARGET_LENGTH",
    "TRACK_LENGTH",
    "UNFILLED_TEXT_LENGTH",
    "stored_text_problem",
    "text_problem",
    "unstorable_strings",
]

MAX_PROGRAMS = 10_000
"""The most programs one sheet may hold (and so the most program rows a file may have)."""

CODE_LENGTH = 64
"""A program code, wherever it is kept (the sheet, outcomes, lists, letters, SOAP, conflicts, comments)."""
COLUMN_NAME_LENGTH = 64
"""The name of a sheet column (a merge conflict's column)."""
STATE_LENGTH = 2
"""A two-letter US state code."""
TRACK_LENGTH = 16
"""A track's name (``transitional``)."""
PROGRAM_TYPE_LENGTH = 32
"""A program type (``community-university``)."""
EMPHASIS_LENGTH = 16
"""A program's emphasis (``outpatient``)."""
SETTING_LENGTH = 16
"""The kind of place a program is in (``suburban``)."""
OUTCOME_LENGTH = 16
"""An application outcome (``invited``, ``rejected``, ``silent``)."""
STATUS_LENGTH = 16
"""A SOAP offer's status."""
DOCUMENT_KIND_LENGTH = 16
"""A SOAP document's kind (``statement``, ``letter``)."""
DOCUMENT_KEY_LENGTH = 64
"""A SOAP document's key (a statement variant or a letter)."""
TARGET_LENGTH = 120
"""A SOAP assignment's target (a category or ``specialty:NAME``)."""
LETTER_KIND_LENGTH = 32
"""The kind of a logged message (a template kind, ``reply`` or ``other``)."""
NAME_LENGTH = 100
"""Short names: a SOAP plan, a saved column mapping, a username, an API token, a comment's author."""
OWNER_NAME_LENGTH = 200
"""An owner (a workspace)."""
ROLE_LENGTH = 16
"""An account's role."""
LOGIN_KEY_LENGTH = 200
"""The key of a failed sign-in (``account:NAME``, ``ip:ADDRESS``)."""
HASH_LENGTH = 64
"""A SHA-256 in hex (tokens, sessions, invitations)."""

SHEET_TEXT_LENGTH = 2000
"""A free-text cell of the program sheet (name, institution, notes, sources, ...): kept in unbounded text
columns, bounded so one cell stays readable."""
UNFILLED_TEXT_LENGTH = 2000
"""A text cell of a SOAP unfilled list (name, specialty, extra columns)."""


def text_problem(value: str, limit: int | None = None) -> str | None:
    """What keeps ``value`` out of a text column of ``limit`` characters (None: no limit), as a short phrase
    (``is longer than 64 characters``, ``contains a NUL character``, ``contains a character that is not valid
    text (U+D800)``); None when it fits."""
    problem = stored_text_problem(value)
    if problem is not None:
        return problem
    if limit is not None and len(value) > limit:
        return f"is longer than {limit} characters ({len(value)})"
    return None


def stored_text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text at all whatever its length (a NUL, a lone surrogate); None when
    it can."""
    if "\x00" in value:
        return "contains a NUL character"
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"contains a character that is not valid text (U+{ord(value[error.start]):04X})"
    return None


def unstorable_strings(value: object, path: str = "", *, nul: bool = True) -> Iterator[tuple[str, str]]:
    """Every text (key or value) inside a JSON-like ``value`` that cannot be stored: ``(path, problem)`` pairs,
    the path as ``key.0.other`` (keys themselves shown escaped). ``nul=False``: a NUL is allowed (a JSON
    column keeps it escaped as ``\\u0000``); only text that is not valid (lone surrogates) is reported."""
    if isinstance(value, str):
        problem = stored_text_problem(value if nul else value.replace("\x00", ""))
        if problem is not None:
            yield path, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            name = str(key)
            problem = stored_text_problem(name if nul else name.replace("\x00", ""))
            shown = name if stored_text_problem(name) is None else ascii(name)
            where = f"{path}.{shown}" if path else shown
            if problem is not None:
                yield where, "the key " + problem
            yield from unstorable_strings(item, where, nul=nul)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from unstorable_strings(item, f"{path}.{index}" if path else str(index), nul=nul)
