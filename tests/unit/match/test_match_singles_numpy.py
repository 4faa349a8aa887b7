"""A market of singles is matched by deferred acceptance in NumPy (:mod:`matchpilot.match.singles`), without the
compiled kernel, and read straight into columns (:func:`matchpilot.io.match_json.plain_market`): the result is
the kernel's, field for field, except the name of the runner and the time (docs/match-engine.md, "Speed")."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from match_reference import markets, textbook_deferred_acceptance

from matchpilot.domain.market import ApplicantEntry, MatchInstance, MatchResult, ProgramEntry
from matchpilot.io.match_json import instance_to_dict, plain_market
from matchpilot.match import _kernel, engine, generate_market, run_match, singles
from matchpilot.match.engine import numba_available, run_match_columns

KERNEL = "numba" if numba_available() else "python"


def _same(fast: MatchResult, kernel: MatchResult) -> None:
    """Every field equal but the runner's name and the solve time."""
    assert dict(fast.matches) == dict(kernel.matches)
    assert dict(fast.supplemental_matches) == dict(kernel.supplemental_matches)
    assert dict(fast.reverted) == dict(kernel.reverted)
    assert dict(fast.unfilled) == dict(kernel.unfilled)
    assert fast.unstable == kernel.unstable
    unnamed = {"engine": "", "solve_seconds": 0.0}
    assert dataclasses.replace(fast.stats, **unnamed) == dataclasses.replace(kernel.stats, **unnamed)


def _columns_result(instance: MatchInstance, runner: engine.Engine = "auto") -> MatchResult:
    columns = plain_market(json.loads(json.dumps(instance_to_dict(instance))))
    assert columns is not None
    return run_match_columns(columns, engine=runner)


@settings(max_examples=400, deadline=None)
@given(markets(couples=False, supplemental=False, reversion=False, max_applicants=12, max_programs=6))
def test_numpy_singles_give_the_textbook_matching_and_the_kernels_result(instance: MatchInstance) -> None:
    result = run_match(instance)
    assert result.stats.engine == "numpy"
    assert dict(result.matches) == textbook_deferred_acceptance(instance)
    _same(result, run_match(instance, engine="python"))
    columns = _columns_result(instance)
    assert columns.stats.engine == "numpy"
    _same(columns, result)


@settings(max_examples=300, deadline=None)
@given(markets(couples=False, supplemental=False, reversion=True, max_applicants=12, max_programs=6))
def test_with_reversion_the_result_is_the_kernels_whichever_runs(instance: MatchInstance) -> None:
    kernel = run_match(instance, engine="python")
    _same(run_match(instance), kernel)
    _same(_columns_result(instance), kernel)
    assert _columns_result(instance, "python") == kernel


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("reversion", [0.0, 0.3])
def test_generated_markets_give_the_kernels_result(seed: int, reversion: float) -> None:
    instance = generate_market(400 + 150 * seed, 20 + 7 * seed, reversion_share=reversion, seed=seed)
    kernel = run_match(instance, engine=KERNEL)
    fast = run_match(instance)
    _same(fast, kernel)
    _same(_columns_result(instance), kernel)
    if reversion == 0.0:
        assert fast.stats.engine == "numpy"


def test_a_donor_with_seats_to_move_goes_to_the_kernel() -> None:
    instance = MatchInstance(
        (ProgramEntry("C", 2, ("a1",), revert_to="A"), ProgramEntry("A", 1, ("a2", "a3"))),
        (ApplicantEntry("a1", ("C",)), ApplicantEntry("a2", ("A",)), ApplicantEntry("a3", ("A",))),
    )
    result = run_match(instance)
    assert result.stats.engine in ("numba", "python")
    assert dict(result.matches) == {"a1": "C", "a2": "A", "a3": "A"}
    _same(_columns_result(instance), result)


def test_edge_markets_give_the_kernels_result() -> None:
    cases = [
        MatchInstance((ProgramEntry("P", 0, ("a",)),), (ApplicantEntry("a", ("P",)),)),  # no seat
        MatchInstance((ProgramEntry("P", 5, ("a", "b")),), (ApplicantEntry("a", ("P",)), ApplicantEntry("b"))),
        MatchInstance((ProgramEntry("P", 1),), (ApplicantEntry("a", ("P",)),)),  # not acceptable to P
        MatchInstance((ProgramEntry("P", 1),), ()),
        MatchInstance((), (ApplicantEntry("a"),)),
        MatchInstance((), ()),
    ]
    for instance in cases:
        kernel = run_match(instance, engine="python")
        _same(run_match(instance), kernel)
        _same(_columns_result(instance), kernel)


@pytest.mark.parametrize("seed", range(6))
def test_the_numpy_check_finds_the_kernels_blocking_entries(seed: int) -> None:
    """On states the kernel left unstable (stopped by a low bound on proposals), the NumPy stability check
    lists exactly the entries the kernel's check lists."""
    instance = generate_market(300, 25, seed=seed)
    args = engine._prepare(instance).args
    a_ptr, a_prog, a_rank, quota = args[0], args[1], args[2], args[8]
    for bound in (0, 50, 200, len(a_prog) // 2):
        out = _kernel.solve(*args[:23], np.zeros(0, np.int32), bound, 100)
        found = engine._run_check(_kernel.check, args, out)
        state = singles.SinglesOutcome(out[0], np.zeros(0, np.int64), out[8], out[4], out[7], int(out[5][2]))
        blocks = singles.blocking(a_ptr, a_prog, a_rank, quota, state)
        assert blocks.tolist() == found[3][: found[0]].tolist()
        assert found[0] > 0 or bound == len(a_prog) // 2


_SERVICE = """
import sys
from pathlib import Path
from matchpilot.services.match import run_match_file
result = run_match_file(Path(sys.argv[1]), Path(sys.argv[2]))
unused = {"numba", "llvmlite", "sqlalchemy", "matchpilot.match._kernel", "matchpilot.match.generate"}
print(result.stats.engine, sorted(unused & set(sys.modules)))
"""


def test_a_market_of_singles_is_run_from_file_to_file_without_loading_numba_or_the_generator(tmp_path: Path) -> None:
    instance = generate_market(500, 30, seed=4)
    source, target = tmp_path / "market.json", tmp_path / "result.json"
    source.write_text(json.dumps(instance_to_dict(instance)), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _SERVICE, str(source), str(target)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split(maxsplit=1) == ["numpy", "[]\n"]
    written = json.loads(target.read_text(encoding="utf-8"))
    kernel = run_match(instance, engine=KERNEL)
    assert written["matches"] == dict(kernel.matches)
    assert written["unfilled"] == dict(kernel.unfilled)
    assert written["stats"]["proposals"] == kernel.stats.proposals
