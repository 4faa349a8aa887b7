"""``programs import FILE --map`` records the interviews of a tracker's "Interview date" column in the letters
log (past or upcoming), says how many, and importing the same file again records none (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli.main import app

runner = CliRunner()

TRACKER = (
    "Program Name,NRMP Code,Specialty,Track,Interview date\n"
    "Lakeview Rehabilitation (fictional),1001340C0,PM&R,Categorical,2026-10-20\n"
    "Harbor Rehab (fictional),1002340A0,PM&R,Advanced,01/20/2099\n"
    "Hillcrest Rehab (fictional),1003340C0,PM&R,Categorical,\n"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "220")
    return url


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def test_import_map_records_interview_dates_once(db: str, tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    code, out = run("programs", "import", str(path), "--map", "--yes")
    assert code == 0, out
    assert "interview date (records your interview, not a sheet fact)" in out
    assert "Recorded 2 interviews" in out
    code, listed = run("letters", "log", "list")
    assert code == 0
    assert "2026-10-20" in listed and "2099-01-20" in listed
    assert "1003340C0" not in listed

    code, again = run("programs", "import", str(path), "--map", "--yes")
    assert code == 0, again
    assert "Recorded" not in again
    _, listed_again = run("letters", "log", "list")
    assert listed_again == listed
