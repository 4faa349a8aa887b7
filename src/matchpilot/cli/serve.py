"""``matchpilot serve``: the local web app."""

from __future__ import annotations

import typer

from matchpilot.cli.common import console, get_services
from matchpilot.errors import ConfigurationError

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    demo_if_empty: bool = typer.Option(False, "--demo-if-empty", help="Load the demo data when the sheet is empty."),
) -> None:
    """Start the local web app (bound to 127.0.0.1; no login, so never exposed to a network)."""
    if host not in _LOOPBACK:
        raise ConfigurationError(
            f"--host {host}: matchpilot serve is a login-free local app and listens on loopback addresses only "
            "(127.0.0.1, localhost, ::1)"
        )
    import uvicorn

    from matchpilot.web.app import create_app

    services = get_services()
    if demo_if_empty:
        services.load_demo(if_empty=True)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"matchpilot is running at [bold]http://{shown}:{port}[/bold] (Ctrl+C to stop)")
    uvicorn.run(create_app(services), host=host, port=port, log_level="warning")
