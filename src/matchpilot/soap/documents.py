"""SOAP documents: personal statement variants, letters of recommendation, and the rule that assigns them.

The seed guide asks for at least three personal statement variants (PM&R, preliminary/transitional, general)
and says which goes where: PM&R positions get the PM&R statement, preliminary and transitional positions the
bridge statement, other categorical positions the general one. That is the default :class:`AssignmentRule`;
the user may change any entry, and add entries for one specialty (``specialty:Internal Medicine``) that win
over the category's. ERAS allows a limited number of letters per application (dated data: ``eras_max_letters``).

Categories of SOAP positions (:data:`CATEGORIES`): ``pmr`` (PM&R in any track), ``prelim`` (a preliminary or
transitional PGY-1 year) and ``other`` (categorical positions in other specialties).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from matchpilot.chances import is_pmr_specialty, program_target
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.limits import stored_text_problem
from matchpilot.domain.match_week import AssignmentEntry, Letter, Statement
from matchpilot.domain.profile import Target
from matchpilot.domain.program import Program

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "DEFAULT_STATEMENTS",
    "Assignment",
    "AssignmentEntry",
    "AssignmentRule",
    "Letter",
    "Statement",
    "assign_documents",
    "check_key",
    "default_rule",
    "document_issues",
    "normalize_target",
    "soap_category",
]

CATEGORIES: tuple[str, ...] = ("pmr", "prelim", "other")
"""The categories of SOAP positions, in the order plans and lists show them."""

CATEGORY_LABELS: Mapping[str, str] = MappingProxyType(
    {"pmr": "PM&R", "prelim": "preliminary or transitional (PGY-1)", "other": "other categorical"}
)
"""Each category in plain words."""

DEFAULT_STATEMENTS: Mapping[str, str] = MappingProxyType({"pmr": "pmr", "prelim": "prelim", "other": "general"})
"""The statement variant each category gets unless the user's rule says otherwise (seed guide, 4.1)."""

_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def soap_category(program: Program) -> str:
    """The SOAP category of a program: ``pmr``, ``prelim`` (preliminary or transitional) or ``other``."""
    target = program_target(program)
    if target is Target.PMR:
        return "pmr"
    if target in (Target.PRELIM, Target.TRANSITIONAL):
        return "prelim"
    return "other"


def check_key(key: str) -> str | None:
    """The problem with a document key, or None: lower-case letters, digits, ``.``, ``_`` and ``-``."""
    if not _KEY.match(key):
        return f"{key!r} is not a key: use lower-case letters, digits, '.', '_' and '-' (at most 64), e.g. pmr"
    return None


def document_issues(key: str, title: str, text: str, *, writer: str | None = None, kind: str) -> list[Issue]:
    """The problems of a document about to be stored (``kind`` ``statement`` or ``letter``), each naming its
    field: a bad key, an empty title, text or writer, a text longer than 20,000 characters."""
    issues: list[Issue] = []
    problem = check_key(key)
    if problem:
        issues.append(Issue("bad-key", Severity.ERROR, problem, "key"))
    if not title.strip():
        issues.append(Issue("missing-value", Severity.ERROR, "a title is required", "title"))
    if kind == "statement" and not text.strip():
        issues.append(Issue("missing-value", Severity.ERROR, "a personal statement needs its text", "text"))
    if len(text) > 20_000:
        issues.append(Issue("too-long", Severity.ERROR, "the text is longer than 20,000 characters", "text"))
    if kind == "letter" and not (writer or "").strip():
        issues.append(Issue("missing-value", Severity.ERROR, "a letter needs its writer", "writer"))
    for name, value in (("title", title), ("text", text), ("writer", writer or "")):
        problem = stored_text_problem(value)
        if problem is not None:
            issues.append(Issue("bad-text", Severity.ERROR, problem, name))
    return issues


@dataclass(frozen=True, slots=True)
class AssignmentRule:
    """The assignment rule: entries by target (a category or ``specialty:name`` in lower case)."""

    entries: Mapping[str, AssignmentEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Freeze the mapping."""
        object.__setattr__(self, "entries", MappingProxyType(dict(self.entries)))

    def entry_for(self, program: Program) -> AssignmentEntry:
        """The entry that applies to ``program``: its specialty's when there is one, else its category's."""
        own = self.entries.get(_specialty_target(program.specialty))
        if own is not None:
            return own
        category = soap_category(program)
        return self.entries.get(category) or AssignmentEntry(category, DEFAULT_STATEMENTS[category])

    def with_entries(self, entries: Sequence[AssignmentEntry]) -> AssignmentRule:
        """This rule with ``entries`` replacing those of the same target."""
        merged = dict(self.entries)
        for entry in entries:
            merged[normalize_target(entry.target)] = entry
        return AssignmentRule(merged)


def _specialty_target(specialty: str) -> str:
    return "specialty:" + " ".join(specialty.lower().split())


def normalize_target(target: str) -> str:
    """A target as the rule keys it: a category, or ``specialty:`` and the specialty in lower case."""
    text = target.strip()
    if text.lower().startswith("specialty:"):
        return _specialty_target(text.split(":", 1)[1])
    return text.lower()


def default_rule() -> AssignmentRule:
    """The guide's rule: PM&R → ``pmr``, preliminary/transitional → ``prelim``, other → ``general``; letters
    chosen automatically."""
    return AssignmentRule({c: AssignmentEntry(c, DEFAULT_STATEMENTS[c]) for c in CATEGORIES})


@dataclass(frozen=True, slots=True)
class Assignment:
    """The documents of one application: the statement variant's key (None when the variant the rule names
    is not stored), the letters' keys, and ``problems`` in plain words (a missing variant, a missing letter,
    letters beyond the ERAS maximum)."""

    statement: str | None
    wanted_statement: str | None
    letters: tuple[str, ...]
    problems: tuple[str, ...] = ()


def _same_specialty(letter: Letter, program: Program) -> bool:
    if is_pmr_specialty(program.specialty):
        return is_pmr_specialty(letter.specialty)
    return " ".join(letter.specialty.lower().split()) == " ".join(program.specialty.lower().split())


def assign_documents(
    program: Program,
    rule: AssignmentRule,
    statements: Mapping[str, Statement],
    letters: Sequence[Letter],
    *,
    max_letters: int,
) -> Assignment:
    """The statement variant and letters for an application to ``program``.

    Steps: (1) take the rule's entry for the program's specialty, else for its category; (2) the statement is
    the entry's variant when it is stored, else None with a problem naming the missing variant; (3) the
    letters are the entry's when it names some (a missing one is a problem), else every stored letter with
    the writer's specialty matching the program's first, then the others, by key; (4) at most
    ``max_letters`` letters are kept (a problem says so when the entry named more).
    """
    entry = rule.entry_for(program)
    problems: list[str] = []
    statement = entry.statement if entry.statement in statements else None
    if entry.statement is None:
        problems.append("the assignment rule gives no personal statement variant")
    elif statement is None:
        problems.append(f"missing personal statement variant {entry.statement!r}")
    by_key = {letter.key: letter for letter in letters}
    if entry.letters:
        chosen = [key for key in entry.letters if key in by_key]
        problems += [f"missing letter {key!r}" for key in entry.letters if key not in by_key]
        if len(chosen) > max_letters:
            problems.append(f"the rule names {len(chosen)} letters; ERAS takes at most {max_letters}")
    else:
        ordered = sorted(letters, key=lambda letter: (not _same_specialty(letter, program), letter.key))
        chosen = [letter.key for letter in ordered]
    return Assignment(statement, entry.statement, tuple(chosen[:max_letters]), tuple(problems))
