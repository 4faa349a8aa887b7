"""`matchpilot evidence` as a user runs it: import the DOL LCA file (CSV and XLSX), --yes links the sure
matches, `programs show CODE --json` carries the evidence and the conflict, links listed, undone and made by
hand, a foreign file refused with exit code 2 naming the columns it lacks, and help for every command."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli import main
from matchpilot.domain.evidence import fiscal_year_of

from support.lca import LAKEVIEW, OLDER_HEADER, Case, write_csv, write_xlsx, write_xlsx_bomb

runner = CliRunner()

SHEET = (
    "code,name,institution,state,specialty,track,visa_j1,visa_h1b\n"
    "1001340C0,Lakeview Rehabilitation (fictional),University of Lakeview Medical Center,NY,PM&R,categorical,no,no\n"
    "1002340C0,Hilltop Rehabilitation (fictional),Hilltop Clinic,PA,PM&R,categorical,no,\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(main.app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("COLUMNS", "60")
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET, encoding="utf-8")
    assert run("programs", "import", str(path))[0] == 0
    return tmp_path


def _recent_cases() -> list[Case]:
    """Cases decided a few months ago (the CLI runs on the real today): in the last two fiscal years."""
    day = (date.today() - timedelta(days=120)).isoformat()
    return [
        Case("I-200-00000-000001", "Certified", day, "Resident Physician", "29-1228.00", LAKEVIEW, "NY"),
        Case("I-200-00000-000002", "Certified - Withdrawn", day, "PGY-1", "29-1228.00", LAKEVIEW, "NY"),
        Case("I-200-00000-000003", "Denied", day, "House Officer", "29-1069.00", LAKEVIEW, "NY"),
        Case("I-200-00000-000004", "Certified", day, "Hospitalist", "29-1228.00", LAKEVIEW, "NY"),
    ]


def test_every_command_has_help() -> None:
    for command in ("import-lca", "links", "link", "unlink", "accept"):
        code, out, _ = run("evidence", command, "--help")
        assert code == 0 and "Usage" in out
    code, out, _ = run("programs", "show", "--help")
    assert "--json" in out


def test_import_with_yes_then_show_json_has_evidence_and_conflict(sheet: Path) -> None:
    path = write_csv(sheet / "lca.csv", _recent_cases())
    code, out, err = run("evidence", "import-lca", str(path), "--yes")
    assert code == 0, err
    assert "kept 3 resident cases" in out and "Linked" in out
    code, out, err = run("programs", "show", "1001340C0", "--json")
    assert code == 0, err
    data = json.loads(out)
    evidence = data["evidence"]["h1b_residents"]
    decided = date.today() - timedelta(days=120)
    assert evidence["certified"] == 2 and evidence["denied"] == 1
    assert evidence["latest_decision"] == decided.isoformat()
    assert evidence["fiscal_years"] == {
        str(fiscal_year_of(decided)): {"certified": 2, "denied": 1, "withdrawn": 0, "fellows_certified": 0}
    }
    assert evidence["employer_names"] == [LAKEVIEW]
    assert evidence["source"] == "lca.csv" and evidence["imported_on"] == date.today().isoformat()
    assert [c["column"] for c in data["conflicts"]] == ["visa_h1b"]
    code, out, _ = run("programs", "show", "1002340C0", "--json")
    assert json.loads(out)["evidence"]["h1b_residents"] is None and json.loads(out)["conflicts"] == []


def test_the_same_file_again_changes_nothing(sheet: Path) -> None:
    path = write_xlsx(sheet / "lca.xlsx", _recent_cases(), header=OLDER_HEADER)
    assert run("evidence", "import-lca", str(path))[0] == 0
    code, out, _ = run("evidence", "import-lca", str(path))
    assert code == 0 and "imported before; nothing changed" in out


def test_links_confirmed_undone_and_made_by_hand(sheet: Path) -> None:
    assert run("evidence", "import-lca", str(write_csv(sheet / "lca.csv", _recent_cases())))[0] == 0
    code, out, _ = run("evidence", "links", "--json")
    listed = json.loads(out)
    assert listed["linked"] == [] and listed["suggestions"][0]["employer"] == LAKEVIEW
    assert run("evidence", "accept")[0] == 0
    assert json.loads(run("evidence", "links", "--json")[1])["linked"][0]["institution"] == (
        "University of Lakeview Medical Center"
    )
    assert run("evidence", "unlink", LAKEVIEW)[0] == 0
    assert json.loads(run("programs", "show", "1001340C0", "--json")[1])["evidence"]["h1b_residents"] is None
    code, _, err = run("evidence", "link", LAKEVIEW, "Hilltop Clinic")
    assert code == 0, err
    shown = json.loads(run("programs", "show", "1002340C0", "--json")[1])
    assert shown["evidence"]["h1b_residents"]["certified"] == 2


def test_a_foreign_file_is_refused_naming_the_columns_it_lacks(sheet: Path) -> None:
    code, _, err = run("evidence", "import-lca", str(sheet / "sheet.csv"))
    assert code == 2
    assert "not an H-1B LCA disclosure file" in err and "CASE_NUMBER" in err and "SOC_CODE" in err
    assert json.loads(run("evidence", "links", "--json")[1])["suggestions"] == []


def test_a_zip_bomb_workbook_is_refused_naming_the_limit(sheet: Path) -> None:
    path = write_xlsx_bomb(sheet / "lca.xlsx")  # a few kilobytes that declare 6 GB unpacked
    code, _, err = run("evidence", "import-lca", str(path), "--yes")
    assert code == 2
    assert "unpacks to more than 5 GB (the limit for an LCA disclosure file)" in " ".join(err.split())
    assert json.loads(run("evidence", "links", "--json")[1])["suggestions"] == []  # nothing imported
