"""The chances side of My list, step by step: CPU time of each step of ``pick_for`` before ``make_pick`` on a
sheet (the 5,000-program sheet of ``user_speed.py``), minima over ``--repeats`` runs on new services.

Steps: reading the sheet as columns (``ProgramStore.columns``); the ``Program`` objects; the slot terms
(``sheet_terms``); the ranges and each program's ``ProgramChance`` (``sheet_chances``); the report's
``ProgramEstimate``s and their sort; ``signal_options``; and ``chances_for`` whole (all of the above but
``signal_options``, with the profile, evidence and cohort reads). The collector is paused as in ``pick_for``.

Run: ``.venv/bin/python benchmarks/chances_steps.py --database sqlite:///sheet.db [--repeats 9]`` (a database
``pick_outputs.py --sheets`` or ``user_speed.py`` builds). Not a test.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable, Sequence
from typing import Any


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.process_time()
    found = work()
    return time.process_time() - started, found


def _run(url: str) -> dict[str, float]:
    """One run of every step on new services (the collector off), CPU seconds by step."""
    from matchpilot.bootstrap import build_services
    from matchpilot.chances.estimate import _Estimator
    from matchpilot.chances.rules import Assessor
    from matchpilot.chances.sheet import sheet_chances, sheet_terms
    from matchpilot.chances.strength import prior_belief
    from matchpilot.pick.signals import signal_options
    from matchpilot.services.chances import chances_for, load_weights, season_year_for
    from matchpilot.services.cohort import cohort_fit
    from matchpilot.services.evidence import evidence_by_program
    from matchpilot.services.picks import _signals_in
    from matchpilot.services.rules_data import load_rules

    services = build_services(database_url=url)
    spans: dict[str, float] = {}
    spans["sheet read (ProgramStore.columns)"], columns = _timed(services.sheet_columns)
    spans["Programs from the columns"], programs = _timed(columns.programs)
    profile = services.profile()
    assert profile is not None
    weights, _ = load_weights(None)
    evidence = evidence_by_program(services, list(programs))
    fit = cohort_fit(services)
    terms_of = fit.terms if fit is not None else {}
    estimator = _Estimator(weights, prior_belief(weights))
    assessor = Assessor(profile, weights, season_year=season_year_for(services.today()))
    spans["sheet_terms"], terms = _timed(
        lambda: sheet_terms(assessor, programs, evidence, terms_of, estimator.relative)
    )

    def ranges(keys: Any) -> Any:
        estimator.fill(keys)
        return estimator._interviews

    spans["sheet_chances (ranges, ProgramChance)"], _ = _timed(
        lambda: sheet_chances(terms, programs, {}, ranges, weights.match_rate)
    )
    fresh = build_services(database_url=url)
    spans["chances_for whole"], report = _timed(lambda: chances_for(fresh))
    season = _signals_in(load_rules(None).rules, report.season_year)
    assert season is not None
    spans["signal_options"], _ = _timed(lambda: signal_options(report, weights, season, max_nodes=12))
    return spans


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a database URL holding the sheet and a profile")
    parser.add_argument("--repeats", type=int, default=9, help="runs after a first one (minima are printed)")
    options = parser.parse_args(argv)
    found: dict[str, list[float]] = {}
    for run in range(options.repeats + 1):
        gc.collect()
        gc.disable()
        try:
            spans = _run(options.database)
        finally:
            gc.enable()
        if run:
            for name, span in spans.items():
                found.setdefault(name, []).append(span)
    for name, times in found.items():
        middle = sorted(times)[len(times) // 2]
        print(f"{name:42s} min {min(times) * 1000:7.1f} ms CPU  (median {middle * 1000:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
