"""Reading recorded outcomes (invitations, rejections, silence) given as rows of text cells.

A table of outcomes has the columns ``code`` and ``outcome`` (other columns, such as ``date`` or ``notes``,
are ignored). ``outcome`` is ``invited``, ``rejected`` or ``silent`` (also ``interview``/``invite``,
``rejection``/``reject``, ``silence``/``no response``), in any case.
"""

from __future__ import annotations

from collections.abc import Sequence

from matchpilot.chances.model import Outcome
from matchpilot.domain.issues import Issue, Severity

__all__ = ["parse_outcome", "parse_outcome_rows"]

_SYNONYMS = {
    "invited": Outcome.INVITED,
    "invite": Outcome.INVITED,
    "invitation": Outcome.INVITED,
    "interview": Outcome.INVITED,
    "interviewed": Outcome.INVITED,
    "rejected": Outcome.REJECTED,
    "reject": Outcome.REJECTED,
    "rejection": Outcome.REJECTED,
    "silent": Outcome.SILENT,
    "silence": Outcome.SILENT,
    "no response": Outcome.SILENT,
    "no_response": Outcome.SILENT,
    "no-response": Outcome.SILENT,
}


def parse_outcome(text: str) -> Outcome | None:
    """Read an outcome word (see the module docstring); None when it is none of them."""
    return _SYNONYMS.get(" ".join(text.strip().lower().split()))


def parse_outcome_rows(
    header: Sequence[str], rows: Sequence[Sequence[str]]
) -> tuple[list[tuple[str, Outcome]], list[Issue]]:
    """Read a table of outcomes: ``header`` names the columns, each row holds text cells.

    Returns the ``(code, outcome)`` pairs in order, and the issues (``row N, column X: problem``; rows are
    numbered as in the file, the header being row 1). Blank rows are skipped. Any error means the pairs
    should not be used.
    """
    names = [h.strip().lower() for h in header]
    issues: list[Issue] = []
    for column in ("code", "outcome"):
        if column not in names:
            issues.append(Issue("missing-column", Severity.ERROR, f"the column {column!r} is required", "header"))
    if issues:
        return [], issues
    code_at, outcome_at = names.index("code"), names.index("outcome")
    pairs: list[tuple[str, Outcome]] = []
    for number, row in enumerate(rows, start=2):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        code = cells[code_at] if code_at < len(cells) else ""
        word = cells[outcome_at] if outcome_at < len(cells) else ""
        if not code:
            issues.append(
                Issue("missing-value", Severity.ERROR, "a program code is required", f"row {number}, column code")
            )
        outcome = parse_outcome(word)
        if outcome is None:
            shown = repr(word) if word else "blank"
            issues.append(
                Issue(
                    "bad-value",
                    Severity.ERROR,
                    f"{shown} is not invited, rejected or silent",
                    f"row {number}, column outcome",
                )
            )
        if code and outcome is not None:
            pairs.append((code, outcome))
    return pairs, issues
