"""The practice workspace's owner on both databases (SQLite, and PostgreSQL when configured): looking at the
practice never creates it (only starting one does), and backups carry no practice data — an all-owner backup
leaves practice workspaces out, naming one is refused, and a restore of a file that holds one (written before)
skips it, since its name is an owner id of another database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from matchpilot.errors import InputError
from matchpilot.io.backup_json import checksum
from matchpilot.services import Services
from matchpilot.services import soap_practice as practice
from matchpilot.services.backup import backup, current_owner, restore
from matchpilot.services.demo import load_demo
from matchpilot.services.soap import load_rules
from matchpilot.storage import practice_owner_name
from matchpilot.storage.tables import owners

from support.db import make_services

RULES = load_rules().rules


def owner_names(services: Services) -> set[str]:
    with services.database.engine.connect() as connection:
        return {str(name) for (name,) in connection.execute(select(owners.c.name))}


@pytest.fixture
def applicant(services: Services) -> Iterator[Services]:
    """The demo workspace; its practice owner (if a test made one) is cleared and removed afterwards."""
    load_demo(services)
    yield services
    practice.reset_practice(services)
    with services.database.engine.begin() as connection:
        connection.execute(delete(owners).where(owners.c.name == practice_owner_name(services.owner_id)))


def test_looking_at_the_practice_creates_no_practice_owner(applicant: Services) -> None:
    name = practice_owner_name(applicant.owner_id)
    before = owner_names(applicant)
    assert practice.practice_state(applicant) is None
    assert practice.practice_record_count(applicant) == 0
    assert practice.reset_practice(applicant) == 0  # nothing to clear: nothing made either
    assert owner_names(applicant) == before and name not in before

    practice.start_practice(applicant, RULES, seed=1, year=2027)
    assert name in owner_names(applicant)
    state = practice.practice_state(applicant)
    assert state is not None and state.seed == 1


@pytest.mark.every_owner
def test_an_all_owner_backup_carries_no_practice_data(applicant: Services, tmp_path: Path) -> None:
    practice.start_practice(applicant, RULES, seed=1, year=2027)
    assert practice.practice_record_count(applicant) > 0
    report = backup(applicant, tmp_path / "all.json", everyone=True)
    name = practice_owner_name(applicant.owner_id)
    assert name not in report.owners and current_owner(applicant) in report.owners
    document = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert all(not part["owner"]["name"].startswith("practice:") for part in document["owners"])

    with pytest.raises(InputError, match=r"practice Match Week workspace: practice data is not backed up"):
        backup(applicant, tmp_path / "practice.json", owner=name)
    assert not (tmp_path / "practice.json").exists()


def test_a_restore_skips_a_practice_workspace_of_an_older_file(applicant: Services, tmp_path: Path) -> None:
    # An older all-owner backup held practice workspaces: write one as it did (the applicant's part, renamed).
    backup(applicant, tmp_path / "me.json")
    document = json.loads((tmp_path / "me.json").read_text(encoding="utf-8"))
    (mine,) = document["owners"]
    stale = json.loads(json.dumps(mine))
    stale["owner"]["name"] = "practice:1"  # owner 1 of the old database: in the new one, someone else's id
    document["owners"] = [mine, stale]
    document["checksum"] = checksum(document["owners"])
    (tmp_path / "old.json").write_text(json.dumps(document), encoding="utf-8")

    fresh = make_services(f"sqlite:///{tmp_path}/fresh.db", owner="someone-else")
    try:
        report = restore(fresh, tmp_path / "old.json")
        assert set(report.owners) == {current_owner(applicant)}
        assert owner_names(fresh) == {"someone-else", current_owner(applicant)}
    finally:
        fresh.database.dispose()
