"""The whole sheet's chances over arrays (``chances.sheet``) give the numbers of the program-by-program path, to
the last bit: the sums of log-odds over a whole table are ``math.fsum``'s, each program's slot keys numbered over
the sheet's columns keep apart exactly the values the program-by-program keys keep apart, and the hard requirements
made one check at a time are those ``Assessor.requirements`` joins."""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from typing import Any

import numpy as np
import pytest
from chances_fixtures import SEASON, demo_profiles, lca_evidence, weights

from matchpilot.chances import Outcome, estimate_all
from matchpilot.chances.model import Filter, Interval, ProgramChance
from matchpilot.chances.report import ProgramEstimate, chances_columns, ranked_estimates
from matchpilot.chances.rules import REQUIREMENT_CHECK_FACTS, REQUIREMENT_FACTS, Assessor, _requirements
from matchpilot.chances.sheet import _codes, fsum_rows
from matchpilot.domain import Program, Track
from matchpilot.domain.program_columns import PROGRAM_FIELDS, ColumnNumbers

from support.sheets import demo_programs

_AS_OF = date(2026, 12, 1)


def _bits(values: np.ndarray) -> list[int]:
    return np.asarray(values, dtype=np.float64).view(np.int64).tolist()


def _fsum(table: np.ndarray) -> list[int]:
    return _bits(np.array([math.fsum(row) for row in table.tolist()], dtype=np.float64))


@pytest.mark.parametrize("width", [0, 1, 2, 3, 5, 8, 13, 24])
def test_fsum_rows_is_math_fsum_to_the_last_bit(width: int) -> None:
    rng = np.random.default_rng(width)
    tables = [
        rng.normal(0.0, 3.0, (3_000, width)),
        rng.normal(0.0, 1.0, (1_000, width)) * 10.0 ** rng.integers(-30, 30, (1_000, width)),
        np.round(rng.normal(0.0, 1.0, (3_000, width)), 2),  # decimals: sums that land on exact ties
        np.round(rng.normal(0.0, 1.0, (1_000, width)), 1) ** 2,
        np.full((10, width), -0.0),
        np.zeros((10, width)),
    ]
    padded = rng.normal(0.0, 1.0, (1_000, width))
    padded[:, ::2] = -0.0  # the padding of the sheet's rows
    tables.append(padded)
    if width >= 2:
        cancelled = rng.normal(0.0, 1.0, (1_000, width))
        cancelled[:, 1] = -cancelled[:, 0]
        tables.append(cancelled)
    if width >= 3:
        tiny = np.zeros((300, width))
        tiny[:, 0], tiny[:, 1] = 1.0, 2.0**-53  # a tie that the third term breaks, or not
        tiny[:, 2] = 2.0**-105 * rng.choice([-1.0, 0.0, 1.0], 300)
        tables.append(tiny)
    for table in tables:
        assert _bits(fsum_rows(table)) == _fsum(table)


def test_fsum_rows_rounds_ties_as_math_fsum_whether_or_not_the_errors_add_up_exactly() -> None:
    """A sum on an exact tie between two floats rounds to even: ``fsum_rows`` takes one IEEE addition of the
    terms' sum and their errors' sum where the errors' own errors are 0, and otherwise checks its bound or asks
    ``math.fsum``; every way gives ``math.fsum``'s bits."""
    u = 2.0**-53
    rows = [
        [1.0, u, -0.0, -0.0],  # a tie: rounds down to even
        [1.0 + 2 * u, u, -0.0, -0.0],  # a tie: rounds up to even
        [1.0, u, u * u, -0.0],  # just above the tie
        [1.0, u, -u * u, -0.0],  # just below it
        [1.0, u, u * u, -u * u],  # the tie again, by errors that cancel
        [1.0, u, u * u, u * u * u],  # errors of errors of errors
        [-1.0, -u, -u * u, u * u * u],
        [3.0, 0.1, 0.2, -0.3],
        [0.1, 0.2, 0.3, -0.6],
        [1e-320, 3e-321, -1e-320, -0.0],  # subnormal
    ]
    rng = np.random.default_rng(7)
    for _ in range(200):
        terms = list(np.round(rng.normal(0.0, 1.0, 6), int(rng.integers(1, 4))))
        rows.append([*terms, -math.fsum(terms[:3]), u * float(rng.choice([-1.0, 1.0]))])
    for width in (4, 8):
        table = np.array([row[:width] + [-0.0] * (width - len(row[:width])) for row in rows], dtype=np.float64)
        assert _bits(fsum_rows(table)) == _fsum(table)


def test_fsum_rows_gives_math_fsums_infinities_and_nans() -> None:
    table = np.array([[math.inf, 1.0, 2.0], [1.0, math.nan, 0.5], [-math.inf, -1.0, 0.0]])
    found = fsum_rows(table)
    assert found[0] == math.inf and math.isnan(found[1]) and found[2] == -math.inf
    with pytest.raises(OverflowError):  # math.fsum's own error
        fsum_rows(np.array([[1.0, 2.0], [1e308, 1e308]]))


def _groups(codes: np.ndarray) -> list[int]:
    """The numbers renamed in the order they first appear (the numbering's order does not matter, only which
    values share a number)."""
    seen: dict[int, int] = {}
    return [seen.setdefault(code, len(seen)) for code in codes.tolist()]


def test_column_numbers_keep_apart_what_the_program_keys_kept_apart() -> None:
    values: list[object] = [1, 1.0, True, None, 1, True, 2]
    typed, size = _codes(values, typed=True)
    assert _groups(typed) == [0, 1, 2, 3, 0, 2, 4] and size == 5  # 1, 1.0 and True apart, as (type, value) keys
    plain, size = _codes(values, typed=False)
    assert _groups(plain) == [0, 0, 0, 1, 0, 0, 2] and size == 3  # equal values one, as plain keys
    tracks, size = _codes([Track.CATEGORICAL, None, Track.ADVANCED, Track.CATEGORICAL, None], typed=False)
    assert _groups(tracks) == [0, 1, 2, 0, 1] and size == 3  # members by identity
    flags, size = _codes([True, None, False, True, False, None], typed=True)
    assert _groups(flags) == [0, 1, 2, 0, 2, 1] and size == 3
    assert sorted(set(flags.tolist())) == list(range(size))  # numbers from 0 to size - 1
    texts, _ = _codes(["a", "b" * 2, "a", "bb"], typed=True)
    assert _groups(texts) == [0, 1, 0, 1]  # equal strings, different objects: one value
    nans, _ = _codes([math.nan, math.nan, 0.5], typed=True)
    assert _groups(nans)[2] == len(set(nans.tolist())) - 1  # a float column numbered as a dict keys it


@pytest.mark.parametrize("size", [322, 5_000])
def test_the_checks_made_one_at_a_time_join_into_the_requirements(size: int) -> None:
    programs = demo_programs(size, _AS_OF)
    evidence = lca_evidence(programs, 5)
    for applicant in demo_profiles(_AS_OF)[:3]:
        assessor = Assessor(applicant, weights(), season_year=SEASON)
        alone = Assessor(applicant, weights(), season_year=SEASON)
        for program in programs:
            found = evidence.get(program.code)
            parts = [assessor.requirement_check(which, program, found) for which in range(len(REQUIREMENT_CHECK_FACTS))]
            joined = (sum((p[0] for p in parts), ()), sum((p[1] for p in parts), ()))
            plain = tuple(tuple(part) for part in _requirements(applicant, program, weights(), SEASON, found))
            assert joined == alone.requirements(program, found) == plain


def test_each_check_reads_only_its_own_facts() -> None:
    """A whole sheet makes each check once per value of its facts: giving a program another program's other
    facts (all but the check's) must leave that check's filters and terms as they were."""
    assert tuple(name for names in REQUIREMENT_CHECK_FACTS for name in names) == REQUIREMENT_FACTS
    programs = demo_programs(322, _AS_OF)
    for applicant in demo_profiles(_AS_OF)[:3]:
        assessor = Assessor(applicant, weights(), season_year=SEASON)
        for which, names in enumerate(REQUIREMENT_CHECK_FACTS):
            others = [name for name in PROGRAM_FIELDS if name not in names and name != "code"]
            for n, program in enumerate(programs):
                donor = programs[(n * 37 + 11) % len(programs)]
                changed = dataclasses.replace(program, **{name: getattr(donor, name) for name in others})
                fresh = Assessor(applicant, weights(), season_year=SEASON)
                assert fresh.requirement_check(which, changed, None) == assessor.requirement_check(which, program, None)


def _sorted_by_keys(programs: tuple[Program, ...], chances: list[ProgramChance]) -> list[ProgramEstimate]:
    """The report's order as it was made: the estimates sorted by (filtered, -middle, code)."""
    by_code = {p.code: p for p in programs}
    found = [ProgramEstimate(by_code[c.code], c) for c in chances]
    found.sort(key=lambda e: (e.chance.is_filtered, -e.chance.p_interview.mid, e.program.code))
    return found


def test_the_report_is_ranked_over_arrays_as_by_its_sort_keys() -> None:
    """Ties of the middle chance (0.0 and -0.0 among them), filtered programs, codes out of order."""
    programs = demo_programs(2_000, _AS_OF)
    rng = np.random.default_rng(5)
    mids = rng.choice([0.0, -0.0, 0.25, 0.5, 0.125, 1.0], len(programs)).tolist()
    flagged = (Filter("test", "a test filter (fictional)", "none"),)
    chances = [
        ProgramChance(p.code, flagged if n % 7 == 0 else (), (), Interval(0.0, mid, 1.0), Interval(0.0, mid, 1.0))
        for n, (p, mid) in enumerate(zip(programs, mids, strict=True))
    ]
    order = rng.permutation(len(programs)).tolist()
    shuffled = tuple(programs[i] for i in order)
    shuffled_chances = [chances[i] for i in order]
    assert ranked_estimates(shuffled, shuffled_chances) == _sorted_by_keys(shuffled, shuffled_chances)
    assert ranked_estimates(programs, chances) == _sorted_by_keys(programs, chances)
    twice = (*programs[:50], programs[3])  # a code given twice: the last program of the code, as before
    twice_chances = [*chances[:50], chances[3]]
    assert ranked_estimates(twice, twice_chances) == _sorted_by_keys(twice, twice_chances)


def test_the_columns_of_a_report_are_its_estimates_numbers() -> None:
    programs = demo_programs(5_000, _AS_OF)
    codes = [p.code for p in programs]
    outcomes = {codes[n]: list(Outcome)[n % 3] for n in range(0, len(codes), 101)}
    chances = estimate_all(demo_profiles(_AS_OF)[0], programs, weights(), season_year=SEASON, outcomes=outcomes)
    estimates = ranked_estimates(programs, chances)
    columns = chances_columns(estimates)
    assert columns.codes == tuple(e.program.code for e in estimates)
    assert columns.filtered.tolist() == [e.chance.is_filtered for e in estimates] and columns.filtered.any()
    for name, table in (("p_interview", columns.p_interview), ("p_match", columns.p_match)):
        ends = [
            (getattr(e.chance, name).low, getattr(e.chance, name).mid, getattr(e.chance, name).high) for e in estimates
        ]
        assert _bits(table.reshape(-1)) == _bits(np.array(ends).reshape(-1))
    assert columns.categories == tuple(e.chance.category for e in estimates)
    assert columns.observed == tuple(e.chance.observed for e in estimates) and any(columns.observed)
    empty = chances_columns(())
    assert empty.p_match.shape == (0, 3) and empty.codes == ()


def _numbered(values: tuple[object, ...], *, finer: bool) -> ColumnNumbers:
    """A column numbered by value and type, or (``finer``) with equal values split over several numbers."""
    number: dict[object, int] = {}
    codes = [number.setdefault((type(value), value), len(number)) for value in values]
    if finer:
        codes = [code * 3 + row % 3 for row, code in enumerate(codes)]
        return ColumnNumbers(np.array(codes, dtype=np.int64), len(number) * 3)
    return ColumnNumbers(np.array(codes, dtype=np.int64), len(number))


@pytest.mark.parametrize("numbers", ["none", "typed", "finer"])
@pytest.mark.parametrize("size", [322, 5_000])
def test_the_terms_read_from_the_sheets_columns_are_those_read_from_its_programs(size: int, numbers: str) -> None:
    """Programs made from columns (``ProgramColumns.programs``: a ``ProgramRows``) hand ``sheet_terms`` their
    columns as they are, and the numbers of some (as the database's reading numbers them, or finer: equal
    values under several numbers); the filters, factors, log-odds (to the last bit), "may filter", codes and
    kinds of position must be those of the same programs in a plain tuple, for several applicants, with DOL LCA
    evidence, signals and a cohort."""
    from matchpilot.chances.cohort import CohortTerm
    from matchpilot.chances.sheet import sheet_terms
    from matchpilot.domain.program_columns import NUMBERED_FIELDS, ProgramColumns, ProgramRows

    programs = demo_programs(size, _AS_OF)
    columns = ProgramColumns.of(programs)
    if numbers != "none":
        numbered = {name: _numbered(columns.column(name), finer=numbers == "finer") for name in NUMBERED_FIELDS}
        columns = ProgramColumns(columns.columns, numbered)
    rows = columns.programs()
    assert isinstance(rows, ProgramRows) and rows == programs and type(rows[1:]) is tuple
    evidence = lca_evidence(programs, 5)
    cohort = {p.code: CohortTerm(p.code, 0.25 * (n % 3 - 1), 0.1, 5 + n % 7, 9) for n, p in enumerate(programs[::9])}
    signals = {p.code: None for p in programs[:: size // 7][:4]}
    for applicant in demo_profiles(_AS_OF):
        for sent, terms_of in (((), {}), (signals, cohort)):
            made = [
                sheet_terms(
                    Assessor(applicant, weights(), season_year=SEASON, signals=sent), given, evidence, terms_of, 0.25
                )
                for given in (rows, tuple(programs))
            ]
            one, other = made
            assert one.filters == other.filters and one.factors == other.factors
            assert _bits(np.array(one.etas)) == _bits(np.array(other.etas))
            assert (one.may_filter, one.codes, one.targets) == (other.may_filter, other.codes, other.targets)


def test_the_estimates_of_a_sheet_read_as_columns_hand_sheet_terms_its_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """``estimate_all`` passes programs made from columns (My list's path) on as they are, so ``sheet_terms``
    reads the columns; the chances equal those of the same programs in a list, every float to the last bit."""
    from matchpilot.chances.sheet import sheet_terms
    from matchpilot.domain.program_columns import ProgramColumns, ProgramRows

    programs = demo_programs(1_000, _AS_OF)
    rows = ProgramColumns.of(programs).programs()
    given: list[type] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        given.append(type(args[1]))
        return sheet_terms(*args, **kwargs)

    monkeypatch.setattr("matchpilot.chances.estimate.sheet_terms", spy)
    evidence = lca_evidence(programs, 5)
    for applicant in demo_profiles(_AS_OF)[:2]:
        made = [
            estimate_all(applicant, given_programs, weights(), season_year=SEASON, h1b_evidence=evidence)
            for given_programs in (rows, list(programs))
        ]
        assert repr(made[0]) == repr(made[1])
    assert given == [ProgramRows, list] * 2


def test_the_distinct_combinations_are_numpys_unique_with_or_without_a_sort() -> None:
    """``_distinct`` gives ``np.unique``'s first positions and inverse exactly, by a running count where the
    numbers are few and by ``np.unique`` itself where they are many."""
    from matchpilot.chances.sheet import _distinct

    rng = np.random.default_rng(11)
    for count, radix in [(1, 1), (5, 3), (1_000, 7), (5_000, 52), (5_000, 5_000), (300, 200_000), (2, 2**40)]:
        combined = rng.integers(0, min(radix, 2**40), count).astype(np.int64)
        combined[::3] = combined[0]  # repeats, and a first value seen again
        _, firsts, at = np.unique(combined, return_index=True, return_inverse=True)
        found_firsts, found_at = _distinct(combined, radix)
        assert found_firsts.tolist() == firsts.tolist() and found_at.tolist() == at.reshape(-1).tolist()
