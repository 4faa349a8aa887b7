"""Reading the user's files: one place that turns every way a file can fail into a clear InputError that
names the file (missing, a folder, unreadable, not UTF-8, not JSON or TOML, nested too deeply)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import IO, Any

import orjson

from matchpilot.domain.limits import unstorable_strings
from matchpilot.errors import InputError

__all__ = ["open_bytes", "read_bytes", "read_json", "read_text", "read_toml"]


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; InputError when it is missing, a folder or unreadable."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None


def open_bytes(path: Path) -> IO[bytes]:
    """``path`` opened for reading bytes (use it in a ``with``); InputError as :func:`read_bytes`."""
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path`` (a byte-order mark is dropped); InputError as :func:`read_bytes`, or when the
    file is not UTF-8 text."""
    return _decoded(path, read_bytes(path))


def _decoded(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: is not UTF-8 text (bad byte at position {error.start})") from None


def read_json(path: Path) -> Any:
    """The JSON document in ``path``; InputError as :func:`read_text`, with the line and column of the first
    syntax error, or naming the place of text that is not valid (a lone surrogate such as ``"\\ud800"``, or a
    NUL), which nothing could store or show."""
    raw = read_bytes(path)
    data: Any
    try:  # orjson reads the bytes (checking that they are UTF-8) several times faster than the standard library
        if raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark: read as text below
            raise orjson.JSONDecodeError("byte-order mark", "", 0)
        data = orjson.loads(raw)
        found = next(unstorable_strings(data), None) if b"\\u" in raw else None
    except orjson.JSONDecodeError:  # not UTF-8, or what orjson refuses (NaN, huge integers, lone surrogates, ...)
        data, found = _read_json_text(path, _decoded(path, raw))
    if found is not None:
        where, problem = found
        raise InputError(f"{path}: {where or 'the document'} {problem}")
    return data


def _read_json_text(path: Path, text: str) -> tuple[Any, tuple[str, str] | None]:
    """The document in ``text`` (read by orjson, else by the standard library, which reads what orjson refuses
    or words why it is not JSON) and its first string that nothing could store, if any."""
    data: Any
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        try:  # the standard library reads or words it
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                f"{path}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
            ) from None
        except RecursionError:  # objects or arrays nested thousands deep
            raise InputError(f"{path}: not valid JSON (nested too deeply)") from None
    return data, (next(unstorable_strings(data), None) if "\\u" in text else None)


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML document in ``path``; InputError as :func:`read_text`, or saying what is wrong with the TOML."""
    text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: not valid TOML ({error})") from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise InputError(f"{path}: not valid TOML (nested too deeply)") from None
