"""Use cases: the only place where storage and the core meet. Shells call these and render the answers.

The names below are loaded on first use (PEP 562), so a command that needs one service module only (``matchpilot
match run`` reads :mod:`matchpilot.services.match`) does not pay for importing storage and the database driver.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matchpilot.services.workspace import (
        DemoReport,
        ImportReport,
        ProfileResult,
        ProgramPage,
        Services,
    )

__all__ = ["DemoReport", "ImportReport", "ProfileResult", "ProgramPage", "Services"]


def __getattr__(name: str) -> Any:
    """The workspace's names, imported when first asked for."""
    if name in __all__:
        return getattr(import_module("matchpilot.services.workspace"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
