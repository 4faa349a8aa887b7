"""The one-page SOAP interview cheat sheet of the seed guide (step 4.2): three core reasons you chose PM&R,
three specific qualities you bring, two patient encounters that inspired you toward rehabilitation medicine,
and the guide's four questions to rehearse."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.limits import stored_text_problem

__all__ = ["CHEATSHEET_PARTS", "QUESTIONS", "CheatSheet", "cheatsheet_to_dict", "parse_cheatsheet", "render_cheatsheet"]

CHEATSHEET_PARTS: Mapping[str, tuple[int, str]] = {
    "reasons": (3, "Three core reasons I chose PM&R"),
    "qualities": (3, "Three specific qualities I bring"),
    "stories": (2, "Two patient encounters that drew me to rehabilitation medicine"),
}
"""Each part of the sheet: how many items it holds and its heading."""

QUESTIONS: tuple[str, ...] = (
    "Why PM&R? (function, patient-centred rehabilitation, interdisciplinary teams, your long-term vision)",
    "Why now, through SOAP, and what happened in the Main Match? (honest, diplomatic, what you learned)",
    "What makes you a good fit for our program? (its strengths, tied to your experience and goals)",
    "How do you handle disappointment or setbacks? (moving countries, exams, not matching at first)",
)
"""The typical PM&R SOAP interview questions the guide says to prepare (step 4.2)."""


@dataclass(frozen=True, slots=True)
class CheatSheet:
    """The cheat sheet's items: ``reasons`` (3), ``qualities`` (3) and ``stories`` (2)."""

    reasons: tuple[str, ...]
    qualities: tuple[str, ...]
    stories: tuple[str, ...]


def parse_cheatsheet(data: Mapping[str, Any]) -> tuple[CheatSheet | None, list[Issue]]:
    """Check a cheat sheet given as lists of text under ``reasons``, ``qualities`` and ``stories``: each part
    must hold exactly its number of non-empty items of at most 600 characters. Returns the sheet or the
    issues, each naming its item (``reasons[2]``)."""
    issues: list[Issue] = []
    parts: dict[str, tuple[str, ...]] = {}
    for key in data:
        if key not in CHEATSHEET_PARTS:
            issues.append(Issue("unknown-key", Severity.ERROR, f"use {', '.join(CHEATSHEET_PARTS)}", str(key)))
    for key, (count, heading) in CHEATSHEET_PARTS.items():
        raw = data.get(key, ())
        items: Sequence[Any] = raw if isinstance(raw, list | tuple) else ()
        texts = [" ".join(str(item).split()) for item in items]
        if len(texts) != count:
            issues.append(
                Issue("wrong-count", Severity.ERROR, f"{heading.lower()}: give {count} (got {len(texts)})", key)
            )
        for index, text in enumerate(texts, start=1):
            if not text:
                issues.append(Issue("missing-value", Severity.ERROR, "must not be empty", f"{key}[{index}]"))
            elif len(text) > 600:
                issues.append(Issue("too-long", Severity.ERROR, "at most 600 characters", f"{key}[{index}]"))
            elif (problem := stored_text_problem(text)) is not None:
                issues.append(Issue("bad-text", Severity.ERROR, problem, f"{key}[{index}]"))
        parts[key] = tuple(texts)
    if issues:
        return None, issues
    return CheatSheet(parts["reasons"], parts["qualities"], parts["stories"]), []


def cheatsheet_to_dict(sheet: CheatSheet) -> dict[str, list[str]]:
    """The sheet as plain JSON values (what is stored)."""
    return {"reasons": list(sheet.reasons), "qualities": list(sheet.qualities), "stories": list(sheet.stories)}


def render_cheatsheet(sheet: CheatSheet, *, name: str = "") -> str:
    """The printable page as plain text: a title, each part numbered, and the questions to rehearse."""
    title = "PM&R SOAP interview cheat sheet" + (f" — {name}" if name else "")
    lines = [title, "=" * len(title), ""]
    for key, (_, heading) in CHEATSHEET_PARTS.items():
        lines.append(heading)
        lines += [f"  {i}. {text}" for i, text in enumerate(getattr(sheet, key), start=1)]
        lines.append("")
    lines.append("Questions to rehearse")
    lines += [f"  - {q}" for q in QUESTIONS]
    lines.append("")
    lines.append("Answer calls within minutes; do not contact a program until it contacts you (SOAP rules).")
    return "\n".join(lines) + "\n"
