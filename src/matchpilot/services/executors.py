"""Executors: where the batches of a simulation run, behind one interface (``DESIGN.md``, "Large simulations").

- :class:`LocalExecutor` runs batches in this process (one worker) or in a pool of local processes
  (:class:`concurrent.futures.ProcessPoolExecutor`); the shared data is sent once to each process.
- :class:`DaskExecutor` runs them on a Dask distributed cluster given by address (``tcp://HOST:PORT``); the
  shared data is scattered once to every worker. Dask is imported only here, and only when used.

Each executor returns the results in task order, whatever order they finished in, and calls ``on_done`` with
the size of each finished task (for a progress bar), so the same tasks give the same answer anywhere.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Generic, Protocol, TypeVar

from matchpilot.errors import ConfigurationError, InputError

__all__ = ["BatchExecutor", "DaskExecutor", "LocalExecutor", "make_executor"]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

Progress = Callable[[int], None]
"""Called once per finished task with the task's size."""


class BatchExecutor(Protocol):
    """Runs ``function(shared, task)`` for every task and returns the results in task order."""

    description: str

    def run(
        self,
        function: Callable[[Any, Any], R],
        shared: Any,
        tasks: Sequence[Any],
        *,
        size: Callable[[Any], int] = ...,
        on_done: Progress | None = None,
    ) -> list[R]:
        """Run every task; ``size(task)`` is what ``on_done`` receives when the task finishes."""
        ...


def _one(task: Any) -> int:
    return 1


_shared: list[Any] = []


def _install(shared: Any) -> None:
    """Process-pool initializer: keep the shared data in the worker."""
    _shared[:] = [shared]


def _call(function: Callable[[Any, Any], Any], task: Any) -> Any:
    return function(_shared[0], task)


class LocalExecutor(Generic[S]):
    """Batches in this process (``workers == 1``) or in a pool of ``workers`` local processes."""

    def __init__(self, workers: int = 1) -> None:
        """Use ``workers`` processes (1: no pool, run here); InputError when fewer than 1."""
        if workers < 1:
            raise InputError(f"The number of workers must be at least 1 (got {workers})")
        self.workers = workers
        self.description = "this process" if workers == 1 else f"{workers} local processes"

    def run(
        self,
        function: Callable[[Any, Any], R],
        shared: Any,
        tasks: Sequence[Any],
        *,
        size: Callable[[Any], int] = _one,
        on_done: Progress | None = None,
    ) -> list[R]:
        """Run every task here or in the pool; results in task order."""
        if self.workers == 1 or len(tasks) <= 1:
            results = []
            for task in tasks:
                results.append(function(shared, task))
                if on_done is not None:
                    on_done(size(task))
            return results
        # fork is fastest (workers inherit compiled code) but unsafe once threads run: then spawn
        method = "fork" if os.name == "posix" and threading.active_count() == 1 else "spawn"
        context = multiprocessing.get_context(method)
        workers = min(self.workers, len(tasks))
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_install, initargs=(shared,)) as pool:
            futures: list[Future[R]] = [pool.submit(_call, function, task) for task in tasks]
            _follow(futures, tasks, size, on_done)
            return [future.result() for future in futures]


def _follow(
    futures: Sequence[Future[Any]], tasks: Sequence[Any], size: Callable[[Any], int], on_done: Progress | None
) -> None:
    position = {id(future): i for i, future in enumerate(futures)}
    pending = set(futures)
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            future.result()  # raise a worker's error here
            if on_done is not None:
                on_done(size(tasks[position[id(future)]]))


class DaskExecutor:
    """Batches on a Dask distributed cluster at ``address`` (``tcp://HOST:PORT``)."""

    def __init__(self, address: str, *, timeout: float = 10.0) -> None:
        """Remember the scheduler's address (nothing connects until :meth:`run`)."""
        if "://" not in address:
            raise InputError(f"The scheduler's address must look like tcp://HOST:PORT (got {address!r})")
        self.address = address
        self.timeout = timeout
        self.description = f"Dask cluster at {address}"

    def run(
        self,
        function: Callable[[Any, Any], R],
        shared: Any,
        tasks: Sequence[Any],
        *,
        size: Callable[[Any], int] = _one,
        on_done: Progress | None = None,
    ) -> list[R]:
        """Scatter ``shared`` to every worker, submit one task per batch, return the results in task order."""
        try:
            distributed: Any = importlib.import_module("distributed")  # optional: dask[distributed]
        except ImportError:  # pragma: no cover - depends on the installation
            raise ConfigurationError(
                "this matchpilot is set to run its simulations on a cluster of other computers, but the part that "
                "talks to the cluster is not installed with it: whoever runs this matchpilot can add it, or clear "
                "the cluster's address so the simulations run on this computer"
            ) from None
        try:
            client = distributed.Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ConfigurationError(f"cannot reach the Dask scheduler at {self.address} ({error})") from None
        try:
            data = client.scatter(shared, broadcast=True, hash=False)
            futures = [client.submit(function, data, task, pure=False) for task in tasks]
            position = {future.key: i for i, future in enumerate(futures)}
            for future in distributed.as_completed(futures, loop=client.loop):
                future.result()
                if on_done is not None:
                    on_done(size(tasks[position[future.key]]))
            return [future.result() for future in futures]
        finally:
            client.close()


def make_executor(workers: int = 1, scheduler: str | None = None) -> LocalExecutor[Any] | DaskExecutor:
    """The executor for the command line's ``--workers`` and ``--scheduler``: Dask when a scheduler address is
    given, else local processes."""
    if scheduler:
        return DaskExecutor(scheduler)
    return LocalExecutor(workers)
