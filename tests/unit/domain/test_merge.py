"""Sheets merged from peers fact by fact: added with sources, newer wins, conflicts kept, private columns safe."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchpilot.domain import Program, Provenance, Track
from matchpilot.domain.merge import (
    MERGED_COLUMNS,
    PRIVATE_COLUMNS,
    Choice,
    FreshnessLevel,
    freshness,
    merge_sheets,
    resolve,
    share_header,
    shared_program,
)

TODAY = date(2026, 11, 23)

MINE = Program(
    code="1001340C0",
    name="Lakeview Rehabilitation (fictional)",
    specialty="PM&R",
    track=Track.CATEGORICAL,
    state="NY",
    visa_j1=True,
    img_share=35.0,
    interest=5,
    notes="my favourite",
    source="program website",
    checked_on=date(2026, 3, 1),
)


def test_a_fact_i_do_not_have_is_added_with_its_source() -> None:
    theirs = replace(MINE, visa_h1b=False, source="coordinator email", checked_on=date(2026, 1, 5))
    result = merge_sheets([MINE], [theirs])
    assert [(f.column, f.after, f.source, f.checked_on) for f in result.added] == [
        ("visa_h1b", "no", "coordinator email", date(2026, 1, 5))
    ]
    (merged,) = result.programs
    assert merged.visa_h1b is False
    assert merged.provenance_of("visa_h1b") == Provenance("coordinator email", date(2026, 1, 5))
    assert merged.provenance_of("visa_j1") == Provenance("program website", date(2026, 3, 1))


def test_the_newer_check_wins_either_way() -> None:
    newer = replace(MINE, img_share=50.0, source="FREIDA", checked_on=date(2026, 6, 1))
    result = merge_sheets([MINE], [newer])
    assert [(f.column, f.before, f.after) for f in result.updated] == [("img_share", "35", "50")]
    assert result.programs[0].img_share == 50.0
    older = replace(MINE, img_share=50.0, source="FREIDA", checked_on=date(2025, 6, 1))
    result = merge_sheets([MINE], [older])
    assert result.programs == () and result.conflicts == ()
    assert ("img_share", "35") in [(f.column, f.after) for f in result.kept]


def test_differences_the_dates_do_not_settle_become_conflicts() -> None:
    undated = replace(MINE, visa_j1=False, source="a classmate", checked_on=None)
    result = merge_sheets([MINE], [undated], fallback_source="peer sheet amina.csv")
    (conflict,) = result.conflicts
    assert (conflict.code, conflict.column, conflict.mine, conflict.theirs) == ("1001340C0", "visa_j1", "yes", "no")
    assert (conflict.mine_source, conflict.mine_checked_on) == ("program website", date(2026, 3, 1))
    assert (conflict.theirs_source, conflict.theirs_checked_on) == ("a classmate", None)
    assert result.programs == ()
    same_day = replace(MINE, visa_j1=False, source="a classmate")
    assert len(merge_sheets([MINE], [same_day]).conflicts) == 1


def test_a_new_program_is_added_without_their_private_columns() -> None:
    theirs = replace(MINE, code="2002340A0", interest=1, notes="their secret", source=None)
    result = merge_sheets([MINE], [theirs], fallback_source="peer sheet amina.csv")
    (added,) = result.programs
    assert result.new_programs == ("2002340A0",)
    assert added.interest is None and added.notes is None
    assert added.source == "peer sheet amina.csv"


def test_same_value_checked_more_recently_refreshes_the_date() -> None:
    theirs = replace(MINE, source="call", checked_on=date(2026, 9, 1))
    result = merge_sheets([MINE], [theirs])
    assert result.updated == () and result.conflicts == ()
    assert {f.column for f in result.confirmed} >= {"visa_j1", "state", "img_share"}
    assert result.programs[0].provenance_of("state") == Provenance("call", date(2026, 9, 1))


def test_resolve_theirs_and_mine() -> None:
    theirs = replace(MINE, visa_j1=False, source="a classmate", checked_on=None)
    (conflict,) = merge_sheets([MINE], [theirs]).conflicts
    kept, issues = resolve(MINE, conflict, Choice.MINE, today=TODAY)
    assert kept == MINE and issues == []
    taken, issues = resolve(MINE, conflict, Choice.THEIRS, today=TODAY)
    assert issues == [] and taken.visa_j1 is False
    assert taken.provenance_of("visa_j1").source == "a classmate"
    assert (taken.interest, taken.notes) == (MINE.interest, MINE.notes)
    with pytest.raises(ValueError):
        resolve(replace(MINE, code="other"), conflict, Choice.THEIRS, today=TODAY)


def test_share_leaves_out_private_columns() -> None:
    shared = shared_program(replace(MINE, provenance=MappingProxyType({"notes": Provenance("me", None)})))
    assert shared.interest is None and shared.notes is None and "notes" not in shared.provenance
    header = share_header([MINE])
    assert "interest" not in header and "notes" not in header and "visa_j1" in header


def test_freshness_levels() -> None:
    assert freshness(replace(MINE, checked_on=date(2026, 10, 1)), TODAY).level is FreshnessLevel.FRESH
    assert freshness(replace(MINE, checked_on=date(2026, 3, 1)), TODAY).level is FreshnessLevel.AGING
    assert freshness(replace(MINE, checked_on=date(2025, 3, 1)), TODAY).level is FreshnessLevel.STALE
    undated = freshness(replace(MINE, checked_on=None), TODAY)
    assert undated.level is FreshnessLevel.UNDATED and undated.label == "no dates"
    one_old_fact = replace(
        MINE,
        checked_on=date(2026, 10, 1),
        provenance=MappingProxyType({"visa_j1": Provenance("call", date(2024, 1, 1))}),
    )
    judged = freshness(one_old_fact, TODAY)
    assert judged.level is FreshnessLevel.STALE and judged.oldest == date(2024, 1, 1)
    assert "2024-01-01" in judged.description


# --- properties ---------------------------------------------------------------------------------------------

_dates = st.one_of(st.none(), st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 11, 1)))

# Each strategy is built once, here: Hypothesis cannot cache one built from a list, and building and validating
# them inside ``programs`` for every program of every example was most of this file's CPU. Same strategies, drawn
# in the same order, so the same examples.
_CODE = st.sampled_from(["1001340C0", "1002340A0", "1003140P0", "1004999T0"])
_NAME = st.sampled_from(["Lakeview (fictional)", "Harbor (fictional)"])
_SPECIALTY = st.sampled_from(["PM&R", "Internal Medicine"])
_TRACK = st.sampled_from(list(Track))
_STATE = st.sampled_from([None, "NY", "PA"])
_POSITIONS = st.one_of(st.none(), st.integers(0, 8))
_YES_NO = st.sampled_from([None, True, False])
_IMG_SHARE = st.sampled_from([None, 0.0, 35.0, 80.0])
_MIN_STEP2 = st.sampled_from([None, 215, 230])
_INTEREST = st.one_of(st.none(), st.integers(1, 5))
_NOTES = st.sampled_from([None, "call in spring", "mine"])
_SOURCE = st.sampled_from([None, "website", "FREIDA"])
_PROVENANCE = st.dictionaries(
    st.sampled_from(["visa_j1", "img_share", "state"]),
    st.builds(Provenance, st.sampled_from([None, "call"]), _dates),
    max_size=2,
)
_CODES = st.lists(_CODE, unique=True)


@st.composite
def programs(draw: st.DrawFn, code: str | None = None) -> Program:
    return Program(
        code=code or draw(_CODE),
        name=draw(_NAME),
        specialty=draw(_SPECIALTY),
        track=draw(_TRACK),
        state=draw(_STATE),
        positions=draw(_POSITIONS),
        visa_j1=draw(_YES_NO),
        visa_h1b=draw(_YES_NO),
        img_share=draw(_IMG_SHARE),
        min_step2=draw(_MIN_STEP2),
        interest=draw(_INTEREST),
        notes=draw(_NOTES),
        source=draw(_SOURCE),
        checked_on=draw(_dates),
        provenance=MappingProxyType(draw(_PROVENANCE)),
    )


@st.composite
def sheets(draw: st.DrawFn) -> list[Program]:
    codes = draw(_CODES)
    return [draw(programs(code)) for code in codes]


@given(sheets())
def test_merging_a_sheet_into_itself_changes_nothing(sheet: list[Program]) -> None:
    result = merge_sheets(sheet, sheet)
    assert result.programs == () and result.conflicts == ()
    assert result.added == () and result.updated == () and result.new_programs == ()


@given(sheets(), sheets())
def test_merge_never_touches_interest_or_notes(mine: list[Program], theirs: list[Program]) -> None:
    result = merge_sheets(mine, theirs)
    before = {p.code: p for p in mine}
    for program in result.programs:
        own = before.get(program.code)
        expected = (None, None) if own is None else (own.interest, own.notes)
        assert (program.interest, program.notes) == expected
        assert not set(PRIVATE_COLUMNS) & {f.column for f in result.added + result.updated}


@given(programs("1001340C0"), programs("1001340C0"))
def test_newer_date_wins_and_older_never_does(mine: Program, theirs: Program) -> None:
    result = merge_sheets([mine], [theirs])
    merged = result.programs[0] if result.programs else mine
    conflicted = {c.column for c in result.conflicts}
    for column in MERGED_COLUMNS:
        ours, their_value = getattr(mine, column), getattr(theirs, column)
        if their_value is None or their_value == () or ours == their_value:
            continue
        if ours is None or ours == ():
            assert getattr(merged, column) == their_value
            continue
        mine_date, their_date = mine.provenance_of(column).checked_on, theirs.provenance_of(column).checked_on
        if mine_date is not None and their_date is not None and their_date > mine_date:
            assert getattr(merged, column) == their_value, column
        elif mine_date is not None and their_date is not None and mine_date > their_date:
            assert getattr(merged, column) == ours, column
        else:
            assert column in conflicted and getattr(merged, column) == ours


@given(sheets(), sheets())
def test_a_merged_program_keeps_every_fact_i_had_unless_a_newer_one_replaced_it(
    mine: list[Program], theirs: list[Program]
) -> None:
    result = merge_sheets(mine, theirs)
    for program in result.programs:
        own = next((p for p in mine if p.code == program.code), None)
        if own is None:
            continue
        for column in MERGED_COLUMNS:
            if getattr(own, column) not in (None, ()):
                assert getattr(program, column) not in (None, ())


def test_merging_writes_each_programs_cells_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: merging wrote every cell of a program once per merged column (about 50 times per program of a
    peer sheet), the most of a merge's time; each program's cells are now written once."""
    import matchpilot.domain.merge as merge

    written: list[str] = []
    real = merge.program_to_cells

    def counted(program: Program) -> dict[str, str]:
        written.append(program.code)
        return real(program)

    monkeypatch.setattr(merge, "program_to_cells", counted)
    theirs = [replace(MINE, visa_h1b=False, checked_on=date(2026, 4, 1)), replace(MINE, code="1002340C0")]
    result = merge.merge_sheets([MINE], theirs)
    assert result.new_programs == ("1002340C0",) and [f.column for f in result.added] != []
    assert sorted(written) == ["1001340C0", "1001340C0", "1002340C0"], "mine and theirs of the shared code, the new"
