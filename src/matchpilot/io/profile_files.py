"""Profile files: TOML or JSON in, TOML or JSON out."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from matchpilot.errors import InputError

__all__ = ["dump_profile", "read_profile_file"]


def read_profile_file(path: Path) -> dict[str, Any]:
    """Read a profile document (``.toml`` or ``.json``) into a mapping; InputError names the file and the
    syntax problem when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise InputError(f"{path}: unknown profile file type {suffix or '(no extension)'}; use .toml or .json")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot be read ({error})") from None
    if suffix == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise InputError(f"{path}: not valid TOML ({error})") from None
        except RecursionError:  # arrays or tables nested thousands deep
            raise InputError(f"{path}: not valid TOML (nested too deeply)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    except RecursionError:  # objects or arrays nested thousands deep
        raise InputError(f"{path}: not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: a profile must be a JSON object")
    return data


def dump_profile(data: Mapping[str, Any], kind: str = "toml") -> str:
    """A profile mapping as TOML or JSON text."""
    if kind == "json":
        return json.dumps(dict(data), indent=2, ensure_ascii=False) + "\n"
    import tomli_w

    return tomli_w.dumps(dict(data))
