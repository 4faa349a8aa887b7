"""Fictional Match Week demo content: three personal statement variants, four letters of recommendation, the
assignment rule, two distribution plans ("best-case", "worst-case" — the default), an interview cheat sheet,
and a seeded generator of an unfilled list drawn from the demo market.

Nothing here is real: the writers are invented and say so, the texts are short samples, and the unfilled list
is drawn from the fictional demo programs plus a few fictional programs that are not on the sheet (their facts
unknown). Pure: values in, values out; randomness only from ``random.Random(seed)``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from matchpilot.domain.program import Program, Track

__all__ = [
    "DEMO_ASSIGNMENTS",
    "DEMO_CHEATSHEET",
    "DEMO_DOCUMENTS",
    "DEMO_PLANS",
    "DEMO_UNFILLED_SEED",
    "UNFILLED_HEADER",
    "DemoAssignment",
    "DemoDocument",
    "DemoPlan",
    "demo_unfilled",
]

DEMO_UNFILLED_SEED: Final = 2027
"""The seed of the demo unfilled list."""

UNFILLED_HEADER: Final[tuple[str, ...]] = ("code", "name", "specialty", "track", "positions", "state", "contact")
"""The columns of the demo unfilled list: the six of an unfilled list and one extra (kept as it is)."""


@dataclass(frozen=True, slots=True)
class DemoDocument:
    """A demo document: ``kind`` ``statement`` or ``letter``; letters have a writer and a specialty."""

    kind: str
    key: str
    title: str
    text: str
    writer: str | None = None
    specialty: str | None = None


@dataclass(frozen=True, slots=True)
class DemoAssignment:
    """An entry of the demo assignment rule: the category, its statement variant and its letters."""

    target: str
    statement: str
    letters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoPlan:
    """A demo distribution plan: bounds per category as ``(min, max)``, the limit (None: the SOAP cap)."""

    name: str
    bounds: tuple[tuple[str, int, int | None], ...]
    max_applications: int | None
    default: bool
    note: str


DEMO_DOCUMENTS: Final[tuple[DemoDocument, ...]] = (
    DemoDocument(
        "statement",
        "pmr",
        "PM&R SOAP PS",
        "Physical medicine and rehabilitation is where I want to spend my career: medicine measured by what a "
        "patient can do again. In my observership on an inpatient rehabilitation unit I saw a stroke survivor "
        "walk to the window on her own, and the team's plan behind it. I bring experience with chronic disease "
        "under limited resources, three languages, and the patience of long-term goal setting. (fictional "
        "sample text)",
    ),
    DemoDocument(
        "statement",
        "prelim",
        "Prelim/Transitional SOAP PS",
        "I am applying for a preliminary year to build a strong clinical foundation for a career in physical "
        "medicine and rehabilitation. A demanding intern year in medicine will sharpen the skills every "
        "physiatrist needs: managing complex, chronically ill patients and working with many teams. (fictional "
        "sample text)",
    ),
    DemoDocument(
        "statement",
        "general",
        "General SOAP PS",
        "I want to care for complex, chronically ill patients over time, and I adapt quickly: I have trained in "
        "two health systems and cared for patients in three languages. (fictional sample text)",
    ),
    DemoDocument(
        "letter",
        "letter-pmr-1",
        "PM&R observership letter",
        "Uploaded to ERAS by the writer (fictional).",
        "Dr. Amara Lindqvist (fictional)",
        "PM&R",
    ),
    DemoDocument(
        "letter",
        "letter-pmr-2",
        "PM&R research letter",
        "Uploaded to ERAS by the writer (fictional).",
        "Dr. Tomas Ferreira (fictional)",
        "PM&R",
    ),
    DemoDocument(
        "letter",
        "letter-im-1",
        "Internal medicine externship letter",
        "Uploaded to ERAS by the writer (fictional).",
        "Dr. Helen Okafor (fictional)",
        "Internal Medicine",
    ),
    DemoDocument(
        "letter",
        "letter-neuro-1",
        "Neurology clerkship letter",
        "Uploaded to ERAS by the writer (fictional).",
        "Dr. Rui Tanaka (fictional)",
        "Neurology",
    ),
)
"""The three statement variants and four letters of ``matchpilot demo``."""

DEMO_ASSIGNMENTS: Final[tuple[DemoAssignment, ...]] = (
    DemoAssignment("pmr", "pmr", ("letter-pmr-1", "letter-pmr-2", "letter-neuro-1")),
    DemoAssignment("prelim", "prelim", ("letter-im-1", "letter-neuro-1", "letter-pmr-1")),
    DemoAssignment("other", "general", ("letter-im-1", "letter-neuro-1")),
)
"""The demo assignment rule: the guide's statement per category, and the letters chosen for each."""

DEMO_PLANS: Final[tuple[DemoPlan, ...]] = (
    DemoPlan(
        "best-case",
        (("pmr", 20, 25), ("prelim", 10, 15), ("other", 0, 10)),
        None,
        False,
        "Many PM&R programs on the list: 20-25 PM&R, 10-15 preliminary/transitional, a few alternatives.",
    ),
    DemoPlan(
        "worst-case",
        (("pmr", 5, 15), ("prelim", 20, 30), ("other", 0, 10)),
        None,
        True,
        "Few PM&R programs on the list: every PM&R I can, then mostly preliminary/transitional years.",
    ),
)
"""The two demo plans (the seed guide's best case and worst case); the worst case is the default."""

DEMO_CHEATSHEET: Final[dict[str, list[str]]] = {
    "reasons": [
        "PM&R measures success by function and quality of life, which is why I went into medicine (fictional)",
        "I like working in interdisciplinary teams with PT, OT and speech therapy (fictional)",
        "I want a long-term practice in neurorehabilitation and spinal cord injury (fictional)",
    ],
    "qualities": [
        "Clear communication in three languages (fictional)",
        "Cross-cultural care for patients and families facing disability (fictional)",
        "Resilience: two health systems, three exams, one country move (fictional)",
    ],
    "stories": [
        "A stroke survivor who walked to the window on her own after six weeks of rehab (fictional)",
        "A young man with a spinal cord injury who went back to university with the right wheelchair (fictional)",
    ],
}
"""The demo applicant's interview cheat sheet."""

_OFF_SHEET_NAMES: Final = (
    ("PM&R", Track.CATEGORICAL, "Juniper Ridge Rehabilitation Hospital (fictional)"),
    ("PM&R", Track.ADVANCED, "Sorrel Bay Physical Medicine (fictional)"),
    ("Internal Medicine", Track.PRELIMINARY, "Quillfield Medical Center Preliminary (fictional)"),
    ("Transitional Year", Track.TRANSITIONAL, "Kestrel Landing Transitional Year (fictional)"),
    ("Family Medicine", Track.CATEGORICAL, "Tansy Hollow Family Medicine (fictional)"),
)
_SPECIALTY_CODES: Final = {
    "PM&R": "340",
    "Internal Medicine": "140",
    "Transitional Year": "999",
    "Family Medicine": "120",
}
_OFF_SHEET_STATES: Final = ("OH", "MI", "PA", "NY", "TX")


def _kind(program: Program) -> str:
    if program.specialty == "PM&R":
        return "pmr"
    if program.track in (Track.PRELIMINARY, Track.TRANSITIONAL):
        return "prelim"
    return "other"


def demo_unfilled(programs: Sequence[Program], seed: int = DEMO_UNFILLED_SEED) -> tuple[list[str], list[list[str]]]:
    """A fictional unfilled list (header and rows of text) drawn from the demo ``programs``.

    Steps: from the programs sorted by code, draw (seeded) 10 PM&R programs that do not refuse J-1 and 4 that
    do, 30 preliminary/transitional programs that do not refuse J-1 and 6 that do, and 8 categorical programs
    of other specialties; add 5 fictional programs that are not on the sheet; give each 1 to 3 unfilled
    positions and an extra ``contact`` column. Rows are sorted by code.
    """
    rng = random.Random(seed)
    ordered = sorted(programs, key=lambda p: p.code)
    chosen: list[Program] = []
    for kind, open_count, refusing_count in (("pmr", 10, 4), ("prelim", 30, 6), ("other", 8, 0)):
        pool = [p for p in ordered if _kind(p) == kind]
        open_pool = [p for p in pool if p.visa_j1 is not False]
        refusing = [p for p in pool if p.visa_j1 is False]
        chosen += rng.sample(open_pool, min(open_count, len(open_pool)))
        chosen += rng.sample(refusing, min(refusing_count, len(refusing)))
    rows: list[list[str]] = []
    for program in chosen:
        rows.append(
            [
                program.code,
                program.name,
                program.specialty,
                program.track.value,
                str(rng.randint(1, 3)),
                program.state or "",
                "via ERAS (fictional)",
            ]
        )
    taken = {p.code for p in programs}
    for index, (specialty, track, name) in enumerate(_OFF_SHEET_NAMES):
        code = f"{9100 + index * 7}{_SPECIALTY_CODES[specialty]}{track.letter}0"
        if code in taken:  # pragma: no cover - the demo market's institutions are numbered below 4000
            continue
        rows.append(
            [code, name, specialty, track.value, str(rng.randint(1, 3)), _OFF_SHEET_STATES[index], "not listed"]
        )
    rows.sort(key=lambda row: row[0])
    return list(UNFILLED_HEADER), rows
