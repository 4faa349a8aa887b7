"""Multi-user mode's security, assembled: :func:`install_auth` adds the account pages and the middleware that
guards every request. Each concern lives in a module of its own:

- :mod:`~matchpilot.web.multi_user`: the settings (:class:`MultiUser`) and the names the parts share;
- :mod:`~matchpilot.web.owner`: who is asking and whose workspace a request works on (the dependencies every
  route takes);
- :mod:`~matchpilot.web.login_routes`: signing in and out (sessions);
- :mod:`~matchpilot.web.account_routes` and :mod:`~matchpilot.web.admin_routes`: the account and administration
  pages;
- :mod:`~matchpilot.web.api_tokens`: the JSON API's bearer tokens;
- :mod:`~matchpilot.web.csrf`: the one defence against cross-site request forgery;
- :mod:`~matchpilot.web.notices`: what a form did, shown once on the next page;
- :mod:`~matchpilot.web.headers`: security headers;
- :mod:`~matchpilot.web.limits`: request body limits, checked before anything else reads a body.
"""

from __future__ import annotations

from fastapi import FastAPI

from matchpilot.services import Services
from matchpilot.web import account_routes, admin_routes, login_routes
from matchpilot.web.api_tokens import TokenBeforeBody
from matchpilot.web.csrf import CsrfGuard
from matchpilot.web.headers import SecurityHeaders
from matchpilot.web.limits import BodyLimits
from matchpilot.web.multi_user import MultiUser

__all__ = ["ACCOUNT_ROUTERS", "MultiUser", "install_auth"]

ACCOUNT_ROUTERS = (login_routes.router, account_routes.router, admin_routes.router)
"""The routers of multi-user mode's own pages (signing in, the account, administration)."""


def install_auth(app: FastAPI, services: Services, multi_user: MultiUser | None) -> None:
    """Set up the per-request owner, the CSRF guard, body limits and security headers and, in multi-user mode,
    the account pages and the API's token check.

    Call it once in the app factory, after the page routers and any middleware that must run inside these.
    """
    app.state.multi_user = multi_user
    app.state.local_services = services if multi_user is None else None
    if multi_user is not None:  # nothing may fall back to the local owner's workspace
        app.state.services = None
        for router in ACCOUNT_ROUTERS:
            app.include_router(router)
    app.add_middleware(
        CsrfGuard,
        public_url=multi_user.public_url if multi_user is not None else None,
        secret_key=multi_user.secret_key if multi_user is not None else None,
        secure=multi_user.cookie_secure if multi_user is not None else True,
    )
    if multi_user is not None:
        app.add_middleware(TokenBeforeBody)
    app.add_middleware(BodyLimits)  # outside the CSRF check: a body over its route's limit is never read
    app.add_middleware(
        SecurityHeaders,
        server=multi_user is not None,
        hsts=multi_user is not None and multi_user.cookie_secure,
    )
