"""The account and administration pages show notices only from the app, never text from a link (issue 19,
finding 17): ``/account?message=...`` used to print whatever the link said, a ready-made fake notice."""

from __future__ import annotations

import base64

from matchpilot.services import Services
from matchpilot.services.accounts import Role, Viewer
from matchpilot.web.notices import NOTICE_COOKIE

from support.multi_user import make_server, post_form

FAKE = "Your account is suspended: call +1 555 0100 with your password"


def test_a_link_cannot_put_a_notice_on_the_account_or_admin_page(services: Services) -> None:
    server = make_server(services)
    applicant = server.signed_in(server.account("ann"))
    admin = server.signed_in(server.account("root", Role.ADMINISTRATOR))
    for client, page in ((applicant, "/account"), (admin, "/admin")):
        for name in ("message", "notice", "flash"):
            answer = client.get(page, params={name: FAKE})
            assert answer.status_code == 200
            assert "suspended" not in answer.text
            assert "555 0100" not in answer.text


def test_what_a_form_did_is_shown_once_on_the_next_page(services: Services) -> None:
    server = make_server(services)
    account = server.account("ann")
    client = server.signed_in(account)
    viewer = Viewer(account, account.workspace_id, account.username)
    server.accounts.create_api_token(viewer, "laptop")
    token_id = server.accounts.api_tokens(viewer)[0].id
    answer = post_form(client, f"/account/tokens/{token_id}/revoke", {})
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert answer.headers["location"] == "/account"  # type: ignore[attr-defined]
    shown = client.get("/account")
    assert "The token was revoked." in shown.text
    again = client.get("/account")
    assert "The token was revoked." not in again.text


def test_a_notice_cookie_the_app_did_not_sign_is_ignored(services: Services) -> None:
    server = make_server(services)
    client = server.signed_in(server.account("ann"))
    forged = base64.urlsafe_b64encode(FAKE.encode()).decode() + "." + "0" * 64
    client.cookies.set(NOTICE_COOKIE, forged, domain="testserver")
    assert "suspended" not in client.get("/account").text


def test_an_administrator_sees_the_account_they_created(services: Services) -> None:
    server = make_server(services)
    admin = server.signed_in(server.account("root", Role.ADMINISTRATOR))
    made = post_form(
        admin,
        "/admin/accounts",
        {"username": "newcomer-1", "password": "a long enough passphrase 42", "role": "applicant"},
        page="/admin",
    )
    assert made.headers["location"] == "/admin"  # type: ignore[attr-defined]
    assert "Created newcomer-1 (applicant)." in admin.get("/admin").text
