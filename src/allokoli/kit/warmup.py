"""What a process warms before it takes traffic, and whether it is done (`/healthz`).

Some things are slow the first time in a process (the French language pipeline, the provider
client's modules). A web process warms them in background threads as soon as it starts and
answers « starting » on `/healthz` until every one has finished, so that a load balancer sends it
no request before; a worker runs them before it takes its first job. Either way, no request or
job pays them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

log = logging.getLogger("allokoli.warmup")


class WarmUp:
    """Named warm-up tasks, run once each; `ready` once all have finished.

    A task that fails is logged and counts as finished: warming is an optimisation, and a
    process that never became ready would take no traffic at all."""

    def __init__(self, tasks: Mapping[str, Callable[[], None]] | None = None) -> None:
        self._tasks = dict(tasks or {})
        self._pending = set(self._tasks)
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._started = False
        if not self._pending:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set()

    def pending(self) -> list[str]:
        """The tasks not finished yet, by name."""
        with self._lock:
            return sorted(self._pending)

    def start(self) -> None:
        """Run each task in its own daemon thread (a web process: it answers meanwhile)."""
        for name in self._claim():
            threading.Thread(
                target=self._run, args=(name,), name=f"warm-up-{name}", daemon=True
            ).start()

    def run(self) -> None:
        """Run the tasks not started yet here, then wait for all (a worker, before its jobs)."""
        for name in self._claim():
            self._run(name)
        self._done.wait()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until ready (at most `timeout` seconds); whether it is."""
        return self._done.wait(timeout)

    def _claim(self) -> list[str]:
        with self._lock:
            if self._started:
                return []
            self._started = True
            return sorted(self._pending)

    def _run(self, name: str) -> None:
        try:
            self._tasks[name]()
        except Exception:
            log.exception("warm-up %s failed: its first use will be slow", name)
        with self._lock:
            self._pending.discard(name)
            if not self._pending:
                self._done.set()
        log.info("warm-up %s done", name)
