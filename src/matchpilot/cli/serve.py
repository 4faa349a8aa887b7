"""`matchpilot serve`: run the local web app on this computer, or (multi-user mode) a server for many accounts.

Without multi-user mode the app has no accounts, so it listens on a loopback address only. With
MATCHPILOT_MULTI_USER=1 (and MATCHPILOT_SECRET_KEY) it signs people in and may listen on any address; see
docs/server.md.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING

import typer

from matchpilot.cli import common
from matchpilot.errors import ConfigurationError

if TYPE_CHECKING:
    from matchpilot.bootstrap import Settings
    from matchpilot.services import Services
    from matchpilot.web.auth import MultiUser

__all__ = ["check_loopback", "serve"]

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def check_loopback(host: str, *, multi_user: bool = False) -> str:
    """Return ``host`` when it is a loopback address (127.0.0.1, localhost, ::1, any 127.x.y.z), or any address
    in multi-user mode; raise ConfigurationError otherwise: the local app has no accounts, so it serves one
    applicant on their own computer."""
    name = host.strip().strip("[]").lower()
    if multi_user:
        return name
    try:
        loopback = name in _LOOPBACK_NAMES or ipaddress.ip_address(name).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ConfigurationError(
            f"matchpilot serve only listens on this computer (127.0.0.1, localhost or ::1), not on {host!r}: "
            "it has no accounts or passwords, so it must not be reachable from other machines. To serve many "
            "people, turn on multi-user mode (MATCHPILOT_MULTI_USER=1 and MATCHPILOT_SECRET_KEY; see docs/server.md)"
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
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on: 127.0.0.1, localhost or ::1 only, unless in multi-user mode."
    ),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    demo_if_empty: bool = typer.Option(
        False, "--demo-if-empty", help="Load the fictional demo data first when the sheet is empty."
    ),
) -> None:
    """Start the web app on this computer and print its address (stop it with Ctrl+C). In multi-user mode
    (MATCHPILOT_MULTI_USER=1) start the server for many accounts instead (docs/server.md)."""
    from matchpilot.bootstrap import Settings

    settings = Settings()
    name = check_loopback(host, multi_user=settings.multi_user)
    if settings.multi_user and demo_if_empty:
        raise ConfigurationError(
            "--demo-if-empty is for the local app; in multi-user mode each account has its own data"
        )
    services = common.get_services()
    multi_user = _multi_user(settings, services) if settings.multi_user else None
    if demo_if_empty:
        from matchpilot.services.demo import load_demo

        report = load_demo(services, if_empty=True)
        if report.loaded:
            common.console.print(f"Loaded the fictional demo data: {report.programs} programs.")
    _check_port_free(name, port)

    import uvicorn

    from matchpilot.web.app import create_app

    shown = f"[{name}]" if ":" in name else name
    common.console.print(f"matchpilot is running at http://{shown}:{port}", highlight=False, soft_wrap=True)
    if multi_user is not None:
        common.console.print("Multi-user mode: people sign in; put it behind HTTPS (docs/server.md).", highlight=False)
        if multi_user.public_url is None:
            common.console.print(
                "Set MATCHPILOT_PUBLIC_URL to the address people use (invitation links are built on it).",
                highlight=False,
            )
    common.console.print("Press Ctrl+C to stop.", style="dim")
    app = create_app(services, multi_user=multi_user, loopback_only=multi_user is None)
    common.freeze_imports()  # the web app's modules and templates, loaded now, are not rescanned on each page
    common.server_collector()  # fewer walks of the young objects per page (a server's threshold)
    uvicorn.run(
        app,
        host=name,
        port=port,
        log_level="warning",
        ws="none",
        proxy_headers=False,  # the app believes forwarded headers from MATCHPILOT_FORWARDED_ALLOW_IPS only
    )


def _multi_user(settings: Settings, services: Services) -> MultiUser:
    """The multi-user configuration of the web app: the account services and the secret key."""
    from matchpilot.bootstrap import build_account_services
    from matchpilot.web.auth import MultiUser

    accounts = build_account_services(services)
    if accounts.account_count() == 0:
        common.err_console.print(
            "No account yet: create the first with `matchpilot admin create-user NAME --role administrator`.",
            highlight=False,
        )
    key = settings.secret_key.get_secret_value() if settings.secret_key is not None else ""
    return MultiUser(
        accounts,
        key,
        settings.cookie_secure,
        public_url=settings.public_url,
        trusted_proxies=settings.forwarded_allow_ips,
    )
