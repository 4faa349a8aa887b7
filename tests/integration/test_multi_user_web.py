"""Multi-user mode as people meet it: signing in and out, sessions in safe cookies, CSRF tokens on every form,
rate-limited sign-ins, security headers, invitations of advisers, comments, API tokens, the administrator
command, and `matchpilot serve` refusing other addresses unless multi-user mode is on."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.bootstrap import Settings
from matchpilot.errors import ConfigurationError
from matchpilot.services import Services
from matchpilot.services.accounts import Role, Viewer
from matchpilot.services.demo import load_demo
from matchpilot.web import create_app

from support.multi_user import PASSWORD, SECRET_KEY, TestClient, csrf_token, make_server

FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.{0,200})", re.IGNORECASE | re.DOTALL)


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


# --- settings and serve ------------------------------------------------------------------------------------------


def test_multi_user_mode_needs_a_secret_key() -> None:
    with pytest.raises(ConfigurationError, match="MATCHPILOT_SECRET_KEY"):
        Settings(multi_user=True)
    with pytest.raises(ConfigurationError, match="at least 32 characters"):
        Settings(multi_user=True, secret_key="short")
    assert Settings(multi_user=True, secret_key=SECRET_KEY).multi_user


def test_serve_listens_beyond_this_computer_only_in_multi_user_mode() -> None:
    from matchpilot.cli.serve import check_loopback

    with pytest.raises(ConfigurationError, match="multi-user mode"):
        check_loopback("0.0.0.0")
    assert check_loopback("0.0.0.0", multi_user=True) == "0.0.0.0"


def test_serve_refuses_multi_user_mode_without_a_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from matchpilot.cli.main import app

    monkeypatch.setenv("MATCHPILOT_MULTI_USER", "1")
    monkeypatch.delenv("MATCHPILOT_SECRET_KEY", raising=False)
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{tmp_path}/t.db", "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "MATCHPILOT_SECRET_KEY" in result.output


def test_the_admin_command_creates_the_first_administrator(tmp_path: Path) -> None:
    from matchpilot.cli import common
    from matchpilot.cli.admin import app

    common.set_database_url(f"sqlite:///{tmp_path}/t.db")
    try:
        made = CliRunner().invoke(
            app, ["create-user", "Root", "--role", "administrator", "--password-stdin"], input=PASSWORD + "\n"
        )
        assert made.exit_code == 0, made.output
        assert "Created root (administrator)" in made.output
        listed = CliRunner().invoke(app, ["list-users"])
        assert re.search(r"root\s+administrator", listed.output)
        short = CliRunner().invoke(app, ["create-user", "other", "--password-stdin"], input="short\n")
        assert short.exit_code != 0
    finally:
        common.set_database_url(None)


# --- signing in and out ------------------------------------------------------------------------------------------


def test_signing_in_sets_a_safe_session_cookie_and_signing_out_ends_it(services: Services) -> None:
    server = make_server(services)
    alice = server.account("alice")
    client = server.client()
    assert client.get("/programs").headers["location"] == "/login?next=%2Fprograms"
    wrong = client.post(
        "/login", data={"username": alice.username, "password": "not the password", "csrf_token": csrf_token(client)}
    )
    assert (
        wrong.status_code == 401 and "wrong" in wrong.text and "mp_session" not in wrong.headers.get("set-cookie", "")
    )
    answer = client.post(
        "/login",
        data={"username": alice.username, "password": PASSWORD, "next": "/programs", "csrf_token": csrf_token(client)},
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/programs"
    cookie = answer.headers["set-cookie"]
    assert "mp_session=" in cookie
    assert all(flag in cookie.lower() for flag in ("httponly", "secure", "samesite=lax", "path=/"))
    page = client.get("/")
    assert page.status_code == 200 and alice.username in page.text and "Sign out" in page.text
    session = client.cookies.get("mp_session")
    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/")}).status_code == 303
    again = TestClient(server.app, base_url="https://testserver", follow_redirects=False)
    again.cookies.set("mp_session", session or "")
    assert again.get("/").status_code == 303, "the session ended on the server, not only in the browser"


def test_after_signing_in_only_a_path_of_this_site_follows(services: Services) -> None:
    server = make_server(services)
    alice = server.account("alice")
    client = server.client()
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        answer = client.post(
            "/login",
            data={"username": alice.username, "password": PASSWORD, "next": target, "csrf_token": csrf_token(client)},
        )
        assert answer.headers["location"] == "/"


def test_a_session_ends_after_its_lifetime(services: Services) -> None:
    clock = Clock()
    server = make_server(services, now=clock)
    client = server.signed_in(server.account("alice"))
    assert client.get("/").status_code == 200
    clock.moment += timedelta(hours=12, minutes=1)
    assert client.get("/").status_code == 303


# --- CSRF --------------------------------------------------------------------------------------------------------


def test_every_post_form_carries_the_csrf_token(services: Services) -> None:
    server = make_server(services)
    alice = server.account("alice")
    load_demo(server.workspace(alice))
    client = server.signed_in(alice)
    code = server.workspace(alice).list_programs().programs[0].code
    pages = ["/", "/profile", "/programs/import", "/rank-list", "/match-week", "/match-week/offers", "/sheet/upload"]
    pages += ["/sheet/merge", "/match-simulator", "/account", "/comments", f"/compose?program={code}"]
    pages += ["/rank-list/couple"]
    forms = 0
    for page in pages:
        text = client.get(page).text
        for found in FORM.finditer(text):
            forms += 1
            assert found.group(1).startswith('<input type="hidden" name="csrf_token" value="'), (page, found.group(0))
    assert forms >= 15


def test_a_post_without_the_right_token_is_refused(services: Services) -> None:
    server = make_server(services)
    alice = server.account("alice")
    client = server.signed_in(alice)
    assert client.post("/rank-list/pgy1", data={"held": "yes"}).status_code == 403
    assert client.post("/rank-list/pgy1", data={"held": "yes", "csrf_token": "0" * 64}).status_code == 403
    stranger = server.client()  # a token made for another browser does not fit this browser's cookie
    assert client.post("/rank-list/pgy1", data={"held": "yes", "csrf_token": csrf_token(stranger)}).status_code == 403
    before = server.client()
    old_token = csrf_token(before)  # taken while signed out: it does not fit the session that follows
    assert (
        before.post(
            "/login", data={"username": alice.username, "password": PASSWORD, "csrf_token": old_token}
        ).status_code
        == 303
    )
    assert before.post("/rank-list/pgy1", data={"held": "yes", "csrf_token": old_token}).status_code == 403
    good = csrf_token(client, "/rank-list")
    assert client.post("/rank-list/pgy1", data={"held": "yes", "csrf_token": good}).status_code == 303
    assert client.post("/rank-list/pgy1", data={"held": "no"}, headers={"X-CSRF-Token": good}).status_code == 303


def test_a_multipart_form_is_checked_too(services: Services) -> None:
    server = make_server(services)
    client = server.signed_in(server.account("alice"))
    # an empty file: wrong whatever its columns (a file of foreign columns now goes on to the mapping step)
    files = {"file": ("sheet.csv", b"", "text/csv")}
    assert client.post("/programs/import", files=files).status_code == 403
    answer = client.post("/programs/import", files=files, data={"csrf_token": csrf_token(client, "/programs/import")})
    assert answer.status_code == 400  # past the check: the file itself is what is wrong


# --- rate limiting -----------------------------------------------------------------------------------------------


def test_sign_ins_are_limited_per_account_then_allowed_again(services: Services) -> None:
    clock = Clock()
    server = make_server(services, now=clock, account_limit=3, window=timedelta(minutes=15))
    alice = server.account("alice")
    client = server.client()

    def sign_in(password: str) -> int:
        data = {"username": alice.username, "password": password, "csrf_token": csrf_token(client)}
        return int(client.post("/login", data=data).status_code)

    assert [sign_in("wrong password!") for _ in range(3)] == [401, 401, 401]
    refused = client.post(
        "/login", data={"username": alice.username, "password": PASSWORD, "csrf_token": csrf_token(client)}
    )
    assert refused.status_code == 429 and refused.headers["retry-after"] == "900", "even the right password waits"
    clock.moment += timedelta(minutes=16)
    assert sign_in(PASSWORD) == 303


def test_sign_ins_are_limited_per_address(services: Services) -> None:
    server = make_server(services, account_limit=100, address_limit=4)
    client = server.client()
    codes = [
        client.post(
            "/login", data={"username": f"nobody-{n}", "password": "x" * 12, "csrf_token": csrf_token(client)}
        ).status_code
        for n in range(5)
    ]
    assert codes == [401, 401, 401, 401, 429]


# --- headers -----------------------------------------------------------------------------------------------------


def test_security_headers_in_multi_user_mode(services: Services) -> None:
    server = make_server(services)
    client = server.signed_in(server.account("alice"))
    for page in ("/", "/programs", "/match-week", "/rank-list", "/login"):
        answer = client.get(page)
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy and "style-src 'self'" in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["cache-control"] == "no-store"
        assert answer.headers["strict-transport-security"].startswith("max-age=")
        inline_script = re.search(r"<script(?![^>]*\bsrc=)", answer.text)  # a script file of its own is allowed
        assert inline_script is None and "<style" not in answer.text, f"{page} has inline code the CSP blocks"


def test_security_headers_in_local_mode(services: Services) -> None:
    answer = TestClient(create_app(services)).get("/")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "csrf_token" not in answer.text, "local mode has no accounts and no CSRF tokens"


# --- invitations, advisers, comments ------------------------------------------------------------------------------


def test_an_invited_adviser_reads_and_comments_until_access_is_taken_away(services: Services) -> None:
    server = make_server(services)
    alice = server.account("alice")
    load_demo(server.workspace(alice))
    code = server.workspace(alice).list_programs().programs[0].code
    applicant = server.signed_in(alice)
    page = applicant.post("/account/invite", data={"csrf_token": csrf_token(applicant)})
    link = re.search(r"https://testserver(/invite/[\w-]+)", page.text)
    assert link, "the invitation link is shown"
    visitor = server.client()
    invitation = visitor.get(link.group(1))
    assert invitation.status_code == 200 and f"{alice.username} invites you" in invitation.text
    created = visitor.post(
        link.group(1),
        data={
            "action": "create",
            "username": "carol-adviser",
            "password": PASSWORD,
            "csrf_token": csrf_token(visitor, link.group(1)),
        },
    )
    assert created.status_code == 303
    assert server.client().get(link.group(1)).status_code == 404, "an invitation works once"
    carol = server.accounts.accounts()
    adviser = next(a for a in carol if a.username == "carol-adviser")
    assert adviser.role is Role.ADVISER
    client = server.signed_in(adviser)
    assert client.get(f"/programs/{code}").status_code == 200
    assert client.post("/rank-list/pgy1", data={"held": "yes", "csrf_token": csrf_token(client)}).status_code == 403
    said = client.post("/comments", data={"subject": code, "text": "Ask about J-1", "csrf_token": csrf_token(client)})
    assert said.status_code == 303
    assert "Ask about J-1" in applicant.get("/comments").text, "the applicant reads the adviser's comment"
    revoked = applicant.post(
        "/account/advisers/revoke", data={"adviser": "carol-adviser", "csrf_token": csrf_token(applicant)}
    )
    assert revoked.status_code == 303
    assert client.get(f"/programs/{code}").status_code == 403, "access ends at once"


# --- API tokens ---------------------------------------------------------------------------------------------------


def test_api_tokens_are_shown_once_work_and_can_be_revoked(services: Services) -> None:
    server = make_server(services)
    alice = server.account("alice")
    load_demo(server.workspace(alice))
    client = server.signed_in(alice)
    page = client.post("/account/tokens", data={"name": "my script", "csrf_token": csrf_token(client)})
    token = re.search(r"(mp_[\w-]{40,})", page.text)
    assert token
    api = server.client()
    assert api.get("/api/v1/programs").status_code == 401
    assert client.get("/api/v1/programs").status_code == 401, "the API takes no session cookie"
    listed = api.get("/api/v1/programs", headers={"Authorization": f"Bearer {token.group(1)}"})
    assert listed.status_code == 200 and listed.json()["total"] > 0
    assert token.group(1) not in client.get("/account").text, "the secret is shown only once"
    token_id = server.accounts.api_tokens(Viewer(alice, alice.workspace_id, alice.username))[0].id
    gone = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client)})
    assert gone.status_code == 303
    assert api.get("/api/v1/programs", headers={"Authorization": f"Bearer {token.group(1)}"}).status_code == 401


def test_an_administrator_creates_accounts_on_the_web_and_holds_no_data(services: Services) -> None:
    server = make_server(services)
    root = server.account("root", Role.ADMINISTRATOR)
    client = server.signed_in(root)
    made = client.post(
        "/admin/accounts",
        data={"username": "new-applicant", "password": PASSWORD, "role": "applicant", "csrf_token": csrf_token(client)},
    )
    assert made.status_code == 303
    assert "new-applicant" in client.get("/admin").text
    assert client.get("/programs").status_code == 403
    other = server.signed_in(server.account("bob"))
    assert other.get("/admin").status_code == 403


def test_secrets_are_stored_only_as_hashes(services: Services) -> None:
    from sqlalchemy import select

    from matchpilot.storage.tables import accounts, api_tokens, login_sessions

    server = make_server(services)
    alice = server.account("alice")
    client = server.signed_in(alice)
    token = server.accounts.create_api_token(Viewer(alice, alice.workspace_id, alice.username), "script")
    with services.database.engine.connect() as connection:
        stored = connection.execute(select(accounts.c.password_hash).where(accounts.c.id == alice.id)).scalar_one()
        tokens = connection.execute(select(api_tokens.c.token_hash).where(api_tokens.c.account_id == alice.id)).all()
        sessions = connection.execute(
            select(login_sessions.c.token_hash).where(login_sessions.c.account_id == alice.id)
        ).all()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert [row[0] for row in tokens] != [token] and all(len(row[0]) == 64 for row in tokens)
    assert client.cookies.get("mp_session") not in {row[0] for row in sessions}
