"""Requests at the same moment against a real server (uvicorn on a loopback port, threads as browsers), on SQLite
and PostgreSQL: no lost update on the rank lists, a one-time invitation used once, and a sign-in limit that holds.

Each test is bounded: a few dozen requests, released together by a barrier; no assertion on time.
"""

from __future__ import annotations

import re
import ssl
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
from argon2 import PasswordHasher
from sqlalchemy import func, select

from matchpilot.errors import InputError
from matchpilot.services import Services
from matchpilot.services.accounts import Account, AccountServices, Role, Viewer
from matchpilot.services.rank_lists import couple_list, rank_list
from matchpilot.storage.tables import adviser_grants, invitations
from matchpilot.web.auth import MultiUser

from support.multi_user import PASSWORD, SECRET_KEY
from support.web import serving

T = TypeVar("T")
_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')
_TLS = ssl.create_default_context()
"""One TLS context for every browser: the server speaks plain HTTP, but each ``httpx.Client`` made without one loads
the system's certificates into a context of its own (about 33 ms of CPU; these tests open over a hundred)."""


class CountingHasher(PasswordHasher):
    """Argon2id with tiny test costs that counts how many passwords it checked."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        with self._lock:
            self.verified += 1
        return super().verify(hash, password)


@dataclass
class Site:
    """A multi-user server on a loopback port: its address, account services and counting hasher, and the
    browsers opened on it (closed when the server stops)."""

    url: str
    accounts: AccountServices
    hasher: CountingHasher
    browsers: list[httpx.Client] = field(default_factory=list)

    def browser(self) -> httpx.Client:
        """A client that keeps cookies, like a browser tab."""
        client = httpx.Client(base_url=self.url, follow_redirects=False, timeout=60, verify=_TLS)
        self.browsers.append(client)
        return client

    def signed_in(self, account: Account) -> httpx.Client:
        """A browser signed in as ``account``."""
        client = self.browser()
        data = {"username": account.username, "password": PASSWORD, "csrf_token": token_of(client, "/login")}
        answer = client.post("/login", data=data)
        assert answer.status_code == 303, answer.text
        return client


@contextmanager
def server(services: Services, **limits: Any) -> Iterator[Site]:
    """A multi-user server over ``services``' database (cookies over plain HTTP)."""
    hasher = CountingHasher()
    accounts = AccountServices(services.database, today=services.today, hasher=hasher, **limits)
    with serving(services, multi_user=MultiUser(accounts, SECRET_KEY, cookie_secure=False)) as url:
        site = Site(url, accounts, hasher)
        try:
            yield site
        finally:
            for client in site.browsers:
                client.close()


def token_of(client: httpx.Client, page: str) -> str:
    """The CSRF token in the forms of ``page``."""
    found = _TOKEN.search(client.get(page).text)
    assert found, f"no CSRF token on {page}"
    return found.group(1)


def at_once(jobs: list[Callable[[], T]]) -> list[T]:
    """Run every job in a thread of its own, released together."""
    start = threading.Barrier(len(jobs))

    def run(job: Callable[[], T]) -> T:
        start.wait(timeout=30)
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def workspace(accounts: AccountServices, account: Account) -> Services:
    return accounts.services_for(Viewer(account, account.workspace_id, account.username))


def test_thirty_rank_list_additions_from_two_tabs_all_land(services: Services) -> None:
    with server(services) as site:
        accounts = site.accounts
        alice = accounts.create_account(f"alice-{services.owner_id}", PASSWORD, Role.APPLICANT)
        tabs = [site.signed_in(alice), site.signed_in(alice)]
        tokens = [token_of(tab, "/rank-list") for tab in tabs]
        codes = [f"RACE{n:03d}" for n in range(30)]

        def add(n: int) -> Callable[[], int]:
            tab, token = tabs[n % 2], tokens[n % 2]
            return lambda: tab.post("/rank-list/add", data={"code": codes[n], "csrf_token": token}).status_code

        answers = at_once([add(n) for n in range(30)])
        stored = rank_list(workspace(accounts, alice)).primary
    assert answers == [303] * 30
    assert sorted(stored) == codes, f"{30 - len(stored)} of 30 additions were lost"


def test_concurrent_couple_pairs_all_land(services: Services) -> None:
    with server(services) as site:
        accounts = site.accounts
        bob = accounts.create_account(f"bob-{services.owner_id}", PASSWORD, Role.APPLICANT)
        tabs = [site.signed_in(bob), site.signed_in(bob)]
        tokens = [token_of(tab, "/rank-list/couple") for tab in tabs]
        mine = [f"MINE{n:03d}" for n in range(20)]

        def add(n: int) -> Callable[[], int]:
            tab, data = tabs[n % 2], {"mine": mine[n], "partner": "none", "csrf_token": tokens[n % 2]}
            return lambda: tab.post("/rank-list/couple/add", data=data).status_code

        answers = at_once([add(n) for n in range(20)])
        pairs = couple_list(workspace(accounts, bob)).pairs
    assert answers == [303] * 20
    assert sorted(pair.mine or "" for pair in pairs) == mine, f"{20 - len(pairs)} of 20 pairs were lost"


def test_a_one_time_invitation_accepted_by_ten_advisers_at_once_lets_in_exactly_one(services: Services) -> None:
    with server(services) as site:
        accounts = site.accounts
        carol = accounts.create_account(f"carol-{services.owner_id}", PASSWORD, Role.APPLICANT)
        invitation = accounts.invite(Viewer(carol, carol.workspace_id, carol.username))
        advisers = [accounts.create_account(f"adv{n}-{services.owner_id}", PASSWORD, Role.ADVISER) for n in range(10)]
        clients = [site.signed_in(adviser) for adviser in advisers]
        forms = [token_of(client, f"/invite/{invitation}") for client in clients]

        def accept(n: int) -> Callable[[], int]:
            data = {"action": "accept", "csrf_token": forms[n]}
            return lambda: clients[n].post(f"/invite/{invitation}", data=data).status_code

        answers = at_once([accept(n) for n in range(10)])
        with services.database.transaction() as session:
            granted = session.execute(
                select(func.count())
                .select_from(adviser_grants)
                .where(adviser_grants.c.workspace_id == carol.workspace_id)
            ).scalar_one()
            used_by = session.execute(
                select(invitations.c.accepted_by).where(invitations.c.workspace_id == carol.workspace_id)
            ).scalar_one()
    assert answers.count(303) == 1, answers
    assert sorted(answers) == [303] + [404] * 9
    assert granted == 1
    assert used_by == advisers[answers.index(303)].id


def test_forty_wrong_passwords_at_once_check_the_password_at_most_the_limit(services: Services) -> None:
    with server(services, account_limit=5, address_limit=1000) as site:
        dave = site.accounts.create_account(f"dave-{services.owner_id}", PASSWORD, Role.APPLICANT)
        clients = [site.browser() for _ in range(40)]
        forms = [token_of(client, "/login") for client in clients]
        site.hasher.verified = 0

        def guess(n: int) -> Callable[[], int]:
            data = {"username": dave.username, "password": f"wrong guess number {n}", "csrf_token": forms[n]}
            return lambda: clients[n].post("/login", data=data).status_code

        answers = at_once([guess(n) for n in range(40)])
        checked = site.hasher.verified
    assert checked <= 5, f"{checked} of 40 guesses were checked against the password"
    assert answers.count(401) == checked and answers.count(429) == 40 - checked


def test_a_right_password_after_failures_still_counts_them_only_once(services: Services) -> None:
    """The attempt is recorded before the password is checked: a right password must not stay counted."""
    clock = datetime(2026, 11, 23, 12, tzinfo=UTC)
    accounts = AccountServices(
        services.database, hasher=CountingHasher(), now=lambda: clock, account_limit=3, address_limit=3
    )
    erin = accounts.create_account(f"erin-{services.owner_id}", PASSWORD, Role.APPLICANT)
    address = f"10.9.{services.owner_id % 250}.1"
    for _ in range(5):  # right passwords never fill the account's or the address's limit
        assert accounts.sign_in(erin.username, PASSWORD, address).account.id == erin.id


def test_ten_creations_of_one_username_at_once_make_one_account_and_say_taken_to_the_rest(services: Services) -> None:
    accounts = AccountServices(services.database, hasher=CountingHasher())
    name = f"frank-{services.owner_id}"

    def create() -> str:
        try:
            accounts.create_account(name, PASSWORD, Role.APPLICANT)
        except InputError as error:
            return str(error)
        return "created"

    answers = at_once([create] * 10)
    assert sorted(answers) == ["created"] + [f"the username {name!r} is taken"] * 9
