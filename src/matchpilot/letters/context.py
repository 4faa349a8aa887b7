"""The lint rules that need more than the text (``spec/lint.md``, second table), as pure functions.

They read a :class:`LintContext`: the messages already sent (the log), interviews, the rank order list as
ordered program codes (and when it was certified), the SOAP window with the programs that contacted the
applicant, and, for each message being linted, a :class:`Draft` saying which program it goes to, what kind it
is and when it will be sent. The CLI reads the context from ``--context CONTEXT.json``
(:func:`matchpilot.io.lint_json.parse_context`, format ``matchpilot.letters-context/1``, see
``docs/letters.md``); later the stored
message log will build the same value.

Dates only, no clock: a draft's date is its ``send_on``, else the context's ``today``; date rules are skipped
when neither is known. A season runs from the day after one Match Day to the next (see
``matchpilot.domain.season``); only the draft's season counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from types import MappingProxyType

from matchpilot.domain.letters_log import Interview, LoggedMessage
from matchpilot.domain.program import Program
from matchpilot.domain.season import season_for
from matchpilot.letters.findings import RULES, Finding
from matchpilot.letters.lint import lint_text
from matchpilot.letters.text import sentences

__all__ = [
    "DUPLICATE_THRESHOLD",
    "RECENT_DAYS",
    "Draft",
    "Interview",
    "LintContext",
    "LoggedMessage",
    "SheetAnswers",
    "SoapWindow",
    "check_context",
    "lint_in_context",
    "season_of",
    "sheet_answer",
    "sheet_answers",
    "similarity",
]

DUPLICATE_THRESHOLD = 0.8
"""Word-trigram overlap (Jaccard) from which two letters to different programs count as nearly the same."""

RECENT_DAYS = 365
"""How old (in days, from the day a message goes) a sheet fact may be and still count as answering a question."""

_INTENT_KINDS = frozenset({"intent", "letter-of-intent"})
_UPDATE_KINDS = frozenset({"update", "strong-interest", "intent", "letter-of-intent", "other"})
_THANK_YOU_KINDS = frozenset({"thank-you"})
_REPLY_KINDS = frozenset({"reply"})


@dataclass(frozen=True, slots=True)
class SoapWindow:
    """The SOAP days of the season and, for each program that contacted the applicant, the first day it did."""

    starts_on: date
    ends_on: date
    contacted_by: Mapping[str, date] = field(default_factory=lambda: MappingProxyType({}))

    def contacted(self, program: str, by: date) -> bool:
        """True when ``program`` had contacted the applicant on or before ``by``."""
        first = self.contacted_by.get(program)
        return first is not None and first <= by


@dataclass(frozen=True, slots=True)
class SheetAnswers:
    """What the program sheet already says about a program that applicants often ask: whether it sponsors J-1
    and H-1B visas and whether Step 3 is needed for H-1B (None: unknown), with the source and the day it was
    checked."""

    visa_j1: bool | None = None
    visa_h1b: bool | None = None
    step3_for_h1b: bool | None = None
    source: str | None = None
    checked_on: date | None = None


def sheet_answers(program: Program) -> SheetAnswers:
    """What ``program``'s sheet row answers (visas, Step 3 for H-1B), with the provenance of its visa facts (the
    most recently checked of J-1 and H-1B, else the row's)."""
    known = [program.provenance_of(column) for column in ("visa_j1", "visa_h1b")]
    dated = [p for p in known if p.checked_on is not None]
    best = max(dated, key=lambda p: p.checked_on or date.min) if dated else known[0]
    return SheetAnswers(program.visa_j1, program.visa_h1b, program.step3_for_h1b, best.source, best.checked_on)


@dataclass(frozen=True, slots=True)
class Draft:
    """What is known about a message being linted: its ``program``, ``kind``, the day it will be sent
    (``send_on``, None: the context's today) and whether the program asked for it."""

    program: str
    kind: str = "other"
    send_on: date | None = None
    requested: bool = False


@dataclass(frozen=True, slots=True)
class LintContext:
    """Everything the context rules read. ``rank_list`` is the applicant's rank order list as program codes,
    best first (None: no list yet); ``drafts`` describes the files being linted, by path or file name."""

    today: date | None = None
    messages: tuple[LoggedMessage, ...] = ()
    interviews: tuple[Interview, ...] = ()
    rank_list: tuple[str, ...] | None = None
    rank_list_certified_on: date | None = None
    soap: SoapWindow | None = None
    drafts: Mapping[str, Draft] = field(default_factory=lambda: MappingProxyType({}))
    sheet: Mapping[str, SheetAnswers] = field(default_factory=lambda: MappingProxyType({}))

    def draft_for(self, path: str) -> Draft | None:
        """The draft entry of ``path``: by the path as given, else by its file name; None when there is none."""
        if path in self.drafts:
            return self.drafts[path]
        return self.drafts.get(PurePath(path).name)


def season_of(day: date) -> int:
    """The season a date belongs to, named by the year its applications are sent (see
    :mod:`matchpilot.domain.season`: a season ends on Match Day)."""
    return season_for(day).application_year


_WORD = re.compile(r"[a-z]+")


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2))}


def similarity(a: str, b: str) -> float:
    """How much two letters share: the Jaccard overlap of their word trigrams (0 to 1, digits ignored)."""
    first, second = _shingles(a), _shingles(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _finding(rule_id: str, span: tuple[int, int], detail: str) -> Finding:
    rule = RULES[rule_id]
    return Finding(rule.id, rule.severity, span[0], span[1], rule.message(detail), rule.rewrite)


def _body_span(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, max(start, len(text.rstrip()))


def _claim_spans(text: str, findings: Sequence[Finding]) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in findings if f.rule == "first-choice-claim"]


def _claims_first(kind: str, text: str, findings: Sequence[Finding] | None = None) -> bool:
    if kind in _INTENT_KINDS:
        return True
    found = lint_text(text) if findings is None else findings
    return any(f.rule == "first-choice-claim" for f in found)


def check_context(
    text: str,
    draft: Draft,
    context: LintContext,
    *,
    text_findings: Sequence[Finding] | None = None,
    others: Sequence[tuple[Draft, str]] = (),
) -> list[Finding]:
    """Apply the context rules to one message and return their findings (the text rules are not repeated).

    Takes the message ``text``, its ``draft`` entry, the ``context``, the message's own text findings when
    already computed, and ``others``: the other drafts linted in the same run with their texts (they count as
    sent for ``loi-multiple`` and ``duplicate-letter``). Rules: ``loi-multiple``, ``loi-not-first``,
    ``cadence-pre-interview``, ``thank-you-timing``, ``after-rol``, ``soap-unsolicited``, ``duplicate-letter``,
    ``already-answered`` (from ``context.sheet``), ``follow-up-excess`` and ``loi-timing``.
    """
    own = list(text_findings) if text_findings is not None else lint_text(text)
    day = draft.send_on or context.today
    season = season_of(day) if day is not None else None
    body = _body_span(text)
    claims = _claims_first(draft.kind, text, own)
    claim_spans = _claim_spans(text, own) or [body]
    found: list[Finding] = []

    earlier = [
        m
        for m in context.messages
        if season is None or season_of(m.sent_on) == season
        if day is None or m.sent_on <= day
    ]

    # loi-multiple: first-choice claims to more than one program this season
    if claims:
        elsewhere = sorted(
            {m.program for m in earlier if m.program != draft.program and _claims_first(m.kind, m.text)}
            | {d.program for d, t in others if d.program != draft.program and _claims_first(d.kind, t)}
        )
        if elsewhere:
            detail = f"Also claimed to: {', '.join(elsewhere)}."
            found += [_finding("loi-multiple", span, detail) for span in claim_spans[:1]]

    # loi-not-first: a first-choice claim to a program not first on the rank order list
    if claims and context.rank_list:
        if draft.program not in context.rank_list:
            detail = f"{draft.program} is not on your rank order list."
            found.append(_finding("loi-not-first", claim_spans[0], detail))
        elif context.rank_list[0] != draft.program:
            position = context.rank_list.index(draft.program) + 1
            detail = f"{draft.program} is number {position}; number 1 is {context.rank_list[0]}."
            found.append(_finding("loi-not-first", claim_spans[0], detail))

    if day is not None:
        found += _date_rules(text, draft, context, day, earlier, body)

    # duplicate-letter: nearly the same text to other programs
    twins = sorted(
        {
            m.program
            for m in earlier
            if m.program != draft.program and m.text and similarity(text, m.text) >= DUPLICATE_THRESHOLD
        }
        | {d.program for d, t in others if d.program != draft.program and similarity(text, t) >= DUPLICATE_THRESHOLD}
    )
    if twins:
        found.append(_finding("duplicate-letter", body, f"Nearly the same as the letter to: {', '.join(twins)}."))
    found += _already_answered(text, draft, context, day, body)
    if day is not None:
        found += _follow_up_excess(draft, context, day, earlier, body)
        if claims:
            found += _loi_timing(context, day, claim_spans[0])
    found.sort(key=lambda f: (f.start, f.end, f.rule))
    return found


_VISA_TOPIC = re.compile(r"\b(?:visa|visas|j[- ]?1|h[- ]?1[- ]?b|sponsor|sponsors|sponsorship|sponsoring)\b")
_STEP3_TOPIC = re.compile(r"\bstep (?:3|iii|three)\b|\busmle 3\b")
_ASKING = re.compile(
    r"\b(?:could you|would you|can you|will you|please|kindly|let me know|tell me|inform me|advise|may i (?:know|ask)"
    r"|i would like to know|i would like to ask|i want to know|wondering|whether|clarify|confirm|enquire|inquire"
    r"|do you|does your|does the program|is it)\b"
)


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def sheet_answer(answers: SheetAnswers, topic: str) -> str:
    """What the sheet says on ``topic`` (``visa`` or ``step3``) in plain words, with its source and date."""
    if topic == "step3":
        said = f"Step 3 needed before H-1B: {_yes_no(answers.step3_for_h1b)}"
    else:
        said = f"J-1 sponsored: {_yes_no(answers.visa_j1)}; H-1B sponsored: {_yes_no(answers.visa_h1b)}"
    where = [part for part in (answers.source, answers.checked_on and f"checked {answers.checked_on}") if part]
    return f"{said} ({', '.join(str(w) for w in where)})" if where else said


def _recent(answers: SheetAnswers, day: date | None) -> bool:
    if answers.checked_on is None:
        return False
    if day is None:
        return True
    return 0 <= (day - answers.checked_on).days <= RECENT_DAYS


def _visa_answered(answers: SheetAnswers, norm: str) -> bool:
    names_j1 = re.search(r"\bj[- ]?1\b", norm) is not None
    names_h1b = re.search(r"\bh[- ]?1[- ]?b\b", norm) is not None
    if names_j1 or names_h1b:
        return (not names_j1 or answers.visa_j1 is not None) and (not names_h1b or answers.visa_h1b is not None)
    both_known = answers.visa_j1 is not None and answers.visa_h1b is not None
    return both_known or bool(answers.visa_j1) or bool(answers.visa_h1b)


def _already_answered(
    text: str, draft: Draft, context: LintContext, day: date | None, body: tuple[int, int]
) -> list[Finding]:
    """already-answered: a question about visas (or Step 3 for H-1B) that the sheet answers from a recent source."""
    answers = context.sheet.get(draft.program)
    if answers is None or not _recent(answers, day):
        return []
    found: list[Finding] = []
    visa_asked = False
    for piece in sentences(text):
        asks = piece.is_question or _ASKING.search(piece.norm) is not None
        if not asks:
            continue
        visa_asked = visa_asked or _VISA_TOPIC.search(piece.norm) is not None
        if _STEP3_TOPIC.search(piece.norm) and answers.step3_for_h1b is not None:
            detail = f"Your sheet already says: {sheet_answer(answers, 'step3')}."
            found.append(_finding("already-answered", (piece.start, piece.end), detail))
        elif _VISA_TOPIC.search(piece.norm) and _visa_answered(answers, piece.norm):
            detail = f"Your sheet already says: {sheet_answer(answers, 'visa')}."
            found.append(_finding("already-answered", (piece.start, piece.end), detail))
    if not found and not visa_asked and draft.kind == "visa-inquiry" and _visa_answered(answers, ""):
        detail = f"Your sheet already says: {sheet_answer(answers, 'visa')}."
        found.append(_finding("already-answered", body, detail))
    return found[:1] if draft.kind == "visa-inquiry" else found


def _follow_up_excess(
    draft: Draft, context: LintContext, day: date, earlier: list[LoggedMessage], body: tuple[int, int]
) -> list[Finding]:
    """follow-up-excess: a third message to one program on one day, or, after its interview, a second thank-you
    or a second later update or letter of interest (a letter of intent is left to the loi- rules)."""
    if draft.requested or draft.kind in _REPLY_KINDS:
        return []
    mine = [m for m in earlier if m.program == draft.program and not m.requested and m.kind not in _REPLY_KINDS]
    if sum(m.sent_on == day for m in mine) >= 2:
        detail = f"This would be message {sum(m.sent_on == day for m in mine) + 1} to {draft.program} on {day}."
        return [_finding("follow-up-excess", body, detail)]
    held = sorted(i.on for i in context.interviews if i.program == draft.program and i.on <= day)
    if not held:
        return []
    after = [m for m in mine if m.sent_on >= held[0]]
    if draft.kind in _THANK_YOU_KINDS:
        thanks = [m.sent_on.isoformat() for m in after if m.kind in _THANK_YOU_KINDS]
        if thanks:
            return [_finding("follow-up-excess", body, f"You already thanked {draft.program} on {', '.join(thanks)}.")]
        return []
    if draft.kind in _INTENT_KINDS:
        return []
    later = [m.sent_on.isoformat() for m in after if m.kind in _UPDATE_KINDS and m.kind not in _INTENT_KINDS]
    if later:
        detail = f"You already sent {draft.program} a later message after the interview on {', '.join(later)}."
        return [_finding("follow-up-excess", body, detail)]
    return []


def _loi_timing(context: LintContext, day: date, span: tuple[int, int]) -> list[Finding]:
    """loi-timing: a letter of intent (or first-choice claim) before mid-January or after the list is certified."""
    certified = context.rank_list_certified_on
    if certified is not None and day >= certified:
        return [_finding("loi-timing", span, f"Your list was certified on {certified.isoformat()}.")]
    mid_january = date(season_of(day) + 1, 1, 15)
    if day < mid_january:
        return [_finding("loi-timing", span, f"It goes on {day.isoformat()}, before mid-January ({mid_january}).")]
    return []


def _date_rules(
    text: str, draft: Draft, context: LintContext, day: date, earlier: list[LoggedMessage], body: tuple[int, int]
) -> list[Finding]:
    found: list[Finding] = []
    program_interviews = sorted(i.on for i in context.interviews if i.program == draft.program)
    past_interviews = [on for on in program_interviews if on <= day]

    # cadence-pre-interview: a second unrequested message before the program's interview
    if not past_interviews and not draft.requested and draft.kind not in _REPLY_KINDS:
        before = [m for m in earlier if m.program == draft.program and not m.requested and m.kind not in _REPLY_KINDS]
        if before:
            when = ", ".join(m.sent_on.isoformat() for m in before)
            found.append(_finding("cadence-pre-interview", body, f"You already wrote on {when}."))

    # thank-you-timing: 24-72 hours after the interview (1 to 3 days, when only dates are known)
    if draft.kind in _THANK_YOU_KINDS and past_interviews:
        interview = past_interviews[-1]
        days = (day - interview).days
        if days < 1 or days > 3:
            when = "on the day of" if days == 0 else f"{days} days after"
            found.append(
                _finding("thank-you-timing", body, f"It goes {when} the interview of {interview.isoformat()}.")
            )
    elif draft.kind in _THANK_YOU_KINDS and program_interviews:
        found.append(
            _finding(
                "thank-you-timing",
                body,
                f"It goes before the interview of {program_interviews[0].isoformat()}.",
            )
        )

    # after-rol: an unrequested message after the rank order list was certified
    certified = context.rank_list_certified_on
    if certified is not None and day >= certified and not draft.requested:
        found.append(_finding("after-rol", body, f"Your list was certified on {certified.isoformat()}."))

    # soap-unsolicited: writing during SOAP to a program that has not contacted you
    soap = context.soap
    if soap is not None and soap.starts_on <= day <= soap.ends_on and not soap.contacted(draft.program, day):
        found.append(_finding("soap-unsolicited", body, f"{draft.program} has not contacted you."))
    return found


def lint_in_context(
    text: str, draft: Draft, context: LintContext, *, others: Sequence[tuple[Draft, str]] = ()
) -> list[Finding]:
    """All findings for one message: the text rules and the context rules, ordered by position."""
    own = lint_text(text)
    return sorted(
        own + check_context(text, draft, context, text_findings=own, others=others),
        key=lambda f: (f.start, f.end, f.rule),
    )
