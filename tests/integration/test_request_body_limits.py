"""Request bodies are bounded before anyone reads them (issue 19, finding 3): a body over its route's limit is
refused by its Content-Length with 413 before a byte is read, before the CSRF check and before sign-in; a body
without Content-Length is counted while it streams and cut off at the limit; the JSON API checks the token
before it reads a body; the CSRF check reads a form only as far as its token.

Requests go to the app as ASGI calls whose body is produced lazily, so the tests count exactly how many bytes
the app pulled (a "200 MB" body is never built)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import anyio
import pytest

from matchpilot.services import Services
from matchpilot.web import create_app
from matchpilot.web.limits import FORM_LIMIT, UPLOAD_LIMIT, body_limit

from support.multi_user import TestClient, csrf_token, make_server

MB = 1024 * 1024
CHUNK = 64 * 1024


@dataclass
class Answer:
    """What the app answered, and how many body bytes it pulled."""

    status: int
    body: bytes
    read: int
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def _chunks(total: int, first: bytes = b"") -> Iterator[bytes]:
    yield first
    left = total - len(first)
    while left > 0:
        size = min(CHUNK, left)
        yield b"a" * size
        left -= size


def call(
    app: Any,
    method: str,
    path: str,
    *,
    headers: dict[str, str],
    body: Iterator[bytes],
    announce: int | None = None,
) -> Answer:
    """Send one request straight to the ASGI ``app``: ``announce`` as its Content-Length (None: chunked)."""
    listed = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    listed.append((b"host", b"testserver"))
    if announce is not None:
        listed.append((b"content-length", str(announce).encode()))
    else:
        listed.append((b"transfer-encoding", b"chunked"))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": listed,
        "client": ("10.9.8.7", 50000),
        "server": ("testserver", 443),
        "state": {},
    }
    pending = iter(body)
    nxt: list[bytes | None] = [next(pending, None)]
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        chunk = nxt[0]
        if chunk is None:
            await anyio.sleep(3600)  # a client that has sent everything waits for the answer
            return {"type": "http.disconnect"}
        nxt[0] = next(pending, None)
        read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": nxt[0] is not None}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def run() -> None:
        with anyio.fail_after(60):
            await app(scope, receive, send)

    # in a thread of its own: a session-wide browser (Playwright's sync API) may hold an event loop in this one
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(anyio.run, run).result()
    start = next(message for message in sent if message["type"] == "http.response.start")
    content = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    found = {name.decode().lower(): value.decode() for name, value in start["headers"]}
    return Answer(start["status"], content, read, found)


FORM = {"content-type": "application/x-www-form-urlencoded"}
JSON = {"content-type": "application/json"}


def test_each_route_has_its_limit() -> None:
    assert body_limit("/login") == FORM_LIMIT
    assert body_limit("/api/v1/profile") == FORM_LIMIT
    assert body_limit("/programs/import") == UPLOAD_LIMIT
    assert body_limit("/sheet/upload") == UPLOAD_LIMIT
    assert body_limit("/match-week/unfilled") == UPLOAD_LIMIT


def test_a_200_mb_form_to_the_sign_in_page_is_refused_unread(services: Services) -> None:
    server = make_server(services)
    answer = call(server.app, "POST", "/login", headers=FORM, body=_chunks(200 * MB), announce=200 * MB)
    assert answer.status == 413
    assert answer.read == 0
    assert "at most 1 MB" in answer.text
    assert "200 MB" in answer.text


def test_a_200_mb_json_body_without_a_token_is_refused_unread(services: Services) -> None:
    server = make_server(services)
    answer = call(server.app, "PUT", "/api/v1/profile", headers=JSON, body=_chunks(200 * MB, b"["), announce=200 * MB)
    assert answer.status == 413
    assert answer.read == 0
    assert answer.headers["content-type"].startswith("application/json")
    assert "at most 1 MB" in answer.text


def test_the_api_checks_the_token_before_reading_a_body(services: Services) -> None:
    server = make_server(services)
    answer = call(server.app, "PUT", "/api/v1/profile", headers=JSON, body=_chunks(512 * 1024, b"["))
    assert answer.status == 401
    assert answer.read == 0
    forged = {**JSON, "authorization": "Bearer mp_not-a-real-token"}
    answer = call(server.app, "PUT", "/api/v1/profile", headers=forged, body=_chunks(512 * 1024, b"["))
    assert answer.status == 401
    assert answer.read == 0


def test_a_chunked_form_is_cut_off_at_the_limit(services: Services) -> None:
    server = make_server(services)
    answer = call(server.app, "POST", "/login", headers=FORM, body=_chunks(20 * MB, b"username=x&password="))
    assert answer.status == 413
    assert answer.read <= FORM_LIMIT + CHUNK
    assert "at most 1 MB" in answer.text


def test_a_chunked_body_in_the_local_app_is_cut_off_with_a_page_naming_the_limit(services: Services) -> None:
    app = create_app(services)
    answer = call(app, "POST", "/profile", headers=FORM, body=_chunks(5 * MB, b"first_name="))
    assert answer.status == 413
    assert answer.read <= FORM_LIMIT + CHUNK
    assert "at most 1 MB" in answer.text


def test_the_csrf_check_reads_an_upload_only_as_far_as_its_token(services: Services) -> None:
    server = make_server(services)
    browser: TestClient = server.client()
    token = csrf_token(browser)
    cookie = f"mp_csrf={browser.cookies['mp_csrf']}"
    boundary = "b0undary"
    first = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    headers = {"content-type": f"multipart/form-data; boundary={boundary}", "cookie": cookie}
    answer = call(server.app, "POST", "/programs/import", headers=headers, body=_chunks(20 * MB, first))
    assert answer.status == 303  # not signed in: to the sign-in page, the upload unread
    assert answer.headers["location"].startswith("/login")
    assert answer.read < 2 * CHUNK


def test_an_upload_route_takes_more_than_a_form_and_says_its_own_limit(services: Services) -> None:
    server = make_server(services)
    client = server.signed_in(server.account("uploader"))
    token = csrf_token(client, "/programs/import")
    notes = b"x" * (3 * MB)  # over a form's limit, far under an upload's; not a sheet, so refused quickly
    answer = client.post("/programs/import", data={"csrf_token": token}, files={"file": ("notes.txt", notes)})
    assert answer.status_code == 400, answer.text  # read, and refused for what it is, not for its size
    announced = call(server.app, "POST", "/programs/import", headers=FORM, body=_chunks(60 * MB), announce=60 * MB)
    assert announced.status == 413
    assert announced.read == 0
    assert "at most 51 MB for a file upload" in announced.text


@pytest.mark.parametrize("announce", ["lots", "-1"])
def test_a_content_length_that_is_not_a_number_is_refused(services: Services, announce: str) -> None:
    app = create_app(services)
    headers = {**FORM, "content-length": announce}
    answer = call(app, "POST", "/profile", headers=headers, body=_chunks(10, b"x"), announce=None)
    assert answer.status == 400
    assert answer.read == 0


def _exchange(url: str, head: bytes, body: Iterator[bytes]) -> bytes:
    """Send ``head`` and then ``body`` (until the server answers or closes) over one connection; the answer."""
    import select
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=30) as connection:
        connection.sendall(head)
        for chunk in body:
            ready, _, _ = select.select([connection], [], [], 0)
            if ready:  # the server answered before the body ended
                break
            try:
                connection.sendall(chunk)
            except OSError:  # it closed the connection after answering
                break
        answer = b""
        while b"\r\n\r\n" not in answer:
            piece = connection.recv(65536)
            if not piece:
                break
            answer += piece
        return answer


def test_a_real_server_answers_413_to_an_announced_200_mb_body_at_once(services: Services) -> None:
    from support.web import serving

    server = make_server(services)
    multi = server.app.state.multi_user
    with serving(services, "matchpilot-limits", multi_user=multi) as url:
        head = (
            b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % (200 * MB)
        )
        answer = _exchange(url, head, iter([b"username=x&password="]))
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        chunked = (
            b"PUT /api/v1/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        pieces = (b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in _chunks(20 * MB, b"["))
        answer = _exchange(url, chunked, pieces)
        assert answer.startswith(b"HTTP/1.1 401"), answer[:200]  # no token: refused before the body is read
