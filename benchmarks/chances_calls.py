"""The reading side of My list repeated, to count its instructions with ``valgrind --tool=callgrind`` (a count
that does not depend on the machine's load): ``--step read`` reads the sheet and makes its programs
(``Services.sheet_columns().programs()``), ``--step terms`` computes the slot terms (``sheet_terms``) for the
stored profile, ``--calls`` times after the same setup as ``chances_steps.py`` makes. Run it with ``--calls 0`` and
``--calls 4``; a quarter of the difference of the two counts is one call:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/chances_calls.py \\
        --database sqlite:///sheet.db --step terms --calls 4

``PYTHONPATH`` at another ``src/`` counts another version. The database is one ``pick_outputs.py --make-sheet``
builds. Not a test: it prints nothing.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a database URL holding the sheet and a profile")
    parser.add_argument("--step", choices=["read", "terms"], required=True, help="what to repeat")
    parser.add_argument("--calls", type=int, default=4, help="how many times (default 4)")
    options = parser.parse_args(argv)
    from matchpilot.bootstrap import build_services
    from matchpilot.chances.estimate import _Estimator
    from matchpilot.chances.rules import Assessor
    from matchpilot.chances.sheet import sheet_terms
    from matchpilot.chances.strength import prior_belief
    from matchpilot.services.chances import load_weights, season_year_for
    from matchpilot.services.cohort import cohort_fit
    from matchpilot.services.evidence import evidence_by_program

    gc.disable()  # as My list computes: the collector paused
    services = build_services(database_url=options.database)
    programs = services.sheet_columns().programs()
    profile = services.profile()
    if profile is None:
        raise SystemExit("the database holds no profile")
    weights, _ = load_weights(None)
    evidence = evidence_by_program(services, list(programs))
    fit = cohort_fit(services)
    cohort = fit.terms if fit is not None else {}
    relative = _Estimator(weights, prior_belief(weights)).relative
    year = season_year_for(services.today())
    for _ in range(options.calls):
        if options.step == "read":
            services.sheet_columns().programs()
        else:
            sheet_terms(Assessor(profile, weights, season_year=year), programs, evidence, cohort, relative)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
