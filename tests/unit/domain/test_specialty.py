"""One specialty imports as one: every spelling of PM&R (and IM, TY) is saved under one canonical name, the
sheet's filter finds them all, and the sheet agrees with the chances model on what is PM&R (issue 15, item 4)."""

from __future__ import annotations

from datetime import date

import pytest

from matchpilot.chances import is_pmr_specialty
from matchpilot.domain import Program, Track, parse_sheet
from matchpilot.domain.mapping import map_sheet, mapping_from_pairs
from matchpilot.domain.query import ProgramFilter
from matchpilot.domain.specialty import SPECIALTY_ALIASES, canonical_specialty, specialty_spellings

TODAY = date(2026, 11, 23)

SPELLINGS = [
    "PM&R",
    "PMR",
    "pm & r",
    "PM and R",
    "Physiatry",
    "Physical Medicine & Rehabilitation",
    "Physical Medicine and Rehabilitation",
    "physical medicine and rehab",
    "Rehabilitation Medicine",
    "Internal Medicine",
    "IM",
    "Transitional Year",
    "TY",
    "Surgery",
    "Neurology",
    "Pediatric Rehabilitation (fictional)",
]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Physical Medicine & Rehabilitation", "PM&R"),
        ("Physical Medicine and Rehabilitation", "PM&R"),
        ("PMR", "PM&R"),
        ("Physiatry", "PM&R"),
        ("  pm&r ", "PM&R"),
        ("IM", "Internal Medicine"),
        ("internal medicine", "Internal Medicine"),
        ("TY", "Transitional Year"),
        ("Surgery", "Surgery"),
        ("Child  Neurology", "Child Neurology"),
    ],
)
def test_canonical_names(written: str, canonical: str) -> None:
    assert canonical_specialty(written) == canonical


@pytest.mark.parametrize("written", SPELLINGS)
def test_the_sheet_and_the_chances_model_agree_on_what_is_pmr(written: str) -> None:
    assert (canonical_specialty(written) == "PM&R") is is_pmr_specialty(written)


def test_every_pmr_alias_is_pmr_for_the_chances_model() -> None:
    keys = [key for key, canonical in SPECIALTY_ALIASES.items() if canonical == "PM&R"]
    assert keys and all(is_pmr_specialty(key) for key in keys)


def rows_of(*specialties: str) -> list[list[str]]:
    return [[f"10{n:02d}340C0", f"Program {n} (fictional)", s, "C"] for n, s in enumerate(specialties)]


def test_import_saves_one_name_and_reports_the_original_spelling() -> None:
    rows = rows_of("PM&R", "Physical Medicine & Rehabilitation", "PM&R", "Physical Medicine & Rehabilitation", "IM")
    result = parse_sheet(["code", "name", "specialty", "track"], rows, today=TODAY)
    assert result.ok
    assert [p.specialty for p in result.programs] == ["PM&R"] * 4 + ["Internal Medicine"]
    renamed = [str(issue) for issue in result.issues if issue.code == "specialty-renamed"]
    assert renamed == [
        "row 3, column specialty: specialty 'Physical Medicine & Rehabilitation' is saved as 'PM&R', the name the "
        "sheet uses for it, and in 1 more row",
        "row 6, column specialty: specialty 'IM' is saved as 'Internal Medicine', the name the sheet uses for it",
    ]
    assert not any(issue.is_error for issue in result.issues)


def test_the_mapping_step_saves_one_name_too() -> None:
    header = ["NRMP Code", "Program Name", "Specialty", "Track"]
    mapping = mapping_from_pairs(
        [("NRMP Code", "code"), ("Program Name", "name"), ("Specialty", "specialty"), ("Track", "track")]
    )
    result = map_sheet(header, rows_of("Physiatry", "PM&R", "TY"), mapping, today=TODAY)
    assert result.ok
    assert [p.specialty for p in result.programs] == ["PM&R", "PM&R", "Transitional Year"]


def test_the_filter_finds_every_spelling_of_a_specialty() -> None:
    programs = [
        Program(code=f"C{n}", name=f"P{n} (fictional)", specialty=s, track=Track.CATEGORICAL)
        for n, s in enumerate(["PM&R", "Physical Medicine & Rehabilitation", "Internal Medicine"])
    ]
    for asked in ("PM&R", "pm&r", "Physical Medicine and Rehabilitation"):
        assert [p.code for p in programs if ProgramFilter(specialty=asked).matches(p)] == ["C0", "C1"]
    assert "physical medicine & rehabilitation" in specialty_spellings("PM&R")
