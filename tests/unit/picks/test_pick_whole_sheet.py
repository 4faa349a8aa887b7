"""My list on a whole sheet (the demo's, and 5,000 programs made from further seeds of the demo generator):
the worth of each program and what each left-out program would add, which ``make_pick`` now works out once per
distinct value, are exactly what :func:`program_worth` and :func:`gain_if_added` give program by program."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from matchpilot.demo.generator import generate_demo
from matchpilot.domain import Program
from matchpilot.domain.rules import FeeTier
from matchpilot.pick import FeeSchedule, PickLimits, make_pick
from matchpilot.pick.fees import fee_group
from matchpilot.pick.value import gain_if_added
from matchpilot.pick.worth import program_worth
from matchpilot.services.chances import default_weights, estimate_chances

from support.sheets import demo_programs

_AS_OF = date(2026, 12, 1)
FEES = FeeSchedule((FeeTier(1, 30, 11), FeeTier(31, None, 30)), 2027, "test tiers, checked 2026")


def _sheet(size: int) -> list[Program]:
    return list(demo_programs(size, _AS_OF))


@pytest.mark.parametrize("size", [322, 5_000])
def test_worth_fees_and_gains_on_a_whole_sheet_are_those_of_each_program(size: int) -> None:
    applicant = generate_demo(as_of=_AS_OF).profile
    applicant = dataclasses.replace(applicant, preferred_setting=None, wanted_fellowships=("SCI", "pain"))
    report = estimate_chances(applicant, _sheet(size), weights=default_weights(), season_year=2026)
    picked = make_pick(report, PickLimits(40, budget=None), FEES, profile=applicant)
    for item in picked.chosen:
        worth = program_worth(item.program, item.chance.category.value, applicant)
        assert (item.utility, item.utility_source) == (worth.value, worth.explanation)
    ordered = sorted(((p.utility, p.chance.p_match.mid) for p in picked.chosen), key=lambda pair: -pair[0])
    counted = 0
    for left in picked.left_out:
        if left.kind == "worth-less":
            worth = program_worth(left.program, left.chance.category.value, applicant).value
            assert left.gain == gain_if_added(worth, left.chance.p_match.mid, ordered)
            counted += 1
    assert counted > size // 3
    per_group: dict[str, int] = {}
    for item in picked.chosen:
        group = fee_group(item.program)
        per_group[group] = per_group.get(group, 0) + 1
        assert item.fee == FEES.price(per_group[group])


@pytest.mark.parametrize("size", [322, 5_000])
def test_each_filtered_row_is_its_filters_and_the_fee_it_would_have_cost(size: int) -> None:
    """Every program a hard filter removes is left out with its filters' reasons and remedies, and the fee it
    would have cost on top of the list: within its ERAS specialty, the n-th filtered program (in the report's
    order) pays the fee of the application after the list's own and the n - 1 before it. Worked out program by
    program, against the rows ``make_pick`` makes once the list is known."""
    applicant = generate_demo(as_of=_AS_OF).profile
    report = estimate_chances(applicant, _sheet(size), weights=default_weights(), season_year=2026)
    picked = make_pick(report, PickLimits(40, budget=None), FEES, profile=applicant)
    on_list: dict[str, int] = {}
    for item in picked.chosen:
        on_list[fee_group(item.program)] = on_list.get(fee_group(item.program), 0) + 1
    rows = {item.program.code: item for item in picked.filtered}
    wasted: dict[str, int] = {}
    for estimate in report.filtered:
        group = fee_group(estimate.program)
        wasted[group] = wasted.get(group, 0) + 1
        row = rows.pop(estimate.program.code)
        assert row.chance is estimate.chance and row.program is estimate.program and row.gain == 0.0
        assert row.reason == "; ".join(f.reason for f in estimate.chance.filtered)
        assert row.remedy == "; ".join(f.remedy for f in estimate.chance.filtered)
        assert row.fee == FEES.price(on_list.get(group, 0) + wasted[group])
    assert not rows and sum(wasted.values()) > size // 4 and max(wasted.values()) > 30  # past the first fee tier
    codes = [item.program.code for item in picked.filtered]
    assert codes == sorted(codes) and picked.left_out[: len(codes)] == picked.filtered


def _place_from_scratch(chosen, counts):  # type: ignore[no-untyped-def]
    """The signal placement as it was before its running sums were reused: every trial's worth summed from the
    first position (the reference)."""
    from matchpilot.pick.plan import _TOLERANCE, _chance

    left = {(pool, tier): count for pool, tiers in counts.items() for tier, count in tiers.items() if count > 0}
    order = sorted(chosen, key=lambda c: -c.utility)
    worth = [c.utility for c in order]
    members: dict[str, list[int]] = {}
    pools: dict[str, str] = {}
    for position, candidate in enumerate(order):
        if candidate.signal is not None:
            members.setdefault(candidate.signal.group, []).append(position)
            pools[candidate.signal.group] = candidate.signal.pool

    def value(chances: list[float]) -> float:
        total, miss = 0.0, 1.0
        for w, p in zip(worth, chances, strict=True):
            total += w * p * miss
            miss *= 1.0 - p
        return total

    chances = [c.p for c in order]
    signalled: dict[str, str] = {}
    current = value(chances)
    while True:
        best = None
        for group in sorted(members):
            if group in signalled:
                continue
            for (pool, tier), count in left.items():
                if pool != pools[group] or count <= 0:
                    continue
                trial = list(chances)
                for position in members[group]:
                    trial[position] = _chance(order[position], {group: tier})
                gain = value(trial) - current
                if gain > _TOLERANCE and (best is None or gain > best[0] + _TOLERANCE):
                    best = (gain, group, tier, trial)
        if best is None:
            return signalled
        gain, group, tier, chances = best
        signalled[group] = tier
        left[(pools[group], tier)] -= 1
        current += gain


@pytest.mark.parametrize("seed", range(40))
def test_signals_placed_with_running_sums_are_placed_as_summed_from_scratch(seed: int) -> None:
    """``plan._place`` continues each trial's worth from the running sums before its first changed position; the
    signals it places (and so every tie it breaks) must be those of summing each trial from the start."""
    import random

    from matchpilot.domain.portfolio import Candidate, CandidateSignal
    from matchpilot.pick.plan import _place

    rng = random.Random(seed)
    chosen = []
    for n in range(rng.randint(1, 60)):
        p = rng.choice([rng.random() * 0.3, 0.05, 0.1])
        group = f"g{rng.randint(0, 25)}"
        pool = "pmr" if group < "g13" else "other"
        signal = None
        if rng.random() < 0.8:
            signal = CandidateSignal(pool, group, {"gold": min(1.0, p * 2.5), "silver": min(1.0, p * 1.5)})
        chosen.append(Candidate(f"P{n}", p, rng.choice([1.0, 2.0, 3.0, rng.uniform(1, 5)]), 1, None, signal))
    counts = {"pmr": {"gold": rng.randint(0, 3), "silver": rng.randint(0, 6)}, "other": {"gold": rng.randint(0, 4)}}
    assert _place(chosen, counts) == _place_from_scratch(chosen, counts)


@pytest.mark.parametrize("size", [322, 5_000])
def test_signal_options_made_when_read_are_the_signalled_estimates(size: int) -> None:
    """``signal_options`` makes each program's signalled chance when it is first read: every tier's chance at
    every program is, by ``repr`` (each float to the last bit), what ``estimate_signalled`` gives for the
    program's pool, the middle chance of a match the optimizer reads without making it is that chance's, and
    reading a chance twice gives the same object (``make_pick`` recognises a sent signal by identity)."""
    from matchpilot.chances import Outcome, estimate_signalled
    from matchpilot.pick import SignalSeason, signal_options
    from matchpilot.pick.signals import signal_pool

    applicant = generate_demo(as_of=_AS_OF).profile
    sheet = _sheet(size)
    heard = [p.code for p in sheet if signal_pool(p) is not None][:3]  # answers recorded: a signal changes nothing
    report = estimate_chances(
        applicant,
        sheet,
        weights=default_weights(),
        season_year=2026,
        outcomes=[(heard[0], Outcome.SILENT), (heard[1], Outcome.INVITED), (heard[2], Outcome.REJECTED)],
    )
    assert sum(1 for e in report.open if e.chance.observed is not None) >= 2
    season = SignalSeason(2027, {"pmr": {"standard": 3}, "im": {"gold": 1, "silver": 2}, "ty": {"standard": 1}})
    options = signal_options(report, default_weights(), season)
    members: dict[str, list[tuple[Program, object]]] = {}
    for estimate in report.open:
        pool = signal_pool(estimate.program)
        if pool in season.pools:
            members.setdefault(pool, []).append((estimate.program, estimate.chance))
    assert sum(map(len, members.values())) == len(options.programs) > size // 4
    checked = 0
    for pool, pairs in members.items():
        for tier in season.pools[pool]:
            expected = estimate_signalled(pairs, default_weights(), belief=report.after.belief, tier=tier)  # type: ignore[arg-type]
            for (program, _), chance in zip(pairs, expected, strict=True):
                found = options.programs[program.code]
                assert found.p_match_mid(tier) == chance.p_match.mid
                assert repr(found.chances[tier]) == repr(chance)
                assert found.chances[tier] is found.chances[tier]
                checked += 1
    assert checked > size // 3
