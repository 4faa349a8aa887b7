"""The web app served for browser tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from matchpilot.services import Services


@contextmanager
def serving(services: Services, name: str = "matchpilot-web") -> Iterator[str]:
    """Serve the web app over ``services`` with uvicorn in a background thread on a free loopback port;
    yield its address; stop it cleanly (and close the database) afterwards."""
    import uvicorn

    from matchpilot.web import create_app

    config = uvicorn.Config(
        create_app(services),
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
