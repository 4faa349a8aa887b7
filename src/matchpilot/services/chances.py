"""Chances use cases: load the weights (packaged defaults or a user's file) and estimate every program.

The core (:mod:`matchpilot.chances`) is pure; this module reads the files it needs and gathers the profile
and the sheet from the workspace.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

from matchpilot.chances import (
    WEIGHTS_RESOURCE,
    ChancesReport,
    Outcome,
    ProgramEstimate,
    Weights,
    explain_change,
    outlook,
    parse_outcome_rows,
    signal_tiers,
)
from matchpilot.chances.cohort import CohortFit, CohortTerm
from matchpilot.chances.report import ranked_estimates
from matchpilot.domain.evidence import H1bEvidence
from matchpilot.domain.issues import Issue
from matchpilot.domain.profile import Profile
from matchpilot.domain.program import Program
from matchpilot.domain.season import season_for
from matchpilot.errors import InputError, InvalidDataError, NextStep
from matchpilot.io import files as user_files
from matchpilot.io.tables import read_table
from matchpilot.io.weights_toml import parse_weights
from matchpilot.services.cohort import cohort_fit
from matchpilot.services.evidence import evidence_by_program
from matchpilot.services.memo import collector_paused, file_stamp, remembered
from matchpilot.services.workspace import Services

__all__ = [
    "DEFAULT_WEIGHTS_SOURCE",
    "ChancesReport",
    "ProgramEstimate",
    "chances_for",
    "check_weights_file",
    "default_weights",
    "default_weights_text",
    "estimate_chances",
    "load_weights",
    "read_outcomes",
    "season_year_for",
]

DEFAULT_WEIGHTS_SOURCE = "packaged defaults (assumptions, not NRMP data)"


def default_weights_text() -> str:
    """The text of the packaged default weights file (``matchpilot/chances/weights.toml``)."""
    return files("matchpilot.chances").joinpath(WEIGHTS_RESOURCE).read_text(encoding="utf-8")


@cache  # the packaged file does not change while the program runs; Weights are frozen
def default_weights() -> Weights:
    """The packaged default weights (every one a documented assumption), read once."""
    weights, issues = parse_weights(default_weights_text())
    if weights is None:  # the packaged file is checked by the tests
        raise InvalidDataError("the packaged weights file has errors", issues)
    return weights


def _read_text(path: Path) -> str:
    return user_files.read_text(path)


def check_weights_file(path: Path) -> list[Issue]:
    """The issues of a user's weights file (keys left out keep their defaults); InputError when unreadable."""
    _, issues = parse_weights(_read_text(path), base=default_weights())
    return issues


def load_weights(path: Path | None = None) -> tuple[Weights, str]:
    """The weights to use and where they came from: the packaged defaults, or the file at ``path``.

    A user's file may leave keys out (they keep their defaults). Raises InputError when the file cannot be
    read and InvalidDataError (with every issue, each naming its key) when it has errors.
    """
    if path is None:
        return default_weights(), DEFAULT_WEIGHTS_SOURCE
    weights, issues = parse_weights(_read_text(path), base=default_weights())
    if weights is None:
        count = len(issues)
        raise InvalidDataError(f"{path}: the weights file has {count} error{'s' if count != 1 else ''}", issues)
    return weights, str(path)


def read_outcomes(path: Path) -> list[tuple[str, Outcome]]:
    """Read outcomes from a CSV/XLSX file with columns ``code`` and ``outcome`` (invited, rejected, silent).

    Raises InputError when the file cannot be read and InvalidDataError naming every bad row and column.
    """
    header, rows = read_table(path)
    pairs, issues = parse_outcome_rows(header, rows)
    if issues:
        raise InvalidDataError(f"{path}: the outcomes file has errors", issues)
    return pairs


def season_year_for(today: date) -> int:
    """The application season of ``today``: the year ERAS applications of its season are sent (see
    :mod:`matchpilot.domain.season`; a season ends on Match Day)."""
    return season_for(today).application_year


def estimate_chances(
    profile: Profile,
    programs: Sequence[Program],
    *,
    weights: Weights,
    season_year: int,
    weights_source: str = DEFAULT_WEIGHTS_SOURCE,
    signals: Collection[str] | Mapping[str, str | None] = (),
    outcomes: Iterable[tuple[str, Outcome]] = (),
    h1b_evidence: Mapping[str, H1bEvidence] | None = None,
    cohort: CohortFit | None = None,
) -> ChancesReport:
    """Estimate every program for ``profile``, learning from ``outcomes`` (pairs of code and outcome);
    ``h1b_evidence`` maps program codes to the DOL LCA evidence for their institutions; ``cohort`` is the fit of
    the server's cohort (its terms become the factor ``cohort``)."""
    terms: Mapping[str, CohortTerm] = cohort.terms if cohort is not None else {}
    given = list(outcomes)
    before, after, issues = outlook(
        profile,
        programs,
        weights,
        season_year=season_year,
        signals=signals,
        outcomes=given,
        h1b_evidence=h1b_evidence,
        cohort=terms,
    )
    estimates = ranked_estimates(programs, after.chances)
    change = explain_change(before, after) if given else None
    return ChancesReport(tuple(estimates), weights_source, season_year, before, after, change, tuple(issues), cohort)


def chances_for(
    services: Services,
    *,
    weights_path: Path | None = None,
    outcomes: Iterable[tuple[str, Outcome]] = (),
    signals: Collection[str] | Mapping[str, str | None] = (),
    season_year: int | None = None,
) -> ChancesReport:
    """The chances at every program of the stored sheet for the stored profile.

    ``weights_path`` is a user's weights file (default: the packaged assumptions); ``season_year`` defaults
    to the season of the services' ``today``. The chances include the terms of the server's cohort
    (:func:`matchpilot.services.cohort.cohort_fit`). Raises InputError when there is no profile yet.
    """
    given = tuple(outcomes)
    year = season_year_for(services.today()) if season_year is None else season_year

    def estimate() -> ChancesReport:
        with collector_paused():  # the sheet and thousands of estimates: many new objects, none in a cycle
            return estimated()

    def estimated() -> ChancesReport:
        profile = services.profile()
        if profile is None:
            raise InputError(
                "no profile yet: your chances need your profile (scores, visa need, targets)",
                next_step=NextStep.FILL_PROFILE,
            )
        weights, source = load_weights(weights_path)
        programs = services.sheet_columns().programs()  # the whole sheet by code, read as columns
        fit = cohort_fit(services)
        return estimate_chances(
            profile,
            programs,
            weights=weights,
            season_year=year,
            weights_source=source,
            signals=signals,
            outcomes=given,
            h1b_evidence=evidence_by_program(services, list(programs)),
            cohort=fit,
        )

    stamp = file_stamp(weights_path)  # a user's weights file: its version is part of the question
    if weights_path is not None and stamp is None:  # unreadable: the estimate says why
        return estimate()
    question = ("chances", given, tuple(sorted(signal_tiers(signals).items(), key=lambda item: item[0])), year, stamp)
    return remembered(services, question, estimate, lambda report: len(report.estimates))
