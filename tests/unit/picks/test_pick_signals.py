"""ERAS signals in the pure pick core and the chances model: the term per tier with its evidence, what a signal
would change, the hand choices checked against the season, and signals chosen with the list."""

from __future__ import annotations

import pytest

from matchpilot.chances import estimate_signalled
from matchpilot.domain import ApplicantType, Profile, Program, Target, Track, VisaNeed
from matchpilot.domain.rules import FeeTier
from matchpilot.errors import InvalidDataError
from matchpilot.io.pick_json import pick_to_dict
from matchpilot.io.weights_toml import parse_weights
from matchpilot.pick import FeeSchedule, PickLimits, SignalSeason, make_pick, parse_signal, signal_options
from matchpilot.pick.signals import signal_group, signal_pool
from matchpilot.services.chances import default_weights, default_weights_text, estimate_chances

SEASON = 2025
FEES = FeeSchedule((FeeTier(1, None, 11),), SEASON + 1, "test tiers")
COUNTS = SignalSeason(
    SEASON + 1, {"pmr": {"standard": 2}, "im": {"gold": 1, "silver": 1}}, source="test counts", checked="2025"
)
PROFILE = Profile(
    name="Signal Applicant (fictional)",
    applicant_type=ApplicantType.NON_US_IMG,
    graduation_year=2021,
    step2_ck=240,
    visa_need=VisaNeed.J1,
    usce_months=4,
    letters=("pmr",),
    targets=(Target.PMR, Target.PRELIM, Target.TRANSITIONAL),
)


def _programs() -> list[Program]:
    made = []
    for i in range(4):  # institutions 1000..1003, each a categorical and an advanced PM&R track
        for track, letter in ((Track.CATEGORICAL, "C"), (Track.ADVANCED, "A")):
            made.append(
                Program(
                    code=f"100{i}340{letter}0",
                    name=f"Rehab {i}{letter} (fictional)",
                    specialty="PM&R",
                    track=track,
                    visa_j1=i != 3,  # institution 1003 sponsors no J-1: filtered
                    img_share=20.0 + 5 * i,
                )
            )
    for i in range(3):
        made.append(
            Program(
                code=f"200{i}140P0",
                name=f"Prelim {i} (fictional)",
                specialty="Internal Medicine",
                track=Track.PRELIMINARY,
                visa_j1=True,
                img_share=40.0,
            )
        )
    made.append(
        Program(code="3000999T0", name="TY (fictional)", specialty="Transitional Year", track=Track.TRANSITIONAL)
    )
    made.append(Program(code="4000060C0", name="Surgery (fictional)", specialty="Surgery", track=Track.CATEGORICAL))
    return made


def _report():  # type: ignore[no-untyped-def]
    return estimate_chances(PROFILE, _programs(), weights=default_weights(), season_year=SEASON)


def test_each_tier_has_its_own_weight_and_the_evidence_is_cited() -> None:
    weights = default_weights()
    assert weights.signal("gold") == weights["signal.gold"] > weights["signal.sent"] > weights["signal.silver"] > 0
    assert weights.signal("standard") == weights.signal(None) == weights.signal("platinum") == weights["signal.sent"]
    assert "AAMC" in weights.signal_source and "signal" in default_weights_text()
    mine, issues = parse_weights('[signal]\ngold = 2.0\nsource = "my adviser, 2026"\n', base=weights)
    assert not issues and mine is not None
    assert mine.signal("gold") == 2.0 and mine.signal_source == "my adviser, 2026"
    kept, _ = parse_weights("[signal]\nsilver = 0.1\n", base=weights)
    assert kept is not None and kept.signal_source == weights.signal_source
    _, bad = parse_weights("[signal]\nsource = 3\n", base=weights)
    assert [(i.code, i.where) for i in bad] == [("bad-value", "signal.source")]
    _, negative = parse_weights("[signal]\ngold = -1\n", base=weights)
    assert [i.where for i in negative] == ["signal.gold"]


def test_a_signal_raises_the_chance_by_its_tier_and_only_where_it_can() -> None:
    report = _report()
    pairs = [(e.program, e.chance) for e in report.estimates]
    belief = report.after.belief
    gold = estimate_signalled(pairs, default_weights(), belief=belief, tier="gold")
    silver = estimate_signalled(pairs, default_weights(), belief=belief, tier="silver")
    for (_, plain), with_gold, with_silver in zip(pairs, gold, silver, strict=True):
        if plain.is_filtered:
            assert with_gold is plain
            continue
        assert plain.p_interview.mid < with_silver.p_interview.mid < with_gold.p_interview.mid
        assert any(f.key == "signal" and "gold" in f.value for f in with_gold.factors)


def test_pools_and_groups_follow_the_specialty_and_the_institution() -> None:
    programs = {p.code: p for p in _programs()}
    assert signal_pool(programs["1000340C0"]) == "pmr" and signal_pool(programs["2000140P0"]) == "im"
    assert signal_pool(programs["3000999T0"]) == "ty" and signal_pool(programs["4000060C0"]) is None
    assert signal_group(programs["1000340C0"], "pmr") == signal_group(programs["1000340A0"], "pmr") == "1000-340"
    assert signal_group(programs["1000340C0"], "pmr", "program") == "1000340C0"
    assert parse_signal(" 2000140P0:Gold ", option="--signal") == ("2000140P0", "gold") and parse_signal(
        "1000340C0", option="--signal"
    ) == (
        "1000340C0",
        None,
    )


@pytest.mark.parametrize(
    ("fixed", "where", "words"),
    [
        ([("NOPE", None)], "signal NOPE", "no program with code 'NOPE'"),
        ([("1000340C0", "gold")], "signal 1000340C0", "'gold' is not a tier of PM&R signals"),
        ([("2000140P0", None)], "signal 2000140P0", "gold and silver; say which"),
        ([("4000060C0", None)], "signal 4000060C0", "takes no ERAS signal"),
        ([("1003340C0", None)], "signal 1003340C0", "a signal goes only to a program you apply to"),
        ([("1000340C0", None), ("1000340A0", None)], "signal 1000340A0", "share one signal"),
        ([("2000140P0", "gold"), ("2001140P0", "gold")], "signals im gold", "allows 1 (source: test counts"),
    ],
)
def test_bad_hand_choices_are_refused_naming_the_program_and_the_count(
    fixed: list[tuple[str, str | None]], where: str, words: str
) -> None:
    with pytest.raises(InvalidDataError) as caught:
        signal_options(_report(), default_weights(), COUNTS, fixed)
    ((issue,),) = [caught.value.issues]
    assert issue.where == where and words in issue.message


def test_signals_go_only_to_chosen_programs_within_the_counts_and_say_what_they_add() -> None:
    report = _report()
    options = signal_options(report, default_weights(), COUNTS)
    picked = make_pick(report, PickLimits(max_applications=5), FEES, signals=options)
    plan = picked.signals
    assert plan is not None and plan.sent and plan.optimal
    chosen = {p.program.code for p in picked.chosen}
    used: dict[tuple[str, str], int] = {}
    for sent in plan.sent:
        assert {p.code for p, _, _ in sent.programs} <= chosen
        assert sent.gain_p_any > 0 and not sent.fixed
        for _, before, after in sent.programs:
            assert after.p_interview.mid > before.p_interview.mid
        used[(sent.pool, sent.tier)] = used.get((sent.pool, sent.tier), 0) + 1
    for (pool, tier), count in used.items():
        assert count <= COUNTS.pools[pool][tier]
    without = make_pick(report, PickLimits(max_applications=5), FEES)
    assert picked.expected.p_any.mid > without.expected.p_any.mid and without.signals is None
    reasons = [r for p in picked.chosen for r in p.reasons if "signal" in r and "chance of an interview" in r]
    assert reasons and all("% to " in r for r in reasons)
    document = pick_to_dict(picked)
    assert document["signals"]["season"]["source"].startswith("test counts")
    assert "signals" not in pick_to_dict(without)
    for unused in plan.unused:
        assert unused.count > 0 and unused.reason


def test_a_signal_fixed_by_hand_puts_its_program_on_the_list_and_shows_its_cost() -> None:
    report = _report()
    free = make_pick(
        report, PickLimits(max_applications=3), FEES, signals=signal_options(report, default_weights(), COUNTS)
    )
    free_codes = {p.program.code for p in free.chosen}
    outside = next(
        e.program.code for e in report.open if e.program.code not in free_codes and signal_pool(e.program) == "pmr"
    )
    options = signal_options(report, default_weights(), COUNTS, [parse_signal(outside, option="--signal")])
    mine = make_pick(report, PickLimits(max_applications=3), FEES, signals=options)
    assert outside in {p.program.code for p in mine.chosen}
    plan = mine.signals
    assert plan is not None and any(s.fixed and outside in {p.code for p, _, _ in s.programs} for s in plan.sent)
    assert plan.best_value is not None and plan.best_p_any is not None
    assert plan.best_value >= mine.expected.value - 1e-12
    assert plan.best_value == pytest.approx(free.expected.value)
    document = pick_to_dict(mine)["signals"]
    assert document["fixed"] == dict(options.fixed) and document["best_without_fixed"]["cost_value"] >= 0


@pytest.mark.parametrize("tier", ["standard", "gold", "silver"])
def test_a_signalled_chance_is_the_estimate_with_the_signal_sent(tier: str) -> None:
    report = _report()
    open_ = report.open
    quick = estimate_signalled(
        [(e.program, e.chance) for e in open_], default_weights(), belief=report.after.belief, tier=tier
    )
    full = estimate_chances(
        PROFILE,
        _programs(),
        weights=default_weights(),
        season_year=SEASON,
        signals={e.program.code: tier for e in open_},
    )
    sent = {e.program.code: e.chance for e in full.estimates}
    for chance in quick:
        for mine, theirs in zip(
            (chance.p_interview, chance.p_match),
            (sent[chance.code].p_interview, sent[chance.code].p_match),
            strict=True,
        ):
            assert (mine.low, mine.mid, mine.high) == pytest.approx((theirs.low, theirs.mid, theirs.high), abs=1e-12)
        assert [f.key for f in chance.factors] == [f.key for f in sent[chance.code].factors]
