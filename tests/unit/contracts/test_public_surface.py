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


def test_every_name_of_the_storage_package_is_listed_once_and_loads_from_its_module() -> None:
    """``matchpilot.storage`` loads its names on first use (PEP 562): the names typed for mypy, ``__all__`` and the
    table of modules must agree, or a name that type-checks would fail when a command first asks for it."""
    import ast
    import importlib

    import matchpilot.storage as storage

    tree = ast.parse(Path(storage.__file__).read_text(encoding="utf-8"))
    typed = {
        alias.name: node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("matchpilot.storage.")
        for alias in node.names
    }
    assert sorted(typed) == sorted(storage.__all__)
    assert len(storage.__all__) == len(set(storage.__all__))
    for name, module in typed.items():
        assert getattr(storage, name) is getattr(importlib.import_module(module), name), name
