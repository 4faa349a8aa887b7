"""``matchpilot match run`` at national scale, versions of matchpilot alternated in the same minutes (issue 13,
item 10), for a machine shared with other work, where one version measured after the other meets another load.

Each round reads the national market with the standard library's ``json.load`` in this process (the baseline),
then runs the whole command once per version as a new process, each version's ``src`` folder first on
``PYTHONPATH`` (the order reversed every other round). Reported per version: the medians of the command's user,
system and CPU (user + system) time, the CPU ratio to the baseline's median, the minor page faults, and the least
CPU. The market is the one ``benchmarks/user_speed.py`` measures (47,000 applicants, 6,600 programs, seed 2025).

Run: ``.venv/bin/python benchmarks/match_run_ab.py --rounds 10 OLD_SRC NEW_SRC [...]``, e.g. with an older
commit's ``src`` extracted by ``git archive COMMIT src | tar -x -C /tmp/old``. Not a test: it reports, never
asserts. Compile each ``src`` first (``python -m compileall -q SRC``) to measure as an installed matchpilot runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

Run = tuple[float, float, int]
"""(user seconds, system seconds, minor page faults) of one command."""


def _run(argv: Sequence[str], env: dict[str, str]) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime, after.ru_minflt - before.ru_minflt


def _national(folder: Path) -> Path:
    """The national market of ``benchmarks/user_speed.py``, written as that script writes it."""
    from matchpilot.io.match_json import instance_to_dict
    from matchpilot.match import generate_market
    from user_speed import APPLICANTS, PROGRAMS, SEED

    path = folder / "instance.json"
    market = instance_to_dict(generate_market(APPLICANTS, PROGRAMS, seed=SEED))
    path.write_text(json.dumps(market, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, help="each version's src folder")
    parser.add_argument("--rounds", type=int, default=10, help="rounds; medians are reported")
    parser.add_argument("--instance", type=Path, help="the market to run (default: the national one, generated)")
    options = parser.parse_args(argv)
    if options.rounds < 1:
        parser.error("--rounds must be ≥ 1")
    sources = [str(source.resolve()) for source in options.sources]
    with tempfile.TemporaryDirectory(prefix="matchpilot-ab-") as name:
        folder = Path(name)
        instance = options.instance or _national(folder)
        argv_of = [sys.executable, "-m", "matchpilot", "match", "run", str(instance), "-o", str(folder / "out.json")]
        runs: dict[str, list[Run]] = {source: [] for source in sources}
        baseline: list[float] = []
        size = instance.stat().st_size / 1e6
        print(f"load average {os.getloadavg()[0]:.1f}; {options.rounds} rounds on {size:.1f} MB of JSON")
        for round_ in range(options.rounds):
            started = time.process_time()
            with instance.open(encoding="utf-8") as handle:
                json.load(handle)
            baseline.append(time.process_time() - started)
            for source in sources if round_ % 2 == 0 else sources[::-1]:
                runs[source].append(_run(argv_of, {**os.environ, "PYTHONPATH": source}))
    base = statistics.median(baseline)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    print(f"json.load (baseline), CPU: median {base:.3f} s, least {min(baseline):.3f} s")
    for source in sources:
        done = runs[source]
        cpu = statistics.median(user + system for user, system, _ in done)
        user, system = statistics.median(r[0] for r in done), statistics.median(r[1] for r in done)
        faults, least = statistics.median(r[2] for r in done), min(r[0] + r[1] for r in done)
        print(
            f"{source}: user {user:.3f} s, system {system:.3f} s, CPU {cpu:.3f} s = {cpu / base:.2f}x; "
            f"minor faults {faults:.0f}; least CPU {least:.3f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
