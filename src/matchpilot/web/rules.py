"""The rules in force for the web app's pages: the packaged rules with the user's rules file merged over them.

One place for every page family (home, My list, Match Week, practice, the API) that reads dates, fees or caps.
"""

from __future__ import annotations

import os
from pathlib import Path

from matchpilot.services import soap as soap_services


def rules_file() -> Path | None:
    """The user's rules file (MATCHPILOT_RULES_FILE), or None for the packaged rules alone."""
    path = os.environ.get(soap_services.RULES_FILE_ENV)
    return Path(path) if path else None


def rules_in_force() -> soap_services.LoadedRules:
    """The rules in force: the packaged defaults with the user's file (MATCHPILOT_RULES_FILE) merged over them."""
    return soap_services.load_rules(rules_file())
