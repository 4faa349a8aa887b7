"""Couples' paired lists: editing (both "no match" refused, at most 300 pairs), the checks and the export."""

from __future__ import annotations

import pytest

from matchpilot.domain.issues import Severity
from matchpilot.domain.profile import VisaNeed
from matchpilot.domain.program import Program, Track
from matchpilot.domain.rank_list import MAX_COUPLE_PAIRS, CouplePair, CoupleRankList, RankListLimits, couple_code
from matchpilot.errors import InputError, NotFoundError
from matchpilot.match.rol_check import check_couple_list, couple_export_rows, couple_export_text

LIMITS = RankListLimits(300, 20, "NRMP R3 guide, checked 2025", "NRMP R3 guide, checked 2025")


def program(code: str, *, j1: bool | None = True) -> Program:
    return Program(code, f"Program {code} (fictional)", "PM&R", Track.CATEGORICAL, visa_j1=j1)


PROGRAMS = {p.code: p for p in (program("1001340C0"), program("1003340C0", j1=False), program("1005340C0", j1=None))}


def test_no_match_words_and_codes() -> None:
    assert couple_code("none") is None and couple_code(" No-Match ") is None and couple_code("-") is None
    assert couple_code(" 1001340c0 ") == "1001340C0"
    with pytest.raises(InputError):
        couple_code("  ")


def test_editing_a_couple_list() -> None:
    couple = CoupleRankList().with_partner("  Sam   Partner ", " N123 ")
    assert (couple.partner_name, couple.partner_id) == ("Sam Partner", "N123")
    couple = couple.with_pair("1001340c0", "2001140C0").with_pair(None, "2002140C0").with_pair("1003340C0", None, 1)
    assert couple.pairs == (
        CouplePair("1003340C0", None),
        CouplePair("1001340C0", "2001140C0"),
        CouplePair(None, "2002140C0"),
    )
    with pytest.raises(InputError, match="both cannot"):
        couple.with_pair(None, "none")
    with pytest.raises(InputError, match="already on your couple's list"):
        couple.with_pair("1001340C0", "2001140c0")
    with pytest.raises(InputError, match="out of range"):
        couple.with_pair("1001340C0", None, 9)
    with pytest.raises(InputError):
        CoupleRankList().with_partner("   ")
    assert couple.without_pair(1).pairs[0] == CouplePair("1001340C0", "2001140C0")
    with pytest.raises(NotFoundError):
        couple.without_pair(4)


def test_at_most_300_pairs_are_stored() -> None:
    full = CoupleRankList(pairs=tuple(CouplePair(f"1{i:03d}340C0", None) for i in range(MAX_COUPLE_PAIRS)))
    with pytest.raises(InputError, match="at most 300"):
        full.with_pair("9999340C0", None)


def test_a_clean_couple_list_has_nothing_to_report() -> None:
    couple = CoupleRankList("Sam", "", (CouplePair("1001340C0", "2001140C0"), CouplePair(None, "2001140C0")))
    assert check_couple_list(couple, PROGRAMS, LIMITS, visa_need=VisaNeed.J1) == []
    assert check_couple_list(CoupleRankList(), PROGRAMS, LIMITS) == []


def test_couple_list_problems_are_reported() -> None:
    pairs = (
        CouplePair("1001340C0", "2001140C0"),
        CouplePair(None, None),
        CouplePair("1001340C0", "2001140C0"),
        CouplePair("1003340C0", None),
        CouplePair("1005340C0", "2002140C0"),
        CouplePair("7777340C0", None),
    )
    issues = check_couple_list(
        CoupleRankList(pairs=pairs), PROGRAMS, RankListLimits(5, 20, "rules A"), visa_need=VisaNeed.J1
    )
    found = {(i.code, i.where) for i in issues}
    assert ("couple-no-partner", "couple's list") in found
    assert ("couple-both-no-match", "couple's list, rank 2") in found
    assert ("couple-duplicate", "couple's list, rank 3") in found
    assert ("unknown-program", "7777340C0") in found
    by_code = {i.code: i for i in issues}
    assert by_code["couple-too-many-pairs"].severity is Severity.ERROR
    assert "at most 5 (rules A)" in by_code["couple-too-many-pairs"].message
    assert by_code["visa-not-sponsored"].where.endswith("(1003340C0)")
    assert by_code["visa-unknown"].where.endswith("(1005340C0)")
    assert all(not i.where.endswith("(2001140C0)") for i in issues)  # the partner's side is not checked for my visa


def test_export_in_entry_order_spells_out_no_match() -> None:
    couple = CoupleRankList("Sam", "N123", (CouplePair("1001340C0", None), CouplePair(None, "2001140C0")))
    rows = couple_export_rows(couple, PROGRAMS)
    assert [(r.rank, r.mine, r.partner) for r in rows] == [(1, "1001340C0", ""), (2, "", "2001140C0")]
    text = couple_export_text(couple, PROGRAMS)
    assert text.splitlines() == [
        "Couple's paired rank order list with Sam (N123)",
        "  1. 1001340C0  Program 1001340C0 (fictional)  |  No match",
        "  2. No match  |  2001140C0",
    ]


def test_moving_a_pair_keeps_the_others_in_order() -> None:
    couple = CoupleRankList(
        "Sam", "", (CouplePair("1001340C0", None), CouplePair(None, "2001140C0"), CouplePair("1003340C0", "2002140C0"))
    )
    assert couple.with_pair_moved(3, 1).pairs == (
        CouplePair("1003340C0", "2002140C0"),
        CouplePair("1001340C0", None),
        CouplePair(None, "2001140C0"),
    )
    assert couple.with_pair_moved(1, 3).pairs[2] == CouplePair("1001340C0", None)
    assert couple.with_pair_moved(2, 2) == couple
    with pytest.raises(NotFoundError):
        couple.with_pair_moved(4, 1)
    with pytest.raises(InputError, match="out of range"):
        couple.with_pair_moved(1, 0)
