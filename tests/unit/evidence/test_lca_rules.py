"""The pure parts of the LCA evidence: which rows count, statuses, fiscal years, names, headers, summaries."""

from __future__ import annotations

from datetime import date

import pytest

from matchpilot.domain.evidence import (
    CaseStatus,
    LcaCase,
    Role,
    classify_role,
    fiscal_year_of,
    h1b_conflict,
    is_h1b_visa,
    match_lca_header,
    normalise_employer,
    parse_lca_date,
    status_of,
    summarise_h1b,
)
from matchpilot.domain.evidence_links import AUTO_ACCEPT, Employer, Institution, suggest_links


@pytest.mark.parametrize(
    ("title", "soc", "role"),
    [
        ("Resident Physician", "29-1228.00", Role.RESIDENT),
        ("PGY-2 Resident", "29-1228", Role.RESIDENT),
        ("PGY3", "29-1216.00", Role.RESIDENT),
        ("House Officer", "29-1069.00", Role.RESIDENT),
        ("HOUSE STAFF PHYSICIAN", "29-1069", Role.RESIDENT),
        ("Intern", "29-1228.00", Role.RESIDENT),
        ("Resident/Fellow", "29-1228.00", Role.RESIDENT),
        ("Clinical Fellow", "29-1228.00", Role.FELLOW),
        ("Cardiology Fellow", "29-1212.00", Role.FELLOW),
        ("Research Fellow", "29-1228.00", None),
        ("Postdoctoral Fellow", "29-1228.00", None),
        ("Hospitalist", "29-1228.00", None),
        ("Attending Physician", "29-1228.00", None),
        ("Staff Physician", "29-1069.00", None),
        ("Physician Assistant", "29-1071.00", None),
        ("Physician Assistant Resident", "29-1228.00", None),
        ("Resident Physician", "15-1252.00", None),  # not a physician code
        ("Dental Hygienist Resident", "29-1292.00", None),  # 29-129x are not physicians
        ("Vice President", "29-1228.00", None),
        ("Internist", "29-1216.00", None),
        ("Physician", "29-1228.00", None),
    ],
)
def test_rows_kept_are_resident_physicians_and_clinical_fellows(title: str, soc: str, role: Role | None) -> None:
    assert classify_role(title, soc) is role


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Certified", CaseStatus.CERTIFIED),
        ("CERTIFIED", CaseStatus.CERTIFIED),
        ("Certified - Withdrawn", CaseStatus.CERTIFIED_WITHDRAWN),
        ("CERTIFIED-WITHDRAWN", CaseStatus.CERTIFIED_WITHDRAWN),
        ("Denied", CaseStatus.DENIED),
        ("Withdrawn", CaseStatus.WITHDRAWN),
        ("Pending", None),
        ("", None),
    ],
)
def test_case_statuses(text: str, status: CaseStatus | None) -> None:
    assert status_of(text) is status


def test_certified_withdrawn_counts_as_certified_and_withdrawn_does_not() -> None:
    assert CaseStatus.CERTIFIED_WITHDRAWN.is_certified
    assert not CaseStatus.WITHDRAWN.is_certified and not CaseStatus.DENIED.is_certified


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2024, 9, 30), 2024),
        (date(2024, 10, 1), 2025),
        (date(2025, 1, 15), 2025),
        (date(2025, 12, 31), 2026),
    ],
)
def test_dol_fiscal_years_run_october_to_september(day: date, year: int) -> None:
    assert fiscal_year_of(day) == year


@pytest.mark.parametrize("text", ["2024-10-07", "2024-10-07 00:00:00", "10/07/2024", "2024-10-07T08:00:00"])
def test_dates_as_files_write_them(text: str) -> None:
    assert parse_lca_date(text) == date(2024, 10, 7)


def test_an_unreadable_date_is_unknown() -> None:
    assert parse_lca_date("soon") is None and parse_lca_date(None) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Univ. of Lakeview Med. Ctr., Inc.", "UNIVERSITY OF LAKEVIEW MEDICAL CENTER"),
        ("HARBOR CITY HOSP SYS", "Harbor City Hospital System, LLC"),
        ("St. Brigid's Hospital", "SAINT BRIGIDS HOSPITAL"),
        ("The Maple & Oak Health Corp.", "Maple and Oak Hlth"),
    ],
)
def test_employer_names_normalised(a: str, b: str) -> None:
    assert normalise_employer(a) == normalise_employer(b)


def test_normalised_names_keep_what_tells_institutions_apart() -> None:
    assert normalise_employer("Lakeview Medical Center") != normalise_employer("Lakeshore Medical Center")


def test_fy2020_and_older_headers() -> None:
    new = match_lca_header(
        ["CASE_NUMBER", "CASE_STATUS", "DECISION_DATE", "JOB_TITLE", "SOC_CODE", "EMPLOYER_NAME", "EMPLOYER_STATE"]
    )
    assert new.ok and new.layout == "FY2020+"
    old = match_lca_header(
        [
            "lca_case_number",
            "STATUS",
            "Decision Date",
            "LCA_CASE_JOB_TITLE",
            "LCA_CASE_SOC_CODE",
            "LCA_CASE_EMPLOYER_NAME",
            "LCA_CASE_EMPLOYER_STATE",
        ]
    )
    assert old.ok and old.layout == "older"


def test_a_header_without_the_needed_columns_names_them() -> None:
    found = match_lca_header(["code", "name", "SOC_CODE", "EMPLOYER_NAME"])
    assert found.missing == ("CASE_NUMBER", "CASE_STATUS", "DECISION_DATE", "JOB_TITLE", "EMPLOYER_STATE")


def _case(number: str, status: CaseStatus, decided: date, role: Role = Role.RESIDENT) -> LcaCase:
    return LcaCase(number, status, role, decided, "Lakeview Med Ctr", "NY", "Resident", "fy.csv", date(2026, 11, 1))


def test_summary_counts_by_fiscal_year_and_keeps_fellows_apart() -> None:
    cases = [
        _case("1", CaseStatus.CERTIFIED, date(2024, 10, 2)),
        _case("2", CaseStatus.CERTIFIED_WITHDRAWN, date(2025, 9, 30)),
        _case("3", CaseStatus.DENIED, date(2025, 3, 1)),
        _case("4", CaseStatus.WITHDRAWN, date(2025, 3, 1)),
        _case("5", CaseStatus.CERTIFIED, date(2025, 10, 1)),
        _case("6", CaseStatus.CERTIFIED, date(2025, 5, 1), Role.FELLOW),
    ]
    summary = summarise_h1b(cases, today=date(2026, 11, 23))
    assert summary is not None
    assert (summary.certified, summary.denied, summary.withdrawn, summary.fellows_certified) == (3, 1, 1, 1)
    assert summary.fiscal_years[2025]["certified"] == 2 and summary.fiscal_years[2026]["certified"] == 1
    assert summary.latest_decision == date(2025, 10, 1)
    assert summary.recent_fiscal_year == 2026 and summary.recent_certified == 1
    assert summary.reason() == (
        "the institution had 1 certified H-1B LCA for residents in FY2026 (DOL disclosure file, imported 2026-11-01)"
    )


def test_old_evidence_is_not_recent() -> None:
    summary = summarise_h1b([_case("1", CaseStatus.CERTIFIED, date(2022, 1, 1))], today=date(2026, 11, 23))
    assert summary is not None and summary.recent_certified == 0 and summary.reason() is None
    assert not h1b_conflict(False, summary)


def test_conflict_only_when_the_sheet_says_no() -> None:
    summary = summarise_h1b([_case("1", CaseStatus.CERTIFIED, date(2025, 6, 1))], today=date(2026, 11, 23))
    assert h1b_conflict(False, summary)
    assert not h1b_conflict(None, summary) and not h1b_conflict(True, summary)


def test_denied_only_is_no_recent_certification() -> None:
    summary = summarise_h1b([_case("1", CaseStatus.DENIED, date(2025, 6, 1))], today=date(2026, 11, 23))
    assert summary is not None and summary.reason() is None and not h1b_conflict(False, summary)


def test_links_are_suggested_within_a_state_with_a_confidence() -> None:
    employers = [
        Employer(normalise_employer("Univ. of Lakeview Med. Ctr."), "NY", "Univ. of Lakeview Med. Ctr.", 4),
        Employer(normalise_employer("University of Lakeview Hospitals"), "NY", "University of Lakeview Hospitals", 1),
        Employer(normalise_employer("Univ. of Lakeview Med. Ctr."), "TX", "Univ. of Lakeview Med. Ctr.", 2),
        Employer(normalise_employer("Acme Software Inc"), "NY", "Acme Software Inc", 1),
    ]
    institutions = [Institution("University of Lakeview Medical Center", "NY"), Institution("Harbor Health", "NJ")]
    found = {(s.employer.name, s.employer.state): s for s in suggest_links(employers, institutions)}
    sure = found[("Univ. of Lakeview Med. Ctr.", "NY")]
    assert sure.confidence == 1.0 and sure.sure
    unsure = found[("University of Lakeview Hospitals", "NY")]
    assert unsure.institution.name == "University of Lakeview Medical Center" and unsure.confidence < AUTO_ACCEPT
    assert ("Univ. of Lakeview Med. Ctr.", "TX") not in found  # another state
    assert ("Acme Software Inc", "NY") not in found


def test_decided_employers_are_not_suggested_again() -> None:
    key = normalise_employer("Harbor Health")
    employers = [Employer(key, "NJ", "Harbor Health", 1)]
    institutions = [Institution("Harbor Health", "NJ")]
    assert suggest_links(employers, institutions, decided={(key, "NJ"): "unlinked"}) == []


@pytest.mark.parametrize(
    ("visa", "h1b"), [("H-1B", True), ("", True), ("h1b", True), ("H-1B1 Chile", False), ("E-3 Australian", False)]
)
def test_only_h1b_cases_count(visa: str, h1b: bool) -> None:
    assert is_h1b_visa(visa) is h1b
