"""LCA workbook benchmark (issue 18 item 4): not a test — figures measured in one run.

Run: ``.venv/bin/python benchmarks/lca_xlsx_bench.py --rows 100000 [--readers openpyxl,calamine-plus,...]``

1. Write a fictional LCA disclosure workbook of ``--rows`` rows x 96 columns as Excel writes one: every text
   cell a shared string (``t="s"``), dates as serial numbers with a date style, numbers as numbers, some cells
   empty. The first 26 columns are the FY2020+ layout (``tests/support/lca.py``); the other 70 hold
   repeated text, text unique to the row (as addresses and names are), numbers, flags and blanks. Every value is
   fictional. Written straight as XML (openpyxl's writer takes minutes for a file this size).
2. For each reader, in a fresh process (the workbook is written by another, so that a reader's peak memory,
   which Linux counts from the fork, is its own): read every row of the first sheet (the 26 columns the import
   needs) and report CPU time (user + system), wall time and the process's peak resident memory (RSS).
   ``openpyxl`` (read-only mode), ``calamine`` (python-calamine, whole sheet; not a dependency, install it to
   compare) and ``calamine-plus`` (python-calamine-plus, streaming) are the bare libraries; ``matchpilot`` is
   ``open_lca`` + ``rows()``, the import's reading and classifying without the database.
"""

from __future__ import annotations

import argparse
import platform
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.lca import FY2020_HEADER, big_cases, row_for

COLUMNS = 96
_EPOCH = date(1899, 12, 30)


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_STATIC = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="LCA_Disclosure_Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rId3" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>"
    ),
}


def write_workbook(path: Path, rows: int) -> Path:
    """A fictional LCA workbook of ``rows`` rows x 96 columns with shared strings (see the module's docstring)."""
    extra = COLUMNS - len(FY2020_HEADER)
    header = list(FY2020_HEADER) + [f"EXTRA_COLUMN_{i}" for i in range(extra)]
    letters = [_letters(i) for i in range(COLUMNS)]
    strings: dict[str, int] = {}
    date_columns = {FY2020_HEADER.index("DECISION_DATE"), FY2020_HEADER.index("RECEIVED_DATE")}

    def text(ref: str, value: str) -> str:
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _STATIC.items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="A1:{letters[-1]}{rows + 1}"/><sheetData>'.encode()
            )
            cells = "".join(text(f"{letters[i]}1", column) for i, column in enumerate(header))
            sheet.write(f'<row r="1">{cells}</row>'.encode())
            for number, case in enumerate(big_cases(rows), 2):
                values = row_for(FY2020_HEADER, case)
                out = []
                for i, value in enumerate(values):
                    ref = f"{letters[i]}{number}"
                    if i in date_columns:
                        serial = (date.fromisoformat(value) - _EPOCH).days
                        out.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
                    else:
                        out.append(text(ref, f"{number} Fictional Street" if value == "x" else value))
                for j in range(extra):
                    ref = f"{letters[len(values) + j]}{number}"
                    kind = j % 7
                    if kind == 1:
                        out.append(f'<c r="{ref}"><v>{number * 3 + j}</v></c>')
                    elif kind == 2:
                        out.append(text(ref, f"Fictional value {(number + j) % 5000}"))
                    elif kind == 3:
                        out.append(text(ref, f"Note {number}-{j}"))
                    elif kind == 4:
                        out.append(text(ref, "Y"))
                    elif kind == 6:
                        out.append(f'<c r="{ref}"><v>{1234.5 + j}</v></c>')
                sheet.write(f'<row r="{number}">{"".join(out)}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as shared:
            shared.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                + f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
                f'uniqueCount="{len(strings)}">'.encode()
            )
            batch: list[str] = []
            for value in strings:
                batch.append(f"<si><t>{_escape(value)}</t></si>")
                if len(batch) == 10_000:
                    shared.write("".join(batch).encode())
                    batch.clear()
            shared.write(("".join(batch) + "</sst>").encode())
    return path


def read(reader: str, path: Path) -> str:
    """Read every row of ``path`` with ``reader`` in this process; one line of figures."""
    width = len(FY2020_HEADER)
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    rows = 0
    if reader == "openpyxl":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        for _row in book.worksheets[0].iter_rows(max_col=width, values_only=True):
            rows += 1
        book.close()
    elif reader == "calamine":  # not a dependency: pip install python-calamine to compare
        from python_calamine import CalamineWorkbook

        with CalamineWorkbook.from_path(path) as calamine:
            for _row in calamine.get_sheet_by_index(0).iter_rows():
                rows += 1
    elif reader == "calamine-plus":
        from python_calamine_plus import CalamineWorkbook as StreamingWorkbook

        with StreamingWorkbook.from_path(path) as streaming:
            for _row in streaming.stream_sheet_by_index(0, max_col=width - 1):
                rows += 1
    elif reader == "matchpilot":
        from matchpilot.io.lca import open_lca

        with path.open("rb") as handle:
            stream = open_lca(handle, path.name, size=path.stat().st_size)
            kept = sum(1 for _ in stream.rows())
            rows = stream.rows_read
        reader = f"matchpilot ({kept:,} kept)"
    after = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after[1].ru_utime - before.ru_utime) + (after[1].ru_stime - before.ru_stime)
    peak = after[1].ru_maxrss / 1024
    return f"{reader}: {rows:,} rows, CPU {cpu:.1f} s, wall {after[0] - start:.1f} s, peak RSS {peak:.0f} MB"


def main() -> None:
    """Write the workbook, then read it with each reader in a fresh process and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--readers", default="openpyxl,calamine,calamine-plus,matchpilot")
    parser.add_argument("--keep", type=Path, help="write the workbook here and keep it")
    parser.add_argument("--read", nargs=2, metavar=("READER", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs=2, metavar=("ROWS", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        write_workbook(Path(args.write[1]), int(args.write[0]))
        return
    if args.read:
        print(read(args.read[0], Path(args.read[1])), flush=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "lca_fictional.xlsx"
        if not path.exists():  # written by a child process: a reader's peak RSS would include this one's
            start = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--write", str(args.rows), str(path)], check=True)
            print(f"wrote {path.name} in {time.perf_counter() - start:.0f} s")
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        print(
            f"workbook: {args.rows:,} rows x {COLUMNS} columns, shared strings, {path.stat().st_size / 1e6:.0f} MB, "
            f"unpacks to {unpacked / 1e6:.0f} MB (fictional)"
        )
        for reader in args.readers.split(","):
            done = subprocess.run(
                [sys.executable, __file__, "--read", reader, str(path)], capture_output=True, text=True, check=False
            )
            print(done.stdout.strip() or f"{reader}: failed: {done.stderr.strip().splitlines()[-1:]}", flush=True)
    print(f"machine: {platform.machine()}, {platform.system()}, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
