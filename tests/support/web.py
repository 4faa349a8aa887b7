"""The web app for tests: served by uvicorn for browser tests, or in process through Starlette's ``TestClient``
(imported once here, without the warning Starlette gives when it runs on httpx); and the demo workspace most web
tests start from (:func:`demo_services`, or the fixtures :func:`demo_fixture` and :func:`client_fixture` make)."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

from matchpilot.services import Services

with warnings.catch_warnings():  # Starlette warns when the test client runs on httpx rather than httpx2
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient` is deprecated")
    from fastapi.testclient import TestClient

__all__ = ["BROWSER_WAIT_MS", "TestClient", "client_fixture", "demo_fixture", "demo_services", "serving"]

BROWSER_WAIT_MS = 30_000
"""How long a browser test waits for a page, an element or a condition before it fails (Playwright's default).

Every wait ends as soon as its condition holds, so a longer limit costs nothing when the page is right; a shorter
one (10 s) made a correct page fail when a loaded machine (several suites at once) took longer to answer."""

START_SECONDS = 120
"""How long :func:`serving` waits for the server to listen, and then to stop: a limit for a server that hangs,
far above what a loaded machine takes, since the wait ends as soon as the server is ready."""

if TYPE_CHECKING:
    from matchpilot.web.auth import MultiUser


@contextmanager
def demo_services(folder: Path, today: date | Callable[[], date]) -> Iterator[Services]:
    """Services over the fictional demo market and applicant, on a new SQLite database in ``folder``, whose day is
    ``today`` (a day, or a clock the test moves); the database is closed afterwards."""
    from matchpilot.bootstrap import build_services
    from matchpilot.services.demo import load_demo

    clock: Callable[[], date] = today if callable(today) else (lambda: today)
    services = build_services(database_url=f"sqlite:///{folder}/t.db", today=clock)
    try:
        load_demo(services)
        yield services
    finally:
        services.database.dispose()


def demo_fixture(today: date, *, scope: Literal["function", "module"] = "function") -> Any:
    """The fixture ``demo``: :func:`demo_services` on ``today`` in a new folder, for each test or (``scope``
    ``"module"``) shared by the tests of a module. Use it as ``demo = demo_fixture(TODAY)`` in the test module."""

    @pytest.fixture(scope=scope, name="demo")
    def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
        with demo_services(tmp_path_factory.mktemp("demo"), today) as services:
            yield services

    return demo


def client_fixture(*, scope: Literal["function", "module"] = "function") -> Any:
    """The fixture ``client``: a test client of the web app over the fixture ``demo``, with the same ``scope``.
    Use it as ``client = client_fixture()`` in the test module."""

    @pytest.fixture(scope=scope, name="client")
    def client(demo: Services) -> TestClient:
        from matchpilot.web import create_app

        return TestClient(create_app(demo))

    return client


@contextmanager
def serving(services: Services, name: str = "matchpilot-web", *, multi_user: MultiUser | None = None) -> Iterator[str]:
    """Serve the web app over ``services`` (in multi-user mode with ``multi_user``) with uvicorn in a background
    thread on a free loopback port; yield its address; stop it cleanly (and close the database) afterwards."""
    import uvicorn

    from matchpilot.web import create_app

    config = uvicorn.Config(
        create_app(services, multi_user=multi_user, loopback_only=multi_user is None),  # as `serve` builds it
        host="127.0.0.1",
        port=0,  # the system picks a free port; read it back once the server listens
        log_config=None,
        log_level="warning",
        access_log=False,
        ws="none",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web app did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=START_SECONDS)
        services.database.dispose()
        assert not thread.is_alive(), "the web app did not stop"
