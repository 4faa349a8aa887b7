"""`matchpilot match` commands: run the NRMP-style match, verify a result, generate a fictional market.

Errors in the input (unreadable file, bad JSON, an instance that breaks the contract) are raised as
:class:`~matchpilot.errors.InputError` and become exit code 2 in :mod:`matchpilot.cli.main`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from matchpilot.cli import common
from matchpilot.io.format_names import INSTANCE_FORMAT, MATCH_RESULT_FORMAT

if TYPE_CHECKING:
    from matchpilot.domain.market import MatchResult

__all__ = ["app"]

app = typer.Typer(
    help="The NRMP-style match: run an instance, verify a result, generate a fictional market "
    f"(formats: {INSTANCE_FORMAT} in, {MATCH_RESULT_FORMAT} out; see docs/match-engine.md).",
    no_args_is_help=True,
)

_ENGINES = ("auto", "numba", "python")

_MALLOC_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_ARENA_MAX")
"""The environment variables by which a user tunes glibc's allocator (:func:`keep_freed_memory` then leaves it
alone, as it does when ``GLIBC_TUNABLES`` names a ``glibc.malloc`` setting)."""


def keep_freed_memory() -> bool:
    """Have glibc's allocator keep the memory a national market's arrays free, for the next ones to use, instead
    of handing every large block back to the system and asking for it again; whether it was set.

    Reading, checking and matching 47,000 applicants makes some hundred NumPy arrays of 1-10 MB, one after the
    other. By default glibc maps each block of that size anew and unmaps it when freed, so every one is faulted
    in page by page again (~20,000 page faults, 0.04-0.06 s of system time in a run of ~0.7 s). With these
    settings freed blocks stay in the heap and are reused; a ``match run`` is one short process, whose memory
    all goes back to the system when it ends. Nothing else changes. Only on Linux with glibc, and not when the
    user tuned the allocator through its environment variables."""
    if sys.platform != "linux" or any(name in os.environ for name in _MALLOC_SETTINGS):
        return False
    if "glibc.malloc" in os.environ.get("GLIBC_TUNABLES", ""):
        return False
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return False
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ValueError, OSError, AttributeError):  # no such name, no C library, no mallopt: not glibc
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    trim_threshold, top_pad, mmap_threshold = -1, -2, -3  # glibc's <malloc.h>
    # mmap only blocks of 1 GiB or more; give memory back only past 1 GiB free; grow the heap 64 MiB at a time
    return all(
        mallopt(setting, value) == 1
        for setting, value in ((mmap_threshold, 1 << 30), (trim_threshold, 1 << 30), (top_pad, 64 << 20))
    )


def _summary(result: MatchResult) -> str:
    stats = result.stats
    unfilled = sum(result.unfilled.values())
    stable = "stable" if result.is_stable else f"NOT stable: {len(result.unstable)} blocking pairs or couples"
    bound = " (stopped by the bound on cycling)" if stats.stopped_at_bound else ""
    return (
        f"Matched {stats.matched} of {stats.applicants} applicants; {unfilled} seats unfilled; "
        f"{len(result.supplemental_matches)} supplemental matches; {stable}{bound}; "
        f"solved in {stats.solve_seconds:.4f} s ({stats.engine})."
    )


@app.command("run")
def run(
    instance: Path = typer.Argument(..., help=f"The match instance (JSON, {INSTANCE_FORMAT})."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the result here (JSON); without it the result goes to stdout."
    ),
    engine: str = typer.Option(
        "auto",
        "--engine",
        help="auto (NumPy for a market without couples or supplemental lists, else compiled when Numba is "
        "installed), numba, or python (same results).",
    ),
) -> None:
    """Run the match (applicant-proposing deferred acceptance with supplemental lists, couples and reversion,
    after Roth & Peranson 1999) and write the result (JSON, matchpilot.match-result/1)."""
    common.one_blas_thread()
    if common.own_process():  # a process-wide setting: never in a program that embeds the CLI
        keep_freed_memory()
    from matchpilot.errors import InputError
    from matchpilot.services import match as service

    common.freeze_imports()  # what is imported stays out of the collector's sight, at exit too (~0.05 s)
    if engine not in _ENGINES:
        raise InputError(f"--engine must be one of {', '.join(_ENGINES)} (got {engine!r})")
    result = service.run_match_file(instance, output, engine=engine)  # type: ignore[arg-type]
    if output is None:
        typer.echo(service.result_json(result))
        common.err_console.print(_summary(result), highlight=False)
    else:
        common.console.print(_summary(result), highlight=False)
        common.console.print(f"Result written to {output}", highlight=False, markup=False)
    if not result.is_stable:
        common.err_console.print(
            "[yellow]warning:[/yellow] the result is not stable (with couples a stable matching may not exist); "
            'see "unstable" in the result.',
            highlight=False,
        )


@app.command("verify")
def verify(
    instance: Path = typer.Argument(..., help="The match instance (JSON)."),
    result: Path = typer.Argument(..., help="The result to check (JSON), from matchpilot or any other tool."),
) -> None:
    """Check a result with the independent verifier: quotas, mutual acceptability, couples together,
    supplemental matches with their advanced match, and every blocking pair or couple.
    Exit code 0 when the result is valid and stable, 1 when it is not."""
    common.one_blas_thread()
    from matchpilot.services import match as service

    verification = service.verify_files(instance, result)
    common.print_issues(verification.problems, title="The result breaks these rules")
    for blocking in verification.blocking:
        common.console.print(f"blocking: {blocking}", highlight=False)
    if verification.ok:
        common.console.print("OK: the result is valid and stable.", highlight=False)
        return
    verdict = "valid" if verification.valid else f"INVALID ({len(verification.problems)} problems)"
    stable = "stable" if not verification.blocking else f"NOT stable ({len(verification.blocking)} blocking)"
    common.console.print(f"The result is {verdict} and {stable}.", highlight=False)
    raise typer.Exit(1)


@app.command("generate")
def generate(
    applicants: int = typer.Option(..., "--applicants", help="How many applicants."),
    programs: int = typer.Option(..., "--programs", help="How many programs."),
    output: Path = typer.Option(..., "--output", "-o", help="Write the instance here (JSON)."),
    couples_share: float = typer.Option(0.0, "--couples-share", help="Share of applicants in couples, 0 to 1."),
    supplemental_share: float = typer.Option(
        0.0, "--supplemental-share", help="Share of applicants ranking advanced programs with supplemental lists."
    ),
    reversion_share: float = typer.Option(
        0.0, "--reversion-share", help="Share of programs whose unfilled seats revert to another program."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same seed gives the same market."),
) -> None:
    """Generate a fictional market with PM&R-like structure (categorical, advanced and physician tracks beside
    preliminary and transitional PGY-1 programs), popularity skew and lists of about 12 programs."""
    from matchpilot.services import match as service

    market = service.generate_market_file(
        output,
        applicants=applicants,
        programs=programs,
        couples_share=couples_share,
        supplemental_share=supplemental_share,
        reversion_share=reversion_share,
        seed=seed,
    )
    common.console.print(
        f"Wrote a fictional market to {output}: {len(market.applicants)} applicants, {len(market.programs)} "
        f"programs, {market.positions} positions, {len(market.couples)} couples (seed {seed}).",
        highlight=False,
    )
