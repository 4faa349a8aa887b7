"""The consent form on the account page (share my outcomes with the cohort of this server: yes or no), and the
cohort's term on My list in plain words."""

from __future__ import annotations

from datetime import date

from matchpilot.services import Services
from matchpilot.services.chances import chances_for
from matchpilot.services.cohort import consent, set_consent
from matchpilot.services.picks import record_outcome
from matchpilot.services.predictions import keep_shown

from support.multi_user import csrf_token, make_server, post_form
from support.sheets import img_profile

PROFILE = img_profile("Web Cohort Applicant (fictional)", "pmr", "prelim")
SHEET = "\n".join(
    [
        "code,name,specialty,track,visa_j1,img_share",
        *(f"30{i:02d}340C0,Web Cohort Rehab {i} (fictional),PM&R,categorical,yes,{10 + 6 * i}" for i in range(4)),
    ]
)
GENEROUS = "3000340C0"


def _fill(workspace: Services) -> None:
    assert workspace.save_profile(PROFILE).ok
    assert workspace.import_programs_bytes((SHEET + "\n").encode(), "sheet.csv").ok


def test_an_applicant_shares_their_outcomes_and_stops_on_the_account_page(services: Services) -> None:
    server = make_server(services)
    alice = server.account("alice")
    client = server.signed_in(alice)
    page = client.get("/account")
    assert page.status_code == 200
    assert "Learning from applicants on this server" in page.text
    assert "You do not share your outcomes." in page.text
    assert 'name="consent" value="yes"' in page.text and 'for="f-cohort-yes"' in page.text

    answer = post_form(client, "/account/cohort", {"consent": "yes"})
    assert answer.status_code == 303 and answer.headers["location"] == "/account"  # type: ignore[attr-defined]
    shared = client.get("/account").text
    assert "You share your outcomes." in shared and "now join those of the other applicants" in shared
    assert consent(server.workspace(alice))

    post_form(client, "/account/cohort", {"consent": "no"})
    assert "You do not share your outcomes." in client.get("/account").text
    assert not consent(server.workspace(alice))

    wrong = post_form(client, "/account/cohort", {"consent": "maybe"})
    assert wrong.status_code == 400 and "maybe" in wrong.text and "answer yes or no" in wrong.text  # type: ignore[attr-defined]
    assert not consent(server.workspace(alice)), "nothing saved on a bad answer"


def test_an_adviser_cannot_choose_for_the_applicant(services: Services) -> None:
    from matchpilot.services.accounts import Role, Viewer

    server = make_server(services)
    alice = server.account("alice")
    carol = server.account("carol", Role.ADVISER)
    viewer = Viewer(alice, alice.workspace_id, alice.username)
    server.accounts.accept_invitation(server.accounts.invite(viewer), Viewer(carol, None, None, session_id=None))
    client = server.signed_in(carol)
    post_form(client, "/account/applicant", {"applicant": alice.username})
    assert "Learning from applicants on this server" not in client.get("/account").text
    refused = client.post("/account/cohort", data={"consent": "yes", "csrf_token": csrf_token(client, "/account")})
    assert refused.status_code == 403
    assert not consent(server.workspace(alice))


def test_my_list_says_in_plain_words_what_applicants_on_this_server_add(services: Services) -> None:
    server = make_server(services)
    members = [server.account(f"member{i}") for i in range(5)]
    workspaces = [server.workspace(m) for m in members]
    viewer = server.account("viewer")
    _fill(server.workspace(viewer))
    try:
        for workspace in workspaces:
            _fill(workspace)
            keep_shown(workspace, chances_for(workspace))
            record_outcome(workspace, GENEROUS, "invited", date(2026, 10, 1))
            set_consent(workspace, True)
        page = server.signed_in(viewer).get("/picks")
        assert page.status_code == 200
        assert "Applicants on this server" in page.text
        assert "5 applicants on this server who share their outcomes were invited more often" in page.text
        assert "log-odds" not in page.text
        assert not any(m.username in page.text for m in members)
    finally:  # the PostgreSQL schema is shared by the session's tests: leave no consenting applicant behind
        for workspace in workspaces:
            set_consent(workspace, False)
