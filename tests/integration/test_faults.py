"""Faults: the process killed hard in the middle of a large import, and a database that goes away and comes back.

An import runs in one transaction, so after a SIGKILL the database holds all of the file or none of it, and the
next start works. The kill lands while the import's transaction is writing: on SQLite when the write lock is
held (a probe cannot take it), on PostgreSQL when the import's backend has a transaction id (it has written).
A database that goes away gives the clear 503 page; when it returns, the next request works again (PostgreSQL:
``pool_pre_ping`` replaces the dead pooled connections).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, func, select, text
from sqlalchemy.engine import make_url

from matchpilot.domain.limits import MAX_PROGRAMS
from matchpilot.services import Services
from matchpilot.storage.tables import owners, programs
from matchpilot.web import create_app

from support.db import make_services, postgres_url
from support.web import TestClient

ROWS = MAX_PROGRAMS  # the largest sheet a file may bring (issue 19); was 50,000 before that limit
ATTEMPT_SECONDS = 120
"""The limit for one ``matchpilot`` process of these tests (an import of the largest sheet takes a few seconds): a
limit for a process that hangs, far above what a loaded machine takes, since each wait ends when the process does."""


@pytest.fixture(scope="module")
def big_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid sheet of fictional programs, as large as a sheet may be."""
    path = tmp_path_factory.mktemp("sheets") / "big.csv"
    lines = ["code,name,city,state,specialty,track,positions,visa_j1,img_share,source,checked_on"]
    lines += [
        f"{1_000_000 + i:07d}C0,Program {i} (fictional),Lakeview,NY,PM&R,categorical,4,yes,40,program website,"
        "2026-03-01"
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def matchpilot(url: str, owner: str, *args: str, timeout: float = ATTEMPT_SECONDS) -> subprocess.CompletedProcess[str]:
    """Run ``matchpilot --db URL ARGS`` as a new process for ``owner``."""
    return subprocess.run(
        [sys.executable, "-m", "matchpilot", "--db", url, *args],
        env={**os.environ, "MATCHPILOT_OWNER": owner},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass(frozen=True, slots=True)
class Attempt:
    """How one import attempt ended: ``killed`` while its transaction was writing, or it finished first."""

    killed: bool
    returncode: int


def import_and_kill(url: str, owner: str, sheet: Path, writing: Callable[[], bool], log: Path) -> Attempt:
    """Start ``matchpilot programs import`` and SIGKILL it as soon as ``writing()`` says its transaction writes."""
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "matchpilot", "--db", url, "programs", "import", str(sheet)],
            env={**os.environ, "MATCHPILOT_OWNER": owner},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + ATTEMPT_SECONDS
        try:
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    return Attempt(False, process.returncode)
                if writing():
                    process.send_signal(signal.SIGKILL)
                    return Attempt(True, process.wait(timeout=ATTEMPT_SECONDS))
                time.sleep(0.005)
            pytest.fail(f"the import neither wrote nor ended within {ATTEMPT_SECONDS} s: {log.read_text()}")
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=ATTEMPT_SECONDS)


def kill_mid_import(
    url: str, owner: str, sheet: Path, writing: Callable[[], bool], count: Callable[[], int], logs: Path
) -> None:
    """Kill imports until one is killed while writing (at most three tries); every time: all or nothing."""
    for attempt in range(3):
        ended = import_and_kill(url, owner, sheet, writing, logs / f"import-{attempt}.log")
        held = count()
        assert held in (0, ROWS), f"after the kill the sheet holds {held} of {ROWS} programs: a half import"
        if ended.killed:
            assert ended.returncode == -signal.SIGKILL
            return
        assert ended.returncode == 0, (logs / f"import-{attempt}.log").read_text()
        assert held == ROWS
        _forget_programs(url, owner)  # start again from an empty sheet
    pytest.fail("three imports finished before the probe saw them write; the kill point was never reached")


def _forget_programs(url: str, owner: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            owner_id = connection.execute(select(owners.c.id).where(owners.c.name == owner)).scalar_one()
            connection.execute(delete(programs).where(programs.c.owner_id == owner_id))
    finally:
        engine.dispose()


def program_count(url: str, owner: str) -> int:
    """How many programs ``owner`` has, read by a new connection."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            statement = (
                select(func.count())
                .select_from(programs.join(owners, programs.c.owner_id == owners.c.id))
                .where(owners.c.name == owner)
            )
            return int(connection.execute(statement).scalar_one())
    finally:
        engine.dispose()


def next_start_works(url: str, owner: str, tmp_path: Path) -> None:
    """A new process lists the sheet, and a new import is saved whole."""
    listed = matchpilot(url, owner, "programs", "list", "--state", "ZZ")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "0 programs" in listed.stdout
    small = tmp_path / "small.csv"
    small.write_text("code,name,specialty,track\n9999999C0,After the crash (fictional),PM&R,categorical\n")
    before = program_count(url, owner)
    imported = matchpilot(url, owner, "programs", "import", str(small))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert program_count(url, owner) == before + 1


def prepare(url: str, owner: str) -> None:
    """Migrate the database and create the owner first, so the import's only write is its own transaction."""
    made = make_services(url, owner=owner)
    made.database.dispose()


# --- SIGKILL in the middle of a large import ------------------------------------------------------------------


def test_sqlite_import_killed_midway_leaves_all_or_nothing(big_sheet: Path, tmp_path: Path) -> None:
    path = tmp_path / "matchpilot.db"
    url = f"sqlite:///{path}"
    owner = "local"
    prepare(url, owner)

    def writing() -> bool:
        """True while another connection holds the write lock (the import's transaction has begun writing)."""
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:
            if "locked" in str(error):
                return True
            raise
        finally:
            probe.close()

    kill_mid_import(url, owner, big_sheet, writing, lambda: program_count(url, owner), tmp_path)
    probe = sqlite3.connect(path)
    try:
        assert probe.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        probe.close()
    next_start_works(url, owner, tmp_path)


@pytest.mark.postgres
def test_postgresql_import_killed_midway_leaves_all_or_nothing(big_sheet: Path, tmp_path: Path) -> None:
    base = postgres_url()
    owner = f"fault-{uuid.uuid4().hex[:10]}"
    application = f"mp-{uuid.uuid4().hex[:10]}"
    url = f"{base}&application_name={application}"
    prepare(url, owner)
    monitor = create_engine(base)

    def backends(condition: str) -> int:
        with monitor.connect() as connection:
            statement = text(f"select count(*) from pg_stat_activity where application_name = :name {condition}")
            return int(connection.execute(statement, {"name": application}).scalar_one())

    try:
        kill_mid_import(
            url,
            owner,
            big_sheet,
            lambda: backends("and backend_xid is not null") > 0,
            lambda: _after_backends_gone(backends, lambda: program_count(base, owner)),
            tmp_path,
        )
        next_start_works(url, owner, tmp_path)
    finally:
        with monitor.begin() as connection:
            connection.execute(delete(owners).where(owners.c.name == owner))
        monitor.dispose()


def _after_backends_gone(backends: Callable[[str], int], count: Callable[[], int]) -> int:
    """Wait (at most ``ATTEMPT_SECONDS``) until the killed client's server process has rolled back and left, then
    count."""
    deadline = time.monotonic() + ATTEMPT_SECONDS
    while backends("") > 0:
        if time.monotonic() > deadline:
            pytest.fail("the killed import's PostgreSQL backend did not go away")
        time.sleep(0.05)
    return count()


# --- the database goes away and comes back (PostgreSQL) --------------------------------------------------------


class Proxy:
    """A TCP relay on 127.0.0.1 to the PostgreSQL server: ``stop`` makes the database go away (every connection
    cut, new ones refused), ``start`` brings it back on the same port."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._running = False

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._running = True
        self._spawn(self._accept, listener)

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self, listener: socket.socket) -> None:
        while self._running:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._sockets += [client, upstream]
            self._spawn(self._pump, client, upstream)
            self._spawn(self._pump, upstream, client)

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        self._running = False
        with self._lock:
            connections, self._sockets = self._sockets, []
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []
        for connection in connections:
            connection.close()
        if self._listener is not None:
            self._listener.close()
            self._listener = None


@pytest.fixture
def proxied() -> Iterator[tuple[Proxy, Services]]:
    """Services on PostgreSQL reached through a proxy the test can stop and start."""
    real = make_url(postgres_url())
    proxy = Proxy(real.host or "127.0.0.1", real.port or 5432)
    proxy.start()
    services = make_services(real.set(port=proxy.port).render_as_string(hide_password=False))
    try:
        yield proxy, services
    finally:
        proxy.stop()
        proxy.start()
        with services.database.engine.begin() as connection:
            connection.execute(delete(owners).where(owners.c.id == services.owner_id))
        services.database.dispose()
        proxy.stop()


SHEET = b"code,name,specialty,track\n1001340C0,Lakeview Rehabilitation Institute (fictional),PM&R,categorical\n"


@pytest.mark.postgres
def test_postgresql_going_away_gives_a_503_page_and_the_app_recovers(proxied: tuple[Proxy, Services]) -> None:
    proxy, services = proxied
    assert services.import_programs_bytes(SHEET, "one.csv").ok
    client = TestClient(create_app(services))
    assert client.get("/programs").status_code == 200
    proxy.stop()  # the server goes away: pooled connections are cut, new ones refused
    for url in ("/", "/programs", "/programs/1001340C0", "/profile"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert "The database cannot be reached" in response.text
        assert "Traceback" not in response.text
    assert client.post("/profile", data={"name": "A", "applicant_type": "us_md"}).status_code == 503
    proxy.start()
    back = client.get("/programs")
    assert back.status_code == 200, "the app works again as soon as the database is back, without a restart"
    assert "1001340C0" in back.text


@pytest.mark.postgres
def test_postgresql_backends_terminated_between_requests_are_replaced() -> None:
    application = f"mp-{uuid.uuid4().hex[:10]}"
    services = make_services(f"{postgres_url()}&application_name={application}")
    monitor = create_engine(postgres_url())
    try:
        assert services.import_programs_bytes(SHEET, "one.csv").ok
        client = TestClient(create_app(services))
        assert client.get("/programs").status_code == 200
        with monitor.begin() as connection:
            ended = connection.execute(
                text(
                    "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity "
                    "where application_name = :name) t"
                ),
                {"name": application},
            ).scalar_one()
        assert ended >= 1, "the app's pooled connections were terminated by the server"
        response = client.get("/programs")
        assert response.status_code == 200, "a pooled connection the server closed is replaced (pool_pre_ping)"
        assert "1001340C0" in response.text
    finally:
        with monitor.begin() as connection:
            connection.execute(delete(owners).where(owners.c.id == services.owner_id))
        monitor.dispose()
        services.database.dispose()
