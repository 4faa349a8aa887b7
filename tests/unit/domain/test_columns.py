"""The registry of sheet columns is the one list: everything else derives from it, and nothing lists them by hand."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from matchpilot.domain.columns import COLUMNS, COLUMNS_BY_NAME, ColumnKind, column_table_markdown
from matchpilot.domain.mapping import MAPPING_TARGETS, suggest_mapping
from matchpilot.domain.merge import PRIVATE_COLUMNS
from matchpilot.domain.program import Program
from matchpilot.domain.query import SORTABLE_COLUMNS
from matchpilot.domain.sheet import PROVENANCE_COLUMNS, REQUIRED_COLUMNS, SHEET_COLUMNS, sheet_header
from matchpilot.storage.tables import programs

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "src" / "matchpilot"
NAMES = frozenset(column.name for column in COLUMNS)


def test_the_registry_names_each_column_once_and_each_is_a_program_field() -> None:
    assert len(NAMES) == len(COLUMNS)
    assert set(COLUMNS_BY_NAME) == NAMES
    fields = {field.name for field in dataclasses.fields(Program)}
    assert fields >= NAMES


def test_the_sheet_query_merge_and_export_derive_from_the_registry() -> None:
    assert tuple(column.name for column in COLUMNS) == SHEET_COLUMNS
    assert sheet_header([]) == list(SHEET_COLUMNS)
    assert tuple(column.name for column in COLUMNS if column.required) == REQUIRED_COLUMNS
    assert tuple(column.name for column in COLUMNS if column.own_provenance) == PROVENANCE_COLUMNS
    assert tuple(column.name for column in COLUMNS if column.sortable) == SORTABLE_COLUMNS
    assert tuple(column.name for column in COLUMNS if column.private) == PRIVATE_COLUMNS
    assert set(SHEET_COLUMNS) <= set(MAPPING_TARGETS)


def test_every_alias_of_the_registry_is_suggested_for_its_column() -> None:
    for column in COLUMNS:
        for alias in column.aliases:
            suggestion = suggest_mapping([alias], [[""]])
            assert suggestion.columns[0].target in (column.name, "visa"), (alias, column.name)


def test_the_storage_table_stores_exactly_the_registrys_columns() -> None:
    """storage keeps its SQLAlchemy definitions; they must name the registry's columns, in its order."""
    stored = [column.name for column in programs.columns if column.name not in ("id", "owner_id", "provenance")]
    assert stored == list(SHEET_COLUMNS)
    for column in COLUMNS:
        nullable = programs.c[column.name].nullable
        assert not nullable or not column.required, column.name


def test_yes_no_columns_are_stored_as_booleans() -> None:
    for column in COLUMNS:
        if column.kind is ColumnKind.YES_NO:
            assert programs.c[column.name].type.python_type is bool, column.name


def _hand_lists(path: Path) -> list[int]:
    """The lines of literals (tuples, lists, sets, dict keys) naming half the sheet's columns or more: hand
    copies."""
    found: list[int] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [key for key in node.keys if key is not None]
        else:
            continue
        named = {item.value for item in items if isinstance(item, ast.Constant) and item.value in NAMES}
        if len(named) * 2 >= len(NAMES):
            found.append(node.lineno)
    return found


def test_nothing_but_the_registry_lists_the_sheet_columns_by_hand() -> None:
    registry = SOURCE / "domain" / "columns.py"
    found = [
        f"{path.relative_to(ROOT)}:{line}" for path in sorted(SOURCE.rglob("*.py")) if path != registry
        for line in _hand_lists(path)
    ]  # fmt: skip
    assert found == []


def test_the_hand_list_check_finds_a_hand_copy(tmp_path: Path) -> None:
    copy = tmp_path / "copy.py"
    names = ", ".join(repr(name) for name in SHEET_COLUMNS[: len(NAMES) // 2 + 1])
    copy.write_text(f"X = 1\nSORTABLE = ({names})\nLABELS = {{{names.replace(',', ': 1,')}: 1}}\n", encoding="utf-8")
    assert _hand_lists(copy) == [2, 3]


def _docs_column_table() -> str:
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    start = text.index("| column | what to put there |")
    return text[start : text.index("\n\n", start)]


def test_the_docs_column_table_is_the_registrys_help() -> None:
    """docs/formats.md lists exactly the registry's columns, in order, each with its help; after a change,
    paste ``matchpilot.domain.columns.column_table_markdown()`` over the table."""
    assert _docs_column_table() == column_table_markdown()
