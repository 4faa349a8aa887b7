"""The buttons and badge of each row of My list's tables, written in Python.

My list shows up to 245 rows at 5,000 programs (the chosen programs, 100 filtered out, 100 others), 145 of them
with five or six buttons each. As template macros these were half of the page's rendering (~5 of ~9.5 ms of
CPU, on every answer, kept or not): a macro call, its loops and each value's escaping cost more in the template
than the same text written here. The HTML is byte for byte what the macros wrote (their whitespace included),
every value escaped as the template escapes it (:func:`markupsafe.escape`);
``tests/unit/web/test_pick_buttons.py`` compares them with the macros on names and codes needing escapes.
"""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

from matchpilot.domain.outcomes import RecordedOutcome
from matchpilot.domain.program import Program

__all__ = ["answer_cell", "choice_buttons", "outcome_badge", "outcome_buttons"]

_ANSWERS = (
    ("invited", "Invited", "invited you"),
    ("rejected", "Rejected", "rejected you"),
    ("silent", "Silent", "is silent so far"),
)
_MARKS = {"invited": "✓ ", "rejected": "✕ ", "silent": "… "}
_PRESSED = ' aria-pressed="true"'


def outcome_badge(outcome: RecordedOutcome | None) -> Markup:
    """What the program answered and when, as a badge (nothing when no answer is recorded)."""
    if not outcome:
        return Markup("")
    word = escape(outcome.outcome.value)
    mark = escape(_MARKS[outcome.outcome.value])
    on = escape(outcome.on.isoformat())
    return Markup(f'<span class="badge outcome-{word}"><span aria-hidden="true">{mark}</span>{word} {on}</span>')


def outcome_buttons(program: Program, outcome: RecordedOutcome | None) -> Markup:
    """The buttons recording what ``program`` answered (the one recorded pressed), and one clearing it."""
    name, code = escape(program.name), escape(program.code)
    answered = outcome.outcome.value if outcome else None
    parts = [f'\n<div class="outcome-buttons" role="group" aria-label="Record what {name} answered">\n  ']
    for word, label, words in _ANSWERS:
        current, pressed = (" current", _PRESSED) if word == answered else ("", "")
        parts.append(
            f'\n  <button type="submit" name="outcome" value="{word}:{code}" class="small-button{current}"{pressed}'
            f' aria-label="{label}: record that {name} {words}">{label}</button>\n  '
        )
    parts.append("\n  ")
    if outcome:
        parts.append(
            f'\n  <button type="submit" name="outcome" value="clear:{code}" class="link-button"'
            f' aria-label="Clear the outcome recorded for {name}">Clear</button>\n  '
        )
    parts.append("\n</div>\n")
    return Markup("".join(parts))


def choice_buttons(program: Program, state: str | None) -> Markup:
    """The buttons pinning or excluding ``program`` (``state``: ``pin``, ``exclude`` or None, its choice now),
    and one undoing its choice."""
    name, code = escape(program.name), escape(program.code)
    parts = [f'\n\n<div class="outcome-buttons choice-buttons" role="group" aria-label="Pin or exclude {name}">\n  ']
    for word, label, words in (
        ("pin", "Pin", f"always keep {program.name} on your list"),
        ("exclude", "Exclude", f"never put {program.name} on your list"),
    ):
        parts.append("\n  ")
        if state != word:
            parts.append(
                f'\n  <button type="submit" name="choice" value="{word}:{code}" class="small-button"'
                f' aria-label="{label}: {escape(words)}">{label}</button>\n  '
            )
        parts.append("\n  ")
    parts.append("\n  ")
    if state:
        undo = "Unpin" if state == "pin" else "Stop excluding"
        parts.append(
            f'\n  <button type="submit" name="choice" value="clear:{code}" class="link-button"'
            f' aria-label="{undo} {name}">{undo}</button>\n  '
        )
    parts.append("\n</div>\n")
    return Markup("".join(parts))


def answer_cell(
    program: Program, outcome: RecordedOutcome | None, choices: Mapping[str, str], *, pinned_badge: bool = False
) -> Markup:
    """A row's "Their answer" cell in one call (the page has 145 of them): with ``pinned_badge``, a "pinned" badge
    when ``program`` is pinned, then :func:`outcome_badge`, :func:`outcome_buttons` and :func:`choice_buttons`
    with the program's choice in ``choices``."""
    state = choices.get(program.code)
    pinned = Markup('<span class="badge badge-chosen">pinned</span> ') if pinned_badge and state == "pin" else ""
    return Markup(
        f"{pinned}{outcome_badge(outcome)}{outcome_buttons(program, outcome)}{choice_buttons(program, state)}"
    )
