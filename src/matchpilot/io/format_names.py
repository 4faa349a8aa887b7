"""The name of every matchpilot format (the ``format`` key of its documents), in one module that imports
nothing, so that the command line's help can name them without loading their readers and writers.

Each family's module in ``io/`` writes and reads its documents with these names (see docs/formats.md, which lists
every format with its module); a format named anywhere else in matchpilot is a test failure.
"""

from __future__ import annotations

__all__ = [
    "BACKUP_FORMAT",
    "CHANCES_COHORT_FORMAT",
    "CHANCES_FORMAT",
    "CHANCES_REPORT_FORMAT",
    "CHECKLIST_FORMAT",
    "CONTEXT_FORMAT",
    "DECISION_FORMAT",
    "ELIGIBILITY_FORMAT",
    "INSTANCE_FORMAT",
    "LINT_RESULT_FORMAT",
    "MATCH_RESULT_FORMAT",
    "PICK_FORMAT",
    "PLAN_FORMAT",
    "PORTFOLIO_RESULT_FORMAT",
    "PRACTICE_FORMAT",
    "PROBLEM_FORMAT",
    "RULES_FORMAT",
    "SIMULATION_FORMAT",
    "TIMELINE_FORMAT",
    "WEIGHTS_FORMAT",
    "WORTHS_FORMAT",
]

BACKUP_FORMAT = "matchpilot.backup/1"
"""The ``format`` of a backup file."""

CHANCES_FORMAT = "matchpilot.chances/1"
"""The ``format`` of ``matchpilot chances --json``."""

CHANCES_COHORT_FORMAT = "matchpilot.chances-cohort/1"
"""The ``format`` of ``matchpilot chances cohort --json``."""

CHANCES_REPORT_FORMAT = "matchpilot.chances-report/1"
"""The ``format`` of ``matchpilot chances report --json``."""

CONTEXT_FORMAT = "matchpilot.letters-context/1"
"""The ``format`` of the context file of ``matchpilot letters lint --context``."""

LINT_RESULT_FORMAT = "matchpilot.lint-result/1"
"""The ``format`` of the linter's JSON result."""

INSTANCE_FORMAT = "matchpilot.match-instance/1"
"""The ``format`` of a match instance document."""

MATCH_RESULT_FORMAT = "matchpilot.match-result/1"
"""The ``format`` of a match result document."""

PICK_FORMAT = "matchpilot.pick/1"
"""The ``format`` of ``matchpilot pick --json``."""

PROBLEM_FORMAT = "matchpilot.portfolio-problem/1"
"""The ``format`` of a portfolio problem document."""

PORTFOLIO_RESULT_FORMAT = "matchpilot.portfolio-result/1"
"""The ``format`` of a portfolio result document."""

RULES_FORMAT = "matchpilot.rules/1"
"""The ``format`` key of a rules file."""

SIMULATION_FORMAT = "matchpilot.simulation/1"
"""The ``format`` of a simulation result document."""

PLAN_FORMAT = "matchpilot.soap-plan/1"
"""The ``format`` of ``matchpilot soap plan --json`` and of the API's ``GET /api/v1/soap/plan``."""

CHECKLIST_FORMAT = "matchpilot.soap-checklist/1"
"""The ``format`` of ``matchpilot soap checklist --json``."""

ELIGIBILITY_FORMAT = "matchpilot.soap-eligibility/1"
"""The ``format`` of ``matchpilot soap eligibility --json``."""

TIMELINE_FORMAT = "matchpilot.soap-timeline/1"
"""The ``format`` of ``matchpilot soap timeline --json``."""

PRACTICE_FORMAT = "matchpilot.soap-practice/1"
"""The ``format`` of ``matchpilot soap practice status --json``."""

WORTHS_FORMAT = "matchpilot.soap-worths/1"
"""The ``format`` of ``matchpilot soap offer worths --json``."""

DECISION_FORMAT = "matchpilot.soap-decision/1"
"""The ``format`` of ``matchpilot soap offer decide --json``."""

WEIGHTS_FORMAT = "matchpilot.chances-weights/1"
"""The value of the ``format`` key of a weights file."""
