"""Plain words for the web pages: labels, values as people read them, and the sheet's query from a URL.

Everything here is pure (no requests, no database), so the pages and the tests share one vocabulary. Unknown
values are shown as "unknown", never as "no".
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlencode

from matchpilot.domain import (
    PROFILE_KEYS,
    SORTABLE_COLUMNS,
    ApplicantType,
    Program,
    ProgramFilter,
    ProgramQuery,
    ProgramType,
    Step3Status,
    Target,
    Track,
    VisaKind,
    VisaNeed,
    profile_to_dict,
)
from matchpilot.domain.cells import format_number, twelve_months_before
from matchpilot.domain.columns import COLUMNS
from matchpilot.domain.geography import CENSUS_DIVISIONS, Setting
from matchpilot.domain.mapping import INTERVIEW_DATE, MAPPING_TARGETS, VISA_WORDS, describe_target
from matchpilot.domain.profile import Profile
from matchpilot.domain.sheet import SHEET_COLUMNS
from matchpilot.errors import InputError, NextStep
from matchpilot.pick import DEFAULT_THRESHOLD, ApplicationsCurve, check_threshold

__all__ = [
    "FILTER_KEYS",
    "NEXT_STEP_LINKS",
    "PER_PAGE",
    "PICK_CATEGORIES",
    "PICK_KEYS",
    "PROFILE_FIELDS",
    "PROGRAM_FIELDS",
    "TABLE_COLUMNS",
    "TARGET_GROUPS",
    "AppChart",
    "AppChartRow",
    "Chart",
    "ChartPoint",
    "FactRow",
    "FieldSpec",
    "PickRequest",
    "SheetRequest",
    "TableColumn",
    "Tick",
    "applications_chart",
    "fact_rows",
    "fact_text",
    "line_chart",
    "next_step_link",
    "percent",
    "pick_request",
    "plain_reason",
    "profile_form_values",
    "program_names",
    "sheet_request",
    "step_link",
    "with_params",
    "yes_no",
]

PER_PAGE = 50
"""Programs per page of the sheet."""

MAX_PAGE = 1_000_000
"""The highest page number read from a URL (a larger one means the last page)."""

UNKNOWN = "unknown"

PROGRAM_FIELDS: Mapping[str, str] = {column.name: column.label for column in COLUMNS if column.fact}
"""Every fact of a program, in the order the program page shows them, with its label."""

_OWN_COLUMNS = frozenset(column.name for column in COLUMNS if column.private)
"""The applicant's own entries: they have no outside source."""


NEXT_STEP_LINKS: dict[NextStep, tuple[str, str]] = {
    NextStep.FILL_PROFILE: ("/profile", "Fill in your profile"),
    NextStep.IMPORT_SHEET: ("/programs/import", "Import your sheet"),
    NextStep.ADD_TO_RANK_LIST: ("/rank-list", "Add programs to your rank list"),
    NextStep.CERTIFY_RANK_LIST: ("/rank-list#certify", "Record the day you certified"),
    NextStep.WRITE_THANK_YOU: ("/compose?kind=thank-you", "Write the thank-you"),
    NextStep.WRITE_LETTER: ("/compose", "Write a letter"),
    NextStep.REVIEW_PROGRAMS: ("/programs", "Open the program sheet"),
    NextStep.EDIT_PROGRAM: ("/programs", "Open the program sheet"),
    NextStep.PICK_PROGRAMS: ("/picks", "Open My list"),
    NextStep.PLAN_MATCH_WEEK: ("/match-week", "Open Match Week"),
    NextStep.CLEAR_DEMO: ("/sheet/clear-demo", "Clear the demo data"),
}
"""How the web app words each next step an error names: a page to go to and the button's words."""


def next_step_link(step: object) -> tuple[str, str] | None:
    """The ``(address, words)`` of the button for ``step`` (a :class:`NextStep` or its value); None when there is
    no step (None, or a template variable the page did not set)."""
    if not isinstance(step, str) or step not in NextStep.__members__.values():
        return None
    return NEXT_STEP_LINKS.get(NextStep(step))


def step_link(target: NextStep, program: str | None = None) -> tuple[str, str]:
    """The ``(address, words)`` of the link for a step of the home page's plan: ``target``'s page, or the page
    of ``program`` when the step concerns one (its Edit facts page, or a letter to it)."""
    address, words = NEXT_STEP_LINKS[target]
    if program is not None:
        code = quote(program, safe="")
        if target is NextStep.EDIT_PROGRAM:
            return f"/programs/{code}/edit", "Edit its facts"
        if target in (NextStep.WRITE_THANK_YOU, NextStep.WRITE_LETTER):
            joiner = "&" if "?" in address else "?"
            return f"{address}{joiner}program={code}", words
    return address, words


def yes_no(value: bool | None) -> str:
    """``yes``, ``no`` or ``unknown``."""
    if value is None:
        return UNKNOWN
    return "yes" if value else "no"


def _visa(value: bool | None, name: str) -> str:
    if value is None:
        return UNKNOWN
    return f"sponsors {name}" if value else f"does not sponsor {name}"


def fact_text(program: Program, column: str) -> str:
    """One fact of ``program`` in plain words ("sponsors J-1", "35%", "unknown")."""
    value = getattr(program, column)
    if column == "visa_j1":
        return _visa(program.visa_j1, "J-1")
    if column == "visa_h1b":
        return _visa(program.visa_h1b, "H-1B")
    if column == "notes":
        return value or "no notes"
    if column == "interest":
        return f"{value} of 5" if value is not None else "not rated"
    if value is None or value == ():
        return UNKNOWN
    if isinstance(value, bool):
        return yes_no(value)
    if column == "img_share":
        return f"{format_number(value)}%"
    if column == "max_years_since_graduation":
        return f"{value} years"
    if isinstance(value, Track):
        return value.label
    if isinstance(value, StrEnum):
        return value.value.capitalize()
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float):
        return format_number(value)
    return str(value)


@dataclass(frozen=True, slots=True)
class FactRow:
    """One line of the program page: a fact, its value in words and where it came from.

    ``own`` marks the applicant's own entries (interest, notes), which have no outside source; ``specific``
    marks a fact with its own source or date rather than the row's."""

    column: str
    label: str
    value: str
    unknown: bool
    source: str | None
    checked_on: date | None
    stale: bool
    own: bool
    specific: bool


def fact_rows(program: Program, today: date) -> list[FactRow]:
    """Every fact of ``program`` with its provenance; ``stale`` when checked more than 12 months before
    ``today``."""
    stale_before = twelve_months_before(today)
    rows: list[FactRow] = []
    for column, label in PROGRAM_FIELDS.items():
        value = getattr(program, column)
        provenance = program.provenance_of(column)
        checked = provenance.checked_on
        rows.append(
            FactRow(
                column=column,
                label=label,
                value=fact_text(program, column),
                unknown=value is None or value == (),
                source=provenance.source,
                checked_on=checked,
                stale=checked is not None and checked < stale_before,
                own=column in _OWN_COLUMNS,
                specific=column in program.provenance,
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class TableColumn:
    """A column of the sheet table: its key, its header, and the sheet columns its header sorts by (one link
    each, named by ``sorts``'s text; a header with one sort is itself the link)."""

    key: str
    label: str
    sorts: tuple[tuple[str, str], ...] = ()
    numeric: bool = False

    @property
    def sort_columns(self) -> tuple[str, ...]:
        """The sheet columns this header can sort by."""
        return tuple(column for column, _ in self.sorts)


def _sorted_by(column: str, label: str, *, numeric: bool = False) -> TableColumn:
    return TableColumn(column, label, ((column, label),), numeric)


TABLE_COLUMNS: tuple[TableColumn, ...] = (
    _sorted_by("name", "Program"),
    _sorted_by("state", "Place"),
    _sorted_by("specialty", "Specialty"),
    _sorted_by("track", "Track"),
    _sorted_by("positions", "Positions", numeric=True),
    TableColumn("visas", "Visa sponsorship", (("visa_j1", "J-1"), ("visa_h1b", "H-1B"))),
    _sorted_by("img_share", "IMG share", numeric=True),
    _sorted_by("min_step2", "Step 2 min.", numeric=True),
    _sorted_by("interest", "Interest", numeric=True),
    _sorted_by("checked_on", "Checked"),
)
"""The columns of the program sheet table, left to right (every sort is one of ``SORTABLE_COLUMNS``)."""

FILTER_KEYS: tuple[str, ...] = ("state", "specialty", "track", "visa", "min_img_share", "search", "favourites")
"""The query parameters of the sheet's filter form (the CLI's filters)."""


@dataclass(frozen=True, slots=True)
class SheetRequest:
    """The sheet page's query read from the URL: what to ask the services, what the form shows, and the
    problems found in the parameters (shown next to their fields; a bad filter is left out)."""

    query: ProgramQuery
    values: Mapping[str, str]
    errors: Mapping[str, str]
    params: Mapping[str, str]

    @property
    def filtered(self) -> bool:
        """True when any filter is in use."""
        return any(self.values.get(key) for key in FILTER_KEYS)


def sheet_request(
    raw: Mapping[str, str], *, per_page: int | None = PER_PAGE, favourites: Collection[str] = ()
) -> SheetRequest:
    """Read the sheet's filters, sort and page from query parameters (all text, all optional). With the
    ``favourites`` filter on, only the programs whose codes are in ``favourites`` are kept."""
    values = {key: (raw.get(key) or "").strip() for key in FILTER_KEYS}
    errors: dict[str, str] = {}
    track: Track | None = None
    if values["track"]:
        track = Track.parse(values["track"])
        if track is None:
            errors["track"] = f"{values['track']!r} is not a track"
    visa: VisaKind | None = None
    if values["visa"]:
        try:
            visa = VisaKind(values["visa"].lower())
        except ValueError:
            errors["visa"] = "choose J-1 or H-1B"
    min_share: float | None = None
    if values["min_img_share"]:
        try:
            min_share = float(values["min_img_share"].rstrip("%").strip())
        except ValueError:
            errors["min_img_share"] = f"{values['min_img_share']!r} is not a number"
        else:
            if not 0 <= min_share <= 100:
                errors["min_img_share"] = "must be between 0 and 100"
                min_share = None
    sort = (raw.get("sort") or "").strip()
    if sort not in SORTABLE_COLUMNS:
        sort = "name"
    descending = (raw.get("dir") or "").strip().lower() == "desc"
    page_text = (raw.get("page") or "1").strip()
    # a page past the last shows the last page; more digits than any sheet has pages mean "the last" too
    if not (page_text.isascii() and page_text.isdigit()):
        page = 1
    elif len(page_text) > len(str(MAX_PAGE)):
        page = MAX_PAGE
    else:
        page = min(max(1, int(page_text)), MAX_PAGE)
    criteria = ProgramFilter(
        state=values["state"] or None,
        specialty=values["specialty"] or None,
        track=track,
        visa=visa,
        min_img_share=min_share,
        search=values["search"] or None,
        codes=frozenset(favourites) if values["favourites"] else None,
    )
    params = {key: value for key, value in values.items() if value}
    params["sort"] = sort
    params["dir"] = "desc" if descending else "asc"
    return SheetRequest(
        query=ProgramQuery(criteria, sort, descending, page, per_page),
        values=values,
        errors=errors,
        params=params,
    )


def with_params(path: str, params: Mapping[str, object], **changes: object) -> str:
    """``path`` with the query ``params`` changed by ``changes`` (a value of None drops the key)."""
    merged = {**params, **changes}
    kept = [(key, str(value)) for key, value in merged.items() if value is not None and value != ""]
    return f"{path}?{urlencode(kept)}" if kept else path


# --- the profile form ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of the profile form: its key, label, kind of input, choices and a hint."""

    key: str
    label: str
    kind: str = "text"  # text | number | select | list
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    required: bool = False
    group: str = ""


_YES_NO_CHOICES = (("", "unknown / not given"), ("yes", "yes"), ("no", "no"))

PROFILE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "Your name", required=True, group="About you"),
    FieldSpec(
        "aamc_id",
        "AAMC ID",
        hint="the number on your ERAS account; letters to programs carry it",
        group="About you",
    ),
    FieldSpec(
        "applicant_type",
        "Applicant type",
        "select",
        (
            ("", "choose one"),
            (ApplicantType.US_MD.value, "US MD"),
            (ApplicantType.US_DO.value, "US DO"),
            (ApplicantType.US_IMG.value, "US IMG (US citizen, school abroad)"),
            (ApplicantType.NON_US_IMG.value, "Non-US IMG"),
        ),
        required=True,
        group="About you",
    ),
    FieldSpec(
        "graduation_year", "Year of medical school graduation", "number", hint="for example 2021", group="About you"
    ),
    FieldSpec("ecfmg_certified", "ECFMG certified", "select", _YES_NO_CHOICES, group="About you"),
    FieldSpec(
        "visa_need",
        "Visa you need",
        "select",
        (
            ("", "unknown / not given"),
            (VisaNeed.NONE.value, "none (US citizen or permanent resident)"),
            (VisaNeed.J1.value, "J-1"),
            (VisaNeed.H1B.value, "H-1B"),
            (VisaNeed.J1_OR_H1B.value, "J-1 or H-1B"),
        ),
        group="About you",
    ),
    FieldSpec("step1", "USMLE Step 1", hint="pass, fail, not_taken, or a numeric score", group="Exams"),
    FieldSpec("step2_ck", "USMLE Step 2 CK score", "number", hint="a score between 1 and 300", group="Exams"),
    FieldSpec(
        "step3",
        "USMLE Step 3",
        "select",
        (
            ("", "unknown / not given"),
            (Step3Status.NONE.value, "not taken"),
            (Step3Status.SCHEDULED.value, "scheduled"),
            (Step3Status.PASSED.value, "passed"),
        ),
        group="Exams",
    ),
    FieldSpec("exam_failures", "Exam attempts failed", "number", hint="0 to 20", group="Exams"),
    FieldSpec("usce_months", "US clinical experience, hands-on (months)", "number", group="Experience"),
    FieldSpec("usce_pmr_months", "…of which in PM&R (months)", "number", group="Experience"),
    FieldSpec("observership_months", "Observerships (months)", "number", group="Experience"),
    FieldSpec("research_items", "Research items (papers, posters, abstracts)", "number", group="Experience"),
    FieldSpec("pmr_research_items", "…of which in PM&R", "number", group="Experience"),
    FieldSpec(
        "letters",
        "Letters of recommendation",
        "list",
        hint="by specialty, for example: pmr, pmr, neurology",
        group="Experience",
    ),
    FieldSpec("languages", "Languages you speak", "list", hint="for example: English, Bengali", group="Preferences"),
    FieldSpec(
        "preferred_states",
        "Preferred states",
        "list",
        hint="2-letter codes, for example: NY, NJ, PA",
        group="Preferences",
    ),
    FieldSpec("avoid_states", "States to avoid", "list", hint="2-letter codes", group="Preferences"),
    FieldSpec(
        "preferred_divisions",
        "Preferred US Census divisions (up to 3)",
        "list",
        hint="any of: "
        + ", ".join(CENSUS_DIVISIONS)
        + " (the US Census Bureau's divisions). Your preferences change what a program is worth to you on My list,"
        " never your chance of an interview; an interest you give a program overrides them",
        group="Preferences",
    ),
    FieldSpec(
        "preferred_setting",
        "Preferred setting",
        "select",
        (("", "no preference"), *((s.value, s.value) for s in Setting)),
        hint="a program of your sheet in this setting (its Setting fact) is worth half a point more to you, never"
        " a better chance of an interview",
        group="Preferences",
    ),
    FieldSpec(
        "preferred_program_types",
        "Preferred program types",
        "list",
        hint="any of: " + ", ".join(t.value for t in ProgramType),
        group="Preferences",
    ),
    FieldSpec(
        "wanted_fellowships",
        "Fellowships you want the program to offer",
        "list",
        hint="for example: brain injury, spinal cord injury",
        group="Preferences",
    ),
    FieldSpec(
        "goals", "Career goals", "list", hint="for example: neurorehabilitation, brain injury", group="Preferences"
    ),
    FieldSpec(
        "targets",
        "Tracks you will accept",
        "list",
        hint="any of: " + ", ".join(target.value for target in Target),
        group="Preferences",
    ),
)
"""Every profile field, in the order of ``PROFILE_KEYS``'s groups, with how the form asks for it."""


def profile_form_values(profile: Profile | None) -> dict[str, str]:
    """The text the profile form shows for a stored profile (empty for a field not given)."""
    values = dict.fromkeys(PROFILE_KEYS, "")
    if profile is None:
        return values
    for key, value in profile_to_dict(profile).items():
        if isinstance(value, list):
            values[key] = ", ".join(str(item) for item in value)
        elif isinstance(value, bool):
            values[key] = "yes" if value else "no"
        elif isinstance(value, float):
            values[key] = format_number(value)
        else:
            values[key] = str(value)
    return values


# --- my list (pick) ------------------------------------------------------------------------------------

PICK_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("pmr", "PM&R"),
    ("prelim", "Preliminary"),
    ("transitional", "Transitional"),
    ("other", "Other"),
)
"""The kinds of position the list's bounds count, with their labels (the chances model's categories)."""

PICK_KEYS: tuple[str, ...] = (
    "max",
    "budget",
    *(f"{end}_{name}" for name, _ in PICK_CATEGORIES for end in ("min", "max")),
    "signals",
    "threshold",
)
"""The query parameters of the My list form."""


@dataclass(frozen=True, slots=True)
class PickRequest:
    """The My list form read from the URL: the limits (as plain numbers), what the form shows, the problems
    found (by field; a bad field is left out), the parameters to keep in links and the ``signals`` you fix
    by hand (code and tier, None: the only tier)."""

    max_applications: int | None
    budget: int | None
    minimums: Mapping[str, int]
    maximums: Mapping[str, int]
    values: Mapping[str, str]
    errors: Mapping[str, str]
    params: Mapping[str, str]
    signals: tuple[tuple[str, str | None], ...] = ()
    threshold: float = DEFAULT_THRESHOLD


def _whole(text: str, *, low: int) -> tuple[int | None, str | None]:
    try:
        number = int(text.replace(",", "").replace("$", "").strip())
    except ValueError:
        return None, f"{text!r} is not a whole number"
    if number < low:
        return None, f"must be at least {low}"
    return number, None


def pick_request(raw: Mapping[str, str]) -> PickRequest:
    """Read the My list form (all text, all optional): ``max``, ``budget``, ``min_CATEGORY``, ``max_CATEGORY``,
    and ``signals``: the programs you signal yourself, ``CODE`` or ``CODE:TIER``, separated by commas or spaces
    (checked against the season when the list is made)."""
    values = {key: (raw.get(key) or "").strip() for key in PICK_KEYS}
    errors: dict[str, str] = {}
    numbers: dict[str, int] = {}
    signals: list[tuple[str, str | None]] = []
    for part in re.split(r"[,;\s]+", values["signals"]):
        code, _, tier = part.partition(":")
        if code.strip():
            signals.append((code.strip(), tier.strip().lower() or None))
        elif part.strip():
            errors["signals"] = f"{part!r} names no program: write a code, or CODE:TIER (for example 1001140P0:gold)"
    threshold = DEFAULT_THRESHOLD
    if values["threshold"]:
        try:
            threshold = check_threshold(float(values["threshold"].replace(",", ".").rstrip("%").strip()))
        except ValueError:
            errors["threshold"] = f"{values['threshold']!r} is not a number of percentage points"
        except InputError:
            errors["threshold"] = "must be more than 0 and at most 100 percentage points"
            threshold = DEFAULT_THRESHOLD
    for key, text in values.items():
        if not text or key in ("signals", "threshold"):
            continue
        number, problem = _whole(text, low=1 if key == "max" else 0)
        if problem is not None:
            errors[key] = problem
        elif number is not None:
            numbers[key] = number
    minimums = {name: numbers[f"min_{name}"] for name, _ in PICK_CATEGORIES if f"min_{name}" in numbers}
    maximums = {name: numbers[f"max_{name}"] for name, _ in PICK_CATEGORIES if f"max_{name}" in numbers}
    for name, label in PICK_CATEGORIES:
        if name in minimums and name in maximums and minimums[name] > maximums[name]:
            errors[f"min_{name}"] = f"the least {label} ({minimums[name]}) is above the most ({maximums[name]})"
            del minimums[name]
    params = {key: value for key, value in values.items() if value and key not in errors}
    return PickRequest(
        numbers.get("max"),
        numbers.get("budget"),
        minimums,
        maximums,
        values,
        errors,
        params,
        () if "signals" in errors else tuple(signals),
        threshold,
    )


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """A point of a chart: its data (``x``, ``value``, ``p_any``) and where it is drawn (``cx``, ``cy``)."""

    x: int
    value: float
    p_any: float
    cx: float
    cy: float


@dataclass(frozen=True, slots=True)
class Tick:
    """An axis tick: its label and its position in the drawing."""

    label: str
    at: float


@dataclass(frozen=True, slots=True)
class Chart:
    """A line chart drawn on the server as SVG: the polyline, its points, the marked (chosen) point, the
    ticks of both axes and the size of the drawing (``left``/``bottom`` are where the axes are)."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    path: str
    points: tuple[ChartPoint, ...]
    marker: ChartPoint | None
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    if raw <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return 10.0 * magnitude


def line_chart(
    points: Sequence[tuple[int, float, float]],
    marked: tuple[int, float, float] | None,
    *,
    x_prefix: str = "",
    width: int = 640,
    height: int = 300,
) -> Chart | None:
    """Lay out a line chart of ``points`` (x, value, chance of a match), marking ``marked``; None without points.

    Pure: the template draws the SVG from the coordinates. The y axis starts at 0; ``x_prefix`` labels the x
    ticks (``$``).
    """
    if not points:
        return None
    left, right, top, bottom = 56.0, width - 16.0, 16.0, height - 44.0
    xs = [p[0] for p in points] + ([marked[0]] if marked else [])
    ys = [p[1] for p in points] + ([marked[1]] if marked else [])
    x_low, x_high = min(xs), max(xs)
    if x_high == x_low:
        x_high = x_low + 1
    y_step = _nice_step(max(ys) or 1.0, 4)
    y_high = max(y_step, math.ceil((max(ys) or 1.0) / y_step) * y_step)

    def place(x: int, y: float) -> tuple[float, float]:
        cx = left + (x - x_low) / (x_high - x_low) * (right - left)
        cy = bottom - y / y_high * (bottom - top)
        return round(cx, 1), round(cy, 1)

    drawn = tuple(ChartPoint(x, v, p, *place(x, v)) for x, v, p in points)
    marker = ChartPoint(marked[0], marked[1], marked[2], *place(marked[0], marked[1])) if marked else None
    x_step = max(1, round(_nice_step(x_high - x_low, 6)))
    first = math.ceil(x_low / x_step) * x_step
    x_ticks = tuple(Tick(f"{x_prefix}{x:,}", place(x, 0)[0]) for x in range(first, x_high + 1, x_step))
    y_ticks = tuple(
        Tick(format_number(round(i * y_step, 4)), place(x_low, i * y_step)[1])
        for i in range(round(y_high / y_step) + 1)
    )
    path = " ".join(f"{p.cx},{p.cy}" for p in drawn)
    return Chart(width, height, left, right, top, bottom, path, drawn, marker, x_ticks, y_ticks)


def percent(value: float) -> str:
    """A chance for people: one decimal below 10% (``7.5%``), whole percents above (``44%``)."""
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


_LOG_ODDS = re.compile(r" \(from [+-]\d+(?:\.\d+)? to [+-]\d+(?:\.\d+)?\)$")
_LOG_ODDS_TERM = re.compile(r":? ?[+-]?\d+(?:\.\d+)? log-odds")


def plain_reason(reason: str) -> str:
    """A reason of the list without the model's internal range of an unknown fact (log-odds, which mean nothing
    to a reader): ``Visa: unknown (from -0.5 to +0.5)`` becomes ``Visa: unknown`` and ``(an assumption: +0.8
    log-odds)`` becomes ``(an assumption)``. Each pattern is tried only on a reason holding its words (most hold
    neither: My list shows ~220 reasons per answer)."""
    if "(from " in reason:
        reason = _LOG_ODDS.sub("", reason)
    if "log-odds" in reason:
        reason = _LOG_ODDS_TERM.sub("", reason)
    return reason


@dataclass(frozen=True, slots=True)
class AppChartRow:
    """One row of the numbers behind the applications chart: the chances without and with signals, the fee of
    the list, and what is special about it (``notes``: your list, a fee step, the threshold point)."""

    applications: int
    p_any: float
    p_any_signals: float | None
    fee: int
    notes: tuple[str, ...]
    chosen: bool


@dataclass(frozen=True, slots=True)
class AppChart:
    """The chance of at least one match against the number of applications, laid out for an inline SVG.

    ``plain``/``signalled`` are the polylines (without and with signals); ``marker`` the chosen list
    (applications, chance, cx, cy); ``enough`` the threshold point (same shape, None when not reached);
    ``steps`` the fee steps (label, cx); ticks as in :class:`Chart`; ``rows`` the numbers for the table.
    """

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    plain: str
    signalled: str | None
    marker: tuple[int, float, float, float] | None
    enough: tuple[int, float, float, float] | None
    steps: tuple[tuple[str, float], ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    rows: tuple[AppChartRow, ...]
    threshold: float
    with_signals: bool


def applications_chart(curve: ApplicationsCurve, *, width: int = 640, height: int = 320) -> AppChart | None:
    """Lay out ``curve`` (pure: the template draws the SVG); None when it has no point. The y axis runs from 0%
    to 100%, the x axis from 0 to the last number of applications."""
    if not curve.points:
        return None
    left, right, top, bottom = 64.0, width - 20.0, 20.0, height - 52.0
    x_high = max(len(curve.points), 1)

    def place(x: int, y: float) -> tuple[float, float]:
        return round(left + x / x_high * (right - left), 1), round(bottom - y * (bottom - top), 1)

    def shown(point_index: int) -> float:
        point = curve.points[point_index]
        return point.p_any_signals if point.p_any_signals is not None else point.p_any

    plain = " ".join("{},{}".format(*place(p.applications, p.p_any)) for p in curve.points)
    signalled = (
        " ".join("{},{}".format(*place(p.applications, p.p_any_signals or 0.0)) for p in curve.points)
        if curve.with_signals
        else None
    )
    marker = None
    if 1 <= curve.chosen <= len(curve.points):
        chance = shown(curve.chosen - 1)
        marker = (curve.chosen, chance, *place(curve.chosen, chance))
    enough = None
    if curve.enough is not None:
        chance = shown(curve.enough - 1)
        enough = (curve.enough, chance, *place(curve.enough, chance))
    steps = tuple(
        (f"{step.specialty}: US${step.usd} from here", place(step.applications, 0.0)[0]) for step in curve.fee_steps
    )
    x_step = max(1, round(_nice_step(x_high, 6)))
    x_ticks = tuple(Tick(str(x), place(x, 0.0)[0]) for x in range(0, x_high + 1, x_step))
    y_ticks = tuple(Tick(f"{v}%", place(0, v / 100)[1]) for v in range(0, 101, 25))
    by_step = {step.applications: step for step in curve.fee_steps}
    rows: list[AppChartRow] = []
    for point in curve.points:
        notes: list[str] = []
        if point.applications == curve.chosen:
            notes.append("your list")
        step = by_step.get(point.applications)
        if step is not None:
            notes.append(f"{step.specialty}: US${step.usd} per application from here (was US${step.before})")
        if point.applications == curve.enough:
            notes.append(f"one more adds less than {_points(curve.threshold)} from here")
        rows.append(
            AppChartRow(
                point.applications,
                point.p_any,
                point.p_any_signals,
                point.fee,
                tuple(notes),
                point.applications == curve.chosen,
            )
        )
    return AppChart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        plain,
        signalled,
        marker,
        enough,
        steps,
        x_ticks,
        y_ticks,
        tuple(rows),
        curve.threshold,
        curve.with_signals,
    )


def _points(value: float) -> str:
    """``0.5 percentage points``, ``1 percentage point``."""
    return f"{value:g} percentage point{'' if value == 1 else 's'}"


def program_names(request: Any) -> dict[str, str]:
    """The names of the sheet's programs by code, for templates that only hold codes (read once per request)."""
    from matchpilot.web.owner import request_services_of

    known = getattr(request.state, "program_names", None)
    if not isinstance(known, dict):
        known = {p.code: p.name for p in request_services_of(request).list_programs().programs}
        request.state.program_names = known
    return known


TARGET_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Sheet columns", tuple((column, column) for column in SHEET_COLUMNS)),
    ("Both visas in words", ((VISA_WORDS, describe_target(VISA_WORDS)),)),
    ("Not a sheet fact", ((INTERVIEW_DATE, describe_target(INTERVIEW_DATE)),)),
    (
        "Source or date of one fact",
        tuple((t, t) for t in MAPPING_TARGETS if t not in SHEET_COLUMNS and t not in (VISA_WORDS, INTERVIEW_DATE)),
    ),
)
"""The choices of a mapping select, grouped (value, label)."""
