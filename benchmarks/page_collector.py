"""My list's first answer, many in one process, with the garbage collector's time inside each: collector settings
for the server compared.

Not a test. After one first answer (imports) and ``gc.freeze()`` (as ``matchpilot serve`` does after start-up),
answers My list's first request on a new app ``--answers`` times (``GET /``, then ``GET /picks``, as
``user_speed.py`` measures one) and prints the median, mean and minimum CPU time of the answers and of the
collector's passes inside them (``gc.callbacks``), with the process's peak memory. ``--mode``:

- ``plain``: the collector as ``serve`` leaves it;
- ``threshold``: the youngest generation's threshold set to ``--threshold`` (700 by default in CPython);
- ``promote``: after each computation that paused the collector (``collector_paused``), ``gc.collect(1)``, which
  moves what the computation kept to the oldest generation at once instead of walking it again at the next
  collection of the middle one.

    .venv/bin/python benchmarks/page_collector.py --database sqlite:///sheet.db --mode plain --answers 15

Run the modes alternately (the machine's load moves between minutes). The database is one
``pick_outputs.py --make-sheet`` or ``user_speed.py`` builds (the 5,000-program sheet).
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a database URL holding the sheet and a profile")
    parser.add_argument("--mode", choices=("plain", "threshold", "promote"), default="plain")
    parser.add_argument("--threshold", type=int, default=7000, help="the youngest generation's, with --mode threshold")
    parser.add_argument("--answers", type=int, default=15, help="first answers measured in the process")
    options = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

    import matchpilot.services.chances as chances
    import matchpilot.services.memo as memo
    import matchpilot.services.picks as picks
    from matchpilot.bootstrap import build_services
    from matchpilot.web import create_app

    if options.mode == "promote":
        paused = memo.collector_paused

        @contextmanager
        def promoting() -> Iterator[None]:
            outer = memo._paused[0] == 0
            with paused():
                yield
            if outer and gc.isenabled():
                gc.collect(1)

        setattr(picks, "collector_paused", promoting)  # noqa: B010
        setattr(chances, "collector_paused", promoting)  # noqa: B010
    spent = [0.0, 0.0]

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            spent[1] = time.process_time()
        else:
            spent[0] += time.process_time() - spent[1]

    def first() -> tuple[float, float]:
        client = TestClient(create_app(build_services(database_url=options.database)))
        client.get("/")
        spent[0] = 0.0
        started = time.process_time()
        assert client.get("/picks").status_code == 200
        return (time.process_time() - started) * 1000.0, spent[0] * 1000.0

    first()
    gc.freeze()
    if options.mode == "threshold":
        gc.set_threshold(options.threshold, *gc.get_threshold()[1:])
    gc.callbacks.append(watch)
    found = [first() for _ in range(options.answers)]
    answers, collector = [a for a, _ in found], [c for _, c in found]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{options.mode}{f' {options.threshold}' if options.mode == 'threshold' else ''}: answer median "
        f"{statistics.median(answers):.1f} mean {statistics.mean(answers):.1f} min {min(answers):.1f} ms CPU; "
        f"collector inside: median {statistics.median(collector):.1f} mean {statistics.mean(collector):.1f} max "
        f"{max(collector):.1f} ms; peak memory {peak:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
