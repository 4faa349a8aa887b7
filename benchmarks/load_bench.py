"""Load benchmark of the web app (issue 8, "Load"): not a test — figures measured in one run, on loopback only.

Run: ``.venv/bin/python benchmarks/load_bench.py [--seconds 120] [--warmup 20] [--users 50] [--workers 2]
[--think 0] [--postgres URL] [--multi-user]``

1. Set up a fresh database (a new SQLite file in a temporary directory, or with ``--postgres URL`` a fresh
   owner in that PostgreSQL database): the fictional demo data (``load_demo``: profile, sheet, rank list), then
   a generated CSV of fictional programs imported through the sheet importer, so the sheet holds 5,000
   programs (every name ends "(fictional)"). With ``--multi-user``, one applicant account per simulated user,
   each with the demo profile and the same 5,000-program sheet in their own workspace.
2. Start matchpilot in a subprocess: ``python -m uvicorn --factory load_bench:app`` on 127.0.0.1 and a free port,
   with ``--workers`` processes (the factory builds the app from the ``MATCHPILOT_*`` settings, as ``serve``).
3. Drive ``--users`` concurrent simulated users (httpx.AsyncClient, one connection pool each) for ``--seconds``.
   Each signs in first (multi-user mode) and then loops: the sheet (random filters, sort, direction and page),
   one program's page, My list (``/picks``, which estimates every program and optimizes the list), the compose
   page (``/compose``, half the time for a program) and a check of a short message (``POST /compose``). Think
   time between requests: uniform in [0, 2 x ``--think``] seconds (0: a closed loop, the heaviest load); with
   think time, each user also starts after such a pause, so they do not all arrive in the same millisecond.
   The first ``--warmup`` seconds are tallied apart and reported as the warm-up (each server process
   estimates and optimizes My list once, cold, and keeps it until the workspace changes); the measured
   ``--seconds`` follow. Requests stop at the deadline (requests in flight then finish) or after
   ``--max-requests``.
4. Report per page: requests, errors (any status other than 2xx/3xx, or an exception such as a timeout),
   p50/p95/p99/max latency (from sending the request to the last byte of the answer) and throughput. Exit
   status 1 when any request failed, else 0; the latency target (p95 < 100 ms) is reported, never asserted.

Only loopback traffic: the server listens on 127.0.0.1 and the clients only talk to it. The client runs in this
process and shares the machine's cores with the server, as a real browser on the same computer would.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import platform
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from matchpilot.bootstrap import Settings, build_account_services, build_services
from matchpilot.demo import FICTIONAL_SUFFIX, further_programs, generate_demo
from matchpilot.domain.program import Program
from matchpilot.domain.query import SORTABLE_COLUMNS
from matchpilot.domain.sheet import program_to_cells, sheet_header
from matchpilot.io.tables import write_table
from matchpilot.services import Services
from matchpilot.services.demo import load_demo

PROGRAMS = 5_000
TARGET_P95_MS = 100.0
PAGES = ("sheet", "program", "picks", "compose", "compose-check")
PASSWORD = "load-bench-password-" + "x" * 12
SECRET_KEY = "load-bench-secret-key-" + "k" * 32
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')
_TRACKS = ("categorical", "advanced", "preliminary", "transitional", "physician")
_TEXT = (
    "Dear Program Director,\n\nThank you for the interview last week. I enjoyed meeting the residents and "
    "learning about the rehabilitation service. I remain very interested in your program.\n\nSincerely,\nA. Applicant"
)


# --- the server's side --------------------------------------------------------------------------------------------


def app() -> Any:
    """The app factory uvicorn calls in each worker: the web app over the ``MATCHPILOT_*`` settings, in
    multi-user mode when they say so (as ``matchpilot serve`` builds it)."""
    from matchpilot.web import create_app
    from matchpilot.web.auth import MultiUser

    settings = Settings()
    services = build_services(settings)
    multi_user = None
    if settings.multi_user:
        key = settings.secret_key.get_secret_value() if settings.secret_key is not None else ""
        multi_user = MultiUser(build_account_services(services), key, settings.cookie_secure)
    return create_app(services, multi_user=multi_user)


# --- the data -----------------------------------------------------------------------------------------------------


def extra_programs(count: int, services: Services) -> list[Program]:
    """``count`` fictional programs from further seeds of the demo generator, renumbered so their codes never
    clash with the demo's (institution numbers from 4000 up; the demo uses 1000-3999)."""
    try:
        chosen = further_programs(count, as_of=services.today())
    except ValueError as error:
        raise SystemExit(str(error)) from None
    assert all(p.name.endswith(FICTIONAL_SUFFIX) for p in chosen)
    return chosen


def fill_workspace(services: Services, sheet: Path) -> list[str]:
    """The demo data, then the generated sheet imported as a file; returns the codes of the 5,000 programs."""
    load_demo(services)
    report = services.import_programs(sheet)
    if not report.ok:
        raise SystemExit(f"the generated sheet did not import: {[str(issue) for issue in report.errors][:5]}")
    codes = [program.code for program in services.list_programs().programs]  # no page: the whole sheet
    if len(codes) != PROGRAMS:
        raise SystemExit(f"the sheet holds {len(codes)} programs, not {PROGRAMS}")
    return codes


def write_sheet(services: Services, path: Path) -> None:
    """A CSV of the fictional programs that, with the demo's, make the sheet 5,000 programs."""
    demo_count = len(generate_demo(as_of=services.today()).programs)
    programs = extra_programs(PROGRAMS - demo_count, services)
    header = sheet_header(programs)
    rows = [[program_to_cells(program).get(column, "") for column in header] for program in programs]
    write_table(path, header, rows)


# --- the users ----------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Tally:
    """What one page got: latencies in seconds of the answered requests and the errors."""

    latencies: list[float] = dataclasses.field(default_factory=list)
    errors: int = 0
    examples: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Run:
    """The shared state of the simulated users."""

    base: str
    codes: Sequence[str]
    choices: dict[str, list[str]]
    deadline: float
    max_requests: int
    think: float
    tallies: dict[str, Tally]
    measure_from: float = 0.0
    warm_tallies: dict[str, Tally] = dataclasses.field(default_factory=dict)
    sent: int = 0

    def more(self) -> bool:
        return time.monotonic() < self.deadline and self.sent < self.max_requests


async def request(run: Run, client: httpx.AsyncClient, page: str, method: str, url: str, **kw: Any) -> str | None:
    """Send one request (unless the run is over) and tally it; returns the body, or None."""
    if not run.more():
        return None
    run.sent += 1
    warming = time.monotonic() < run.measure_from
    tally = (run.warm_tallies if warming else run.tallies).setdefault(page, Tally())
    start = time.perf_counter()
    try:
        answer = await client.request(method, url, **kw)
        body = answer.text
    except httpx.HTTPError as error:
        tally.errors += 1
        if len(tally.examples) < 3:
            tally.examples.append(f"{method} {url}: {type(error).__name__} {error}")
        return None
    elapsed = time.perf_counter() - start
    if not 200 <= answer.status_code < 400:
        tally.errors += 1
        if len(tally.examples) < 3:
            tally.examples.append(f"{method} {url}: {answer.status_code} {body[:200]!r}")
        return None
    tally.latencies.append(elapsed)
    if run.think > 0:
        await asyncio.sleep(random.uniform(0, 2 * run.think))
    return body


def sheet_params(rng: random.Random, choices: dict[str, list[str]]) -> dict[str, str]:
    """Random filters (each used now and then), sort, direction and page, as a person browsing would."""
    params: dict[str, str] = {}
    if rng.random() < 0.3 and choices["state"]:
        params["state"] = rng.choice(choices["state"])
    if rng.random() < 0.3 and choices["specialty"]:
        params["specialty"] = rng.choice(choices["specialty"])
    if rng.random() < 0.2:
        params["track"] = rng.choice(_TRACKS)
    if rng.random() < 0.3:
        params["visa"] = rng.choice(("j1", "h1b"))
    if rng.random() < 0.15:
        params["min_img_share"] = str(rng.choice((10, 25, 50)))
    if rng.random() < 0.1:
        params["search"] = rng.choice(("Medical", "Valley", "University", "Rehabilitation", "Saint"))
    if rng.random() < 0.7:
        params["sort"] = rng.choice(SORTABLE_COLUMNS)
        if rng.random() < 0.5:
            params["dir"] = "desc"
    filtered = any(key in params for key in ("state", "specialty", "track", "visa", "min_img_share", "search"))
    params["page"] = str(rng.randint(1, 3) if filtered else rng.randint(1, PROGRAMS // 50))
    return params


async def user(run: Run, number: int, username: str | None) -> None:
    """One simulated user: sign in (multi-user mode), then browse until the run is over."""
    rng = random.Random(number)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=run.base, timeout=60.0, limits=limits, follow_redirects=False) as client:
        if run.think > 0:  # people arrive over a while, not all in the same millisecond
            await asyncio.sleep(rng.uniform(0, 2 * run.think))
        if username is not None:
            form = await request(run, client, "sign-in", "GET", "/login")
            found = _CSRF.search(form or "")
            if found is None:
                return
            data = {"username": username, "password": PASSWORD, "csrf_token": found.group(1)}
            if await request(run, client, "sign-in", "POST", "/login", data=data) is None:
                return
        while run.more():
            await request(run, client, "sheet", "GET", "/programs", params=sheet_params(rng, run.choices))
            code = rng.choice(run.codes)
            await request(run, client, "program", "GET", f"/programs/{code}")
            await request(run, client, "picks", "GET", "/picks")
            params = {"program": code} if rng.random() < 0.5 else {}
            page = await request(run, client, "compose", "GET", "/compose", params=params)
            data = {"program": code, "kind": "thank-you", "text": _TEXT, "action": "check"}
            if username is not None:
                found = _CSRF.search(page or "")
                if found is None:
                    continue
                data["csrf_token"] = found.group(1)
            await request(run, client, "compose-check", "POST", "/compose", data=data)


# --- running it ---------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "uvicorn", "load_bench:app", "--factory",
        "--app-dir", str(Path(__file__).parent),
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log", "--ws", "none",
        "--timeout-worker-healthcheck", "60",  # a worker busy on /picks must not be taken for dead
        "--timeout-keep-alive", "75",  # longer than any think time: as browsers, users reuse their connection
    ]  # fmt: skip
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped at start:\n{log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login" if env.get("MATCHPILOT_MULTI_USER") else
                         f"http://127.0.0.1:{port}/", timeout=5).status_code < 500:  # fmt: skip
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` quantile (nearest rank) of sorted ``values``."""
    index = max(0, min(len(values) - 1, round(share * len(values) + 0.5) - 1))
    return values[index]


def report(tallies: dict[str, Tally], seconds: float) -> tuple[int, list[str]]:
    """Print the table; return the number of errors and the pages that miss the p95 target."""
    columns = ("requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms")
    print(f"\n{'page':14} " + " ".join(f"{name:>9}" for name in columns) + f" {'req/s':>7}")
    errors, missed = 0, []
    everything: list[float] = []
    for page, tally in tallies.items():
        if not tally.latencies and not tally.errors:
            continue
        errors += tally.errors
        values = sorted(tally.latencies)
        everything += values
        if values:
            p50, p95, p99 = (1000 * percentile(values, share) for share in (0.5, 0.95, 0.99))
            top = 1000 * values[-1]
            if p95 >= TARGET_P95_MS and page != "sign-in":
                missed.append(page)
            print(
                f"{page:14} {len(values) + tally.errors:>9} {tally.errors:>9} {p50:>9.1f} {p95:>9.1f} {p99:>9.1f} "
                f"{top:>9.1f} {len(values) / seconds:>7.1f}"
            )
        else:
            print(f"{page:14} {tally.errors:>9} {tally.errors:>9}")
        for example in tally.examples:
            print(f"    error: {example}")
    everything.sort()
    if everything:
        print(
            f"{'all':14} {len(everything) + errors:>9} {errors:>9} {1000 * percentile(everything, 0.5):>9.1f} "
            f"{1000 * percentile(everything, 0.95):>9.1f} {1000 * percentile(everything, 0.99):>9.1f} "
            f"{1000 * everything[-1]:>9.1f} {len(everything) / seconds:>7.1f}"
        )
    return errors, missed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=120.0, help="how long the users browse (default 120)")
    parser.add_argument("--users", type=int, default=50, help="concurrent simulated users (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (default 2, one a core)")
    parser.add_argument("--think", type=float, default=0.0, help="mean think time in seconds (default 0: closed loop)")
    parser.add_argument(
        "--warmup",
        type=float,
        default=20.0,
        help="seconds of browsing before the measured --seconds start, reported apart (default 20)",
    )
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--postgres", metavar="URL", help="use this PostgreSQL database instead of a new SQLite file")
    parser.add_argument("--multi-user", action="store_true", help="one account per user, each signing in")
    options = parser.parse_args(argv)
    if options.seconds <= 0 or options.users < 1 or options.workers < 1:
        parser.error("--seconds, --users and --workers must be positive")

    with tempfile.TemporaryDirectory(prefix="matchpilot-load-") as folder:
        tmp = Path(folder)
        url = options.postgres or f"sqlite:///{tmp / 'load.db'}"
        owner = f"load-bench-{secrets.token_hex(4)}"  # a fresh workspace, also in a shared PostgreSQL database
        env = {**os.environ, "MATCHPILOT_DATABASE_URL": url, "MATCHPILOT_OWNER": owner}
        started = time.perf_counter()
        services = build_services(database_url=url)
        sheet = tmp / "sheet.csv"
        write_sheet(services, sheet)
        usernames: list[str | None] = [None] * options.users
        if options.multi_user:
            env |= {"MATCHPILOT_MULTI_USER": "1", "MATCHPILOT_SECRET_KEY": SECRET_KEY, "MATCHPILOT_COOKIE_SECURE": "0"}
            from matchpilot.services.accounts import Role, Viewer

            accounts = build_account_services(services)
            usernames = []
            for number in range(options.users):
                account = accounts.create_account(f"{owner}-{number:02d}", PASSWORD, Role.APPLICANT)
                codes = fill_workspace(
                    accounts.services_for(Viewer(account, account.workspace_id, account.username)), sheet
                )
                usernames.append(account.username)
            workspace = accounts.services_for(Viewer(account, account.workspace_id, account.username))
        else:
            workspace = Services(services.database, owner=owner, today=services.today)
            codes = fill_workspace(workspace, sheet)
        choices = workspace.filter_choices()
        services.database.dispose()
        print(
            f"data: {PROGRAMS} programs a workspace, {options.users} {'accounts' if options.multi_user else 'users'} "
            f"({'PostgreSQL' if options.postgres else 'SQLite'}), ready in {time.perf_counter() - started:.1f} s"
        )

        port = free_port()
        server = start_server(env, port, options.workers, tmp / "server.log")
        try:
            tallies = {page: Tally() for page in ("sign-in", *PAGES)}
            run = Run(
                f"http://127.0.0.1:{port}",
                codes,
                choices,
                time.monotonic() + options.warmup + options.seconds,
                options.max_requests,
                options.think,
                tallies,
                measure_from=time.monotonic() + options.warmup,
            )

            async def everyone() -> None:
                await asyncio.gather(*(user(run, number, name) for number, name in enumerate(usernames)))

            asyncio.run(everyone())
            took = min(time.monotonic(), run.deadline) - run.measure_from  # the measured window (not the last pauses)
        finally:
            stop_server(server)
        problems = (tmp / "server.log").read_text(errors="replace").strip()

    print(
        f"\n{options.users} users, think {options.think:g} s, {options.workers} uvicorn worker(s), "
        f"{took:.1f} s; Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    if run.warm_tallies:
        print(f"\nwarm-up: the first {options.warmup:g} s (each server process computes My list once, cold)")
        warm = {page: run.warm_tallies[page] for page in ("sign-in", *PAGES) if page in run.warm_tallies}
        warm_errors, _ = report(warm, options.warmup)
        print("\nmeasured:")
    else:
        warm_errors = 0
    errors, missed = report(tallies, took)
    errors += warm_errors  # an error is an error, warm or not
    if problems:
        print(f"\nserver log (last lines):\n{chr(10).join(problems.splitlines()[-15:])}")
    print(f"\nerrors: {errors}")
    print(
        f"p95 < {TARGET_P95_MS:.0f} ms: " + ("met on every page" if not missed else f"NOT met on {', '.join(missed)}")
    )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
