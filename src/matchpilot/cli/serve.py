"""`matchpilot serve`: run the local web app on this computer."""

from __future__ import annotations

import ipaddress
import socket

import typer

from matchpilot.cli import common
from matchpilot.errors import ConfigurationError

__all__ = ["check_loopback", "serve"]

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def check_loopback(host: str) -> str:
    """Return ``host`` when it is a loopback address (127.0.0.1, localhost, ::1, any 127.x.y.z);
    raise ConfigurationError otherwise: matchpilot serves one applicant on their own computer, and a
    multi-user server does not exist yet."""
    name = host.strip().strip("[]").lower()
    try:
        loopback = name in _LOOPBACK_NAMES or ipaddress.ip_address(name).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ConfigurationError(
            f"matchpilot serve only listens on this computer (127.0.0.1, localhost or ::1), not on {host!r}: "
            "it has no accounts or passwords yet, so it must not be reachable from other machines"
        )
    return name


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ConfigurationError(
                f"cannot listen on {host} port {port} ({error.strerror}); is matchpilot already running? "
                "Choose another port with --port"
            ) from None


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on: 127.0.0.1, localhost or ::1 only."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    demo_if_empty: bool = typer.Option(
        False, "--demo-if-empty", help="Load the fictional demo data first when the sheet is empty."
    ),
) -> None:
    """Start the web app on this computer and print its address (stop it with Ctrl+C)."""
    name = check_loopback(host)
    services = common.get_services()
    if demo_if_empty:
        report = services.load_demo(if_empty=True)
        if report.loaded:
            common.console.print(f"Loaded the fictional demo data: {report.programs} programs.")
    _check_port_free(name, port)

    import uvicorn

    from matchpilot.web.app import create_app

    shown = f"[{name}]" if ":" in name else name
    common.console.print(f"matchpilot is running at http://{shown}:{port}", highlight=False, soft_wrap=True)
    common.console.print("Press Ctrl+C to stop.", style="dim")
    uvicorn.run(create_app(services), host=name, port=port, log_level="warning", ws="none")
