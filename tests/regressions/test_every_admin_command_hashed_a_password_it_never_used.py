"""Building the account services hashed a random password with Argon2's full costs (0.2 s of CPU, 64 MiB), the
hash an unknown username's sign-in is checked against, even for `matchpilot admin list-users` and every other
command that signs no one in. It is now made on first need, and the web app makes it when the server starts it,
so that no sign-in, the first of an unknown name included, takes longer than another."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from matchpilot.bootstrap import build_services
from matchpilot.errors import AuthenticationError
from matchpilot.services import Services
from matchpilot.services.accounts import AccountServices, Role
from matchpilot.web import create_app
from matchpilot.web.multi_user import MultiUser

from support.db import TODAY
from support.multi_user import PASSWORD, SECRET_KEY
from support.web import TestClient


class CountingHasher(PasswordHasher):
    """Argon2id with tiny test costs that counts the passwords it hashed and checked."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.hashed = 0
        self.verified: list[str] = []

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self.hashed += 1
        return super().hash(password, salt=salt)

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified.append(str(hash))
        return super().verify(hash, password)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    made = build_services(database_url=f"sqlite:///{tmp_path}/accounts.db", today=lambda: TODAY)
    yield made
    made.database.dispose()


def test_account_services_that_sign_no_one_in_hash_nothing(services: Services) -> None:
    hasher = CountingHasher()
    accounts = AccountServices(services.database, hasher=hasher)
    assert hasher.hashed == 0
    accounts.create_account("admin-one", PASSWORD, Role.ADMINISTRATOR)
    assert [account.username for account in accounts.accounts()] == ["admin-one"]
    assert hasher.hashed == 1, "only the new account's password is hashed"


def test_an_unknown_name_is_checked_against_one_hash_made_once(services: Services) -> None:
    hasher = CountingHasher()
    accounts = AccountServices(services.database, hasher=hasher)
    for _ in range(2):
        with pytest.raises(AuthenticationError, match="the username or the password is wrong"):
            accounts.sign_in("nobody-here", PASSWORD, "10.1.2.3")
    assert hasher.hashed == 1 and len(hasher.verified) == 2, "each unknown name's sign-in verified a password"
    assert hasher.verified[0] == hasher.verified[1], "against the same hash, made once"


def test_the_web_app_makes_that_hash_when_the_server_starts_it(services: Services) -> None:
    hasher = CountingHasher()
    accounts = AccountServices(services.database, hasher=hasher)
    app = create_app(services, multi_user=MultiUser(accounts, SECRET_KEY))
    assert hasher.hashed == 0, "building the app computes nothing"
    with TestClient(app, base_url="https://testserver") as client:  # the server starts the app
        assert hasher.hashed == 1
        answer = client.post("/login", data={"username": "nobody-here", "password": PASSWORD})
        assert answer.status_code != 500
        with pytest.raises(AuthenticationError):
            accounts.sign_in("nobody-here", PASSWORD, "10.1.2.3")
    assert hasher.hashed == 1, "the sign-in of an unknown name made no hash of its own"
