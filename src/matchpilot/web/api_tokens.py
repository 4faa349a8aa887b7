"""The JSON API's sign-in (multi-user mode): under ``/api/`` only a bearer API token counts (cookies are ignored
there, so the API needs no CSRF token), and a request that sends a body has its token checked before anything
reads the body. API tokens are made and revoked on the account page (:mod:`matchpilot.web.account_routes`);
:func:`matchpilot.web.owner.current_viewer` reads them.
"""

from __future__ import annotations

from fastapi import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from matchpilot.errors import AuthenticationError, MatchpilotError
from matchpilot.web.multi_user import API_PREFIX, UNSAFE_METHODS
from matchpilot.web.owner import current_viewer, sign_in_needed

__all__ = ["TokenBeforeBody"]


class TokenBeforeBody:
    """Multi-user mode: under ``/api/`` a request that sends a body (POST, PUT, PATCH, DELETE) has its API token
    checked before anything reads or parses the body; without a valid token it is answered 401 unread."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS and path.startswith(API_PREFIX):
            request = Request(scope)
            try:
                await current_viewer(request)  # kept in request.state: the route's dependency does not ask again
            except AuthenticationError as error:
                await sign_in_needed(request, error)(scope, receive, send)
                return
            except MatchpilotError:  # the database is away, say: the route asks again and its error page answers
                pass
        await self.app(scope, receive, send)
