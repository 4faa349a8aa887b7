"""Sheets written for tests (fictional programs)."""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from functools import cache

from matchpilot.demo.generator import further_programs, generate_demo
from matchpilot.domain import Program

STATES = ["NY", "NJ", "PA", "CA", "TX", "OH", "MI", "FL", "IL", "MA"]
SPECIALTIES = ["PM&R", "PM&R", "Internal Medicine", "Transitional Year", "Surgery"]
TRACKS = {"PM&R": "CAR", "Internal Medicine": "CP", "Transitional Year": "T", "Surgery": "P"}


def img_profile(name: str, *targets: str) -> dict[str, object]:
    """The profile many tests give their applicant: an IMG (fictional) with Step 2 CK 240, a J-1 to sponsor, four
    months of US clinical experience and two PM&R letters, aiming at ``targets`` (PM&R alone when none)."""
    return {
        "name": name,
        "applicant_type": "non_us_img",
        "graduation_year": 2021,
        "step2_ck": 240,
        "visa_need": "j1",
        "usce_months": 4,
        "letters": ["pmr", "pmr"],
        "targets": list(targets or ("pmr",)),
    }


def sheet_rows(n: int, seed: int = 1) -> tuple[list[str], list[list[str]]]:
    """A sheet of ``n`` fictional programs with a mix of known and unknown facts."""
    rng = random.Random(seed)
    header = [
        "code",
        "name",
        "institution",
        "city",
        "state",
        "specialty",
        "track",
        "positions",
        "visa_j1",
        "visa_h1b",
        "img_share",
        "fellowships",
        "min_step2",
        "notes",
        "source",
        "checked_on",
        "visa_j1_source",
        "visa_j1_checked_on",
    ]
    rows = []
    for i in range(n):
        specialty = rng.choice(SPECIALTIES)
        track = rng.choice(TRACKS[specialty])
        rows.append(
            [
                f"{1000 + i:04d}340{track}{i % 10}",
                f"Program {i} of {specialty} (fictional)",
                f"Institution {i % 37} (fictional)",
                f"Town {i % 13}",
                rng.choice([*STATES, ""]),
                specialty,
                track,
                str(rng.randint(1, 8)),
                rng.choice(["yes", "no", ""]),
                rng.choice(["yes", "no", ""]),
                rng.choice(["", "0", "12.5", "35", "80"]),
                rng.choice(["", "pain", "pain; sports", "SCI; TBI"]),
                rng.choice(["", "215", "230"]),
                rng.choice(["", "friendly to IMGs", "call in spring"]),
                "program website",
                "2026-09-01",
                rng.choice(["", "phone call"]),
                rng.choice(["", "2026-10-02"]),
            ]
        )
    return header, rows


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


@cache
def demo_programs(size: int, as_of: date) -> tuple[Program, ...]:
    """``size`` fictional programs: the demo's, then those of further seeds of the demo generator renumbered from
    institution 4000 (as ``benchmarks/load_bench.py`` makes its 5,000-program sheet)."""
    demo = generate_demo(as_of=as_of).programs
    return (tuple(demo) + tuple(further_programs(size - len(demo), as_of=as_of)))[:size]
