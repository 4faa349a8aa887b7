"""The web app for tests: served by uvicorn for browser tests, or in process through Starlette's ``TestClient``
(imported once here, without the warning Starlette gives when it runs on httpx)."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from matchpilot.services import Services

with warnings.catch_warnings():  # Starlette warns when the test client runs on httpx rather than httpx2
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient` is deprecated")
    from fastapi.testclient import TestClient

__all__ = ["TestClient", "serving"]

if TYPE_CHECKING:
    from matchpilot.web.auth import MultiUser


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
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web app did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        services.database.dispose()
        assert not thread.is_alive(), "the web app did not stop"
