"""The kinds of SOAP position and their worths (issue 14, item 3), and eligibility that asks instead of
assuming registration (item 8)."""

from __future__ import annotations

import pytest
from soap_fixtures import img, rules

from matchpilot.domain.program import Program, Track
from matchpilot.soap import RoundOffer, decide
from matchpilot.soap.eligibility import MatchStatus, SoapStatus, Verdict, check_eligibility
from matchpilot.soap.worths import (
    CONSIDERATIONS,
    DEFAULT_WORTHS,
    WORTH_KINDS,
    Worths,
    complementary,
    parse_worth,
    position_kind,
)

YEAR = 2027


def program(specialty: str, track: Track) -> Program:
    return Program(code="1234340C0", name="A program (fictional)", specialty=specialty, track=track)


@pytest.mark.parametrize(
    ("specialty", "track", "status", "kind"),
    [
        ("Physical Medicine and Rehabilitation", Track.CATEGORICAL, MatchStatus.UNMATCHED, "pmr-categorical"),
        ("Physical Medicine and Rehabilitation", Track.ADVANCED, MatchStatus.UNMATCHED, "pmr-advanced-without-pgy1"),
        (
            "Physical Medicine and Rehabilitation",
            Track.ADVANCED,
            MatchStatus.PARTIALLY_MATCHED_PGY1,
            "pmr-advanced-with-pgy1",
        ),
        ("Internal Medicine", Track.PRELIMINARY, MatchStatus.UNMATCHED, "preliminary"),
        ("Transitional Year", Track.TRANSITIONAL, MatchStatus.UNMATCHED, "transitional"),
        ("Family Medicine", Track.CATEGORICAL, MatchStatus.UNMATCHED, "other"),
    ],
)
def test_each_position_has_its_kind(specialty: str, track: Track, status: MatchStatus, kind: str) -> None:
    assert position_kind(program(specialty, track), status) == kind


def test_a_partial_match_is_completed_only_by_the_other_half() -> None:
    prelim = program("Internal Medicine", Track.PRELIMINARY)
    advanced = program("Physical Medicine and Rehabilitation", Track.ADVANCED)
    categorical = program("Physical Medicine and Rehabilitation", Track.CATEGORICAL)
    assert complementary(prelim, MatchStatus.PARTIALLY_MATCHED_ADVANCED)
    assert not complementary(categorical, MatchStatus.PARTIALLY_MATCHED_ADVANCED)
    assert complementary(advanced, MatchStatus.PARTIALLY_MATCHED_PGY1)
    assert not complementary(prelim, MatchStatus.PARTIALLY_MATCHED_PGY1)
    assert all(complementary(p, MatchStatus.UNMATCHED) for p in (prelim, advanced, categorical))


@pytest.mark.parametrize("text", ["-1", "5.5", "seven", "", "nan"])
def test_a_worth_outside_0_to_5_is_refused_naming_the_kind(text: str) -> None:
    with pytest.raises(ValueError, match=r"^Transitional year \(PGY-1\):"):
        parse_worth("transitional", text)


def test_every_kind_has_a_default_and_the_seeds_considerations() -> None:
    assert set(WORTH_KINDS) == set(DEFAULT_WORTHS) == set(CONSIDERATIONS)
    text = " ".join(CONSIDERATIONS.values())
    for words in ("visa", "location", "separate PGY-1", "reapplying"):
        assert words in text


def test_stored_worths_keep_only_known_kinds_in_range() -> None:
    worths = Worths.from_stored({"preliminary": 4, "other": 9, "fellowship": 2, "transitional": "x"})
    assert worths.of("preliminary") == 4 and worths.set_by_user == {"preliminary"}
    assert worths.of("other") == DEFAULT_WORTHS["other"]


def test_the_offer_explains_its_worth_in_words() -> None:
    offer = RoundOffer("1234140P0", "Prelim (fictional)", 2.0, "preliminary year (pgy-1); you rate this kind 2 of 5")
    decision = decide([offer], [], current_round=4, rounds=4, shares=[0.4, 0.3, 0.2, 0.1])
    why = decision.options[0].why
    assert why == "a sure position worth 2 to you: preliminary year (pgy-1); you rate this kind 2 of 5"


def test_registration_is_asked_not_assumed() -> None:
    result = check_eligibility(img(), SoapStatus(), rules(), YEAR)
    registered = next(r for r in result.reasons if r.code == "registered")
    assert registered.met is None
    assert registered.text.startswith("Tell matchpilot whether you are registered for the Main Residency Match")
    assert result.verdict is Verdict.UNKNOWN
    told = check_eligibility(img(), SoapStatus(registered_for_main_match=True), rules(), YEAR)
    assert told.verdict is Verdict.ELIGIBLE
