"""Any spreadsheet in: map a foreign table's columns to the program sheet's, and read its values as a person would.

Applicants keep spreadsheets with their own column names ("Program", "J1?", "IMG %", "Last checked") and
their own ways of writing values ("Y", "✓", "35%", "J-1 only", "03/15/2026"). This module:

1. **suggests** a mapping from the file's columns to the sheet's (:func:`suggest_mapping`), by the name of
   each column (known names and close spellings) and by the values seen in it (yes/no columns, state codes,
   percentages, dates, NRMP program codes, visa words), each suggestion with the reason for it;
2. **applies** a mapping (:func:`map_sheet`): every value is normalised the way a person expects ("Yes",
   "Y", "TRUE", "✓" → yes; "35%" → 35; "J-1 only" in a visa column → J-1 yes, H-1B no; "New York" → NY), and
   anything that cannot be read is reported as an issue naming its row and the file's column — never guessed;
   the normalised table then goes through :func:`matchpilot.domain.sheet.parse_sheet`, so the sheet's own rules
   (ranges, required values, unique codes, a future check date left blank) apply unchanged;
3. **previews** the first rows as they will be imported, each problem marked on its cell (:func:`preview`).

Row numbers are spreadsheet row numbers: the header is row 1, the first program row 2. Pure: no files, no clock.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from matchpilot.domain.cells import format_number, shares_among_percents
from matchpilot.domain.columns import COLUMNS, ColumnKind
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.program import US_STATES, Track, state_code
from matchpilot.domain.sheet import (
    PROVENANCE_COLUMNS,
    REQUIRED_COLUMNS,
    SHEET_COLUMNS,
    SheetParse,
    normalise_header,
    parse_sheet,
)

__all__ = [
    "INTERVIEW_DATE",
    "MAPPING_TARGETS",
    "VISA_WORDS",
    "ColumnMapping",
    "ColumnSuggestion",
    "InterviewRow",
    "MappingSuggestion",
    "PreviewCell",
    "PreviewRow",
    "SavedMapping",
    "SheetPreview",
    "check_mapping",
    "describe_target",
    "interview_rows",
    "is_mapping_issue",
    "map_sheet",
    "mapping_from_pairs",
    "normalise_value",
    "other_date_reason",
    "preview",
    "read_visa_words",
    "suggest_mapping",
]

VISA_WORDS = "visa"
"""A mapping target meaning "a column that names the visas sponsored in words" (fills visa_j1 and visa_h1b)."""

INTERVIEW_DATE = "interview_date"
"""A mapping target meaning "the day of the applicant's interview with this row's program".

It is not a sheet column, and deliberately not in the column registry (:mod:`matchpilot.domain.columns`): the
registry holds facts *about a program* (each with a source and a check date) that the sheet stores, exports and
shares, whereas an interview is an event in the applicant's own season, kept in the letters log beside the
interviews logged by hand. Like :data:`VISA_WORDS` it is a way of *reading* a file's column, so it lives among
the mapping targets: the import reads it here (a date, past or upcoming, never the sheet's ``checked_on``) and
the import use case records one interview per row with a date (see :func:`interview_rows`)."""

MAPPING_TARGETS: tuple[str, ...] = (
    *SHEET_COLUMNS,
    VISA_WORDS,
    INTERVIEW_DATE,
    *(f"{column}_{part}" for column in PROVENANCE_COLUMNS for part in ("source", "checked_on")),
)
"""Every target a file's column may be mapped to: the sheet's columns, ``visa`` (both visas in words),
``interview_date`` (interviews for the letters log, not a sheet fact) and the per-fact provenance columns."""

_SUGGEST_THRESHOLD = 0.5

# --- the mapping ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which sheet column each of a file's columns goes to: ``pairs`` of (the file's column name as written,
    a target of :data:`MAPPING_TARGETS`). A file column not named in ``pairs`` is not imported."""

    pairs: tuple[tuple[str, str], ...]

    def target_of(self, foreign: str) -> str | None:
        """The target of the file's column ``foreign`` (matched trimmed and case-insensitively), or None."""
        key = _key(foreign)
        for name, target in self.pairs:
            if _key(name) == key:
                return target
        return None

    def as_dict(self) -> dict[str, str]:
        """The mapping as ``{file column: target}`` (for JSON)."""
        return dict(self.pairs)


@dataclass(frozen=True, slots=True)
class SavedMapping:
    """A mapping saved by ``name``, to apply again to the next file of the same layout."""

    name: str
    mapping: ColumnMapping


def mapping_from_pairs(pairs: Iterable[tuple[str, str | None]]) -> ColumnMapping:
    """A mapping from (file column, target) pairs; pairs whose target is blank, None or ``-`` are dropped
    (those columns are not imported). Targets are not checked here: see :func:`check_mapping`."""
    kept: list[tuple[str, str]] = []
    for foreign, target in pairs:
        name = (target or "").strip()
        if name and name != "-":
            kept.append((foreign.strip(), name))
    return ColumnMapping(tuple(kept))


def _key(name: str) -> str:
    return " ".join(name.strip().lower().split())


def check_mapping(header: Sequence[str], mapping: ColumnMapping) -> list[Issue]:
    """The problems of ``mapping`` for a file with ``header``: an unknown target, two columns mapped to the
    same target, a required sheet column no file column is mapped to (errors); a mapped column the file does
    not have (a warning, unless it is the only source of a required column)."""
    issues: list[Issue] = []
    present = {_key(name) for name in header if name.strip()}
    by_target: dict[str, str] = {}
    covered: set[str] = set()
    for foreign, target in mapping.pairs:
        where = f"mapping, column {foreign}"
        if target not in MAPPING_TARGETS:
            issues.append(
                Issue(
                    "unknown-target", Severity.ERROR, f"{target!r} is not a column of the sheet", where, column=foreign
                )
            )
            continue
        if _key(foreign) not in present:
            issues.append(
                Issue(
                    "absent-column",
                    Severity.WARNING,
                    f"the file has no column {foreign!r}; it is skipped",
                    where,
                    column=foreign,
                )
            )
            continue
        filled = ("visa_j1", "visa_h1b") if target == VISA_WORDS else (target,)
        for column in filled:
            if column in by_target:
                issues.append(
                    Issue(
                        "duplicate-target",
                        Severity.ERROR,
                        f"columns {by_target[column]!r} and {foreign!r} are both mapped to {column!r}",
                        where,
                        column=foreign,
                    )
                )
            else:
                by_target[column] = foreign
                covered.add(column)
    for column in REQUIRED_COLUMNS:
        if column not in covered:
            issues.append(
                Issue(
                    "unmapped-required",
                    Severity.ERROR,
                    f"the required column {column!r} is not mapped: choose which column of the file holds it",
                    f"mapping, column {column}",
                    column=column,
                )
            )
    return issues


# --- reading values as a person would -------------------------------------------------------------------

_YES = frozenset({"yes", "y", "true", "t", "1", "✓", "✔", "☑", "✅", "sí", "si", "oui"})
_NO = frozenset({"no", "n", "false", "f", "0", "✗", "✕", "✘", "❌", "none"})
_UNKNOWN = frozenset(
    {"unknown", "?", "??", "n/a", "na", "-", "\u2013", "\u2014", "tbd", "not sure", "unsure", "unclear"}
)


_MONTHS: Mapping[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_YES_NO_TARGETS = frozenset(column.name for column in COLUMNS if column.kind is ColumnKind.YES_NO)

Reader = Callable[[str], tuple[str, str | None]]
"""Reads one cell: returns (the canonical cell text, a problem or None). Blank text means unknown."""


def _clean(raw: str) -> str:
    return " ".join(raw.replace("\u00a0", " ").split())


def _is_unknown_word(text: str) -> bool:
    return text.lower().strip(" .") in _UNKNOWN


def _read_yes_no(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if not text or _is_unknown_word(text):
        return "", None
    key = text.lower().rstrip(".!")
    if key in _YES:
        return "yes", None
    if key in _NO:
        return "no", None
    first = re.split(r"[\s,;:(\-\u2013\u2014]+", key, maxsplit=1)[0]
    if first in ("yes", "no"):  # "Yes, per the website", "No (citizens only)"
        return first, None
    return "", f"{text!r} is not yes or no"


def read_visa_words(raw: str) -> tuple[bool | None, bool | None, str | None]:
    """Read the visas a cell names in words: ``(J-1, H-1B, problem)``, each visa True, False or None (unknown).

    "J-1 only" → (yes, no); "J-1 and H-1B", "both" → (yes, yes); "none", "no visas" → (no, no); "J-1" →
    (yes, unknown); "H-1B: no" → (unknown, no). Text that names no visa, or says "yes" without saying which,
    is a problem, never a guess.
    """
    text = _clean(raw)
    if not text or _is_unknown_word(text):
        return None, None, None
    key = text.lower()
    key = re.sub(r"\bj[\s\-]?1\b", "j-1", key)
    key = re.sub(r"\bh[\s\-]?1[\s\-]?b\b", "h-1b", key)
    if key.rstrip(".") in ("none", "no", "n", "neither", "no visas", "no visa", "no sponsorship", "not sponsored"):
        return False, False, None
    if key.rstrip(".") in ("both", "j-1 and h-1b", "h-1b and j-1", "all", "yes (both)", "yes, both"):
        return True, True, None
    mentions = ("j-1" in key, "h-1b" in key)
    if not any(mentions):
        return None, None, f"{text!r} does not say which visa (write J-1, H-1B, both or none)"
    found: dict[str, bool] = {}
    for part in re.split(r"[,;/&+]|\band\b|\bor\b", key):
        part = part.strip()
        for visa in ("j-1", "h-1b"):
            if visa not in part:
                continue
            negative = re.search(r"\b(no|not|doesn'?t|does not|never|x|✗|✕)\b", part) is not None
            found[visa] = not negative
    if "only" in key:
        sponsored = [visa for visa, yes in found.items() if yes]
        if len(sponsored) == 1:
            for visa in ("j-1", "h-1b"):
                found.setdefault(visa, False)
    return found.get("j-1"), found.get("h-1b"), None


def _visa_reader(which: str) -> Reader:
    def read(raw: str) -> tuple[str, str | None]:
        text, problem = _read_yes_no(raw)
        if problem is None:
            return text, None
        j1, h1b, visa_problem = read_visa_words(raw)
        if visa_problem is not None:
            return "", f"{_clean(raw)!r} is not yes or no"
        value = j1 if which == "visa_j1" else h1b
        return ("" if value is None else ("yes" if value else "no")), None

    return read


def _number_text(raw: str) -> str:
    text = _clean(raw).lower()
    text = re.sub(r"^(≥|>=|at least|min(imum)?\.?:?)\s*", "", text)
    text = re.sub(r"\s*\+$", "", text)
    return text


def _int_reader(*units: str) -> Reader:
    pattern = re.compile(r"^(\d+(?:\.0+)?)\s*(?:" + "|".join(units) + r")?$") if units else None

    def read(raw: str) -> tuple[str, str | None]:
        text = _clean(raw)
        if not text or _is_unknown_word(text):
            return "", None
        number = _number_text(text)
        match = pattern.match(number) if pattern else re.fullmatch(r"\d+(?:\.0+)?", number)
        if match is None:
            return "", f"{text!r} is not a whole number"
        return str(int(float(match.group(1) if pattern else match.group(0)))), None

    return read


def _read_years(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if not text or _is_unknown_word(text):
        return "", None
    key = text.lower()
    if key in ("none", "no limit", "no cutoff", "no", "any"):
        return "", f"{text!r}: the sheet has no 'no limit'; leave the cell blank (unknown) or give a number"
    key = re.sub(r"^(<=|≤|<|within|up to|max(imum)?\.?:?)\s*", "", key)
    match = re.fullmatch(r"(\d+)\s*(years?|yrs?|y)?(\s*(since|from|after) graduation)?", key)
    if match is None:
        return "", f"{text!r} is not a number of years"
    return match.group(1), None


def _read_percent(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if not text or _is_unknown_word(text):
        return "", None
    key = text.lower().replace("percent", "%").replace(" ", "")
    match = re.fullmatch(r"~?(\d+(?:\.\d+)?)%?", key)
    if match is None:
        return "", f"{text!r} is not a percentage"
    return format_number(float(match.group(1))), None


def _read_state(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if not text or _is_unknown_word(text):
        return "", None
    code = state_code(text)
    if code is not None:
        return code, None
    return "", f"{text!r} is not a US state (use a 2-letter code such as NY)"


def _read_track(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if not text:
        return "", None
    track = Track.parse(text)
    if track is None:
        first = re.split(r"[\s(,;/\-]+", text.strip(), maxsplit=1)[0]
        track = Track.parse(first) if first and first.lower() not in ("pgy", "pgy1", "pgy2") else None
        if track is None and re.search(r"\bpgy-?2\b", text.lower()):
            track = None
    if track is None:
        return "", (
            f"{text!r} is not a track (categorical, advanced, preliminary, transitional, physician, or C, A, P, T, R)"
        )
    return track.value, None


def _read_program_type(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if not text or _is_unknown_word(text):
        return "", None
    key = text.lower()
    if "military" in key:
        return "military", None
    community, university = "community" in key, "universit" in key or "academic" in key
    if community and university:
        return "community-university", None
    if university:
        return "university", None
    if community:
        return "community", None
    return "", f"{text!r} is not a program type (university, community, community-university, military)"


def _read_emphasis(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if not text or _is_unknown_word(text):
        return "", None
    key = text.lower()
    inpatient, outpatient = "inpatient" in key, "outpatient" in key
    if "balanced" in key or "mixed" in key or "both" in key or (inpatient and outpatient):
        return "balanced", None
    if inpatient:
        return "inpatient", None
    if outpatient:
        return "outpatient", None
    return "", f"{text!r} is not an emphasis (inpatient, outpatient, balanced)"


def _read_setting(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if not text or _is_unknown_word(text):
        return "", None
    key = text.lower()
    if "suburb" in key:
        return "suburban", None
    if "rural" in key or "small town" in key or "countryside" in key:
        return "rural", None
    if "urban" in key or "city" in key or "metropolitan" in key:
        return "urban", None
    return "", f"{text!r} is not a setting (urban, suburban, rural)"


def _read_fellowships(raw: str) -> tuple[str, str | None]:
    parts = [part.strip() for part in re.split(r"[;,/\n|]", raw) if part.strip()]
    if len(parts) == 1 and (_is_unknown_word(parts[0]) or parts[0].lower() == "none"):
        return "", None
    return "; ".join(parts), None


def _read_interest(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if not text or _is_unknown_word(text):
        return "", None
    stars = text.count("★") + text.count("⭐")
    if stars and not re.sub(r"[★☆⭐\s]", "", text):
        return str(stars), None
    match = re.fullmatch(r"(\d+)(?:\.0+)?\s*(?:(?:/|of|out of)\s*5)?", text.lower())
    if match is None:
        return "", f"{text!r} is not an interest from 1 to 5"
    return match.group(1), None


def _read_text(raw: str) -> tuple[str, str | None]:
    return raw.strip(), None


def _date_parts(text: str) -> tuple[int, int, int] | None:
    match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", text)
    if match is None:
        return None
    first, second, year = (int(group) for group in match.groups())
    return first, second, (2000 + year if year < 100 else year)


def _date_reader(order: str | None) -> Reader:
    """A date reader; ``order`` is ``mdy`` or ``dmy`` for dates like 03/04/2026 (None: such a date is ambiguous
    unless one part is above 12)."""

    def read(raw: str) -> tuple[str, str | None]:
        text = _clean(raw)
        if not text or _is_unknown_word(text):
            return "", None
        found = _read_date_words(text)
        if found is not None:
            return found
        parts = _date_parts(text)
        if parts is None:
            return "", f"{text!r} is not a date (use YYYY-MM-DD)"
        first, second, year = parts
        if first > 12 and second <= 12:
            month, day = second, first
        elif (second > 12 and first <= 12) or first == second or order == "mdy":
            month, day = first, second
        elif order == "dmy":
            month, day = second, first
        else:
            return "", (
                f"{text!r} could be {_day_name(first, second, year)} or {_day_name(second, first, year)}; "
                "write it as YYYY-MM-DD"
            )
        return _iso(year, month, day, text)

    return read


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")  # fmt: skip


def _day_name(month: int, day: int, year: int) -> str:
    return f"{day} {_MONTH_NAMES[month - 1]} {year}"


def _iso(year: int, month: int, day: int, text: str) -> tuple[str, str | None]:
    try:
        return date(year, month, day).isoformat(), None
    except ValueError:
        return "", f"{text!r} is not a date (use YYYY-MM-DD)"


def _read_date_words(text: str) -> tuple[str, str | None] | None:
    key = text.lower().replace(",", " ")
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t].*)?", key)
    if match:
        return _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)), text)
    words = key.split()
    if len(words) == 3:
        day_first = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", words[0])
        if day_first and words[1].rstrip(".") in _MONTHS and words[2].isdigit():
            return _iso(int(words[2]), _MONTHS[words[1].rstrip(".")], int(day_first.group(1)), text)
        day_second = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", words[1])
        if words[0].rstrip(".") in _MONTHS and day_second and words[2].isdigit():
            return _iso(int(words[2]), _MONTHS[words[0].rstrip(".")], int(day_second.group(1)), text)
    return None


def _reader_for(target: str, date_order: str | None) -> Reader:
    if target in ("visa_j1", "visa_h1b"):
        return _visa_reader(target)
    if target in _YES_NO_TARGETS:
        return _read_yes_no
    if target == "checked_on" or target.endswith("_checked_on") or target == INTERVIEW_DATE:
        return _date_reader(date_order)
    simple: Mapping[str, Reader] = {
        "state": _read_state,
        "track": _read_track,
        "positions": _int_reader(r"positions?", r"spots?", r"slots?", r"seats?"),
        "img_share": _read_percent,
        "program_type": _read_program_type,
        "emphasis": _read_emphasis,
        "setting": _read_setting,
        "fellowships": _read_fellowships,
        "min_step2": _int_reader(),
        "max_years_since_graduation": _read_years,
        "interest": _read_interest,
    }
    return simple.get(target, _read_text)


def normalise_value(target: str, raw: str, *, date_order: str | None = None) -> tuple[str, str | None]:
    """Read one cell typed by a person for the sheet column ``target`` (not ``visa``: see
    :func:`read_visa_words`): returns ``(cell text the sheet reads, problem)``. Blank, "unknown", "?", "n/a"
    read as blank (unknown); text that cannot be read gives ``("", problem)``."""
    return _reader_for(target, date_order)(raw)


def _date_order(values: Iterable[str]) -> str | None:
    """``mdy`` or ``dmy`` when some value of a date column settles it (a part above 12), else None."""
    orders = set()
    for value in values:
        parts = _date_parts(_clean(value))
        if parts is None:
            continue
        if parts[0] > 12 >= parts[1]:
            orders.add("dmy")
        elif parts[1] > 12 >= parts[0]:
            orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None


def _fractions(values: Sequence[str]) -> bool:
    """True when every known value of a percentage column is a plain number between 0 and 1 and one is a
    fraction (a spreadsheet's 35% arrives as 0.35)."""
    numbers = []
    for value in values:
        text = _clean(value)
        if not text or _is_unknown_word(text):
            continue
        if "%" in text:
            return False
        try:
            numbers.append(float(text))
        except ValueError:
            return False
    return bool(numbers) and all(0 <= n <= 1 for n in numbers) and any(0 < n < 1 for n in numbers)


# --- applying a mapping ---------------------------------------------------------------------------------


def _positions(header: Sequence[str], mapping: ColumnMapping) -> list[tuple[int, str, str]]:
    """(position in the file, the file's column name, target) for every mapped column the file has."""
    found = []
    taken: set[str] = set()
    for position, name in enumerate(header):
        target = mapping.target_of(name) if name.strip() else None
        if target is None or target not in MAPPING_TARGETS:
            continue
        filled = ("visa_j1", "visa_h1b") if target == VISA_WORDS else (target,)
        if taken & set(filled):
            continue
        taken |= set(filled)
        found.append((position, name.strip(), target))
    return found


@dataclass(frozen=True, slots=True)
class _Mapped:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    originals: tuple[dict[str, str], ...]
    issues: tuple[Issue, ...]
    labels: Mapping[str, str]
    interviews: tuple[str, ...] = ()
    """Each row's interview day (ISO text, blank when none or unreadable), when a column is mapped to it."""


def _apply(header: Sequence[str], rows: Sequence[Sequence[str]], mapping: ColumnMapping) -> _Mapped:
    columns = _positions(header, mapping)
    issues: list[Issue] = []
    targets: list[str] = []
    labels: dict[str, str] = {}
    readers: dict[str, Reader] = {}
    scaled: set[str] = set()
    shares: set[tuple[int, str]] = set()
    for position, name, target in columns:
        values = [row[position] if position < len(row) else "" for row in rows]
        if target == VISA_WORDS:
            targets += ["visa_j1", "visa_h1b"]
            labels["visa_j1"] = labels["visa_h1b"] = name
            continue
        targets.append(target)
        labels[target] = name
        readers[target] = _reader_for(target, _date_order(values))
        if target == "img_share" and _fractions(values):
            scaled.add(target)
            issues.append(
                Issue(
                    "fraction-percent",
                    Severity.WARNING,
                    "every value is between 0 and 1, so they are read as fractions (0.35 → 35%)",
                    f"row 1, column {name}",
                    1,
                    target,
                )
            )
        elif target == "img_share":
            for index in sorted(shares_among_percents([_clean(value) for value in values])):
                shares.add((index, target))
                typed = _clean(values[index])
                issues.append(
                    Issue(
                        "share-as-percent",
                        Severity.WARNING,
                        f"{typed} is read as {format_number(round(float(typed.lstrip('~')) * 100, 6))}% (a "
                        f"spreadsheet percent cell among typed percentages); write {typed}% if you meant less "
                        "than one percent",
                        f"row {index + 2}, column {name}",
                        index + 2,
                        target,
                    )
                )
    ordered = [c for c in MAPPING_TARGETS if c in targets and c not in (VISA_WORDS, INTERVIEW_DATE)]
    out_rows: list[tuple[str, ...]] = []
    originals: list[dict[str, str]] = []
    interviews: list[str] = []
    for index, row in enumerate(rows):
        row_number = index + 2
        cells: dict[str, str] = {}
        original: dict[str, str] = {}
        for position, name, target in columns:
            raw = row[position] if position < len(row) else ""
            where = f"row {row_number}, column {name}"
            if target == VISA_WORDS:
                original["visa_j1"] = original["visa_h1b"] = raw
                j1, h1b, problem = read_visa_words(raw)
                if problem is not None:
                    issues.append(Issue("unreadable-value", Severity.ERROR, problem, where, row_number, target))
                cells["visa_j1"] = "" if j1 is None else ("yes" if j1 else "no")
                cells["visa_h1b"] = "" if h1b is None else ("yes" if h1b else "no")
                continue
            original[target] = raw
            text, problem = readers[target](raw)
            if problem is not None:
                issues.append(Issue("unreadable-value", Severity.ERROR, problem, where, row_number, target))
            elif (target in scaled or (index, target) in shares) and text:
                text = format_number(round(float(text) * 100, 6))
            cells[target] = text
        out_rows.append(tuple(cells.get(column, "") for column in ordered))
        originals.append(original)
        interviews.append(cells.get(INTERVIEW_DATE, ""))
    return _Mapped(
        tuple(ordered),
        tuple(out_rows),
        tuple(originals),
        tuple(issues),
        labels,
        tuple(interviews) if INTERVIEW_DATE in targets else (),
    )


@dataclass(frozen=True, slots=True)
class InterviewRow:
    """An interview read from a file's row: its spreadsheet ``row``, the program ``code`` and the day."""

    row: int
    code: str
    held_on: date


def interview_rows(header: Sequence[str], rows: Sequence[Sequence[str]], mapping: ColumnMapping) -> list[InterviewRow]:
    """The interviews a file holds through ``mapping``'s ``interview_date`` column: one per row with both a
    program code and a readable date (past or upcoming), in row order. Empty when no column is mapped to it.
    Unreadable dates are not here: :func:`map_sheet` reports them as errors."""
    if INTERVIEW_DATE not in {target for _, target in mapping.pairs}:
        return []
    mapped = _apply(header, rows, mapping)
    if not mapped.interviews or "code" not in mapped.header:
        return []
    at = mapped.header.index("code")
    found = []
    for index, (row, day) in enumerate(zip(mapped.rows, mapped.interviews, strict=True)):
        code = row[at].strip()
        if code and day:
            found.append(InterviewRow(index + 2, code, date.fromisoformat(day)))
    return found


def map_sheet(
    header: Sequence[str], rows: Sequence[Sequence[str]], mapping: ColumnMapping, *, today: date
) -> SheetParse:
    """Read a foreign table through ``mapping``: check the mapping, normalise every mapped cell, then check
    the result with the sheet's own rules (:func:`parse_sheet`).

    Returns the programs and every issue, each naming the file's row and column ("row 4, column IMG %
    (img_share)"); callers must not save anything when ``ok`` is false. A mapping error (a required column
    unmapped, two columns on one target) is reported once and no row is read.
    """
    mapping_issues = check_mapping(header, mapping)
    if any(issue.is_error for issue in mapping_issues):
        return SheetParse((), tuple(mapping_issues))
    mapped = _apply(header, rows, mapping)
    parsed = parse_sheet(list(mapped.header), [list(row) for row in mapped.rows], today=today, read_shares=False)
    issues = list(mapping_issues) + list(mapped.issues)
    reported = {(issue.where, issue.code) for issue in mapped.issues}
    unreadable_cells = {issue.where for issue in mapped.issues}
    for issue in parsed.issues:
        if issue.code in ("missing-column", "unknown-column"):
            continue
        where = _relabel(issue, mapped.labels)
        if (where, issue.code) in reported or where in unreadable_cells:
            continue
        issues.append(Issue(issue.code, issue.severity, issue.message, where, issue.row, issue.column))
    return SheetParse(parsed.programs, tuple(issues))


def _relabel(issue: Issue, labels: Mapping[str, str]) -> str:
    """Where ``issue`` is, naming the file's column ("IMG % (img_share)") instead of the sheet's."""
    if issue.row is None or issue.column is None:
        return issue.where
    name = labels.get(issue.column)
    if name is None:
        return issue.where
    shown = name if normalise_header(name) == issue.column else f"{name} ({issue.column})"
    return f"row {issue.row}, column {shown}"


def is_mapping_issue(issue: Issue) -> bool:
    """True when ``issue`` is about the column mapping itself (its ``column`` is the file's column, or the
    required sheet column left unmapped) rather than about a cell."""
    return issue.row is None and issue.column is not None


# --- preview --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreviewCell:
    """One cell of the preview: the sheet ``column``, the ``text`` that will be imported, what the file said
    (``original``) and the problems found in it (``problems``; ``error`` when one of them blocks)."""

    column: str
    text: str
    original: str
    problems: tuple[str, ...] = ()
    error: bool = False

    @property
    def changed(self) -> bool:
        """True when the value was rewritten (``Y`` → ``yes``, ``35%`` → ``35``)."""
        return self.text != self.original.strip()


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One row of the preview: its spreadsheet ``row`` number, its cells, and its problems not tied to a cell."""

    row: int
    cells: tuple[PreviewCell, ...]
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing in this row blocks the import."""
        return not any(cell.error for cell in self.cells) and not self.problems


@dataclass(frozen=True, slots=True)
class SheetPreview:
    """The first rows of a file as they will be imported, every problem marked, and the whole file's check.

    ``columns`` are the sheet columns the mapping fills (sheet order); ``labels`` the file's name for each;
    ``ignored`` the file's columns that are not imported; ``parse`` the check of the whole file."""

    columns: tuple[str, ...]
    labels: Mapping[str, str]
    rows: tuple[PreviewRow, ...]
    ignored: tuple[str, ...]
    total_rows: int
    parse: SheetParse

    @property
    def ok(self) -> bool:
        """True when the whole file can be imported (no error anywhere)."""
        return self.parse.ok


def preview(
    header: Sequence[str], rows: Sequence[Sequence[str]], mapping: ColumnMapping, *, today: date, limit: int = 10
) -> SheetPreview:
    """The first ``limit`` non-blank rows of a foreign table as ``mapping`` imports them, each problem on
    its cell, with the check of the whole file (:func:`map_sheet`)."""
    parsed = map_sheet(header, rows, mapping, today=today)
    used = {_key(name) for name, _ in _mapped_names(header, mapping)}
    ignored = tuple(name.strip() for name in header if name.strip() and _key(name) not in used)
    if any(issue.code in ("unmapped-required", "duplicate-target", "unknown-target") for issue in parsed.issues):
        return SheetPreview((), {}, (), ignored, _count_rows(rows), parsed)
    mapped = _apply(header, rows, mapping)
    by_cell: dict[tuple[int, str], list[Issue]] = {}
    by_row: dict[int, list[str]] = {}
    for issue in parsed.issues:
        if issue.row is None:
            continue
        row_number = issue.row
        columns = _columns_of(issue.column)
        if not columns:
            by_row.setdefault(row_number, []).append(f"{issue.severity.value}: {issue.message}")
        for target in columns:
            by_cell.setdefault((row_number, target), []).append(issue)
    shown_rows: list[PreviewRow] = []
    extra = (INTERVIEW_DATE,) if mapped.interviews else ()
    columns_shown = (*mapped.header, *extra)
    for index, row in enumerate(mapped.rows):
        if len(shown_rows) >= limit:
            break
        row_number = index + 2
        if all(not cell.strip() for cell in rows[index]):
            continue
        cells = []
        texts = (*row, mapped.interviews[index]) if extra else row
        for column, text in zip(columns_shown, texts, strict=True):
            found = by_cell.get((row_number, column), [])
            cells.append(
                PreviewCell(
                    column,
                    text,
                    mapped.originals[index].get(column, ""),
                    tuple(f"{issue.severity.value}: {issue.message}" for issue in found),
                    any(issue.is_error for issue in found),
                )
            )
        shown_rows.append(PreviewRow(row_number, tuple(cells), tuple(by_row.get(row_number, ()))))
    return SheetPreview(columns_shown, mapped.labels, tuple(shown_rows), ignored, _count_rows(rows), parsed)


def _mapped_names(header: Sequence[str], mapping: ColumnMapping) -> list[tuple[str, str]]:
    return [(name, target) for _, name, target in _positions(header, mapping)]


def _columns_of(column: str | None) -> list[str]:
    """The sheet columns an issue's ``column`` names (``visa`` fills both visa columns; a column letter none)."""
    if column == VISA_WORDS:
        return ["visa_j1", "visa_h1b"]
    return [column] if column is not None and column in MAPPING_TARGETS else []


def _count_rows(rows: Sequence[Sequence[str]]) -> int:
    return sum(1 for row in rows if any(cell.strip() for cell in row))


# --- suggesting a mapping -------------------------------------------------------------------------------

_NAMES: Mapping[str, tuple[str, ...]] = {
    **{column.name: (column.name.replace("_", " "), *column.aliases) for column in COLUMNS},
    VISA_WORDS: ("visa", "visas", "visa sponsorship", "visa status", "sponsorship", "visas sponsored",
                 "visa type", "visa types", "visa sponsored"),
    INTERVIEW_DATE: ("interview date", "interview", "interview day", "interview dates", "interview days",
                     "interviewed on", "interview on", "date of interview", "day of interview", "interviewed"),
}  # fmt: skip
"""Names a spreadsheet may give each mapping target (the registry's aliases, and the visa words)."""


@dataclass(frozen=True, slots=True)
class ColumnSuggestion:
    """What is suggested for one of the file's columns: its ``target`` (None: not imported), how sure the
    suggestion is (0 to 1), why (``reason``), and a few ``examples`` of its values."""

    column: str
    target: str | None
    confidence: float
    reason: str
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MappingSuggestion:
    """A suggested mapping: one :class:`ColumnSuggestion` per named column of the file, and the mapping they
    make (``mapping``)."""

    columns: tuple[ColumnSuggestion, ...]

    @property
    def mapping(self) -> ColumnMapping:
        """The suggested mapping."""
        return ColumnMapping(tuple((c.column, c.target) for c in self.columns if c.target is not None))

    @property
    def unmapped_required(self) -> tuple[str, ...]:
        """Required sheet columns no column is suggested for."""
        targets = {c.target for c in self.columns}
        if VISA_WORDS in targets:
            targets |= {"visa_j1", "visa_h1b"}
        return tuple(column for column in REQUIRED_COLUMNS if column not in targets)


@lru_cache(maxsize=8192)
def _name_key(name: str) -> str:
    key = name.lower().replace("-", "").replace("_", " ")
    key = key.replace("%", " percent ").replace("#", " number ")
    key = re.sub(r"[^a-z0-9 ]", " ", key)
    return " ".join(key.split())


_CLOSE_ENOUGH = 0.72
"""How similar (difflib's ratio) a column's name must be to a known name of a column to be suggested for it."""


@lru_cache(maxsize=65536)
def _name_score(name: str, target: str) -> tuple[float, str]:
    # Pure in its two names, and asked for every column against every target each time a sheet's columns are
    # suggested (preview, then apply, and again on every upload of the same sheet): kept, like the keys.
    key = _name_key(name)
    if not key:
        return 0.0, ""
    if key == _name_key(target):
        return 1.0, f"the name is {target!r}"
    best, why = 0.0, ""
    for known in _NAMES.get(target, (_name_key(target),)):
        known_key = _name_key(known)
        if key == known_key:
            return 0.95, f"the name {name.strip()!r} means {target!r}"
        words, known_words = set(key.split()), set(known_key.split())
        ratio = 0.0
        if known_words and known_words <= words and len(known_key) >= 3:
            ratio = 0.8 - 0.05 * len(words - known_words)
        # The full similarity only where it could count: at least the 0.72 a match needs and more than the best so
        # far. Its quick upper bounds rule most pairs out (same answers, several times faster on wide sheets).
        needed = max(best, ratio, _CLOSE_ENOUGH)
        matcher = difflib.SequenceMatcher(None, key, known_key)
        if matcher.real_quick_ratio() >= needed and matcher.quick_ratio() >= needed:
            ratio = max(ratio, matcher.ratio())
        if ratio > best:
            best, why = ratio, f"the name {name.strip()!r} is close to {known!r}"
    return (best, why) if best >= _CLOSE_ENOUGH else (0.0, "")


def _value_fit(target: str, values: Sequence[str]) -> float:
    """The share of known values the target reads without a problem (1.0 when there are none)."""
    known = [v for v in values if _clean(v) and not _is_unknown_word(_clean(v))]
    if not known:
        return 1.0
    if target == VISA_WORDS:
        readable = sum(1 for v in known if read_visa_words(v)[2] is None)
    else:
        reader = _reader_for(target, _date_order(known))
        readable = sum(1 for v in known if reader(v)[1] is None)
    return readable / len(known)


_CODE_PATTERN = re.compile(r"^\d{7}[CAPRTM]\d$", re.IGNORECASE)


def _value_kind(values: Sequence[str]) -> tuple[str | None, str]:
    """A target the values alone point to, when they are distinctive enough, with the reason."""
    known = [_clean(v) for v in values if _clean(v) and not _is_unknown_word(_clean(v))]
    if len(known) < 2:
        return None, ""
    count = len(known)

    def share(test: Callable[[str], bool]) -> float:
        return sum(1 for v in known if test(v)) / count

    if share(lambda v: _CODE_PATTERN.match(v) is not None) >= 0.9:
        return "code", f"the values look like NRMP program codes ({known[0]})"
    if share(lambda v: v.replace(".", "").upper() in US_STATES) >= 0.9:
        return "state", f"the values look like state codes ({', '.join(sorted(set(known))[:3])})"
    if share(lambda v: v.endswith("%")) >= 0.8 and _value_fit("img_share", known) >= 0.9:
        return "img_share", "the values are percentages"
    names_visas = share(lambda v: re.search(r"[jh][\s\-]?1", v.lower()) is not None) >= 0.5
    if names_visas and _value_fit(VISA_WORDS, known) >= 0.9:
        return VISA_WORDS, "the values name visas (J-1, H-1B)"
    if share(lambda v: _date_reader(None)(v)[1] is None or _date_parts(v) is not None) >= 0.9:
        return "checked_on", "the values are dates"
    if share(lambda v: Track.parse(v) is not None) >= 0.9 and share(lambda v: len(v) > 1) > 0:
        return "track", "the values are tracks"
    return None, ""


_OTHER_DATES = re.compile(
    r"\b(interview\w*|invit\w*|appl(y|ied|ication)s?|submi\w*|sent|deadlines?|due|starts?|start\w*|opens?|"
    r"closes?|closing|received|rank\w*|match|signal\w*|visit\w*|rotation\w*|second look|offers?|reply|replied|"
    r"respon\w*|thank\w*|email\w*|call\w*|meeting|event|birth\w*|graduat\w*|exam\w*|test\w*|step|"
    r"orientation|dinner|social|follow\s*up|lor|letters?|decision\w*)\b"
)


def other_date_reason(name: str) -> str | None:
    """Why the file's column ``name`` holds dates of something else than when facts were checked (an
    interview, an application, a deadline, ...), or None when its name does not say so.

    Such a column is never suggested as ``checked_on`` (nor any ``<column>_checked_on``): one upcoming
    interview would read as a fact checked in the future. The user may still map it by hand."""
    found = _OTHER_DATES.search(_name_key(name))
    if found is None:
        return None
    return (
        f"its name says these are dates of something else ({found.group(0)!r}), not when facts were checked; "
        "choose a column only if it holds what you mean"
    )


_INTERVIEW_WORDS = frozenset({"interview", "interviews", "interviewed", "date", "dates", "day", "days", "on", "of",
                              "s", "the", "my"})  # fmt: skip


def _names_interview_day(name: str) -> bool:
    """True when the column's name says it holds interview days ("Interview date", "Interview", "Interview
    day") and nothing else ("Interview invite date" and "Interview thank-you sent" are other days)."""
    words = set(_name_key(name).split())
    return bool(words & {"interview", "interviews", "interviewed"}) and words <= _INTERVIEW_WORDS


def _looks_yes_no(values: Sequence[str]) -> bool:
    known = [v for v in values if _clean(v) and not _is_unknown_word(_clean(v))]
    return bool(known) and all(_read_yes_no(v)[1] is None for v in known)


def suggest_mapping(header: Sequence[str], rows: Sequence[Sequence[str]], *, sample: int = 200) -> MappingSuggestion:
    """Suggest which sheet column each of the file's columns holds, by name and by the values seen.

    Steps: score every (file column, target) pair — a name score (exact, a known synonym, or a close
    spelling) adjusted by how many of the column's first ``sample`` values the target reads, or, when the
    name says nothing, a value score for distinctive values (program codes, state codes, percentages, visa
    words, dates, tracks); then assign greedily, best score first, each target and each column once, keeping
    scores of at least 0.5. A column left unmapped says what its values look like.
    """
    columns = [(position, name) for position, name in enumerate(header) if name.strip()]
    values = {
        position: [row[position] if position < len(row) else "" for row in rows[:sample]] for position, _ in columns
    }
    candidates: list[tuple[float, int, str, str]] = []
    for position, name in columns:
        column_values = values[position]
        other_dates = other_date_reason(name) is not None
        for target in MAPPING_TARGETS:
            if other_dates and (target == "checked_on" or target.endswith("_checked_on")):
                continue
            if target == INTERVIEW_DATE and not _names_interview_day(name):
                continue
            score, why = _name_score(name, target)
            if score <= 0:
                continue
            fit = _value_fit(target, column_values)
            if target == INTERVIEW_DATE and fit < 0.9:
                continue  # "Interview: yes / invited" is not a day
            candidates.append((score * (0.6 + 0.4 * fit), position, target, why + _fit_note(fit)))
        kind, why = _value_kind(column_values)
        if kind is not None and not (other_dates and kind == "checked_on"):
            candidates.append((0.55 * _value_fit(kind, column_values), position, kind, why))
    candidates.sort(key=lambda item: (-item[0], item[1], MAPPING_TARGETS.index(item[2])))
    chosen: dict[int, tuple[str, float, str]] = {}
    filled: set[str] = set()
    for score, position, target, why in candidates:
        if score < _SUGGEST_THRESHOLD or position in chosen:
            continue
        fills = {"visa_j1", "visa_h1b"} if target == VISA_WORDS else {target}
        if fills & filled:
            continue
        chosen[position] = (target, score, why)
        filled |= fills
    suggestions = []
    for position, name in columns:
        examples = tuple(dict.fromkeys(_clean(v) for v in values[position] if _clean(v)))[:3]
        if position in chosen:
            target, score, why = chosen[position]
            suggestions.append(ColumnSuggestion(name.strip(), target, round(min(score, 1.0), 2), why, examples))
        else:
            hint = other_date_reason(name) or ""
            if not hint and _looks_yes_no(values[position]):
                hint = "its values look like yes/no; choose which fact"
            suggestions.append(
                ColumnSuggestion(name.strip(), None, 0.0, hint or "no sheet column matches its name", examples)
            )
    return MappingSuggestion(tuple(suggestions))


def _fit_note(fit: float) -> str:
    if fit >= 0.999:
        return ""
    return f"; {round((1 - fit) * 100)}% of its values cannot be read as such"


def describe_target(target: str) -> str:
    """A short label for a mapping target (``visa`` → "visa (J-1 and H-1B in words)")."""
    if target == INTERVIEW_DATE:
        return "interview date (records your interview, not a sheet fact)"
    return "visa (J-1 and H-1B in words)" if target == VISA_WORDS else target
