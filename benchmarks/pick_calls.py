"""My list's work repeated, to count its instructions with ``valgrind --tool=callgrind`` (a count that does not
depend on the machine's load, unlike its CPU time on a shared machine).

Each call builds new services (a new database object, so nothing is kept between calls) and computes
``pick_for`` with My list's parameters (45 applications, 12 branch-and-bound relaxations for the signals), or with
``--page`` answers My list's first request on a new app (``GET /``, then ``GET /picks``, as ``user_speed.py``
measures it). It makes one call more than ``--calls``; run it with ``--calls 0`` and ``--calls 2`` and half the
difference of the two counts is one call, without the imports and the first call's setup:

    valgrind --tool=callgrind .venv/bin/python benchmarks/pick_calls.py --database sqlite:///sheet.db --calls 2

The database is one ``user_speed.py`` or ``pick_before_after.py`` builds (the 5,000-program sheet of
``load_bench.py``). Not a test: it prints nothing but reports by its instruction count.
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a database URL holding the sheet and a profile")
    parser.add_argument("--calls", type=int, default=2, help="calls after the first one (default 2)")
    parser.add_argument("--page", action="store_true", help="My list's first answer on a new app, not pick_for")
    options = parser.parse_args(argv)
    from matchpilot.bootstrap import build_services

    for _ in range(1 + options.calls):
        services = build_services(database_url=options.database)
        if options.page:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the test client's deprecation notes are not the page's
                from starlette.testclient import TestClient

                from matchpilot.web import create_app

            client = TestClient(create_app(services))
            client.get("/")
            if client.get("/picks").status_code != 200:
                raise SystemExit("My list did not answer 200")
        else:
            from matchpilot.pick import PickLimits
            from matchpilot.services.picks import pick_for

            pick_for(services, PickLimits(45), max_signal_nodes=12)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
