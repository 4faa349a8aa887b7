"""Multi-user mode behind a reverse proxy (issue 19, finding 12). nginx, by default, passes the address it talks
to (``127.0.0.1:8000``) as the Host header, so form posts from ``https://matchpilot.example.org`` were refused
(Origin is not Host), and invitation links were built from whatever Host a request named. With the public URL
set, forms work and links use it; a trusted proxy's forwarded headers are believed, anyone else's are not."""

from __future__ import annotations

import re

import pytest

from matchpilot.bootstrap import Settings
from matchpilot.errors import ConfigurationError
from matchpilot.services import Services

from support.multi_user import BASE_URL, PASSWORD, SECRET_KEY, Server, TestClient, csrf_token, make_server

PUBLIC = "https://matchpilot.example.org"
PROXY = ("127.0.0.1", 41000)
INSIDE = {"host": "127.0.0.1:8000"}  # what nginx sends without `proxy_set_header Host`
LINK = re.compile(r"(https?://[^\s\"<]+/invite/[A-Za-z0-9_-]+)")


def through_proxy(server: Server, address: tuple[str, int] = PROXY) -> TestClient:
    """A browser whose requests arrive from ``address`` (the proxy), with the Host the proxy sends."""
    return TestClient(
        server.app, base_url=BASE_URL, follow_redirects=False, raise_server_exceptions=False, client=address
    )


def sign_in(client: TestClient, username: str, headers: dict[str, str]) -> int:
    token = csrf_token(client)
    answer = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        headers={**headers, "origin": PUBLIC},
    )
    return answer.status_code


def test_without_the_public_url_a_post_through_a_host_less_proxy_is_refused(services: Services) -> None:
    server = make_server(services)
    account = server.account("ann")
    assert sign_in(through_proxy(server), account.username, INSIDE) == 403  # the finding, as it was


def test_with_the_public_url_forms_work_behind_a_proxy_that_keeps_its_own_host(services: Services) -> None:
    server = make_server(services, public_url=PUBLIC)
    account = server.account("ann")
    client = through_proxy(server)
    assert sign_in(client, account.username, INSIDE) == 303
    answer = client.post(
        "/account/invite", data={"csrf_token": csrf_token(client, "/account")}, headers={**INSIDE, "origin": PUBLIC}
    )
    assert answer.status_code == 200
    assert LINK.findall(answer.text)[0].startswith(f"{PUBLIC}/invite/")


def test_another_site_is_still_refused_with_the_public_url_set(services: Services) -> None:
    server = make_server(services, public_url=PUBLIC)
    account = server.account("ann")
    client = through_proxy(server)
    token = csrf_token(client)
    answer = client.post(
        "/login",
        data={"username": account.username, "password": PASSWORD, "csrf_token": token},
        headers={**INSIDE, "origin": "https://matchpilot.example.org.evil.example"},
    )
    assert answer.status_code == 403


def test_invitation_links_use_the_public_url_whatever_host_a_request_names(services: Services) -> None:
    server = make_server(services, public_url=PUBLIC)
    client = server.signed_in(server.account("ann"))
    answer = client.post(
        "/account/invite", data={"csrf_token": csrf_token(client, "/account")}, headers={"host": "evil.example"}
    )
    assert answer.status_code == 200
    links = LINK.findall(answer.text)
    assert links and all(link.startswith(f"{PUBLIC}/invite/") for link in links)
    assert "evil.example" not in answer.text


def test_a_trusted_proxy_forwards_the_host_and_scheme_the_browser_used(services: Services) -> None:
    server = make_server(services)
    account = server.account("ann")
    client = through_proxy(server)
    forwarded = {**INSIDE, "x-forwarded-host": "matchpilot.example.org", "x-forwarded-proto": "https"}
    assert sign_in(client, account.username, forwarded) == 303
    answer = client.post(
        "/account/invite",
        data={"csrf_token": csrf_token(client, "/account")},
        headers={**forwarded, "origin": PUBLIC},
    )
    assert LINK.findall(answer.text)[0].startswith(f"{PUBLIC}/invite/")


def test_forwarded_headers_from_anyone_else_change_nothing(services: Services) -> None:
    server = make_server(services)
    account = server.account("ann")
    client = through_proxy(server, ("198.51.100.7", 41000))
    forwarded = {**INSIDE, "x-forwarded-host": "matchpilot.example.org", "x-forwarded-proto": "https"}
    assert sign_in(client, account.username, forwarded) == 403


def test_the_rate_limit_counts_the_address_a_trusted_proxy_forwards(services: Services) -> None:
    server = make_server(services, address_limit=2, public_url=PUBLIC)
    client = through_proxy(server)
    token = csrf_token(client)

    def attempt(address: str) -> int:
        answer = client.post(
            "/login",
            data={"username": "nobody-here", "password": "wrong password!", "csrf_token": token},
            headers={**INSIDE, "origin": PUBLIC, "x-forwarded-for": address},
        )
        return answer.status_code

    assert [attempt("203.0.113.5") for _ in range(3)] == [401, 401, 429]
    assert attempt("203.0.113.6") == 401  # another client behind the same proxy is not locked out


@pytest.mark.parametrize(
    "given", ["matchpilot.example.org", "ftp://matchpilot.example.org", "https://x.example/app", "https://:80"]
)
def test_a_public_url_that_is_not_an_origin_is_refused(given: str) -> None:
    with pytest.raises(ConfigurationError, match="MATCHPILOT_PUBLIC_URL"):
        Settings(multi_user=True, secret_key=SECRET_KEY, public_url=given)


def test_the_public_url_setting_is_read_without_a_trailing_slash() -> None:
    settings = Settings(multi_user=True, secret_key=SECRET_KEY, public_url=PUBLIC + "/")
    assert settings.public_url == PUBLIC


def test_trusted_proxies_may_be_a_network(services: Services) -> None:
    server = make_server(services, trusted_proxies="10.0.0.0/8")
    account = server.account("ann")
    forwarded = {**INSIDE, "x-forwarded-host": "matchpilot.example.org", "x-forwarded-proto": "https"}
    assert sign_in(through_proxy(server, ("10.20.30.40", 41000)), account.username, forwarded) == 303
    assert sign_in(through_proxy(server, PROXY), account.username, forwarded) == 403  # 127.0.0.1 is not listed


def test_serve_gives_the_app_the_proxy_settings(services: Services) -> None:
    from matchpilot.cli.serve import _multi_user

    settings = Settings(multi_user=True, secret_key=SECRET_KEY, public_url=PUBLIC, forwarded_allow_ips="10.0.0.0/8")
    multi = _multi_user(settings, services)
    assert multi.public_url == PUBLIC
    assert multi.trusted_proxies == "10.0.0.0/8"
