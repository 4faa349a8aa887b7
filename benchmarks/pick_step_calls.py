"""One step of My list repeated, to count its instructions with ``valgrind --tool=callgrind`` (as ``pick_calls.py``
counts a whole ``pick_for``, for a step alone).

Builds My list's inputs once as ``pick_steps.py`` does (outcomes, chances, fees, the season's signals with 12
branch-and-bound relaxations, the profile; 45 applications), turns the collector off (``pick_for`` computes with it
paused), then repeats ``--step`` ``--calls`` times: ``signal_options``, ``make_pick``, ``keep_shown`` (the
predictions written again each time) or ``chances_for`` (the memo cleared each time). Run it with ``--calls 0`` and
``--calls 4``: a quarter of the difference of the two counts is one call:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/pick_step_calls.py \\
        --database sqlite:///sheet.db --step signal_options --calls 4

``PYTHONPATH`` at another ``src/`` counts that tree's step. The database is one ``pick_outputs.py --make-sheet``
builds (the 5,000-program sheet); use a copy per run. Not a test: it prints nothing.
"""

from __future__ import annotations

import argparse
import gc
import warnings
from collections.abc import Sequence

STEPS = ("signal_options", "make_pick", "keep_shown", "chances_for")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a database URL holding the sheet and a profile")
    parser.add_argument("--step", choices=STEPS, required=True, help="the step repeated")
    parser.add_argument("--calls", type=int, default=4, help="how many times (after the inputs' first making)")
    options = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    import matchpilot.services.picks as picks
    from matchpilot.bootstrap import build_services
    from matchpilot.pick import PickLimits
    from matchpilot.pick.make import make_pick
    from matchpilot.pick.signals import signal_options
    from matchpilot.services import predictions
    from matchpilot.services.chances import chances_for, load_weights
    from matchpilot.services.memo import memo_for
    from matchpilot.services.rules_data import load_rules

    services = build_services(database_url=options.database)
    recorded = picks.list_outcomes(services)
    given = [(o.code, o.outcome) for o in recorded]
    report = chances_for(services, outcomes=given)
    rules = load_rules(None).rules
    fees = picks._fees_in(rules, report.season_year)
    season = picks._signals_in(rules, report.season_year)
    if season is None:
        raise SystemExit("no ERAS signal counts for this season in the rules")
    weights, _ = load_weights(None)
    profile = services.profile()
    signals = signal_options(report, weights, season, (), max_nodes=12)
    make_pick(report, PickLimits(45), fees, recorded, signals, profile=profile)
    gc.collect()
    gc.disable()
    for _ in range(options.calls):
        if options.step == "signal_options":
            signal_options(report, weights, season, (), max_nodes=12)
        elif options.step == "make_pick":
            make_pick(report, PickLimits(45), fees, recorded, signals, profile=profile)
        elif options.step == "keep_shown":
            predictions._kept.clear()  # this process's memory of what it wrote: write again
            predictions.keep_shown(services, report)
        else:
            memo_for(services.database).clear()
            chances_for(services, outcomes=given)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
