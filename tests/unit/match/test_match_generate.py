"""The market generator: reproducible, valid, realistic in the ways the issue asks."""

from __future__ import annotations

from collections import Counter

import pytest

from matchpilot.domain.market import check_instance
from matchpilot.errors import InputError
from matchpilot.match import generate_market


def test_same_seed_same_market_and_another_seed_another() -> None:
    first = generate_market(300, 50, 0.04, 0.1, 0.1, seed=7)
    assert generate_market(300, 50, 0.04, 0.1, 0.1, seed=7) == first
    assert generate_market(300, 50, 0.04, 0.1, 0.1, seed=8) != first


def test_generated_market_is_valid_with_every_feature() -> None:
    market = generate_market(2000, 300, couples_share=0.02, supplemental_share=0.1, reversion_share=0.1, seed=1)
    assert check_instance(market) == []
    assert len(market.applicants) == 2000 and len(market.programs) == 300
    assert len(market.couples) == 20
    assert 0.08 <= sum(1 for a in market.applicants if a.supplemental_lists) / 2000 <= 0.1
    assert 20 <= sum(1 for p in market.programs if p.revert_to) <= 60
    assert 0.85 * 2000 <= market.positions <= 1.0 * 2000


def test_lists_are_about_twelve_long_and_tracks_look_like_pmr() -> None:
    market = generate_market(3000, 400, seed=2)
    lengths = [len(a.ranked) for a in market.applicants]
    assert 10.5 <= sum(lengths) / len(lengths) <= 12.5
    letters = Counter(p.id[7] for p in market.programs)
    assert set(letters) == {"C", "A", "R", "P"}
    assert any(p.id[4:7] == "999" for p in market.programs), "transitional programs (specialty 999)"
    assert any(p.id[4:8] == "340A" for p in market.programs), "advanced PM&R programs"
    assert all(len(p.id) >= 9 and p.id[:4].isdigit() for p in market.programs)


def test_popular_programs_are_ranked_more_often_and_higher() -> None:
    market = generate_market(3000, 200, seed=4)
    times = Counter(p for a in market.applicants for p in a.ranked)
    first = Counter(a.ranked[0] for a in market.applicants if a.ranked)
    counts = sorted(times.values())
    top, bottom = sum(counts[-20:]) / 20, sum(counts[:20]) / 20
    assert top > 3 * bottom, "a skew in how often programs are ranked"
    most = [p for p, _ in times.most_common(20)]
    assert sum(first[p] for p in most) > 0.2 * sum(first.values()), "popular programs are ranked first more often"


def test_programs_rank_only_applicants_who_ranked_them() -> None:
    market = generate_market(500, 60, couples_share=0.1, supplemental_share=0.2, seed=5)
    applied: dict[str, set[str]] = {p.id: set() for p in market.programs}
    for applicant in market.applicants:
        for program in applicant.ranked:
            applied[program].add(applicant.id)
        for supplemental in applicant.supplemental_lists:
            for program in supplemental.rol:
                applied[program].add(applicant.id)
    for couple in market.couples:
        for pair in couple.rol:
            for member, program in zip(couple.members, pair, strict=True):
                if program is not None:
                    applied[program].add(member)
    for program in market.programs:
        assert set(program.rol) <= applied[program.id]
        assert len(program.rol) >= 0.8 * len(applied[program.id]) - 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 5), "The number of applicants must be at least 1"),
        ((5, 0), "The number of programs must be at least 1"),
        ((5, 5, 1.5), "The share of couples must be between 0 and 1"),
    ],
)
def test_bad_sizes_are_input_errors(args: tuple[float, ...], message: str) -> None:
    with pytest.raises(InputError, match=message):
        generate_market(*args)  # type: ignore[arg-type]


def test_tiny_markets_work() -> None:
    for applicants, programs in ((1, 1), (2, 1), (1, 3), (5, 2)):
        market = generate_market(applicants, programs, 0.5, 0.5, 0.5, seed=0)
        assert check_instance(market) == []
