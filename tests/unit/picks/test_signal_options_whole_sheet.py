"""``signal_options`` over a whole sheet (the tiers of a pool worked out together, pools by kind of position,
groups read from the codes in bulk) gives each program what it gives the program alone: its pool, its group and
its chance with each tier, to the last bit, on the demo sheet and on a 5,000-program sheet."""

from __future__ import annotations

from datetime import date

import pytest

from matchpilot.chances import Outcome, estimate_signalled
from matchpilot.demo.generator import generate_demo
from matchpilot.pick import SignalSeason, signal_options
from matchpilot.pick.signals import signal_group, signal_pool
from matchpilot.services.chances import default_weights, estimate_chances

from support.sheets import demo_programs

_AS_OF = date(2026, 12, 1)
_SEASON = 2026


@pytest.mark.parametrize("size", [322, 5_000])
@pytest.mark.parametrize("grouping", ["institution", "program"])
def test_each_programs_signal_options_are_its_own_alone(size: int, grouping: str) -> None:
    programs = demo_programs(size, _AS_OF)
    profile = generate_demo(as_of=_AS_OF).profile
    weights = default_weights()
    codes = [p.code for p in programs]
    outcomes = [(codes[n], list(Outcome)[n % 3]) for n in range(5, len(codes), 89)]
    report = estimate_chances(
        profile, programs, weights=weights, season_year=_SEASON, outcomes=outcomes, signals={codes[7]: None}
    )
    season = SignalSeason(
        _SEASON + 1,
        {"pmr": {"standard": 20}, "im": {"gold": 3, "silver": 12}, "ty": {"standard": 4}},
        {"pmr": grouping, "im": grouping},
        source="test counts (fictional)",
        checked="2025",
    )
    options = signal_options(report, weights, season)
    belief = report.after.belief
    expected = {}
    for estimate in report.open:
        pool = signal_pool(estimate.program)
        if pool is None or pool not in season.pools:
            continue
        expected[estimate.program.code] = estimate, pool
    assert set(options.programs) == set(expected) and len(expected) > size // 4
    for code, (estimate, pool) in expected.items():
        found = options.programs[code]
        assert (found.code, found.pool) == (code, pool)
        assert found.group == signal_group(estimate.program, pool, season.grouping.get(pool, "institution"))
        assert list(found.chances) == list(season.pools[pool])
        for tier in season.pools[pool]:
            alone = estimate_signalled([(estimate.program, estimate.chance)], weights, belief=belief, tier=tier)[0]
            assert found.chances[tier] == alone  # floats compare exactly
            assert found.p_match_mid(tier) == alone.p_match.mid
    assert options.season is season and not options.fixed


def test_tier_chances_made_together_read_as_each_made_alone() -> None:
    """``_TierChances.many`` sets the slots of all its objects at once: each reads as ``_TierChances(by_tier, i)``."""
    from matchpilot.pick.signals import _TierChances

    programs = demo_programs(322, _AS_OF)
    weights = default_weights()
    report = estimate_chances(generate_demo(as_of=_AS_OF).profile, programs, weights=weights, season_year=_SEASON)
    from matchpilot.chances.estimate import signalled_tiers

    pairs = [(e.program, e.chance) for e in report.open]
    by_tier = signalled_tiers(pairs, weights, belief=report.after.belief, tiers=("gold", "silver"))
    many = _TierChances.many(by_tier, len(pairs))
    assert len(many) == len(pairs) > 100
    for index, found in enumerate(many):
        alone = _TierChances(by_tier, index)
        assert list(found) == list(alone) == ["gold", "silver"]
        for tier in ("gold", "silver"):
            assert found[tier] is alone[tier] is by_tier[tier][index]
            assert found.p_match_mid(tier) == by_tier[tier][index].p_match.mid


def test_signalled_chances_given_their_middles_must_have_one_per_program() -> None:
    from matchpilot.chances.estimate import SignalledChances
    from matchpilot.chances.rules import signal_term

    report = estimate_chances(
        generate_demo(as_of=_AS_OF).profile, demo_programs(40, _AS_OF), weights=default_weights(), season_year=_SEASON
    )
    kept = [e.chance for e in report.estimates]
    term = signal_term(default_weights(), None)
    with pytest.raises(ValueError, match="39 middle chances for 40 programs"):
        SignalledChances(list(kept), [None] * len(kept), term, (0.0, 0.0), [0.5] * 39)
    given = SignalledChances(list(kept), [None] * len(kept), term, (0.0, 0.0), [c.p_match.mid for c in kept])
    read = SignalledChances(list(kept), [None] * len(kept), term, (0.0, 0.0))
    assert [given.p_match_mid(i) for i in range(40)] == [read.p_match_mid(i) for i in range(40)]


@pytest.mark.parametrize("tier", [None, "gold", "silver"])
def test_each_middle_chance_read_alone_is_the_one_of_the_chance_made_later(tier: str | None) -> None:
    """The optimizer reads each program's middle chance of a match without its chance being made: the same bits as
    the chance's own ``p_match.mid`` when it is made, and its interview range the one made for it alone."""
    from matchpilot.chances.estimate import _band_ends, _interview, signalled_chances

    programs = demo_programs(5_000, _AS_OF)
    weights = default_weights()
    codes = [p.code for p in programs]
    outcomes = [(codes[n], list(Outcome)[n % 3]) for n in range(5, len(codes), 89)]
    report = estimate_chances(
        generate_demo(as_of=_AS_OF).profile, programs, weights=weights, season_year=_SEASON, outcomes=outcomes
    )
    belief = report.after.belief
    pairs = [(e.program, e.chance) for e in report.estimates]
    found = signalled_chances(pairs, weights, belief=belief, tier=tier)
    ends = _band_ends(belief, weights["strength.band"])
    moved = 0
    for index, (_, before) in enumerate(pairs):
        mid = found.p_match_mid(index)  # read before the chance is made
        chance = found[index]
        assert repr(mid) == repr(chance.p_match.mid)
        if chance is before:
            continue
        moved += 1
        may_filter = any(f.may_filter for f in chance.factors)
        alone = _interview(chance.log_odds, belief, ends, may_filter)
        assert repr(chance.p_interview) == repr(alone)
        assert repr(chance.p_match) == repr(alone.scaled(*weights.match_rate(chance.category)))
        assert found[index] is chance  # kept once made
    assert moved > 1_000
