"""Where the app is, as people's browsers see it: origins (the CSRF guard's same-origin check compares them),
trusted forwarded headers from a reverse proxy, and links that leave the app (invitations).

Behind a reverse proxy the app is reached at one address (``https://matchpilot.example.org``) while the proxy
talks to it at another (``127.0.0.1:8000``); nginx, by default, passes the second as the ``Host`` header. Two
settings make the app right there (see docs/server.md, "Behind a reverse proxy"):

- **the public URL** (``MATCHPILOT_PUBLIC_URL``): the address people use. Form posts from that origin are
  accepted (:mod:`matchpilot.web.csrf`), and invitation links are built on it, never on a request's ``Host`` header.
- **trusted proxies** (``MATCHPILOT_FORWARDED_ALLOW_IPS``, default 127.0.0.1): from these addresses the
  ``X-Forwarded-For``, ``X-Forwarded-Proto`` and ``X-Forwarded-Host`` headers are believed (the client's address
  for the sign-in rate limits, the scheme, the host name the browser used). From any other address they are
  ignored.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

__all__ = ["DEFAULT_TRUSTED_PROXIES", "ForwardedHeaders", "origin_of", "public_link"]

DEFAULT_TRUSTED_PROXIES = "127.0.0.1"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> tuple[str, str, int] | None:
    """The origin of ``url`` (scheme, host name in lower case, port with the scheme's default filled in), or
    None when it is not an http(s) URL with a host."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port if port is not None else _DEFAULT_PORTS[scheme]


def public_link(request: Request, path: str) -> str:
    """An absolute link to ``path`` of this app: on the configured public URL when there is one, else on the
    address of the request (its scheme and host, as a trusted proxy forwarded them)."""
    public: str | None = getattr(request.app.state, "public_url", None)
    base = public if public else str(request.base_url)
    return base.rstrip("/") + path


class ForwardedHeaders:
    """Believe a trusted reverse proxy's ``X-Forwarded-For`` and ``X-Forwarded-Proto`` (uvicorn's
    :class:`~uvicorn.middleware.proxy_headers.ProxyHeadersMiddleware`) and ``X-Forwarded-Host`` (which then
    replaces the ``Host`` header); from any other address these headers change nothing."""

    def __init__(self, app: ASGIApp, *, trusted: str = DEFAULT_TRUSTED_PROXIES) -> None:
        self.app = app
        self.inner = ProxyHeadersMiddleware(app, trusted_hosts=trusted)  # type: ignore[arg-type]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        if client and client[0] in self.inner.trusted_hosts:
            forwarded = Headers(scope=scope).get("x-forwarded-host")
            if forwarded:
                host = forwarded.split(",")[0].strip()  # the first proxy's: what the browser asked for
                if host:
                    kept = [(name, value) for name, value in scope["headers"] if name != b"host"]
                    scope["headers"] = [*kept, (b"host", host.encode("latin-1"))]
        await self.inner(scope, receive, send)  # type: ignore[arg-type]
