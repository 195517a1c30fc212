"""The group-commit writer: order, batching, errors, event loops, idle stop."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence

import pytest

from allokoli.kit.batcher import Batcher


class Recorder:
    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.gate = threading.Event()
        self.gate.set()

    def write(self, items: list[int]) -> Sequence[int | BaseException]:
        self.gate.wait(5)
        self.batches.append(list(items))
        return [ValueError(f"odd {i}") if i % 2 else i * 10 for i in items]


def test_results_in_order_and_per_item_errors() -> None:
    rec = Recorder()
    batcher: Batcher[int, int] = Batcher("test-order", rec.write)
    futures = [batcher.submit(i) for i in range(6)]
    for i, future in enumerate(futures):
        if i % 2:
            with pytest.raises(ValueError, match=f"odd {i}"):
                future.result(5)
        else:
            assert future.result(5) == i * 10
    assert sorted(x for batch in rec.batches for x in batch) == list(range(6))


def test_what_arrives_during_a_write_goes_in_the_next_batch_together() -> None:
    rec = Recorder()
    rec.gate.clear()  # the first write blocks until the others are queued
    batcher: Batcher[int, int] = Batcher("test-group", rec.write, max_batch=50)
    first = batcher.submit(0)
    time.sleep(0.05)
    rest = [batcher.submit(i) for i in range(2, 42, 2)]
    rec.gate.set()
    assert first.result(5) == 0
    assert [f.result(5) for f in rest] == [i * 10 for i in range(2, 42, 2)]
    assert rec.batches[0] == [0]
    assert rec.batches[1] == list(range(2, 42, 2))  # one transaction for twenty items


def test_max_batch_is_respected() -> None:
    rec = Recorder()
    rec.gate.clear()
    batcher: Batcher[int, int] = Batcher("test-max", rec.write, max_batch=3)
    futures = [batcher.submit(i * 2) for i in range(8)]
    rec.gate.set()
    assert [f.result(5) for f in futures] == [i * 20 for i in range(8)]
    assert max(len(b) for b in rec.batches) <= 3


def test_a_failing_write_fails_every_item_of_its_batch_only() -> None:
    calls = []

    def write(items: list[int]) -> Sequence[int | BaseException]:
        calls.append(items)
        if len(calls) == 1:
            raise OSError("database down")
        return items

    batcher: Batcher[int, int] = Batcher("test-fail", write)
    with pytest.raises(OSError, match="database down"):
        batcher.submit(1).result(5)
    assert batcher.submit(2).result(5) == 2  # the writer survives


def test_wrong_number_of_outcomes_is_an_error_not_a_hang() -> None:
    batcher: Batcher[int, int] = Batcher("test-count", lambda items: [])
    with pytest.raises(RuntimeError, match="0 outcomes for 1 items"):
        batcher.submit(1).result(5)


def test_async_callers_are_answered_in_their_loop() -> None:
    rec = Recorder()
    batcher: Batcher[int, int] = Batcher("test-async", rec.write)

    async def main() -> list[int]:
        return list(await asyncio.gather(*(batcher.submit_async(i) for i in (0, 2, 4))))

    assert asyncio.run(main()) == [0, 20, 40]


def test_a_caller_that_gave_up_does_not_break_the_writer() -> None:
    rec = Recorder()
    rec.gate.clear()
    batcher: Batcher[int, int] = Batcher("test-cancel", rec.write)

    async def main() -> int:
        abandoned = batcher.submit_async(2)
        abandoned.cancel()
        rec.gate.set()
        return await batcher.submit_async(4)

    assert asyncio.run(main()) == 40


def test_the_thread_stops_when_idle_and_comes_back() -> None:
    rec = Recorder()
    batcher: Batcher[int, int] = Batcher("test-idle", rec.write, idle_seconds=0.05)
    assert batcher.submit(2).result(5) == 20
    deadline = time.monotonic() + 5
    while batcher._threads and time.monotonic() < deadline:
        time.sleep(0.01)
    assert batcher._threads == 0
    assert not [t for t in threading.enumerate() if t.name.startswith("test-idle-")]
    assert batcher.submit(4).result(5) == 40


def test_drain_waits_for_the_batch_in_hand() -> None:
    release = threading.Event()
    written: list[int] = []

    def write(items: list[int]) -> list[int]:
        release.wait(timeout=30)
        written.extend(items)
        return items

    batcher: Batcher[int, int] = Batcher("drain", write)
    futures = [batcher.submit(i) for i in range(3)]
    assert batcher.drain(timeout=0) is False  # the writer holds them
    release.set()
    assert batcher.drain(timeout=30) is True
    assert sorted(written) == [0, 1, 2]
    assert [f.result(timeout=0) for f in futures] == [0, 1, 2]
    assert Batcher("idle", write).drain(timeout=0) is True


def test_a_second_writer_takes_what_arrives_while_the_first_one_writes() -> None:
    first_in = threading.Event()
    release = threading.Event()
    batches: list[list[int]] = []

    def write(items: list[int]) -> list[int]:
        if 0 in items:  # the first batch holds its "commit" until the second one is done
            first_in.set()
            release.wait(timeout=30)
        batches.append(list(items))
        return [i * 10 for i in items]

    batcher: Batcher[int, int] = Batcher("test-writers", write, writers=2)
    first = batcher.submit(0)
    assert first_in.wait(timeout=30)
    second = batcher.submit(1)
    assert second.result(timeout=30) == 10  # written while the first batch is in hand
    assert not first.done()
    release.set()
    assert first.result(timeout=30) == 0
    assert batches == [[1], [0]]
    assert batcher.drain(timeout=30)


def test_no_more_writers_than_allowed() -> None:
    gate = threading.Event()
    running: list[int] = []
    most = [0]
    lock = threading.Lock()

    def write(items: list[int]) -> list[int]:
        with lock:
            running.append(1)
            most[0] = max(most[0], len(running))
        gate.wait(timeout=30)
        with lock:
            running.pop()
        return items

    batcher: Batcher[int, int] = Batcher("test-bound", write, writers=3, max_batch=1)
    futures = [batcher.submit(i) for i in range(12)]
    deadline = time.monotonic() + 30
    while most[0] < 3 and time.monotonic() < deadline:  # three batches in hand at once
        time.sleep(0.01)
    gate.set()
    assert [f.result(timeout=30) for f in futures] == list(range(12))
    assert most[0] == 3
    assert Batcher("test-none", write, writers=1).writers == 1
    with pytest.raises(ValueError, match="at least one writer"):
        Batcher("test-zero", write, writers=0)
