"""The "Write" pages: compose a letter to a program from a template, check it against the NRMP rules and the
stored message log, see each finding highlighted in the text with its reason and suggestion, and save it to
the log.

Works without JavaScript: the form posts to ``/compose`` and the page comes back with the text as typed (never
lost) and the findings marked in place. A small script (``static/compose.js``, which sends the CSRF token as a
header), when it runs, asks ``/compose/lint`` (JSON) for the same findings while the user types. A message with
an error is not saved; one with warnings is saved once the user confirms. Routes are a few lines each: read the
form, call a service, render.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool

from matchpilot.errors import InputError, NotFoundError
from matchpilot.io.lint_json import finding_to_dict
from matchpilot.services import Services
from matchpilot.services import letters as service
from matchpilot.services.letters import (
    CONTEXT_RULES,
    MESSAGE_KINDS,
    Finding,
    InterviewNotes,
    LetterKind,
    LintSeverity,
    MentorNotes,
    kind_label,
)
from matchpilot.services.memo import remembered
from matchpilot.web.owner import SIGNED_IN_OWNER, OwnerServices
from matchpilot.web.templating import templates

__all__ = ["Segment", "highlight", "router"]

_RANK = {LintSeverity.ERROR: 0, LintSeverity.WARNING: 1, LintSeverity.INFO: 2}
_NOTE_KEYS = ("interviewer", "interview_date", "discussed", "update")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the message text with the findings that cover it (numbers counted from 1 in the findings list),
    the most serious ``severity`` among them (None: no finding), the finding numbers that start here
    (``opens``) and those that end here (``closes``)."""

    text: str
    numbers: tuple[int, ...] = ()
    severity: str | None = None
    opens: tuple[int, ...] = ()
    closes: tuple[int, ...] = ()


def highlight(text: str, marked: Sequence[tuple[int, Finding]]) -> list[Segment]:
    """Cut ``text`` into segments at every start and end of the ``marked`` findings (``(number, finding)``),
    so overlapping findings each keep their whole span. Pure: the template draws the marks."""
    spans = [(n, f) for n, f in marked if 0 <= f.start < f.end <= len(text)]
    cuts = sorted({0, len(text), *(f.start for _, f in spans), *(f.end for _, f in spans)})
    segments: list[Segment] = []
    for start, end in pairwise(cuts):
        covering = [(n, f) for n, f in spans if f.start <= start and f.end >= end]
        if not covering:
            segments.append(Segment(text[start:end]))
            continue
        worst = min(covering, key=lambda item: _RANK[item[1].severity])[1].severity
        segments.append(
            Segment(
                text[start:end],
                tuple(n for n, _ in covering),
                worst.value,
                tuple(n for n, f in covering if f.start == start),
                tuple(n for n, f in covering if f.end == end),
            )
        )
    return segments


def _body(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, max(start, len(text.rstrip()))


@dataclass(frozen=True, slots=True)
class _Checked:
    """A message checked: its text, the numbered findings, the text cut into marked segments, and the findings
    about the whole message (context rules such as thank-you timing; listed, not marked in the text)."""

    text: str
    findings: tuple[tuple[int, Finding], ...]
    segments: tuple[Segment, ...]
    whole: tuple[tuple[int, Finding], ...]

    @property
    def quotes(self) -> dict[int, str]:
        """The words each finding is about, by number, on one line."""
        return {n: " ".join(self.text[f.start : f.end].split()) for n, f in self.findings}

    @property
    def errors(self) -> int:
        return sum(1 for _, f in self.findings if f.severity is LintSeverity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for _, f in self.findings if f.severity is LintSeverity.WARNING)


def _check(text: str, findings: Sequence[Finding]) -> _Checked:
    numbered = tuple(enumerate(findings, start=1))
    body = _body(text)
    whole = tuple((n, f) for n, f in numbered if f.rule in CONTEXT_RULES and (f.start, f.end) == body)
    inline = [(n, f) for n, f in numbered if (n, f) not in whole]
    return _Checked(text, numbered, tuple(highlight(text, inline)), whole)


def _notes(values: Mapping[str, str]) -> InterviewNotes | None:
    """Interview notes typed in the form (None when none was typed: the stored interview is used)."""
    if not any(values.get(key, "").strip() for key in _NOTE_KEYS):
        return None
    day: date | None = None
    raw = values.get("interview_date", "").strip()
    if raw:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            day = None
    return InterviewNotes(
        interviewer=values.get("interviewer", "").strip() or None,
        date=day,
        discussed=values.get("discussed", "").strip().rstrip(".") or None,
        update=values.get("update", "").strip().rstrip(".") or None,
    )


def _program_choice(services: Services, chosen: str) -> tuple[Markup, str]:
    """The ``<option>`` elements of the program choice with ``chosen`` selected, and the name of ``chosen`` (the
    code itself when the sheet has none). The markup of a sheet's thousands of programs is made once and kept
    until the owner's records change."""

    def render() -> tuple[tuple[str, str, str], ...]:
        return tuple(
            (p.code, p.name, f'<option value="{escape(p.code)}">{escape(p.name)} ({escape(p.code)})</option>')
            for p in service.program_choices(services)
        )

    options = remembered(services, ("compose-program-options",), render, len)
    selected = (html.replace("<option ", "<option selected ", 1) if c == chosen else html for c, _, html in options)
    markup = Markup("".join(selected))
    name = next((name for code, name, _ in options if code == chosen), chosen) if chosen else ""
    return markup, name


_MENTOR_KEYS = ("program", "mentor", "role", "worked", "strengths", "to")
"""The query parameters of the mentor's letter form."""


router = APIRouter()
"""The Write pages: compose and check a message, log an interview or a reply, a mentor's letter, a message
received."""


def _page(request: Request, services: Services, extra: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    program = str(extra.get("program") or "")
    season = service.season_view(services)
    options, name = _program_choice(services, program)
    context: dict[str, Any] = {
        "nav": "compose",
        "notes": InterviewNotes(),
        "program_options": options,
        "program_name": name,
        "kinds": [(k.value, k.label) for k in LetterKind],
        "message_kinds": [(k, kind_label(k)) for k in MESSAGE_KINDS],
        "program": program,
        "kind": "",
        "text": "",
        "send_on": services.today().isoformat(),
        "requested": False,
        "missing": (),
        "checked": None,
        "problems": {},
        "blocked": None,
        "warnings": [w for w in season.warnings if not program or w.program == program],
        "today": services.today(),
    }
    context.update(extra)
    if program and "notes" not in extra:  # after a check, the notes of the logged interview again
        with suppress(InputError):
            context["notes"] = service.stored_notes(services, program)
    return templates.TemplateResponse(request, "letters_compose.html", context, status_code=status_code)


@router.get("/compose", response_class=HTMLResponse)
def compose(request: Request, services: OwnerServices) -> HTMLResponse:
    """Choose a program and a kind; with both, the draft from the template (or the fields it still needs)."""
    query = {key: value for key, value in request.query_params.items()}
    program, kind = query.get("program", "").strip(), query.get("kind", "").strip()
    extra: dict[str, Any] = {"program": program, "kind": kind}
    if program and kind:
        draft = service.compose_draft(services, program, kind, _notes(query))
        extra.update(text=draft.text or "", missing=draft.missing, notes=draft.notes, advice=draft.advice)
        if kind == LetterKind.INTENT.value:
            extra["intent_note"] = True
    elif program:
        extra["notes"] = service.stored_notes(services, program)
    return _page(request, services, extra)


@router.post("/compose", response_class=HTMLResponse)
async def check_or_save(request: Request, services: OwnerServices) -> Response:
    """Lint the message as typed and show it with the findings in place; save it when asked and allowed."""
    async with request.form() as form:
        values = {key: str(form.get(key) or "") for key in ("program", "kind", "text", "send_on", "action")}
        requested = form.get("requested") in ("on", "1", "yes")
        confirmed = form.get("confirm") in ("on", "1", "yes")
    text = values["text"].replace("\r\n", "\n")
    program, kind = values["program"].strip(), values["kind"].strip() or "other"
    extra: dict[str, Any] = {"program": program, "kind": kind, "text": text, "requested": requested}
    extra["send_on"] = values["send_on"].strip() or services.today().isoformat()
    problems: dict[str, str] = {}
    day: date | None = None
    try:
        day = date.fromisoformat(extra["send_on"])
    except ValueError:
        problems["send_on"] = f"{extra['send_on']!r} is not a date like {services.today().isoformat()}."
    if kind not in MESSAGE_KINDS:
        problems["kind"] = "Choose the kind of message."
    missing = False  # a program not in this workspace's sheet: 404, as for any record not yours
    try:
        await run_in_threadpool(services.get_program, program)
    except NotFoundError:
        problems["program"], missing = "Choose a program from your sheet.", bool(program)
    except InputError:
        problems["program"] = "Choose a program from your sheet."
    if not text.strip():
        problems["text"] = "The message is empty: write it (or get the draft) first."
    if problems:  # the form again, with the text as typed and each problem by its field
        return _page(request, services, {**extra, "problems": problems}, status_code=404 if missing else 400)
    findings = await run_in_threadpool(
        lambda: service.lint_message(services, text, program, kind, send_on=day, requested=requested)
    )
    checked = _check(text, findings)
    extra["checked"] = checked
    if values["action"] != "save":
        return _page(request, services, extra)
    if checked.errors and not confirmed:  # a message already sent, or a finding the user judges wrong, may be logged
        extra["blocked"] = "error"
        return _page(request, services, extra, status_code=400)
    if checked.warnings and not confirmed:
        extra["blocked"] = "confirm"
        return _page(request, services, extra, status_code=400)
    try:
        await run_in_threadpool(
            lambda: service.record_message(services, program, kind, text, sent_on=day, requested=requested)
        )
    except InputError as error:  # a day after today: the form again, text kept
        return _page(request, services, {**extra, "problems": {"send_on": str(error)}}, status_code=400)
    return RedirectResponse(f"/programs/{quote(program)}?saved=message#messages", status_code=303)


@router.post("/programs/{code}/log", response_class=HTMLResponse)
async def log_entry(request: Request, code: str, services: OwnerServices) -> Response:
    """Log an interview with the program or a reply from it (the program page's form), then show the page
    again: with the entry in the timeline, or with what was wrong. A program not in your sheet is a 404."""
    async with request.form() as form:
        values = {key: str(form.get(key) or "") for key in ("what", "on", "interviewers", "text")}
    program = await run_in_threadpool(services.get_program, code)
    back = f"/programs/{quote(program.code, safe='')}"
    try:
        try:
            day = date.fromisoformat(values["on"].strip())
        except ValueError:
            raise InputError(f"the date {values['on']!r} is not a date (use YYYY-MM-DD)") from None
        if values["what"] == "interview":
            names = [name for name in values["interviewers"].split(",") if name.strip()]
            await run_in_threadpool(service.record_interview, services, program.code, day, names, values["text"])
        elif values["what"] == "reply":
            await run_in_threadpool(lambda: service.record_reply(services, program.code, values["text"], on=day))
        else:
            raise InputError("choose what to log: an interview or a reply")
    except InputError as error:
        return RedirectResponse(f"{back}?log_error={quote(str(error))}#messages", status_code=303)
    return RedirectResponse(f"{back}?saved={values['what']}#messages", status_code=303)


@router.get("/compose/mentor", response_class=HTMLResponse)
def mentor_letter(request: Request, services: OwnerServices) -> HTMLResponse:
    """A mentor's letter of support: choose the program and say what you know of the mentor; the draft comes
    from the template (supportive, specific, never coercive), ready to check as the mentor's letter."""
    query = {key: value.strip() for key, value in request.query_params.items() if key in _MENTOR_KEYS}
    program = query.get("program", "")
    options, _ = _program_choice(services, program)
    context: dict[str, Any] = {"nav": "compose", "program_options": options, "values": query}
    if program:
        notes = MentorNotes(query.get("mentor"), query.get("role"), query.get("worked"), query.get("strengths"))
        draft = service.mentor_draft(services, program, notes, addressee=query.get("to"))
        context.update(text=draft.text or "", missing=draft.missing, advice=draft.advice)
    return templates.TemplateResponse(request, "letters_mentor.html", context)


@router.get("/compose/received", response_class=HTMLResponse, dependencies=SIGNED_IN_OWNER)
def received_form(request: Request) -> HTMLResponse:
    """The form to check a message a program sent, or a mentor's letter on the applicant's behalf."""
    context: dict[str, Any] = {"nav": "received", "sender": "program", "text": "", "checked": None, "problems": {}}
    return templates.TemplateResponse(request, "letters_received.html", context)


@router.post("/compose/received", response_class=HTMLResponse, dependencies=SIGNED_IN_OWNER)
async def received_check(request: Request) -> HTMLResponse:
    """Check the pasted message against the rules for its sender; the text comes back as typed."""
    async with request.form() as form:
        sender = str(form.get("sender") or "").strip()
        text = str(form.get("text") or "").replace("\r\n", "\n")
    problems: dict[str, str] = {}
    if sender not in ("program", "mentor"):
        problems["sender"] = "Choose who wrote the message: a program or a mentor."
    if not text.strip():
        problems["text"] = "The message is empty: paste the message you received."
    context: dict[str, Any] = {"nav": "received", "sender": sender, "text": text, "checked": None}
    if problems:
        context["problems"] = problems
        return templates.TemplateResponse(request, "letters_received.html", context, status_code=400)
    findings = await run_in_threadpool(lambda: service.lint_from(text, sender))
    context.update(problems={}, checked=_check(text, findings))
    return templates.TemplateResponse(request, "letters_received.html", context)


@router.post("/compose/lint")
async def lint_json(request: Request, services: OwnerServices) -> JSONResponse:
    """The findings for a message as JSON (the page's lint-as-you-type): ``findings`` in the lint-result
    format, numbered, ``whole`` (the numbers about the whole message) and ``html`` (the marked text and the
    findings list, as the page shows them without JavaScript)."""
    try:
        data = await request.json()
    except ValueError:  # not JSON at all (json.JSONDecodeError and UnicodeDecodeError are ValueErrors)
        raise InputError("send a JSON object with text, program and kind") from None
    except RecursionError:  # arrays or objects nested thousands deep
        raise InputError("send a JSON object with text, program and kind (not values nested deeply)") from None
    if not isinstance(data, dict):
        raise InputError("send a JSON object with text, program and kind")
    text, program = str(data.get("text") or ""), str(data.get("program") or "").strip()
    kind = str(data.get("kind") or "other")
    if not program or kind not in MESSAGE_KINDS:
        findings = await run_in_threadpool(lambda: service.lint_text_only(text))
    else:
        findings = await run_in_threadpool(lambda: service.lint_message(services, text, program, kind))
    checked = _check(text, findings)
    html = templates.get_template("letters_findings.html").render(checked=checked)
    return JSONResponse(
        {
            "findings": [{"number": n, **finding_to_dict(f)} for n, f in checked.findings],
            "whole": [n for n, _ in checked.whole],
            "errors": checked.errors,
            "warnings": checked.warnings,
            "html": html,
        }
    )
