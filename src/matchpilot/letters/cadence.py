"""The message log read as a season: per-program timelines, the warnings that come before overstepping, and
the lint context built from the log.

The season view warns *before* the applicant oversteps (advisers' cadence, seed guide 004):

- ``pre-interview-once``: one unrequested message already went to a program that has not interviewed you yet;
  a second one before the interview would be too many (``pre-interview-twice`` once it happened).
- ``thank-you-due``: an interview took place and no thank-you has gone yet; it is due 24-72 hours (1 to 3 days)
  after the interview (``thank-you-soon`` on the day itself, ``thank-you-late`` after the third day).
- ``intent-sent``: a letter of intent (or a first-choice claim) already went to one program; another one to a
  different program would break the one-program rule (``intent-twice`` once it happened).

Pure: the log, the interviews and ``today`` are passed in; nothing here reads a clock or a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from matchpilot.domain.letters_log import Interview, LoggedMessage, Reply
from matchpilot.letters.context import LintContext, SheetAnswers, season_of
from matchpilot.letters.findings import LintSeverity
from matchpilot.letters.lint import lint_text
from matchpilot.letters.templates import LetterKind

__all__ = [
    "MESSAGE_KINDS",
    "Reply",
    "SeasonWarning",
    "TimelineEntry",
    "claims_first_choice",
    "context_from_log",
    "intent_holders",
    "kind_label",
    "season_warnings",
    "thank_you_window",
    "timeline",
]

MESSAGE_KINDS: tuple[str, ...] = (*(kind.value for kind in LetterKind), "reply", "withdrawal", "other")
"""The kinds a logged message may have: the template kinds, ``reply`` (your answer to a program's message),
``withdrawal`` (you told a program that your earlier letter of intent no longer holds) and ``other``."""

_EXTRA_LABELS = {
    "reply": "your reply to the program",
    "withdrawal": "withdrawal of your letter of intent",
    "other": "other message",
}


def kind_label(kind: str) -> str:
    """Plain words for a message kind (the kind itself when unknown)."""
    try:
        return LetterKind(kind).label
    except ValueError:
        return _EXTRA_LABELS.get(kind, kind)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated line of a program's timeline: ``what`` is ``message``, ``interview`` or ``reply``; ``title`` is
    plain words, ``detail`` the text or notes (may be empty)."""

    on: date
    what: str
    title: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SeasonWarning:
    """A warning of the season view: its ``code`` (see the module docstring), the ``program`` it concerns, its
    ``severity``, a ``message`` in plain words and, where there is one, the last good day (``by``)."""

    code: str
    program: str
    severity: LintSeverity
    message: str
    by: date | None = None


def claims_first_choice(kind: str, text: str) -> bool:
    """True when a message is a letter of intent by kind or says the program is the first choice."""
    if kind == LetterKind.INTENT.value:
        return True
    return any(f.rule == "first-choice-claim" for f in lint_text(text)) if text else False


def intent_holders(messages: Sequence[LoggedMessage], today: date) -> list[str]:
    """The programs (codes, sorted) that hold a letter of intent or first-choice claim of ``today``'s season up to
    ``today``, leaving out a program told afterwards that it no longer holds (a ``withdrawal`` message)."""
    season = season_of(today)
    sent = [m for m in messages if season_of(m.sent_on) == season and m.sent_on <= today]
    holders = set()
    for m in sent:
        if m.kind == "withdrawal" or not claims_first_choice(m.kind, m.text):
            continue
        withdrawn = any(w.program == m.program and w.kind == "withdrawal" and w.sent_on >= m.sent_on for w in sent)
        if not withdrawn:
            holders.add(m.program)
    return sorted(holders)


def thank_you_window(interview_on: date) -> tuple[date, date]:
    """The days a thank-you should go: 24 to 72 hours after the interview, read as 1 to 3 days."""
    return interview_on + timedelta(days=1), interview_on + timedelta(days=3)


def timeline(
    program: str,
    messages: Iterable[LoggedMessage],
    interviews: Iterable[Interview],
    replies: Iterable[Reply] = (),
    *,
    notes: Mapping[tuple[str, date], str] | None = None,
) -> list[TimelineEntry]:
    """The dated history with one ``program``: messages sent, interviews and the program's replies, oldest first.

    ``notes`` gives interview notes by ``(program, day)``. On one day, an interview comes before a reply and a
    reply before a message (the order in which they usually happen is unknown; this one reads well).
    """
    order = {"interview": 0, "reply": 1, "message": 2}
    entries: list[TimelineEntry] = []
    for m in messages:
        if m.program == program:
            title = kind_label(m.kind).capitalize() + (" (requested by the program)" if m.requested else "")
            entries.append(TimelineEntry(m.sent_on, "message", title, m.text))
    for i in interviews:
        if i.program == program:
            who = f" with {', '.join(i.interviewers)}" if i.interviewers else ""
            entries.append(TimelineEntry(i.on, "interview", f"Interview{who}", (notes or {}).get((program, i.on), "")))
    for r in replies:
        if r.program == program:
            entries.append(TimelineEntry(r.on, "reply", "The program wrote to you", r.text))
    return sorted(entries, key=lambda e: (e.on, order[e.what]))


def _counts(m: LoggedMessage, replies: Sequence[Reply]) -> bool:
    """A message that counts toward the pre-interview cadence: unrequested, not a reply, and not sent after the
    program wrote to the applicant."""
    if m.requested or m.kind == "reply":
        return False
    return not any(r.program == m.program and r.on <= m.sent_on for r in replies)


def season_warnings(
    messages: Sequence[LoggedMessage],
    interviews: Sequence[Interview],
    today: date,
    *,
    replies: Sequence[Reply] = (),
) -> list[SeasonWarning]:
    """The warnings of ``today``'s season (it ends on Match Day), most serious first, then by program.

    Takes the logged messages, the interviews, ``today`` and the programs' replies (a program that wrote to you
    first makes your answer a reply, so it does not count toward the pre-interview limit). Returns
    :class:`SeasonWarning` values; see the module docstring for the codes.
    """
    season = season_of(today)
    sent = [m for m in messages if season_of(m.sent_on) == season and m.sent_on <= today]
    # an interview late in May still has its thank-you due in the first days of June
    held = [i for i in interviews if season_of(i.on) == season or timedelta(0) <= today - i.on <= timedelta(days=3)]
    found: list[SeasonWarning] = []

    programs = sorted({m.program for m in sent} | {i.program for i in held})
    for program in programs:
        theirs = sorted(i.on for i in held if i.program == program)
        first_interview = theirs[0] if theirs else None
        before = [
            m
            for m in sent
            if m.program == program and _counts(m, replies) and (first_interview is None or m.sent_on < first_interview)
        ]
        interviewed = first_interview is not None and first_interview <= today
        days = ", ".join(m.sent_on.isoformat() for m in before)
        if len(before) >= 2:
            found.append(
                SeasonWarning(
                    "pre-interview-twice",
                    program,
                    LintSeverity.WARNING,
                    f"You wrote {len(before)} times before the interview ({days}); advisers suggest at most one. "
                    "Wait for the program to write, or for the interview.",
                )
            )
        elif len(before) == 1 and not interviewed:
            found.append(
                SeasonWarning(
                    "pre-interview-once",
                    program,
                    LintSeverity.INFO,
                    f"You already wrote once before the interview ({days}); a second message before it would be "
                    "one too many. Answer only if the program writes to you.",
                )
            )
        for on in (day for day in theirs if day <= today):
            thanked = any(
                m.program == program and m.kind == LetterKind.THANK_YOU.value and m.sent_on >= on for m in sent
            )
            if thanked:
                continue
            opens, closes = thank_you_window(on)
            if today < opens:
                found.append(
                    SeasonWarning(
                        "thank-you-soon",
                        program,
                        LintSeverity.INFO,
                        f"Interview today ({on.isoformat()}): send the thank-you between {opens.isoformat()} and "
                        f"{closes.isoformat()}.",
                        closes,
                    )
                )
            elif today <= closes:
                found.append(
                    SeasonWarning(
                        "thank-you-due",
                        program,
                        LintSeverity.WARNING,
                        f"Thank-you due for the interview of {on.isoformat()}: send it by {closes.isoformat()}.",
                        closes,
                    )
                )
            else:
                found.append(
                    SeasonWarning(
                        "thank-you-late",
                        program,
                        LintSeverity.INFO,
                        f"No thank-you logged for the interview of {on.isoformat()}; the 24-72 hour window closed "
                        f"on {closes.isoformat()}. A short late note is still fine; log it if you sent one.",
                    )
                )

    intent_programs = sorted({m.program for m in sent if claims_first_choice(m.kind, m.text)})
    if len(intent_programs) >= 2:
        for program in intent_programs:
            found.append(
                SeasonWarning(
                    "intent-twice",
                    program,
                    LintSeverity.ERROR,
                    "A letter of intent or first-choice claim went to more than one program this season "
                    f"({', '.join(intent_programs)}); tell one program only, and rank it first.",
                )
            )
    elif intent_programs:
        found.append(
            SeasonWarning(
                "intent-sent",
                intent_programs[0],
                LintSeverity.INFO,
                "Your letter of intent (or first-choice claim) this season went here; do not send one to another "
                "program, and rank this one first.",
            )
        )
    rank = {LintSeverity.ERROR: 0, LintSeverity.WARNING: 1, LintSeverity.INFO: 2}
    return sorted(found, key=lambda w: (rank[w.severity], w.program, w.code))


def context_from_log(
    messages: Sequence[LoggedMessage],
    interviews: Sequence[Interview],
    *,
    today: date | None,
    rank_list: Sequence[str] | None = None,
    sheet: Mapping[str, SheetAnswers] | None = None,
) -> LintContext:
    """The :class:`LintContext` the context rules read, built from the stored log instead of a ``--context``
    file: the messages, interviews, the rank order list (program codes, best first; None or empty: no list),
    ``today`` and what the program sheet answers (``sheet``, by program code; rule ``already-answered``)."""
    return LintContext(
        today=today,
        messages=tuple(messages),
        interviews=tuple(interviews),
        rank_list=tuple(rank_list) if rank_list else None,
        sheet=MappingProxyType(dict(sheet or {})),
    )
