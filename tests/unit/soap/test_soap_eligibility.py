"""SOAP eligibility: one verdict per situation, every reason citing its rule's source and year, and the
off-cycle route when SOAP is closed."""

from __future__ import annotations

import json

import pytest
from soap_fixtures import img, rules, us_md

from matchpilot.io.soap_json import eligibility_to_dict
from matchpilot.soap import (
    NOT_THE_NRMP,
    MatchStatus,
    SoapStatus,
    Verdict,
    check_eligibility,
)

YEAR = 2027


def codes(result: object) -> dict[str, bool | None]:
    return {r.code: r.met for r in result.reasons}  # type: ignore[attr-defined]


def test_an_unmatched_certified_img_is_eligible_for_every_unfilled_position() -> None:
    result = check_eligibility(img(), SoapStatus(registered_for_main_match=True), rules(), YEAR)
    assert result.verdict is Verdict.ELIGIBLE
    assert codes(result) == {"registered": True, "unmatched": True, "ecfmg": True, "no-conflict": True}
    assert result.positions.startswith("every unfilled position")
    assert result.instead == ()
    for reason in result.reasons:
        assert reason.source and reason.checked == "2025", reason
    limits = {r.code: r for r in result.limits}
    assert "45 applications" in limits["cap"].text and "nrmp.org" in limits["cap"].source
    assert "4 offer rounds" in limits["rounds"].text
    assert "may not contact a program" in limits["contact"].text
    assert result.notice == NOT_THE_NRMP and "Match Participation Agreement" in result.notice


def test_an_advanced_match_sees_only_pgy1_positions() -> None:
    status = SoapStatus(registered_for_main_match=True, match_status=MatchStatus.PARTIALLY_MATCHED_ADVANCED)
    result = check_eligibility(img(), status, rules(), YEAR)
    assert result.verdict is Verdict.COMPLEMENTARY_ONLY
    assert result.positions.startswith("PGY-1 positions only")
    partial = next(r for r in result.reasons if r.code == "partial-advanced")
    assert partial.rule == "soap_partial_match" and partial.met is True
    assert "preliminary or transitional" in partial.text


def test_a_pgy1_only_match_sees_only_advanced_positions() -> None:
    status = SoapStatus(registered_for_main_match=True, match_status=MatchStatus.PARTIALLY_MATCHED_PGY1)
    result = check_eligibility(img(), status, rules(), YEAR)
    assert result.verdict is Verdict.COMPLEMENTARY_ONLY
    assert result.positions.startswith("advanced (PGY-2) positions only")


def test_a_matched_applicant_is_not_eligible_and_is_not_sent_off_cycle() -> None:
    result = check_eligibility(
        img(), SoapStatus(registered_for_main_match=True, match_status=MatchStatus.MATCHED), rules(), YEAR
    )
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert codes(result)["matched"] is False
    assert result.positions == "none through SOAP"
    assert len(result.instead) == 1 and "You matched" in result.instead[0]


def test_an_unregistered_applicant_gets_the_off_cycle_route() -> None:
    result = check_eligibility(img(), SoapStatus(registered_for_main_match=False), rules(), YEAR)
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert codes(result) == {"not-registered": False, "ecfmg": True, "no-conflict": True}
    instead = " ".join(result.instead)
    assert "off-cycle" in instead and "After SOAP ends" in instead
    assert "Do not contact programs during Match Week" in instead  # the SOAP contact rule, cited
    assert "checked 2025" in instead
    assert "Register for the Main Residency Match" in instead


@pytest.mark.parametrize(
    ("profile_ecfmg", "status_ecfmg", "verdict"),
    [
        (True, None, Verdict.ELIGIBLE),  # the profile says certified
        (False, None, Verdict.NOT_ELIGIBLE),  # the profile says not certified
        (None, None, Verdict.UNKNOWN),  # nobody says: unknown, never "no"
        (False, True, Verdict.ELIGIBLE),  # what the applicant says now wins over the profile
        (True, False, Verdict.NOT_ELIGIBLE),  # --no-ecfmg
    ],
)
def test_ecfmg_certification_by_the_rank_list_deadline(
    profile_ecfmg: bool | None, status_ecfmg: bool | None, verdict: Verdict
) -> None:
    status = SoapStatus(registered_for_main_match=True, ecfmg_certified_by_rol_deadline=status_ecfmg)
    result = check_eligibility(img(ecfmg=profile_ecfmg), status, rules(), YEAR)
    assert result.verdict is verdict
    ecfmg = next(r for r in result.reasons if r.code == "ecfmg")
    assert ecfmg.rule == "soap_ecfmg" and "NRMP" in ecfmg.source and ecfmg.checked == "2025"
    assert "rank order list certification deadline" in ecfmg.text
    if verdict is Verdict.NOT_ELIGIBLE:
        assert any("Complete ECFMG certification" in line for line in result.instead)
    if verdict is Verdict.UNKNOWN:
        assert result.instead and "ECFMG" in result.instead[0]


def test_ecfmg_does_not_concern_us_graduates() -> None:
    result = check_eligibility(us_md(), SoapStatus(registered_for_main_match=True), rules(), YEAR)
    assert result.verdict is Verdict.ELIGIBLE
    assert "ecfmg" not in codes(result)


def test_without_a_profile_the_ecfmg_condition_is_unknown_unless_given() -> None:
    assert check_eligibility(None, SoapStatus(registered_for_main_match=True), rules(), YEAR).verdict is Verdict.UNKNOWN
    given = SoapStatus(registered_for_main_match=True, ecfmg_certified_by_rol_deadline=True)
    assert check_eligibility(None, given, rules(), YEAR).verdict is Verdict.ELIGIBLE


def test_a_conflicting_commitment_closes_soap() -> None:
    result = check_eligibility(
        img(), SoapStatus(registered_for_main_match=True, conflicting_commitment=True), rules(), YEAR
    )
    assert result.verdict is Verdict.NOT_ELIGIBLE
    conflict = next(r for r in result.reasons if r.code == "conflict")
    assert conflict.rule == "soap_conflicting_commitment" and "Match Participation Agreement" in conflict.source
    assert any("Honour the commitment" in line for line in result.instead)


def test_a_failure_wins_over_an_unknown_and_a_partial_match() -> None:
    status = SoapStatus(
        registered_for_main_match=True, match_status=MatchStatus.PARTIALLY_MATCHED_ADVANCED, conflicting_commitment=True
    )
    assert check_eligibility(img(ecfmg=None), status, rules(), YEAR).verdict is Verdict.NOT_ELIGIBLE


def test_the_rules_of_the_year_asked_are_cited() -> None:
    result = check_eligibility(img(), SoapStatus(registered_for_main_match=True), rules(), 2019)
    assert next(r for r in result.limits if r.code == "rounds").text.startswith("3 offer rounds")


def test_a_rule_applied_long_after_it_was_checked_says_confirm_it() -> None:
    result = check_eligibility(img(), SoapStatus(registered_for_main_match=True), rules(), 2029)
    assert result.verdict is Verdict.ELIGIBLE
    assert len(result.caveats) == 1
    caveat = result.caveats[0]
    assert caveat.startswith("Not yet confirmed for 2029") and "SOAP offer rounds" in caveat
    assert caveat.count("SOAP offer rounds") == 1
    assert check_eligibility(img(), SoapStatus(registered_for_main_match=True), rules(), 2026).caveats == ()


def test_a_year_before_any_rule_says_the_data_is_missing() -> None:
    result = check_eligibility(img(), SoapStatus(registered_for_main_match=True), rules(), 2000)
    assert any("no entry of soap_participation for 2000" in caveat for caveat in result.caveats)
    assert all(not r.source for r in result.reasons)


def test_the_verdict_as_json() -> None:
    status = SoapStatus(registered_for_main_match=True, match_status=MatchStatus.PARTIALLY_MATCHED_ADVANCED)
    data = eligibility_to_dict(check_eligibility(img(), status, rules(), YEAR))
    json.dumps(data)
    assert data["format"] == "matchpilot.soap-eligibility/1"
    assert data["verdict"] == "eligible_complementary_only" and data["year"] == YEAR
    assert all(r["source"] and r["checked"] for r in data["reasons"])
