"""Issue 13, item 6: one place for formats. 18 ``matchpilot.*/1`` formats were defined across the domain, the
core, the services, storage and the CLI, and the CLI and the API wrote two different lint documents. Every
format is now named only in ``io/`` (one module per family), which the CLI, the API and the services call; the
docs list each format with its module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import matchpilot

PACKAGE = Path(matchpilot.__file__).parent
DOCS = Path(__file__).resolve().parents[3] / "docs" / "formats.md"
FORMAT = re.compile(r"matchpilot\.[a-z][a-z0-9-]*/\d+")

INTERNAL = {"letters/intent.py": {"matchpilot.lint-model/1"}, "letters/stack.py": {"matchpilot.lint-stack/1"}}
"""The formats read by the core alone: the letter checker's trained models (the linear models and the second
stage over whole messages), files shipped inside the ``letters`` package (no user, command or API reads or
writes them)."""


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string in the code of ``path`` (line and text), docstrings and other bare strings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bare = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in bare
    ]


def _named(path: Path) -> list[tuple[int, str]]:
    return [(line, found) for line, text in _strings(path) for found in FORMAT.findall(text)]


def test_no_format_is_named_outside_io() -> None:
    outside = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where.startswith("io/"):
            continue
        outside += [f"{where}:{line}: {name}" for line, name in _named(path) if name not in INTERNAL.get(where, set())]
    assert outside == [], "define each format in its io/ module and import the name from there"


def _families() -> dict[str, set[str]]:
    """Per name of io/format_names.py, the io/ modules that import it (the family that writes and reads it)."""
    found: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / "io").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "matchpilot.io.format_names":
                for alias in node.names:
                    found.setdefault(alias.name, set()).add(path.relative_to(PACKAGE).as_posix())
    return found


def test_every_format_is_named_once_and_listed_in_the_docs_with_its_module() -> None:
    names = PACKAGE / "io" / "format_names.py"
    assert [path.name for path in (PACKAGE / "io").glob("*.py") if _named(path)] == [names.name]
    values = {
        target.id: node.value.value
        for node in ast.parse(names.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert len(set(values.values())) == len(values) >= 20  # the inventory of issue 13, each format once
    families = _families()
    rows = {
        match.group(1): match.group(2)
        for match in re.finditer(r"^\| `(matchpilot\.[^`]+)` \|.*\| `(io/[a-z_]+\.py)` \|", DOCS.read_text(), re.M)
    }
    assert set(rows) == set(values.values())
    for name, value in values.items():
        assert rows[value] in families.get(name, set()), f"{value}: docs/formats.md names {rows[value]}"
