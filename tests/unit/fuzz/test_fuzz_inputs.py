"""Hypothesis fuzzing of what users hand to matchpilot: sheets (CSV/XLSX bytes), profile files and values, match
instances. Whatever comes in, the answer is the data, returned issues, or a clear InputError; never another
exception (which the user would see as a crash or a traceback)."""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from matchpilot.domain import parse_sheet
from matchpilot.domain.issues import Issue
from matchpilot.domain.profile import PROFILE_KEYS, parse_profile
from matchpilot.domain.sheet import SHEET_COLUMNS
from matchpilot.errors import InputError
from matchpilot.io.match_json import INSTANCE_FORMAT, parse_instance, parse_result
from matchpilot.io.profile_files import read_profile_file
from matchpilot.io.tables import read_table_bytes, table_bytes

TODAY = date(2026, 11, 23)
T = TypeVar("T")

NAMES = st.sampled_from(["sheet.csv", "sheet.xlsx", "SHEET.CSV", "Sheet.XLSX", "a b.csv"])
CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "yes", "no", "unknown", "2026-03-01", "13/45/2026", "1e400", "nan", "-0", "40%", "∞"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
HEADER_NAME = st.one_of(st.sampled_from(list(SHEET_COLUMNS)), st.text(max_size=15))
JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)


def only_input_errors(call: Callable[[], T]) -> T | None:
    """The result of ``call``, or None when it raised InputError (a clear message); anything else propagates."""
    try:
        return call()
    except InputError as error:
        assert str(error).strip(), "an input error always says what is wrong"
        return None


def assert_issues(issues: Any) -> None:
    """Issues are values the user can read: each has a code and a message."""
    for issue in issues:
        assert isinstance(issue, Issue)
        assert issue.message.strip()


# --- the sheet importer ---------------------------------------------------------------------------------------


@given(content=st.binary(max_size=2000), name=NAMES)
@example(content=b"\xef\xbb\xbf", name="sheet.csv")
@example(content=b"code\x00,name\n", name="sheet.csv")
@example(content=b"PK\x03\x04garbage", name="sheet.xlsx")
@example(content=b'"unclosed,quote\n', name="sheet.csv")
def test_arbitrary_bytes_are_read_or_refused_clearly(content: bytes, name: str) -> None:
    table = only_input_errors(lambda: read_table_bytes(content, name))
    if table is not None:
        header, rows = table
        assert_issues(parse_sheet(header, rows, today=TODAY).issues)


@given(
    header=st.lists(HEADER_NAME, min_size=1, max_size=8),
    rows=st.lists(st.lists(CELL, max_size=10), max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_arbitrary_csv_text_is_read_or_refused_clearly(
    header: list[str], rows: list[list[str]], encoding: str, delimiter: str
) -> None:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        content = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        content = buffer.getvalue().encode("utf-8")
    table = only_input_errors(lambda: read_table_bytes(content, "sheet.csv"))
    if table is not None:
        assert_issues(parse_sheet(*table, today=TODAY).issues)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(HEADER_NAME, min_size=1, max_size=6),
    rows=st.lists(st.lists(CELL, max_size=7), max_size=5),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=4),
    cut=st.one_of(st.none(), st.integers(min_value=0)),
)
def test_damaged_xlsx_workbooks_are_read_or_refused_clearly(
    header: list[str], rows: list[list[str]], flips: list[tuple[int, int]], cut: int | None
) -> None:
    clean = [[_printable(cell) for cell in row] for row in rows]
    content = bytearray(table_bytes("xlsx", [_printable(h) for h in header], clean, numeric=("positions",)))
    for position, value in flips:
        content[position % len(content)] = value
    if cut is not None:
        del content[cut % len(content) :]
    table = only_input_errors(lambda: read_table_bytes(bytes(content), "sheet.xlsx"))
    if table is not None:
        assert_issues(parse_sheet(*table, today=TODAY).issues)


def _printable(text: str) -> str:
    """XLSX cannot hold control characters; the writer is not under test here."""
    return "".join(ch for ch in text if ch.isprintable())


@given(
    members=st.dictionaries(
        st.sampled_from(
            [
                "[Content_Types].xml",
                "xl/workbook.xml",
                "xl/worksheets/sheet1.xml",
                "xl/_rels/workbook.xml.rels",
                "_rels/.rels",
                "xl/styles.xml",
            ]
        ),
        st.binary(max_size=200),
        max_size=6,
    )
)
def test_zip_files_that_are_not_workbooks_are_refused_clearly(members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    table = only_input_errors(lambda: read_table_bytes(buffer.getvalue(), "sheet.xlsx"))
    if table is not None:
        assert_issues(parse_sheet(*table, today=TODAY).issues)


@given(header=st.lists(HEADER_NAME, max_size=12), rows=st.lists(st.lists(CELL, max_size=14), max_size=10))
def test_parse_sheet_returns_issues_for_any_cells(header: list[str], rows: list[list[str]]) -> None:
    parsed = parse_sheet(header, rows, today=TODAY)
    assert_issues(parsed.issues)
    if parsed.ok:
        assert len({program.code for program in parsed.programs}) == len(parsed.programs)


# --- the profile loader ---------------------------------------------------------------------------------------


@settings(max_examples=150)
@given(text=st.text(max_size=300), suffix=st.sampled_from([".toml", ".json", ".TOML", ".txt"]))
@example(text='{"a": ' * 5000, suffix=".json")
@example(text="a = " + "[" * 5000, suffix=".toml")
@example(text="[]", suffix=".json")
@example(text='{"name": 1e999}', suffix=".json")
@example(text='name = "x"\nstep2 = nan', suffix=".toml")
def test_profile_files_are_read_or_refused_clearly(tmp_path_factory: Any, text: str, suffix: str) -> None:
    path = Path(tmp_path_factory.mktemp("profile")) / f"profile{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    data = only_input_errors(lambda: read_profile_file(path))
    if data is not None:
        profile, issues = parse_profile(data, today=TODAY)
        assert_issues(issues)
        assert (profile is None) == any(issue.is_error for issue in issues)


PROFILE_VALUE = st.one_of(JSON_VALUE, st.dates(), st.sampled_from(["us_md", "img", "PM&R", "NY", "j1", "h1b"]))


@given(
    data=st.dictionaries(
        st.one_of(st.sampled_from(sorted(PROFILE_KEYS)), st.text(max_size=8)), PROFILE_VALUE, max_size=len(PROFILE_KEYS)
    )
)
def test_parse_profile_returns_issues_for_any_values(data: dict[str, Any]) -> None:
    profile, issues = parse_profile(data, today=TODAY)
    assert_issues(issues)
    assert (profile is None) == any(issue.is_error for issue in issues)


# --- the match-instance parser --------------------------------------------------------------------------------

ID = st.one_of(st.sampled_from(["P1", "P2", "A1", "A2", "", " "]), st.text(max_size=4), JSON_LEAF)
ENTRY_PROGRAM = st.fixed_dictionaries(
    {},
    optional={
        "id": ID,
        "quota": st.one_of(st.integers(min_value=-3, max_value=3), JSON_LEAF),
        "rol": st.one_of(st.lists(ID, max_size=4), JSON_VALUE),
        "revert_to": ID,
    },
)
ENTRY_APPLICANT = st.fixed_dictionaries(
    {},
    optional={
        "id": ID,
        "rol": st.one_of(st.lists(ID, max_size=4), JSON_VALUE),
        "supplemental_lists": st.one_of(
            st.lists(
                st.fixed_dictionaries({}, optional={"attached_to": st.lists(ID, max_size=3), "rol": st.lists(ID)}),
                max_size=2,
            ),
            JSON_VALUE,
        ),
    },
)
ENTRY_COUPLE = st.fixed_dictionaries(
    {},
    optional={
        "id": ID,
        "members": st.one_of(st.lists(ID, min_size=2, max_size=2), JSON_VALUE),
        "rol": st.one_of(st.lists(st.lists(st.one_of(st.none(), ID), min_size=2, max_size=2), max_size=3), JSON_VALUE),
    },
)
INSTANCE = st.fixed_dictionaries(
    {"format": st.one_of(st.just(INSTANCE_FORMAT), JSON_LEAF)},
    optional={
        "programs": st.one_of(st.lists(st.one_of(ENTRY_PROGRAM, JSON_VALUE), max_size=4), JSON_VALUE),
        "applicants": st.one_of(st.lists(st.one_of(ENTRY_APPLICANT, JSON_VALUE), max_size=4), JSON_VALUE),
        "couples": st.one_of(st.lists(st.one_of(ENTRY_COUPLE, JSON_VALUE), max_size=2), JSON_VALUE),
    },
)


@settings(max_examples=300)
@given(data=st.one_of(JSON_VALUE, INSTANCE))
def test_parse_instance_returns_issues_for_any_json(data: Any) -> None:
    instance, issues = parse_instance(data)
    assert_issues(issues)
    assert (instance is None) == bool(issues)


@given(data=st.one_of(JSON_VALUE, st.fixed_dictionaries({"format": JSON_LEAF}, optional={"matches": JSON_VALUE})))
def test_parse_result_returns_issues_for_any_json(data: Any) -> None:
    result, issues = parse_result(data)
    assert_issues(issues)
    assert (result is None) == bool(issues)


@given(text=st.text(max_size=200))
def test_match_instance_text_that_decodes_is_parsed_without_crashing(text: str) -> None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    if isinstance(data, float) and not math.isfinite(data):
        return
    assert_issues(parse_instance(data)[1])


@settings(max_examples=100)
@given(text=st.one_of(st.text(max_size=200), JSON_VALUE.map(json.dumps)))
@example(text="[" * 50_000)
def test_match_instance_files_are_read_and_parsed_or_refused_clearly(tmp_path_factory: Any, text: str) -> None:
    from matchpilot.services.match import read_json

    path = Path(tmp_path_factory.mktemp("instance")) / "instance.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    data = only_input_errors(lambda: read_json(path))
    if data is not None:
        assert_issues(parse_instance(data)[1])
