"""The formats of the letter linter: the ``matchpilot.lint-result/1`` document that ``matchpilot letters lint
--json`` and the API's ``POST /api/v1/letters/lint`` both write, and one finding as JSON.

The document (see docs/letters.md)::

    {"format": "matchpilot.lint-result/1",
     "files": [{"path": "thanks-lakeview.txt",
                "findings": [{"rule": "ask-rank", "severity": "error", "start": 212, "end": 268,
                              "message": "...", "suggestion": "..."}]}],
     "findings": [...every file's findings, in file order...],
     "errors": 1}

``format`` and ``files`` (each with ``path`` and ``findings``) are the contract; the top-level ``findings`` and
``errors`` (how many findings are errors) are optional keys added so that one message (the API's case) reads
without walking ``files``. The findings are the core's values (:class:`matchpilot.letters.Finding`); this module only
writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matchpilot.letters.findings import Finding

__all__ = ["LINT_RESULT_FORMAT", "finding_to_dict", "lint_result_to_dict"]

LINT_RESULT_FORMAT = "matchpilot.lint-result/1"
"""The ``format`` of the linter's JSON result."""


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding as in the ``matchpilot.lint-result/1`` document: ``rule``, ``severity``, ``start``, ``end``
    (character offsets into the text), ``message`` and ``suggestion`` (null when there is none)."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "start": finding.start,
        "end": finding.end,
        "message": finding.message,
        "suggestion": finding.suggestion,
    }


def lint_result_to_dict(files: Sequence[tuple[str, Sequence[Finding]]]) -> dict[str, Any]:
    """The ``matchpilot.lint-result/1`` document of ``files`` (each a name and its findings, in text order):
    per file its ``path`` and ``findings``; then every finding, in file order, and how many are errors."""
    entries = [
        {"path": name, "findings": [finding_to_dict(finding) for finding in findings]} for name, findings in files
    ]
    return {
        "format": LINT_RESULT_FORMAT,
        "files": entries,
        "findings": [finding for entry in entries for finding in entry["findings"]],
        "errors": sum(1 for _, findings in files for finding in findings if finding.is_error),
    }
