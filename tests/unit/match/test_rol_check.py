"""Rank order list checks: what a user would be told about their list, with the dated limits passed in."""

from __future__ import annotations

import pytest

from matchpilot.domain.issues import Severity
from matchpilot.domain.profile import VisaNeed
from matchpilot.domain.program import Program, Track
from matchpilot.domain.rank_list import RankListLimits, RankOrderList, SupplementalRankList
from matchpilot.errors import InputError, NotFoundError
from matchpilot.match.rol_check import PREFERENCE_ADVICE, check_rank_list, discordant_pairs, export_rows, export_text

LIMITS = RankListLimits(300, 20, "NRMP R3 guide, checked 2025", "NRMP R3 guide, checked 2025")


def program(code: str, track: Track, *, j1: bool | None = True, interest: int | None = None) -> Program:
    return Program(code, f"Program {code} (fictional)", "PM&R", track, visa_j1=j1, interest=interest)


PROGRAMS = {
    p.code: p
    for p in (
        program("1001340C0", Track.CATEGORICAL, interest=5),
        program("1002340A0", Track.ADVANCED, interest=4),
        program("1003340C0", Track.CATEGORICAL, j1=False, interest=3),
        program("1004140P0", Track.PRELIMINARY),
        program("1005999T0", Track.TRANSITIONAL, j1=None),
    )
}


def codes(issues: list[object]) -> list[str]:
    return [issue.code for issue in issues]  # type: ignore[attr-defined]


def test_a_clean_list_has_nothing_to_report() -> None:
    rol = RankOrderList(("1001340C0", "1002340A0"), (SupplementalRankList(("1002340A0",), ("1004140P0",)),))
    assert check_rank_list(rol, PROGRAMS, LIMITS, visa_need=VisaNeed.J1) == []


def test_advanced_program_without_pgy1_plan_is_flagged_unless_a_pgy1_is_held() -> None:
    rol = RankOrderList(("1001340C0", "1002340A0"))
    issues = check_rank_list(rol, PROGRAMS, LIMITS)
    assert codes(issues) == ["advanced-without-pgy1"]
    assert issues[0].where == "1002340A0"
    held = RankOrderList(("1001340C0", "1002340A0"), pgy1_held=True)
    assert check_rank_list(held, PROGRAMS, LIMITS) == []


def test_duplicates_and_bad_supplemental_lists_are_errors() -> None:
    rol = RankOrderList(
        ("1001340C0", "1001340C0", "1002340A0"),
        (
            SupplementalRankList(("1002340A0",), ("1004140P0", "1004140P0", "1003340C0")),
            SupplementalRankList(("1001340C0",), ("1004140P0",)),
        ),
    )
    found = codes(check_rank_list(rol, PROGRAMS, LIMITS))
    assert found.count("duplicate") == 2
    assert "supplemental-not-pgy1" in found
    assert "supplemental-not-advanced" in found


def test_the_rank_limit_and_the_fee_come_from_the_dated_rules() -> None:
    many = {f"2{i:03d}340C0": program(f"2{i:03d}340C0", Track.CATEGORICAL) for i in range(25)}
    rol = RankOrderList(tuple(many))
    issues = check_rank_list(rol, many, RankListLimits(22, 20, "rules A", "rules B"))
    by_code = {issue.code: issue for issue in issues}
    assert by_code["too-many-ranks"].severity is Severity.ERROR
    assert "at most 22 (rules A)" in by_code["too-many-ranks"].message
    assert "5 beyond the 20" in by_code["fee-beyond-free"].message
    assert check_rank_list(RankOrderList(tuple(many)[:20]), many, LIMITS) == []


def test_programs_that_do_not_sponsor_the_needed_visa_are_named() -> None:
    rol = RankOrderList(("1001340C0", "1003340C0", "1005999T0"))
    issues = check_rank_list(rol, PROGRAMS, LIMITS, visa_need=VisaNeed.J1)
    assert [(i.code, i.where.split(" ")[-1]) for i in issues if i.code.startswith("visa")] == [
        ("visa-not-sponsored", "(1003340C0)"),
        ("visa-unknown", "(1005999T0)"),
    ]
    assert not [i for i in check_rank_list(rol, PROGRAMS, LIMITS, visa_need=VisaNeed.NONE) if i.code.startswith("visa")]


def test_an_order_by_chance_gets_the_preference_advice() -> None:
    rol = RankOrderList(("1003340C0", "1002340A0", "1001340C0"), pgy1_held=True)  # interest 3, 4, 5: upside down
    chances = {"1003340C0": 0.6, "1002340A0": 0.3, "1001340C0": 0.1}
    issues = check_rank_list(rol, PROGRAMS, LIMITS, chances=chances)
    order = [i for i in issues if i.code == "ordered-by-chance"]
    assert len(order) == 1
    assert "ordered by your chances" in order[0].message
    assert PREFERENCE_ADVICE in order[0].message
    assert discordant_pairs(rol.primary, {"1003340C0": 3, "1002340A0": 4, "1001340C0": 5}) == [
        ("1003340C0", "1002340A0"),
        ("1003340C0", "1001340C0"),
        ("1002340A0", "1001340C0"),
    ]


def test_export_is_in_entry_order_with_codes() -> None:
    rol = RankOrderList(("1002340A0", "1001340C0"), (SupplementalRankList(("1002340A0",), ("1005999T0", "1004140P0")),))
    rows = export_rows(rol, PROGRAMS)
    assert [(r.list_name, r.rank, r.code) for r in rows] == [
        ("primary", 1, "1002340A0"),
        ("primary", 2, "1001340C0"),
        ("supplemental 1", 1, "1005999T0"),
        ("supplemental 1", 2, "1004140P0"),
    ]
    text = export_text(rol, PROGRAMS)
    assert text.index("1002340A0") < text.index("1001340C0") < text.index("1005999T0")
    assert "attached to 1002340A0" in text


def test_editing_the_list() -> None:
    rol = RankOrderList().with_added("1001340c0").with_added("1002340A0", 1).with_added(" 1003340C0 ")
    assert rol.primary == ("1002340A0", "1001340C0", "1003340C0")
    assert rol.moved("1003340C0", 1).primary == ("1003340C0", "1002340A0", "1001340C0")
    with pytest.raises(InputError):
        rol.with_added("1001340C0")
    with pytest.raises(NotFoundError):
        rol.moved("9999340C0", 1)
    with pytest.raises(InputError):
        rol.moved("1001340C0", 9)
    shared = rol.with_supplemental("1002340A0", ["1004140P0"]).with_supplemental("1001340C0", ["1004140P0"])
    assert shared.supplemental == (SupplementalRankList(("1002340A0", "1001340C0"), ("1004140P0",)),)
    dropped = shared.removed("1002340A0")
    assert dropped.primary == ("1001340C0", "1003340C0")
    assert dropped.supplemental == (SupplementalRankList(("1001340C0",), ("1004140P0",)),)
    assert rol.swapped("1002340A0", "1003340C0").primary == ("1003340C0", "1001340C0", "1002340A0")
