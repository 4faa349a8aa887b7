"""Importing DOL H-1B LCA files through the services (SQLite and PostgreSQL): what is kept, once per case;
re-import changes nothing; a newer file adds; a foreign file is refused naming its missing columns with nothing
saved; employer links accepted and undone; the evidence per program, its conflict with the sheet, and the
chances model's unknown-visa term using it; each applicant's evidence is their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from matchpilot.errors import InputError, NotFoundError
from matchpilot.services import Services
from matchpilot.services import evidence as ev
from matchpilot.services.chances import chances_for, default_weights
from matchpilot.storage.tables import lca_cases, lca_imports

from support.db import make_services
from support.lca import HARBOR, LAKEVIEW, OLDER_HEADER, Case, sample_cases, write_csv, write_xlsx

SHEET = (
    "code,name,institution,state,specialty,track,visa_j1,visa_h1b\n"
    "1001340C0,Lakeview Rehabilitation (fictional),University of Lakeview Medical Center,NY,PM&R,categorical,no,no\n"
    "1002340C0,Harbor Rehabilitation (fictional),Harbor City Hospital System,NJ,PM&R,categorical,no,\n"
    "1003340C0,Hilltop Rehabilitation (fictional),Hilltop Clinic,PA,PM&R,categorical,no,\n"
)

PROFILE = {
    "name": "Evidence Applicant (fictional)",
    "applicant_type": "non_us_img",
    "graduation_year": 2022,
    "step2_ck": 240,
    "step3": "passed",
    "visa_need": "h1b",
    "targets": ["pmr"],
}


def _sheet(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET, encoding="utf-8")
    assert services.import_programs(path).ok


def _import(services: Services, path: Path, *, accept_sure: bool = False) -> ev.LcaImportReport:
    with path.open("rb") as handle:
        return ev.import_lca(services, handle, path.name, size=path.stat().st_size, accept_sure=accept_sure)


def _counts(services: Services) -> tuple[int, int]:
    with services.database.engine.connect() as connection:
        files = connection.execute(
            select(func.count()).select_from(lca_imports).where(lca_imports.c.owner_id == services.owner_id)
        ).scalar_one()
        cases = connection.execute(
            select(func.count()).select_from(lca_cases).where(lca_cases.c.owner_id == services.owner_id)
        ).scalar_one()
    return int(files), int(cases)


def test_import_keeps_residents_and_fellows_once_per_case(services: Services, tmp_path: Path) -> None:
    report = _import(services, write_csv(tmp_path / "lca.csv", sample_cases()))
    assert report.layout == "FY2020+" and report.rows_read == 13
    # 7 resident cases (one case number twice), 1 clinical fellow; PA, hospitalist, research fellow, engineer out
    assert (report.residents, report.fellows, report.added) == (7, 1, 8)
    assert _counts(services) == (1, 8)


def test_reimporting_the_same_file_changes_nothing(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "lca.csv", sample_cases())
    _import(services, path)
    with services.database.engine.connect() as connection:
        before = connection.execute(
            select(lca_cases).where(lca_cases.c.owner_id == services.owner_id).order_by(lca_cases.c.id)
        ).all()
    again = _import(services, path)
    assert again.already and again.added == 0
    assert _counts(services) == (1, 8)
    with services.database.engine.connect() as connection:
        assert (
            connection.execute(
                select(lca_cases).where(lca_cases.c.owner_id == services.owner_id).order_by(lca_cases.c.id)
            ).all()
            == before
        )


def test_xlsx_with_older_column_names_keeps_the_same_cases(services: Services, tmp_path: Path) -> None:
    report = _import(services, write_xlsx(tmp_path / "lca_fy2019.xlsx", sample_cases(), header=OLDER_HEADER))
    assert report.layout == "older"
    assert (report.residents, report.fellows) == (7, 1)


def test_a_newer_file_adds_to_the_evidence(services: Services, tmp_path: Path) -> None:
    _import(services, write_csv(tmp_path / "fy2025.csv", sample_cases()))
    newer = [
        Case("I-200-26010-000100", "Certified", "2026-01-10", "Resident Physician", "29-1228.00", LAKEVIEW, "NY"),
        # the case denied in the older file, certified on appeal later
        Case("I-200-25020-000004", "Certified", "2025-08-01", "Resident Physician", "29-1228.00", LAKEVIEW, "NY"),
    ]
    report = _import(services, write_csv(tmp_path / "fy2026.csv", newer))
    assert (report.added, report.replaced) == (1, 1)
    assert _counts(services) == (2, 9)


def test_a_file_that_is_not_an_lca_file_is_refused_naming_what_it_lacks(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        _import(services, path)
    message = str(caught.value)
    assert "not an H-1B LCA disclosure file" in message
    for column in ("CASE_NUMBER", "CASE_STATUS", "DECISION_DATE", "JOB_TITLE", "SOC_CODE", "EMPLOYER_NAME"):
        assert column in message
    assert _counts(services) == (0, 0)


def test_a_damaged_workbook_saves_nothing(services: Services, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", sample_cases())
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        _import(services, broken)
    assert _counts(services) == (0, 0)


def test_links_suggested_accepted_and_undone(services: Services, tmp_path: Path) -> None:
    _sheet(services, tmp_path)
    report = _import(services, write_csv(tmp_path / "lca.csv", sample_cases()))
    suggested = {(s.employer.name, s.institution.name) for s in report.suggestions}
    assert (LAKEVIEW, "University of Lakeview Medical Center") in suggested
    assert (HARBOR, "Harbor City Hospital System") in suggested
    assert ev.evidence_by_program(services) == {}  # nothing counts before a link is confirmed

    accepted = ev.accept_suggestions(services)
    assert {s.employer.name for s in accepted} == {LAKEVIEW, HARBOR}
    found = ev.evidence_by_program(services)
    assert set(found) == {"1001340C0", "1002340C0"}
    lakeview = found["1001340C0"]
    assert (lakeview.certified, lakeview.denied, lakeview.withdrawn, lakeview.fellows_certified) == (3, 1, 1, 1)
    assert lakeview.employer_names == (LAKEVIEW,) and lakeview.source == "lca.csv"

    ev.unlink_employer(services, "university of lakeview medical center", state="NY")
    assert "1001340C0" not in ev.evidence_by_program(services)
    review = ev.links_review(services)
    assert [e.name for e in review.unlinked] == [LAKEVIEW]
    assert LAKEVIEW not in {s.employer.name for s in review.suggestions}  # not suggested again
    ev.link_employer(services, LAKEVIEW, "University of Lakeview Medical Center")
    assert "1001340C0" in ev.evidence_by_program(services)


def test_linking_names_unknown_employers_and_institutions(services: Services, tmp_path: Path) -> None:
    _sheet(services, tmp_path)
    _import(services, write_csv(tmp_path / "lca.csv", sample_cases()))
    with pytest.raises(NotFoundError, match="Nowhere Clinic"):
        ev.link_employer(services, "Nowhere Clinic", "Hilltop Clinic")
    with pytest.raises(NotFoundError, match="Atlantis"):
        ev.link_employer(services, LAKEVIEW, "Atlantis General")


def test_accepting_with_yes_links_only_sure_matches(services: Services, tmp_path: Path) -> None:
    _sheet(services, tmp_path)
    cases = [
        *sample_cases(),
        Case("I-200-25200-000200", "Certified", "2025-02-02", "Resident", "29-1228", "Hilltop Clinical Partners", "PA"),
    ]
    report = _import(services, write_csv(tmp_path / "lca.csv", cases), accept_sure=True)
    assert {s.employer.name for s in report.accepted} == {LAKEVIEW, HARBOR}
    unsure = [s for s in ev.links_review(services).suggestions if s.employer.name == "Hilltop Clinical Partners"]
    assert unsure and not unsure[0].sure


def test_conflict_when_the_sheet_says_no_h1b(services: Services, tmp_path: Path) -> None:
    _sheet(services, tmp_path)
    _import(services, write_csv(tmp_path / "lca.csv", sample_cases()), accept_sure=True)
    found = ev.evidence_by_program(services)
    assert found["1001340C0"].conflicts == ("visa_h1b",)  # sheet: no; FY2025 certified residents
    assert found["1002340C0"].conflicts == ()  # sheet: unknown


def _visa_factor(services: Services, code: str) -> tuple[float, str, bool]:
    chance = chances_for(services).estimate(code).chance
    factor = next(f for f in chance.factors if f.key == "visa")
    return factor.contribution, factor.explanation, factor.may_filter


def test_unknown_h1b_uses_the_evidence_with_its_reason(services: Services, tmp_path: Path) -> None:
    _sheet(services, tmp_path)
    assert services.save_profile(PROFILE).ok
    weights = default_weights()
    before, explanation, _ = _visa_factor(services, "1002340C0")
    assert before == weights["unknown_requirement.mid"] and "DOL" not in explanation
    _import(services, write_csv(tmp_path / "lca.csv", sample_cases()), accept_sure=True)
    after, explanation, may_filter = _visa_factor(services, "1002340C0")
    assert after == weights["unknown_requirement.mid_with_h1b_evidence"] and after > before
    assert may_filter  # evidence, never certainty: the low end stays at 0
    assert (
        "the institution had 1 certified H-1B LCA for residents in FY2025 (DOL disclosure file, imported 2026-11-23)"
        in explanation
    )
    assert "not proof" in explanation


def test_each_applicants_evidence_is_their_own(services: Services, database_url: str, tmp_path: Path) -> None:
    _sheet(services, tmp_path)
    _import(services, write_csv(tmp_path / "lca.csv", sample_cases()), accept_sure=True)
    other = make_services(database_url)
    try:
        _sheet(other, tmp_path)
        assert ev.evidence_imports(other) == [] and ev.evidence_by_program(other) == {}
        assert ev.links_review(other).suggestions == ()
        # the same file is new to another applicant
        assert not _import(other, tmp_path / "lca.csv").already
    finally:
        other.database.dispose()


def test_a_file_broken_after_its_first_rows_saves_nothing(services: Services, tmp_path: Path) -> None:
    engineers = [
        Case(f"I-200-9{i:05d}", "Certified", "2025-01-01", "Software Engineer", "15-1252.00", "Acme (fictional)", "NY")
        for i in range(100)
    ]
    path = write_csv(tmp_path / "lca.csv", [*sample_cases(), *engineers])
    # a quote left open far into the file: the rest of the file becomes one field, longer than a field may be
    path.write_bytes(path.read_bytes() + b'I-200-9,"Certified,2025-01-01\n' + b"x" * 200_000 + b"\n")
    with pytest.raises(InputError, match="not a readable CSV file after row"):
        _import(services, path)
    assert _counts(services) == (0, 0)


def test_h1b1_and_e3_cases_are_not_h1b_evidence(services: Services, tmp_path: Path) -> None:
    cases = [
        Case(
            "I-203-25001-000001",
            "Certified",
            "2025-03-01",
            "Resident Physician",
            "29-1228",
            LAKEVIEW,
            "NY",
            "E-3 Australian",
        ),
        Case("I-201-25001-000002", "Certified", "2025-03-01", "PGY-1", "29-1228", LAKEVIEW, "NY", "H-1B1 Singapore"),
        Case("I-200-25001-000003", "Certified", "2025-03-01", "PGY-1", "29-1228", LAKEVIEW, "NY", "H-1B"),
    ]
    report = _import(services, write_csv(tmp_path / "lca.csv", cases))
    assert (report.rows_read, report.residents) == (3, 1)


def test_without_a_linked_employer_the_evidence_is_empty_without_reading_the_sheet(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No employer linked to an institution: no evidence whatever the sheet holds, answered without reading
    the sheet or making the remembered answers' key of every program; once one is linked, the evidence counts."""
    from matchpilot.services.memo import memo_for

    _sheet(services, tmp_path)
    _import(services, write_csv(tmp_path / "lca.csv", sample_cases()))
    memo = memo_for(services.database)
    asked = (memo.hits, memo.misses)
    with monkeypatch.context() as patched:
        patched.setattr(type(services), "list_programs", lambda _: pytest.fail("the sheet was read"))
        assert ev.evidence_by_program(services) == {}
        assert ev.evidence_by_program(services, list(services.sheet_columns().programs())) == {}
    assert (memo.hits, memo.misses) == asked
    ev.accept_suggestions(services)
    assert set(ev.evidence_by_program(services)) == {"1001340C0", "1002340C0"}
    assert (memo.hits, memo.misses) != asked
