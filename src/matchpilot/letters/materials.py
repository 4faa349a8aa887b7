"""Application materials: the content checks of the three personal statement variants, of the ERAS experience
entries and of the letters of recommendation, and which materials are ready.

Everything here follows the seed guide's Step 2 ("Pre-SOAP preparation"):

- three personal statement variants (§2.1): the PM&R statement (``pmr``) speaks of physiatry, of function and
  quality of life and of rehabilitation experience; the bridge statement (``prelim``, for preliminary and
  transitional years) names PM&R as the long-term goal and values the year as preparation; the general
  statement (``general``, for other categorical specialties) stays honest and flexible — it does not claim a
  specialty as the applicant's goal, and speaks of complex, chronically ill patients and adaptability;
- each ERAS experience entry (§2.2) connects to PM&R values — function, disability, quality of life, teamwork —
  and says what the applicant did, not only what they observed;
- letters of recommendation: at least one from a PM&R physician if possible; if none, internal medicine
  or neurology, then orthopedics or sports medicine.

No check is a black box: every :class:`Check` says what it looked for (the words), why (the guide's reason),
what it found (the words or the sentence) and, when it did not pass, what to do. The checks look for words, so
they can be fooled both ways; they point at what a reader would look for, they do not grade writing.

The module is pure: text and dates in, values out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.limits import stored_text_problem
from matchpilot.domain.materials import LETTER_TIER_LABELS as _TIER_LABELS
from matchpilot.domain.materials import LetterPlan, LetterState, LetterTier, letter_tier
from matchpilot.domain.materials import WordGroup as _Words
from matchpilot.domain.materials import word_group as _words

__all__ = [
    "EXPERIENCE_VALUES",
    "MAX_MATERIAL_TEXT",
    "MAX_SHORT_TEXT",
    "MIN_UPLOADED_LETTERS",
    "STATEMENT_TITLES",
    "VARIANTS",
    "VARIANT_LABELS",
    "Check",
    "ExperienceReview",
    "LetterAdvice",
    "LetterPlan",
    "LetterState",
    "LetterTier",
    "Readiness",
    "ReadinessItem",
    "StatementReview",
    "check_experience",
    "check_statement",
    "experience_issues",
    "letter_advice",
    "letter_issues",
    "letter_tier",
    "materials_readiness",
    "variant_key",
]

VARIANTS: tuple[str, ...] = ("pmr", "prelim", "general")
"""The three personal statement variants, by the keys the SOAP documents use (``prelim`` is the bridge)."""

VARIANT_LABELS: Mapping[str, str] = {
    "pmr": "PM&R statement (core)",
    "prelim": "Preliminary/transitional statement (bridge)",
    "general": "General clinical statement (backup)",
}
"""Each variant in plain words."""

STATEMENT_TITLES: Mapping[str, str] = {
    "pmr": "PM&R SOAP PS",
    "prelim": "Prelim/Transitional SOAP PS",
    "general": "General SOAP PS",
}
"""The label of each variant in ERAS, as the guide suggests (§2.1)."""

_ALIASES: Mapping[str, str] = {"bridge": "prelim", "preliminary": "prelim", "transitional": "prelim", "core": "pmr"}

MAX_MATERIAL_TEXT = 20_000
"""The longest statement or experience description matchpilot stores, in characters (a storage limit of
matchpilot, not ERAS's)."""

MAX_SHORT_TEXT = 200
"""The longest title, organization, writer's name, specialty or note, in characters."""

MIN_UPLOADED_LETTERS = 3
"""How many uploaded letters matchpilot's readiness list asks for (its own target, not an ERAS rule)."""


def variant_key(name: str) -> str | None:
    """The variant key for ``name`` (``pmr``, ``prelim``/``bridge``, ``general``, any case), or None."""
    text = name.strip().lower()
    text = _ALIASES.get(text, text)
    return text if text in VARIANTS else None


# --- finding words ----------------------------------------------------------------------------------------------


_SPECIALTY = _words(
    "physiatry", "physiatrist", "physiatrists", "PM&R", "PMR", "physical medicine and rehabilitation",
    "physical medicine & rehabilitation", "rehabilitation medicine",
)  # fmt: skip
_FUNCTION = _words(
    "function", "functional", "functioning", "quality of life", "independence", "independent", "daily living",
    "ADL", "ADLs", "mobility", "participation", "return to work", "walk again",
)  # fmt: skip
_REHAB_SETTING = _words(
    "rehabilitation", "rehab", "neurorehabilitation", "neurorehab", "stroke", "spinal cord", "brain injury",
    "amputee", "amputation", "prosthesis", "prosthetics", "orthotics", "spasticity", "EMG", "electrodiagnostic",
    "musculoskeletal", "sports medicine", "pain clinic", "physical therapy", "physical therapist",
    "occupational therapy", "occupational therapist", "speech therapy", "PT/OT", "assistive devices",
)  # fmt: skip
_EXPERIENCE = _words(
    "rotation", "rotations", "elective", "electives", "observership", "observerships", "externship", "clerkship",
    "volunteer", "volunteered", "volunteering", "research", "worked", "rotated", "observed", "shadowed",
    "trained", "I cared", "I saw", "I took care",
)  # fmt: skip
_IMG_STRENGTHS = _words(
    "multilingual", "languages", "bilingual", "cultural", "culturally", "culture", "cultures", "limited resources",
    "resource-limited", "low-resource", "stigma", "families", "family involvement", "counseling", "counselling",
    "resilience", "resilient", "abroad", "my home country", "another country", "new country",
)  # fmt: skip
_BACKUP = _words("backup", "back-up", "fallback", "less competitive", "safety net", "second choice")
_GOAL = _words(
    "goal", "goals", "long-term", "long term", "career", "future", "aspire", "aspiration", "ultimately", "plan to",
    "intend to", "hope to", "aim to", "pursue", "committed to", "path to", "become a",
)  # fmt: skip
_FOUNDATION = _words(
    "foundation", "preparation", "prepare", "prepares", "preparing", "training", "preliminary", "transitional",
    "intern year", "internship", "PGY-1", "first year",
)  # fmt: skip
_FLEXIBLE = _words(
    "chronic", "chronically", "complex", "adapt", "adaptable", "adaptability", "flexible", "flexibility",
    "continuity", "resilience", "resilient", "diverse",
)  # fmt: skip
_CLAIM = _words(
    "my goal", "my dream", "my passion", "my calling", "career in", "become a", "becoming a", "committed to",
    "always wanted", "I want to be", "future as a",
)  # fmt: skip
_NAMED_SPECIALTY = _words(
    "physiatry", "physiatrist", "PM&R", "physical medicine", "rehabilitation medicine", "internal medicine",
    "internist", "neurology", "neurologist", "family medicine", "family physician", "pediatrics", "pediatrician",
    "psychiatry", "psychiatrist", "surgery", "surgeon", "radiology", "radiologist", "anesthesiology",
    "anesthesiologist", "emergency medicine", "pathology", "pathologist", "obstetrics", "dermatology",
    "cardiology", "oncology",
)  # fmt: skip
_PLACEHOLDER = re.compile(r"\[[^\]\n]{0,60}\]|\{[^}\n]{0,60}\}|<[^>\n]{0,60}>|\bXXX+\b|\bTODO\b|\bTBD\b")

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


def _sentences(text: str) -> list[str]:
    return [" ".join(part.split()) for part in _SENTENCE_END.split(text) if part.strip()]


def _quote(sentence: str, limit: int = 160) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


# --- checks -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    """One explainable check: ``code`` (stable), ``title`` (what a good text does), ``passed``, ``looked_for``
    (the words or the rule), ``why`` (the guide's reason), ``found`` (the words or sentences it found, empty
    when none) and ``suggestion`` (what to do when it did not pass; empty when it passed). ``required`` checks
    decide readiness; the others are advice."""

    code: str
    title: str
    passed: bool
    looked_for: str
    why: str
    found: tuple[str, ...] = ()
    suggestion: str = ""
    required: bool = True

    def to_dict(self) -> dict[str, object]:
        """The check as JSON-ready values."""
        return {
            "code": self.code,
            "title": self.title,
            "passed": self.passed,
            "required": self.required,
            "looked_for": self.looked_for,
            "why": self.why,
            "found": list(self.found),
            "suggestion": self.suggestion,
        }


def _listed(words: _Words) -> str:
    """Every word of the group, quoted: what a check looked for is never hidden."""
    return ", ".join(f"“{word}”" for word in words.shown)


def _present(
    code: str, title: str, words: _Words, text: str, *, why: str, suggestion: str, required: bool = True
) -> Check:
    found = words.found(text)
    return Check(
        code,
        title,
        bool(found),
        f"any of {_listed(words)}",
        why,
        found,
        "" if found else suggestion,
        required,
    )


def _placeholders(text: str) -> Check:
    found = tuple(dict.fromkeys(match.group(0) for match in _PLACEHOLDER.finditer(text)))
    return Check(
        "no-placeholder",
        "No field left to fill in",
        not found,
        "text in brackets ([Program], {name}, <city>) and XXX, TODO or TBD",
        "The same statement goes to many programs in a few hours; a field left to fill in is seen by all of them.",
        found,
        "Replace each of these with the final words, or remove it." if found else "",
    )


def _pmr_checks(text: str) -> list[Check]:
    backup = _BACKUP.found(text)
    sentences = [s for s in _sentences(text) if _REHAB_SETTING.found(s) and _EXPERIENCE.found(s)]
    return [
        _present(
            "names-physiatry",
            "Speaks of physiatry by name",
            _SPECIALTY,
            text,
            why="Programs are wary of candidates who see PM&R as a backup; a PM&R statement says plainly that "
            "physiatry is what you want.",
            suggestion="Say in your own words why physiatry: what drew you to it and what you want to do in it "
            "(e.g. neurorehabilitation, pain, sports, pediatric rehabilitation).",
        ),
        _present(
            "speaks-of-function",
            "Speaks of function and quality of life",
            _FUNCTION,
            text,
            why="PM&R is about function and quality of life, not only diagnosis and cure.",
            suggestion="Add a sentence on a patient's function or quality of life — what they could do again, "
            "how they lived with a disability — and why that matters to you.",
        ),
        Check(
            "rehabilitation-experience",
            "Tells of your rehabilitation experience",
            bool(sentences),
            f"a sentence with a rehabilitation setting ({_listed(_REHAB_SETTING)}) and something you did "
            f"({_listed(_EXPERIENCE)})",
            "A PM&R statement shows exposure: electives, observerships, research or volunteer work in "
            "rehabilitation, disability or chronic disease.",
            tuple(_quote(s) for s in sentences[:3]),
            ""
            if sentences
            else "Tell of one rehabilitation experience — an elective, an observership, research or volunteer "
            "work — and what you did there (team rounds, functional assessments, patient education).",
        ),
        Check(
            "not-a-backup",
            "Does not present PM&R as a backup",
            not backup,
            f"any of {_listed(_BACKUP)}",
            "Programs are wary of candidates who view PM&R as a backup or a less competitive option.",
            backup,
            "Remove these words: say what draws you to PM&R instead." if backup else "",
        ),
        _present(
            "teamwork",
            "Speaks of the rehabilitation team",
            _words("team", "teams", "teamwork", "interdisciplinary", "multidisciplinary", "therapists", "PT/OT"),
            text,
            why="Rehabilitation is team work: show you fit interdisciplinary teams in inpatient and outpatient "
            "rehabilitation.",
            suggestion="Consider a sentence on working with physical, occupational and speech therapists.",
            required=False,
        ),
        _present(
            "img-strengths",
            "Frames your strengths as an international graduate",
            _IMG_STRENGTHS,
            text,
            why="Managing chronic conditions with limited resources, cultural sensitivity about disability and "
            "stigma, family involvement and counselling are assets in PM&R; say so explicitly.",
            suggestion="Consider a sentence on what your training abroad gave you: languages, cultural "
            "sensitivity, chronic care with limited resources, working with families.",
            required=False,
        ),
    ]


def _bridge_checks(text: str) -> list[Check]:
    goal = [s for s in _sentences(text) if _SPECIALTY.found(s) and _GOAL.found(s)]
    return [
        Check(
            "names-pmr-goal",
            "Names PM&R as your long-term goal",
            bool(goal),
            f"a sentence naming the specialty ({_listed(_SPECIALTY)}) with a word of aim ({_listed(_GOAL)})",
            "Advanced PM&R positions need a separate PGY-1 year; the bridge statement says explicitly that your "
            "long-term goal is PM&R.",
            tuple(_quote(s) for s in goal[:3]),
            ""
            if goal
            else "Add a sentence such as “My long-term goal is a career in physical medicine and rehabilitation.”",
        ),
        _present(
            "values-the-year",
            "Values the year as preparation",
            _FOUNDATION,
            text,
            why="Programs offering a preliminary or transitional year want to hear that you value the year as "
            "thorough clinical training and a foundation.",
            suggestion="Say what you want from the year: thorough clinical training, procedural skills, a strong "
            "foundation for PM&R.",
        ),
    ]


def _general_checks(text: str) -> list[Check]:
    claims = [s for s in _sentences(text) if _CLAIM.found(s) and _NAMED_SPECIALTY.found(s)]
    return [
        Check(
            "no-specialty-claim",
            "Does not claim one specialty as your goal",
            not claims,
            f"a sentence with a claim ({_listed(_CLAIM)}) naming a specialty ({_listed(_NAMED_SPECIALTY)})",
            "The general statement goes to categorical programs in several specialties; a goal in one named "
            "specialty reads as a mismatch to the others. Keep it honest but flexible.",
            tuple(_quote(s) for s in claims[:3]),
            "Rewrite these sentences around the patients and the work you want, not one specialty; a "
            "specialty-specific statement is a variant of its own."
            if claims
            else "",
        ),
        _present(
            "honest-and-flexible",
            "Speaks of complex, chronically ill patients or your adaptability",
            _FLEXIBLE,
            text,
            why="A backup statement emphasises your desire to work with complex, chronically ill "
            "patients and your adaptability.",
            suggestion="Add a sentence on caring for complex or chronically ill patients, or on how you adapted "
            "(a new country, new exams, a new health system).",
        ),
    ]


@dataclass(frozen=True, slots=True)
class StatementReview:
    """The checks of one statement variant: ``variant``, its ``characters`` and ``words``, and the ``checks``
    in order. ``passed`` when every required check passed."""

    variant: str
    characters: int
    words: int
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        """True when every required check passed."""
        return all(check.passed for check in self.checks if check.required)

    def to_dict(self) -> dict[str, object]:
        """The review as JSON-ready values."""
        return {
            "variant": self.variant,
            "label": VARIANT_LABELS[self.variant],
            "characters": self.characters,
            "words": self.words,
            "passed": self.passed,
            "checks": [check.to_dict() for check in self.checks],
        }


def check_statement(variant: str, text: str) -> StatementReview:
    """Check the statement ``text`` of ``variant`` (``pmr``, ``prelim`` or ``general``; ValueError otherwise).

    Steps: count characters (as ERAS counts them, every character including spaces) and words; look for a
    field left to fill in; then the variant's own checks (see the module docstring). Every check is returned,
    passed or not, with what it looked for and what it found.
    """
    key = variant_key(variant)
    if key is None:
        raise ValueError(f"unknown statement variant {variant!r}")
    own = {"pmr": _pmr_checks, "prelim": _bridge_checks, "general": _general_checks}[key](text)
    return StatementReview(key, len(text), len(text.split()), (*own, _placeholders(text)))


# --- experiences --------------------------------------------------------------------------------------------------

EXPERIENCE_VALUES: Mapping[str, _Words] = {
    "function": _words(
        "function", "functional", "functioning", "mobility", "independence", "independent", "daily living", "ADL",
        "ADLs", "gait", "transfers", "walk", "walking", "self-care",
    ),
    "disability": _words(
        "disability", "disabilities", "disabled", "impairment", "impairments", "wheelchair", "amputation",
        "amputee", "prosthesis", "prosthetic", "orthosis", "orthotic", "spinal cord", "brain injury", "stroke",
        "paralysis", "spasticity", "assistive", "chronic pain", "chronic",
    ),
    "quality of life": _words(
        "quality of life", "well-being", "wellbeing", "participation", "return to work", "return home",
        "community", "dignity", "goals of care", "long-term goal", "long-term goals",
    ),
    "teamwork": _words(
        "team", "teams", "teamwork", "interdisciplinary", "multidisciplinary", "collaborated", "collaboration",
        "therapist", "therapists", "physical therapy", "occupational therapy", "speech therapy", "PT", "OT", "SLP",
        "nurses", "social worker", "family meeting", "family meetings",
    ),
}  # fmt: skip
"""The four PM&R values the guide asks each experience entry to connect to (§2.2), and the words that show one."""

_OBSERVED = _words("observed", "observing", "observation", "observer", "observership", "shadowed", "shadowing")
_DID = _words(
    "participated", "performed", "assessed", "examined", "presented", "led", "educated", "taught", "counseled",
    "counselled", "managed", "conducted", "wrote", "designed", "organized", "coordinated", "took part", "helped",
    "cared", "treated", "interviewed", "documented", "co-managed", "ran",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExperienceReview:
    """The checks of one experience entry: ``values`` found (value → the words found; empty for a value not
    found) and the ``checks`` (connection to PM&R values; your role, not only observation). ``passed`` when
    every required check passed."""

    values: Mapping[str, tuple[str, ...]]
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        """True when every required check passed."""
        return all(check.passed for check in self.checks if check.required)

    def to_dict(self) -> dict[str, object]:
        """The review as JSON-ready values."""
        return {
            "passed": self.passed,
            "values": {name: list(found) for name, found in self.values.items()},
            "checks": [check.to_dict() for check in self.checks],
        }


def check_experience(title: str, description: str) -> ExperienceReview:
    """Check an ERAS experience entry (its ``title`` and ``description``).

    Steps: (1) for each PM&R value (function, disability, quality of life, teamwork) find its words; the entry
    connects to PM&R when it shows at least one — otherwise the guide's suggestion: add one or two sentences
    that connect it to those values; (2) when the entry speaks of observing or shadowing, look for what you did
    there (advice, not required: the guide asks to clarify your role, not just observation).
    """
    text = f"{title}\n{description}"
    values = {name: words.found(text) for name, words in EXPERIENCE_VALUES.items()}
    shown = [name for name, found in values.items() if found]
    missing = [name for name, found in values.items() if not found]
    looked = "; ".join(f"{name}: {_listed(words)}" for name, words in EXPERIENCE_VALUES.items())
    connected = Check(
        "connects-to-pmr-values",
        "Connects to PM&R values",
        bool(shown),
        looked,
        "Reviewers in PM&R look for function, disability, quality of life and teamwork; each ERAS "
        "experience entry should connect to them.",
        tuple(word for found in values.values() for word in found),
        ""
        if shown
        else "Add one or two sentences that connect this experience to PM&R values: function, disability, "
        "quality of life, teamwork.",
    )
    checks = [connected]
    if shown and missing:
        checks.append(
            Check(
                "more-values",
                "Shows more of the PM&R values",
                False,
                "the values not found: " + ", ".join(missing),
                "The more of the four values an entry shows, the clearer its link to PM&R.",
                tuple(shown),
                f"If it is true of this experience, a sentence on {' or '.join(missing)} would strengthen it.",
                required=False,
            )
        )
    observed = _OBSERVED.found(text)
    if observed:
        did = _DID.found(text)
        checks.append(
            Check(
                "your-role",
                "Says what you did, not only what you observed",
                bool(did),
                f"a word of what you did ({_listed(_DID)})",
                "Programs want your role, not just observation: team rounds, functional "
                "assessments, patient education.",
                did,
                ""
                if did
                else "Say what you did: did you take part in team rounds, functional assessments or patient education?",
                required=False,
            )
        )
    return ExperienceReview(values, tuple(checks))


def _text_issues(field: str, value: str, *, label: str, limit: int, required: bool) -> list[Issue]:
    issues: list[Issue] = []
    if required and not value.strip():
        issues.append(Issue("missing-value", Severity.ERROR, f"{label} is required", field))
    if len(value) > limit:
        issues.append(
            Issue("too-long", Severity.ERROR, f"{label} is longer than {limit:,} characters ({len(value):,})", field)
        )
    problem = stored_text_problem(value)
    if problem is not None:
        issues.append(Issue("bad-text", Severity.ERROR, f"{label} {problem}", field))
    return issues


def experience_issues(title: str, organization: str, description: str) -> list[Issue]:
    """The problems of an experience entry about to be stored, each naming its field (``title``,
    ``organization``, ``description``): a missing title or description, a text too long, a character that is
    not text."""
    return [
        *_text_issues("title", title, label="the title", limit=MAX_SHORT_TEXT, required=True),
        *_text_issues("organization", organization, label="the organization", limit=MAX_SHORT_TEXT, required=False),
        *_text_issues("description", description, label="the description", limit=MAX_MATERIAL_TEXT, required=True),
    ]


# --- letters ------------------------------------------------------------------------------------------------------


def letter_issues(letter: LetterPlan, *, today: date) -> list[Issue]:
    """The problems of a letter about to be stored, each naming its field: a missing writer or specialty, a text
    too long, a day after ``today``, a step dated before the one it follows (uploaded before requested,
    assigned before uploaded) or a letter assigned but never uploaded."""
    issues = [
        *_text_issues("writer", letter.writer, label="the writer", limit=MAX_SHORT_TEXT, required=True),
        *_text_issues(
            "specialty", letter.specialty, label="the writer's specialty", limit=MAX_SHORT_TEXT, required=True
        ),
        *_text_issues("note", letter.note, label="the note", limit=MAX_MATERIAL_TEXT, required=False),
    ]  # fmt: skip
    days = [("requested_on", letter.requested_on), ("uploaded_on", letter.uploaded_on)]
    days.append(("assigned_on", letter.assigned_on))
    for name, day in days:
        if day is not None and day > today:
            issues.append(Issue("future-date", Severity.ERROR, f"{day.isoformat()} is after today", name))
    if letter.assigned_on is not None and letter.uploaded_on is None:
        issues.append(
            Issue("out-of-order", Severity.ERROR, "a letter is assigned only after it is uploaded", "uploaded_on")
        )
    for earlier, later, name, words in (
        (letter.requested_on, letter.uploaded_on, "uploaded_on", "uploaded before it was requested"),
        (letter.uploaded_on, letter.assigned_on, "assigned_on", "assigned before it was uploaded"),
    ):
        if earlier is not None and later is not None and later < earlier:
            issues.append(Issue("out-of-order", Severity.ERROR, f"the letter is {words}", name))
    return issues


@dataclass(frozen=True, slots=True)
class LetterAdvice:
    """Advice on the letters as a whole: ``code``, ``message`` (what is so), ``why`` (the guide's reason) and
    ``suggestion`` (what to do). ``good`` advice says something is already right."""

    code: str
    message: str
    why: str
    suggestion: str = ""
    good: bool = False

    def to_dict(self) -> dict[str, object]:
        """The advice as JSON-ready values."""
        return {
            "code": self.code,
            "good": self.good,
            "message": self.message,
            "why": self.why,
            "suggestion": self.suggestion,
        }


_ORDER_WHY = (
    "The preference order for a PM&R applicant: a PM&R letter first; if none is available, internal medicine "
    "or neurology (cognitive and chronic disease focus), then orthopedics or sports medicine (musculoskeletal "
    "and functional issues)."
)


def letter_advice(letters: Sequence[LetterPlan]) -> list[LetterAdvice]:
    """Advice on ``letters`` as a whole, by the guide's preference order and how far each letter got.

    Steps: (1) no letter at all → plan some; (2) a PM&R letter among them → good, else "none of your letters is
    from a PM&R physician" (and when none is from internal medicine, neurology, orthopedics or sports medicine
    either, say those come next); (3) fewer than :data:`MIN_UPLOADED_LETTERS` uploaded → say how many;
    (4) letters requested and not uploaded, letters uploaded and not assigned, letters from outside PM&R not yet
    requested (ask the writer to mention your interest in physiatry).
    """
    advice: list[LetterAdvice] = []
    if not letters:
        return [
            LetterAdvice(
                "no-letters",
                "No letter of recommendation is planned yet.",
                _ORDER_WHY,
                "Plan your letters: aim for at least one from a PM&R physician.",
            )
        ]
    tiers = {letter.tier for letter in letters}
    if LetterTier.PMR in tiers:
        pmr = [letter.writer for letter in letters if letter.tier is LetterTier.PMR]
        advice.append(LetterAdvice("pmr-letter", f"You have a PM&R letter ({', '.join(pmr)}).", _ORDER_WHY, good=True))
    else:
        closest = "; ".join(
            f"{_TIER_LABELS[tier]}: {', '.join(item.writer for item in letters if item.tier is tier)}"
            for tier in (LetterTier.MEDICINE, LetterTier.MSK)
            if tier in tiers
        )
        suggestion = "Aim for at least one PM&R-specific letter if possible."
        if closest:
            suggestion += f" Until then your closest letters are from {closest}."
        else:
            suggestion += (
                " If none is available, letters from internal medicine or neurology, then orthopedics or sports "
                "medicine, come next."
            )
        advice.append(
            LetterAdvice("no-pmr-letter", "None of your letters is from a PM&R physician.", _ORDER_WHY, suggestion)
        )
    uploaded = [letter for letter in letters if letter.uploaded_on is not None]
    if len(uploaded) < MIN_UPLOADED_LETTERS:
        advice.append(
            LetterAdvice(
                "few-uploaded",
                f"{len(uploaded)} of your letters {'is' if len(uploaded) == 1 else 'are'} uploaded to ERAS; "
                f"matchpilot's checklist asks for {MIN_UPLOADED_LETTERS}.",
                "Letters are usually locked by SOAP: new ones must be uploaded before the ERAS letter deadlines.",
                "Follow up with the writers whose letters are not uploaded yet.",
            )
        )
    waiting = [letter.writer for letter in letters if letter.state is LetterState.REQUESTED]
    if waiting:
        advice.append(
            LetterAdvice(
                "waiting",
                f"Requested, not uploaded yet: {', '.join(waiting)}.",
                "A letter counts only once its writer has uploaded it to ERAS.",
                "Mark each letter uploaded when ERAS shows it.",
            )
        )
    unassigned = [letter.writer for letter in letters if letter.state is LetterState.UPLOADED]
    if unassigned:
        advice.append(
            LetterAdvice(
                "not-assigned",
                f"Uploaded, not assigned to programs yet: {', '.join(unassigned)}.",
                "Each application carries the letters you assign to it; PM&R positions should get your PM&R letter.",
                "Assign these letters to your applications in ERAS, then mark them assigned.",
            )
        )
    to_ask = [
        letter.writer for letter in letters if letter.state is LetterState.PLANNED and letter.tier is not LetterTier.PMR
    ]
    if to_ask:
        advice.append(
            LetterAdvice(
                "ask-for-physiatry",
                f"Not requested yet, from outside PM&R: {', '.join(to_ask)}.",
                "Ask for new letters explicitly emphasizing your interest in physiatry.",
                "When you ask, tell each writer that you are applying to PM&R and ask them to speak of your "
                "teamwork, communication and patient-centred care.",
            )
        )
    return advice


# --- readiness ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadinessItem:
    """One line of the materials checklist: ``key`` (stable, for links: ``statement-pmr``, ``experiences``,
    ``letters-uploaded``, ``letter-pmr``), ``label``, ``ready``, ``detail`` in plain words, and whether it is
    ``required`` for the materials to count as ready."""

    key: str
    label: str
    ready: bool
    detail: str
    required: bool = True

    def to_dict(self) -> dict[str, object]:
        """The item as JSON-ready values."""
        return {
            "key": self.key,
            "label": self.label,
            "ready": self.ready,
            "required": self.required,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Readiness:
    """The materials checklist: ``items`` in order; ``ready`` when every required item is."""

    items: tuple[ReadinessItem, ...]

    @property
    def ready(self) -> bool:
        """True when every required item is ready."""
        return all(item.ready for item in self.items if item.required)

    def to_dict(self) -> dict[str, object]:
        """The checklist as JSON-ready values."""
        return {"ready": self.ready, "items": [item.to_dict() for item in self.items]}


def materials_readiness(
    statements: Mapping[str, str],
    experiences: Sequence[tuple[str, str]],
    letters: Sequence[LetterPlan],
) -> Readiness:
    """Which materials are ready, from the statements' texts by variant key, the experience entries as
    ``(title, description)`` and the letters.

    Items: each statement variant (written and passing its required checks); the experience entries (at least
    one, each connected to PM&R values); at least :data:`MIN_UPLOADED_LETTERS` letters uploaded; a PM&R letter
    (advice: the guide says "if possible", so it does not block readiness).
    """
    items: list[ReadinessItem] = []
    for key in VARIANTS:
        text = statements.get(key, "")
        label = VARIANT_LABELS[key]
        if not text.strip():
            items.append(ReadinessItem(f"statement-{key}", label, False, "not written yet"))
            continue
        review = check_statement(key, text)
        failing = [check.title.lower() for check in review.checks if check.required and not check.passed]
        detail = "written; every check passes" if not failing else "written; to do: " + "; ".join(failing)
        items.append(ReadinessItem(f"statement-{key}", label, not failing, detail))
    reviews = [check_experience(title, description) for title, description in experiences]
    unconnected = [title for (title, _), review in zip(experiences, reviews, strict=True) if not review.passed]
    if not experiences:
        detail, ready = "no entry recorded yet", False
    elif unconnected:
        detail, ready = "not connected to PM&R values yet: " + "; ".join(unconnected), False
    else:
        detail, ready = f"{len(experiences)} recorded, each connected to PM&R values", True
    items.append(ReadinessItem("experiences", "ERAS experience entries", ready, detail))
    uploaded = sum(1 for letter in letters if letter.uploaded_on is not None)
    items.append(
        ReadinessItem(
            "letters-uploaded",
            f"At least {MIN_UPLOADED_LETTERS} letters uploaded",
            uploaded >= MIN_UPLOADED_LETTERS,
            f"{uploaded} uploaded of {len(letters)} planned",
        )
    )
    has_pmr = any(letter.tier is LetterTier.PMR for letter in letters)
    items.append(
        ReadinessItem(
            "letter-pmr",
            "A letter from a PM&R physician",
            has_pmr,
            "planned or received" if has_pmr else "none of your letters is from a PM&R physician",
            required=False,
        )
    )
    return Readiness(tuple(items))
