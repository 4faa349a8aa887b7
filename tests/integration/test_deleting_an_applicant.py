"""Deleting an applicant's account (administrators: the service and ``matchpilot admin delete-user``) on both
databases: the account, its sessions and tokens, its workspace with every record, and its Practice Match Week
workspace go in one transaction (before, a practice owner was left behind with its records); other applicants
keep everything; an administrator cannot delete their own account."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from matchpilot.cli.main import app as main
from matchpilot.errors import InputError, NotFoundError
from matchpilot.services import Services
from matchpilot.services import soap_practice as practice
from matchpilot.services.accounts import Role, Viewer
from matchpilot.services.demo import load_demo
from matchpilot.services.soap import load_rules
from matchpilot.storage import owner_record_count, practice_owner_name
from matchpilot.storage.tables import accounts, owners

from support.multi_user import PASSWORD, csrf_token, make_server

RULES = load_rules().rules


def _owner(services: Services, name: str) -> int | None:
    with services.database.engine.connect() as connection:
        found = connection.execute(select(owners.c.id).where(owners.c.name == name)).scalar_one_or_none()
    return None if found is None else int(found)


def _records(services: Services, owner_id: int) -> int:
    with services.database.transaction() as session:
        return owner_record_count(session, owner_id)


def test_deleting_an_applicant_removes_their_workspace_and_their_practice(services: Services) -> None:
    server = make_server(services)
    gone, kept = server.account("gone"), server.account("kept")
    for account in (gone, kept):
        workspace = server.workspace(account)
        load_demo(workspace)
        practice.start_practice(workspace, RULES, seed=1, year=2027)
    assert gone.workspace_id is not None and kept.workspace_id is not None
    gone_practice = _owner(services, practice_owner_name(gone.workspace_id))
    assert gone_practice is not None and _records(services, gone_practice) > 0
    kept_before = _records(services, kept.workspace_id)
    browser = server.signed_in(gone)
    token = server.accounts.create_api_token(Viewer(gone, gone.workspace_id, gone.username), "script")

    removed = server.accounts.delete_account(gone.username)

    assert removed > 0
    assert _owner(services, practice_owner_name(gone.workspace_id)) is None  # left behind before
    assert _records(services, gone_practice) == 0 and _records(services, gone.workspace_id) == 0
    with services.database.engine.connect() as connection:
        ids = {int(i) for (i,) in connection.execute(select(owners.c.id))}
        left = connection.execute(
            select(func.count()).select_from(accounts).where(accounts.c.username == gone.username)
        ).scalar_one()
    assert gone.workspace_id not in ids and left == 0
    assert browser.get("/account").status_code == 303  # the session ended
    api = server.client()
    assert api.get("/api/v1/profile", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert _records(services, kept.workspace_id) == kept_before  # the other applicant keeps everything
    assert practice.practice_state(server.workspace(kept)) is not None
    with pytest.raises(NotFoundError, match="no account called"):
        server.accounts.delete_account(gone.username)


def test_an_administrator_cannot_delete_their_own_account(services: Services) -> None:
    server = make_server(services)
    admin = server.account("admin", Role.ADMINISTRATOR)
    with pytest.raises(InputError, match="cannot delete your own account"):
        server.accounts.delete_account(admin.username, by=Viewer(admin, None, None))
    assert server.accounts.viewer_of(admin.username).account.id == admin.id


def test_admin_delete_user_asks_then_deletes(tmp_path: Path) -> None:
    from matchpilot.cli import common

    url = f"sqlite:///{tmp_path}/t.db"
    common.set_database_url(url)

    def admin(*args: str, given: str | None = None) -> str:
        result = CliRunner().invoke(main, ["--db", url, "admin", *args], input=given)
        return f"{result.exit_code} " + " ".join(result.output.split())

    try:
        assert admin("create-user", "zoe", "--password-stdin", given=PASSWORD + "\n").startswith("0 ")
        assert admin("delete-user", "zoe", given="n\n").startswith("1 ")
        assert "zoe" in admin("list-users")
        done = admin("delete-user", "zoe", "--yes")
        assert done.startswith("0 ") and "Deleted zoe" in done
        assert "zoe" not in admin("list-users")
        assert admin("delete-user", "nobody", "--yes").startswith("2 ")
    finally:
        common.set_database_url(None)


def test_the_accounts_page_deletes_an_applicant_once_their_name_is_typed(services: Services) -> None:
    server = make_server(services)
    root = server.account("root", Role.ADMINISTRATOR)
    gone, kept = server.account("gone"), server.account("kept")
    for account in (gone, kept):
        workspace = server.workspace(account)
        load_demo(workspace)
        practice.start_practice(workspace, RULES, seed=1, year=2027)
    assert gone.workspace_id is not None and kept.workspace_id is not None
    gone_practice = _owner(services, practice_owner_name(gone.workspace_id))
    assert gone_practice is not None
    records = _records(services, gone.workspace_id) + _records(services, gone_practice)
    kept_before = _records(services, kept.workspace_id)
    server.accounts.create_api_token(Viewer(gone, gone.workspace_id, gone.username), "script")
    browser = server.signed_in(gone)
    admin = server.signed_in(root)

    listing = admin.get("/admin").text
    assert f'href="/admin/accounts/{gone.username}/delete"' in listing
    assert f'href="/admin/accounts/{root.username}/delete"' not in listing  # no button to delete yourself
    asked = admin.get(f"/admin/accounts/{gone.username}/delete")
    assert asked.status_code == 200
    assert f"({records})" in asked.text and "API tokens (1)" in asked.text
    assert f"Type the username <strong>{gone.username}</strong> to confirm" in asked.text

    token = csrf_token(admin, f"/admin/accounts/{gone.username}/delete")
    wrong = admin.post(f"/admin/accounts/{gone.username}/delete", data={"confirm": "someone", "csrf_token": token})
    assert wrong.status_code == 400 and "Nothing was deleted" in wrong.text and "someone" in wrong.text
    assert server.accounts.viewer_of(gone.username).account.id == gone.id
    assert _records(services, gone.workspace_id) + _records(services, gone_practice) == records

    done = admin.post(
        f"/admin/accounts/{gone.username}/delete", data={"confirm": f" {gone.username.upper()} ", "csrf_token": token}
    )
    assert done.status_code == 303 and done.headers["location"] == "/admin"
    said = " ".join(admin.get("/admin").text.split())
    assert f"Deleted {gone.username} (applicant) for good: signed out everywhere, 1 API token revoked" in said
    assert f"Practice Match Week workspace deleted ({records} records)" in said
    with pytest.raises(NotFoundError):
        server.accounts.viewer_of(gone.username)
    assert _records(services, gone.workspace_id) == 0 and _records(services, gone_practice) == 0
    assert _owner(services, practice_owner_name(gone.workspace_id)) is None
    assert browser.get("/account").status_code == 303  # their session ended
    assert _records(services, kept.workspace_id) == kept_before
    assert admin.get(f"/admin/accounts/{gone.username}/delete").status_code == 404


def test_the_accounts_page_refuses_to_delete_your_own_account(services: Services) -> None:
    server = make_server(services)
    root = server.account("root", Role.ADMINISTRATOR)
    other = server.account("other", Role.ADMINISTRATOR)
    admin = server.signed_in(root)
    disabled = admin.post(f"/admin/accounts/{other.username}/disable", data={"csrf_token": csrf_token(admin, "/admin")})
    assert disabled.status_code == 200  # the page a form answers with offers no Delete beside yourself either
    assert f'href="/admin/accounts/{other.username}/delete"' in disabled.text
    assert f'href="/admin/accounts/{root.username}/delete"' not in disabled.text
    admin.post(f"/admin/accounts/{other.username}/enable", data={"csrf_token": csrf_token(admin, "/admin")})
    asked = admin.get(f"/admin/accounts/{root.username}/delete")
    assert asked.status_code == 400 and "you cannot delete your own account" in asked.text
    token = csrf_token(admin, "/admin")
    answer = admin.post(f"/admin/accounts/{root.username}/delete", data={"confirm": root.username, "csrf_token": token})
    assert answer.status_code == 400 and "you cannot delete your own account" in answer.text
    assert server.accounts.viewer_of(root.username).account.id == root.id
    assert admin.get("/admin").status_code == 200


def test_the_last_active_administrator_cannot_be_deleted(services: Services) -> None:
    server = make_server(services)
    admins = [a for a in server.accounts.accounts() if a.role is Role.ADMINISTRATOR and not a.disabled]
    last = server.account("last", Role.ADMINISTRATOR)
    for other in admins:  # the PostgreSQL schema is shared between tests: leave one active administrator
        server.accounts.set_disabled(other.username, True)
    try:
        sleeping = server.account("sleeping", Role.ADMINISTRATOR)
        server.accounts.set_disabled(sleeping.username, True)
        with pytest.raises(InputError, match="last active administrator"):
            server.accounts.delete_account(last.username)
        assert server.accounts.viewer_of(last.username).account.id == last.id
        assert server.accounts.delete_account(sleeping.username) == 0  # a disabled one can go
    finally:
        for other in admins:
            server.accounts.set_disabled(other.username, False)


def test_the_last_active_administrator_cannot_be_disabled(services: Services) -> None:
    server = make_server(services)
    admins = [a for a in server.accounts.accounts() if a.role is Role.ADMINISTRATOR and not a.disabled]
    last = server.account("alone", Role.ADMINISTRATOR)
    for other in admins:  # the PostgreSQL schema is shared between tests: leave one active administrator
        server.accounts.set_disabled(other.username, True)
    try:
        with pytest.raises(InputError, match="last active administrator"):
            server.accounts.set_disabled(last.username, True)
        assert not server.accounts.viewer_of(last.username).account.disabled
        helper = server.account("helper", Role.ADMINISTRATOR)  # with a second one, either may be disabled
        server.accounts.set_disabled(last.username, True)
        server.accounts.set_disabled(last.username, False)
        server.accounts.set_disabled(helper.username, True)
    finally:
        for other in admins:
            server.accounts.set_disabled(other.username, False)
