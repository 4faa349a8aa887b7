"""What every response says about itself, and which requests the local app answers at all.

**Headers.** Every response carries ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``,
``X-Frame-Options: DENY`` and a Content-Security-Policy with ``frame-ancestors 'none'``; in multi-user mode the
policy also allows scripts and styles from the app's own files only (no inline code), pages are not cached, and
HSTS is sent when cookies are HTTPS-only.

**Loopback only.** The login-free local app (``matchpilot serve``) answers only requests addressed to this
computer by name (``Host`` 127.0.0.1, localhost or ::1): a web page elsewhere cannot read the workspace through
DNS rebinding.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from fastapi.responses import PlainTextResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["LoopbackHostOnly", "SecurityHeaders", "is_loopback_host"]

_LOCAL_CSP = "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
_SERVER_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """Security headers on every response (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, server: bool, hsts: bool) -> None:
        self.app = app
        headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"content-security-policy", (_SERVER_CSP if server else _LOCAL_CSP).encode()),
        ]
        if hsts:
            headers.append((b"strict-transport-security", b"max-age=31536000"))
        self.headers = headers
        self.server = server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                added = [(name, value) for name, value in self.headers if name not in present]
                if self.server and not static and b"cache-control" not in present:
                    added.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *added]
            await send(message)

        await self.app(scope, receive, with_headers)


def is_loopback_host(name: str | None) -> bool:
    """True when ``name`` (a Host header's name, without port or brackets) is this computer: ``localhost`` or a
    loopback address (127.0.0.0/8, ::1)."""
    if name is None:
        return False
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class LoopbackHostOnly:
    """Answer only requests whose ``Host`` names this computer (400 otherwise): a site whose name an attacker
    points at 127.0.0.1 (DNS rebinding) then gets nothing from the login-free local app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = Headers(scope=scope).get("host", "")
            try:
                name = urlsplit(f"//{host}").hostname
            except ValueError:  # an unparseable Host, such as "[::1"
                name = None
            if not is_loopback_host(name):
                answer = PlainTextResponse(
                    "This matchpilot answers only at a loopback address (127.0.0.1, ::1) or localhost, "
                    f"not at {host[:100]!r}.",
                    status_code=400,
                )
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)
