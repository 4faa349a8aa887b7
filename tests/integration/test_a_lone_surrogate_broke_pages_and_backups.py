"""Issue 19, finding 8: ``{"name": "x\\ud800"}`` to ``PUT /api/v1/profile`` answered 500 but was stored; then the
home page, the profile page, the Match Week cheat sheet and ``GET /api/v1/profile`` answered 500 on both databases,
and ``backup --all`` crashed with a traceback. Now the text is refused at the edge (400 naming the field, nothing
stored, every page still 200), and a backup names such a record instead of crashing. On SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from matchpilot.domain.letters_log import LoggedMessage
from matchpilot.errors import InputError, InvalidDataError, StorageError
from matchpilot.services import Services
from matchpilot.services.backup import backup
from matchpilot.services.demo import load_demo
from matchpilot.storage.tables import profiles
from matchpilot.web import create_app

from support.db import make_services
from support.web import TestClient

TODAY = date(2026, 11, 23)
PAGES = ("/", "/profile", "/match-week/cheatsheet", "/api/v1/profile")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"name": "x\\ud800", "applicant_type": "non_us_img"}', "name"),
        ('{"name": "Amina", "applicant_type": "non_us_img", "goals": ["ok", "bad \\udfff"]}', "goals.1"),
        ('{"name": "Amina\\u0000", "applicant_type": "non_us_img"}', "name"),
    ],
)
def test_text_that_cannot_be_stored_is_refused_and_pages_stay_up(services: Services, body: str, field: str) -> None:
    client = TestClient(create_app(services), raise_server_exceptions=False)
    saved = client.put("/api/v1/profile", json={"name": "Amina (fictional)", "applicant_type": "non_us_img"})
    assert saved.status_code == 200

    answer = client.put("/api/v1/profile", content=body.encode(), headers={"content-type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["detail"].startswith(f"{field}: contains")
    assert services.profile() is not None and services.profile().name == "Amina (fictional)"  # type: ignore[union-attr]
    for page in PAGES:
        assert client.get(page).status_code == 200, page


def test_the_profile_loader_refuses_a_lone_surrogate_naming_the_key(services: Services) -> None:
    result = services.save_profile({"name": "x\ud800", "applicant_type": "us_img"})
    assert result.profile is None
    assert [str(issue) for issue in result.issues] == ["name: contains a character that is not valid text (U+D800)"]
    assert services.profile() is None


def test_a_backup_names_a_stored_surrogate_instead_of_crashing(tmp_path: Path) -> None:
    """A profile stored before the checks (written straight to SQLite's JSON text, as the old API did)."""
    services = make_services(f"sqlite:///{tmp_path}/old.db", owner="old")
    services.save_profile({"name": "Amina (fictional)", "applicant_type": "us_img"})
    with services.database.transaction() as session:
        session.execute(
            update(profiles)
            .where(profiles.c.owner_id == services.owner_id)
            .values(data={"name": "x\ud800", "applicant_type": "us_img"})
        )
    with pytest.raises(StorageError) as raised:
        backup(services, tmp_path / "me.json")
    assert "table profiles, row 1, column data: name: contains a character that is not valid text (U+D800)" in str(
        raised.value
    )
    assert not (tmp_path / "me.json").exists(), "no backup that would not restore"
    services.database.dispose()


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b"])
def test_logged_messages_documents_and_the_cheat_sheet_refuse_text_that_cannot_be_stored(
    services: Services, bad: str
) -> None:
    from matchpilot.services import letters, soap_week

    load_demo(services)
    code = services.list_programs().programs[0].code
    with pytest.raises(InputError, match="the message contains"):
        letters.record_message(services, code, "other", bad)
    with pytest.raises(InputError, match="the interview notes contains"):
        letters.record_interview(services, code, TODAY, ("Dr. Example",), bad)
    with pytest.raises(InvalidDataError) as raised:
        soap_week.add_statement(services, "pmr-two", "Second", bad)
    assert [issue.where for issue in raised.value.issues] == ["text"]
    sheet = {"reasons": ["a", "b", bad], "qualities": ["a", "b", "c"], "stories": ["a", "b"]}
    with pytest.raises(InvalidDataError) as raised:
        soap_week.save_cheatsheet(services, sheet)
    assert [issue.where for issue in raised.value.issues] == ["reasons[3]"]
    assert letters.letter_log(services).empty


@pytest.mark.parametrize(("bad", "said"), [("x\ud800", "not valid text"), ("x\x00", "NUL")])
def test_a_value_the_database_refuses_is_an_input_error_not_a_crash(services: Services, bad: str, said: str) -> None:
    """The safety net under the checks: text no database can keep, reaching the storage layer past every check,
    is an InputError (a 400 on the web, exit 2 in the CLI) on both databases, and nothing is saved (SQLite would
    have kept a NUL that a restore then refuses)."""
    from matchpilot.storage.letters_log import LettersLogStore

    with pytest.raises(InputError, match=said), services.database.transaction() as session:
        LettersLogStore(session, services.owner_id).add_message(LoggedMessage("1001340C0", TODAY, "other", bad))
    with services.database.transaction() as session:
        assert LettersLogStore(session, services.owner_id).messages() == []


@pytest.mark.parametrize(("sent", "saved_as"), [("Amina%00", None), ("Amina%ED%A0%80", "Amina\ufffd\ufffd\ufffd")])
def test_the_profile_form_refuses_a_nul_and_never_stores_a_surrogate(
    services: Services, sent: str, saved_as: str | None
) -> None:
    """A form cannot carry a lone surrogate (its bytes are not UTF-8 and read as U+FFFD), but it can carry a NUL:
    the profile form names the field and saves nothing; every page stays up."""
    client = TestClient(create_app(services), raise_server_exceptions=False)
    answer = client.post(
        "/profile",
        content=f"name={sent}&applicant_type=non_us_img".encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    profile = services.profile()
    if saved_as is None:
        assert answer.status_code == 400
        assert "contains a NUL character" in answer.text.split('id="p-name-error"', 1)[1].split("</p>", 1)[0]
        assert profile is None
    else:
        assert answer.status_code == 303
        assert profile is not None and profile.name == saved_as
    for page in PAGES:
        assert client.get(page).status_code < 500, page
