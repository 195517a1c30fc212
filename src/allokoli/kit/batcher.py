"""Group commit: callers submit items, one writer thread writes them in batches.

Each caller gets a future and waits for it; the writer takes everything queued (up to
`max_batch`) and writes it with one call of `write`, typically one transaction. Under load the
batches grow, so the fixed costs of a transaction (BEGIN, COMMIT, fsync, lock hand-over) are
shared; at rest a batch is one item and the only added cost is a thread hand-over.

Up to `writers` threads write at once (default one). With several, a batch is gathered and
sent while the previous ones wait for their COMMIT: the round trips and the fsync of one batch
no longer hold up the next, so one process keeps its cores busy instead of waiting on the
database (`bench/scaleout_web.py`). A new writer starts when more items wait than writers are free.
`write` must then be safe to run concurrently with itself (as it must already be with other
processes).

A thread starts at a submission and stops after `idle_seconds` without work (the next
submission starts one again), so an application that is never sent anything keeps none.
At shutdown, `drain()` waits until everything submitted is written (the thread is a daemon:
without it, the batch in hand would die with the process).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

from allokoli.kit.metrics import BATCH_SIZE

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("allokoli.batcher")


class Batcher(Generic[T, R]):
    def __init__(
        self,
        name: str,
        write: Callable[[list[T]], Sequence[R | BaseException]],
        # `write` returns, for each item in order, its result or the exception to raise.
        *,
        max_batch: int = 256,
        idle_seconds: float = 10.0,
        writers: int = 1,
    ) -> None:
        if writers < 1:
            raise ValueError("a batcher needs at least one writer")
        self.name = name
        self._write = write
        self.max_batch = max_batch
        self.idle_seconds = idle_seconds
        self.writers = writers
        self._queue: queue.SimpleQueue[tuple[T, Future[R] | asyncio.Future[R]]] = (
            queue.SimpleQueue()
        )
        self._lock = threading.Lock()
        self._threads = 0  # writer threads alive
        self._waiting = 0  # of them, waiting for work
        self._queued = 0  # submitted, not yet taken by a writer
        self._pending = 0  # submitted, not yet delivered
        self._settled = threading.Condition(self._lock)

    def submit(self, item: T) -> Future[R]:
        """From any thread: a future to wait on."""
        future: Future[R] = Future()
        self._put(item, future)
        return future

    def submit_async(self, item: T) -> asyncio.Future[R]:
        """From an event loop: an awaitable. The results of a batch reach each loop in one
        wake-up (not one per item)."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._put(item, future)
        return future

    def _put(self, item: T, future: Future[R] | asyncio.Future[R]) -> None:
        with self._lock:
            self._pending += 1
            self._queued += 1
            self._queue.put((item, future))
            if self._queued > self._waiting and self._threads < self.writers:
                self._threads += 1
                self._waiting += 1
                name = f"{self.name}-{self._threads}"
                threading.Thread(target=self._run, name=name, daemon=True).start()

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=self.idle_seconds)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._threads -= 1
                        self._waiting -= 1
                        return
                continue
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            with self._lock:
                self._waiting -= 1
                self._queued -= len(batch)
            try:
                self._deliver(batch)
            finally:
                with self._lock:
                    self._pending -= len(batch)
                    self._waiting += 1
                    self._settled.notify_all()

    def drain(self, timeout: float) -> bool:
        """Wait until everything submitted so far is written; False if `timeout` ran out."""
        with self._lock:
            return self._settled.wait_for(lambda: self._pending == 0, timeout=timeout)

    def _deliver(self, batch: list[tuple[T, Future[R] | asyncio.Future[R]]]) -> None:
        BATCH_SIZE.labels(self.name).observe(len(batch))
        outcomes: Sequence[R | BaseException]
        try:
            outcomes = self._write([item for item, _ in batch])
            if len(outcomes) != len(batch):
                raise RuntimeError(f"{self.name}: {len(outcomes)} outcomes for {len(batch)} items")
        except BaseException as exc:  # handed to every waiting caller
            log.exception("%s: a batch of %d failed", self.name, len(batch))
            outcomes = [exc] * len(batch)
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[R], object]]]
        by_loop = defaultdict(list)
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            if isinstance(future, asyncio.Future):
                by_loop[future.get_loop()].append((future, outcome))
            else:
                _settle(future, outcome)
        for loop, settled in by_loop.items():
            try:
                loop.call_soon_threadsafe(_settle_all, settled)
            except RuntimeError:  # that loop is closed: nobody waits any more
                log.debug("%s: results for a closed event loop dropped", self.name)


def _settle(future: Future[R] | asyncio.Future[R], outcome: object) -> None:
    if future.done():  # the caller gave up (timeout, cancelled)
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)  # type: ignore[arg-type]


def _settle_all(settled: list[tuple[asyncio.Future[R], object]]) -> None:
    for future, outcome in settled:
        _settle(future, outcome)
