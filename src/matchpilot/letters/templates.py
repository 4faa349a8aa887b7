"""Letter templates: the kinds of message an applicant sends a program, and a mentor's letter of support.

A template is text with ``{{ field }}`` merge fields and two kinds of section:
``{{#field}}...{{/field}}`` is kept only when ``field`` has a value, ``{{^field}}...{{/field}}`` only when it has
none. Rendering refuses to produce a message while a field it needs is empty, and lists every missing one
(:class:`matchpilot.errors.InvalidDataError` with one :class:`~matchpilot.domain.Issue` per field). Fields come
from the applicant's profile, the program's row of the intelligence sheet and the interview notes
(:func:`merge_fields`). The wording is matchpilot's own and passes the linter without an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.profile import ApplicantType, Profile, VisaNeed
from matchpilot.domain.program import Emphasis, Program
from matchpilot.errors import InvalidDataError

__all__ = [
    "AAMC_ID_PLACEHOLDER",
    "FIELD_SOURCES",
    "MENTOR_TEMPLATE",
    "TEMPLATES",
    "InterviewNotes",
    "LetterKind",
    "MentorNotes",
    "Template",
    "draft_letter",
    "draft_mentor_letter",
    "formal_address",
    "format_date",
    "merge_fields",
    "parse_interview_notes",
    "parse_template",
    "program_highlight",
    "render",
]


class LetterKind(StrEnum):
    """The kinds of message matchpilot has templates for (also the ``kind`` of a logged message)."""

    VISA_INQUIRY = "visa-inquiry"
    THANK_YOU = "thank-you"
    UPDATE = "update"
    STRONG_INTEREST = "strong-interest"
    INTENT = "intent"
    OFF_CYCLE = "off-cycle"

    @property
    def label(self) -> str:
        """Plain words for people."""
        return _LABELS[self]


_LABELS = {
    LetterKind.VISA_INQUIRY: "visa sponsorship inquiry",
    LetterKind.THANK_YOU: "post-interview thank-you",
    LetterKind.UPDATE: "application update",
    LetterKind.STRONG_INTEREST: "letter of strong interest",
    LetterKind.INTENT: "letter of intent (to one program only)",
    LetterKind.OFF_CYCLE: "off-cycle inquiry after SOAP",
}

FIELD_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "applicant_name": "profile: name",
        "aamc_id": "profile: aamc_id (until you add it, the letter carries a placeholder the checker flags)",
        "mentor_name": "the mentor's name and title, as they sign ('Dr. Ngozi Umeh')",
        "mentor_role": "the mentor's position ('Professor of Rehabilitation Medicine, Lagos University Hospital')",
        "mentor_worked": "how the mentor knows the applicant ('supervised her during a four-month observership')",
        "mentor_strengths": "what the mentor saw the applicant do, specifically",
        "applicant_background": "profile: applicant_type",
        "visa_kind": "profile: visa_need (j1, h1b or j1_or_h1b)",
        "needs_h1b": "profile: visa_need",
        "goal": "profile: goals (the first one), or 'goal:' in the interview notes",
        "program_name": "program sheet: name",
        "program_highlight": "program sheet: emphasis, fellowships or VA affiliation, or 'highlight:' in the "
        "interview notes",
        "interviewer": "interview notes: 'interviewer: Dr. Name'",
        "interview_date": "interview notes: 'date: YYYY-MM-DD'",
        "discussed": "interview notes: 'discussed: what you talked about'",
        "update": "interview notes: 'update: what is new (a score, a paper, a certificate)'",
    }
)
"""Where each merge field comes from, as told to the user when it is missing."""


@dataclass(frozen=True, slots=True)
class Template:
    """A message template: its ``kind`` (a :class:`LetterKind` value or a user's own name), a ``title`` for
    people, and its ``text`` (a ``Subject:`` line, a blank line, then the body)."""

    kind: str
    title: str
    text: str

    @property
    def fields(self) -> tuple[str, ...]:
        """Every merge field the template mentions, in order of first use."""
        seen: list[str] = []
        for match in _ANY_FIELD.finditer(self.text):
            if match["name"] not in seen:
                seen.append(match["name"])
        return tuple(seen)

    @property
    def required(self) -> tuple[str, ...]:
        """The fields needed whatever else is given (those outside every section)."""
        outside = _SECTION.sub("", self.text)
        seen: list[str] = []
        for match in _FIELD.finditer(outside):
            if match["name"] not in seen:
                seen.append(match["name"])
        return tuple(seen)


_SALUTATION = (
    "{{#interviewer}}Dear {{ interviewer }},{{/interviewer}}{{^interviewer}}Dear Program Director,{{/interviewer}}"
)

_TEXTS = {
    LetterKind.VISA_INQUIRY: (
        "Subject: Visa sponsorship question from a PM&R applicant ({{ applicant_name }}, AAMC ID {{ aamc_id }})\n"
        "\n"
        "{{#interviewer}}Dear {{ interviewer }},{{/interviewer}}{{^interviewer}}Dear Program Coordinator,"
        "{{/interviewer}}\n"
        "\n"
        "My name is {{ applicant_name }}, and I am {{ applicant_background }} applying to the {{ program_name }} "
        "residency in physical medicine and rehabilitation this season. I will need a {{ visa_kind }} visa to "
        "train in the United States.\n"
        "\n"
        "Could you tell me whether your program sponsors {{ visa_kind }} visas for incoming residents"
        "{{#needs_h1b}}, and, for H-1B, whether USMLE Step 3 must be passed before training begins{{/needs_h1b}}?\n"
        "\n"
        "I am applying to {{ program_name }} because of its {{ program_highlight }}, and I want to be sure I can "
        "start on time if I am fortunate enough to train there.\n"
        "\n"
        "Thank you for your time and help.\n"
        "\n"
        "Sincerely,\n"
        "{{ applicant_name }}\n"
    ),
    LetterKind.THANK_YOU: (
        "Subject: Thank you for my interview on {{ interview_date }} ({{ applicant_name }}, AAMC ID {{ aamc_id }})\n"
        "\n"
        "Dear {{ interviewer }},\n"
        "\n"
        "Thank you for speaking with me during my interview at {{ program_name }} on {{ interview_date }}. I "
        "especially valued our conversation about {{ discussed }}, and I have thought about it often since.\n"
        "\n"
        "{{#goal}}My interest in {{ goal }} grew out of my own clinical work, and what I saw at {{ program_name }} "
        "fits that goal well. {{/goal}}{{#program_highlight}}What I learned about the program's "
        "{{ program_highlight }} is a large part of why I would be glad to learn there.{{/program_highlight}}\n"
        "\n"
        "I remain very interested in {{ program_name }}, and I would be honored to train with your team.\n"
        "\n"
        "With thanks,\n"
        "{{ applicant_name }}\n"
    ),
    LetterKind.UPDATE: (
        "Subject: Application update from {{ applicant_name }} (AAMC ID {{ aamc_id }})\n"
        "\n"
        f"{_SALUTATION}\n"
        "\n"
        "I am writing with a short update to my application to the {{ program_name }} residency in physical "
        "medicine and rehabilitation{{#interview_date}}, which has stayed on my mind since my interview on "
        "{{ interview_date }}{{/interview_date}}.\n"
        "\n"
        "I would like to let you know that {{ update }}. The details are now part of my ERAS application.\n"
        "\n"
        "{{ program_name }} remains one of the programs I am most excited about{{#program_highlight}}, especially "
        "for its {{ program_highlight }}{{/program_highlight}}. Thank you for your time and consideration.\n"
        "\n"
        "Sincerely,\n"
        "{{ applicant_name }}\n"
    ),
    LetterKind.STRONG_INTEREST: (
        "Subject: Continued interest in {{ program_name }}\n"
        "\n"
        f"{_SALUTATION}\n"
        "\n"
        "As my interview season comes to a close, I wanted to tell you that {{ program_name }} is among my top "
        "choices{{#interview_date}}, as it has been since my interview on {{ interview_date }}{{/interview_date}}.\n"
        "\n"
        "What draws me most is the program's {{ program_highlight }}. I hope to build a career in {{ goal }}, and "
        "the training I saw at {{ program_name }} would prepare me well for it."
        "{{#discussed}} Our conversation about {{ discussed }} strengthened that impression.{{/discussed}}\n"
        "\n"
        "Thank you again for your time and for considering my application.\n"
        "\n"
        "Sincerely,\n"
        "{{ applicant_name }}\n"
    ),
    LetterKind.INTENT: (
        "Subject: Letter of intent from {{ applicant_name }}\n"
        "\n"
        f"{_SALUTATION}\n"
        "\n"
        "I am writing to let you know that {{ program_name }} is my first choice, and I will rank it first on my "
        "rank order list. I am sending this letter to one program only.\n"
        "\n"
        "The program's {{ program_highlight }} fits the career I hope to build in {{ goal }}."
        "{{#discussed}} Our conversation about {{ discussed }} made that clear to me.{{/discussed}} I would "
        "be proud to grow as a physiatrist with your residents and faculty.\n"
        "\n"
        "I expect no reply; I simply wanted you to know my plans. Thank you for your consideration.\n"
        "\n"
        "Sincerely,\n"
        "{{ applicant_name }}\n"
    ),
    LetterKind.OFF_CYCLE: (
        "Subject: PM&R applicant available for an open position ({{ applicant_name }})\n"
        "\n"
        "Dear Program Coordinator,\n"
        "\n"
        "My name is {{ applicant_name }}, and I am {{ applicant_background }} who completed this year's Match and "
        "SOAP without a position. I am writing in case {{ program_name }} has a residency position that is still "
        "open or becomes available after SOAP, and I would be glad to be considered for it.\n"
        "\n"
        "I am committed to physical medicine and rehabilitation{{#goal}}, with a particular interest in "
        "{{ goal }}{{/goal}}.{{#program_highlight}} The program's {{ program_highlight }} is what draws me to "
        "{{ program_name }}.{{/program_highlight}} My CV and ERAS application are attached, and I can start on "
        "short notice.{{#visa_kind}} I will need a {{ visa_kind }} visa to train in the United States.{{/visa_kind}}"
        "\n"
        "\n"
        "Thank you for your time.\n"
        "\n"
        "Sincerely,\n"
        "{{ applicant_name }}\n"
    ),
}

AAMC_ID_PLACEHOLDER = "[AAMC ID]"
"""What a letter carries where the AAMC ID goes while the profile does not hold it (the linter flags it)."""

MENTOR_TEMPLATE = Template(
    "mentor-support",
    "mentor's letter of support (for your mentor to adapt and send)",
    "Subject: In support of {{ applicant_name }} (AAMC ID {{ aamc_id }}), applicant to {{ program_name }}\n"
    "\n"
    "{{#interviewer}}Dear {{ interviewer }},{{/interviewer}}{{^interviewer}}Dear Program Director,"
    "{{/interviewer}}\n"
    "\n"
    "I am {{ mentor_role }}, and I am writing in support of {{ applicant_name }}, who has applied to the "
    "{{ program_name }} residency in physical medicine and rehabilitation. I {{ mentor_worked }}.\n"
    "\n"
    "In that time I saw {{ applicant_name }} {{ mentor_strengths }}.{{#goal}} Their interest in {{ goal }} is "
    "genuine and grounded in that work.{{/goal}}\n"
    "\n"
    "I recommend {{ applicant_name }} without reservation, and I would be glad to speak with you by phone about "
    "their work. I know your decisions rest on your own review of every applicant; I simply wanted to add what I "
    "have seen.\n"
    "\n"
    "Sincerely,\n"
    "{{ mentor_name }}\n",
)
"""A mentor's letter of support (seed 004: supportive and specific, never coercive; it asks for no promise and
no ranking information). The applicant drafts it for the mentor to adapt; it passes ``--from mentor``."""

TEMPLATES: Mapping[LetterKind, Template] = MappingProxyType(
    {kind: Template(kind.value, kind.label, text) for kind, text in _TEXTS.items()}
)
"""matchpilot's own template for each kind of letter."""

_FIELD = re.compile(r"\{\{\s*(?P<name>[a-z_][a-z0-9_]*)\s*\}\}")
_ANY_FIELD = re.compile(r"\{\{\s*[#^/]?\s*(?P<name>[a-z_][a-z0-9_]*)\s*\}\}")
_SECTION = re.compile(
    r"\{\{\s*(?P<sign>[#^])\s*(?P<name>[a-z_][a-z0-9_]*)\s*\}\}(?P<body>.*?)\{\{\s*/\s*(?P=name)\s*\}\}", re.S
)
_TAG = re.compile(r"\{\{.*?\}\}", re.S)


def parse_template(text: str, *, kind: str = "custom", title: str = "") -> Template:
    """Check a user's own template and return it.

    The text uses the same syntax as matchpilot's templates; unknown field names are allowed (they must then be
    given at rendering). Raises :class:`InvalidDataError` when a tag is malformed or a section is not closed.
    """
    issues: list[Issue] = []
    stripped = _SECTION.sub("", text)
    for match in _TAG.finditer(stripped):
        if not _FIELD.fullmatch(match.group(0)):
            issues.append(
                Issue("bad-template", Severity.ERROR, f"{match.group(0)!r} is not a field or a closed section")
            )
    bare = _TAG.sub("", stripped)  # complete tags are checked above; what is left must hold no brace pair
    if "{{" in bare or "}}" in bare:
        issues.append(Issue("bad-template", Severity.ERROR, "a '{{' or '}}' is not closed or not opened"))
    for match in _SECTION.finditer(text):
        if _SECTION.search(match["body"]) or re.search(r"\{\{\s*[#^]", match["body"]):
            issues.append(Issue("bad-template", Severity.ERROR, f"section {match['name']!r} is nested in another"))
    if not text.strip():
        issues.append(Issue("bad-template", Severity.ERROR, "the template is empty"))
    if issues:
        raise InvalidDataError("the template cannot be used", issues)
    return Template(kind, title or kind, text)


def render(template: Template, fields: Mapping[str, str | None]) -> str:
    """Fill ``template`` with ``fields`` and return the message text.

    Sections are kept or dropped by whether their field has a value (blank counts as none); then every
    ``{{ field }}`` left must have a value. Raises :class:`InvalidDataError` listing every missing field, with
    where each comes from (:data:`FIELD_SOURCES`), and returns nothing in that case.
    """

    def value(name: str) -> str | None:
        raw = fields.get(name)
        return raw.strip() if isinstance(raw, str) and raw.strip() else None

    def section(match: re.Match[str]) -> str:
        present = value(match["name"]) is not None
        keep = present if match["sign"] == "#" else not present
        return match["body"] if keep else ""

    text = _SECTION.sub(section, template.text)
    missing: list[str] = []
    for match in _FIELD.finditer(text):
        if value(match["name"]) is None and match["name"] not in missing:
            missing.append(match["name"])
    if missing:
        issues = [
            Issue(
                "missing-field",
                Severity.ERROR,
                f"no value for {{{{ {name} }}}} (from {FIELD_SOURCES.get(name, 'your own fields')})",
                name,
            )
            for name in missing
        ]
        raise InvalidDataError(
            f"the {template.title} needs {len(missing)} more field{'s' if len(missing) != 1 else ''}: "
            + ", ".join(missing),
            issues,
        )
    out = _FIELD.sub(lambda m: value(m["name"]) or "", text)
    out = re.sub(r"[ \t]+\n", "\n", out)
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n") + "\n"


@dataclass(frozen=True, slots=True)
class InterviewNotes:
    """What the applicant noted about an interview (each may be unknown): who interviewed them, when, what they
    discussed, plus an optional ``update`` (what is new since), a ``highlight`` of the program and a ``goal``."""

    interviewer: str | None = None
    date: date | None = None
    discussed: str | None = None
    update: str | None = None
    highlight: str | None = None
    goal: str | None = None


_NOTE_KEYS = {
    "interviewer": "interviewer",
    "interviewers": "interviewer",
    "with": "interviewer",
    "date": "date",
    "on": "date",
    "discussed": "discussed",
    "discussion": "discussed",
    "topic": "discussed",
    "topics": "discussed",
    "talked about": "discussed",
    "update": "update",
    "news": "update",
    "highlight": "highlight",
    "highlights": "highlight",
    "why": "highlight",
    "goal": "goal",
}
_NOTE_LINE = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z ]{0,20}?)\s*[:=]\s*(?P<value>.*)$", re.S)
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%m/%d/%Y")


def _read_date(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def parse_interview_notes(text: str) -> tuple[InterviewNotes, list[Issue]]:
    """Read interview notes given as ``key: value`` parts separated by ``;`` or new lines.

    Keys: ``interviewer``, ``date`` (``2026-01-12`` or ``January 12, 2026``), ``discussed``, ``update``,
    ``highlight``, ``goal``. Text without a key is taken as what was discussed. Returns the notes and the
    issues found (an unknown key or an unreadable date is an error, named by its key).
    """
    values: dict[str, str] = {}
    issues: list[Issue] = []
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        match = _NOTE_LINE.match(part)
        key = match["key"].strip().lower() if match else ""
        if match and key in _NOTE_KEYS:
            name, raw = _NOTE_KEYS[key], match["value"].strip()
        elif match and " " not in key:
            issues.append(
                Issue(
                    "unknown-key",
                    Severity.ERROR,
                    f"unknown key {key!r} (use: interviewer, date, discussed, update, highlight, goal)",
                    key,
                )
            )
            continue
        else:
            name, raw = "discussed", part.strip()
        if raw:
            values[name] = f"{values[name]}; {raw}" if name in values and name == "discussed" else raw
    when: date | None = None
    if "date" in values:
        when = _read_date(values["date"])
        if when is None:
            issues.append(
                Issue("bad-date", Severity.ERROR, f"{values['date']!r} is not a date like 2026-01-12", "date")
            )
    notes = InterviewNotes(
        interviewer=values.get("interviewer"),
        date=when,
        discussed=_clause(values.get("discussed")),
        update=_clause(values.get("update")),
        highlight=_clause(values.get("highlight")),
        goal=_clause(values.get("goal")),
    )
    return notes, issues


def _clause(text: str | None) -> str | None:
    """A note made ready to sit inside a sentence: no trailing full stop."""
    if text is None:
        return None
    return text.strip().rstrip(".").strip() or None


def format_date(day: date) -> str:
    """A date as people write it in a letter: ``January 12, 2026``."""
    return f"{day.strftime('%B')} {day.day}, {day.year}"


_VISA_WORDS = {VisaNeed.J1: "J-1", VisaNeed.H1B: "H-1B", VisaNeed.J1_OR_H1B: "J-1 or H-1B"}
_BACKGROUND = {
    ApplicantType.NON_US_IMG: "an international medical graduate",
    ApplicantType.US_IMG: "a US citizen and international medical graduate",
    ApplicantType.US_MD: "a graduate of a US allopathic medical school",
    ApplicantType.US_DO: "a graduate of a US osteopathic medical school",
}
_EMPHASIS = {
    Emphasis.INPATIENT: "strong inpatient rehabilitation training",
    Emphasis.OUTPATIENT: "strong outpatient and musculoskeletal training",
    Emphasis.BALANCED: "balance of inpatient and outpatient training",
}


def program_highlight(program: Program) -> str | None:
    """A short phrase about what the program offers, from its sheet row (None when nothing is known)."""
    parts: list[str] = []
    if program.emphasis is not None:
        parts.append(_EMPHASIS[program.emphasis])
    if program.fellowships:
        names = [f.strip() for f in program.fellowships if f.strip()]
        if names:
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            parts.append(f"pathways toward fellowships in {joined}")
    if program.va_affiliated:
        parts.append("training at an affiliated VA hospital")
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def merge_fields(profile: Profile | None, program: Program | None, notes: InterviewNotes | None) -> dict[str, str]:
    """The merge fields for a letter from the profile, the program's sheet row and the interview notes.

    Fields with no known value are left out (rendering then names them), except the AAMC ID: with a profile that
    does not hold it, the letter carries :data:`AAMC_ID_PLACEHOLDER`, which the linter flags as a placeholder.
    Notes win over derived values for ``highlight`` and ``goal``.
    """
    fields: dict[str, str] = {}
    if profile is not None:
        fields["applicant_name"] = profile.name
        fields["aamc_id"] = profile.aamc_id or AAMC_ID_PLACEHOLDER
        fields["applicant_background"] = _BACKGROUND[profile.applicant_type]
        if profile.visa_need in _VISA_WORDS:
            fields["visa_kind"] = _VISA_WORDS[profile.visa_need]
        if profile.visa_need in (VisaNeed.H1B, VisaNeed.J1_OR_H1B):
            fields["needs_h1b"] = "yes"
        if profile.goals:
            fields["goal"] = profile.goals[0]
    if program is not None:
        fields["program_name"] = program.name
        highlight = program_highlight(program)
        if highlight:
            fields["program_highlight"] = highlight
    if notes is not None:
        for name, value in (
            ("interviewer", notes.interviewer),
            ("discussed", notes.discussed),
            ("update", notes.update),
            ("program_highlight", notes.highlight),
            ("goal", notes.goal),
        ):
            if value:
                fields[name] = value
        if notes.date is not None:
            fields["interview_date"] = format_date(notes.date)
    return fields


_TITLES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "doctor"})


def formal_address(name: str) -> str:
    """How a letter greets a person, as advisers write it: title and last name ("Dr. Ana Rivera, MD" -> "Dr.
    Rivera"; "Ana Rivera, MD" -> "Dr. Rivera"). A name without a title or a doctor's degree is kept as written (a
    coordinator may not be a doctor)."""
    head, _, degrees = name.partition(",")
    words = head.split()
    if len(words) >= 3 and words[0].rstrip(".").lower() in _TITLES:
        return f"{words[0]} {words[-1]}"
    if len(words) >= 2 and _DOCTOR_DEGREE.search(degrees):  # "Ana Rivera, MD" -> "Dr. Rivera"
        return f"Dr. {words[-1]}"
    return " ".join(words) or name.strip()


_DOCTOR_DEGREE = re.compile(r"\b(?:M\.?D|D\.?O|MBBS|MBChB|Ph\.?D)\b\.?", re.IGNORECASE)


def draft_letter(
    kind: LetterKind | str,
    profile: Profile | None,
    program: Program | None,
    notes: InterviewNotes | None = None,
    *,
    template: Template | None = None,
) -> str:
    """Render the letter of ``kind`` (or the user's own ``template``) for ``program`` from the profile and notes.

    Raises :class:`InvalidDataError` listing every missing field (for instance the interviewer of a thank-you),
    or when ``kind`` is not a known kind and no template is given.
    """
    fields = merge_fields(profile, program, notes)
    if template is None:
        if fields.get("interviewer"):  # the built-in letters greet as advisers do: "Dear Dr. Rivera"
            fields["interviewer"] = formal_address(str(fields["interviewer"]))
        try:
            template = TEMPLATES[LetterKind(kind)]
        except ValueError:
            kinds = ", ".join(k.value for k in LetterKind)
            raise InvalidDataError(
                f"unknown letter kind {kind!r}",
                [Issue("unknown-kind", Severity.ERROR, f"{kind!r} is not one of: {kinds}", "kind")],
            ) from None
    return render(template, fields)


@dataclass(frozen=True, slots=True)
class MentorNotes:
    """What the applicant knows of the mentor who will write: name and title as they sign, position, how they know
    the applicant and what they saw the applicant do (each may be unknown; the draft then names it)."""

    name: str | None = None
    role: str | None = None
    worked: str | None = None
    strengths: str | None = None


def draft_mentor_letter(
    profile: Profile | None, program: Program | None, mentor: MentorNotes, *, addressee: str | None = None
) -> str:
    """The mentor's letter of support for ``program`` (:data:`MENTOR_TEMPLATE`), greeting ``addressee`` (the
    program director, "Dr. Last Name" style) when known. Raises :class:`InvalidDataError` listing every missing
    field."""
    fields = merge_fields(profile, program, None)
    for name, value in (
        ("mentor_name", mentor.name),
        ("mentor_role", mentor.role),
        ("mentor_worked", _clause(mentor.worked)),
        ("mentor_strengths", _clause(mentor.strengths)),
    ):
        if value and value.strip():
            fields[name] = value.strip()
    if addressee and addressee.strip():
        fields["interviewer"] = formal_address(addressee.strip())
    return render(MENTOR_TEMPLATE, fields)
