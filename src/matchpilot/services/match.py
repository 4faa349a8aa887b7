"""Use cases of the match engine: read instance and result files, run, verify, generate, write.

The only place where the match core meets files and the clock: the engine itself stays pure, and its solve time
is measured here with :func:`time.perf_counter`. Nothing is written unless the whole operation succeeded.
"""

from __future__ import annotations

import gc
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from matchpilot.domain.market import MatchInstance, MatchResult, Verification, index_instance
from matchpilot.errors import InputError
from matchpilot.io import files
from matchpilot.io.match_json import (
    instance_from_dict,
    instance_to_dict,
    plain_instance,
    plain_market,
    result_from_dict,
    result_to_dict,
)
from matchpilot.match import run_match, verify
from matchpilot.match.engine import Engine, run_match_columns

__all__ = [
    "generate_market_file",
    "load_instance",
    "load_result",
    "read_json",
    "result_json",
    "run_match_file",
    "verify_files",
    "write_json",
]


def read_json(path: Path) -> Any:
    """Decode the JSON document in ``path``; :class:`InputError` naming the file when it cannot be read or is not
    JSON (with the line and column of the first error)."""
    return files.read_json(path)


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON to ``path`` atomically (a temporary file renamed into place), so a
    failure never leaves half a file; :class:`InputError` when the place cannot be written."""
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
        with os.fdopen(handle, "wb") as out:
            out.write(text)
        os.replace(temporary, path)
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror or error})") from None


def load_instance(path: Path) -> MatchInstance:
    """Read and check a match instance file; :class:`~matchpilot.errors.InvalidDataError` lists every problem."""
    return instance_from_dict(read_json(path), source=str(path))


def load_result(path: Path) -> MatchResult:
    """Read a match result file; :class:`~matchpilot.errors.InvalidDataError` lists every problem of its shape."""
    return result_from_dict(read_json(path), source=str(path))


def result_json(result: MatchResult) -> str:
    """The result as the JSON text ``matchpilot match run`` prints."""
    return orjson.dumps(result_to_dict(result), option=orjson.OPT_INDENT_2).decode()


def run_match_file(instance_path: Path, output: Path | None = None, *, engine: Engine = "auto") -> MatchResult:
    """Run the match on the instance in ``instance_path``; write the result to ``output`` when given.

    ``stats.solve_seconds`` is the time in the algorithm alone (measured with ``time.perf_counter``), not the
    time spent reading and writing files.
    """
    with _collector_paused():
        data = read_json(instance_path)
        columns = plain_market(data)  # a valid market of singles, read straight into columns
        if columns is not None:
            result = run_match_columns(columns, engine=engine, timer=time.perf_counter)
            if output is not None:
                write_json(output, result_to_dict(result))
            return result
        plain = plain_instance(data, list_entries=False)
        index = index_instance(plain) if plain is not None else None  # checked and indexed in one pass
        # something unusual or wrong: read and check entry by entry, naming every problem
        instance = (
            plain if plain is not None and index is not None else instance_from_dict(data, source=str(instance_path))
        )
        result = run_match(instance, engine=engine, timer=time.perf_counter, checked=True, index=index)
        if output is not None:
            write_json(output, result_to_dict(result))
    return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a national market is read, indexed and written: the
    millions of objects the JSON makes (none of them in a cycle) otherwise make it walk them all again and
    again, which doubled the time of a run."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def verify_files(instance_path: Path, result_path: Path) -> Verification:
    """Check the result in ``result_path`` against the instance in ``instance_path`` with the independent
    verifier (:func:`matchpilot.match.verify`)."""
    instance = load_instance(instance_path)
    result = load_result(result_path)
    return verify(instance, result)


def generate_market_file(
    output: Path,
    *,
    applicants: int,
    programs: int,
    couples_share: float = 0.0,
    supplemental_share: float = 0.0,
    reversion_share: float = 0.0,
    seed: int = 0,
) -> MatchInstance:
    """Generate a fictional market (:func:`matchpilot.match.generate_market`) and write it to ``output``."""
    from matchpilot.match import generate_market

    instance = generate_market(
        applicants,
        programs,
        couples_share=couples_share,
        supplemental_share=supplemental_share,
        reversion_share=reversion_share,
        seed=seed,
    )
    write_json(output, instance_to_dict(instance))
    return instance
