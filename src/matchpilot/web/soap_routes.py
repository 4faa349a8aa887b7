"""The "Match Week" pages: eligibility, the countdown and the timeline (a server-rendered SVG with the same
numbers in a table), the unfilled list, the plan with its documents and a one-click CSV export of the
application list, and offers with the decision help.

Every page works without JavaScript (forms and links). Routes are a few lines each: read the request, call
:mod:`matchpilot.services.soap` / :mod:`matchpilot.services.soap_week`, render a template. Errors raised here
become pages in the app's one error handler; problems the user can fix on the page are shown next to the field.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from matchpilot.domain.rules import Rules
from matchpilot.errors import InputError, InvalidDataError, NotFoundError
from matchpilot.services import Services
from matchpilot.services import soap as soap_services
from matchpilot.services import soap_checklist as checklist_services
from matchpilot.services import soap_week as week
from matchpilot.web.owner import OwnerServices
from matchpilot.web.rules import rules_in_force
from matchpilot.web.templating import templates

__all__ = ["TimelineChart", "plan_report", "router", "timeline_chart"]


_STATUSES: tuple[tuple[str, str], ...] = (
    ("unmatched", "Unmatched"),
    ("partial-advanced", "Matched to an advanced (PGY-2) position only"),
    ("partial-pgy1", "Matched to a PGY-1 position only"),
    ("matched", "Matched"),
)
_STATUS_ENUM = {
    "unmatched": "UNMATCHED",
    "partial-advanced": "PARTIALLY_MATCHED_ADVANCED",
    "partial-pgy1": "PARTIALLY_MATCHED_PGY1",
    "matched": "MATCHED",
}


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One event of the timeline chart: its label, where it sits (x from ``x1`` to ``x2``, row ``y``), its
    phase and the time in words."""

    label: str
    x1: float
    x2: float
    y: float
    phase: str
    when: str
    is_span: bool


@dataclass(frozen=True, slots=True)
class TimelineChart:
    """The geometry of the Match Week chart: size, day bands with labels, one row per event and the ``now``
    line (None when now is outside the week)."""

    width: int
    height: int
    left: int
    right: int
    top: int
    days: tuple[tuple[float, float, str], ...]
    rows: tuple[ChartRow, ...]
    now_x: float | None


def timeline_chart(timeline: soap_services.Timeline, *, width: int = 880, row_height: int = 30) -> TimelineChart:
    """Lay out the timeline as a Gantt-like chart in the applicant's zone: a band per local day from the first
    event's day to the last event's, one row per event (a dot for a moment, a bar for an offer round)."""
    left, right, top = 270, width - 20, 40
    entries = [e for e in timeline.entries if e.event.kind not in soap_services.RANKING_KINDS] or list(timeline.entries)
    first = entries[0].start
    start = first.replace(hour=0, minute=0, second=0, microsecond=0)
    last = max((e.end or e.start) for e in entries)
    end_day = last.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    span = (end_day.astimezone(UTC) - start.astimezone(UTC)).total_seconds()

    def x(moment: datetime) -> float:
        seconds = (moment.astimezone(UTC) - start.astimezone(UTC)).total_seconds()
        return round(left + (right - left) * seconds / span, 1)

    days: list[tuple[float, float, str]] = []
    day = start
    while day < end_day:
        following = (day + timedelta(days=1)).replace(hour=0)
        days.append((x(day), x(following), day.strftime("%a %d %b")))
        day = following
    rows = []
    for index, entry in enumerate(entries):
        when = soap_services.format_local(entry.start)
        if entry.end is not None:
            when += f" to {entry.end.strftime('%H:%M')}"
        x1 = x(entry.start)
        x2 = x(entry.end) if entry.end is not None else x1
        rows.append(
            ChartRow(
                entry.event.title, x1, x2, top + index * row_height + row_height / 2, entry.phase.value, when, x2 > x1
            )
        )
    now = timeline.now
    inside = start.astimezone(UTC) <= now.astimezone(UTC) <= end_day.astimezone(UTC)
    height = top + len(rows) * row_height + 20
    return TimelineChart(width, height, left, right, top, tuple(days), tuple(rows), x(now) if inside else None)


def plan_report(services: Services, plan: str | None, status: str | None) -> week.PlanReport:
    """The SOAP plan ``plan`` (None: the default one) for the match ``status`` (a key of the Plan page's choices),
    under the rules in force (for the JSON API)."""
    return week.soap_plan(services, rules_in_force().rules, plan_name=plan or None, match_status=_status(status)[1])


def _status(text: str | None) -> tuple[str, soap_services.MatchStatus]:
    key = (text or "unmatched").strip().lower()
    if key not in _STATUS_ENUM:
        key = "unmatched"
    return key, soap_services.MatchStatus[_STATUS_ENUM[key]]


def _zone(text: str | None) -> tuple[str, ZoneInfo, str | None]:
    name = (text or "").strip() or soap_services.DEFAULT_ZONE
    try:
        return name, soap_services.resolve_zone(name), None
    except InputError as error:
        return soap_services.DEFAULT_ZONE, soap_services.resolve_zone(soap_services.DEFAULT_ZONE), str(error)


_YEARS = range(1970, 2200)
"""The years a ``now=`` in a URL may name (the timeline's arithmetic stays inside what dates can hold)."""


def _now(text: str | None, zone: ZoneInfo) -> datetime:
    if text:
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            raise InputError(f"now={text[:40]!r} is not a date and time such as 2027-03-17T10:30") from None
        if moment.year not in _YEARS:
            raise InputError(f"now={text[:40]!r} is out of range: choose a moment between {_YEARS[0]} and {_YEARS[-1]}")
        return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
    return datetime.now(UTC)


def _rehearsed_year(rules: Rules, text: str | None, now: datetime) -> int | None:
    """The Match year of the season a ``now=`` rehearsal moment falls in (None without one: the season of the
    app's today). InputError naming ``now=`` when the rules data has no Match Week for that season."""
    if not text:
        return None
    year = soap_services.season_year(rules, now)
    if year is None:
        known = ", ".join(map(str, rules.match_week_years)) or "none"
        raise InputError(
            f"now={text[:40]!r} falls in a season with no Match Week schedule in the rules data (known years: "
            f"{known}); choose a moment in one of those seasons"
        )
    return year


router = APIRouter(prefix="/match-week")
"""The Match Week pages under ``/match-week``."""


def _render(
    request: Request, services: Services, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    over = week.soap_over(services)
    return templates.TemplateResponse(
        request, name, {"nav": "match-week", "soap_over": over, **context}, status_code=status_code
    )


@router.get("", response_class=HTMLResponse)
def home(request: Request, services: OwnerServices) -> HTMLResponse:
    """Eligibility, the countdown and timeline, documents, plans and the unfilled list."""
    query = request.query_params
    facts = week.get_facts(services)
    status_key, status = _status(query.get("status") or facts.status_key)
    zone_name, zone, zone_problem = _zone(query.get("tz"))
    now = _now(query.get("now"), zone)
    loaded = rules_in_force()
    eligibility = soap_services.soap_eligibility(
        services,
        week.facts_status(facts, match_status=status),
        loaded.rules,
        year=_rehearsed_year(loaded.rules, query.get("now"), now),
    )
    timeline = soap_services.soap_timeline(loaded.rules, now=now, zone=zone, year=eligibility.year)
    unfilled, source = week.stored_unfilled(services)
    readiness = checklist_services.readiness(services, loaded.rules, now=now, year=timeline.year)
    return _render(
        request,
        services,
        "soap_home.html",
        {
            "checklist": readiness.checklist,
            "checklist_facts": readiness.facts,
            "checklist_saved": query.get("checklist") == "saved",
            "checklist_problem": query.get("checklist_problem", ""),
            "now_text": query.get("now", ""),
            "zone": zone,
            "eligibility": eligibility,
            "facts": facts,
            "facts_saved": query.get("facts") == "saved",
            "facts_problem": query.get("facts_problem", ""),
            "asked": {"registered", "ecfmg"},
            "statuses": _STATUSES,
            "status_key": status_key,
            "zone_name": zone_name,
            "zone_problem": zone_problem,
            "timeline": timeline,
            "chart": timeline_chart(timeline),
            "format_local": soap_services.format_local,
            "format_countdown": soap_services.format_countdown,
            "documents": week.documents(services),
            "plans": week.list_plans(services),
            "unfilled": unfilled,
            "unfilled_source": source,
            "imported": query.get("imported", ""),
            "problem": None,
            "details": [],
            "cheatsheet": week.get_cheatsheet(services),
            "cheatsheet_parts": week.CHEATSHEET_PARTS,
            "questions": week.QUESTIONS,
            "notice": soap_services.NOT_THE_NRMP,
        },
    )


@router.post("/facts", response_class=HTMLResponse)
async def save_facts(request: Request, services: OwnerServices) -> Response:
    """Store what eligibility cannot know (registration, ECFMG status, the Match result), then show the
    eligibility again; a bad answer is named and nothing is saved."""
    async with request.form() as form:
        answers = {k: str(form.get(k) or "") for k in ("registered", "ecfmg", "status") if k in form}
    try:
        await run_in_threadpool(week.set_facts, services, answers)
    except InputError as error:
        return RedirectResponse(f"/match-week?{urlencode({'facts_problem': str(error)[:200]})}#facts", status_code=303)
    return RedirectResponse("/match-week?facts=saved#eligibility", status_code=303)


@router.post("/checklist", response_class=HTMLResponse)
async def save_checklist(request: Request, services: OwnerServices) -> Response:
    """Store the readiness checklist form: the boxes checked are done, the others not; an unknown item is
    named and nothing is saved."""
    async with request.form() as form:
        done = [str(v) for v in form.getlist("done")]
        year_text = str(form.get("year") or "")
        keep = {k: str(form.get(k) or "") for k in ("tz", "now") if form.get(k)}
    _, zone, _ = _zone(keep.get("tz"))
    try:
        now = _now(keep.get("now"), zone)
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
        if year is not None and not 1990 <= year <= 2100:
            year = None  # not a Match year: the season under way
        await run_in_threadpool(
            checklist_services.save_checklist, services, rules_in_force().rules, done, now=now, year=year
        )
    except InputError as error:
        query = urlencode({**keep, "checklist_problem": str(error)[:300]})
        return RedirectResponse(f"/match-week?{query}#checklist", status_code=303)
    return RedirectResponse(f"/match-week?{urlencode({**keep, 'checklist': 'saved'})}#checklist", status_code=303)


@router.post("/unfilled", response_class=HTMLResponse)
async def upload_unfilled(request: Request, services: OwnerServices) -> Response:
    """Import an uploaded unfilled list; with a bad row, nothing is saved and the rows are named."""
    async with request.form() as form:
        upload = form.get("file")
        filename = upload.filename if isinstance(upload, UploadFile) else None
        content = await upload.read() if isinstance(upload, UploadFile) and filename else b""
    if not filename:
        return _upload_problem(request, services, "Choose the unfilled list (a CSV or XLSX file) to upload.", [])
    try:
        report = await run_in_threadpool(week.import_unfilled_bytes, services, content, filename)
    except InvalidDataError as error:
        if any(issue.code == "missing-column" for issue in error.issues):
            # its own column names: the mapping step, with the same preview as the sheet's
            return await _mapping_page(request, services, Path(filename).name, content, None)
        return _upload_problem(request, services, str(error), [str(issue) for issue in error.issues])
    except InputError as error:
        return _upload_problem(request, services, str(error), [])
    return RedirectResponse(f"/match-week?imported={report.programs}#unfilled", status_code=303)


async def _mapping_page(
    request: Request,
    services: Services,
    filename: str,
    content: bytes,
    choices: dict[str, str | None] | None,
    *,
    problem: str | None = None,
    details: Sequence[str] = (),
    status_code: int = 200,
) -> HTMLResponse:
    header, rows = await run_in_threadpool(week.read_unfilled_table_bytes, content, filename)
    preview = await run_in_threadpool(week.unfilled_mapping_preview, header, rows, choices)
    reasons = {c.column: c for c in preview.suggestions}
    columns = []
    for index, name in enumerate(header):
        if not name.strip():
            continue
        suggestion = reasons.get(name.strip())
        target = preview.mapping.target_of(name)
        reason = suggestion.reason if suggestion and suggestion.target == target else "your choice"
        examples = suggestion.examples if suggestion else ()
        columns.append({"index": index, "name": name, "target": target, "reason": reason, "examples": examples})
    return _render(
        request,
        services,
        "soap_unfilled_mapping.html",
        {
            "filename": filename,
            "content": base64.b64encode(content).decode("ascii"),
            "columns": columns,
            "targets": week.UNFILLED_COLUMNS,
            "preview": preview,
            "errors": [str(issue) for issue in preview.parse.issues if issue.is_error],
            "problem": problem,
            "details": list(details),
        },
        status_code=status_code,
    )


@router.post("/unfilled/mapping", response_class=HTMLResponse)
async def unfilled_mapping(request: Request, services: OwnerServices) -> Response:
    """The mapping step of an unfilled list with its own column names: preview again, or import (nothing is
    saved with any error)."""
    async with request.form() as form:
        filename = Path(str(form.get("filename") or "")).name
        try:
            content = base64.b64decode(str(form.get("content") or ""), validate=True)
        except (binascii.Error, ValueError):
            content = b""
        action = str(form.get("action") or "preview")
        fields = {key: str(value) for key, value in form.items() if key.startswith("map-")}
    if not filename or not content:
        return _upload_problem(request, services, "The uploaded list was lost between steps: upload it again.", [])
    header, rows = await run_in_threadpool(week.read_unfilled_table_bytes, content, filename)
    choices: dict[str, str | None] = {}
    for index, name in enumerate(header):
        if name.strip():
            chosen = fields.get(f"map-{index}", "").strip()
            choices[name] = chosen or None
    try:
        preview = await run_in_threadpool(week.unfilled_mapping_preview, header, rows, choices)
    except InvalidDataError as error:
        return await _mapping_page(
            request,
            services,
            filename,
            content,
            None,
            problem=str(error),
            details=[str(i) for i in error.issues],
            status_code=400,
        )
    if action != "import":
        return await _mapping_page(request, services, filename, content, choices)
    if not preview.ok:
        return await _mapping_page(
            request,
            services,
            filename,
            content,
            choices,
            problem="The list cannot be imported with this mapping: fix the problems below (in the mapping or "
            "in your file). The list stored before is kept.",
            status_code=400,
        )
    report = await run_in_threadpool(week.import_unfilled_mapped, services, header, rows, preview, filename)
    return RedirectResponse(f"/match-week?imported={report.programs}#unfilled", status_code=303)


@router.post("/unfilled/demo")
async def demo_unfilled(request: Request, services: OwnerServices) -> Response:
    """Import a fictional unfilled list drawn from the sheet (for trying Match Week on the demo data)."""
    report = await run_in_threadpool(week.import_demo_unfilled, services)
    return RedirectResponse(f"/match-week?imported={report.programs}#unfilled", status_code=303)


def _upload_problem(request: Request, services: Services, message: str, details: list[str]) -> HTMLResponse:
    unfilled, source = week.stored_unfilled(services)
    return _render(
        request,
        services,
        "soap_unfilled_error.html",
        {"problem": message, "details": details, "unfilled": unfilled, "unfilled_source": source},
        status_code=400,
    )


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, services: OwnerServices) -> HTMLResponse:
    """The plan instantiated on the unfilled list, with its documents and the CSV export."""
    query = request.query_params
    status_key, status = _status(query.get("status") or week.get_facts(services).status_key)
    plans = week.list_plans(services)
    chosen = query.get("plan") or None
    report: week.PlanReport | None = None
    problem: str | None = None
    details: list[str] = []
    try:
        report = week.soap_plan(services, rules_in_force().rules, plan_name=chosen, match_status=status)
    except InvalidDataError as error:
        problem, details = str(error), [str(issue) for issue in error.issues]
    except (InputError, NotFoundError) as error:
        problem = str(error)
    selected = report.distribution.name if report else (chosen or next((p.name for p in plans if p.default), ""))
    return _render(
        request,
        services,
        "soap_plan.html",
        {
            "plans": plans,
            "selected": selected,
            "statuses": _STATUSES[:3],
            "status_key": status_key,
            "report": report,
            "problem": problem,
            "details": details,
        },
        status_code=200 if problem is None else 400,
    )


@router.get("/calendar.ics")
def calendar(request: Request, services: OwnerServices) -> Response:
    """Match Week's events and the readiness checklist's due dates as an iCalendar file to import into any
    calendar (times in UTC, so it shows your own time)."""
    _, zone, _ = _zone(request.query_params.get("tz"))
    now = datetime.now(UTC)
    loaded = rules_in_force()
    eligibility_year = soap_services.soap_eligibility(
        services, week.facts_status(week.get_facts(services)), loaded.rules
    ).year
    timeline = soap_services.soap_timeline(loaded.rules, now=now, zone=zone, year=eligibility_year)
    ready = checklist_services.readiness(services, loaded.rules, now=now, year=timeline.year).checklist
    text = soap_services.calendar_text(timeline, dtstamp=now, checklist=ready)
    return Response(
        text.encode("utf-8"),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="match-week-{timeline.year}.ics"'},
    )


@router.get("/plan.csv")
def plan_csv(request: Request, services: OwnerServices) -> Response:
    """The application list of the plan as a CSV download."""
    _, status = _status(request.query_params.get("status"))
    name = request.query_params.get("plan") or None
    report = week.soap_plan(services, rules_in_force().rules, plan_name=name, match_status=status)
    filename = f"matchpilot-soap-{report.plan.plan}.csv".replace('"', "")
    return Response(
        week.plan_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _offers_page(
    request: Request,
    services: Services,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    problem: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    typed = typed or {}
    zone_name, zone, _ = _zone(request.query_params.get("tz") or typed.get("tz"))
    now_text = request.query_params.get("now") or typed.get("now") or ""
    now = _now(now_text, zone)
    loaded = rules_in_force()
    report = week.decide_offers(services, loaded.rules, now=now)
    worths = week.get_worths(services)
    offered = {o.code for o in report.offers}
    sent = week.applications(services)
    unfilled, _ = week.stored_unfilled(services)
    return _render(
        request,
        services,
        "soap_offers.html",
        {
            "report": report,
            "choices": [a for a in sent if a.code not in offered],
            "rounds": list(range(1, report.rounds + 1)),
            "errors": errors or {},
            "typed": {"tz": zone_name, "now": now_text, **typed},
            "zone_name": zone_name,
            "zone": zone,
            "now_text": now_text,
            "recorded": request.query_params.get("recorded", ""),
            "has_list": bool(unfilled),
            "has_applications": bool(sent),
            "problem": problem,
            "worths": worths,
            "worth_kinds": week.WORTH_KINDS,
            "kind_labels": week.KIND_LABELS,
            "considerations": week.CONSIDERATIONS,
            "worths_saved": request.query_params.get("worths") == "saved",
        },
        status_code=status,
    )


def _moment_query(tz: str, now: str) -> str:
    return urlencode({k: v for k, v in (("tz", tz), ("now", now)) if v})


@router.get("/offers", response_class=HTMLResponse)
def offers(request: Request, services: OwnerServices) -> HTMLResponse:
    """Offers with the decision help: accept now, or decline and wait (``now``: rehearse any moment)."""
    return _offers_page(request, services)


@router.post("/offers", response_class=HTMLResponse)
async def record(request: Request, services: OwnerServices) -> Response:
    """Record an offer; a problem is shown next to its field and nothing is saved."""
    async with request.form() as form:
        typed = {key: str(form.get(key) or "").strip() for key in ("code", "round", "deadline", "tz", "now")}
    errors: dict[str, str] = {}
    status = 400
    if not typed["code"]:
        errors["code"] = "Choose the program that made the offer."
    round_number = int(typed["round"]) if typed["round"].isdigit() else 0
    if round_number < 1:
        errors["round"] = "Choose the offer round."
    _, zone, zone_problem = _zone(typed["tz"])
    if zone_problem:
        errors["tz"] = zone_problem
    deadline: datetime | None = None
    if typed["deadline"]:
        try:
            moment = datetime.fromisoformat(typed["deadline"])
            deadline = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
        except ValueError:
            errors["deadline"] = "Write the deadline as a date and time, e.g. 2027-03-18T11:00."
    now = datetime.now(UTC)
    if typed["now"]:
        try:
            now = _now(typed["now"], zone)
        except InputError:
            errors["now"] = "Write the moment as a date and time, e.g. 2027-03-18T09:30."
    if not errors:
        try:
            await run_in_threadpool(
                week.record_offer,
                services,
                typed["code"],
                round_number,
                deadline,
                rules=rules_in_force().rules,
                now=now,
            )
        except NotFoundError as error:
            errors["code"], status = str(error), 404  # not on this workspace's list: 404, as for any record
        except InputError as error:
            text = str(error)
            field = "round" if text.startswith("round") else "deadline" if text.startswith("deadline") else "code"
            errors[field] = text
            status = 409 if "binding" in text else 400
    if errors:
        return _offers_page(request, services, errors=errors, typed=typed, status=status)
    query = _moment_query(typed["tz"], typed["now"])
    return RedirectResponse(f"/match-week/offers?recorded={quote(typed['code'])}&{query}#decision", status_code=303)


@router.post("/offers/worths", response_class=HTMLResponse)
async def save_worths(request: Request, services: OwnerServices) -> Response:
    """Store what each kind of position is worth to the applicant; a bad value is shown next to its field
    and nothing is saved (400)."""
    async with request.form() as form:
        typed = {kind: str(form.get(f"worth-{kind}") or "").strip() for kind in week.WORTH_KINDS}
        moment = {key: str(form.get(key) or "").strip() for key in ("tz", "now")}
    errors: dict[str, str] = {}
    for kind, text in typed.items():
        if text:
            try:
                week.parse_worth(kind, text)
            except ValueError as error:
                errors[f"worth-{kind}"] = str(error)
    if errors:
        return _offers_page(request, services, errors=errors, typed={**moment, **typed}, status=400)
    await run_in_threadpool(week.set_worths, services, typed)
    query = _moment_query(moment["tz"], moment["now"])
    return RedirectResponse(f"/match-week/offers?worths=saved&{query}#worths", status_code=303)


@router.post("/offers/status", response_class=HTMLResponse)
async def offer_status(request: Request, services: OwnerServices) -> Response:
    """Accept, decline or mark an offer expired, then show the offers again. An offer whose round has ended
    cannot be accepted, and nothing can be answered after an acceptance: 409 with the reason."""
    async with request.form() as form:
        typed = {key: str(form.get(key) or "").strip() for key in ("code", "status", "tz", "now")}
    _, zone, _ = _zone(typed["tz"])
    try:
        now = _now(typed["now"], zone)
    except InputError as error:
        return _offers_page(request, services, typed=typed, problem=str(error), status=400)
    try:
        await run_in_threadpool(
            week.set_offer_status, services, typed["code"], typed["status"], rules=rules_in_force().rules, now=now
        )
    except NotFoundError as error:
        return _offers_page(request, services, typed=typed, problem=str(error), status=404)
    except InputError as error:
        text = str(error)
        return _offers_page(
            request, services, typed=typed, problem=text, status=400 if text.startswith("status") else 409
        )
    return RedirectResponse(f"/match-week/offers?{_moment_query(typed['tz'], typed['now'])}#offers", status_code=303)


def _applications_page(
    request: Request, services: Services, *, problem: str | None = None, details: Sequence[str] = (), status: int = 200
) -> HTMLResponse:
    sent = week.applications(services)
    unfilled, _ = week.stored_unfilled(services)
    codes = {a.code.upper() for a in sent}
    cap = None
    try:
        cap = week.soap_cap(rules_in_force().rules, now=datetime.now(UTC))
    except InputError:
        cap = None
    return _render(
        request,
        services,
        "soap_applications.html",
        {
            "sent": sent,
            "choices": [p for p in unfilled if p.code.upper() not in codes],
            "plans": week.list_plans(services),
            "statuses": _STATUSES[:3],
            "cap": cap,
            "problem": problem,
            "details": list(details),
            "saved": request.query_params.get("saved", ""),
            "has_list": bool(unfilled),
        },
        status_code=status,
    )


@router.get("/applications", response_class=HTMLResponse)
def applications(request: Request, services: OwnerServices) -> HTMLResponse:
    """The SOAP applications actually sent: add, remove, or take them from a plan."""
    return _applications_page(request, services)


async def _applications_change(request: Request, services: Services, call: Any) -> Response:
    try:
        changed = await run_in_threadpool(call)
    except InvalidDataError as error:
        return _applications_page(
            request, services, problem=str(error), details=[str(i) for i in error.issues], status=400
        )
    except NotFoundError as error:
        return _applications_page(request, services, problem=str(error), status=404)
    except InputError as error:
        return _applications_page(request, services, problem=str(error), status=409 if "binding" in str(error) else 400)
    return RedirectResponse(f"/match-week/applications?saved={changed}#sent", status_code=303)


@router.post("/applications", response_class=HTMLResponse)
async def add_application(request: Request, services: OwnerServices) -> Response:
    """Add programs applied to (a choice from the list, or codes typed, separated by spaces or commas)."""
    async with request.form() as form:
        picked = [str(v) for v in form.getlist("code") if str(v).strip()]
        typed = str(form.get("codes") or "")
    codes = picked + [c for c in typed.replace(",", " ").split() if c]
    return await _applications_change(
        request,
        services,
        lambda: week.add_applications(services, codes, rules=rules_in_force().rules, now=datetime.now(UTC)),
    )


@router.post("/applications/remove", response_class=HTMLResponse)
async def remove_application(request: Request, services: OwnerServices) -> Response:
    """Remove an application recorded by mistake."""
    async with request.form() as form:
        code = str(form.get("code") or "")
    return await _applications_change(request, services, lambda: week.remove_applications(services, [code]))


@router.post("/applications/from-plan", response_class=HTMLResponse)
async def applications_from_plan(request: Request, services: OwnerServices) -> Response:
    """Store a plan's applications as the applications sent (replacing them)."""
    async with request.form() as form:
        plan = str(form.get("plan") or "") or None
        status_text = str(form.get("status") or "")
    rules = rules_in_force().rules

    def save() -> int:
        report = week.soap_plan(services, rules, plan_name=plan, match_status=_status(status_text)[1])
        return week.save_plan_applications(services, report, rules=rules, now=datetime.now(UTC))

    return await _applications_change(request, services, save)


@router.get("/after", response_class=HTMLResponse)
def after(request: Request, services: OwnerServices) -> HTMLResponse:
    """After SOAP: the path that fits where the applicant stands (PM&R, a PGY-1 year, another position or
    none), step by step, with the next season's dates; when unmatched, the programs to write to."""
    return _render(
        request,
        services,
        "soap_after.html",
        {"after": week.after_soap(services, rules_in_force().rules), "facts": week.get_facts(services)},
    )


@router.get("/cheatsheet", response_class=HTMLResponse)
def cheatsheet(request: Request, services: OwnerServices) -> HTMLResponse:
    """The printable one-page interview cheat sheet."""
    return _render(
        request,
        services,
        "soap_cheatsheet.html",
        {
            "sheet": week.get_cheatsheet(services),
            "questions": week.QUESTIONS,
            "profile": services.profile(),
        },
    )


def status_labels() -> Sequence[tuple[str, str]]:
    """The Match results the pages offer, as ``(value, label)``."""
    return _STATUSES
