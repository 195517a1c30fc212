"""A background job run every N seconds in a daemon thread (reconciliation, purge)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("allokoli.periodic")


class Periodic:
    """Runs `job` every `interval` seconds, first after one interval; 0 disables it.

    Errors are logged and the next run happens as planned. Several server processes each run
    their own: the jobs given here are idempotent.
    """

    def __init__(self, name: str, interval: float, job: Callable[[], object]) -> None:
        self.name = name
        self.interval = interval
        self.job = job
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.interval <= 0:
            return
        self._thread = threading.Thread(target=self._run, name=f"allokoli-{self.name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.job()
            except Exception:
                log.exception("%s pass failed", self.name)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
