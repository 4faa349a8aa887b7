"""Shared test configuration: Hypothesis profiles, the CLI's command tree built once per session, and new SQLite
databases copied from one migrated per session."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, settings
from sqlalchemy import event
from sqlalchemy.engine import Engine

from matchpilot.storage.database import Database

# Hypothesis profiles. "dev" (a developer's run): new random examples on every run, failures kept in .hypothesis/
# and replayed first next time. "ci" (CI sets CI=true): the same examples on every run (derandomize), so a red CI is
# repeatable on any machine and never depends on luck; nothing is saved (a fresh clone has no example database).
# Both run as many examples as each test asks for (Hypothesis' 100 unless the test says otherwise), never fewer;
# no deadline, because a busy shared machine makes any per-example time limit flaky. MATCHPILOT_HYPOTHESIS_PROFILE
# chooses a profile by name.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("ci", settings.get_profile("dev"), derandomize=True, database=None)
settings.load_profile(os.environ.get("MATCHPILOT_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


_built: dict[tuple[int, int, int, int], tuple[typer.Typer, Any]] = {}


def _command_built_once(app: typer.Typer) -> Any:
    """The Click command of ``app``, built the first time it is asked for and kept for the session.

    ``CliRunner.invoke`` rebuilds the whole command tree from the Typer app on every call (Typer reads each
    command's signature and type hints again): about 0.1 s of CPU per invocation for matchpilot's 100 commands,
    more than most commands take to run, in a suite that invokes the CLI over a thousand times. A user's
    ``matchpilot`` process builds the tree once too. The app is kept with its command so that its id is never
    reused; an app given more commands or groups after its first use is built again.
    """
    key = (id(app), len(app.registered_commands), len(app.registered_groups), id(app.registered_callback))
    if key not in _built:
        _built[key] = (app, typer.main.get_command(app))
    return _built[key][1]


if os.environ.get("MATCHPILOT_TEST_REBUILD_CLI") != "1":  # set it to check a suspected stale-command problem
    typer.testing._get_command = _command_built_once  # type: ignore[attr-defined]


_real_migrate = Database.migrate
_template: dict[str, Path] = {}


def _migrate_from_template(self: Database) -> None:
    """Migrate as matchpilot does, except that a SQLite database whose file does not exist yet starts as a copy of
    the empty database this session migrated first (see ``_sqlite_template``).

    Migrating a new database from nothing (Alembic loads and runs every migration script) takes about 0.1 s of CPU
    and most of a second on a busy machine; the suite makes several hundred new SQLite files. The copy is exactly
    what that migration writes, and ``migrate`` still runs on it (it finds the newest revision and stops). An
    existing file (an older schema a test built on purpose, a database in use) is never replaced, and PostgreSQL
    is left alone (its schema is made once per session already). The migrations from nothing keep their own tests
    (tests/integration/test_migrations.py, tests/unit/contracts/test_migration_check.py), and the template itself
    is made by the real migration.
    """
    template = _template.get("path")
    if template is not None and self.backend == "sqlite":
        database = self.engine.url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            path = Path(database).expanduser()
            if not path.exists() and path.parent.is_dir():
                shutil.copyfile(template, path)
    _real_migrate(self)


def _sqlite_without_disk_flushes(dbapi_connection: Any, _record: Any) -> None:
    """``PRAGMA synchronous=OFF`` on every SQLite connection this test process opens: a commit, and the checkpoint
    SQLite runs when the last connection to a file closes, hand their writes to the operating system without
    waiting for the disk (``fsync``), as the PostgreSQL connections' ``synchronous_commit=off`` does
    (``support/db.py``).

    What any test can see is the same: the data, the transactions, the locks and the write-ahead log (matchpilot
    turns it on) are unchanged, and a process that dies still leaves every committed transaction (the operating
    system has its writes); only a crash of the machine itself could lose the last ones, and the test data are
    thrown away. Every commit otherwise waited for the disk, and every closed database for two more flushes: over a
    thousand new SQLite files and several thousand commits per run on a disk shared with other jobs. matchpilot's
    own processes (the CLI and server subprocesses some tests start) keep SQLite's default.
    ``MATCHPILOT_TEST_SQLITE_SYNC=1`` keeps the default in the tests too."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


if os.environ.get("MATCHPILOT_TEST_SQLITE_SYNC") != "1":
    event.listen(Engine, "connect", _sqlite_without_disk_flushes)


@pytest.fixture(scope="session", autouse=True)
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One empty SQLite database migrated by matchpilot at the start of the session (of each worker), from which
    every new SQLite database of the session starts. ``MATCHPILOT_TEST_MIGRATE_EACH=1`` migrates each from nothing."""
    if os.environ.get("MATCHPILOT_TEST_MIGRATE_EACH") == "1":
        yield
        return
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    database = Database(f"sqlite:///{path}")
    _real_migrate(database)
    database.dispose()
    _template["path"] = path
    Database.migrate = _migrate_from_template  # type: ignore[method-assign]
    try:
        yield
    finally:
        Database.migrate = _real_migrate  # type: ignore[method-assign]
        _template.clear()


def pytest_configure(config: pytest.Config) -> None:
    """Before xdist starts its workers, have this (controlling) process compile matchpilot's Numba kernels into
    Numba's cache beside their sources, so that every worker loads them instead of compiling them itself.

    On a fresh clone, or after a kernel's source changed, compiling takes about 17 s of CPU (the match engine's
    solve and check 14 s, the simulation's draw, the signals program 3 s), and each worker paid it on the first test
    that ran a kernel. Once cached, this costs a fraction of a second. A single-process run is left alone (it
    compiles on first use, as a user's ``matchpilot`` does)."""
    if not getattr(config.option, "numprocesses", None) or hasattr(config, "workerinput"):
        return
    try:
        import numba  # noqa: F401  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - without Numba nothing is compiled
        return
    from matchpilot.domain.portfolio import Candidate, CandidateSignal, PortfolioProblem
    from matchpilot.match.simulate import warm_up
    from matchpilot.portfolio import solve

    warm_up("numba")
    candidates = tuple(
        Candidate(id=f"{g}-{k}", p=0.2, utility=5.0 - g - k, signal=CandidateSignal("pmr", f"G{g}", {"standard": 0.5}))
        for g in range(3)
        for k in range(2)
    )
    solve(PortfolioProblem(candidates=candidates, max_applications=3, signals={"pmr": {"standard": 1}}))
