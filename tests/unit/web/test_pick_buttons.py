"""My list's row buttons and badge written in Python (``web/pick_buttons.py``) against the template macros they
replace, copied here as they were: the same HTML, byte for byte, for names and codes that need escaping, each
recorded answer and each choice."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from jinja2 import Environment

from matchpilot.domain.outcomes import Outcome, RecordedOutcome
from matchpilot.domain.program import Program, Track
from matchpilot.web.pick_buttons import answer_cell, choice_buttons, outcome_badge, outcome_buttons
from matchpilot.web.templating import templates

OLD_MACROS = '{% macro outcome_buttons(program, outcome) %}\n<div class="outcome-buttons" role="group" aria-label="Record what {{ program.name }} answered">\n  {% for word, label in [(\'invited\', \'Invited\'), (\'rejected\', \'Rejected\'), (\'silent\', \'Silent\')] %}\n  <button type="submit" name="outcome" value="{{ word }}:{{ program.code }}" class="small-button{{ \' current\' if outcome and outcome.outcome.value == word }}"{% if outcome and outcome.outcome.value == word %} aria-pressed="true"{% endif %} aria-label="{{ label }}: record that {{ program.name }} {{ {\'invited\': \'invited you\', \'rejected\': \'rejected you\', \'silent\': \'is silent so far\'}[word] }}">{{ label }}</button>\n  {% endfor %}\n  {% if outcome %}\n  <button type="submit" name="outcome" value="clear:{{ program.code }}" class="link-button" aria-label="Clear the outcome recorded for {{ program.name }}">Clear</button>\n  {% endif %}\n</div>\n{% endmacro %}\n{% macro outcome_badge(outcome) %}{% if outcome %}<span class="badge outcome-{{ outcome.outcome.value }}"><span aria-hidden="true">{{ {\'invited\': \'✓ \', \'rejected\': \'✕ \', \'silent\': \'… \'}[outcome.outcome.value] }}</span>{{ outcome.outcome.value }} {{ outcome.on.isoformat() }}</span>{% endif %}{% endmacro %}\n{% macro choice_buttons(program) %}\n{% set state = choices.get(program.code) %}\n<div class="outcome-buttons choice-buttons" role="group" aria-label="Pin or exclude {{ program.name }}">\n  {% for word, label, words in [(\'pin\', \'Pin\', \'always keep \' ~ program.name ~ \' on your list\'), (\'exclude\', \'Exclude\', \'never put \' ~ program.name ~ \' on your list\')] %}\n  {% if state != word %}\n  <button type="submit" name="choice" value="{{ word }}:{{ program.code }}" class="small-button" aria-label="{{ label }}: {{ words }}">{{ label }}</button>\n  {% endif %}\n  {% endfor %}\n  {% if state %}\n  <button type="submit" name="choice" value="clear:{{ program.code }}" class="link-button" aria-label="{{ \'Unpin\' if state == \'pin\' else \'Stop excluding\' }} {{ program.name }}">{{ "Unpin" if state == "pin" else "Stop excluding" }}</button>\n  {% endif %}\n</div>\n{% endmacro %}'  # noqa: E501  (the macros exactly as they were)
"""The three macros of ``picks.html`` before they were written in Python."""

NAMES = [
    "Rehab Center (fictional)",
    "A & B <Rehab> \"Quoted\" 'Single' (fictional)",
    "Ünïcödé — ✓ ✕ … (fictional)",
    "{{ not a template }} %} (fictional)",
    "",
]
CODES = ["1000340C0", "10<&>\"'0C0", "1 2"]
OUTCOMES = [None, *(RecordedOutcome("x", outcome, date(2026, 10, 3)) for outcome in Outcome)]
STATES = [None, "pin", "exclude", ""]


def _old(macro: str, *arguments: object, choices: dict[str, str] | None = None) -> str:
    """The old macro ``macro`` called with ``arguments`` (``choices``: the page's, which one macro reads)."""
    module = Environment(autoescape=True).from_string(OLD_MACROS).make_module(vars={"choices": choices or {}})
    return str(getattr(module, macro)(*arguments))


def _program(name: str, code: str) -> Program:
    return Program(code=code, name=name, specialty="PM&R", track=Track.CATEGORICAL)


def test_the_apps_templates_escape_as_the_comparison_does() -> None:
    assert templates.env.autoescape is True or templates.env.autoescape("picks.html")


@pytest.mark.parametrize(("name", "code"), list(itertools.product(NAMES, CODES)))
def test_outcome_buttons_and_badge_are_the_macros_html(name: str, code: str) -> None:
    program = _program(name, code)
    for outcome in OUTCOMES:
        assert str(outcome_buttons(program, outcome)) == _old("outcome_buttons", program, outcome)
        assert str(outcome_badge(outcome)) == _old("outcome_badge", outcome)


@pytest.mark.parametrize(("name", "code"), list(itertools.product(NAMES, CODES)))
def test_choice_buttons_are_the_macros_html(name: str, code: str) -> None:
    program = _program(name, code)
    for state in STATES:
        choices = {} if state is None else {code: state}
        assert str(choice_buttons(program, choices.get(code))) == _old("choice_buttons", program, choices=choices)


def test_what_the_buttons_hold() -> None:
    program = _program("A & B (fictional)", "1000340C0")
    pressed = str(outcome_buttons(program, OUTCOMES[1]))
    assert pressed.count('aria-pressed="true"') == 1 and "Clear" in pressed and "A &amp; B" in pressed
    assert "Clear" not in str(outcome_buttons(program, None))
    assert 'value="pin:' not in str(choice_buttons(program, "pin")) and "Unpin" in str(choice_buttons(program, "pin"))


@pytest.mark.parametrize(("name", "code"), list(itertools.product(NAMES, CODES)))
def test_the_answer_cell_is_what_the_row_wrote(name: str, code: str) -> None:
    """The "Their answer" cell in one call: the chosen table's (a "pinned" badge first when pinned) and the other
    programs' table's, as the template wrote them with the macros."""
    program = _program(name, code)
    for outcome, state in itertools.product(OUTCOMES, STATES):
        choices = {} if state is None else {code: state}
        macros = (
            _old("outcome_badge", outcome)
            + _old("outcome_buttons", program, outcome)
            + _old("choice_buttons", program, choices=choices)
        )
        pinned = '<span class="badge badge-chosen">pinned</span> ' if state == "pin" else ""
        assert str(answer_cell(program, outcome, choices, pinned_badge=True)) == pinned + macros
        assert str(answer_cell(program, outcome, choices)) == macros
