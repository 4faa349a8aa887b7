"""Contracts that keep the surfaces honest: the public API, the import direction, cheap imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matchpilot

ROOT = Path(__file__).resolve().parents[3]


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert matchpilot.__all__ == sorted(matchpilot.__all__)
    for name in matchpilot.__all__:
        assert getattr(matchpilot, name) is not None, name


def test_import_contracts_hold() -> None:
    """The direction of imports in DESIGN.md, checked by import-linter's contracts in pyproject.toml."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_importing_matchpilot_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys, matchpilot, matchpilot.cli.main\n"
        "heavy = [m for m in ('sqlalchemy', 'alembic', 'fastapi', 'openpyxl', 'python_calamine_plus', 'uvicorn', "
        "'numpy', 'psycopg') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
