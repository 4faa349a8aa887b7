"""The applicant profile: scores, visa need, experience and preferences (``spec/program-sheet.md``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from matchpilot.domain.geography import CENSUS_DIVISIONS, Setting, division_name
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.limits import stored_text_problem
from matchpilot.domain.program import US_STATES, ProgramType
from matchpilot.domain.specialty import canonical_specialty

__all__ = [
    "MAX_PREFERRED_DIVISIONS",
    "PROFILE_KEYS",
    "ApplicantType",
    "Profile",
    "Step3Status",
    "Target",
    "VisaNeed",
    "parse_profile",
    "profile_to_dict",
]


class ApplicantType(StrEnum):
    """Who the applicant is in NRMP terms."""

    US_MD = "us_md"
    US_DO = "us_do"
    US_IMG = "us_img"
    NON_US_IMG = "non_us_img"

    @property
    def is_img(self) -> bool:
        """True for international medical graduates (US citizens or not)."""
        return self in (ApplicantType.US_IMG, ApplicantType.NON_US_IMG)


class VisaNeed(StrEnum):
    """The visa the applicant needs to train in the US."""

    NONE = "none"
    J1 = "j1"
    H1B = "h1b"
    J1_OR_H1B = "j1_or_h1b"


class Step3Status(StrEnum):
    """Where the applicant stands with USMLE Step 3."""

    NONE = "none"
    SCHEDULED = "scheduled"
    PASSED = "passed"


class Target(StrEnum):
    """Kinds of position the applicant will accept."""

    PMR = "pmr"
    PRELIM = "prelim"
    TRANSITIONAL = "transitional"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Profile:
    """An applicant's profile. ``None`` means not given (unknown)."""

    name: str
    applicant_type: ApplicantType
    aamc_id: str | None = None
    graduation_year: int | None = None
    ecfmg_certified: bool | None = None
    step1: str | None = None
    step2_ck: int | None = None
    step3: Step3Status | None = None
    exam_failures: int | None = None
    visa_need: VisaNeed | None = None
    usce_months: float | None = None
    usce_pmr_months: float | None = None
    observership_months: float | None = None
    research_items: int | None = None
    pmr_research_items: int | None = None
    letters: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    preferred_states: tuple[str, ...] = ()
    avoid_states: tuple[str, ...] = ()
    preferred_divisions: tuple[str, ...] = ()
    preferred_setting: Setting | None = None
    preferred_program_types: tuple[ProgramType, ...] = ()
    wanted_fellowships: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()


PROFILE_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Profile))
"""The profile's keys, in the order they are shown and written."""

_Reader = Callable[[object], tuple[Any, str | None]]


def _text(value: object) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, "must be text"
    problem = stored_text_problem(value)
    if problem is not None:
        return None, problem
    text = value.strip()
    if len(text) > 200:
        return None, "must be at most 200 characters"
    return (text or None), None


def _squeezed(text: str) -> str:
    """Letters and digits only, lower case: how a typed choice is compared ("non-US IMG" → ``nonusimg``)."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _enum(kind: type[StrEnum]) -> _Reader:
    def read(value: object) -> tuple[Any, str | None]:
        if not isinstance(value, str):
            return None, f"must be one of: {', '.join(m.value for m in kind)}"
        key = value.strip().lower().replace("-", "_")
        if not key:
            return None, None
        for member in kind:
            if key == member.value or _squeezed(key) == _squeezed(member.value):
                return member, None
        return None, f"{value.strip()!r} is not one of: {', '.join(m.value for m in kind)}"

    return read


def _number(low: float, high: float, *, whole: bool) -> _Reader:
    def read(value: object) -> tuple[Any, str | None]:
        if isinstance(value, bool):
            return None, "must be a number"
        if isinstance(value, str):
            raw = value.strip()
            if not raw:
                return None, None
            try:
                value = float(_number_words(raw))
            except ValueError:
                return None, f"{raw!r} is not a number"
        if not isinstance(value, int | float) or value != value:
            return None, "must be a number"
        if whole and not float(value).is_integer():
            return None, f"{value} is not a whole number"
        if not low <= value <= high:
            return None, f"{_show(value)} is out of range (must be between {_show(low)} and {_show(high)})"
        return (int(value) if whole else float(value)), None

    return read


_NUMBER_WORDS = re.compile(
    r"^(?:≥|>=|at least|about|approx\.?|~)?\s*(\d+(?:[.,]\d+)?)\s*\+?\s*"
    r"(?:months?|mos?\.?|m|items?|papers?|publications?|failures?|attempts?)?$",
    re.IGNORECASE,
)


def _number_words(raw: str) -> str:
    """The number in text as people type it in a form or a sheet ("≥ 238", "238+", "5 months", "2,5"); the text
    unchanged when it is not such a number."""
    match = _NUMBER_WORDS.match(" ".join(raw.split()))
    if match is None:
        return raw
    number = match.group(1)
    whole, comma, rest = number.partition(",")
    return whole + rest if comma and len(rest) == 3 else number.replace(",", ".")  # 1,000 but 2,5


def _normalise(target: str, raw: str) -> tuple[str, str | None]:
    """:func:`matchpilot.domain.mapping.normalise_value`, imported on first use: the sheet importer's readers
    are only needed when a profile is read from text, not on every command that loads one."""
    from matchpilot.domain.mapping import normalise_value

    return normalise_value(target, raw)


def _year(value: object) -> tuple[Any, str | None]:
    """A graduation year: a year, or a date in any form the importer reads (its year)."""
    if isinstance(value, str) and not re.fullmatch(r"\s*\d{4}\s*", value) and value.strip():
        day, problem = _normalise("checked_on", value)
        if problem is None and day:
            return int(day[:4]), None
        match = re.fullmatch(r"\s*(?:\d{1,2}\s*[/.\-]\s*)?(\d{4})\s*", value)
        if match is not None:
            value = match.group(1)
    return _number(1950, 2100, whole=True)(value)


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _bool(value: object) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    if isinstance(value, str):
        key = value.strip().lower()
        if not key:
            return None, None
        if key in ("yes", "true", "y", "1", "on"):
            return True, None
        if key in ("no", "false", "n", "0", "off"):
            return False, None
        read, problem = _normalise("usce_required", value)  # "✓", "Yes, since May": as the importer reads
        if problem is None and read:
            return read == "yes", None
    return None, "must be true or false"


def _step1(value: object) -> tuple[Any, str | None]:
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= 300:
            return str(value), None
        return None, f"{value} is out of range (a score must be between 1 and 300)"
    if isinstance(value, str):
        key = value.strip().lower()
        if not key:
            return None, None
        key = {"passed": "pass", "p": "pass", "failed": "fail", "not taken": "not_taken", "not-taken": "not_taken"}.get(
            key, key
        )
        if key in ("pass", "fail", "not_taken"):
            return key, None
        if key.isdigit():
            return _step1(int(key))
        return None, f"{value.strip()!r} is not pass, fail, not_taken or a score"
    return None, "must be pass, fail, not_taken or a score"


def _list(item: Callable[[str], tuple[str | None, str | None]], *, unique: bool = True) -> _Reader:
    def read(value: object) -> tuple[Any, str | None]:
        if isinstance(value, str):
            parts: list[object] = [p for p in value.replace("\n", ",").split(",")]
        elif isinstance(value, list | tuple):
            parts = list(value)
        else:
            return None, "must be a list"
        out: list[str] = []
        for part in parts:
            if not isinstance(part, str):
                return None, "must be a list of text"
            if not part.strip():
                continue
            read_item, problem = item(part.strip())
            if problem is not None:
                return None, problem
            if read_item is not None and (not unique or read_item not in out):
                out.append(read_item)
        return tuple(out), None

    return read


def _free_item(text: str) -> tuple[str | None, str | None]:
    problem = stored_text_problem(text)
    if problem is not None:
        return None, f"has an item that {problem}"
    return (text, None) if len(text) <= 100 else (None, "has an item longer than 100 characters")


def _state_item(text: str) -> tuple[str | None, str | None]:
    code = text.upper()
    if code in US_STATES:
        return code, None
    read, problem = _normalise("state", text)  # "New York" → NY, as the importer reads it
    return (
        (read, None)
        if problem is None and read
        else (None, f"{text!r} is not a 2-letter US state code or a state's name")
    )


_TARGET_WORDS: Mapping[str, str] = {
    "pmr": "pmr",
    "prelim": "prelim",
    "preliminary": "prelim",
    "transitional": "transitional",
    "transitionalyear": "transitional",
    "ty": "transitional",
    "other": "other",
}


def _target_item(text: str) -> tuple[str | None, str | None]:
    key = text.lower()
    for target in Target:
        if key == target.value:
            return target, None
    squeezed = _squeezed(text)
    if canonical_specialty(text) == "PM&R":  # "PM&R", "Physical Medicine & Rehabilitation", "Physiatry"
        return Target.PMR, None
    if squeezed in _TARGET_WORDS:
        return Target(_TARGET_WORDS[squeezed]), None
    if "prelim" in squeezed:  # "Internal Medicine prelim", "Preliminary Surgery"
        return Target.PRELIM, None
    return None, f"{text!r} is not one of: {', '.join(t.value for t in Target)} (or PM&R, Transitional Year)"


def _aamc_id(value: object) -> tuple[Any, str | None]:
    """The AAMC ID: the digits the AAMC gives (8 today); spaces are dropped, anything else is refused."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None, "must be the digits of your AAMC ID"
    text = str(value).replace(" ", "").strip()
    if not text:
        return None, None
    if not text.isascii() or not text.isdigit() or not 6 <= len(text) <= 10:
        return None, f"{str(value).strip()!r} is not an AAMC ID (its digits, 8 today)"
    return text, None


MAX_PREFERRED_DIVISIONS = 3
"""How many US Census divisions a profile may prefer (more would say little about where you want to be)."""


def _division_item(text: str) -> tuple[str | None, str | None]:
    name = division_name(text)
    if name is not None:
        return name, None
    return None, f"{text!r} is not a US Census division (one of: {', '.join(CENSUS_DIVISIONS)})"


def _divisions(value: object) -> tuple[Any, str | None]:
    read, problem = _list(_division_item)(value)
    if problem is None and len(read) > MAX_PREFERRED_DIVISIONS:
        return None, (f"{len(read)} divisions given ({', '.join(read)}): choose at most {MAX_PREFERRED_DIVISIONS}")
    return read, problem


def _program_type_item(text: str) -> tuple[str | None, str | None]:
    read, problem = _normalise("program_type", text)  # "Academic", "University-affiliated": as the importer
    if problem is None and read:
        return ProgramType(read), None
    return None, f"{text!r} is not a program type (one of: {', '.join(t.value for t in ProgramType)})"


_READERS: Mapping[str, _Reader] = {
    "name": _text,
    "applicant_type": _enum(ApplicantType),
    "aamc_id": _aamc_id,
    "graduation_year": _year,
    "ecfmg_certified": _bool,
    "step1": _step1,
    "step2_ck": _number(1, 300, whole=True),
    "step3": _enum(Step3Status),
    "exam_failures": _number(0, 20, whole=True),
    "visa_need": _enum(VisaNeed),
    "usce_months": _number(0, 240, whole=False),
    "usce_pmr_months": _number(0, 240, whole=False),
    "observership_months": _number(0, 240, whole=False),
    "research_items": _number(0, 1000, whole=True),
    "pmr_research_items": _number(0, 1000, whole=True),
    "letters": _list(_free_item, unique=False),
    "languages": _list(_free_item),
    "preferred_states": _list(_state_item),
    "avoid_states": _list(_state_item),
    "preferred_divisions": _divisions,
    "preferred_setting": _enum(Setting),
    "preferred_program_types": _list(_program_type_item),
    "wanted_fellowships": _list(_free_item),
    "goals": _list(_free_item),
    "targets": _list(_target_item),
}

_REQUIRED = ("name", "applicant_type")


def parse_profile(data: Mapping[str, object], *, today: date) -> tuple[Profile | None, list[Issue]]:
    """Validate a profile given as a mapping (from TOML, JSON or a web form).

    Returns the profile and no issues, or ``None`` and every issue found; each issue's ``where`` is the
    key. Unknown keys, values of the wrong type, out-of-range values (a Step 2 CK of 400), a graduation
    year in the future (a US senior may give next year's), and contradictions (more PM&R months than US
    clinical months, a state both preferred and avoided) are errors.
    """
    issues: list[Issue] = []
    values: dict[str, Any] = {}
    for key in data:
        if key not in _READERS:
            shown = str(key) if stored_text_problem(str(key)) is None else ascii(str(key))
            issues.append(Issue("unknown-key", Severity.ERROR, f"unknown key {key!r}", shown))
    for key, reader in _READERS.items():
        if key not in data or data[key] is None:
            continue
        value, problem = reader(data[key])
        if problem is not None:
            issues.append(Issue("bad-value", Severity.ERROR, problem, key))
        elif value is not None and value != ():
            values[key] = value
    for key in _REQUIRED:
        if key not in values and not any(i.where == key for i in issues):
            issues.append(Issue("missing-value", Severity.ERROR, "a value is required", key))
    issues += _cross_checks(values, today)
    if any(issue.is_error for issue in issues):
        return None, issues
    return Profile(**values), issues


def _cross_checks(values: Mapping[str, Any], today: date) -> list[Issue]:
    issues: list[Issue] = []
    year = values.get("graduation_year")
    if year is not None:
        senior = values.get("applicant_type") in (ApplicantType.US_MD, ApplicantType.US_DO)
        latest = today.year + 1 if senior else today.year
        if year > latest:
            issues.append(Issue("future-year", Severity.ERROR, f"{year} is in the future", "graduation_year"))
    for part, whole in (("usce_pmr_months", "usce_months"), ("pmr_research_items", "research_items")):
        if values.get(part) is not None and values.get(whole) is not None and values[part] > values[whole]:
            issues.append(
                Issue(
                    "inconsistent",
                    Severity.ERROR,
                    f"{part} ({_show(values[part])}) cannot exceed {whole} ({_show(values[whole])})",
                    part,
                )
            )
    both = set(values.get("preferred_states", ())) & set(values.get("avoid_states", ()))
    if both:
        issues.append(
            Issue(
                "inconsistent",
                Severity.ERROR,
                f"avoid_states also lists preferred states: {', '.join(sorted(both))}",
                "avoid_states",
            )
        )
    return issues


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """The profile as plain TOML/JSON values (unknown values left out); ``parse_profile`` reads it back."""
    out: dict[str, Any] = {}
    for key in PROFILE_KEYS:
        value = getattr(profile, key)
        if value is None:
            continue
        if isinstance(value, tuple):
            out[key] = [str(v) for v in value]
        elif isinstance(value, StrEnum):
            out[key] = value.value
        elif key == "step1" and isinstance(value, str) and value.isdigit():
            out[key] = int(value)
        else:
            out[key] = value
    return out
