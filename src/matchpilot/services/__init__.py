"""Use cases: the only place where storage and the core meet. Shells call these and render the answers."""

from matchpilot.services.workspace import (
    DemoReport,
    ImportReport,
    ProfileResult,
    ProgramPage,
    Services,
)

__all__ = ["DemoReport", "ImportReport", "ProfileResult", "ProgramPage", "Services"]
