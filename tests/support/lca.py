"""Fictional H-1B LCA disclosure files for tests (never real data): CSV and XLSX, FY2020+ and older headers."""

from __future__ import annotations

import csv
import io
import random
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FY2020_HEADER = [
    "CASE_NUMBER",
    "CASE_STATUS",
    "RECEIVED_DATE",
    "DECISION_DATE",
    "ORIGINAL_CERT_DATE",
    "VISA_CLASS",
    "JOB_TITLE",
    "SOC_CODE",
    "SOC_TITLE",
    "FULL_TIME_POSITION",
    "BEGIN_DATE",
    "END_DATE",
    "TOTAL_WORKER_POSITIONS",
    "EMPLOYER_NAME",
    "TRADE_NAME_DBA",
    "EMPLOYER_ADDRESS1",
    "EMPLOYER_CITY",
    "EMPLOYER_STATE",
    "EMPLOYER_POSTAL_CODE",
    "NAICS_CODE",
    "WORKSITE_CITY",
    "WORKSITE_STATE",
    "WAGE_RATE_OF_PAY_FROM",
    "WAGE_UNIT_OF_PAY",
    "PREVAILING_WAGE",
    "PW_WAGE_LEVEL",
]

OLDER_HEADER = [
    "CASE_NUMBER",
    "CASE_STATUS",
    "CASE_SUBMITTED",
    "DECISION_DATE",
    "VISA_CLASS",
    "EMPLOYMENT_START_DATE",
    "EMPLOYER_NAME",
    "EMPLOYER_CITY",
    "EMPLOYER_STATE",
    "JOB_TITLE",
    "SOC_CODE",
    "SOC_NAME",
    "TOTAL_WORKERS",
    "WORKSITE_STATE",
]


@dataclass(frozen=True, slots=True)
class Case:
    """One fictional LCA row."""

    number: str
    status: str
    decided: str  # ISO date
    title: str
    soc: str
    employer: str
    state: str
    visa: str = "H-1B"


def row_for(header: Sequence[str], case: Case) -> list[str]:
    """The row of ``case`` under ``header`` (unknown columns filled with plausible fictional values)."""
    values = {
        "CASE_NUMBER": case.number,
        "CASE_STATUS": case.status,
        "DECISION_DATE": case.decided,
        "RECEIVED_DATE": case.decided,
        "CASE_SUBMITTED": case.decided,
        "VISA_CLASS": case.visa,
        "JOB_TITLE": case.title,
        "SOC_CODE": case.soc,
        "SOC_TITLE": "Physicians, All Other",
        "SOC_NAME": "Physicians, All Other",
        "EMPLOYER_NAME": case.employer,
        "EMPLOYER_STATE": case.state,
        "WORKSITE_STATE": case.state,
        "TOTAL_WORKER_POSITIONS": "1",
        "TOTAL_WORKERS": "1",
        "FULL_TIME_POSITION": "Y",
        "WAGE_UNIT_OF_PAY": "Year",
    }
    return [values.get(column, "x") for column in header]


def write_csv(path: Path, cases: Sequence[Case], *, header: Sequence[str] = FY2020_HEADER) -> Path:
    """Write ``cases`` as a CSV LCA file."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for case in cases:
        writer.writerow(row_for(header, case))
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, cases: Sequence[Case], *, header: Sequence[str] = FY2020_HEADER) -> Path:
    """Write ``cases`` as an XLSX LCA file (dates as real dates, as DOL's workbooks have them)."""
    from datetime import date

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("LCA")
    sheet.append(list(header))
    for case in cases:
        row: list[object] = list(row_for(header, case))
        for index, column in enumerate(header):
            if column in ("DECISION_DATE", "RECEIVED_DATE", "CASE_SUBMITTED") and case.decided:
                row[index] = date.fromisoformat(case.decided)
        sheet.append(row)
    book.save(path)
    return path


LAKEVIEW = "Univ. of Lakeview Med. Ctr., Inc."  # fictional
HARBOR = "HARBOR CITY HOSP SYS"  # fictional
MAPLE = "Maple Grove Health Partners LLC"  # fictional


def sample_cases() -> list[Case]:
    """A small fictional file: residents, a fellow, a physician assistant, a hospitalist, a research fellow, a
    software engineer, denied and withdrawn cases, and one case number twice."""
    return [
        Case("I-200-24280-000001", "Certified", "2024-10-07", "Resident Physician", "29-1228.00", LAKEVIEW, "NY"),
        Case("I-200-24290-000002", "Certified - Withdrawn", "2024-11-02", "PGY-2 Resident", "29-1228", LAKEVIEW, "NY"),
        Case("I-200-25010-000003", "Certified", "2025-03-15", "House Officer", "29-1069.00", LAKEVIEW, "NY"),
        Case("I-200-25020-000004", "Denied", "2025-04-01", "Resident Physician", "29-1228.00", LAKEVIEW, "NY"),
        Case("I-200-25030-000005", "Withdrawn", "2025-05-01", "Intern", "29-1228.00", LAKEVIEW, "NY"),
        Case("I-200-25040-000006", "Certified", "2025-06-01", "Clinical Fellow", "29-1228.00", LAKEVIEW, "NY"),
        Case("I-200-25050-000007", "Certified", "2025-06-02", "Physician Assistant", "29-1071.00", LAKEVIEW, "NY"),
        Case("I-200-25060-000008", "Certified", "2025-06-03", "Hospitalist", "29-1228.00", LAKEVIEW, "NY"),
        Case("I-200-25070-000009", "Certified", "2025-06-04", "Research Fellow", "29-1228.00", LAKEVIEW, "NY"),
        Case("I-200-25080-000010", "Certified", "2025-06-05", "Software Engineer", "15-1252.00", LAKEVIEW, "NY"),
        Case("I-200-25090-000011", "Certified", "2025-07-01", "Resident Physician PGY-1", "29-1216.00", HARBOR, "NJ"),
        Case("I-200-25090-000011", "Certified", "2025-07-01", "Resident Physician PGY-1", "29-1216.00", HARBOR, "NJ"),
        Case("I-200-25100-000012", "Certified", "2023-03-01", "House Staff", "29-1069", MAPLE, "PA"),
    ]


def big_cases(n: int, seed: int = 7) -> list[Case]:
    """``n`` fictional rows, about 2% of them residents (as in a real year's file)."""
    rng = random.Random(seed)
    employers = [f"Fictional Employer {i} Inc" for i in range(2000)]
    titles = ["Software Engineer", "Data Analyst", "Accountant", "Hospitalist"]
    out = []
    for i in range(n):
        title = "Resident Physician" if rng.random() < 0.02 else rng.choice(titles)
        soc = "29-1228.00" if title in ("Resident Physician", "Hospitalist") else "15-1252.00"
        out.append(
            Case(
                f"I-200-{i:011d}",
                rng.choice(["Certified", "Certified", "Certified", "Denied", "Withdrawn", "Certified - Withdrawn"]),
                f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                title,
                soc,
                rng.choice(employers),
                rng.choice(["NY", "NJ", "PA", "CA", "TX"]),
            )
        )
    return out


def write_xlsx_bomb(path: Path, declared: int = 6 * 1024**3) -> Path:
    """A small, otherwise valid LCA workbook (:func:`sample_cases`) with padding parts whose zip headers declare
    ``declared`` bytes unpacked in all: a zip bomb as the size check sees it (the check reads no part, and the
    zip reader never returns more than a part declares). The file stays a few kilobytes."""
    write_xlsx(path, sample_cases())
    pads = 4
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for index in range(pads):
            archive.writestr(f"xl/media/padding{index}.bin", b"\x00" * 4096)
    content = bytearray(path.read_bytes())
    each = min(declared // pads + 1, 0xFFFF_FFFE)
    at = content.find(b"PK\x01\x02")
    while at != -1:  # the central directory: patch the declared size of each padding part
        name_length = struct.unpack_from("<H", content, at + 28)[0]
        name = bytes(content[at + 46 : at + 46 + name_length])
        if name.startswith(b"xl/media/padding"):
            struct.pack_into("<I", content, at + 24, each)
        at = content.find(b"PK\x01\x02", at + 46)
    path.write_bytes(bytes(content))
    return path
