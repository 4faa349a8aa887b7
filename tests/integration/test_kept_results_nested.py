"""A result asked for while another is computed for the same owner (My list's chances, inside My list) is keyed
by the revisions the outer result read, without reading them again; another owner's, or a question asked after
the outer computation, reads its own (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import matchpilot.services.memo as memo
from matchpilot.pick import PickLimits
from matchpilot.services import Services
from matchpilot.services.chances import chances_for
from matchpilot.services.memo import remembered
from matchpilot.services.picks import pick_for, record_outcome

from support.db import make_services
from support.sheets import img_profile

PROFILE = img_profile("Nested Applicant (fictional)", "pmr")
ROWS = [
    "code,name,specialty,track,visa_j1,img_share",
    *(f"10{i:02d}340C0,Rehab {i} (fictional),PM&R,categorical,yes,{20 + 4 * i}" for i in range(6)),
]


def _load(services: Services) -> None:
    assert services.save_profile(PROFILE).ok
    assert services.import_programs_bytes(("\n".join(ROWS) + "\n").encode(), "sheet.csv").ok


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the reads of the revisions."""
    reads: list[int] = []
    read = memo._revisions

    def counted(services: Services) -> tuple[int, tuple[tuple[int, int], ...]]:
        reads.append(services.owner_id)
        return read(services)

    monkeypatch.setattr(memo, "_revisions", counted)
    return reads


def test_my_lists_chances_are_kept_under_its_revisions(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(services)
    reads = _counting(monkeypatch)
    picked = pick_for(services, PickLimits(max_applications=3))
    assert reads == [services.owner_id]  # one read for the list and its chances
    chances = chances_for(services)  # asked on its own: read again, and the chances kept inside My list served
    assert reads == [services.owner_id] * 2
    assert chances is chances_for(services)
    assert pick_for(services, PickLimits(max_applications=3)) is picked
    record_outcome(services, "1000340C0", "rejected")  # the records change: both computed afresh
    reads.clear()
    again = pick_for(services, PickLimits(max_applications=3))
    assert again is not picked and reads == [services.owner_id]
    assert chances_for(services) is not chances


def test_another_owner_or_a_later_question_reads_its_own(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = make_services(database_url), make_services(database_url)
    for made in (first, second):
        _load(made)
    reads = _counting(monkeypatch)
    asked: list[Callable[[], object]] = []

    def outer() -> str:
        inner_same = remembered(first, ("inner",), lambda: "same owner")
        inner_other = remembered(second, ("inner",), lambda: "other owner")
        return f"{inner_same}, {inner_other}"

    assert remembered(first, ("outer",), outer) == "same owner, other owner"
    assert reads == [first.owner_id, second.owner_id]  # the other owner's revisions read on their own
    asked.append(lambda: remembered(first, ("inner",), lambda: "computed again"))
    assert asked[0]() == "same owner"  # the same key as a question asked on its own: kept, not recomputed
    assert reads == [first.owner_id, second.owner_id, first.owner_id]  # and after the outer one: read again
    for made in (first, second):
        made.database.dispose()
