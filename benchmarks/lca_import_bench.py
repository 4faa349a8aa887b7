"""LCA import benchmark (issue 18, "Fast"): not a test — figures measured in one run.

Run: ``.venv/bin/python benchmarks/lca_import_bench.py [--rows 300000] [--columns 96] [--xlsx-rows 50000]``

1. Write a fictional LCA disclosure CSV of ``--rows`` rows in the FY2020+ layout, padded to ``--columns`` columns
   (a real year's file has about 96), about 2% of the rows residents (as in a real file). Every employer name is
   fictional ("Fictional Employer 12 Inc").
2. Baseline: Python's ``csv`` module reading the file, every row, doing nothing with it (median of 3).
3. matchpilot: ``import_lca`` through the services into a fresh SQLite database (hash, header check, streaming
   read, classification, one transaction), median of 3 (each run into a new database).
4. Print the ratio (target: at most 3x) and the peak resident memory of this process (target: under 1 GB for a
   full year of ~600,000 rows; the reader keeps only the kept rows, so memory does not grow with the file).
5. With ``--xlsx-rows N`` > 0, also write an XLSX of N rows and time its import (python-calamine-plus, streaming,
   bounded columns), in rows per second. ``benchmarks/lca_xlsx_bench.py`` measures workbooks in more detail.
"""

from __future__ import annotations

import argparse
import csv
import platform
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from matchpilot.bootstrap import Settings, build_services
from matchpilot.services import evidence as ev

from support.lca import FY2020_HEADER, big_cases, row_for, write_xlsx


def write_big_csv(path: Path, rows: int, columns: int) -> None:
    """A fictional LCA CSV of ``rows`` rows, padded to ``columns`` columns."""
    header = list(FY2020_HEADER) + [f"EXTRA_COLUMN_{i}" for i in range(max(0, columns - len(FY2020_HEADER)))]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for case in big_cases(rows):
            row = row_for(header, case)
            writer.writerow([value if value != "x" else "Some text value" for value in row])


def read_with_csv(path: Path) -> float:
    """Seconds for the csv module to read every row of ``path``."""
    start = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle:
        for _row in csv.reader(handle):
            pass
    return time.perf_counter() - start


def import_once(path: Path, folder: Path, run: int) -> tuple[float, ev.LcaImportReport]:
    """Seconds for matchpilot to import ``path`` into a fresh SQLite database."""
    services = build_services(
        Settings(owner="bench"), database_url=f"sqlite:///{folder}/bench-{run}.db", today=lambda: date(2026, 11, 23)
    )
    try:
        start = time.perf_counter()
        with path.open("rb") as handle:
            report = ev.import_lca(services, handle, path.name, size=path.stat().st_size)
        return time.perf_counter() - start, report
    finally:
        services.database.dispose()


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--columns", type=int, default=96)
    parser.add_argument("--xlsx-rows", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "lca_fictional.csv"
        write_big_csv(path, args.rows, args.columns)
        size_mb = path.stat().st_size / 1e6
        print(f"file: {args.rows:,} rows x {args.columns} columns, {size_mb:.0f} MB (fictional)")
        baseline = statistics.median(read_with_csv(path) for _ in range(3))
        timings = []
        report = None
        for run in range(3):
            seconds, report = import_once(path, folder, run)
            timings.append(seconds)
        assert report is not None
        ours = statistics.median(timings)
        print(f"csv module, read only (median of 3): {baseline:.2f} s")
        print(
            f"matchpilot import (median of 3): {ours:.2f} s; kept {report.residents:,} resident and "
            f"{report.fellows:,} fellow cases of {report.rows_read:,} rows"
        )
        print(f"ratio: {ours / baseline:.2f}x (target: at most 3x)")
        if args.xlsx_rows > 0:
            xlsx = write_xlsx(folder / "lca_fictional.xlsx", big_cases(args.xlsx_rows))
            seconds, report = import_once(xlsx, folder, 99)
            print(
                f"XLSX ({args.xlsx_rows:,} rows, {len(FY2020_HEADER)} columns): {seconds:.2f} s, "
                f"{args.xlsx_rows / seconds:,.0f} rows/s"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")
    print(f"machine: {platform.machine()}, {platform.system()}, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
