"""The engine's stability check runs after the algorithm, in its own call (so that ``stats.solve_seconds`` times
the algorithm alone), and still fills ``unstable`` on every run: the results here are unstable on purpose."""

from __future__ import annotations

from collections import Counter

import pytest

from matchpilot.domain.market import MatchInstance
from matchpilot.io.match_json import instance_from_dict
from matchpilot.match import generate_market, run_match, verify
from matchpilot.match.engine import numba_available

ENGINES = ["python", "numba"] if numba_available() else ["python"]


def _blocking(items: object) -> Counter[tuple[str, tuple[str, ...], tuple[str | None, ...]]]:
    return Counter((b.kind.value, b.applicants, b.programs) for b in items)  # type: ignore[attr-defined]


def _no_stable_matching() -> MatchInstance:
    """A couple and a single with no stable matching at all: whichever of them holds 1001340C0 is blocked by the
    other (the couple wants both programs; the single is preferred by 1002340C0 and takes 1001340C0 when free)."""
    return instance_from_dict(
        {
            "format": "matchpilot.match-instance/1",
            "programs": [
                {"id": "1001340C0", "quota": 1, "rol": ["m0", "s"]},
                {"id": "1002340C0", "quota": 1, "rol": ["s", "m1"]},
            ],
            "applicants": [{"id": "m0"}, {"id": "m1"}, {"id": "s", "rol": ["1001340C0", "1002340C0"]}],
            "couples": [{"id": "c", "members": ["m0", "m1"], "rol": [["1001340C0", "1002340C0"]]}],
        }
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_couples_market_without_a_stable_matching_reports_what_blocks(engine: str) -> None:
    instance = _no_stable_matching()
    result = run_match(instance, engine=engine, max_rounds=50)  # type: ignore[arg-type]
    checked = verify(instance, result)
    assert checked.valid, checked.problems
    assert result.stats.stopped_at_bound
    assert result.unstable, "the check did not run or found nothing"
    assert _blocking(result.unstable) == _blocking(checked.blocking)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_run_stopped_by_the_bound_on_proposals_is_checked(engine: str) -> None:
    instance = generate_market(60, 12, seed=4)
    result = run_match(instance, engine=engine, max_proposals=20)  # type: ignore[arg-type]
    checked = verify(instance, result)
    assert checked.valid, checked.problems
    assert result.stats.stopped_at_bound and result.stats.proposals == 20
    assert result.unstable
    assert _blocking(result.unstable) == _blocking(checked.blocking)


def test_both_runners_check_alike_and_time_only_the_algorithm() -> None:
    ticks = iter(range(100))
    instance = _no_stable_matching()
    results = [
        run_match(instance, engine=engine, max_rounds=50, timer=lambda: float(next(ticks)))  # type: ignore[arg-type]
        for engine in ENGINES
    ]
    for result in results:
        assert result.unstable == results[0].unstable
        assert result.stats.solve_seconds == 1.0, "the timer must be read exactly twice, around the algorithm"
