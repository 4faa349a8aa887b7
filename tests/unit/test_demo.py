"""The fictional demo market: reproducible, plausible, clearly fictional, and valid sheet data."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchpilot.demo import DEMO_SEED, FELLOWSHIPS, FICTIONAL_SUFFIX, DemoData, further_programs, generate_demo
from matchpilot.domain import (
    ApplicantType,
    Program,
    ProgramType,
    Target,
    Track,
    VisaNeed,
    parse_profile,
    parse_sheet,
    profile_to_dict,
    program_to_cells,
    sheet_header,
)
from matchpilot.domain.geography import Setting

AS_OF = date(2026, 9, 15)
SEEDS = (DEMO_SEED, 1, 2, 3, 12345)
PGY1_KINDS = {("Internal Medicine", Track.PRELIMINARY), ("Surgery", Track.PRELIMINARY)}
PGY1_KINDS |= {("Transitional Year", Track.TRANSITIONAL)}
SPECIALTY_CODES = {
    "PM&R": "340",
    "Internal Medicine": "140",
    "Surgery": "440",
    "Transitional Year": "999",
    "Family Medicine": "120",
    "Neurology": "180",
    "Psychiatry": "400",
}


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate_demo(as_of=AS_OF)


def _round_trip(programs: tuple[Program, ...], today: date) -> None:
    header = sheet_header(programs)
    rows = [[cells.get(column, "") for column in header] for cells in map(program_to_cells, programs)]
    parsed = parse_sheet(header, rows, today=today)
    assert parsed.ok, [str(issue) for issue in parsed.issues if issue.is_error][:5]
    assert {issue.code for issue in parsed.issues} <= {"stale-date"}
    assert parsed.programs == programs


def test_same_seed_gives_the_same_data() -> None:
    assert generate_demo(as_of=AS_OF) == generate_demo(DEMO_SEED, as_of=AS_OF)
    assert generate_demo(7, as_of=AS_OF) == generate_demo(7, as_of=AS_OF)


def test_different_seeds_give_different_markets() -> None:
    first, second = generate_demo(1, as_of=AS_OF), generate_demo(2, as_of=AS_OF)
    assert first.programs != second.programs
    assert {p.code for p in first.programs} != {p.code for p in second.programs}


@pytest.mark.parametrize("seed", SEEDS)
def test_market_has_the_promised_size_per_specialty_and_track(seed: int) -> None:
    programs = generate_demo(seed, as_of=AS_OF).programs
    kinds = Counter((p.specialty, p.track) for p in programs)
    pmr = [p for p in programs if p.specialty == "PM&R"]
    assert 100 <= len(pmr) <= 120
    assert {p.track for p in pmr} == {Track.CATEGORICAL, Track.ADVANCED, Track.PHYSICIAN}
    assert kinds["PM&R", Track.CATEGORICAL] >= 35 and kinds["PM&R", Track.ADVANCED] >= 30
    assert 1 <= kinds["PM&R", Track.PHYSICIAN] <= 15
    pgy1 = sum(kinds[kind] for kind in PGY1_KINDS)
    assert 150 <= pgy1 <= 170
    assert all(kinds[kind] >= 20 for kind in PGY1_KINDS)
    others = [p for p in programs if p.specialty != "PM&R" and (p.specialty, p.track) not in PGY1_KINDS]
    assert 30 <= len(others) <= 50
    assert all(p.track is Track.CATEGORICAL for p in others)
    assert {p.specialty for p in others} <= {"Internal Medicine", "Family Medicine", "Neurology", "Psychiatry"}


def test_many_institutions_offer_both_categorical_and_advanced_pmr(demo: DemoData) -> None:
    tracks_by_institution: dict[str, set[Track]] = {}
    for p in demo.programs:
        if p.specialty == "PM&R":
            assert p.institution is not None
            tracks_by_institution.setdefault(p.institution, set()).add(p.track)
    both = [i for i, tracks in tracks_by_institution.items() if {Track.CATEGORICAL, Track.ADVANCED} <= tracks]
    assert len(both) >= 15


@pytest.mark.parametrize("seed", SEEDS)
def test_every_program_and_the_applicant_are_marked_fictional(seed: int) -> None:
    data = generate_demo(seed, as_of=AS_OF)
    assert all(p.name.endswith(" (fictional)") for p in data.programs)
    assert all(p.source is not None and "(fictional)" in p.source for p in data.programs)
    sources = [prov.source for p in data.programs for prov in p.provenance.values()]
    assert sources and all(source is not None and source.endswith("(fictional)") for source in sources)
    assert data.profile.name.endswith("(fictional)")


@pytest.mark.parametrize("seed", SEEDS)
def test_codes_are_unique_and_shaped_like_nrmp_codes(seed: int) -> None:
    programs = generate_demo(seed, as_of=AS_OF).programs
    codes = [p.code for p in programs]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)
    for p in programs:
        match = re.fullmatch(r"(\d{4})(\d{3})([CAPTR])(\d)", p.code)
        assert match is not None, p.code
        assert match.group(2) == SPECIALTY_CODES[p.specialty]
        assert match.group(3) == p.track.letter


def test_programs_of_one_institution_share_its_place(demo: DemoData) -> None:
    place: dict[str, tuple[str | None, str | None, str]] = {}
    for p in demo.programs:
        assert p.institution is not None and p.city is not None and p.state is not None
        assert place.setdefault(p.institution, (p.city, p.state, p.code[:4])) == (p.city, p.state, p.code[:4])


@pytest.mark.parametrize("seed", SEEDS)
def test_every_program_round_trips_through_the_sheet(seed: int) -> None:
    _round_trip(generate_demo(seed, as_of=AS_OF).programs, AS_OF)


@settings(max_examples=15)
@given(seed=st.integers(min_value=0, max_value=2**63), days=st.integers(min_value=0, max_value=20_000))
def test_any_seed_and_day_give_a_valid_fictional_sheet(seed: int, days: int) -> None:
    as_of = date(2000, 2, 29) + timedelta(days=days)
    data = generate_demo(seed, as_of=as_of)
    assert all(p.name.endswith(" (fictional)") for p in data.programs)
    _round_trip(data.programs, as_of)
    assert parse_profile(profile_to_dict(data.profile), today=as_of) == (data.profile, [])


@pytest.mark.parametrize("seed", SEEDS)
def test_unknowns_are_present_but_not_dominant(seed: int) -> None:
    demo = generate_demo(seed, as_of=AS_OF)
    n = len(demo.programs)
    for column in ("visa_j1", "visa_h1b", "img_share", "program_type", "va_affiliated", "positions"):
        unknown = sum(getattr(p, column) is None for p in demo.programs)
        assert 0.05 * n <= unknown <= 0.3 * n, column
    pmr = [p for p in demo.programs if p.specialty == "PM&R"]
    assert 0 < sum(p.emphasis is None for p in pmr) <= 0.3 * len(pmr)
    assert sum(p.interest is None for p in demo.programs) >= 0.8 * n


@pytest.mark.parametrize("seed", SEEDS)
def test_checked_dates_cover_about_eighteen_months_with_some_stale(seed: int) -> None:
    demo = generate_demo(seed, as_of=AS_OF)
    ages = [(AS_OF - p.checked_on).days for p in demo.programs if p.checked_on is not None]
    assert len(ages) == len(demo.programs)
    assert all(0 <= age <= 550 for age in ages)
    stale = sum(age > 365 for age in ages)
    assert 0.15 * len(ages) <= stale <= 0.5 * len(ages)
    for p in demo.programs:
        for prov in p.provenance.values():
            assert prov.checked_on is not None and prov.checked_on <= AS_OF
    assert sum("visa_j1" in p.provenance for p in demo.programs) >= 20


@pytest.mark.parametrize("seed", SEEDS)
def test_visa_sponsorship_mix_is_plausible(seed: int) -> None:
    demo = generate_demo(seed, as_of=AS_OF)
    j1 = Counter(p.visa_j1 for p in demo.programs)
    h1b = Counter(p.visa_h1b for p in demo.programs)
    assert 0.5 <= j1[True] / (j1[True] + j1[False]) <= 0.8
    assert 0.1 <= h1b[True] / (h1b[True] + h1b[False]) <= 0.35
    for p in demo.programs:
        if p.step3_for_h1b is not None:
            assert p.visa_h1b is True
        if p.program_type is ProgramType.MILITARY:
            assert p.visa_j1 is not True and p.visa_h1b is not True
    assert any(p.step3_for_h1b for p in demo.programs)


@pytest.mark.parametrize("seed", SEEDS)
def test_img_share_is_skewed_low_with_img_friendly_community_programs(seed: int) -> None:
    demo = generate_demo(seed, as_of=AS_OF)
    shares = [p.img_share for p in demo.programs if p.img_share is not None]
    assert all(0 <= share <= 100 for share in shares)
    assert sum(share <= 10 for share in shares) >= 0.15 * len(shares)
    community = [p.img_share for p in demo.programs if p.program_type is ProgramType.COMMUNITY and p.img_share]
    assert sum(30 <= share <= 80 for share in community) >= 0.4 * len(community)


@pytest.mark.parametrize("seed", SEEDS)
def test_states_are_weighted_towards_the_large_ones(seed: int) -> None:
    demo = generate_demo(seed, as_of=AS_OF)
    states = Counter(p.state for p in demo.programs)
    assert len(states) >= 20
    big = sum(states[s] for s in ("NY", "CA", "TX", "PA", "FL", "IL", "OH", "MI", "NJ", "MA"))
    assert big >= 0.4 * len(demo.programs)


@pytest.mark.parametrize("seed", SEEDS)
def test_pmr_facts_and_cutoffs_stay_in_range(seed: int) -> None:
    demo = generate_demo(seed, as_of=AS_OF)
    for p in demo.programs:
        assert p.positions is None or 1 <= p.positions <= 12
        assert p.min_step2 is None or 210 <= p.min_step2 <= 235
        assert p.max_years_since_graduation in (None, 3, 5, 7)
        assert set(p.fellowships) <= set(FELLOWSHIPS)
        if p.specialty != "PM&R":
            assert p.fellowships == () and p.emphasis is None
        if p.track is not Track.ADVANCED:
            assert p.linked_pgy1 is None
    assert any(p.fellowships for p in demo.programs)
    assert any(p.min_step2 for p in demo.programs) and any(p.max_years_since_graduation for p in demo.programs)
    assert any(p.usce_required is True for p in demo.programs) and any(p.va_affiliated for p in demo.programs)


@pytest.mark.parametrize("seed", SEEDS)
def test_linked_advanced_programs_have_a_pgy1_at_their_institution(seed: int) -> None:
    demo = generate_demo(seed, as_of=AS_OF)
    pgy1_hosts = {p.institution for p in demo.programs if p.track.is_pgy1_only}
    linked = [p for p in demo.programs if p.linked_pgy1]
    assert linked
    assert all(p.institution in pgy1_hosts for p in linked)


def test_demo_applicant_is_a_valid_non_us_img_needing_a_j1(demo: DemoData) -> None:
    profile = demo.profile
    assert parse_profile(profile_to_dict(profile), today=AS_OF) == (profile, [])
    assert profile.applicant_type is ApplicantType.NON_US_IMG
    assert profile.visa_need is VisaNeed.J1
    assert profile.graduation_year is not None and AS_OF.year - 6 <= profile.graduation_year < AS_OF.year
    assert profile.targets == (Target.PMR, Target.PRELIM, Target.TRANSITIONAL)
    preferred = set(profile.preferred_states)
    assert sum(p.state in preferred and p.specialty == "PM&R" for p in demo.programs) >= 5


@pytest.mark.parametrize("seed", SEEDS)
def test_programs_have_a_setting_shared_by_their_city_with_some_unknown(seed: int) -> None:
    programs = generate_demo(seed, as_of=AS_OF).programs
    known = [p for p in programs if p.setting is not None]
    assert {p.setting for p in known} == set(Setting)
    assert 0.75 * len(programs) <= len(known) < len(programs)
    by_city: dict[tuple[str | None, str | None], Setting] = {}
    for p in known:
        assert p.setting is not None
        assert by_city.setdefault((p.state, p.city), p.setting) is p.setting


def test_further_programs_are_fictional_and_never_share_a_code_with_the_demo() -> None:
    as_of = date(2026, 12, 1)
    demo_codes = {p.code for p in generate_demo(as_of=as_of).programs}
    further = further_programs(2_000, as_of=as_of)
    codes = [p.code for p in further]
    assert len(further) == 2_000 and len(set(codes)) == 2_000
    assert not demo_codes & set(codes)
    assert all(p.name.endswith(FICTIONAL_SUFFIX) for p in further)
    with pytest.raises(ValueError, match="4-digit institution numbers"):
        further_programs(20_000, as_of=as_of)
