"""Multi-user mode for tests: an app with accounts over a real database, cheap password hashing, and clients
that sign in through the pages (cookies over HTTPS, CSRF tokens read from the forms like a browser would)."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI

from matchpilot.services import Services
from matchpilot.services.accounts import Account, AccountServices, Role, Viewer
from matchpilot.web import create_app
from matchpilot.web.auth import MultiUser

from support.web import TestClient

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
"""Argon2id with tiny costs: the same code path, fast enough for tests (never use these costs in production)."""

SECRET_KEY = "test-secret-key-" + "k" * 32
PASSWORD = "correct horse battery staple"
BASE_URL = "https://testserver"

_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


@dataclass
class Server:
    """A multi-user app, its account services and the database's local services (for setting up data)."""

    app: FastAPI
    accounts: AccountServices
    services: Services

    def account(self, prefix: str, role: Role = Role.APPLICANT) -> Account:
        """A new account with a unique username starting with ``prefix`` and the password :data:`PASSWORD`."""
        return self.accounts.create_account(f"{prefix}-{uuid.uuid4().hex[:8]}", PASSWORD, role)

    def workspace(self, account: Account) -> Services:
        """The workspace services of an applicant (to put data in or check it)."""
        return self.accounts.services_for(Viewer(account, account.workspace_id, account.username))

    def client(self) -> TestClient:
        """A client that is not signed in, from an address of its own (so rate limits of other tests, which share
        a PostgreSQL schema, never count against it)."""
        address = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"
        return TestClient(
            self.app,
            base_url=BASE_URL,
            follow_redirects=False,
            raise_server_exceptions=False,
            client=(address, 50000),
        )

    def signed_in(self, account: Account, password: str = PASSWORD) -> TestClient:
        """A client signed in as ``account`` through the sign-in page."""
        client = self.client()
        answer = client.post(
            "/login", data={"username": account.username, "password": password, "csrf_token": csrf_token(client)}
        )
        assert answer.status_code == 303, answer.text
        return client


def make_server(
    services: Services,
    *,
    now: Callable[[], datetime] | None = None,
    public_url: str | None = None,
    trusted_proxies: str = "127.0.0.1",
    **limits: Any,
) -> Server:
    """A multi-user app over the database of ``services``; ``now`` is its clock, ``public_url`` and
    ``trusted_proxies`` its reverse-proxy settings, and ``limits`` go to :class:`AccountServices`
    (``account_limit``, ``address_limit``, ``window``, ...)."""
    clock = now or (lambda: datetime.now(UTC))
    accounts = AccountServices(services.database, today=services.today, hasher=FAST_HASHER, now=clock, **limits)
    multi_user = MultiUser(
        accounts, SECRET_KEY, cookie_secure=True, public_url=public_url, trusted_proxies=trusted_proxies
    )
    app = create_app(services, multi_user=multi_user)
    return Server(app, accounts, services)


def csrf_token(client: TestClient, page: str = "/login") -> str:
    """The CSRF token the pages give this client (read from a form of ``page``)."""
    found = _TOKEN.search(client.get(page).text)
    assert found, f"no CSRF token in the forms of {page}"
    return found.group(1)


def post_form(client: TestClient, path: str, data: Mapping[str, str], *, page: str = "/account") -> object:
    """Post ``data`` to ``path`` with this client's CSRF token."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})
