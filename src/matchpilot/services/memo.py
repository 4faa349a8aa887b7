"""Results computed from an owner's records, kept until those records change.

Estimating 5,000 programs and optimizing a list take a good part of a second; a page that shows them is asked
for far more often than the sheet, the profile or the outcomes change. A :class:`Memo` keeps recent results of
one database, keyed by the owner, the owner's revision (``OwnerStore.revision``: every committed change to the
owner's records moves it, whichever process made it) and the question asked. A result is never served once the
owner's records have changed, so nothing stale is shown, and several server processes each keep their own.
Concurrent askers of the same missing result wait for one computation instead of repeating it.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from matchpilot.storage import Database, OwnerStore

if TYPE_CHECKING:
    from matchpilot.services.workspace import Services

__all__ = ["Memo", "memo_for", "owner_revision", "remembered"]

_T = TypeVar("_T")
DEFAULT_SIZE = 32


class Memo:
    """The most recently used results (at most ``size``), by key; thread-safe, one computation per key."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        """Keep at most ``size`` results."""
        self.size = size
        self._lock = threading.Lock()
        self._results: OrderedDict[Hashable, object] = OrderedDict()
        self._running: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """The result kept for ``key``, else ``compute()`` (kept when it returns; an error is raised, not kept)."""
        while True:
            with self._lock:
                if key in self._results:
                    self._results.move_to_end(key)
                    self.hits += 1
                    return self._results[key]  # type: ignore[return-value]
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
            with self._lock:
                self._results[key] = result
                self._results.move_to_end(key)
                while len(self._results) > self.size:
                    self._results.popitem(last=False)
            return result
        finally:
            with self._lock:
                del self._running[key]
            running.release()

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._results.clear()


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


def remembered(services: Services, question: Hashable, compute: Callable[[], _T]) -> _T:
    """``compute()``, or its kept result when the same ``question`` was answered for the same owner, on the
    same day, with the owner's records unchanged since. ``question`` must name everything else the result
    depends on."""
    key = (services.owner_id, owner_revision(services), services.today(), question)
    return memo_for(services.database).get(key, compute)
