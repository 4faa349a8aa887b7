"""Writing to programs: the NRMP compliance linter, letter templates and the context rules.

- :func:`lint_text` checks one message against the text rules of ``spec/lint.md`` (asking how you will be
  ranked, seeking a commitment, trading ranking promises, first-choice claims, unfilled fields, tone).
- :func:`lint_received` checks a message from a program or a mentor's letter against the rules for messages
  from others.
- :func:`lint_in_context` adds the rules that need the message log, interviews, rank order list and SOAP
  window (:class:`LintContext`, read from JSON by :func:`matchpilot.io.lint_json.parse_context`).
- :func:`draft_letter` renders one of the five templates (:class:`LetterKind`) from the profile, the program
  and the interview notes, and refuses while a field is missing.

The package is pure: it takes text, profile, program and dated context values and returns findings or rendered
messages; it reads no clock and no file but the linter models shipped inside it (``lint_model.json``,
``received_model.json``).
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matchpilot.letters.context import (
        DUPLICATE_THRESHOLD,
        Draft,
        Interview,
        LintContext,
        LoggedMessage,
        SheetAnswers,
        SoapWindow,
        check_context,
        lint_in_context,
        season_of,
        similarity,
    )
    from matchpilot.letters.findings import (
        CONTEXT_RULES,
        RECEIVED_RULES,
        RULES,
        SENDERS,
        TEXT_RULES,
        Finding,
        LintSeverity,
        Rule,
        has_error_finding,
    )
    from matchpilot.letters.lint import lint_patterns, lint_text, placeholder_spans
    from matchpilot.letters.received import lint_received
    from matchpilot.letters.templates import (
        AAMC_ID_PLACEHOLDER,
        FIELD_SOURCES,
        MENTOR_TEMPLATE,
        TEMPLATES,
        InterviewNotes,
        LetterKind,
        MentorNotes,
        Template,
        draft_letter,
        draft_mentor_letter,
        formal_address,
        format_date,
        merge_fields,
        parse_interview_notes,
        parse_template,
        program_highlight,
        render,
    )

_LAZY = {
    "AAMC_ID_PLACEHOLDER": "matchpilot.letters.templates",
    "MENTOR_TEMPLATE": "matchpilot.letters.templates",
    "MentorNotes": "matchpilot.letters.templates",
    "draft_mentor_letter": "matchpilot.letters.templates",
    "CONTEXT_RULES": "matchpilot.letters.findings",
    "DUPLICATE_THRESHOLD": "matchpilot.letters.context",
    "Draft": "matchpilot.letters.context",
    "FIELD_SOURCES": "matchpilot.letters.templates",
    "Finding": "matchpilot.letters.findings",
    "Interview": "matchpilot.letters.context",
    "InterviewNotes": "matchpilot.letters.templates",
    "LetterKind": "matchpilot.letters.templates",
    "LintContext": "matchpilot.letters.context",
    "LintSeverity": "matchpilot.letters.findings",
    "LoggedMessage": "matchpilot.letters.context",
    "RECEIVED_RULES": "matchpilot.letters.findings",
    "RULES": "matchpilot.letters.findings",
    "Rule": "matchpilot.letters.findings",
    "SENDERS": "matchpilot.letters.findings",
    "SheetAnswers": "matchpilot.letters.context",
    "SoapWindow": "matchpilot.letters.context",
    "TEMPLATES": "matchpilot.letters.templates",
    "TEXT_RULES": "matchpilot.letters.findings",
    "Template": "matchpilot.letters.templates",
    "check_context": "matchpilot.letters.context",
    "draft_letter": "matchpilot.letters.templates",
    "formal_address": "matchpilot.letters.templates",
    "format_date": "matchpilot.letters.templates",
    "has_error_finding": "matchpilot.letters.findings",
    "lint_in_context": "matchpilot.letters.context",
    "lint_patterns": "matchpilot.letters.lint",
    "lint_received": "matchpilot.letters.received",
    "lint_text": "matchpilot.letters.lint",
    "merge_fields": "matchpilot.letters.templates",
    "parse_interview_notes": "matchpilot.letters.templates",
    "parse_template": "matchpilot.letters.templates",
    "placeholder_spans": "matchpilot.letters.lint",
    "program_highlight": "matchpilot.letters.templates",
    "render": "matchpilot.letters.templates",
    "season_of": "matchpilot.letters.context",
    "similarity": "matchpilot.letters.context",
}
"""Where each public name lives: a submodule is imported on first use, so that a command that does not lint
(``matchpilot --help``, ``letters draft``) does not load the linter and its sentence model."""


def __getattr__(name: str) -> Any:
    """Import the submodule holding ``name`` on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'matchpilot.letters' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AAMC_ID_PLACEHOLDER",
    "CONTEXT_RULES",
    "DUPLICATE_THRESHOLD",
    "FIELD_SOURCES",
    "MENTOR_TEMPLATE",
    "RECEIVED_RULES",
    "RULES",
    "SENDERS",
    "TEMPLATES",
    "TEXT_RULES",
    "Draft",
    "Finding",
    "Interview",
    "InterviewNotes",
    "LetterKind",
    "LintContext",
    "LintSeverity",
    "LoggedMessage",
    "MentorNotes",
    "Rule",
    "SheetAnswers",
    "SoapWindow",
    "Template",
    "check_context",
    "draft_letter",
    "draft_mentor_letter",
    "formal_address",
    "format_date",
    "has_error_finding",
    "lint_in_context",
    "lint_patterns",
    "lint_received",
    "lint_text",
    "merge_fields",
    "parse_interview_notes",
    "parse_template",
    "placeholder_spans",
    "program_highlight",
    "render",
    "season_of",
    "similarity",
]
