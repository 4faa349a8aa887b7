"""The one place the web pages' templates come from: :data:`templates` (every page, the error pages and the
account pages render with it) and :func:`render`.

The helpers the templates call are its globals. The two that read the workspace (``freshness`` of a program's
facts, a program's ``message_timeline``) take the services of the request being rendered, which the
owner-services dependency (:func:`matchpilot.web.owner.owner_services`) put on ``request.state``; a page
rendered without that dependency fails loudly instead of reading another workspace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from matchpilot.domain.mapping import describe_target
from matchpilot.domain.merge import Freshness, freshness
from matchpilot.domain.program import Program
from matchpilot.services.letters import TimelineEntry, program_timeline
from matchpilot.services.soap_week import CATEGORY_LABELS, format_bounds
from matchpilot.web.owner import request_services_of
from matchpilot.web.pick_buttons import answer_cell, outcome_badge
from matchpilot.web.present import (
    PROGRAM_FIELDS,
    TABLE_COLUMNS,
    TARGET_GROUPS,
    fact_text,
    next_step_link,
    percent,
    plain_reason,
    program_names,
    step_link,
    with_params,
    yes_no,
)

__all__ = ["render", "templates"]

_TEMPLATES = Path(__file__).parent / "templates"


@pass_context
def _freshness(context: Context, program: Program) -> Freshness:
    """The freshness of a program's facts on the request's today."""
    return freshness(program, request_services_of(context["request"]).today())


@pass_context
def _message_timeline(context: Context, code: str) -> list[TimelineEntry]:
    """The message timeline of a program by code (the program page shows it)."""
    return program_timeline(request_services_of(context["request"]), code)


templates = Jinja2Templates(directory=str(_TEMPLATES))
"""The templates of every page."""

templates.env.globals.update(
    fact_text=fact_text,
    yes_no=yes_no,
    with_params=with_params,
    table_columns=TABLE_COLUMNS,
    percent=percent,
    freshness=_freshness,
    message_timeline=_message_timeline,
    next_step_link=next_step_link,
    plain_reason=plain_reason,
    step_link=step_link,
    program_names=program_names,
    fact_label=lambda column: PROGRAM_FIELDS.get(column, column),
    target_groups=TARGET_GROUPS,
    describe_target=describe_target,
    category_labels=CATEGORY_LABELS,
    format_bounds=format_bounds,
    answer_cell=answer_cell,
    outcome_badge=outcome_badge,
)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """The page ``name`` drawn with ``context`` (``nav`` empty unless given)."""
    return templates.TemplateResponse(request, name, {"nav": "", **context}, status_code=status_code)
