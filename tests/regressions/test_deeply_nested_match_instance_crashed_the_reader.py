"""Regression: a match-instance (or result) file nested thousands of levels deep crashed ``matchpilot match``
with RecursionError (found by fuzzing the profile loader, then checking every JSON reader). ``read_json`` now
says the file is not valid JSON (nested too deeply)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.errors import InputError
from matchpilot.services.match import read_json


@pytest.mark.parametrize("text", ['{"programs": ' * 100_000, "[" * 100_000 + "]" * 100_000])
def test_a_deeply_nested_match_instance_is_an_input_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "instance.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_json(path)
