"""Reading a JSON file: the fast reading of the bytes accepts and refuses exactly what reading the text did, with
the same messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.errors import InputError
from matchpilot.io.files import read_json


def _file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "document.json"
    path.write_bytes(data)
    return path


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    assert read_json(_file(tmp_path, b'\xef\xbb\xbf{"id": "a1", "n": [1, 2]}')) == {"id": "a1", "n": [1, 2]}


def test_bytes_that_are_not_utf8_are_named_by_position(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"is not UTF-8 text \(bad byte at position 8\)"):
        read_json(_file(tmp_path, b'{"id": "\xff"}'))


def test_what_orjson_refuses_is_read_or_worded_by_the_standard_library(tmp_path: Path) -> None:
    assert read_json(_file(tmp_path, b'{"n": NaN}'))["n"] != 0
    with pytest.raises(InputError, match=r"not valid JSON \(Expecting value at line 2, column 7\)"):
        read_json(_file(tmp_path, b'{"a": 1,\n "b": }'))


def test_an_escaped_nul_or_lone_surrogate_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"document\.json"):
        read_json(_file(tmp_path, b'{"id": "a\\u0000"}'))
    with pytest.raises(InputError, match=r"document\.json"):
        read_json(_file(tmp_path, b'{"id": "\\ud800"}'))
