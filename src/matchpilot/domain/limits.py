"""Limits on what one sheet holds, stated once (docs/formats.md, "Limits").

A sheet of programs is a working list, not a registry: the largest real sheets are a few thousand programs
(every PM&R and preliminary program together is under 1,000; the load benchmark uses 5,000). Pages, My list
and the chances are measured at :data:`MAX_PROGRAMS`; an import or merge that would make a sheet larger is
refused with a message naming the limit, and nothing is written.
"""

from __future__ import annotations

__all__ = ["MAX_PROGRAMS"]

MAX_PROGRAMS = 10_000
"""The most programs one sheet may hold (and so the most program rows a file may have)."""
