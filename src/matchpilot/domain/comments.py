"""Comments on a workspace: what an applicant and their advisers write to each other on a shared server.

A comment is a domain value because it is stored: the comments store takes what to write and returns
:class:`Comment` as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["Comment"]


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment on a workspace: its ``id`` (the order it was written in), the ``author``'s username, the
    ``subject`` (a program code or empty), the ``text`` and when it was written (``created_at``)."""

    id: int
    author: str
    subject: str
    text: str
    created_at: datetime
