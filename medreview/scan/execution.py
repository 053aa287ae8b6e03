"""Where a scan's chunks are evaluated: here, in local worker processes, or on a Dask cluster.

Every executor takes chunks in input order and gives their outcomes back in the
same order, whatever finishes first, with a bounded number of chunks in flight:
the output is the same for any number of workers, and memory does not grow with
the input.
"""

from __future__ import annotations

import collections
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

from medreview.errors import ScanError
from medreview.scan.sources import Record
from medreview.scan.work import Outcome, ScanSettings, evaluate_chunk, tune_garbage_collection

Chunk = list[Record]


class Executor(Protocol):
    def map_ordered(self, chunks: Iterable[Chunk]) -> Iterator[list[Outcome]]: ...

    def close(self, *, cancel: bool = False) -> None: ...


class InlineExecutor:
    """Evaluates in the scanning process itself (``--workers 1``)."""

    def __init__(self, settings: ScanSettings) -> None:
        self.settings = settings

    def map_ordered(self, chunks: Iterable[Chunk]) -> Iterator[list[Outcome]]:
        for chunk in chunks:
            yield evaluate_chunk(chunk, self.settings)

    def close(self, *, cancel: bool = False) -> None:
        """Nothing to stop."""


_worker_settings: ScanSettings | None = None


def _start_worker(settings: ScanSettings) -> None:
    global _worker_settings
    _worker_settings = settings
    tune_garbage_collection()


def _evaluate_in_worker(chunk: Chunk) -> list[Outcome]:
    assert _worker_settings is not None, "the worker was started without its settings"
    return evaluate_chunk(chunk, _worker_settings)


class LocalExecutor:
    """Local worker processes, each with its own engine (durable-rules is per process)."""

    def __init__(self, settings: ScanSettings, workers: int) -> None:
        self.workers = workers
        # spawn, not fork: the scanning process may run threads (the progress display).
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(settings,),
        )

    def map_ordered(self, chunks: Iterable[Chunk]) -> Iterator[list[Outcome]]:
        yield from _ordered(
            (self._pool.submit(_evaluate_in_worker, chunk) for chunk in chunks),
            window=self.workers * 3,
        )

    def close(self, *, cancel: bool = False) -> None:
        self._pool.shutdown(wait=not cancel, cancel_futures=cancel)


class SchedulerUnavailable(ScanError):
    """--scheduler was given, but Dask is not installed or the scheduler does not answer."""


class DaskExecutor:
    """A Dask distributed cluster: the settings are sent to every worker once."""

    def __init__(self, settings: ScanSettings, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise SchedulerUnavailable(
                "--scheduler needs Dask: pip install 'medreview[dask]'"
            ) from None

        try:
            self._client = Client(address, set_as_default=False, timeout="15s")
        except (OSError, TimeoutError) as error:
            raise SchedulerUnavailable(
                f"cannot reach the Dask scheduler at {address}: {error}"
            ) from None
        self._settings = self._client.scatter(settings, broadcast=True)
        workers = len(self._client.scheduler_info().get("workers", {})) or 1
        self._window = workers * 3

    def map_ordered(self, chunks: Iterable[Chunk]) -> Iterator[list[Outcome]]:
        yield from _ordered(
            (
                self._client.submit(evaluate_chunk, chunk, self._settings, pure=False)
                for chunk in chunks
            ),
            window=self._window,
        )

    def close(self, *, cancel: bool = False) -> None:
        self._client.close()


def _ordered(futures: Iterator[Any], window: int) -> Iterator[list[Outcome]]:
    """Results in submission order, with at most ``window`` futures pending."""
    pending: collections.deque[Future[list[Outcome]]] = collections.deque()
    for future in futures:
        pending.append(future)
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def executor_for(settings: ScanSettings, workers: int, scheduler: str | None) -> Executor:
    if scheduler:
        return DaskExecutor(settings, scheduler)
    if workers <= 1:
        return InlineExecutor(settings)
    return LocalExecutor(settings, workers)
