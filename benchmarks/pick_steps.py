"""Where ``make_pick`` and ``keep_shown`` spend their time on a sheet, step by step (minima of CPU time).

Not a test. Builds My list's inputs once as ``pick_for`` does (outcomes, chances, fees, the season's signals with
12 branch-and-bound relaxations, the profile; 45 applications), then calls ``make_pick`` ``--calls`` times with
the collector off after ``gc.freeze()`` and prints the minimum of each of its steps that is a function of
``matchpilot.pick.make`` (those the source tree has: another tree's ``src`` on ``PYTHONPATH`` gives its steps), the
rest of ``make_pick`` (its own passes), ``keep_shown`` (the predictions written) and how many objects the
collector tracks that one answer's ``PickReport`` keeps alive:

    PYTHONPATH=/tmp/old/src .venv/bin/python benchmarks/pick_steps.py --database sqlite:///sheet.db
    .venv/bin/python benchmarks/pick_steps.py --database sqlite:///sheet.db

The database is one ``user_speed.py`` or ``pick_outputs.py --make-sheet`` builds (the 5,000-program sheet).
"""

from __future__ import annotations

import argparse
import functools
import gc
import time
from collections.abc import Callable, Sequence
from typing import Any

STEPS = (
    "_check_pins",
    "_fee_groups",
    "_force_pins",
    "_signal_problem",
    "_solve",
    "_left_out_rows",
    "_signal_plan",
    "_count_curve",
    "applications_curve",
    "_money_curve",
)
"""The functions of ``matchpilot.pick.make`` timed as steps (when the source tree has them)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a database URL holding the sheet and a profile")
    parser.add_argument("--calls", type=int, default=15, help="calls of make_pick timed (default 15)")
    options = parser.parse_args(argv)

    import matchpilot.pick.make as make
    import matchpilot.services.picks as picks
    from matchpilot.bootstrap import build_services
    from matchpilot.pick import PickLimits
    from matchpilot.pick.signals import signal_options
    from matchpilot.services import predictions
    from matchpilot.services.chances import chances_for, load_weights
    from matchpilot.services.rules_data import load_rules

    services = build_services(database_url=options.database)
    recorded = picks.list_outcomes(services)
    report = chances_for(services, outcomes=[(o.code, o.outcome) for o in recorded])
    rules = load_rules(None).rules
    fees = picks._fees_in(rules, report.season_year)
    season = picks._signals_in(rules, report.season_year)
    weights, _ = load_weights(None)
    signals = None if season is None else signal_options(report, weights, season, (), max_nodes=12)
    profile = services.profile()

    spans: dict[str, list[float]] = {}
    depth = [0]

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            depth[0] += 1
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 1:  # a step of make_pick, not one step inside another
                    spans.setdefault(name, []).append(time.process_time() - start)

        return call

    for name in STEPS:
        if hasattr(make, name):
            setattr(make, name, timed(name, getattr(make, name)))

    def run() -> object:
        depth[0] = 1
        start = time.process_time()
        made = make.make_pick(report, PickLimits(45), fees, recorded, signals, profile=profile)
        spans.setdefault("whole make_pick", []).append(time.process_time() - start)
        depth[0] = 0
        return made

    run()  # the optimizer's first call
    gc.collect()
    gc.freeze()
    gc.disable()
    spans.clear()
    for _ in range(options.calls):
        run()
    whole = min(spans.pop("whole make_pick"))
    steps = sum(min(values) for values in spans.values())
    for name, values in spans.items():
        print(f"{name:24s} {min(values) * 1000:7.2f} ms")
    print(f"{'rest of make_pick':24s} {(whole - steps) * 1000:7.2f} ms (its own passes)")
    print(f"{'whole make_pick':24s} {whole * 1000:7.2f} ms")
    kept: list[float] = []
    for _ in range(options.calls):
        predictions._kept.clear()  # this process's memory of what it wrote: write again
        start = time.process_time()
        predictions.keep_shown(services, report)
        kept.append(time.process_time() - start)
    print(f"{'keep_shown':24s} {min(kept) * 1000:7.2f} ms")
    before = len(gc.get_objects())
    held = run()
    gc.collect()
    print(f"objects the collector tracks that one PickReport keeps: {len(gc.get_objects()) - before:,}")
    del held
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
