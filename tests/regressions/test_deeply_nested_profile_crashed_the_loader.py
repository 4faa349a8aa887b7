"""Regression: a profile file nested thousands of levels deep crashed the loader with RecursionError (found by
fuzzing). ``read_profile_file`` now says the file is not valid JSON/TOML (nested too deeply)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.errors import InputError
from matchpilot.io.profile_files import read_profile_file


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("profile.json", '{"a": ' * 100_000, "JSON"),
        ("profile.json", "[" * 100_000 + "]" * 100_000, "JSON"),
        ("profile.toml", "a = " + "[" * 100_000, "TOML"),
        ("profile.toml", "a = " + "[" * 100_000 + "]" * 100_000, "TOML"),
    ],
)
def test_a_deeply_nested_profile_file_is_an_input_error(tmp_path: Path, name: str, text: str, kind: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=f"not valid {kind}"):
        read_profile_file(path)
