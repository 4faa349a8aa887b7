"""Predictions kept when chances are shown, and scored against the outcomes recorded later (SQLite and
PostgreSQL): one row per program per day, the latest prediction before the outcome, silent ones not scored,
every owner's predictions their own, and keeping them never makes kept results stale."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete

from matchpilot.bootstrap import Settings, build_services
from matchpilot.chances.scoring import brier
from matchpilot.domain.predictions import Prediction
from matchpilot.pick import PickLimits
from matchpilot.services import Services
from matchpilot.services.chances import chances_for
from matchpilot.services.memo import owner_revision
from matchpilot.services.picks import list_outcomes, pick_for, record_outcome
from matchpilot.services.predictions import keep_shown, prediction_report
from matchpilot.storage.predictions import PredictionStore
from matchpilot.storage.tables import owners, predictions

from support.sheets import img_profile

PROFILE = img_profile("Scored Applicant (fictional)", "pmr", "prelim")
ROWS = [
    "code,name,specialty,track,visa_j1,img_share",
    *(f"10{i:02d}340C0,Rehab {i} (fictional),PM&R,categorical,yes,{10 + 6 * i}" for i in range(10)),
    "1098340C0,No Visa Rehab (fictional),PM&R,categorical,no,60",
]
PROGRAMS = len(ROWS) - 1
START = date(2026, 10, 1)


class Clock:
    """A day the test moves on."""

    def __init__(self) -> None:
        self.day = START

    def __call__(self) -> date:
        return self.day

    def next(self) -> None:
        self.day += timedelta(days=1)


def _services(url: str, clock: Clock, owner: str) -> Services:
    made = build_services(Settings(owner=owner), database_url=url, today=clock)
    assert made.save_profile(PROFILE).ok
    assert made.import_programs_bytes(("\n".join(ROWS) + "\n").encode(), "sheet.csv").ok
    return made


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def applicant(database_url: str, clock: Clock) -> Iterator[Services]:
    import uuid

    made = _services(database_url, clock, f"scored-{uuid.uuid4().hex[:10]}")
    yield made
    with made.database.engine.begin() as connection:
        connection.execute(delete(owners).where(owners.c.id == made.owner_id))
    made.database.dispose()


def _rows(services: Services) -> int:
    with services.database.transaction() as session:
        return PredictionStore(session, services.owner_id).count()


def _shown(services: Services) -> dict[str, float]:
    """The middle chance of an interview My list shows now, by program code."""
    learned = [(o.code, o.outcome) for o in list_outcomes(services)]
    return {e.program.code: e.chance.p_interview.mid for e in chances_for(services, outcomes=learned).estimates}


def test_showing_my_list_keeps_one_row_per_program_per_day(applicant: Services, clock: Clock) -> None:
    pick_for(applicant, PickLimits(max_applications=5))
    pick_for(applicant, PickLimits(max_applications=3))  # another question, the same day
    pick_for(applicant, PickLimits(max_applications=5))
    assert _rows(applicant) == PROGRAMS
    clock.next()
    pick_for(applicant, PickLimits(max_applications=5))
    assert _rows(applicant) == 2 * PROGRAMS


def test_what_is_kept_is_what_was_shown(applicant: Services) -> None:
    report = chances_for(applicant)
    assert keep_shown(applicant, report) == PROGRAMS
    with applicant.database.transaction() as session:
        kept = PredictionStore(session, applicant.owner_id).latest(e.program.code for e in report.estimates)
    for estimate in report.estimates:
        row = kept[estimate.program.code]
        shown = estimate.chance.p_interview
        assert (row.p_low, row.p_mid, row.p_high) == pytest.approx((shown.low, shown.mid, shown.high))
        assert row.predicted_on == START


def test_keeping_predictions_does_not_make_kept_results_stale(applicant: Services) -> None:
    before = owner_revision(applicant)
    keep_shown(applicant, chances_for(applicant))
    assert owner_revision(applicant) == before
    record_outcome(applicant, "1000340C0", "invited")  # a real change still moves it
    assert owner_revision(applicant) > before


def test_a_second_showing_the_same_day_replaces_that_days_row(applicant: Services) -> None:
    pick_for(applicant, PickLimits(max_applications=5))
    first = _shown(applicant)
    record_outcome(applicant, "1000340C0", "invited")  # learning moves every other chance
    pick_for(applicant, PickLimits(max_applications=5))
    second = _shown(applicant)
    assert second["1005340C0"] != pytest.approx(first["1005340C0"])
    assert _rows(applicant) == PROGRAMS
    with applicant.database.transaction() as session:
        kept = PredictionStore(session, applicant.owner_id).latest(["1005340C0", "1000340C0"])
    assert kept["1005340C0"].p_mid == pytest.approx(second["1005340C0"])
    assert kept["1000340C0"].p_mid == pytest.approx(first["1000340C0"])  # answered: not predicted again


def test_the_report_scores_the_latest_prediction_before_each_outcome(applicant: Services, clock: Clock) -> None:
    assert prediction_report(applicant).scores.count == 0
    pick_for(applicant, PickLimits(max_applications=5))  # day 1
    day1 = _shown(applicant)
    clock.next()
    record_outcome(applicant, "1009340C0", "rejected")  # day 2: the others move
    pick_for(applicant, PickLimits(max_applications=5))
    day2 = _shown(applicant)
    assert day2["1000340C0"] != pytest.approx(day1["1000340C0"])
    clock.next()
    record_outcome(applicant, "1000340C0", "invited")  # day 3
    record_outcome(applicant, "1001340C0", "rejected")
    record_outcome(applicant, "1002340C0", "silent")
    clock.next()
    pick_for(applicant, PickLimits(max_applications=5))  # day 4: after the outcomes, changes nothing scored

    found = prediction_report(applicant)
    by_code = {s.code: s for s in found.scored}
    assert set(by_code) == {"1009340C0", "1000340C0", "1001340C0"}
    assert by_code["1009340C0"].prediction.predicted_on == START and by_code[
        "1009340C0"
    ].prediction.p_mid == pytest.approx(day1["1009340C0"])
    assert by_code["1000340C0"].prediction.predicted_on == START + timedelta(days=1)
    assert by_code["1000340C0"].prediction.p_mid == pytest.approx(day2["1000340C0"])
    assert by_code["1001340C0"].prediction.p_mid == pytest.approx(day2["1001340C0"])
    assert found.silent == 1 and found.unpredicted == ()
    expected = brier([day1["1009340C0"], day2["1000340C0"], day2["1001340C0"]], [False, True, False])
    assert found.scores.brier == pytest.approx(expected)
    assert found.scores.count == 3 and found.scores.invited == 1
    assert found.scores.baseline_brier == pytest.approx((1 / 3) * (2 / 3))
    assert "too few to draw any conclusion" in found.words


def test_an_outcome_never_predicted_is_named_not_scored(applicant: Services) -> None:
    record_outcome(applicant, "1003340C0", "invited")
    found = prediction_report(applicant)
    assert found.unpredicted == ("1003340C0",) and found.scores.count == 0


def test_each_owner_sees_only_their_own_predictions(applicant: Services, database_url: str, clock: Clock) -> None:
    other = _services(database_url, clock, "scored-other-owner")
    try:
        pick_for(applicant, PickLimits(max_applications=5))
        record_outcome(other, "1000340C0", "invited")  # the same code, never shown to the other owner
        assert prediction_report(other).unpredicted == ("1000340C0",)
        assert prediction_report(applicant).scores.count == 0
        assert _rows(other) == 0
    finally:
        with other.database.engine.begin() as connection:
            connection.execute(delete(owners).where(owners.c.id == other.owner_id))
        other.database.dispose()


def test_ten_outcomes_are_a_first_hint_and_fewer_no_conclusion(applicant: Services) -> None:
    pick_for(applicant, PickLimits(max_applications=5))
    codes = [f"10{i:02d}340C0" for i in range(10)]
    for index, code in enumerate(codes[:9]):
        record_outcome(applicant, code, "invited" if index % 3 == 0 else "rejected")
    nine = prediction_report(applicant)
    assert nine.scores.count == 9 and not nine.conclusive
    assert "too few to draw any conclusion" in nine.words
    record_outcome(applicant, codes[9], "rejected")
    ten = prediction_report(applicant)
    assert ten.scores.count == 10 and ten.conclusive and "first hint" in ten.words


def test_the_same_chances_shown_again_the_same_day_write_nothing(applicant: Services, clock: Clock) -> None:
    report = chances_for(applicant)
    assert keep_shown(applicant, report) == PROGRAMS
    assert keep_shown(applicant, report) == 0  # nothing changed since: no write
    clock.next()
    assert keep_shown(applicant, report) == PROGRAMS  # a new day: its own rows


def test_sqlite_fast_write_stores_what_the_sqlalchemy_statement_stores(tmp_path: Path) -> None:
    """On SQLite :meth:`PredictionStore.keep` writes through the driver; the rows it leaves (values and storage
    types, first as inserts and then as updates of the same day, a program with an outcome skipped) are the
    rows SQLAlchemy's upsert statement leaves."""
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    values = [0.0, -0.0, 1.0, 0.1 + 0.2, 5e-324, 1e-300, 0.999999999999, -2.5, 1 / 3]
    first = [
        Prediction(f"10{i:02d}340C0", date.min, values[i % 9], values[(i + 1) % 9], values[(i + 2) % 9], values[i % 4])
        for i in range(PROGRAMS)
    ]
    second = [Prediction(p.code, date.min, p.p_high, p.p_low, p.p_mid, -p.cohort_shift) for p in first]
    stored: list[list[tuple[object, ...]]] = []
    for fast in (True, False):
        clock = Clock()
        url = f"sqlite:///{tmp_path / f'kept-{fast}.db'}"
        made = _services(url, clock, "fast-write")
        record_outcome(made, "1003340C0", "invited")
        for batch in (first, second):
            with made.database.transaction() as session:
                store = PredictionStore(session, made.owner_id)
                if fast:
                    assert store.keep(START, batch) == PROGRAMS - 1
                else:
                    statement = sqlite_insert(predictions)
                    statement = statement.on_conflict_do_update(
                        index_elements=["owner_id", "code", "predicted_on"],
                        set_={name: statement.excluded[name] for name in ("p_low", "p_mid", "p_high", "cohort_shift")},
                    )
                    rows = [
                        {"owner_id": made.owner_id, "code": p.code, "predicted_on": START, "p_low": p.p_low,
                         "p_mid": p.p_mid, "p_high": p.p_high, "cohort_shift": p.cohort_shift}
                        for p in batch
                        if p.code != "1003340C0"
                    ]  # fmt: skip
                    session.execute(statement, rows)
        made.database.dispose()
        with sqlite3.connect(tmp_path / f"kept-{fast}.db") as connection:
            stored.append(
                connection.execute(
                    "SELECT id, owner_id, code, predicted_on, typeof(predicted_on), p_low, p_mid, p_high, "
                    "cohort_shift, typeof(p_low), typeof(cohort_shift) FROM predictions ORDER BY id"
                ).fetchall()
            )
    assert len(stored[0]) == PROGRAMS - 1
    assert [[(*row[:5], *map(repr, row[5:9]), *row[9:]) for row in rows] for rows in stored] == [
        [(*row[:5], *map(repr, row[5:9]), *row[9:]) for row in stored[1]]
    ] * 2


def test_keep_shown_stores_each_programs_chance_to_the_last_bit(applicant: Services) -> None:
    """``keep_shown`` reads the chances as columns: each program's row holds exactly (by ``repr``) the chance of
    an interview shown and the sum of its cohort terms, as one ``Prediction`` per program kept through
    :meth:`PredictionStore.keep` would; a program with an outcome is skipped."""
    record_outcome(applicant, "1004340C0", "rejected")
    report = chances_for(applicant, outcomes=[(o.code, o.outcome) for o in list_outcomes(applicant)])
    assert keep_shown(applicant, report) == PROGRAMS - 1
    with applicant.database.transaction() as session:
        kept = PredictionStore(session, applicant.owner_id).latest(e.program.code for e in report.estimates)
    assert set(kept) == {e.program.code for e in report.estimates} - {"1004340C0"}
    for estimate in report.estimates:
        if estimate.program.code == "1004340C0":
            continue
        row, shown = kept[estimate.program.code], estimate.chance.p_interview
        cohort = [f.contribution for f in estimate.chance.factors if f.key == "cohort"]
        expected = (shown.low, shown.mid, shown.high, math.fsum(cohort))
        assert tuple(map(repr, (row.p_low, row.p_mid, row.p_high, row.cohort_shift))) == tuple(map(repr, expected))


def test_the_cohorts_part_of_a_chance_is_the_exact_sum_of_its_cohort_terms() -> None:
    from matchpilot.chances import Factor
    from matchpilot.services.predictions import _cohort_shift

    def term(key: str, value: float) -> Factor:
        return Factor.known(key, key, "", value, "")

    assert repr(_cohort_shift(())) == "0.0" and repr(_cohort_shift([term("step2", -0.0)])) == "0.0"
    assert repr(_cohort_shift([term("cohort", -0.0)])) == repr(math.fsum([-0.0]))
    terms = [term("cohort", 0.1), term("step2", 5.0), term("cohort", 0.2), term("cohort", -1e-17)]
    assert _cohort_shift(terms) == math.fsum([0.1, 0.2, -1e-17]) != 0.1 + 0.2 + -1e-17
