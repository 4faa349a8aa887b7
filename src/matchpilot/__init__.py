"""matchpilot — an open, local-first residency application strategist.

The public API: the domain values (programs, profiles, issues, filters), the errors and the composition root
:func:`build_services`; all but the errors are imported on first use, so that ``import matchpilot`` (which every
command of the CLI pays, ``matchpilot --help`` included) stays cheap.

>>> import matchpilot
>>> services = matchpilot.build_services(database_url="sqlite:///example.db")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from matchpilot.errors import (
    ConfigurationError,
    DatabaseUnavailableError,
    InputError,
    InvalidDataError,
    MatchpilotError,
    NotFoundError,
    StorageError,
)

if TYPE_CHECKING:
    from matchpilot.bootstrap import Settings, build_services
    from matchpilot.domain import (
        ApplicantType,
        Emphasis,
        Issue,
        Profile,
        Program,
        ProgramFilter,
        ProgramQuery,
        ProgramType,
        Provenance,
        Severity,
        Step3Status,
        Target,
        Track,
        VisaKind,
        VisaNeed,
        parse_profile,
        parse_sheet,
    )
    from matchpilot.services import Services

__version__ = "0.1.0"

_LAZY = {
    "ApplicantType": "matchpilot.domain",
    "Emphasis": "matchpilot.domain",
    "Issue": "matchpilot.domain",
    "Profile": "matchpilot.domain",
    "Program": "matchpilot.domain",
    "ProgramFilter": "matchpilot.domain",
    "ProgramQuery": "matchpilot.domain",
    "ProgramType": "matchpilot.domain",
    "Provenance": "matchpilot.domain",
    "Severity": "matchpilot.domain",
    "Step3Status": "matchpilot.domain",
    "Target": "matchpilot.domain",
    "Track": "matchpilot.domain",
    "VisaKind": "matchpilot.domain",
    "VisaNeed": "matchpilot.domain",
    "parse_profile": "matchpilot.domain",
    "parse_sheet": "matchpilot.domain",
    "Settings": "matchpilot.bootstrap",
    "build_services": "matchpilot.bootstrap",
    "Services": "matchpilot.services",
}


def __getattr__(name: str) -> Any:
    """Import the heavier parts of the public API on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'matchpilot' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "ApplicantType",
    "ConfigurationError",
    "DatabaseUnavailableError",
    "Emphasis",
    "InputError",
    "InvalidDataError",
    "Issue",
    "MatchpilotError",
    "NotFoundError",
    "Profile",
    "Program",
    "ProgramFilter",
    "ProgramQuery",
    "ProgramType",
    "Provenance",
    "Services",
    "Settings",
    "Severity",
    "Step3Status",
    "StorageError",
    "Target",
    "Track",
    "VisaKind",
    "VisaNeed",
    "__version__",
    "build_services",
    "parse_profile",
    "parse_sheet",
]
