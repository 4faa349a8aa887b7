"""Results computed from an owner's records, kept until those records change.

Estimating 5,000 programs and optimizing a list take a good part of a second; a page that shows them is asked
for far more often than the sheet, the profile or the outcomes change. A :class:`Memo` keeps recent results of
one database, keyed by the owner, the owner's revision (``OwnerStore.revision``: every committed change to the
owner's records moves it, whichever process made it) and the question asked. A result is never served once the
owner's records have changed, so nothing stale is shown, and several server processes each keep their own.
Concurrent askers of the same missing result wait for one computation instead of repeating it.

Results are weighed by the programs they hold (an estimate of 5,000 programs takes about 18 MB); a memo keeps
the most recently used up to its budget (:data:`DEFAULT_BUDGET`, the ``cache_programs`` setting).
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from matchpilot.storage import Database, OwnerStore
from matchpilot.storage.cohort import cohort_stamp

if TYPE_CHECKING:
    from matchpilot.services.workspace import Services

__all__ = ["Memo", "collector_paused", "file_stamp", "memo_for", "owner_revision", "remembered"]

_T = TypeVar("_T")
DEFAULT_BUDGET = 250_000  # program estimates kept per process: about 3.6 kB each, at most about 0.9 GB


class Memo:
    """The most recently used results, by key, weighing at most ``budget`` in all (0: keep nothing);
    thread-safe, one computation per key."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        """Keep results weighing at most ``budget`` in all."""
        self.budget = budget
        self.weight = 0
        self._lock = threading.Lock()
        self._results: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._running: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], _T], weight: Callable[[_T], int] = lambda _: 1) -> _T:
        """The result kept for ``key``, else ``compute()``: kept when it returns, weighing ``weight(result)``
        (an error is raised, not kept; a result heavier than the whole budget is not kept)."""
        while True:
            with self._lock:
                if key in self._results:
                    self._results.move_to_end(key)
                    self.hits += 1
                    return self._results[key][0]  # type: ignore[return-value]
                running = self._running.get(key)
                if running is None:
                    running = self._running[key] = threading.Lock()
                    running.acquire()
                    self.misses += 1
                    break
            with running:  # another thread is computing it: wait, then look again
                pass
        try:
            result = compute()
            heavy = max(1, weight(result))
            with self._lock:
                if heavy <= self.budget:
                    self._results[key] = (result, heavy)
                    self.weight += heavy
                    while self.weight > self.budget:
                        _, (_, dropped) = self._results.popitem(last=False)
                        self.weight -= dropped
            return result
        finally:
            with self._lock:
                del self._running[key]
            running.release()

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._results.clear()
            self.weight = 0


_memos: weakref.WeakKeyDictionary[Database, Memo] = weakref.WeakKeyDictionary()
_memos_lock = threading.Lock()


def memo_for(database: Database) -> Memo:
    """The memo of ``database`` in this process (made on first use)."""
    with _memos_lock:
        memo = _memos.get(database)
        if memo is None:
            memo = _memos[database] = Memo()
        return memo


def owner_revision(services: Services) -> int:
    """The revision of the services' owner: it moves with every committed change to the owner's records."""
    with services.database.transaction() as session:
        return OwnerStore(session).revision(services.owner_id)


def _revisions(services: Services) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The owner's revision and the stamp of the server's cohort (the consenting owners and their revisions: the
    chances include terms fitted to their outcomes), read in one transaction."""
    with services.database.transaction() as session:
        return OwnerStore(session).revision(services.owner_id), cohort_stamp(session)


_asking: ContextVar[tuple[Database, int, date, int, tuple[tuple[int, int], ...]] | None] = ContextVar(
    "matchpilot_memo_asking", default=None
)
"""While :func:`remembered` computes a result: its database, owner, day and the revisions its key holds. A result
asked for inside that computation (My list's chances, inside My list) is keyed by the same revisions instead of
reading them in a second transaction (~0.2 ms each). They were read just before; a change committed since moves
the revisions every later question reads, so, as for the outer result, nothing computed before the change is
served to a question asked after it."""


def remembered(
    services: Services, question: Hashable, compute: Callable[[], _T], weight: Callable[[_T], int] = lambda _: 1
) -> _T:
    """``compute()``, or its kept result when the same ``question`` was answered for the same owner, on the
    same day, with the owner's records, and the outcomes pooled by the server's cohort, unchanged since.
    ``question`` must name everything else the result depends on; ``weight`` says how many programs the result
    holds."""
    memo = memo_for(services.database)
    if memo.budget <= 0:
        return compute()
    day = services.today()
    outer = _asking.get()
    if outer is not None and outer[0] is services.database and outer[1] == services.owner_id and outer[2] == day:
        revision, pool = outer[3], outer[4]  # asked while computing a result for the same owner: its revisions
    else:
        revision, pool = _revisions(services)
    key = (services.owner_id, revision, pool, day, question)

    def computing() -> _T:
        token = _asking.set((services.database, services.owner_id, day, revision, pool))
        try:
            return compute()
        finally:
            _asking.reset(token)

    return memo.get(key, computing, weight)


def file_stamp(path: Path | None) -> tuple[str, int, int] | None:
    """What identifies the version of a user's file in a question: its path, modification time and size (None
    for no file, or one that cannot be read: then do not keep the answer, whose computation reports it)."""
    if path is None:
        return None
    try:
        status = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), status.st_mtime_ns, status.st_size)


_paused_lock = threading.Lock()
_paused = [0, False]  # how many computations are under way with the collector paused; whether it was enabled


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a computation makes its tens of thousands of objects
    (estimating 5,000 programs, choosing a list), none of them in a cycle worth collecting: each of its passes
    would otherwise walk every object the process holds (at 5,000 programs about 0.1 s of a My list answer).
    Safe across threads: the collector is paused by the first computation to start and resumed, as it was, by
    the last to end."""
    with _paused_lock:
        if _paused[0] == 0:
            _paused[1] = gc.isenabled()
            gc.disable()
        _paused[0] += 1
    try:
        yield
    finally:
        with _paused_lock:
            _paused[0] -= 1
            if _paused[0] == 0 and _paused[1]:
                gc.enable()
