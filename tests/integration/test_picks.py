"""Outcomes are stored per owner and `pick` obeys its limits, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from matchpilot.chances import Outcome
from matchpilot.errors import InputError, InvalidDataError, NotFoundError
from matchpilot.pick import PickLimits
from matchpilot.services import Services
from matchpilot.services.picks import (
    clear_outcome,
    list_outcomes,
    pick_for,
    record_outcome,
)

from support.db import make_services
from support.sheets import img_profile

PROFILE = img_profile("Pick Applicant (fictional)", "pmr", "prelim", "transitional")

ROWS = [
    "code,name,specialty,track,visa_j1,visa_h1b,img_share,interest",
    *(f"10{i:02d}340C0,Rehab {i} (fictional),PM&R,categorical,yes,,{20 + 4 * i},{(i % 5) + 1}" for i in range(14)),
    "1099340C0,H1B Only Rehab (fictional),PM&R,categorical,no,yes,60,5",
    "1098340C0,No Visa Rehab (fictional),PM&R,categorical,no,no,60,5",
    *(f"20{i:02d}140P0,Prelim {i} (fictional),Internal Medicine,preliminary,yes,,{40 + 5 * i}," for i in range(6)),
    "3000999T0,Transitional (fictional),Transitional Year,transitional,yes,,30,",
]
FILTERED = {"1099340C0", "1098340C0"}


@pytest.fixture
def loaded(services: Services) -> Services:
    assert services.save_profile(PROFILE).ok
    report = services.import_programs_bytes(("\n".join(ROWS) + "\n").encode(), "sheet.csv")
    assert report.ok, report.issues
    return services


def test_outcomes_are_stored_per_owner(loaded: Services, database_url: str) -> None:
    record_outcome(loaded, "1000340C0", "invited", date(2026, 10, 1))
    record_outcome(loaded, "1001340C0", Outcome.REJECTED)
    record_outcome(loaded, "1000340C0", "silent")  # replaces the earlier one
    found = {o.code: o for o in list_outcomes(loaded)}
    assert set(found) == {"1000340C0", "1001340C0"}
    assert found["1000340C0"].outcome is Outcome.SILENT and found["1000340C0"].on == loaded.today()
    other = make_services(database_url)
    try:
        assert list_outcomes(other) == ()
        with pytest.raises(NotFoundError):
            clear_outcome(other, "1000340C0")
    finally:
        other.database.dispose()
    clear_outcome(loaded, "1000340C0")
    assert [o.code for o in list_outcomes(loaded)] == ["1001340C0"]


def test_recording_checks_the_program_the_word_and_the_date(loaded: Services) -> None:
    with pytest.raises(NotFoundError):
        record_outcome(loaded, "NOPE", "invited")
    with pytest.raises(InputError, match="not an outcome"):
        record_outcome(loaded, "1000340C0", "maybe")
    with pytest.raises(InputError, match="after today"):
        record_outcome(loaded, "1000340C0", "invited", date(2099, 1, 1))


def test_pick_obeys_the_count_and_never_chooses_filtered_programs(loaded: Services) -> None:
    report = pick_for(loaded, PickLimits(max_applications=8))
    codes = {p.program.code for p in report.chosen}
    assert len(codes) == 8 and not codes & FILTERED
    assert {f.program.code for f in report.filtered} == FILTERED
    assert report.wasted_slots == 2 and report.wasted_fee == 22
    everything = pick_for(loaded, PickLimits(max_applications=100))
    assert not {p.program.code for p in everything.chosen} & FILTERED


def test_pick_obeys_category_bounds_and_budget(loaded: Services) -> None:
    report = pick_for(loaded, PickLimits(max_applications=8, minimums={"prelim": 4}, maximums={"pmr": 3}))
    kinds = [p.chance.category.value for p in report.chosen]
    assert kinds.count("prelim") >= 4 and kinds.count("pmr") <= 3 and len(kinds) <= 8
    budgeted = pick_for(loaded, PickLimits(budget=100))
    assert budgeted.expected.fee <= 100 and len(budgeted.chosen) == 9  # US$11 each
    with pytest.raises(InvalidDataError, match="transitional"):
        pick_for(loaded, PickLimits(minimums={"transitional": 2}))


def test_recording_an_invitation_changes_the_list(loaded: Services) -> None:
    before = pick_for(loaded, PickLimits(max_applications=3))
    outside = next(i.program.code for i in before.left_out if i.kind == "worth-less")
    record_outcome(loaded, outside, "invited")
    after = pick_for(loaded, PickLimits(max_applications=3))
    assert outside in [p.program.code for p in after.chosen]
    invited = next(p for p in after.chosen if p.program.code == outside)
    assert invited.chance.p_interview.mid == 1.0 and invited.outcome is not None
    assert after.outlook


def test_no_profile_is_a_clear_error(services: Services) -> None:
    with pytest.raises(InputError, match="no profile"):
        pick_for(services, PickLimits())


def test_a_pick_reads_the_rules_once_for_its_fees_and_its_signals(
    loaded: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matchpilot.services.picks as picks_service

    reads: list[object] = []
    load = picks_service.load_rules

    def counted(path: object = None) -> object:
        reads.append(path)
        return load(path)  # type: ignore[arg-type]

    monkeypatch.setattr(picks_service, "load_rules", counted)
    report = pick_for(loaded, PickLimits(max_applications=5))
    assert report.signals is not None  # the signals were placed, from the same rules as the fees
    assert reads == [None]
