"""How large a request body may be, route by route, enforced before anything reads it.

Every request body has a limit chosen by its route (:func:`body_limit`):

- **uploads** (a program sheet, the Match Week unfilled list, a match instance on the simulator page):
  :data:`UPLOAD_LIMIT`, 51 MB — a file of up to 50 MB and the form around it;
- **a match instance to the JSON API** (``POST /api/v1/match/run``): :data:`INSTANCE_LIMIT`, 4 MB;
- **everything else** (every other form, the page's JSON, the JSON API): :data:`FORM_LIMIT`, 1 MB.

:class:`BodyLimits` is the outermost reader of bodies: a request whose ``Content-Length`` is over its route's
limit is answered *413* with a message naming the limit before a byte of the body is read, before the CSRF
check and before anyone is signed in. A body sent without ``Content-Length`` (chunked) is counted while it
streams (Starlette's :class:`~starlette.middleware.body_limit.RequestBodyLimitMiddleware`) and cut off with 413
as soon as it passes the limit. Nothing is buffered beyond the limit.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import Headers
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY, RequestBodyLimitMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "FORM_LIMIT",
    "INSTANCE_LIMIT",
    "UPLOAD_LIMIT",
    "UPLOAD_ROUTES",
    "BodyLimits",
    "body_limit",
    "limit_of",
    "too_large_message",
    "too_large_response",
]

MB = 1024 * 1024
FORM_LIMIT = 1 * MB
"""Forms, the pages' JSON requests and the JSON API: 1 MB."""
UPLOAD_LIMIT = 51 * MB
"""Routes that take a file: a file of up to 50 MB and the form fields around it."""
INSTANCE_LIMIT = 4 * MB
"""A match instance sent to the JSON API (``POST /api/v1/match/run``)."""

UPLOAD_ROUTES: Mapping[str, int] = {
    "/programs/import": UPLOAD_LIMIT,
    "/sheet/upload": UPLOAD_LIMIT,
    "/sheet/merge": UPLOAD_LIMIT,
    "/match-simulator": UPLOAD_LIMIT,
    "/match-week/unfilled": UPLOAD_LIMIT,
    "/api/v1/match/run": INSTANCE_LIMIT,
}
"""The routes whose bodies may be larger than :data:`FORM_LIMIT`, with their limits."""


def body_limit(path: str) -> int:
    """The largest body, in bytes, a request to ``path`` may send (see the module docstring)."""
    return UPLOAD_ROUTES.get(path.rstrip("/") or "/", FORM_LIMIT)


def limit_of(scope: Scope) -> int:
    """The body limit in force for the request of ``scope``."""
    found = scope.get(MAX_BODY_SIZE_SCOPE_KEY)
    return found if isinstance(found, int) else body_limit(str(scope.get("path", "")))


def _size(count: int) -> str:
    if count >= MB:
        return f"{count / MB:,.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(count / 1024)):,} KB"


def too_large_message(limit: int, sent: int | None = None) -> str:
    """The 413 message in plain words: the limit here, and how much was sent when known."""
    what = "a file upload" if limit >= UPLOAD_LIMIT else "this request"
    said = f"This request is {_size(sent)}; " if sent is not None else "This request is too large; "
    return f"{said}matchpilot accepts at most {_size(limit)} for {what}. Nothing was read or saved."


def too_large_response(scope: Scope, limit: int, sent: int | None = None) -> Response:
    """A 413 answer: JSON under ``/api/``, a small page elsewhere."""
    message = too_large_message(limit, sent)
    headers = {"Connection": "close"}
    if str(scope.get("path", "")).startswith("/api/"):
        return JSONResponse({"detail": message, "details": []}, status_code=413, headers=headers)
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Too large · matchpilot</title></head>"
        f"<body><h1>This is too large</h1><p>{message}</p></body></html>"
    )
    return HTMLResponse(page, status_code=413, headers=headers)


class BodyLimits:
    """Pure ASGI middleware: refuse a body over its route's limit by ``Content-Length`` before reading it, and
    count a body without one while it streams (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(str(scope.get("path", "")))
        announced = Headers(scope=scope).get("content-length")
        if announced is not None:
            try:
                length: int | None = int(announced)
            except ValueError:
                length = None
            if length is None or length < 0:
                refused: Response = HTMLResponse("The Content-Length header is not a number.", status_code=400)
                await refused(scope, receive, send)
                return
            if length > limit:
                await too_large_response(scope, limit, length)(scope, receive, send)
                return
        # a chunked body: counted as it streams; passing the limit raises Starlette's 413 HTTPException inside
        # the app (the error pages name the limit) or, outside it, answers 413 here
        await RequestBodyLimitMiddleware(self.app, max_body_size=limit)(scope, receive, send)
