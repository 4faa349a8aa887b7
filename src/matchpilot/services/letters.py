"""Letters use cases: the message log (messages, interviews, replies), per-program timelines, the season view,
drafts for the compose page, and linting a message against the stored log.

The log only grows: each record is saved in one transaction of its own and nothing here updates or deletes a
logged record, so a saved message is never lost (re-importing the sheet or loading the demo keeps the log: it
is keyed by program code). The warnings and the context rules are computed by the pure core
(:mod:`matchpilot.letters.cadence`, :mod:`matchpilot.letters.context`) from what is stored and ``today``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.limits import CODE_LENGTH, stored_text_problem
from matchpilot.domain.match_week import SoapOffer
from matchpilot.domain.program import Program
from matchpilot.domain.rules import EventKind, MatchWeekSchedule
from matchpilot.errors import InputError, InvalidDataError
from matchpilot.letters import (
    CONTEXT_RULES,
    RECEIVED_RULES,
    Draft,
    Finding,
    Interview,
    InterviewNotes,
    LetterKind,
    LintContext,
    LintSeverity,
    LoggedMessage,
    SoapWindow,
    draft_letter,
    lint_in_context,
    lint_received,
    lint_text,
)
from matchpilot.letters.cadence import (
    MESSAGE_KINDS,
    Reply,
    SeasonWarning,
    TimelineEntry,
    context_from_log,
    intent_holders,
    kind_label,
    season_warnings,
    thank_you_window,
    timeline,
)
from matchpilot.letters.context import check_context, season_of, sheet_answer, sheet_answers
from matchpilot.letters.templates import AAMC_ID_PLACEHOLDER, MentorNotes, draft_mentor_letter
from matchpilot.services.memo import remembered
from matchpilot.services.workspace import Services
from matchpilot.storage import LettersLogStore, ProgramStore

__all__ = [
    "CONTEXT_RULES",
    "MESSAGE_KINDS",
    "ComposeDraft",
    "Finding",
    "Interview",
    "InterviewNotes",
    "LetterKind",
    "LetterLog",
    "LintSeverity",
    "LintedMessage",
    "LoggedMessage",
    "MentorNotes",
    "ProgramChoice",
    "Reply",
    "SeasonView",
    "SeasonWarning",
    "TimelineEntry",
    "compose_draft",
    "kind_label",
    "letter_log",
    "lint_context",
    "lint_from",
    "lint_message",
    "lint_messages",
    "lint_text_only",
    "mentor_draft",
    "program_choices",
    "program_timeline",
    "record_interview",
    "record_message",
    "record_reply",
    "season_view",
    "soap_window_from",
    "stored_notes",
    "thank_you_window",
]

_MAX_CODE = CODE_LENGTH


@dataclass(frozen=True, slots=True)
class LetterLog:
    """The stored log (all of it, or one program's): messages sent, interviews and replies, oldest first."""

    messages: tuple[LoggedMessage, ...]
    interviews: tuple[Interview, ...]
    replies: tuple[Reply, ...]

    @property
    def empty(self) -> bool:
        """True when nothing is logged."""
        return not (self.messages or self.interviews or self.replies)


@dataclass(frozen=True, slots=True)
class SeasonView:
    """The season of ``today``: the warnings (most serious first) and how much the log holds."""

    today: date
    warnings: tuple[SeasonWarning, ...]
    messages: int
    interviews: int
    replies: int


@dataclass(frozen=True, slots=True)
class ComposeDraft:
    """A draft for the compose page: the ``text`` (None while fields are missing or the draft is refused), the
    ``missing`` fields as issues (each named by its field, saying where it comes from), the interview ``notes``
    used, and ``advice``: what to know before sending it (the sheet already answers a visa question, the AAMC
    ID is not in the profile) or why it is refused (a letter of intent already holds elsewhere)."""

    text: str | None
    missing: tuple[Issue, ...]
    notes: InterviewNotes
    advice: tuple[str, ...] = ()


# --- checking what is recorded ----------------------------------------------------------------------------


def _code(program: str) -> str:
    code = program.strip()
    if not code:
        raise InputError("the program code is empty; give the program's code from your sheet")
    if len(code) > _MAX_CODE or any(c.isspace() for c in code) or stored_text_problem(code) is not None:
        raise InputError(f"{program!r} is not a program code (one word of at most {_MAX_CODE} characters)")
    return code


def _kind(kind: str) -> str:
    chosen = kind.strip().lower()
    if chosen not in MESSAGE_KINDS:
        raise InputError(f"unknown message kind {kind!r}; choose one of: {', '.join(MESSAGE_KINDS)}")
    return chosen


def _text(text: str, what: str) -> str:
    if not text.strip():
        raise InputError(f"the {what} is empty; nothing was saved")
    return _storable(text, what)


def _storable(text: str, what: str) -> str:
    problem = stored_text_problem(text)
    if problem is not None:
        raise InputError(f"the {what} {problem}; nothing was saved")
    return text


def _not_after_today(services: Services, day: date, what: str) -> date:
    today = services.today()
    if day > today:
        raise InputError(f"the {what} is dated {day.isoformat()}, after today ({today.isoformat()}); log it once sent")
    return day


# --- recording ----------------------------------------------------------------------------------------------


def record_message(
    services: Services,
    program: str,
    kind: str,
    text: str,
    *,
    sent_on: date | None = None,
    requested: bool = False,
) -> LoggedMessage:
    """Log a message sent to ``program`` (code) of ``kind`` on ``sent_on`` (None: today) in one transaction.

    InputError (nothing saved) for an empty code or text, an unknown kind, or a day after today. Returns the
    stored message. The message is logged whatever the linter thinks of it: the log records what was sent.
    """
    code, chosen, body = _code(program), _kind(kind), _text(text, "message")
    day = _not_after_today(services, sent_on or services.today(), "message")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        return LettersLogStore(session, services.owner_id).add_message(
            LoggedMessage(code, day, chosen, body, requested)
        )


def record_interview(
    services: Services, program: str, on: date, interviewers: Sequence[str] = (), notes: str = ""
) -> Interview:
    """Log an interview with ``program`` on ``on`` (past or planned) with the interviewers' names and notes."""
    code = _code(program)
    names = tuple(_storable(name.strip(), "interviewer's name") for name in interviewers if name.strip())
    notes = _storable(notes, "interview notes")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        return LettersLogStore(session, services.owner_id).add_interview(Interview(code, on, names, notes.strip()))


def record_reply(services: Services, program: str, text: str, *, on: date | None = None) -> Reply:
    """Log what ``program`` wrote to you on ``on`` (None: today); InputError for empty text or a future day."""
    code, body = _code(program), _text(text, "reply")
    day = _not_after_today(services, on or services.today(), "reply")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        return LettersLogStore(session, services.owner_id).add_reply(Reply(code, day, body))


# --- reading ------------------------------------------------------------------------------------------------


def letter_log(services: Services, program: str | None = None) -> LetterLog:
    """The stored log, all of it or ``program``'s only, oldest first."""
    code = _code(program) if program is not None else None
    with services.database.transaction() as session:
        store = LettersLogStore(session, services.owner_id)
        return LetterLog(tuple(store.messages(code)), tuple(store.interviews(code)), tuple(store.replies(code)))


def program_timeline(services: Services, program: str) -> list[TimelineEntry]:
    """The dated history with one program (messages, interviews with notes, replies), oldest first."""
    log = letter_log(services, program)
    notes = {(i.program, i.on): i.notes for i in log.interviews if i.notes}
    return timeline(program.strip(), log.messages, log.interviews, log.replies, notes=notes)


def season_view(services: Services) -> SeasonView:
    """The warnings of today's season from the stored log (see :func:`matchpilot.letters.cadence.season_warnings`)."""
    log = letter_log(services)
    today = services.today()
    warnings = season_warnings(log.messages, log.interviews, today, replies=log.replies)
    return SeasonView(today, tuple(warnings), len(log.messages), len(log.interviews), len(log.replies))


def _rank_order(services: Services) -> tuple[tuple[str, ...] | None, date | None]:
    """The stored rank order list as program codes, best first (None: none stored), and the day it was certified
    (None: not recorded)."""
    from matchpilot.storage.rank_lists import CoupleListStore, RankListStore

    with services.database.transaction() as session:
        rol = RankListStore(session, services.owner_id).get()
        mine = [p.mine for p in CoupleListStore(session, services.owner_id).get().pairs if p.mine is not None]
    # a couple ranks pairs: my side of the paired list is my order when no primary list is kept
    codes = rol.primary or tuple(dict.fromkeys(mine))
    return codes or None, rol.certified_on


def soap_window_from(
    schedule: MatchWeekSchedule,
    offers: Sequence[SoapOffer] = (),
    replies: Sequence[Reply] = (),
) -> SoapWindow:
    """The SOAP window of one Match Week ``schedule`` and the programs that contacted the applicant in it.

    The window runs from the day of the schedule's first event (the Match status, Monday) to the day SOAP ends
    (the ``soap_ends`` event; without one, the last offer round), in the schedule's time zone. A SOAP offer is
    contact from the day of its round (the window's first day when the schedule has no such round); an offer
    whose deadline falls outside the window belongs to another year and is ignored. A reply logged with
    ``letters log add-reply`` during the window is contact from the day it arrived.
    """
    zone = ZoneInfo(schedule.zone)

    def day(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    starts = min(day(event.start) for event in schedule.week_events)
    closing = [e for e in schedule.events if e.kind is EventKind.SOAP_ENDS] or list(schedule.rounds)
    last = closing[-1] if closing else schedule.events[-1]
    ends = max(starts, day(last.end or last.start))
    round_days = {event.round: day(event.start) for event in schedule.rounds if event.round is not None}
    contacted: dict[str, date] = {}
    for offer in offers:
        if offer.deadline is not None and not starts <= day(offer.deadline) <= ends:
            continue
        on = round_days.get(offer.round, starts)
        contacted[offer.code] = min(on, contacted.get(offer.code, on))
    for reply in replies:
        if starts <= reply.on <= ends:
            contacted[reply.program] = min(reply.on, contacted.get(reply.program, reply.on))
    return SoapWindow(starts, ends, MappingProxyType(contacted))


def _soap_window(services: Services, day: date, replies: Sequence[Reply], rules_path: Path | None) -> SoapWindow | None:
    """The SOAP window of the Match that ends ``day``'s season, from the dated rules; None when the rules data
    has no Match Week schedule for that year."""
    from matchpilot.services.soap import load_rules
    from matchpilot.storage import SoapOfferStore

    schedule = load_rules(rules_path).rules.match_week(season_of(day) + 1)
    if schedule is None or not schedule.events:
        return None
    with services.database.transaction() as session:
        offers = SoapOfferStore(session, services.owner_id).all()
    return soap_window_from(schedule, offers, replies)


def lint_context(services: Services, *, today: date | None = None, rules_path: Path | None = None) -> LintContext:
    """The context the lint rules read, from what is stored (``today``: None means the services' today): the
    message log, interviews, what each program's sheet row answers (rule ``already-answered``), the rank order
    list and the day it was certified (rule ``after-rol``), and the
    SOAP window of the season's Match Week from the dated rules (``rules_path``: the user's corrections) with
    the programs that contacted the applicant in it, by SOAP offer or logged reply (rule ``soap-unsolicited``)."""
    log = letter_log(services)
    day = today or services.today()
    codes, certified = _rank_order(services)
    sheet = {program.code: sheet_answers(program) for program in services.list_programs().programs}
    context = context_from_log(log.messages, log.interviews, today=day, rank_list=codes, sheet=sheet)
    soap = _soap_window(services, day, log.replies, rules_path)
    return replace(context, rank_list_certified_on=certified, soap=soap)


def lint_message(
    services: Services,
    text: str,
    program: str,
    kind: str = "other",
    *,
    send_on: date | None = None,
    requested: bool = False,
) -> list[Finding]:
    """Every finding for a message about to go to ``program``: the text rules and the context rules read from the
    stored log (``send_on`` None: today)."""
    draft = Draft(_code(program), _kind(kind), send_on or services.today(), requested)
    return lint_in_context(text, draft, lint_context(services, today=draft.send_on))


def lint_text_only(text: str) -> list[Finding]:
    """The text rules alone (for a message whose program or kind is not chosen yet)."""
    return lint_text(text)


def lint_from(text: str, sender: str) -> list[Finding]:
    """Lint a message by ``sender``: ``me`` (the applicant's text rules), ``program`` (what a program may not ask
    or offer) or ``mentor`` (pressure in a letter written on the applicant's behalf). Raises ``InputError`` for
    another sender."""
    if sender == "me":
        return lint_text(text)
    if sender not in RECEIVED_RULES:
        raise InputError(f"unknown sender {sender!r}: use me, program or mentor")
    return lint_received(text, sender)


@dataclass(frozen=True, slots=True)
class LintedMessage:
    """One message linted by :func:`lint_messages`: its ``name`` (a file name or a label), its ``text``, its
    ``findings`` in text order, and ``in_context`` (False when a context was given but has no draft entry for
    this message, so only the text rules ran)."""

    name: str
    text: str
    findings: tuple[Finding, ...]
    in_context: bool = True


def lint_messages(
    messages: Sequence[tuple[str, str]],
    *,
    sender: str = "me",
    context: LintContext | None = None,
    draft: Draft | None = None,
    today: date,
) -> list[LintedMessage]:
    """Lint several ``messages`` (name and text each) at once, as ``letters lint`` does with its files.

    ``sender`` ``me`` runs the applicant's text rules and, with a ``context``, the context rules for each message
    that has a draft entry in it (its entry by name, else ``draft``); the other messages of the run count as sent
    for the rules that compare letters. ``program`` or ``mentor`` runs the rules for messages from others only
    (``context`` and ``draft`` are not used). A draft without a day of sending is sent ``today`` when the context
    has no today of its own. Raises ``InputError`` for an unknown sender."""
    if sender != "me":
        return [LintedMessage(name, text, tuple(lint_from(text, sender))) for name, text in messages]
    drafts: dict[str, Draft] = {}
    if context is not None:
        for name, _ in messages:
            entry = context.draft_for(name) or draft
            if entry is None:
                continue
            if entry.send_on is None and context.today is None:
                entry = Draft(entry.program, entry.kind, today, entry.requested)
            drafts[name] = entry
    results: list[LintedMessage] = []
    for name, text in messages:
        if context is not None and name in drafts:
            others = [
                (drafts[other], other_text) for other, other_text in messages if other != name and other in drafts
            ]
            findings = lint_in_context(text, drafts[name], context, others=others)
        else:
            findings = lint_text(text)
        results.append(LintedMessage(name, text, tuple(findings), context is None or name in drafts))
    return results


# --- composing ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProgramChoice:
    """A program of the compose page's choice: its ``code`` and ``name``."""

    code: str
    name: str


def program_choices(services: Services) -> tuple[ProgramChoice, ...]:
    """The sheet's programs, by name, for the compose page's choice (only code and name are read; kept until
    the owner's records change)."""

    def read() -> tuple[ProgramChoice, ...]:
        with services.database.transaction() as session:
            pairs = ProgramStore(session, services.owner_id).names()
        return tuple(sorted((ProgramChoice(code, name) for code, name in pairs), key=lambda p: (p.name, p.code)))

    return remembered(services, ("program-choices",), read, len)


def stored_notes(services: Services, program: str) -> InterviewNotes:
    """Interview notes from the latest logged interview with ``program`` (empty notes when there is none)."""
    interviews = letter_log(services, program).interviews
    if not interviews:
        return InterviewNotes()
    last = interviews[-1]
    return InterviewNotes(
        interviewer=last.interviewers[0] if last.interviewers else None,
        date=last.on,
        discussed=last.notes.strip().rstrip(".") or None,
    )


def compose_draft(services: Services, program: str, kind: str, notes: InterviewNotes | None = None) -> ComposeDraft:
    """The draft of ``kind`` for ``program`` from the profile, its sheet row and the interview ``notes`` (None:
    from the latest logged interview). NotFoundError for an unknown program; InputError for an unknown kind.
    While fields are missing, ``text`` is None and ``missing`` lists each one."""
    try:
        letter_kind = LetterKind(kind.strip().lower())
    except ValueError:
        kinds = ", ".join(k.value for k in LetterKind)
        raise InputError(f"unknown letter kind {kind!r}; choose one of: {kinds}") from None
    chosen = services.get_program(_code(program))
    used = notes if notes is not None else stored_notes(services, chosen.code)
    profile = services.profile()
    if letter_kind is LetterKind.INTENT:
        holders = intent_elsewhere(services, chosen.code)
        if holders:
            return ComposeDraft(None, (), used, (intent_refusal(holders),))
    try:
        text = draft_letter(letter_kind, profile, chosen, used)
    except InvalidDataError as error:
        missing = list(error.issues)
        if profile is None:
            missing.insert(0, Issue("no-profile", Severity.ERROR, "no profile yet: fill in your profile", "profile"))
        return ComposeDraft(None, tuple(missing), used)
    return ComposeDraft(text, (), used, draft_advice(services, letter_kind, chosen, text))


def mentor_draft(
    services: Services, program: str, mentor: MentorNotes, *, addressee: str | None = None
) -> ComposeDraft:
    """The mentor's letter of support for ``program`` from the profile, its sheet row and what the applicant knows
    of the mentor (``text`` None and ``missing`` listing each field while some are missing). NotFoundError for an
    unknown program."""
    chosen = services.get_program(_code(program))
    profile = services.profile()
    try:
        text = draft_mentor_letter(profile, chosen, mentor, addressee=addressee)
    except InvalidDataError as error:
        missing = list(error.issues)
        if profile is None:
            missing.insert(0, Issue("no-profile", Severity.ERROR, "no profile yet: fill in your profile", "profile"))
        return ComposeDraft(None, tuple(missing), InterviewNotes())
    advice: tuple[str, ...] = ()
    if AAMC_ID_PLACEHOLDER in text:
        advice = (f"Add your AAMC ID to your profile: the letter carries {AAMC_ID_PLACEHOLDER} until you do.",)
    return ComposeDraft(text, (), InterviewNotes(), advice)


def intent_elsewhere(services: Services, program: str, *, today: date | None = None) -> list[str]:
    """The other programs that hold a letter of intent (or first-choice claim) of this season, not withdrawn."""
    messages = letter_log(services).messages
    return [code for code in intent_holders(messages, today or services.today()) if code != program]


def intent_refusal(holders: Sequence[str]) -> str:
    """Why a second letter of intent is refused, and what to do instead."""
    return (
        f"A letter of intent already went to {', '.join(holders)} this season, and a letter of intent goes to one "
        "program only. Write a letter of strong interest instead, or, if your plans changed, tell that program "
        "first and log the message as a withdrawal of your letter of intent."
    )


def draft_advice(services: Services, kind: LetterKind, program: Program, text: str) -> tuple[str, ...]:
    """What to know before sending a draft: the sheet already answers the visa question it asks (seed 004: check
    the website and FREIDA first), or the AAMC ID placeholder waits for the profile."""
    advice: list[str] = []
    if kind is LetterKind.VISA_INQUIRY:
        answers = sheet_answers(program)
        draft = Draft(program.code, kind.value, services.today())
        context = LintContext(today=services.today(), sheet=MappingProxyType({program.code: answers}))
        if any(f.rule == "already-answered" for f in check_context(text, draft, context, text_findings=[])):
            advice.append(
                f"Your program sheet already answers this: {sheet_answer(answers, 'visa')}. Check the program's "
                "website and FREIDA first, and send this only if the answer there is unclear or out of date."
            )
    if AAMC_ID_PLACEHOLDER in text:
        advice.append(f"Add your AAMC ID to your profile: the draft carries {AAMC_ID_PLACEHOLDER} until you do.")
    return tuple(advice)
