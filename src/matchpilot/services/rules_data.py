"""The dated rules in force: the packaged ``rules.toml`` with the user's corrections merged over them.

Kept apart from :mod:`matchpilot.services.soap` (which re-exports it) so that commands needing only the rules
(the ERAS fees and signal counts of ``pick`` and My list) do not import the SOAP core.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from matchpilot.domain.issues import Issue
from matchpilot.domain.rules import Rules
from matchpilot.errors import InvalidDataError, MatchpilotError
from matchpilot.io import files
from matchpilot.io.rules_toml import merge_rule_data, parse_rules

__all__ = ["LoadedRules", "load_rules", "packaged_rules_text"]

_RULES_RESOURCE = ("data", "rules.toml")


@dataclass(frozen=True, slots=True)
class LoadedRules:
    """The rules in force: the packaged defaults, with the user's corrections from ``user_file`` (if any)
    merged over them; ``warnings`` are issues that did not block."""

    rules: Rules
    warnings: tuple[Issue, ...]
    user_file: Path | None


def packaged_rules_text() -> str:
    """The text of the packaged ``matchpilot/data/rules.toml`` (the defaults, with their comments)."""
    resource = resources.files("matchpilot").joinpath(*_RULES_RESOURCE)
    return resource.read_text(encoding="utf-8")


def _read_toml(path: Path) -> dict[str, object]:
    return files.read_toml(path)


def load_rules(user_file: Path | None = None) -> LoadedRules:
    """Load the packaged rules and merge the user's corrections from ``user_file`` over them.

    Raises :class:`InputError` naming the file when it cannot be read or is not TOML, and
    :class:`InvalidDataError` (message starting with the file name) listing every problem, each with its key
    path, when the corrections are wrong; nothing of a file with errors is used.
    """
    if user_file is None:
        return _packaged_rules()
    base = tomllib.loads(packaged_rules_text())
    data, issues = merge_rule_data(base, _read_toml(user_file))
    rules, found = parse_rules(data)
    issues += found
    if rules is None or any(issue.is_error for issue in issues):
        raise InvalidDataError(f"{user_file}: the rules file has errors; none of it was used", issues)
    return LoadedRules(rules, tuple(issues), user_file)


@functools.cache
def _packaged_rules() -> LoadedRules:
    """The packaged rules, parsed once per process (they are immutable values; a page or a pick asks several
    times)."""
    rules, issues = parse_rules(tomllib.loads(packaged_rules_text()))
    if rules is None or any(issue.is_error for issue in issues):  # pragma: no cover - checked by the tests
        raise MatchpilotError("the packaged rules data is broken: " + "; ".join(map(str, issues)))
    return LoadedRules(rules, tuple(issues), None)
