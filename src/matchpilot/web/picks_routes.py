"""My list (``/picks``): the best list of programs within the limits of the form, with reasons and the curves;
its export; pinning, excluding and recording what a program answered."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from matchpilot.errors import InputError, InvalidDataError, NextStep, NotFoundError
from matchpilot.pick import PickLimits, PickReport
from matchpilot.pick.signals import POOL_NAMES
from matchpilot.services import Services
from matchpilot.services.picks import (
    clear_outcome,
    pick_choices,
    pick_export_bytes,
    pick_for,
    record_outcome,
    set_pick_choice,
)
from matchpilot.web.owner import OwnerServices
from matchpilot.web.present import (
    PICK_CATEGORIES,
    PICK_KEYS,
    PickRequest,
    applications_chart,
    line_chart,
    pick_request,
    with_params,
)
from matchpilot.web.rules import rules_file
from matchpilot.web.templating import render as _render

__all__ = ["PAGE_SIGNAL_NODES", "router"]

PAGE_SIGNAL_NODES = 12
"""How many relaxations branch and bound may solve when My list places the signals (the page stays fast; a
capped answer says it is not proven best, with its bound)."""

_EXPORT_TYPES: Mapping[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

router = APIRouter()
"""My list and its forms."""


def _pick(services: Services, wanted: PickRequest) -> PickReport:
    """The list My list shows (and exports) for the form ``wanted``; fees and signal counts as corrected in the
    user's rules file."""
    return pick_for(
        services,
        PickLimits(wanted.max_applications, wanted.budget, wanted.minimums, wanted.maximums),
        rules_path=rules_file(),
        signals=wanted.signals,
        max_signal_nodes=PAGE_SIGNAL_NODES,
        threshold=wanted.threshold,
    )


@router.get("/picks", response_class=HTMLResponse)
def picks(request: Request, services: OwnerServices) -> HTMLResponse:
    """My list: the best list of programs within the limits of the form, with reasons and the curve."""
    wanted = pick_request(request.query_params)
    report: PickReport | None = None
    problem: str | None = None
    next_step: NextStep | None = None
    details: list[str] = []
    try:
        report = _pick(services, wanted)
    except InvalidDataError as error:  # limits that cannot all be met: the form again, with the reason
        problem, details = str(error), [str(issue) for issue in error.issues]
        about_signals = [
            f"{issue.where}: {issue.message}" for issue in error.issues if issue.where.startswith("signal")
        ]
        if about_signals:
            wanted = dataclasses.replace(wanted, errors={**wanted.errors, "signals": "; ".join(about_signals)})
    except InputError as error:  # no profile yet, or limits too large to solve quickly
        problem, next_step = str(error), error.next_step
    count_chart = money_chart = left_out = None
    if report is not None and report.applications_curve is not None:
        count_chart = applications_chart(report.applications_curve)
    if report is not None:
        left_out = {  # views of the report's rows: only the rows the page shows are made
            "filtered": report.filtered,
            "others": report.others,
            "wasted_fee": report.wasted_fee,
        }
        if report.money_curve and wanted.budget is not None:
            money_chart = line_chart(
                [(p.x, p.value, p.p_any) for p in report.money_curve],
                (wanted.budget, report.expected.value, report.expected.p_any.mid),
                x_prefix="$",
            )
    return _render(
        request,
        "picks.html",
        {
            "nav": "picks",
            "form": wanted,
            "pool_names": POOL_NAMES,
            "categories": PICK_CATEGORIES,
            "report": report,
            "left_out": left_out,
            "problem": problem,
            "next_step": next_step,
            "details": details,
            "count_chart": count_chart,
            "money_chart": money_chart,
            "back": with_params("", wanted.params).lstrip("?"),
            "recorded": request.query_params.get("recorded", ""),
            "choices": pick_choices(services),
        },
        status_code=200 if problem is None else 400,
    )


@router.get("/picks/export.{kind}")
def picks_export(kind: str, request: Request, services: OwnerServices) -> Response:
    """My list, with the limits of the form, as a CSV or XLSX download (the columns of the CLI's CSV)."""
    if kind not in _EXPORT_TYPES:
        raise NotFoundError(f"no export of My list as .{kind}; use .csv or .xlsx")
    report = _pick(services, pick_request(request.query_params))
    return Response(
        pick_export_bytes(report, kind),
        media_type=_EXPORT_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="matchpilot-my-list.{kind}"'},
    )


def _which(value: str, code: str) -> tuple[str, str]:
    """A button's ``word:CODE`` (My list's tables post one form each, the button naming what and which program),
    or, without a colon, the word alone with the form's ``code`` field."""
    word, colon, named = value.partition(":")
    return (word.strip(), named.strip()) if colon else (value.strip(), code)


@router.post("/picks/choice")
async def picks_choice(request: Request, services: OwnerServices) -> Response:
    """Pin, exclude or clear a program of My list, or record (or clear) what it answered, then show My list
    again, updated. The button sends ``choice=pin:CODE`` (``exclude``, ``clear``) or ``outcome=invited:CODE``
    (``rejected``, ``silent``, ``clear``); ``code`` with ``choice=pin`` is read too."""
    async with request.form() as form:
        code = str(form.get("code") or "").strip()
        choice = str(form.get("choice") or "")
        outcome = str(form.get("outcome") or "")
        back = str(form.get("back") or "")
    if outcome and not choice:
        return await _answer(services, *_which(outcome, code), back)
    choice, code = _which(choice, code)
    await run_in_threadpool(set_pick_choice, services, code, choice)
    kept = {key: value for key, value in parse_qsl(back) if key in PICK_KEYS and value}
    target = with_params("/picks", kept)
    return RedirectResponse(f"{target}#p-{quote(code)}", status_code=303)


@router.post("/picks/outcome")
async def picks_outcome(request: Request, services: OwnerServices) -> Response:
    """Record (or clear) what a program answered, then show My list again, updated (``outcome=invited`` with
    ``code``, or ``outcome=invited:CODE`` as My list's buttons send it)."""
    async with request.form() as form:
        code = str(form.get("code") or "").strip()
        outcome = str(form.get("outcome") or "")
        back = str(form.get("back") or "")
    return await _answer(services, *_which(outcome, code), back)


async def _answer(services: Services, outcome: str, code: str, back: str) -> Response:
    """Record ``outcome`` (``clear``: forget it) for ``code`` and send the browser back to My list."""
    if outcome == "clear":
        await run_in_threadpool(clear_outcome, services, code)
    else:
        await run_in_threadpool(record_outcome, services, code, outcome)
    kept = {key: value for key, value in parse_qsl(back) if key in PICK_KEYS and value}
    target = with_params("/picks", kept, recorded=code)
    return RedirectResponse(f"{target}#p-{quote(code)}", status_code=303)
