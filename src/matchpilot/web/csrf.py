"""The one defence against cross-site request forgery: :class:`CsrfGuard`, a middleware on every unsafe request
(POST, PUT, PATCH, DELETE).

One rule, in two parts checked together: an unsafe request must come from a page this app served.

1. **Its origin.** When the browser names the page's origin (the ``Origin`` header, which every current browser
   sends on a cross-site form post and on every ``fetch``), it must be the app's own: the ``Host`` the request
   was sent to, or the public URL (``MATCHPILOT_PUBLIC_URL``). Anything else is refused, whatever else the
   request carries, and in both modes, the JSON API included.
2. **Its form token** (multi-user mode, where a session cookie signs the browser in). The form must carry the
   token of this browser and this session: HMAC-SHA256 (the secret key) of a random value held in the ``mp_csrf``
   cookie and of the session cookie. The guard writes it as a hidden ``csrf_token`` field into every
   ``<form method="post">`` of every HTML page it sends (so no form can forget it; the pages work without
   JavaScript) and as ``<meta name="csrf-token">`` for scripts, which send it as the ``X-CSRF-Token`` header.
   A request without the right token is refused, even when it names no origin (an old browser, a privacy tool
   that strips the header). Without the header the guard reads the form body only as far as the token field
   (python-multipart's streaming parsers, at most 1 MB; the pages put the field first), then hands what it read
   on to the app: an upload (``multipart/form-data``) is never buffered by the check. The JSON API under
   ``/api/`` takes no cookies (only bearer tokens), so it needs no form token. The local app has no cookies
   and no sessions: nothing for a token to bind to, and no signed-in browser to ride on, so part 1 is its
   guard.

Cookies are ``SameSite=Lax`` too, so a browser does not send them with another site's form post at all. A
refused request gets 403 and a page that says to reload the form and send it again.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import unquote_plus, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from python_multipart.multipart import MultipartParser, QuerystringParser, parse_options_header
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matchpilot.web.limits import FORM_LIMIT, limit_of, too_large_response
from matchpilot.web.multi_user import API_PREFIX, SESSION_COOKIE, UNSAFE_METHODS
from matchpilot.web.proxy import origin_of

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "CSRF_HEADER", "CsrfGuard"]

CSRF_COOKIE = "mp_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_POST_FORM = re.compile(rb"<form\b[^>]*\bmethod\s*=\s*[\"']?post[\"']?[^>]*>", re.IGNORECASE)
_HEAD = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)
_COOKIE_VALUE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


class CsrfGuard:
    """Refuse (403) an unsafe request that does not come from a page of this app (see the module docstring):
    a foreign ``Origin`` always; in multi-user mode (``secret_key`` given) also a missing or wrong form token."""

    def __init__(
        self, app: ASGIApp, *, public_url: str | None = None, secret_key: str | None = None, secure: bool = True
    ) -> None:
        self.app = app
        self.public = origin_of(public_url) if public_url else None
        self.key = hashlib.sha256(b"matchpilot csrf\x00" + secret_key.encode("utf-8")).digest() if secret_key else None
        self.secure = secure

    def _same_origin(self, origin: str, host: str) -> bool:
        """True when ``origin`` is the app's own: the host the request was sent to, or the public URL."""
        try:
            sent_to = urlsplit(origin).netloc.lower()
        except ValueError:
            return False
        if sent_to and sent_to == host.lower():
            return True
        return self.public is not None and origin_of(origin) == self.public

    def token(self, cookie: str, session: str) -> str:
        """The form token that goes with the ``mp_csrf`` cookie value and the session cookie (empty when signed
        out): a token taken from one browser or one session fits no other."""
        assert self.key is not None
        message = f"{cookie}|{session}".encode("ascii", "replace")
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in UNSAFE_METHODS:
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            if origin is not None and not self._same_origin(origin, headers.get("host", "")):
                await HTMLResponse(_REFUSED, status_code=403)(scope, receive, send)
                return
        if self.key is None or str(scope.get("path", "")).startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = request.cookies.get(CSRF_COOKIE, "")
        fresh = not _COOKIE_VALUE.match(cookie)
        if fresh:
            cookie = secrets.token_urlsafe(32)
        expected = self.token(cookie, request.cookies.get(SESSION_COOKIE, ""))
        if scope["method"] in UNSAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not sent:
                try:
                    sent, receive = await _token_in_body(scope, receive)
                except StarletteHTTPException as error:  # the body passed its route's limit while being read
                    if error.status_code != 413:
                        raise
                    await too_large_response(scope, limit_of(scope))(scope, receive, send)
                    return
            if fresh or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
                await HTMLResponse(_REFUSED, status_code=403)(scope, receive, send)
                return
        scope.setdefault("state", {})["csrf_token"] = expected
        set_cookie = None
        if fresh:
            flags = "; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if self.secure else "")
            set_cookie = (b"set-cookie", f"{CSRF_COOKIE}={cookie}{flags}".encode("ascii"))
        field = f'<input type="hidden" name="{CSRF_FIELD}" value="{expected}">'.encode("ascii")
        meta = f'<meta name="csrf-token" content="{expected}">'.encode("ascii")
        await self.app(scope, receive, _FormTokens(send, field, meta, set_cookie))


class _FormTokens:
    """Wraps ``send``: HTML bodies get the token after every post form's opening tag and in ``<head>``."""

    def __init__(self, send: Send, field: bytes, meta: bytes, set_cookie: tuple[bytes, bytes] | None) -> None:
        self.send, self.field, self.meta, self.set_cookie = send, field, meta, set_cookie
        self.start: Message | None = None
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if self.set_cookie:
                headers.append(self.set_cookie)
            message["headers"] = headers
            kind = next((value for name, value in headers if name.lower() == b"content-type"), b"")
            if kind.startswith(b"text/html"):
                self.start = message
                return
            await self.send(message)
            return
        if message["type"] != "http.response.body" or self.start is None:
            await self.send(message)
            return
        self.chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(self.chunks)
        body = _POST_FORM.sub(lambda found: found.group(0) + self.field, body)
        body = _HEAD.sub(lambda found: found.group(0) + self.meta, body, count=1)
        headers = [(n, v) for n, v in self.start["headers"] if n.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode("ascii")))
        self.start["headers"] = headers
        await self.send(self.start)
        await self.send({"type": "http.response.body", "body": body, "more_body": False})


_REFUSED = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Form refused · matchpilot</title></head>"
    "<body><h1>This form cannot be accepted</h1><p>It has expired or was sent from another site. Go back, reload "
    "the page and send it again.</p></body></html>"
)


_TOKEN_WINDOW = FORM_LIMIT
"""The CSRF check reads at most this much of a body looking for the token (pages put it first in every form)."""


class _TokenFinder:
    """Feeds a form body (urlencoded or multipart) to python-multipart's streaming parsers and keeps only the
    ``csrf_token`` field: nothing else of the body is kept."""

    def __init__(self, content_type: str) -> None:
        self.token: str | None = None
        self.name = bytearray()
        self.value = bytearray()
        self.parser: QuerystringParser | MultipartParser | None = None
        kind, options = parse_options_header(content_type)
        if kind == b"application/x-www-form-urlencoded":
            self.parser = QuerystringParser(
                callbacks={
                    "on_field_start": self._start,
                    "on_field_name": self._name,
                    "on_field_data": self._data,
                    "on_field_end": self._field_end,
                }
            )
        elif kind == b"multipart/form-data" and options.get(b"boundary"):
            self.header_name = bytearray()
            self.header_value = bytearray()
            self.parser = MultipartParser(
                options[b"boundary"],
                callbacks={
                    "on_part_begin": self._start,
                    "on_header_field": self._header_field,
                    "on_header_value": self._header_value,
                    "on_header_end": self._header_end,
                    "on_part_data": self._data,
                    "on_part_end": self._part_end,
                },
            )

    def _start(self) -> None:
        self.name.clear()
        self.value.clear()

    def _name(self, data: bytes, start: int, end: int) -> None:
        self.name += data[start:end]

    def _data(self, data: bytes, start: int, end: int) -> None:
        if len(self.value) <= 256:  # a token is 64 characters; a longer value is no token, and is not kept
            self.value += data[start : min(end, start + 257)]

    def _field_end(self) -> None:
        if self.token is None and unquote_plus(self.name.decode("latin-1")) == CSRF_FIELD:
            self.token = unquote_plus(self.value.decode("latin-1"))

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def _header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            _, options = parse_options_header(bytes(self.header_value))
            self.name[:] = options.get(b"name", b"")
        self.header_name.clear()
        self.header_value.clear()

    def _part_end(self) -> None:
        if self.token is None and self.name == CSRF_FIELD.encode():
            self.token = self.value.decode("latin-1")

    def feed(self, chunk: bytes, *, last: bool) -> None:
        """Parse the next ``chunk`` of the body (``last``: the body ends here)."""
        if self.parser is None:
            return
        try:
            self.parser.write(chunk)
            if last:
                self.parser.finalize()
        except Exception:  # an unreadable form has no token (the app would refuse it anyway)
            self.parser = None


async def _token_in_body(scope: Scope, receive: Receive) -> tuple[str, Receive]:
    """The ``csrf_token`` field of a form body, read only as far as the field (at most :data:`_TOKEN_WINDOW`
    bytes, "" when not there), and a ``receive`` that replays what was read and then reads on."""
    finder = _TokenFinder(Request(scope).headers.get("content-type", ""))
    if finder.parser is None:
        return "", receive
    read: list[Message] = []
    size = 0
    while finder.token is None and finder.parser is not None and size <= _TOKEN_WINDOW:
        message = await receive()
        read.append(message)
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        more = bool(message.get("more_body", False))
        finder.feed(chunk, last=not more)
        if not more:
            break

    async def replay() -> Message:
        if read:
            return read.pop(0)
        return await receive()

    return finder.token or "", replay
