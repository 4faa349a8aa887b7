"""The simulation core: same seed, same figures however the batches are split and run; what-ifs on common
random numbers; intervals that cover what they should."""

from __future__ import annotations

import numpy as np
import pytest

from matchpilot.domain.market import ApplicantEntry, MatchInstance, ProgramEntry
from matchpilot.errors import InputError
from matchpilot.match import run_match
from matchpilot.match.simulate import (
    ListVariant,
    MarketSpec,
    NamedProgram,
    ProgramOdds,
    batch_sizes,
    batch_tasks,
    build_market,
    combine,
    compile_variants,
    paired_difference,
    run_batch,
    summarize,
    wilson_interval,
)

SPEC = MarketSpec(120, 24, 0.9, 0.1, seed=3, name="test")
NAMED = (
    NamedProgram("1001340C0", "C", True, 2),
    NamedProgram("1002340A0", "A", True, 3),
    NamedProgram("1003140P0", "P", False, 3),
    NamedProgram("1004340C0", "C", True, 2),
)
ODDS = (
    ProgramOdds("1001340C0", (0.2, 0.4, 0.6), (0.1, 0.2, 0.3)),
    ProgramOdds("1002340A0", (0.3, 0.5, 0.7), (0.15, 0.25, 0.35)),
    ProgramOdds("1003140P0", (0.5, 0.6, 0.7), (0.3, 0.4, 0.5)),
    ProgramOdds("1004340C0", (0.4, 0.5, 0.6), (0.2, 0.3, 0.4)),
)
MINE = ListVariant("your list", ("1001340C0", "1002340A0", "1004340C0"), ((("1002340A0",), ("1003140P0",)),))
SWAP = ListVariant("swap", ("1004340C0", "1002340A0", "1001340C0"), MINE.supplemental)


@pytest.fixture(scope="module")
def market():  # type: ignore[no-untyped-def]
    return build_market(SPEC, NAMED, ODDS)


def run_all(market, variants, runs, seed, engine="auto"):  # type: ignore[no-untyped-def]
    compiled = compile_variants(market, variants)
    tasks = batch_tasks(runs, seed, 40_000)  # 50 runs per batch
    return tasks, [run_batch(market, compiled, task, engine=engine) for task in tasks]


def test_same_seed_same_result_whatever_the_batch_order(market) -> None:  # type: ignore[no-untyped-def]
    tasks, results = run_all(market, [MINE], 200, 11)
    assert len(tasks) == 4
    forward = combine(results)
    backward = combine(list(reversed(results)))
    assert all(np.array_equal(a, b) for a, b in zip(forward, backward, strict=True))
    again = combine(run_all(market, [MINE], 200, 11)[1])
    assert all(np.array_equal(a, b) for a, b in zip(forward, again, strict=True))
    other = combine(run_all(market, [MINE], 200, 12)[1])
    assert not np.array_equal(forward[0], other[0])


def test_compiled_and_plain_python_give_the_same_runs(market) -> None:  # type: ignore[no-untyped-def]
    compiled = compile_variants(market, [MINE])
    task = batch_tasks(5, 4, 1)[0]
    fast = run_batch(market, compiled, task, engine="numba")
    plain = run_batch(market, compiled, task, engine="python")
    assert np.array_equal(fast.matched, plain.matched)
    assert np.array_equal(fast.supplemental, plain.supplemental)


def test_what_ifs_share_the_draws(market) -> None:  # type: ignore[no-untyped-def]
    _, alone = run_all(market, [MINE], 200, 5)
    _, together = run_all(market, [MINE, SWAP, MINE], 200, 5)
    mine_alone = combine(alone)[0][0]
    matched = combine(together)[0]
    assert np.array_equal(mine_alone, matched[0])  # adding what-ifs never changes the applicant's own runs
    assert np.array_equal(matched[0], matched[2])  # the same list on the same draws: the same outcome, run by run
    summary = summarize(market, [MINE, SWAP, MINE], together, seed=5)
    identical = summary.what_ifs[1]
    assert identical.difference is not None
    assert identical.difference.value == identical.difference.low == identical.difference.high == 0.0
    assert identical.changed_runs == 0
    # swapping never changes whether you match at all (the set ranked is the same), only where
    swap = summary.what_ifs[0]
    assert swap.p_match.value == summary.baseline.p_match.value
    assert swap.changed_runs > 0


def test_the_summary_adds_up(market) -> None:  # type: ignore[no-untyped-def]
    _, results = run_all(market, [MINE], 300, 2)
    summary = summarize(market, [MINE], results, seed=2)
    base = summary.baseline
    assert summary.runs == 300
    assert base.p_match.value + base.unmatched.value == pytest.approx(1.0)
    assert sum(e.value for _, e in base.by_program) == pytest.approx(base.p_match.value)
    assert 0 < base.p_match.value < 1
    assert base.p_match.low < base.p_match.value < base.p_match.high


def test_a_program_that_never_ranks_you_never_matches_you() -> None:
    odds = (*ODDS[:3], ProgramOdds("1004340C0", (0.0, 0.0, 0.0), (0.0, 0.0, 0.0)))
    market = build_market(SPEC, NAMED, odds)
    variant = ListVariant("only", ("1004340C0",))
    compiled = compile_variants(market, [variant])
    result = run_batch(market, compiled, batch_tasks(50, 1, 1)[0])
    assert (result.matched == -1).all()


def test_one_draw_matches_the_engine_on_the_same_instance() -> None:
    """A market with no noise to speak of, rebuilt as an instance, gives the applicant the same match as
    run_match (the fast path builds the engine's arrays itself)."""
    market = build_market(MarketSpec(60, 12, 0.9, 0.0, seed=9, name="t"), NAMED[:1], ODDS[:1])
    compiled = compile_variants(market, [ListVariant("x", ("1001340C0",))])
    task = batch_tasks(1, 0, 1)[0]
    outcome = run_batch(market, compiled, task).matched[0, 0]
    # rebuild the same draw as an instance
    rng = np.random.default_rng(task.seed)
    from matchpilot.match import simulate as core

    noise = rng.standard_normal(market.entries)
    keep = rng.random(market.entries)
    u = float(rng.random())
    decide = rng.random(len(market.codes))
    place = rng.random(len(market.codes))
    interview, match = core._odds_now(market.odds, u)
    state = np.where(decide < match, 1, np.where(decide < interview, 2, 0)).astype(np.int64)
    arrays = core._draw(
        market.q_ptr, market.q_app, market.quality, noise, keep, state, place, market.quota, market.o_ptr,
        market.o_prog, market.o_q, market.o_supp, market.so_ptr, market.so_prog, market.so_q, core.DROP_SHARE,
        core.NOISE_SD,
    )  # fmt: skip
    p_ptr, p_app = arrays[4], arrays[5]
    names = [f"a{i}" for i in range(market.applicants)]
    programs = tuple(
        ProgramEntry(code, int(market.quota[p]), tuple(names[a] for a in p_app[p_ptr[p] : p_ptr[p + 1]]))
        for p, code in enumerate(market.codes)
    )
    applicants = []
    for a in range(market.applicants - 1):
        ranked = tuple(market.codes[p] for p in market.o_prog[market.o_ptr[a] : market.o_ptr[a + 1]])
        applicants.append(ApplicantEntry(names[a], ranked))
    applicants.append(ApplicantEntry(names[-1], ("1001340C0",)))
    result = run_match(MatchInstance(programs, tuple(applicants)))
    expected = result.matches[names[-1]]
    assert (market.codes[outcome] if outcome >= 0 else None) == expected


def test_batches_depend_on_runs_and_market_only() -> None:
    assert batch_sizes(600, 13_000) == [153, 153, 153, 141]
    assert sum(batch_sizes(10_000, 13_000)) == 10_000
    assert batch_sizes(3, 10**9) == [1, 1, 1]
    with pytest.raises(InputError):
        batch_sizes(0, 10)


def test_wilson_interval_and_paired_difference() -> None:
    estimate = wilson_interval(81, 100)
    assert estimate.value == 0.81
    assert estimate.low == pytest.approx(0.7222, abs=1e-3)
    assert estimate.high == pytest.approx(0.8749, abs=1e-3)
    assert wilson_interval(0, 50).low == 0.0
    assert wilson_interval(0, 50).high > 0.0
    baseline = np.array([True, False, True, False] * 25)
    better = baseline.copy()
    better[1::4] = True
    diff = paired_difference(better, baseline)
    assert diff.value == pytest.approx(0.25)
    assert diff.low < 0.25 < diff.high


def test_a_market_too_small_for_your_programs_is_an_input_error() -> None:
    with pytest.raises(InputError, match="larger market"):
        build_market(MarketSpec(10, 3, seed=1), NAMED, ODDS)
