"""The web "Match simulator" use case: run the engine on an uploaded instance or a generated fictional market,
and return the result with its JSON document (``spec/match.md``)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from matchpilot.domain.market import MatchInstance, MatchResult
from matchpilot.errors import InputError
from matchpilot.io.match_json import instance_from_dict, result_to_dict
from matchpilot.match import generate_market, run_match

__all__ = ["MatchRun", "generate_and_run", "run_uploaded"]

_MAX_APPLICANTS = 60_000


@dataclass(frozen=True, slots=True)
class MatchRun:
    """An instance, its result, the result as a JSON document, and where the instance came from."""

    instance: MatchInstance
    result: MatchResult
    document: dict[str, Any]
    source: str


def _run(instance: MatchInstance, source: str) -> MatchRun:
    result = run_match(instance, timer=time.perf_counter)
    return MatchRun(instance, result, result_to_dict(result), source)


def run_uploaded(content: bytes, filename: str) -> MatchRun:
    """Run the match on an uploaded instance (JSON, ``matchpilot.match-instance/1``).

    Raises InputError when the file is not UTF-8 JSON and InvalidDataError listing every problem of the
    instance."""
    try:
        data = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{filename}: not a UTF-8 text file") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{filename}: not valid JSON ({error.msg} at line {error.lineno})") from None
    return _run(instance_from_dict(data, source=filename), filename)


def generate_and_run(
    applicants: int, programs: int, seed: int, *, couples_share: float = 0.0, supplemental_share: float = 0.1
) -> MatchRun:
    """Generate a fictional market (:func:`matchpilot.match.generate_market`) and run the match on it."""
    if applicants > _MAX_APPLICANTS:
        raise InputError(f"at most {_MAX_APPLICANTS:,} applicants in the browser (got {applicants:,})")
    instance = generate_market(
        applicants, programs, couples_share=couples_share, supplemental_share=supplemental_share, seed=seed
    )
    source = f"generated market: {applicants} applicants, {programs} programs, seed {seed}"
    return _run(instance, source)
