"""Hostile uploads against a running server (issue 19, findings 1 and 2): not a test — figures measured in one run.

Run: ``.venv/bin/python benchmarks/hostile_uploads.py [--cases NAME ...]``

For each case a fresh matchpilot server is started in a subprocess (uvicorn, one worker, a new SQLite database
in a temporary directory, loopback only) and warmed up (the home page and a small XLSX import, so openpyxl is
loaded). Then the hostile file is posted once while a second client asks for a light page (``GET
/programs/import``) every 50 ms, as another user would. Reported per case: the answer's status and first words,
the request's time, the server's peak resident memory (``VmHWM`` from ``/proc``, Linux only) and its growth over
the warmed-up peak, and the slowest answer the other user got meanwhile.

The files (generated, fictional): a 1.5 KB workbook whose ``<dimension>`` declares every cell a workbook can have
(A1:XFD1048576) — the "XLSX bomb" — alone and with one value in its last cell; a 10 MB CSV of 5 million
one-character rows; the same at 48 MB (just under the 50 MB upload limit). Before the fix a declared 8,000 rows
took 1.3 GB through ``/programs/import`` and 3.0 GB through ``/sheet/upload``, the 10 MB CSV 168 s and 8.5 GB,
and the 49 MB CSV ran out of memory.
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.hostile import tiny_rows_csv, xlsx_bomb  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CASES: dict[str, tuple[str, str, Callable[[], bytes], str]] = {
    "bomb-import": ("/programs/import", "bomb.xlsx", lambda: xlsx_bomb(), XLSX),
    "bomb-upload": ("/sheet/upload", "bomb.xlsx", lambda: xlsx_bomb(), XLSX),
    "bomb-far-cell-upload": ("/sheet/upload", "far.xlsx", lambda: xlsx_bomb(far_cell="XFD1048576"), XLSX),
    "tiny-rows-10mb-import": ("/programs/import", "tiny.csv", lambda: tiny_rows_csv(5_000_000), "text/csv"),
    "tiny-rows-10mb-upload": ("/sheet/upload", "tiny.csv", lambda: tiny_rows_csv(5_000_000), "text/csv"),
    "tiny-rows-48mb-import": ("/programs/import", "tiny.csv", lambda: tiny_rows_csv(24_000_000), "text/csv"),
}


def app() -> Any:
    """The app factory uvicorn calls: the local web app over the ``MATCHPILOT_*`` settings."""
    from matchpilot.bootstrap import build_services
    from matchpilot.web import create_app

    return create_app(build_services())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def peak_rss_mb(pid: int) -> float:
    """The peak resident memory of process ``pid`` so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmHWM in /proc: this benchmark needs Linux")


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "MATCHPILOT_DATABASE_URL": f"sqlite:///{folder}/bench.db",
        "MATCHPILOT_UPLOAD_DIR": str(folder),
    }
    command = [
        sys.executable, "-m", "uvicorn", "hostile_uploads:app", "--factory", "--app-dir", str(Path(__file__).parent),
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log", "--ws", "none",
    ]  # fmt: skip
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit((folder / "server.log").read_text())
        try:
            if httpx.get(f"{base}/", timeout=5).status_code < 500:
                return server, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


def warm_up(base: str) -> None:
    from matchpilot.io.tables import table_bytes

    small = table_bytes("xlsx", ["code", "name", "specialty", "track"], [["W1", "Warm (fictional)", "PM&R", "C"]])
    httpx.post(f"{base}/programs/import", files={"file": ("warm.xlsx", small, XLSX)}, timeout=60)
    httpx.get(f"{base}/programs/import", timeout=60)


def run_case(name: str) -> dict[str, Any]:
    route, filename, build, media = CASES[name]
    content = build()
    with tempfile.TemporaryDirectory() as temporary:
        server, base = start_server(Path(temporary))
        try:
            warm_up(base)
            before = peak_rss_mb(server.pid)
            slowest = [0.0]
            done = threading.Event()

            def other_user() -> None:
                with httpx.Client(timeout=120) as client:
                    while not done.is_set():
                        started = time.perf_counter()
                        client.get(f"{base}/programs/import")
                        slowest[0] = max(slowest[0], time.perf_counter() - started)
                        time.sleep(0.05)

            prober = threading.Thread(target=other_user)
            prober.start()
            started = time.perf_counter()
            try:
                answer = httpx.post(f"{base}{route}", files={"file": (filename, content, media)}, timeout=600)
                status, text = answer.status_code, answer.text
            except httpx.HTTPError as error:
                status, text = 0, f"{type(error).__name__}: {error}"
            seconds = time.perf_counter() - started
            done.set()
            prober.join()
            peak = peak_rss_mb(server.pid) if server.poll() is None else float("nan")
        finally:
            server.terminate()
            server.wait(timeout=20)
    plain = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))
    said = re.search(r"\S+\.(?:csv|xlsx): [^()]*\(the limit[^)]*\)", plain)
    said = said or re.search(r"(Nothing was saved[^.]*|The mapping[^.]*)", plain)
    message = said.group(0).strip() if said else plain[:80]
    return {
        "case": name,
        "route": route,
        "bytes": len(content),
        "status": status,
        "message": message[:110],
        "seconds": seconds,
        "peak_mb": peak,
        "growth_mb": peak - before,
        "other_user_max_ms": slowest[0] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    options = parser.parse_args()
    print(f"# hostile uploads — {platform.node()} ({platform.machine()}, {os.cpu_count()} cores), "
          f"Python {platform.python_version()}")  # fmt: skip
    print("| case | route | file | status | request | server peak (growth) | other user's slowest | answer |")
    print("|---|---|---|---|---|---|---|---|")
    for name in options.cases:
        row = run_case(name)
        size = f"{row['bytes'] / 1e6:.1f} MB" if row["bytes"] >= 1e6 else f"{row['bytes'] / 1e3:.1f} KB"
        print(
            f"| {row['case']} | `{row['route']}` | {size} | {row['status']} | {row['seconds']:.2f} s | "
            f"{row['peak_mb']:.0f} MB (+{row['growth_mb']:.0f}) | {row['other_user_max_ms']:.0f} ms | "
            f"{row['message']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
