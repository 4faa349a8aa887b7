"""`matchpilot simulate` after `matchpilot demo`: the JSON contract, same seed same figures across workers,
what-ifs, and input errors."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from matchpilot.cli import main

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return main.app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, app: typer.Typer) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('sim')}/cli.db"
    assert runner.invoke(app, ["--db", url, "demo"]).exit_code == 0
    return url


SMALL = ["--runs", "200", "--applicants", "300", "--programs", "60"]


def test_json_follows_the_contract_and_is_the_same_on_two_workers(app: typer.Typer, db: str) -> None:
    one = runner.invoke(app, ["--db", db, "simulate", *SMALL, "--seed", "7", "--json"])
    assert one.exit_code == 0, one.output
    data = json.loads(one.stdout)
    assert data["format"] == "matchpilot.simulation/1"
    assert data["runs"] == 200 and data["seed"] == 7
    assert 0 <= data["p_match"] <= 1 and data["p_match_ci"][0] <= data["p_match"] <= data["p_match_ci"][1]
    assert data["unmatched"] == pytest.approx(1 - data["p_match"], abs=1e-4)
    assert len(data["by_program"]) == 12 and all(len(code) == 9 for code in data["by_program"])
    two = runner.invoke(app, ["--db", db, "simulate", *SMALL, "--seed", "7", "--json", "--workers", "2"])
    assert json.loads(two.stdout) == data


def test_text_report_with_a_what_if(app: typer.Typer, db: str) -> None:
    data = json.loads(runner.invoke(app, ["--db", db, "simulate", *SMALL, "--json"]).stdout)
    first = next(iter(data["by_program"]))
    result = runner.invoke(app, ["--db", db, "simulate", *SMALL, "--what-if", f"drop:{first}"])
    assert result.exit_code == 0, result.output
    assert "Chance of matching" in result.output
    assert f"What if drop:{first}" in result.output


def test_input_errors_exit_2(app: typer.Typer, db: str) -> None:
    assert runner.invoke(app, ["--db", db, "simulate", "--what-if", "bogus"]).exit_code == 2
    assert runner.invoke(app, ["--db", db, "simulate", "--market", "mars"]).exit_code == 2


def test_no_heavy_imports_at_import_time() -> None:
    import subprocess
    import sys

    code = (
        "import sys, matchpilot.cli.rol, matchpilot.cli.simulate;"
        "print(sorted(m for m in ('numpy', 'sqlalchemy', 'dask', 'distributed') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
