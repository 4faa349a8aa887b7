"""The memo keeps recent results, computes a missing one once however many ask at the same time, and never
keeps a failure."""

from __future__ import annotations

import inspect
import sys
import threading
import time

import pytest

from matchpilot.services.memo import Memo

WAIT = 120.0
"""The limit of a wait for another thread: far above what a loaded machine takes (every wait ends when its event
is set), so that only a thread that hangs fails a test."""


def test_keeps_the_most_recently_used_results() -> None:
    memo = Memo(budget=2)
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key.upper()

    assert memo.get("a", lambda: compute("a")) == "A"
    assert memo.get("b", lambda: compute("b")) == "B"
    assert memo.get("a", lambda: compute("a")) == "A"  # kept, and now the most recent
    assert memo.get("c", lambda: compute("c")) == "C"  # pushes out b, the least recently used
    assert memo.get("a", lambda: compute("a")) == "A"
    assert memo.get("b", lambda: compute("b")) == "B"
    assert calls == ["a", "b", "c", "b"]


def test_a_failure_is_raised_and_not_kept() -> None:
    memo = Memo()
    attempts: list[int] = []

    def failing() -> int:
        attempts.append(1)
        raise ValueError("no profile yet")

    for _ in range(2):
        with pytest.raises(ValueError, match="no profile yet"):
            memo.get("k", failing)
    assert len(attempts) == 2
    assert memo.get("k", lambda: 7) == 7


def test_concurrent_askers_share_one_computation() -> None:
    """Eight threads ask at once; the computation does not return until the seven others are waiting for it
    inside ``Memo.get`` (read from their frames), so the test checks the sharing itself on a machine of any load,
    not only that a late asker found the kept result."""
    memo = Memo()
    computations: list[int] = []
    lines, first = inspect.getsourcelines(Memo.get)
    waiting_line = first + next(i for i, line in enumerate(lines) if "with running:" in line)

    def waits_in_get(ident: int | None) -> bool:
        frame = sys._current_frames().get(ident) if ident is not None else None
        return frame is not None and frame.f_code is Memo.get.__code__ and frame.f_lineno == waiting_line

    def slow() -> int:
        computations.append(1)
        deadline = time.monotonic() + WAIT
        others = [thread for thread in threads if thread is not threading.current_thread()]
        while not all(waits_in_get(thread.ident) for thread in others):
            assert time.monotonic() < deadline, "the other askers never waited for the computation"
            time.sleep(0.001)
        return 42

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(memo.get("k", slow))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive()
    assert results == [42] * 8
    assert len(computations) == 1
    assert (memo.hits, memo.misses) == (7, 1)


def test_results_are_weighed_and_the_budget_holds() -> None:
    memo = Memo(budget=10)
    assert memo.get("big", lambda: [0] * 6, len) == [0] * 6
    assert memo.get("small", lambda: [0] * 3, len) == [0] * 3
    assert memo.weight == 9
    memo.get("more", lambda: [0] * 4, len)  # 13 > 10: the least recently used ("big") goes
    assert memo.weight == 7
    recomputed: list[str] = []
    memo.get("big", lambda: recomputed.append("big") or [0] * 6, len)
    assert recomputed == ["big"]
    too_heavy = memo.get("huge", lambda: [0] * 11, len)  # heavier than the whole budget: answered, not kept
    assert len(too_heavy) == 11 and memo.weight <= 10
    memo.get("huge", lambda: recomputed.append("huge") or [0] * 11, len)
    assert recomputed == ["big", "huge"]


def test_the_collector_is_paused_during_a_computation_and_resumed_as_it_was() -> None:
    import gc

    from matchpilot.services.memo import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a computation inside another (the chances inside a pick)
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # paused by someone else before: left paused
    finally:
        gc.enable()


def test_overlapping_computations_in_threads_resume_the_collector_only_when_the_last_ends() -> None:
    import gc

    from matchpilot.services.memo import collector_paused

    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []
    overlapped: list[bool] = []

    # Each wait ends as soon as the other thread gets there; WAIT is only a limit for a thread that hangs. (Waits of
    # 5 s let a loaded machine run the two computations one after the other, or leave a thread running at the
    # check, so the test failed, or passed without the overlap it is about.)
    def first() -> None:
        with collector_paused():
            first_in.set()
            overlapped.append(second_in.wait(WAIT))
        first_out.set()

    def second() -> None:
        first_in.wait(WAIT)
        with collector_paused():
            second_in.set()
            first_out.wait(WAIT)
            seen.append(gc.isenabled())  # the first has ended; this one is still computing

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert overlapped == [True], "the second computation did not start while the first ran"
    assert seen == [False]
    assert gc.isenabled()
