"""The isolation matrix of multi-user mode, generated from the app's route table: a route added later is checked
without anyone remembering to list it.

For every route and method of the app (pages, form targets, the JSON API):

- a second applicant (Bob) asks with the first applicant's (Alice's) identifiers in the path, the form, the query or
  the JSON body. A path naming a record answers 404; a form naming a record answers 404 unless the route is listed
  in ``NOT_404`` with the reason; nothing answers with a server error or shows any of Alice's private
  text; and afterwards every row Alice owns, in every owned table, is exactly as before;
- Alice's adviser (who views Alice's workspace) is refused (403) on every route that changes data, except the few
  an adviser may use (``ADVISER_MAY_POST``), and Alice's rows stay the same;
- nobody signed in is sent to the sign-in page (pages) or answered 401 (API).

A new path parameter must be classified in ``PATH_VALUES`` (the test fails until it is), and a new form target
must answer 404 for another owner's record or be listed in ``NOT_404``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import select

from matchpilot.domain import ProgramQuery
from matchpilot.letters.materials import LetterPlan
from matchpilot.services import Services
from matchpilot.services.accounts import Account, Role, Viewer
from matchpilot.services.chances import chances_for
from matchpilot.services.demo import load_demo
from matchpilot.services.evidence import import_lca
from matchpilot.services.letters import record_message
from matchpilot.services.materials import add_experience, add_letter
from matchpilot.services.picks import record_outcome
from matchpilot.services.predictions import keep_shown
from matchpilot.services.rank_lists import add_couple_pair, set_couple_partner
from matchpilot.storage.tables import metadata

from support.db import TODAY
from support.lca import sample_cases, write_csv
from support.multi_user import Server, make_server

PUBLIC: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/login"),
        ("POST", "/login"),
        ("POST", "/logout"),
        ("GET", "/invite/{token}"),  # the token itself is the secret; tested in test_multi_user_web.py
        ("POST", "/invite/{token}"),
        ("GET", "/api/v1/openapi.json"),
    }
)
"""Routes anyone may reach without signing in."""

PATH_VALUES = {"code": "record", "token_id": "record", "invitation_id": "record", "kind": "csv", "username": "someone"}
PATH_VALUES |= {"experience_id": "record", "letter_id": "record", "variant": "pmr"}
"""How to fill each path parameter: ``record`` (Alice's record: the answer must be 404) or a plain value."""

NOT_404: dict[tuple[str, str], tuple[frozenset[int] | None, str]] = {
    ("POST", "/programs/import"): (None, "imports an uploaded file into the caller's own sheet"),
    ("POST", "/evidence/import"): (None, "imports an uploaded LCA file into the caller's own evidence"),
    ("POST", "/evidence/links/link"): (None, "links an employer of the caller's own evidence (names, not records)"),
    ("POST", "/evidence/links/accept-sure"): (None, "accepts the caller's own suggested links"),
    ("POST", "/evidence/links/unlink"): (None, "unlinks an employer of the caller's own evidence (a name)"),
    ("POST", "/profile"): (None, "saves the caller's own profile"),
    ("POST", "/demo"): (None, "loads the fictional demo into the caller's own empty sheet"),
    ("POST", "/sheet/upload"): (None, "previews an uploaded file"),
    ("POST", "/sheet/mapping"): (None, "previews or imports a carried file into the caller's sheet"),
    ("POST", "/sheet/merge"): (None, "plans a merge of an uploaded file"),
    ("POST", "/sheet/merge/apply"): (None, "merges a carried file into the caller's sheet"),
    ("POST", "/match-week/unfilled"): (None, "imports an uploaded unfilled list"),
    ("POST", "/match-week/unfilled/demo"): (None, "imports the fictional unfilled list"),
    ("POST", "/match-week/applications/from-plan"): (None, "stores the caller's own plan's applications"),
    ("POST", "/match-week/unfilled/mapping"): (None, "maps a carried file into the caller's own unfilled list"),
    ("POST", "/match-week/facts"): (None, "stores the caller's own answers to eligibility (names no record)"),
    ("POST", "/match-week/offers/worths"): (None, "stores the caller's own worths per kind of position (no record)"),
    ("POST", "/match-week/checklist"): (None, "ticks the caller's own readiness checklist (item ids, no record)"),
    ("POST", "/rank-list/add"): (None, "puts a code on the caller's own list (a code, not a record)"),
    ("POST", "/rank-list/certify"): (None, "records the day the caller's own list was certified (names no record)"),
    ("POST", "/sheet/add"): (None, "adds a program to the caller's own sheet (problems shown by their fields)"),
    ("POST", "/sheet/clear-demo"): (None, "clears the fictional demo data of the caller's own workspace"),
    ("POST", "/rank-list/pgy1"): (None, "sets a flag of the caller's own list"),
    ("POST", "/rank-list/couple/partner"): (None, "records the partner on the caller's own couple's list"),
    ("POST", "/rank-list/couple/add"): (None, "puts a pair of codes on the caller's own couple's list (not records)"),
    ("POST", "/match-simulator"): (None, "runs an uploaded or generated market"),
    ("POST", "/compose/lint"): (None, "lints text against the caller's own log"),
    ("POST", "/compose/received"): (None, "checks pasted text; reads no record"),
    ("POST", "/account/invite"): (None, "makes the caller's own invitation"),
    ("POST", "/account/tokens"): (None, "makes the caller's own API token"),
    ("POST", "/account/cohort"): (None, "records the caller's own consent to pool their outcomes (names no record)"),
    ("POST", "/account/applicant"): (frozenset({403}), "only advisers choose an applicant"),
    ("POST", "/admin/accounts"): (frozenset({403}), "only administrators create accounts"),
    ("POST", "/admin/accounts/{username}/disable"): (frozenset({403}), "only administrators disable accounts"),
    ("POST", "/admin/accounts/{username}/enable"): (frozenset({403}), "only administrators enable accounts"),
    ("POST", "/admin/accounts/{username}/delete"): (frozenset({403}), "only administrators delete accounts"),
    ("PUT", "/api/v1/profile"): (None, "saves the caller's own profile"),
    ("POST", "/api/v1/match/run"): (None, "runs the instance sent"),
    ("POST", "/materials/statements/{variant}"): (None, "saves the caller's own statement variant (not a record)"),
    ("POST", "/materials/experiences/new"): (None, "adds an experience entry to the caller's own materials"),
    ("POST", "/materials/letters/new"): (None, "plans a letter in the caller's own materials"),
    ("POST", "/match-week/practice/start"): (None, "starts the caller's own practice (a separate practice workspace)"),
    ("POST", "/match-week/practice/clock"): (None, "sets the clock of the caller's own practice (a moment, no record)"),
    ("POST", "/match-week/practice/plan"): (None, "saves a plan in the caller's own practice (fictional list)"),
    ("POST", "/match-week/practice/offers"): (None, "answers an offer of the caller's own practice (fictional codes)"),
    ("POST", "/match-week/practice/reset"): (None, "clears the caller's own practice workspace"),
}
"""Form targets that do not answer 404 for another owner's record (they name none, or show the problem next to the
form's field), with the statuses allowed (None: any but a server error) and why."""

ADVISER_MAY_POST = frozenset(
    {
        ("POST", "/comments"),
        ("POST", "/account/applicant"),
        ("POST", "/account/tokens"),
        ("POST", "/account/tokens/{token_id}/revoke"),
        ("POST", "/api/v1/letters/lint"),
        ("POST", "/api/v1/match/run"),
    }
)
"""Unsafe routes an adviser may use: comments, their own account, and the read-only API computations."""

JSON_FORMS = frozenset({("POST", "/compose/lint")})
"""Page routes that take JSON (a script's request) rather than a form."""

MARKERS = (
    "Alice Marker Rehabilitation",
    "alice-private-note",
    "alice-letter-secret",
    "alice-comment-secret",
    "alice-partner-secret",
    "alice-evidence-secret",
    "alice-experience-secret",
    "alice-recommender-secret",
)
"""Text only Alice's workspace holds: no answer to anyone else may contain it."""

MARKER_SHEET = (
    "code,name,institution,city,state,specialty,track,positions,visa_j1,notes,source,checked_on\n"
    "8888340C0,Alice Marker Rehabilitation (fictional),Marker Health,Lakeview,NY,PM&R,categorical,4,yes,"
    "alice-private-note,program website,2026-03-01\n"
)

BOB_OWN_SHEET = "code,name,specialty,track,source\n7777340C0,Bob's Own Rehabilitation,PM&R,categorical,website\n"

COUPLE_RANK = "3"
"""The rank of a pair that Alice's couple's list holds and Bob's never does (his has at most the one pair that
``/rank-list/couple/add`` puts on it), so moving or removing it must answer 404 to him."""

_PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def route_table(server: Server) -> Iterator[tuple[str, str]]:
    """Every (method, path template) of the app, included routers' routes too, HEAD left out."""
    for route in iter_route_contexts(server.app.routes):
        if isinstance(route.original_route, APIRoute) and route.path:
            for method in sorted((route.methods or set()) - {"HEAD"}):
                yield method, route.path


@dataclass
class World:
    """Alice (with data), Bob (another applicant), Carol (Alice's adviser) and their clients."""

    server: Server
    alice: Account
    bob: Account
    carol: Account
    alice_codes: list[str]
    alice_token_id: int
    alice_invitation_id: int
    alice_records: dict[str, int]
    bob_api: str
    carol_api: str


def owned_rows(services: Services, owner_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row ``owner_id`` has in every owned table."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with services.database.engine.connect() as connection:
        for table in metadata.sorted_tables:
            if "owner_id" in table.c and table.name != "owners":
                rows = connection.execute(select(table).where(table.c.owner_id == owner_id)).all()
                found[table.name] = sorted((tuple(str(v) for v in row) for row in rows), key=str)
    return found


@pytest.fixture
def world(services: Services, tmp_path: Path) -> World:
    server = make_server(services)
    alice, bob = server.account("alice"), server.account("bob")
    carol = server.account("carol", Role.ADVISER)
    mine = server.workspace(alice)
    load_demo(mine)
    assert mine.import_programs_bytes(MARKER_SHEET.encode(), "marker.csv").ok
    codes = ["8888340C0"] + [p.code for p in mine.list_programs(ProgramQuery(per_page=None)).programs]
    keep_shown(mine, chances_for(mine))  # chances shown before the outcome: Alice's /picks/report scores it
    record_outcome(mine, codes[1], "interview")
    record_message(mine, codes[1], "other", "alice-letter-secret: thank you", sent_on=TODAY)
    set_couple_partner(mine, "Sam alice-partner-secret", "N-ALICE")  # a couple's list with 3 pairs (COUPLE_RANK)
    for pair in ((codes[0], "2001140C0"), ("none", "2002140C0"), (codes[1], "none")):
        add_couple_pair(mine, *pair)
    lca = write_csv(tmp_path / "alice-evidence-secret.csv", sample_cases())
    with lca.open("rb") as handle:
        import_lca(mine, handle, lca.name, accept_sure=True)
    viewer = Viewer(alice, alice.workspace_id, alice.username)
    server.accounts.add_comment(viewer, codes[1], "alice-comment-secret")
    server.accounts.create_api_token(viewer, "alice-script")
    token_id = server.accounts.api_tokens(viewer)[0].id
    server.accounts.accept_invitation(server.accounts.invite(viewer), Viewer(carol, None, None, session_id=None))
    server.accounts.invite(viewer)  # an open invitation of Alice's, for the routes that name one
    invitation_id = server.accounts.open_invitations(viewer)[0].id
    theirs = server.workspace(bob)
    load_demo(theirs, seed=99)  # Bob has data of his own, so routes get past "empty"
    # and a program of his own, so clearing his demo (/sheet/clear-demo) leaves his sheet not empty: /demo then
    # loads nothing (it would load the default demo, whose codes are Alice's)
    assert theirs.import_programs_bytes(BOB_OWN_SHEET.encode(), "bob.csv").ok
    bobs = {p.code for p in theirs.list_programs(ProgramQuery(per_page=None)).programs}
    codes = [code for code in codes if code not in bobs]  # only codes that are Alice's alone
    bob_api = server.accounts.create_api_token(Viewer(bob, bob.workspace_id, bob.username), "bob-script")
    carol_api = server.accounts.create_api_token(Viewer(carol, alice.workspace_id, alice.username), "carol-script")
    records = {
        "experience_id": add_experience(mine, "alice-experience-secret", "", "Team rounds on function.").id,
        "letter_id": add_letter(mine, LetterPlan("Dr. alice-recommender-secret", "PM&R")).id,
    }
    return World(server, alice, bob, carol, codes, token_id, invitation_id, records, bob_api, carol_api)


def _fill(path: str, world: World, code: str) -> tuple[str, bool]:
    """The path with Alice's identifiers in it, and whether it names one of her records."""
    names_record = False

    def value(found: re.Match[str]) -> str:
        nonlocal names_record
        name = found.group(1)
        kind = PATH_VALUES.get(name)
        if kind is None:
            raise AssertionError(f"{path}: classify the path parameter {name!r} in PATH_VALUES")
        if kind != "record":
            return kind
        names_record = True
        if name == "invitation_id":
            return str(world.alice_invitation_id)
        if name in world.alice_records:
            return str(world.alice_records[name])
        return str(world.alice_token_id) if name == "token_id" else code

    return _PARAM.sub(value, path), names_record


def _form(world: World, code: str) -> dict[str, str]:
    """A form naming Alice's records in every field a route reads a record from."""
    return {
        "code": code,
        "program": code,
        "advanced": code,
        "codes": code,
        "typed": code,
        "subject": code,
        "column": "visa_j1",
        "choice": "theirs",
        "outcome": "interview",
        "to": "1",
        "at": "1",
        "kind": "other",
        "text": "bob writes",
        "action": "save",
        "confirm": "on",
        "send_on": TODAY.isoformat(),
        "status": "accepted",
        "round": "1",
        "deadline": "2027-03-17T12:00",
        "applicant": world.alice.username,
        "adviser": world.carol.username,
        "name": "a token",
        "held": "yes",
        "mine": code,
        "partner": code,
        "rank": COUPLE_RANK,
    }


def _ask(client: Any, method: str, template: str, world: World, code: str, api_token: str) -> Any:
    path, _ = _fill(template, world, code)
    if path.startswith("/api/"):
        headers = {"Authorization": f"Bearer {api_token}"}
        if method == "GET":
            return client.get(path, headers=headers, params={"plan": "default"})
        body = {"text": "bob writes", "program": code, "kind": "other"}
        return client.request(method, path, headers=headers, json=body)
    if method == "GET":
        return client.get(path, params={"program": code, "subject": code})
    token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', client.get("/account").text)
    assert token, "no CSRF token on the account page"
    if (method, template) in JSON_FORMS:
        headers = {"X-CSRF-Token": token.group(1)}
        return client.request(method, path, headers=headers, json={"text": "bob", "program": code, "kind": "other"})
    return client.request(method, path, data={**_form(world, code), "csrf_token": token.group(1)})


def _leaks(text: str) -> list[str]:
    return [marker for marker in MARKERS if marker in text]


def test_the_markers_are_visible_to_their_owner(world: World) -> None:
    """The leak checks below mean something: Alice herself sees every marker on some page."""
    alice = world.server.signed_in(world.alice)
    code = world.alice_codes[1]
    pages = [
        "/programs/8888340C0",
        "/comments",
        f"/programs/{code}",
        f"/compose?program={code}",
        "/rank-list/couple",
        "/evidence",
        "/materials",
    ]
    seen = "".join(alice.get(page).text for page in pages)
    assert [marker for marker in MARKERS if marker not in seen] == []


def test_the_chances_report_scores_only_the_viewers_own_predictions(world: World) -> None:
    """/picks/report (no path or form parameter, so the matrix below reaches it as a plain GET): Alice's report
    scores her recorded outcome against the chance she was shown; Bob's, over his own empty records, scores none."""
    alice = world.server.signed_in(world.alice).get("/picks/report")
    assert alice.status_code == 200 and 'id="scored-outcomes"' in alice.text
    bob = world.server.signed_in(world.bob).get("/picks/report")
    assert bob.status_code == 200 and 'id="scored-outcomes"' not in bob.text
    assert "No prediction can be scored yet" in bob.text


def test_another_applicant_gets_404_for_every_record_and_sees_nothing(world: World, services: Services) -> None:
    server = world.server
    before = owned_rows(services, world.alice.workspace_id or 0)
    bob = server.signed_in(world.bob)
    failures: list[str] = []
    checked = 0
    for index, (method, template) in enumerate(route_table(server)):
        if (method, template) in PUBLIC:
            continue
        code = world.alice_codes[index % len(world.alice_codes)]
        _, names_record = _fill(template, world, code)
        answer = _ask(bob, method, template, world, code, world.bob_api)
        checked += 1
        where = f"{method} {template} -> {answer.status_code}"
        if answer.status_code >= 500:
            failures.append(f"{where}: server error")
        if (leaked := _leaks(answer.text)) and answer.status_code < 400:
            failures.append(f"{where}: shows Alice's {leaked}")
        if answer.status_code in (302, 303, 307) and "/login" in answer.headers.get("location", ""):
            failures.append(f"{where}: sent a signed-in user to the sign-in page")
        if names_record:
            if answer.status_code != 404:
                failures.append(f"{where}: another owner's record must be 404")
        elif method != "GET":
            allowed, _ = NOT_404.get((method, template), (frozenset({404}), ""))
            if allowed is not None and answer.status_code not in allowed:
                failures.append(f"{where}: expected {sorted(allowed)} (list it in NOT_404 if it names none)")
    assert checked >= 40, f"only {checked} routes checked: is the route table complete?"
    assert failures == [], "\n".join(failures)
    assert owned_rows(services, world.alice.workspace_id or 0) == before, "Bob's requests changed Alice's data"


def test_an_adviser_reads_the_applicant_but_changes_nothing(world: World, services: Services) -> None:
    server = world.server
    before = owned_rows(services, world.alice.workspace_id or 0)
    carol = server.signed_in(world.carol)
    page = carol.get(f"/programs/{world.alice_codes[0]}")
    assert page.status_code == 200 and "Alice Marker Rehabilitation" in page.text, "the adviser reads Alice's sheet"
    failures: list[str] = []
    for index, (method, template) in enumerate(route_table(server)):
        if method == "GET" or (method, template) in PUBLIC or (method, template) in ADVISER_MAY_POST:
            continue
        code = world.alice_codes[index % len(world.alice_codes)]
        answer = _ask(carol, method, template, world, code, world.carol_api)
        if answer.status_code != 403:
            failures.append(f"{method} {template} -> {answer.status_code}: an adviser must be refused (403)")
    assert failures == [], "\n".join(failures)
    assert owned_rows(services, world.alice.workspace_id or 0) == before, "the adviser changed Alice's data"


def test_an_adviser_not_invited_cannot_choose_the_applicant(world: World) -> None:
    server = world.server
    dave = server.account("dave", Role.ADVISER)
    client = server.signed_in(dave)
    assert client.get("/programs").status_code == 403, "an adviser without an applicant views nothing"
    token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', client.get("/account").text)
    assert token
    chosen = client.post("/account/applicant", data={"applicant": world.alice.username, "csrf_token": token[1]})
    assert chosen.status_code == 404
    assert client.get(f"/programs/{world.alice_codes[0]}").status_code == 403


def test_nobody_signed_in_reaches_only_the_sign_in_page(world: World) -> None:
    server = world.server
    anonymous = server.client()
    token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', anonymous.get("/login").text)
    assert token
    failures: list[str] = []
    for method, template in route_table(server):
        if (method, template) in PUBLIC:
            continue
        path, _ = _fill(template, world, world.alice_codes[0])
        data = None if method == "GET" or path.startswith("/api/") else {"csrf_token": token[1]}
        answer = anonymous.request(method, path, data=data)
        if path.startswith("/api/"):
            ok = answer.status_code == 401 and answer.headers.get("www-authenticate") == "Bearer"
        else:
            ok = answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
        if not ok or _leaks(answer.text):
            failures.append(f"{method} {template} -> {answer.status_code}")
    assert failures == [], "\n".join(failures)
