"""What an administrator and an applicant control on a multi-user server: a password reset or a disabled account
revokes sessions and API tokens, tokens that expire, open invitations listed and cancelled, and a password policy
beyond length (common passwords, only spaces, the username) — through the pages, the services and the CLI."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from matchpilot.errors import AuthenticationError, InputError, NotFoundError
from matchpilot.services import Services
from matchpilot.services.accounts import Role, Viewer, password_problem

from support.multi_user import PASSWORD, csrf_token, make_server

NEW_PASSWORD = "a brand new passphrase for erin"


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


def flat(result: Result) -> str:
    """The output of a command with its lines joined (Rich wraps at the terminal's width)."""
    return " ".join(result.output.split())


def own(account: object) -> Viewer:
    from matchpilot.services.accounts import Account

    assert isinstance(account, Account)
    return Viewer(account, account.workspace_id, account.username)


def test_a_password_reset_revokes_the_accounts_api_tokens(services: Services) -> None:
    server = make_server(services)
    erin = server.account("erin")
    token = server.accounts.create_api_token(own(erin), "script")
    api = server.client()
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/profile", headers=headers).status_code in (200, 404)
    browser = server.signed_in(erin)
    server.accounts.set_password(erin.username, NEW_PASSWORD)
    assert api.get("/api/v1/profile", headers=headers).status_code == 401, "the old token must stop working"
    assert browser.get("/account").status_code == 303, "the old session must end"
    assert server.accounts.api_tokens(own(erin)) == []


def test_a_token_with_an_end_stops_working_then(services: Services) -> None:
    clock = Clock()
    server = make_server(services, now=clock)
    erin = server.account("erin")
    token = server.accounts.create_api_token(own(erin), "for a week", expires_in_days=7)
    listed = server.accounts.api_tokens(own(erin))
    assert [t.expires_at for t in listed] == [clock.moment + timedelta(days=7)]
    headers = {"Authorization": f"Bearer {token}"}
    api = server.client()
    clock.moment += timedelta(days=6, hours=23)
    assert api.get("/api/v1/profile", headers=headers).status_code in (200, 404)
    clock.moment += timedelta(hours=1)
    answer = api.get("/api/v1/profile", headers=headers)
    assert answer.status_code == 401 and "expired" in answer.json()["detail"]
    with pytest.raises(InputError, match="1 to 3,650 days"):
        server.accounts.create_api_token(own(erin), "too long", expires_in_days=4000)


def test_the_account_page_makes_a_token_with_an_end_and_shows_it(services: Services) -> None:
    server = make_server(services)
    erin = server.account("erin")
    client = server.signed_in(erin)
    made = client.post(
        "/account/tokens",
        data={"name": "nightly", "expires_in_days": "30", "csrf_token": csrf_token(client, "/account")},
    )
    assert made.status_code == 200 and "works for 30 days" in made.text
    ends = server.accounts.api_tokens(own(erin))[0].expires_at
    assert ends is not None and f"{ends:%Y-%m-%d %H:%M} UTC" in client.get("/account").text
    bad = client.post(
        "/account/tokens", data={"name": "x", "expires_in_days": "soon", "csrf_token": csrf_token(client, "/account")}
    )
    assert bad.status_code == 400 and "soon" in bad.text


def test_a_disabled_account_cannot_sign_in_nor_use_its_tokens_until_enabled(services: Services) -> None:
    server = make_server(services)
    erin = server.account("erin")
    admin = server.account("root", Role.ADMINISTRATOR)
    token = server.accounts.create_api_token(own(erin), "script")
    browser = server.signed_in(erin)
    root = server.signed_in(admin)
    answer = root.post(f"/admin/accounts/{erin.username}/disable", data={"csrf_token": csrf_token(root, "/admin")})
    assert answer.status_code == 200 and "1 API token revoked" in answer.text
    assert re.search(rf"{erin.username}</td><td>applicant</td><td>disabled", answer.text)
    assert browser.get("/account").status_code == 303, "the session ended"
    api = server.client().get("/api/v1/profile", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401
    with pytest.raises(AuthenticationError, match="disabled"):
        server.accounts.sign_in(erin.username, PASSWORD, "10.1.1.1")
    client = server.client()
    page = client.post(
        "/login", data={"username": erin.username, "password": PASSWORD, "csrf_token": csrf_token(client)}
    )
    assert page.status_code == 401 and "disabled" in page.text
    again = root.post(f"/admin/accounts/{erin.username}/enable", data={"csrf_token": csrf_token(root, "/admin")})
    assert again.status_code == 200 and "Enabled" in again.text
    assert server.signed_in(erin).get("/account").status_code == 200
    assert server.client().get("/api/v1/profile", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_an_administrator_cannot_disable_their_own_account_in_the_web_app(services: Services) -> None:
    server = make_server(services)
    admin = server.account("root", Role.ADMINISTRATOR)
    root = server.signed_in(admin)
    answer = root.post(f"/admin/accounts/{admin.username}/disable", data={"csrf_token": csrf_token(root, "/admin")})
    assert answer.status_code == 400 and "your own account" in answer.text
    assert root.get("/admin").status_code == 200


def test_an_applicant_lists_and_cancels_open_invitations(services: Services) -> None:
    server = make_server(services)
    erin = server.account("erin")
    adviser = server.account("adv", Role.ADVISER)
    client = server.signed_in(erin)
    made = client.post("/account/invite", data={"csrf_token": csrf_token(client, "/account")})
    link = re.search(r"/invite/([A-Za-z0-9_-]+)", made.text)
    assert link
    used = server.accounts.invite(own(erin))
    server.accounts.accept_invitation(used, Viewer(adviser, None, None))
    listed = server.accounts.open_invitations(own(erin))
    assert len(listed) == 1, "a used invitation is not open"
    page = client.get("/account")
    assert f"/account/invitations/{listed[0].id}/cancel" in page.text
    cancelled = client.post(
        f"/account/invitations/{listed[0].id}/cancel", data={"csrf_token": csrf_token(client, "/account")}
    )
    assert cancelled.status_code == 200 and "no longer works" in cancelled.text
    assert server.accounts.open_invitations(own(erin)) == []
    assert server.client().get(f"/invite/{link.group(1)}").status_code == 404
    with pytest.raises(NotFoundError):
        server.accounts.cancel_invitation(own(erin), listed[0].id)


def test_an_invitation_used_meanwhile_leaves_no_new_account_behind(services: Services) -> None:
    server = make_server(services)
    erin = server.account("erin")
    adviser = server.account("adv", Role.ADVISER)
    token = server.accounts.invite(own(erin))
    original = server.accounts.invitation_from

    def then_taken(secret: str) -> str:  # another adviser accepts between the check and the acceptance
        found = original(secret)
        server.accounts.accept_invitation(secret, Viewer(adviser, None, None))
        return found

    server.accounts.invitation_from = then_taken  # type: ignore[method-assign]
    with pytest.raises(NotFoundError):
        server.accounts.accept_invitation_as_new(token, "late-adviser", PASSWORD)
    assert "late-adviser" not in [a.username for a in server.accounts.accounts()]


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        (" " * 12, "only spaces"),
        ("password1234", "too easy to guess"),
        ("qwertyuiop123", "too easy to guess"),
        ("aaaaaaaaaaaa", "too easy to guess"),
        ("short", "at least 12"),
        ("x" * 1025, "at most 1,024"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    problem = password_problem(password, "erin")
    assert problem is not None and reason in problem


def test_a_password_equal_to_the_username_is_refused_and_a_passphrase_accepted(services: Services) -> None:
    server = make_server(services)
    with pytest.raises(InputError, match="cannot be the username"):
        server.accounts.create_account("erin.long.name", "Erin.Long.Name", Role.APPLICANT)
    with pytest.raises(InputError, match="cannot be the username"):
        server.accounts.create_account("erin.long.name@example.org", "erin.long.name@example.org ", "applicant")
    assert password_problem(PASSWORD, "erin") is None
    assert password_problem(NEW_PASSWORD, "erin") is None


def test_the_admin_form_shows_why_a_password_is_refused(services: Services) -> None:
    server = make_server(services)
    root = server.signed_in(server.account("root", Role.ADMINISTRATOR))
    data = {"username": "newbie", "password": "password1234", "role": "applicant"}
    answer = root.post("/admin/accounts", data={**data, "csrf_token": csrf_token(root, "/admin")})
    assert answer.status_code == 400 and "too easy to guess" in answer.text


def test_the_admin_command_disables_enables_and_lists_tokens_and_invitations(tmp_path: Path) -> None:
    from matchpilot.bootstrap import build_account_services
    from matchpilot.cli import common
    from matchpilot.cli.main import app as main

    url = f"sqlite:///{tmp_path}/t.db"
    common.set_database_url(url)

    def admin(*args: str, given: str | None = None) -> Result:
        return CliRunner().invoke(main, ["--db", url, "admin", *args], input=given)

    try:
        made = admin("create-user", "erin", "--password-stdin", given=PASSWORD + "\n")
        assert made.exit_code == 0, made.output
        weak = admin("create-user", "weak", "--password-stdin", given="password1234\n")
        assert weak.exit_code == 2 and "too easy to guess" in flat(weak)
        token = admin("create-token", "erin", "nightly", "--expires-in", "30")
        assert token.exit_code == 0, token.output
        assert re.search(r"^mp_\S+$", token.output, re.MULTILINE)
        listed = admin("tokens", "erin")
        assert listed.exit_code == 0 and "nightly" in flat(listed) and "ends 20" in flat(listed)
        accounts = build_account_services(common.get_services())
        accounts.invite(accounts.viewer_of("erin"))
        invitations = admin("invitations", "erin")
        found = re.search(r"^(\d+)\s+made", invitations.output, re.MULTILINE)
        assert invitations.exit_code == 0 and found, invitations.output
        cancelled = admin("cancel-invitation", "erin", found.group(1))
        assert cancelled.exit_code == 0 and "Cancelled" in flat(cancelled)
        again = admin("cancel-invitation", "erin", found.group(1))
        assert again.exit_code == 2 and "no open invitation" in flat(again)
        disabled = admin("disable", "erin")
        assert disabled.exit_code == 0 and "1 API token(s) revoked" in flat(disabled)
        assert re.search(r"erin\s+applicant\s+disabled", admin("list-users").output)
        with pytest.raises(AuthenticationError):
            accounts.sign_in("erin", PASSWORD, "10.2.2.2")
        assert admin("enable", "erin").exit_code == 0
        assert accounts.sign_in("erin", PASSWORD, "10.2.2.2").account.username == "erin"
        reset = admin("set-password", "erin", "--password-stdin", given=NEW_PASSWORD + "\n")
        assert reset.exit_code == 0 and "sessions have ended" in flat(reset)
        assert admin("disable", "nobody").exit_code == 2
    finally:
        common.set_database_url(None)
