"""Kept results (services.memo) follow the owner's records: on SQLite and PostgreSQL, any committed change to
the profile, the sheet or the outcomes, made by this process or another, gives a fresh answer; reads and other
owners' changes do not move an owner's revision."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import false, select, update
from sqlalchemy.orm import Session

from matchpilot.bootstrap import Settings, build_services
from matchpilot.pick import PickLimits
from matchpilot.services import Services
from matchpilot.services.chances import chances_for
from matchpilot.services.memo import memo_for, owner_revision
from matchpilot.services.picks import pick_for, record_outcome
from matchpilot.storage import OwnerStore
from matchpilot.storage.tables import owners, programs

from support.db import TODAY, make_services
from support.sheets import img_profile

PROFILE = img_profile("Memo Applicant (fictional)", "pmr")
ROWS = [
    "code,name,specialty,track,visa_j1,img_share,interest",
    *(f"10{i:02d}340C0,Rehab {i} (fictional),PM&R,categorical,yes,{20 + 4 * i},{(i % 5) + 1}" for i in range(8)),
]


def _load(services: Services, rows: list[str] = ROWS) -> None:
    assert services.save_profile(PROFILE).ok
    assert services.import_programs_bytes(("\n".join(rows) + "\n").encode(), "sheet.csv").ok


def _interview(services: Services, code: str) -> float:
    return next(e.chance.p_interview.mid for e in chances_for(services).estimates if e.program.code == code)


def test_a_kept_result_is_reused_until_the_records_change(services: Services) -> None:
    _load(services)
    limits = PickLimits(max_applications=3)
    first = pick_for(services, limits)
    assert pick_for(services, limits) is first  # nothing changed: the kept list, not a new computation
    assert pick_for(services, PickLimits(max_applications=4)) is not first  # another question

    record_outcome(services, "1000340C0", "rejected")
    after_outcome = pick_for(services, limits)
    assert after_outcome is not first
    assert "1000340C0" not in [p.program.code for p in after_outcome.chosen]

    before = _interview(services, "1007340C0")
    assert services.save_profile({**PROFILE, "step2_ck": 200}).ok
    assert _interview(services, "1007340C0") < before  # a lower score shows at once

    rows = [*ROWS, "1050340C0,New Rehab (fictional),PM&R,categorical,yes,60,5"]
    assert services.import_programs_bytes(("\n".join(rows) + "\n").encode(), "sheet.csv").ok
    assert "1050340C0" in [e.program.code for e in chances_for(services).estimates]


def test_a_change_made_by_another_process_is_seen(database_url: str) -> None:
    name = f"memo-{uuid.uuid4().hex[:12]}"
    here = make_services(database_url, name)
    _load(here)
    # a second server process: its own Database object (engine, pool and memo) on the same database
    there = make_services(database_url, name)
    try:
        assert there.database is not here.database
        assert there.owner_id == here.owner_id
        before = _interview(here, "1007340C0")
        assert _interview(here, "1007340C0") == before
        assert there.save_profile({**PROFILE, "step2_ck": 200}).ok
        assert _interview(here, "1007340C0") < before
    finally:
        there.database.dispose()
        here.database.dispose()


def test_only_committed_changes_to_an_owners_records_move_its_revision(database_url: str) -> None:
    alice, bob = make_services(database_url), make_services(database_url)
    try:
        _load(alice)
        start = owner_revision(alice)
        alice.list_programs()
        alice.profile()
        chances_for(alice)
        assert owner_revision(alice) == start  # reading changes nothing

        _load(bob)
        record_outcome(bob, "1000340C0", "invited")
        assert owner_revision(alice) == start  # another owner's changes are not alice's

        record_outcome(alice, "1000340C0", "invited")
        assert owner_revision(alice) == start + 1

        bad = alice.save_profile({**PROFILE, "step2_ck": "not a score"})
        assert not bad.ok
        assert owner_revision(alice) == start + 1  # refused: nothing saved, nothing moved

        # a change made without an owner's store (as a restore does) moves every owner's revision
        bob_start = owner_revision(bob)
        with alice.database.transaction() as session:
            session.execute(update(programs).where(programs.c.code == "no such code").values(name="x"))
        assert owner_revision(alice) == start + 2
        assert owner_revision(bob) == bob_start + 1
    finally:
        alice.database.dispose()
        bob.database.dispose()


def test_with_no_cache_budget_every_answer_is_computed_afresh(services: Services) -> None:
    _load(services)
    memo_for(services.database).budget = 0  # MATCHPILOT_CACHE_PROGRAMS=0
    limits = PickLimits(max_applications=3)
    assert pick_for(services, limits) is not pick_for(services, limits)
    assert [p.program.code for p in pick_for(services, limits).chosen] == [
        p.program.code for p in pick_for(services, limits).chosen
    ]


def test_two_processes_creating_the_same_owner_at_once_get_the_same_one(services: Services) -> None:
    """Two server processes starting on a new database both look for the owner, find none, and insert it: the
    second insert must take the first one's owner, not fail (it once stopped a uvicorn worker at start)."""

    class FirstLookMisses:  # this session's first look happens before the other process commits its owner
        def __init__(self, session: Session) -> None:
            self.session, self.looked = session, False

        def execute(self, statement: Any) -> Any:
            if not self.looked:
                self.looked = True
                return self.session.execute(select(owners.c.id).where(false()))
            return self.session.execute(statement)

        def begin_nested(self) -> Any:
            return self.session.begin_nested()

    name = f"racer-{uuid.uuid4().hex[:8]}"
    with services.database.transaction() as session:
        theirs = OwnerStore(session).ensure(name)
    with services.database.transaction() as session:
        mine = OwnerStore(FirstLookMisses(session)).ensure(name)  # type: ignore[arg-type]
        session.execute(select(owners.c.id))  # the transaction is still usable after the refused insert
    assert mine == theirs


def test_the_cache_budget_is_a_setting(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHPILOT_CACHE_PROGRAMS", "0")
    built = build_services(Settings(), database_url=database_url, today=lambda: TODAY)
    try:
        assert memo_for(built.database).budget == 0
    finally:
        built.database.dispose()
    monkeypatch.setenv("MATCHPILOT_CACHE_PROGRAMS", "-5")
    with pytest.raises(ValidationError, match="cache_programs"):
        Settings()
