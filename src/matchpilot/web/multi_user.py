"""Multi-user mode's settings (:class:`MultiUser`) and the names every part of the web app's security shares: the
session cookie, the API's prefix, the unsafe methods.

In local mode the app has no :class:`MultiUser`: one workspace, no accounts, no cookies.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from matchpilot.services.accounts import AccountServices
from matchpilot.web.proxy import DEFAULT_TRUSTED_PROXIES

__all__ = ["API_PREFIX", "SESSION_COOKIE", "UNSAFE_METHODS", "MultiUser", "multi_user_of"]

SESSION_COOKIE = "mp_session"
API_PREFIX = "/api/"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class MultiUser:
    """What multi-user mode needs: the account use cases, the secret key (signs CSRF tokens and notices), whether
    cookies are sent over HTTPS only, the public URL people use (links are built on it; None: the request's
    address) and the reverse proxies whose forwarded headers are believed (see :mod:`matchpilot.web.proxy`)."""

    accounts: AccountServices
    secret_key: str
    cookie_secure: bool = True
    public_url: str | None = None
    trusted_proxies: str = DEFAULT_TRUSTED_PROXIES


def multi_user_of(request: Request) -> MultiUser | None:
    """The multi-user settings of the app serving ``request`` (None in local mode)."""
    found: MultiUser | None = getattr(request.app.state, "multi_user", None)
    return found
