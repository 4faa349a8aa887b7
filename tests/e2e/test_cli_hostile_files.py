"""Issue 19 through the command line: `programs import` and `programs merge` read files with the same limits as
the web app and stop with exit code 2 and a message naming the limit; nothing is imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli.main import app

from support.hostile import tiny_rows_csv, xlsx_bomb

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    return url


@pytest.mark.parametrize(
    ("args", "name", "content", "limit"),
    [
        (["programs", "import"], "tiny.csv", tiny_rows_csv(3_000_000), "more than 10,000 rows after the header"),
        (["programs", "import", "--map", "--yes"], "tiny.csv", tiny_rows_csv(3_000_000), "more than 10,000 rows"),
        (["programs", "merge", "--dry-run"], "far.xlsx", xlsx_bomb(far_cell="XFD5"), "more than 200 columns"),
        (["programs", "import", "--check"], "far.xlsx", xlsx_bomb(far_cell="A20000"), "more than 10,000 rows"),
    ],
)
def test_files_over_a_limit_exit_2_naming_it(
    db: str, tmp_path: Path, args: list[str], name: str, content: bytes, limit: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, [*args, str(path)])
    assert result.exit_code == 2
    said = " ".join(result.stderr.split())  # rich wraps long lines
    assert limit in said and "the limit for a sheet" in said
    listed = runner.invoke(app, ["programs", "list", "--json"])
    assert listed.exit_code == 0 and json.loads(listed.stdout)["total"] == 0


def test_a_declared_dimension_of_every_cell_imports_what_the_file_holds(db: str, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx_bomb("A1:XFD1048576"))
    result = runner.invoke(app, ["programs", "import", "--check", str(path)])
    assert result.exit_code == 2  # a header of code and name only: the sheet's own checks, not memory, answer
    assert "missing" in " ".join(result.stderr.split()).lower()
