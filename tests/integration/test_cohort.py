"""Learning from a cohort on one server (SQLite and PostgreSQL): consenting applicants' outcomes are pooled into
per-program terms that every applicant's chances carry, only from 5 applicants on; revoking takes an applicant's
outcomes out at once; and no applicant ever sees another's outcomes, only the pooled terms."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import delete

from matchpilot.bootstrap import Settings, build_services
from matchpilot.services import Services
from matchpilot.services.chances import ChancesReport, chances_for
from matchpilot.services.cohort import cohort_status, consent, set_consent
from matchpilot.services.picks import PickLimits, list_outcomes, pick_for, record_outcome
from matchpilot.services.predictions import keep_shown, prediction_report
from matchpilot.storage.tables import owners

from support.sheets import img_profile

PROFILE = img_profile("Cohort Applicant (fictional)", "pmr", "prelim")
ROWS = [
    "code,name,specialty,track,visa_j1,img_share",
    *(f"20{i:02d}340C0,Cohort Rehab {i} (fictional),PM&R,categorical,yes,{10 + 6 * i}" for i in range(6)),
]
GENEROUS, STRICT, UNHEARD = "2000340C0", "2001340C0", "2005340C0"
TODAY = date(2026, 10, 1)


@dataclass
class Cohort:
    """Seven applicants on one server; the first six heard from GENEROUS (invited) and STRICT (rejected)."""

    members: list[Services]
    viewer: Services  # heard from nobody, never consents
    names: list[str]


def _applicant(url: str, name: str) -> Services:
    made = build_services(Settings(owner=name), database_url=url, today=lambda: TODAY)
    assert made.save_profile(PROFILE).ok
    assert made.import_programs_bytes(("\n".join(ROWS) + "\n").encode(), "sheet.csv").ok
    return made


@pytest.fixture
def cohort(database_url: str) -> Iterator[Cohort]:
    tag = uuid.uuid4().hex[:8]
    names = [f"cohort-{tag}-{i}" for i in range(6)]
    members = [_applicant(database_url, name) for name in names]
    viewer = _applicant(database_url, f"cohort-{tag}-viewer")
    for member in members:
        keep_shown(member, chances_for(member))  # the chances they were shown, before hearing back
        record_outcome(member, GENEROUS, "invited")
        record_outcome(member, STRICT, "rejected")
    yield Cohort(members, viewer, names)
    for made in (*members, viewer):
        with made.database.engine.begin() as connection:
            connection.execute(delete(owners).where(owners.c.id == made.owner_id))
        made.database.dispose()


def _cohort_factor(report: ChancesReport, code: str) -> tuple[float, str] | None:
    for factor in report.estimate(code).chance.factors:
        if factor.key == "cohort":
            return factor.contribution, factor.explanation
    return None


def test_terms_come_only_from_five_consenting_applicants(cohort: Cohort) -> None:
    for member in cohort.members[:4]:
        set_consent(member, True)
    four = chances_for(cohort.viewer)
    assert _cohort_factor(four, GENEROUS) is None and not four.cohort_programs
    assert cohort_status(cohort.viewer).applicants is None, "no count is shown below 5 applicants"

    set_consent(cohort.members[4], True)
    five = chances_for(cohort.viewer)  # the viewer's own records did not change: the kept result must not be used
    generous, strict = _cohort_factor(five, GENEROUS), _cohort_factor(five, STRICT)
    assert generous is not None and strict is not None
    assert generous[0] > 0 > strict[0]
    assert "5 applicants" in generous[1] and "higher" in generous[1]
    assert _cohort_factor(five, UNHEARD) is None, "a program nobody heard from gets no term"
    assert five.estimate(GENEROUS).chance.p_interview.mid > four.estimate(GENEROUS).chance.p_interview.mid
    status = cohort_status(cohort.viewer)
    assert not status.consent
    assert status.applicants is not None and status.applicants >= 5 and status.programs >= 2
    assert five.cohort is not None
    term = five.cohort.term(GENEROUS)
    assert term is not None and (term.applicants, term.outcomes) == (5, 5)


def test_revoking_consent_takes_the_outcomes_out_from_then_on(cohort: Cohort) -> None:
    for member in cohort.members[:5]:
        set_consent(member, True)
    assert _cohort_factor(chances_for(cohort.viewer), GENEROUS) is not None
    set_consent(cohort.members[2], False)
    assert not consent(cohort.members[2])
    assert _cohort_factor(chances_for(cohort.viewer), GENEROUS) is None
    assert cohort_status(cohort.viewer).applicants is None
    set_consent(cohort.members[5], True)  # a sixth joins: five again, without the one who left
    back = _cohort_factor(chances_for(cohort.viewer), GENEROUS)
    assert back is not None and "5 applicants" in back[1]


def test_my_list_carries_the_cohort_term_and_stays_fresh(cohort: Cohort) -> None:
    limits = PickLimits(max_applications=6)
    before = pick_for(cohort.viewer, limits)
    for member in cohort.members:
        set_consent(member, True)
    after = pick_for(cohort.viewer, limits)  # the viewer's own records did not change
    assert before is not after
    chosen = {c.program.code: c for c in after.chosen}
    assert GENEROUS in chosen
    assert any("Applicants on this server" in reason for reason in chosen[GENEROUS].reasons)
    assert [r for c in after.chosen for r in c.reasons if "log-odds" in r] == []


def test_no_applicant_sees_another_applicants_outcomes(cohort: Cohort) -> None:
    for member in cohort.members:
        set_consent(member, True)
    viewer = cohort.viewer
    report = chances_for(viewer)
    assert report.cohort_programs
    assert list_outcomes(viewer) == ()
    assert all(e.chance.observed is None for e in report.estimates)
    assert report.change is None and report.after.belief.observations == 0
    assert prediction_report(viewer).scores.count == 0
    # two owners on the same server get the very same pooled term: it depends on the pool, not on who asks
    other = chances_for(cohort.members[0])
    assert _cohort_factor(report, GENEROUS) == _cohort_factor(other, GENEROUS)
    # nothing the viewer is given names another applicant
    names = cohort.names
    shown = json.dumps([[f.explanation, f.value] for e in report.estimates for f in e.chance.factors])
    assert not any(name in shown for name in names)
    status = cohort_status(viewer)
    assert not any(name in repr(status) for name in names)
