"""Lint findings and the catalogue of rules (``spec/lint.md``): ids, severities, reasons, sources, rewrites."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "CONTEXT_RULES",
    "RECEIVED_RULES",
    "RULES",
    "SENDERS",
    "TEXT_RULES",
    "Finding",
    "LintSeverity",
    "Rule",
    "has_error_finding",
]


class LintSeverity(StrEnum):
    """How serious a finding is: ``error`` breaks an NRMP rule, ``warning`` hurts you, ``info`` is for you to know."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Rule:
    """One lint rule: its stable ``id``, its ``severity``, the one-line ``reason`` shown with each finding, the
    ``source`` it rests on (see ``domain/RULES.md``) and a compliant ``rewrite`` where one exists."""

    id: str
    severity: LintSeverity
    reason: str
    source: str
    rewrite: str | None = None
    needs_context: bool = False
    sender: str = "me"

    def message(self, detail: str = "") -> str:
        """The one-line message of a finding: the reason (plus ``detail``), citing the rule id and its source."""
        reason = self.reason if not detail else f"{self.reason} {detail}"
        return f"{reason} [{self.id}; {self.source}]"


_MPA = "NRMP Match Participation Agreement"
_ADVICE = "advisers' guidance for applicants"
_CADENCE = "advisers' guidance on how often to write"
_RECEIVED_REPLY = (
    "Thank you for your message. I remain very interested in your program and would be honored to train there."
)
_YOUR_CHOICES = (
    " The breach is the program's, not yours: you need not answer, you may reply with your interest alone, and "
    "you may report it to the NRMP."
)

_RULE_LIST = (
    Rule(
        "ask-rank",
        LintSeverity.ERROR,
        "Asks the program how it will rank you; NRMP rules let you volunteer your plans but not ask for theirs.",
        _MPA,
        "I remain very interested in your program and would be honored to train there.",
    ),
    Rule(
        "request-commitment",
        LintSeverity.ERROR,
        "Asks the program for a promise, a ranking commitment or a position outside the Match, which NRMP rules "
        "forbid.",
        _MPA,
        "I understand that positions are decided through the Match, and I remain very interested in training "
        "at your program.",
    ),
    Rule(
        "conditional-promise",
        LintSeverity.ERROR,
        "Trades a ranking promise for something from the program, a quid pro quo NRMP rules forbid.",
        _MPA,
        "Your program is among my top choices, and I would be honored to train there.",
    ),
    Rule(
        "first-choice-claim",
        LintSeverity.INFO,
        "Says the program is your first choice: allowed when you tell one program only and then rank it first.",
        _ADVICE,
        None,
    ),
    Rule(
        "placeholder",
        LintSeverity.ERROR,
        "A template field is left unfilled.",
        "the letter templates",
        None,
    ),
    Rule(
        "tone-pleading",
        LintSeverity.WARNING,
        "Sounds like begging; programs respond to a calm, professional voice.",
        _ADVICE,
        "I would welcome the opportunity to train at your program and to contribute to your team.",
    ),
    Rule(
        "tone-self-deprecating",
        LintSeverity.WARNING,
        "Runs yourself down; state facts plainly and say what you bring instead.",
        _ADVICE,
        "I am confident that my clinical experience has prepared me to contribute to your team.",
    ),
    Rule(
        "tone-disparaging",
        LintSeverity.WARNING,
        "Runs other programs down; praise this program on its own merits.",
        _ADVICE,
        "Your program's strengths stood out to me, and they fit my goals well.",
    ),
    Rule(
        "program-asks-rank",
        LintSeverity.ERROR,
        "The program asks how you will rank it, which NRMP rules do not let programs ask." + _YOUR_CHOICES,
        _MPA,
        _RECEIVED_REPLY,
        sender="program",
    ),
    Rule(
        "program-asks-other-programs",
        LintSeverity.ERROR,
        "The program asks which other programs you applied to or interviewed with, which NRMP rules do not let "
        "programs ask." + _YOUR_CHOICES,
        _MPA,
        _RECEIVED_REPLY,
        sender="program",
    ),
    Rule(
        "program-requests-commitment",
        LintSeverity.ERROR,
        "The program asks you to commit or promise to rank it, which NRMP rules forbid." + _YOUR_CHOICES,
        _MPA,
        _RECEIVED_REPLY,
        sender="program",
    ),
    Rule(
        "program-offer-outside-match",
        LintSeverity.ERROR,
        "The program offers a position outside the Match or asks you to sign before it, which a program in the "
        "Match may not do." + _YOUR_CHOICES,
        _MPA,
        _RECEIVED_REPLY,
        sender="program",
    ),
    Rule(
        "third-party-pressure",
        LintSeverity.ERROR,
        "Pressures the program or asks it for a ranking promise or ranking information on the applicant's "
        "behalf; a supporting letter may recommend strongly, never insist.",
        _MPA,
        "I recommend this applicant without reservation and would be glad to discuss their work with you.",
        sender="mentor",
    ),
    Rule(
        "loi-multiple",
        LintSeverity.ERROR,
        "A first-choice claim or letter of intent goes to more than one program this season.",
        _ADVICE,
        "Your program is among my top choices, and I would be honored to train there.",
        needs_context=True,
    ),
    Rule(
        "loi-not-first",
        LintSeverity.ERROR,
        "A first-choice claim to a program that is not first on your rank order list.",
        _ADVICE,
        "Your program is among my top choices, and I would be honored to train there.",
        needs_context=True,
    ),
    Rule(
        "cadence-pre-interview",
        LintSeverity.WARNING,
        "More than one message to this program before its interview; advisers suggest at most one.",
        _CADENCE,
        None,
        needs_context=True,
    ),
    Rule(
        "thank-you-timing",
        LintSeverity.INFO,
        "A thank-you sent outside 24-72 hours after the interview.",
        _CADENCE,
        None,
        needs_context=True,
    ),
    Rule(
        "after-rol",
        LintSeverity.WARNING,
        "An unrequested message after your rank order list was certified; advisers suggest writing only when asked.",
        _CADENCE,
        None,
        needs_context=True,
    ),
    Rule(
        "soap-unsolicited",
        LintSeverity.ERROR,
        "Writes to a program during SOAP before it has contacted you, which NRMP SOAP rules forbid.",
        "NRMP SOAP rules",
        None,
        needs_context=True,
    ),
    Rule(
        "duplicate-letter",
        LintSeverity.WARNING,
        "Nearly the same letter goes to several programs; make each one specific to its program.",
        _ADVICE,
        None,
        needs_context=True,
    ),
    Rule(
        "already-answered",
        LintSeverity.WARNING,
        "Asks what your program sheet already answers from a recent source; advisers say check the program's "
        "website and FREIDA first and do not ask what is answered there.",
        _ADVICE,
        None,
        needs_context=True,
    ),
    Rule(
        "follow-up-excess",
        LintSeverity.WARNING,
        "Too many messages to this program: after an interview, advisers suggest one thank-you and at most one "
        "later update or letter of interest.",
        _CADENCE,
        None,
        needs_context=True,
    ),
    Rule(
        "loi-timing",
        LintSeverity.INFO,
        "A letter of intent usually goes in late January or early February, and not after your rank order list "
        "is certified.",
        _ADVICE,
        None,
        needs_context=True,
    ),
)

RULES: MappingProxyType[str, Rule] = MappingProxyType({rule.id: rule for rule in _RULE_LIST})
"""Every rule by id, in the order of ``spec/lint.md``."""

TEXT_RULES: tuple[str, ...] = tuple(rule.id for rule in _RULE_LIST if not rule.needs_context and rule.sender == "me")
"""The rules that read the text alone (of a message the applicant writes)."""

SENDERS: tuple[str, ...] = ("me", "program", "mentor")
"""Who wrote a message: the applicant (``me``), a program, or a mentor writing on the applicant's behalf."""

RECEIVED_RULES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {sender: tuple(rule.id for rule in _RULE_LIST if rule.sender == sender) for sender in SENDERS[1:]}
)
"""The rules for messages from others, by sender."""

CONTEXT_RULES: tuple[str, ...] = tuple(rule.id for rule in _RULE_LIST if rule.needs_context)
"""The rules that need the message log, interviews, rank order list or SOAP phase."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the linter found: ``rule`` id, ``severity``, ``start``/``end`` character offsets into the
    message text (Python string indices), a one-line ``message`` that cites the rule, and a compliant
    ``suggestion`` where one exists."""

    rule: str
    severity: LintSeverity
    start: int
    end: int
    message: str
    suggestion: str | None = None

    @property
    def is_error(self) -> bool:
        """True for ``error`` findings (they make ``letters lint`` exit 1)."""
        return self.severity is LintSeverity.ERROR


def has_error_finding(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    """True when any of ``findings`` is an error."""
    return any(finding.is_error for finding in findings)
