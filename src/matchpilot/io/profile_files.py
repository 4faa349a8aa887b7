"""Profile files: TOML or JSON in, TOML or JSON out."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from matchpilot.errors import InputError
from matchpilot.io.files import read_json, read_toml

__all__ = ["dump_profile", "read_profile_file"]


def read_profile_file(path: Path) -> dict[str, Any]:
    """Read a profile document (``.toml`` or ``.json``) into a mapping; InputError names the file and the
    syntax problem when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise InputError(f"{path}: unknown profile file type {suffix or '(no extension)'}; use .toml or .json")
    data = read_toml(path) if suffix == ".toml" else read_json(path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: a profile must be a JSON object")
    return data


def dump_profile(data: Mapping[str, Any], kind: str = "toml") -> str:
    """A profile mapping as TOML or JSON text."""
    if kind == "json":
        return json.dumps(dict(data), indent=2, ensure_ascii=False) + "\n"
    import tomli_w

    return tomli_w.dumps(dict(data))
