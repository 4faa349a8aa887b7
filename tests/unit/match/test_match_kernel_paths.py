"""The kernel's fast singles path leaves exactly the state of its general loop (docs/match-engine.md, "Speed")."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from matchpilot.match import engine as match_engine
from matchpilot.match import generate_market
from matchpilot.match.engine import numba_available

ENGINES = ["python", "numba"] if numba_available() else ["python"]


def _both_paths(args: tuple[Any, ...], engine: str, bound: int) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """``solve`` then ``check`` with the packed lists (fast path when it applies) and without (general loop)."""
    solve, check, _name = match_engine._solver(engine)  # type: ignore[arg-type]
    general = (*args[:-1], np.zeros(0, np.int32))
    results = []
    for given in (args, general):
        out = solve(*given, bound, 2000)
        results.append((*out, *match_engine._run_check(check, given, out)))
    return results[0], results[1]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("reversion", [0.0, 0.3])
@pytest.mark.parametrize("seed", range(4))
def test_fast_singles_path_equals_general_loop(engine: str, reversion: float, seed: int) -> None:
    market = generate_market(120, 15, reversion_share=reversion, seed=seed)
    args = match_engine._prepare(market).args
    assert len(args[-1]) == len(args[1]) + len(market.applicants)  # packed: the fast path applies
    entries = len(args[1])
    for bound in (50 * entries + 10_000, entries, entries - 1, 5):
        fast, general = _both_paths(args, engine, bound)
        assert len(fast) == len(general)
        for left, right in zip(fast, general, strict=True):
            if isinstance(left, np.ndarray):
                assert np.array_equal(left, right)
            else:
                assert left == right


def test_packed_lists_layout() -> None:
    args = match_engine._prepare(generate_market(30, 6, seed=3)).args
    a_ptr, a_prog, a_rank, packed = args[0], args[1], args[2], args[-1]
    for a in range(len(a_ptr) - 1):
        mine = packed[a_ptr[a] + a : a_ptr[a + 1] + a + 1]
        assert mine[-1] == -1
        assert list(mine[:-1] >> 16) == list(a_prog[a_ptr[a] : a_ptr[a + 1]])
        assert list(mine[:-1] & 0xFFFF) == list(a_rank[a_ptr[a] : a_ptr[a + 1]])


def test_lists_too_large_to_pack_take_the_general_loop() -> None:
    big = np.array([0, 1], np.int64)
    assert len(match_engine._packed(big, np.array([1 << 15], np.int64), np.array([0], np.int64))) == 0
    assert len(match_engine._packed(big, np.array([0], np.int64), np.array([1 << 16], np.int64))) == 0
