"""Public evidence a user brings: the US Department of Labor's H-1B labor condition application (LCA) files.

Pure parts only (no files, no clock: ``today`` is passed in):

- the file layouts: the columns matchpilot needs, under their FY2020+ names and the older ones
  (:data:`LCA_COLUMNS`, :func:`match_lca_header`);
- which rows are resident physicians (:func:`classify_role`, :func:`is_physician_soc`) and what a case status
  counts as (:func:`status_of`);
- DOL fiscal years (October to September, :func:`fiscal_year_of`);
- employer names normalised for comparison (:func:`normalise_employer`);
- the evidence for one institution (:class:`H1bEvidence`, :func:`summarise_h1b`) and its conflict with a sheet
  that says the program does not sponsor H-1B (:func:`h1b_conflict`).

An LCA is not a petition (about 80% of certified physician LCAs became approved petitions) and it rarely names the
specialty: it is evidence that an institution has sponsored H-1B residents, with a date — never proof for one
program.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "LCA_COLUMNS",
    "LCA_REQUIRED",
    "CaseStatus",
    "H1bEvidence",
    "LcaCase",
    "LcaHeader",
    "LcaRow",
    "Role",
    "classify_role",
    "fiscal_year_of",
    "h1b_conflict",
    "is_h1b_visa",
    "is_physician_soc",
    "match_lca_header",
    "normalise_employer",
    "parse_lca_date",
    "status_of",
    "summarise_h1b",
]


# --- the file layouts ------------------------------------------------------------------------------------

LCA_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        # our name: the file's names, the FY2020+ name first, then older ones
        "case_number": ("CASE_NUMBER", "LCA_CASE_NUMBER", "CASE_NO"),
        "case_status": ("CASE_STATUS", "STATUS", "APPROVAL_STATUS"),
        "decision_date": ("DECISION_DATE", "LCA_CASE_DECISION_DATE", "DECISION_DATE_TIME"),
        "received_date": ("RECEIVED_DATE", "CASE_SUBMITTED", "LCA_CASE_SUBMIT", "SUBMITTED_DATE"),
        "visa_class": ("VISA_CLASS", "PROGRAM", "PROGRAM_DESIGNATION"),
        "job_title": ("JOB_TITLE", "LCA_CASE_JOB_TITLE"),
        "soc_code": ("SOC_CODE", "LCA_CASE_SOC_CODE"),
        "soc_title": ("SOC_TITLE", "SOC_NAME", "LCA_CASE_SOC_NAME"),
        "employer_name": ("EMPLOYER_NAME", "LCA_CASE_EMPLOYER_NAME"),
        "employer_state": ("EMPLOYER_STATE", "LCA_CASE_EMPLOYER_STATE"),
        "positions": ("TOTAL_WORKER_POSITIONS", "TOTAL_WORKERS", "TOTAL_WORKERS_NEEDED"),
    }
)
"""Every column matchpilot reads, by its own name, with the names DOL files have used for it."""

LCA_REQUIRED: tuple[str, ...] = (
    "case_number",
    "case_status",
    "decision_date",
    "job_title",
    "soc_code",
    "employer_name",
    "employer_state",
)
"""The columns without which a file is not an LCA disclosure file matchpilot can use."""


@dataclass(frozen=True, slots=True)
class LcaHeader:
    """Where each column sits in a file's header: ``positions`` maps our names to 0-based indices;
    ``layout`` is ``"FY2020+"`` or ``"older"``; ``missing`` names the required columns (their FY2020+ names)
    the header lacks."""

    positions: Mapping[str, int]
    layout: str
    missing: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when every required column is there."""
        return not self.missing


def _header_key(name: object) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", str(name or "").strip().upper()).strip("_")


def match_lca_header(header: Sequence[object]) -> LcaHeader:
    """Find matchpilot's columns in ``header`` (case, spaces and punctuation ignored; FY2020+ or older names)."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(_header_key(name), position)
    positions: dict[str, int] = {}
    older = False
    for ours, names in LCA_COLUMNS.items():
        for rank, name in enumerate(names):
            if name in index:
                positions[ours] = index[name]
                older = older or rank > 0
                break
    missing = tuple(LCA_COLUMNS[name][0] for name in LCA_REQUIRED if name not in positions)
    return LcaHeader(MappingProxyType(positions), "older" if older else "FY2020+", missing)


# --- which rows count -------------------------------------------------------------------------------------


class Role(StrEnum):
    """What a kept LCA row is for: a resident (PGY, house officer, intern) or a clinical fellow."""

    RESIDENT = "resident"
    FELLOW = "fellow"


class CaseStatus(StrEnum):
    """A case's decision. ``certified`` and ``certified_withdrawn`` count as certified."""

    CERTIFIED = "certified"
    CERTIFIED_WITHDRAWN = "certified_withdrawn"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"

    @property
    def is_certified(self) -> bool:
        """True for Certified and Certified - Withdrawn."""
        return self in (CaseStatus.CERTIFIED, CaseStatus.CERTIFIED_WITHDRAWN)


_STATUSES = {
    "CERTIFIED": CaseStatus.CERTIFIED,
    "CERTIFIEDWITHDRAWN": CaseStatus.CERTIFIED_WITHDRAWN,
    "DENIED": CaseStatus.DENIED,
    "WITHDRAWN": CaseStatus.WITHDRAWN,
}


def status_of(text: object) -> CaseStatus | None:
    """The status of a ``CASE_STATUS`` cell ("Certified - Withdrawn", "CERTIFIED-WITHDRAWN", ...), or None."""
    return _STATUSES.get(re.sub(r"[^A-Z]", "", str(text or "").upper()))


def is_h1b_visa(text: object) -> bool:
    """True for an H-1B case (``VISA_CLASS`` "H-1B", or empty as in files that list only H-1B); False for the
    other visas the same files list: H-1B1 (Chile, Singapore) and E-3 (Australia)."""
    value = re.sub(r"[^A-Z0-9]", "", str(text or "").upper())
    return value in ("", "H1B")


_SOC = re.compile(r"^\s*29-?(12[1-4]\d|106\d)")


def is_physician_soc(code: object) -> bool:
    """True for a physician occupation code: SOC 2018 29-121x to 29-124x (29-1228 "physicians, all other"
    among them) and the older SOC 2010 29-106x (29-1069). Physician assistants (29-1071) and other 29-12xx
    codes that are not physicians (29-129x: acupuncturists, dental hygienists) do not count."""
    return bool(_SOC.match(str(code or "")))


_NOT_COUNTED = re.compile(
    r"\b(PHYSICIAN'?S?\s+ASSISTANT|PA-?C|RESEARCH|POST-?DOC\w*|POSTDOCTORAL|HOSPITALISTS?|ATTENDING|"
    r"FACULTY|PROFESSOR|INSTRUCTOR|NURSE|SCIENTIST|DIRECTOR|PRESIDENT|(?<!HOUSE\s)STAFF\s+PHYSICIAN|NOCTURNIST)\b"
)
_RESIDENT = re.compile(
    r"\b(RESIDENTS?|RESIDENCY|PGY\s*-?\s*\d*|HOUSE\s*(OFFICER|STAFF)|INTERNS?|INTERNSHIP|POST\s*GRADUATE\s+YEAR)\b"
)
_FELLOW = re.compile(r"\b(FELLOWS?|FELLOWSHIP)\b")


def classify_role(job_title: object, soc_code: object) -> Role | None:
    """Whether an LCA row is for a resident, a clinical fellow, or neither (None).

    Kept: a physician SOC code (:func:`is_physician_soc`) with a residency title ("Resident Physician",
    "PGY-2", "House Officer", "House Staff", "Intern") — a resident — or a fellow's title ("Clinical Fellow",
    "Cardiology Fellow") — a fellow, counted separately. Not counted: physician assistants, research fellows and
    postdocs, attending physicians (hospitalists, faculty, staff physicians), and titles that say none of these.
    """
    if not is_physician_soc(soc_code):
        return None
    title = str(job_title or "").upper()
    if _NOT_COUNTED.search(title):
        return None
    if _RESIDENT.search(title):
        return Role.RESIDENT
    if _FELLOW.search(title):
        return Role.FELLOW
    return None


# --- dates and fiscal years -------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d", "%d-%b-%Y", "%d-%b-%y")


def parse_lca_date(value: object) -> date | None:
    """A date from a cell: a date or datetime (spreadsheets), or text such as ``2024-10-01``,
    ``2024-10-01 00:00:00`` or ``10/01/2024``. None when empty or unreadable."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    text = text.split(" ")[0].split("T")[0]
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def fiscal_year_of(day: date) -> int:
    """The US federal (DOL) fiscal year of ``day``: FY N runs from 1 October of N-1 to 30 September of N."""
    return day.year + 1 if day.month >= 10 else day.year


# --- employer names ---------------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "UNIV": "UNIVERSITY",
    "UNIVERSTY": "UNIVERSITY",
    "U": "UNIVERSITY",
    "MED": "MEDICAL",
    "MEDL": "MEDICAL",
    "CTR": "CENTER",
    "CNTR": "CENTER",
    "CENTRE": "CENTER",
    "HOSP": "HOSPITAL",
    "HOSPS": "HOSPITALS",
    "SYS": "SYSTEM",
    "SYST": "SYSTEM",
    "ST": "SAINT",
    "STE": "SAINTE",
    "MT": "MOUNT",
    "HLTH": "HEALTH",
    "HEALTHCARE": "HEALTH CARE",
    "CLIN": "CLINIC",
    "INST": "INSTITUTE",
    "COLL": "COLLEGE",
    "SCH": "SCHOOL",
    "DEPT": "DEPARTMENT",
    "REG": "REGIONAL",
    "REGL": "REGIONAL",
    "CHILDRENS": "CHILDREN",
    "AND": "",
    "OF": "",
    "THE": "",
    "AT": "",
}
_SUFFIXES = {"INC", "INCORPORATED", "LLC", "LLP", "PLLC", "PC", "PA", "CORP", "CORPORATION", "CO", "LTD", "DBA"}


def normalise_employer(name: object) -> str:
    """An employer's name in the form used to compare names: upper case, punctuation dropped, the usual
    abbreviations spelled out (UNIV, MED, CTR, HOSP, SYS, ST., MT., HLTH ...), company suffixes (Inc., LLC,
    Corp.) and the little words (of, the, and, at) left out. ``"Univ. of Lakeview Med. Ctr., Inc."`` becomes
    ``"UNIVERSITY LAKEVIEW MEDICAL CENTER"``."""
    text = str(name or "").upper().replace("&", " AND ").replace("'", "")
    words = re.sub(r"[^A-Z0-9]+", " ", text).split()
    while words and words[-1] in _SUFFIXES:
        words.pop()
    out: list[str] = []
    for word in words:
        spelled = _ABBREVIATIONS.get(word, word)
        if spelled:
            out.extend(spelled.split())
    return " ".join(out)


# --- the evidence for one institution ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LcaRow:
    """A kept row of an LCA file: a resident or clinical fellow with a physician occupation code. The evidence
    store keeps one per case number."""

    case_number: str
    status: CaseStatus
    role: Role
    decision_date: date | None
    employer_name: str
    employer_state: str
    job_title: str
    soc_code: str
    visa_class: str


@dataclass(frozen=True, slots=True)
class LcaCase:
    """One kept LCA case (one per case number): its status, role, decision day, employer and source."""

    case_number: str
    status: CaseStatus
    role: Role
    decision_date: date | None
    employer_name: str
    employer_state: str
    job_title: str
    source: str
    imported_on: date

    @property
    def fiscal_year(self) -> int | None:
        """The DOL fiscal year of the decision, or None when the file gave no decision date."""
        return None if self.decision_date is None else fiscal_year_of(self.decision_date)


@dataclass(frozen=True, slots=True)
class H1bEvidence:
    """What the DOL LCA files say about H-1B residents at one institution (the employers linked to it).

    ``certified`` and ``denied`` count resident cases (Certified and Certified - Withdrawn count as certified;
    ``withdrawn`` are kept apart); ``fellows_certified`` counts certified clinical fellows separately.
    ``fiscal_years`` maps each DOL fiscal year to its counts. ``recent_certified`` is the number of certified
    resident cases in ``recent_fiscal_year``, the newest fiscal year with any among the current one and the last
    two before it (None when there are none). ``sources`` lists each file with the day it was imported.
    """

    certified: int
    denied: int
    withdrawn: int
    fellows_certified: int
    latest_decision: date | None
    fiscal_years: Mapping[int, Mapping[str, int]]
    employer_names: tuple[str, ...]
    sources: tuple[tuple[str, date], ...]
    recent_fiscal_year: int | None
    recent_certified: int
    current_fiscal_year: int = 0
    conflicts: tuple[str, ...] = field(default=())

    @property
    def source(self) -> str:
        """The newest file the evidence came from."""
        return self.sources[-1][0] if self.sources else ""

    @property
    def imported_on(self) -> date | None:
        """The day the newest file was imported."""
        return self.sources[-1][1] if self.sources else None

    def reason(self) -> str | None:
        """The evidence in plain words for the chances model, or None when there is no recent certification:
        "the institution had 3 certified H-1B LCAs for residents in FY2025 (DOL disclosure file, imported
        2026-12-06)"."""
        if self.recent_fiscal_year is None or not self.recent_certified:
            return None
        count = self.recent_certified
        imported = self.imported_on.isoformat() if self.imported_on else "on an unknown day"
        return (
            f"the institution had {count} certified H-1B LCA{'s' if count != 1 else ''} for residents in "
            f"FY{self.recent_fiscal_year} (DOL disclosure file, imported {imported})"
        )

    def conflict_details(self) -> list[dict[str, object]]:
        """Each conflict with the sheet as JSON-ready data: the sheet's column, what the sheet says, and why the
        evidence contradicts it."""
        return [
            {
                "column": column,
                "sheet": False,
                "evidence": f"{self.recent_certified} certified H-1B LCA{'s' if self.recent_certified != 1 else ''}"
                f" for residents in FY{self.recent_fiscal_year} (DOL disclosure file {self.source})",
            }
            for column in self.conflicts
        ]

    def as_dict(self) -> dict[str, object]:
        """The evidence as JSON-ready data (the ``evidence.h1b_residents`` of ``programs show --json``)."""
        return {
            "certified": self.certified,
            "denied": self.denied,
            "withdrawn": self.withdrawn,
            "fellows_certified": self.fellows_certified,
            "latest_decision": self.latest_decision.isoformat() if self.latest_decision else None,
            "fiscal_years": {str(year): dict(counts) for year, counts in sorted(self.fiscal_years.items())},
            "employer_names": list(self.employer_names),
            "source": self.source,
            "imported_on": self.imported_on.isoformat() if self.imported_on else None,
            "sources": [{"file": name, "imported_on": day.isoformat()} for name, day in self.sources],
        }


def summarise_h1b(cases: Iterable[LcaCase], *, today: date) -> H1bEvidence | None:
    """Add up ``cases`` (each counted once; the caller passes one per case number) for one institution; None
    when there are none. "Recent" means the last two fiscal years before the one of ``today``, or that one
    (the DOL publishes each year's file after it ends: in November 2026, FY2027 has barely begun, and FY2025 and
    FY2026 are the last two whole years)."""
    certified = denied = withdrawn = fellows = 0
    latest: date | None = None
    years: dict[int, dict[str, int]] = {}
    names: set[str] = set()
    sources: dict[str, date] = {}
    seen = False
    for case in cases:
        seen = True
        names.add(case.employer_name)
        if case.source not in sources or case.imported_on > sources[case.source]:
            sources[case.source] = case.imported_on
        if case.decision_date is not None and (latest is None or case.decision_date > latest):
            latest = case.decision_date
        year = case.fiscal_year
        counts = years.setdefault(year, _empty_counts()) if year is not None else _empty_counts()
        if case.role is Role.FELLOW:
            if case.status.is_certified:
                fellows += 1
                counts["fellows_certified"] += 1
            continue
        if case.status.is_certified:
            certified += 1
            counts["certified"] += 1
        elif case.status is CaseStatus.DENIED:
            denied += 1
            counts["denied"] += 1
        else:
            withdrawn += 1
            counts["withdrawn"] += 1
    if not seen:
        return None
    current = fiscal_year_of(today)
    recent_year: int | None = None
    recent = 0
    for year in (current, current - 1, current - 2):
        if years.get(year, {}).get("certified", 0):
            recent_year, recent = year, years[year]["certified"]
            break
    ordered = tuple(sorted(sources.items(), key=lambda item: (item[1], item[0])))
    return H1bEvidence(
        certified,
        denied,
        withdrawn,
        fellows,
        latest,
        MappingProxyType({year: MappingProxyType(c) for year, c in sorted(years.items())}),
        tuple(sorted(names)),
        ordered,
        recent_year,
        recent,
        current,
    )


def _empty_counts() -> dict[str, int]:
    return {"certified": 0, "denied": 0, "withdrawn": 0, "fellows_certified": 0}


def h1b_conflict(visa_h1b: bool | None, evidence: H1bEvidence | None) -> bool:
    """True when the sheet says the program does not sponsor H-1B (``visa_h1b`` False) and the institution
    had certified resident LCAs in the last two fiscal years (or the current one)."""
    return visa_h1b is False and evidence is not None and evidence.recent_certified > 0
