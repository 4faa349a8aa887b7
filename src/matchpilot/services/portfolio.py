"""Use cases of the portfolio optimizer: read a problem file, solve it (timed), write the result.

The only place where files and the pure optimizer (:mod:`matchpilot.portfolio`) meet; shells call these.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

from matchpilot.domain.portfolio import PortfolioProblem, PortfolioResult
from matchpilot.errors import InputError
from matchpilot.io import files
from matchpilot.io.portfolio_json import problem_from_dict, result_to_dict
from matchpilot.portfolio import solve, solve_correlated

__all__ = ["Correlation", "optimize", "optimize_file", "read_problem", "render_result", "write_result"]


@dataclasses.dataclass(frozen=True, slots=True)
class Correlation:
    """Ask for the correlated (latent strength) model: ``rho`` in 0..1, ``samples`` scenarios, ``seed``."""

    rho: float
    samples: int = 1000
    seed: int = 0


def read_problem(path: Path) -> PortfolioProblem:
    """Read a ``matchpilot.portfolio-problem/1`` JSON file.

    Raises :class:`InputError` naming the file when it cannot be read or is not JSON, and
    :class:`matchpilot.errors.InvalidDataError` (message starting with the file name) listing every bad field.
    """
    return problem_from_dict(files.read_json(path), source=str(path))


def optimize(problem: PortfolioProblem, *, correlation: Correlation | None = None) -> PortfolioResult:
    """Solve ``problem`` and record the time spent optimizing alone in ``solve_seconds``.

    Without ``correlation``: :func:`matchpilot.portfolio.solve` (exact under independence). With it:
    :func:`matchpilot.portfolio.solve_correlated` (approximate, seeded).
    """
    start = time.perf_counter()
    if correlation is None:
        result = solve(problem)
    else:
        result = solve_correlated(
            problem, correlation=correlation.rho, rng=correlation.seed, samples=correlation.samples
        )
    elapsed = time.perf_counter() - start
    return dataclasses.replace(result, solve_seconds=elapsed)


def render_result(result: PortfolioResult) -> str:
    """The ``matchpilot.portfolio-result/1`` JSON text of ``result`` (indented, ending with a newline)."""
    return json.dumps(result_to_dict(result), indent=2) + "\n"


def write_result(result: PortfolioResult, path: Path) -> None:
    """Write ``result`` as JSON to ``path``; :class:`InputError` naming the file when it cannot be written."""
    try:
        path.write_text(render_result(result), encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot write the result ({error.strerror or error})") from None


def optimize_file(path: Path, *, correlation: Correlation | None = None) -> tuple[PortfolioProblem, PortfolioResult]:
    """Read the problem in ``path`` and solve it; return both (the shell renders them)."""
    problem = read_problem(path)
    return problem, optimize(problem, correlation=correlation)
