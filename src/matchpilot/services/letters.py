"""Letters use cases: the message log (messages, interviews, replies), per-program timelines, the season view,
drafts for the compose page, and linting a message against the stored log.

The log only grows: each record is saved in one transaction of its own and nothing here updates or deletes a
logged record, so a saved message is never lost (re-importing the sheet or loading the demo keeps the log: it
is keyed by program code). The warnings and the context rules are computed by the pure core
(:mod:`matchpilot.letters.cadence`, :mod:`matchpilot.letters.context`) from what is stored and ``today``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.program import Program
from matchpilot.domain.query import ProgramQuery
from matchpilot.errors import InputError, InvalidDataError
from matchpilot.letters import (
    CONTEXT_RULES,
    Draft,
    Finding,
    Interview,
    InterviewNotes,
    LetterKind,
    LintContext,
    LintSeverity,
    LoggedMessage,
    draft_letter,
    lint_in_context,
    lint_text,
)
from matchpilot.letters.cadence import (
    MESSAGE_KINDS,
    Reply,
    SeasonWarning,
    TimelineEntry,
    context_from_log,
    kind_label,
    season_warnings,
    thank_you_window,
    timeline,
)
from matchpilot.services.workspace import Services
from matchpilot.storage import LettersLogStore, StoredInterview, StoredMessage, StoredReply

__all__ = [
    "CONTEXT_RULES",
    "MESSAGE_KINDS",
    "ComposeDraft",
    "Finding",
    "InterviewNotes",
    "LetterKind",
    "LetterLog",
    "LintSeverity",
    "SeasonView",
    "SeasonWarning",
    "StoredInterview",
    "StoredMessage",
    "StoredReply",
    "TimelineEntry",
    "compose_draft",
    "kind_label",
    "letter_log",
    "lint_context",
    "lint_message",
    "lint_text_only",
    "program_choices",
    "program_timeline",
    "record_interview",
    "record_message",
    "record_reply",
    "season_view",
    "stored_notes",
    "thank_you_window",
]

_MAX_CODE = 64


@dataclass(frozen=True, slots=True)
class LetterLog:
    """The stored log (all of it, or one program's): messages sent, interviews and replies, oldest first."""

    messages: tuple[StoredMessage, ...]
    interviews: tuple[StoredInterview, ...]
    replies: tuple[StoredReply, ...]

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
    """A draft for the compose page: the ``text`` (None while fields are missing), the ``missing`` fields as
    issues (each named by its field, saying where it comes from) and the interview ``notes`` used."""

    text: str | None
    missing: tuple[Issue, ...]
    notes: InterviewNotes


# --- checking what is recorded ----------------------------------------------------------------------------


def _code(program: str) -> str:
    code = program.strip()
    if not code:
        raise InputError("the program code is empty; give the program's code from your sheet")
    if len(code) > _MAX_CODE or any(c.isspace() for c in code):
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
) -> StoredMessage:
    """Log a message sent to ``program`` (code) of ``kind`` on ``sent_on`` (None: today) in one transaction.

    InputError (nothing saved) for an empty code or text, an unknown kind, or a day after today. Returns the
    stored message. The message is logged whatever the linter thinks of it: the log records what was sent.
    """
    code, chosen, body = _code(program), _kind(kind), _text(text, "message")
    day = _not_after_today(services, sent_on or services.today(), "message")
    with services.database.transaction() as session:
        return LettersLogStore(session, services.owner_id).add_message(code, chosen, day, body, requested=requested)


def record_interview(
    services: Services, program: str, on: date, interviewers: Sequence[str] = (), notes: str = ""
) -> StoredInterview:
    """Log an interview with ``program`` on ``on`` (past or planned) with the interviewers' names and notes."""
    code = _code(program)
    names = tuple(name.strip() for name in interviewers if name.strip())
    with services.database.transaction() as session:
        return LettersLogStore(session, services.owner_id).add_interview(code, on, names, notes.strip())


def record_reply(services: Services, program: str, text: str, *, on: date | None = None) -> StoredReply:
    """Log what ``program`` wrote to you on ``on`` (None: today); InputError for empty text or a future day."""
    code, body = _code(program), _text(text, "reply")
    day = _not_after_today(services, on or services.today(), "reply")
    with services.database.transaction() as session:
        return LettersLogStore(session, services.owner_id).add_reply(code, day, body)


# --- reading ------------------------------------------------------------------------------------------------


def letter_log(services: Services, program: str | None = None) -> LetterLog:
    """The stored log, all of it or ``program``'s only, oldest first."""
    code = _code(program) if program is not None else None
    with services.database.transaction() as session:
        store = LettersLogStore(session, services.owner_id)
        return LetterLog(tuple(store.messages(code)), tuple(store.interviews(code)), tuple(store.replies(code)))


def _core(log: LetterLog) -> tuple[list[LoggedMessage], list[Interview], list[Reply]]:
    messages = [LoggedMessage(m.code, m.sent_on, m.kind, m.text, m.requested) for m in log.messages]
    interviews = [Interview(i.code, i.held_on, i.interviewers) for i in log.interviews]
    replies = [Reply(r.code, r.received_on, r.text) for r in log.replies]
    return messages, interviews, replies


def program_timeline(services: Services, program: str) -> list[TimelineEntry]:
    """The dated history with one program (messages, interviews with notes, replies), oldest first."""
    log = letter_log(services, program)
    messages, interviews, replies = _core(log)
    notes = {(i.code, i.held_on): i.notes for i in log.interviews if i.notes}
    return timeline(program.strip(), messages, interviews, replies, notes=notes)


def season_view(services: Services) -> SeasonView:
    """The warnings of today's season from the stored log (see :func:`matchpilot.letters.cadence.season_warnings`)."""
    log = letter_log(services)
    messages, interviews, replies = _core(log)
    today = services.today()
    warnings = season_warnings(messages, interviews, today, replies=replies)
    return SeasonView(today, tuple(warnings), len(log.messages), len(log.interviews), len(log.replies))


def _rank_order(services: Services) -> tuple[str, ...] | None:
    """The stored rank order list as program codes, best first (None: none stored, or no rank list storage)."""
    try:
        from matchpilot.storage.rank_lists import RankListStore
    except ImportError:  # pragma: no cover - rank list storage not installed in this build
        return None
    with services.database.transaction() as session:
        primary = RankListStore(session, services.owner_id).get().primary
    return primary or None


def lint_context(services: Services, *, today: date | None = None) -> LintContext:
    """The context the lint rules read, from the stored log, interviews and rank order list (``today``: None
    means the services' today)."""
    messages, interviews, _ = _core(letter_log(services))
    return context_from_log(messages, interviews, today=today or services.today(), rank_list=_rank_order(services))


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
    return lint_in_context(text, draft, lint_context(services))


def lint_text_only(text: str) -> list[Finding]:
    """The text rules alone (for a message whose program or kind is not chosen yet)."""
    return lint_text(text)


# --- composing ----------------------------------------------------------------------------------------------


def program_choices(services: Services) -> list[Program]:
    """The sheet's programs, by name, for the compose page's choice."""
    return sorted(services.list_programs(ProgramQuery(per_page=None)).programs, key=lambda p: (p.name, p.code))


def stored_notes(services: Services, program: str) -> InterviewNotes:
    """Interview notes from the latest logged interview with ``program`` (empty notes when there is none)."""
    interviews = letter_log(services, program).interviews
    if not interviews:
        return InterviewNotes()
    last = interviews[-1]
    return InterviewNotes(
        interviewer=last.interviewers[0] if last.interviewers else None,
        date=last.held_on,
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
    try:
        text = draft_letter(letter_kind, profile, chosen, used)
    except InvalidDataError as error:
        missing = list(error.issues)
        if profile is None:
            missing.insert(0, Issue("no-profile", Severity.ERROR, "no profile yet: fill in your profile", "profile"))
        return ComposeDraft(None, tuple(missing), used)
    return ComposeDraft(text, (), used)
