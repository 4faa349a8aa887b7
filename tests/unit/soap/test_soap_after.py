"""Issue 14, item 7: after SOAP, three paths (seed 000 §6) — the situation from the acceptance and the Match
result, the steps of each path in plain words, the visa steps that fit, and the next season's dates."""

from __future__ import annotations

from datetime import date

import pytest
from soap_fixtures import rules

from matchpilot.domain.profile import VisaNeed
from matchpilot.soap.after import (
    SITUATIONS,
    after_steps,
    next_season,
    reapply_year,
    season_to_dict,
    situation_for,
)
from matchpilot.soap.eligibility import MatchStatus


@pytest.mark.parametrize(
    ("accepted", "status", "situation"),
    [
        ("pmr", None, "matched-pmr"),
        ("prelim", None, "matched-pgy1"),
        ("prelim", MatchStatus.PARTIALLY_MATCHED_ADVANCED, "matched-pmr"),  # the PGY-1 completes the advanced match
        ("pmr", MatchStatus.PARTIALLY_MATCHED_PGY1, "matched-pmr"),
        ("other", None, "matched-other"),
        (None, None, "unmatched"),
        (None, MatchStatus.UNMATCHED, "unmatched"),
        (None, MatchStatus.PARTIALLY_MATCHED_ADVANCED, "unmatched"),  # still needs its PGY-1
        (None, MatchStatus.PARTIALLY_MATCHED_PGY1, "matched-pgy1"),
        (None, MatchStatus.MATCHED, "matched-other"),
    ],
)
def test_the_situation(accepted: str | None, status: MatchStatus | None, situation: str) -> None:
    assert situation_for(accepted, status) == situation


SEASON = next_season(rules().match_week(2027), 2027)


def _titles(situation: str, visa: VisaNeed | None = VisaNeed.J1, status: MatchStatus | None = None) -> list[str]:
    return [s.title for s in after_steps(situation, visa=visa, match_status=status, season=SEASON)]


def test_each_path_has_the_seeds_steps() -> None:
    pmr = _titles("matched-pmr")
    assert {"Licence and onboarding", "Visa: J-1 through the ECFMG", "Thank the program", "Early reading"} <= set(pmr)
    pgy1 = _titles("matched-pgy1")
    assert {"Be a top intern", "Meet PM&R faculty", "Show your interest in rehabilitation"} <= set(pgy1)
    assert pgy1[-1] == "Reapply in the 2026-27 season (Match 2027)"
    unmatched = _titles("unmatched")
    assert {"Wait until SOAP has ended", "Strengthen your application this year", "Give the year a purpose"} <= set(
        unmatched
    )
    assert set(_titles("matched-other")) >= {"Your position is set", "If PM&R is still your goal"}


@pytest.mark.parametrize(
    ("visa", "expected"),
    [
        (VisaNeed.J1, ["Visa: J-1 through the ECFMG"]),
        (VisaNeed.H1B, ["Visa: H-1B through the program"]),
        (VisaNeed.J1_OR_H1B, ["Visa: J-1 through the ECFMG", "Visa: H-1B through the program"]),
        (None, ["Visa: J-1 through the ECFMG", "Visa: H-1B through the program"]),  # not known: both described
        (VisaNeed.NONE, []),
    ],
)
def test_visa_steps_fit_the_need(visa: VisaNeed | None, expected: list[str]) -> None:
    assert [t for t in _titles("matched-pmr", visa) if t.startswith("Visa")] == expected


def test_the_reapply_step_gives_the_next_seasons_dates_from_the_rules() -> None:
    step = after_steps("unmatched", visa=None, match_status=None, season=SEASON)[-1]
    # the 2027 schedule's dates: ranking opens 1 February, the deadline 3 March, Match Week 15 March
    assert "Ranking opens: 01 Feb 2027 (projected)" in step.detail
    assert "Rank order list certification deadline: 03 Mar 2027 (projected)" in step.detail
    assert "Match Week begins: 15 Mar 2027" in step.detail and "autumn of 2026" in step.detail
    data = season_to_dict(SEASON)
    assert data["match_year"] == 2027 and [d["title"] for d in data["dates"]][-1] == "Match Day"


def test_without_a_schedule_the_season_says_what_is_not_known() -> None:
    season = next_season(None, 2031)
    assert [d.title for d in season.dates] == ["Match Day"] and season.dates[0].when.date() == date(2031, 3, 21)
    assert "no Match Week 2031 schedule" in season.note


def test_no_step_tells_the_applicant_to_contact_a_program_during_soap() -> None:
    for situation in SITUATIONS:
        for step in after_steps(situation, visa=None, match_status=None, season=SEASON):
            text = f"{step.title} {step.detail}".lower()
            if "write to each program" in text:
                assert situation == "unmatched"  # outreach only once SOAP has ended (the step before says so)
    unmatched = _titles("unmatched")
    assert unmatched.index("Wait until SOAP has ended") < unmatched.index("Look for a position outside the Match")


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 12, 7), 2028),  # before SOAP 2027: read ahead, the season after it
        (date(2027, 3, 19), 2028),  # Match Week
        (date(2027, 3, 20), 2028),  # Match Day
        (date(2027, 4, 2), 2028),  # just after: the season under way
        (date(2027, 9, 1), 2029),  # applications of Match 2028 out: the path is read for SOAP 2028
    ],
)
def test_the_season_to_reapply_in(today: date, year: int) -> None:
    assert reapply_year(today) == year


def test_an_unknown_situation_is_refused() -> None:
    with pytest.raises(ValueError, match="'lost'"):
        after_steps("lost", visa=None, match_status=None, season=SEASON)
