"""Token buckets per key: the per-API-key limit of `http.ratelimit`.

`TokenBucketLimiter` keeps the buckets in this process (`kit.shared.MemoryState` uses it);
`ApiRateLimiter` is the limit the middleware applies, counted in whichever `SharedState` the
settings chose (this process, or Redis for several). Kept apart from the middleware so that
the one limiter of a process can live in `Services` without the wiring importing the HTTP
surface.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from allokoli.kit.shared import SharedState

MAX_BUCKETS = 100_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucketLimiter:
    """`acquire(key)` → 0 when allowed, else the seconds to wait. Thread-safe."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.capacity > 0

    def acquire(self, key: str) -> int:
        if not self.enabled:
            return 0
        return self.take(key, self.capacity, self.rate)

    def take(self, key: str, capacity: float, rate: float) -> int:
        """One token from `key`'s bucket of `capacity` refilled at `rate` per second."""
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = _Bucket(capacity, now)
                self._buckets[key] = bucket
                if len(self._buckets) > MAX_BUCKETS:
                    # Forget the least recently seen key: at worst it starts again full.
                    self._buckets.popitem(last=False)
            else:
                self._buckets.move_to_end(key)
                elapsed = max(0.0, now - bucket.updated)
                bucket.tokens = min(capacity, bucket.tokens + elapsed * rate)
                bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0
            return max(1, math.ceil((1 - bucket.tokens) / rate))


class ApiRateLimiter:
    """`per_minute` requests per key, refilled continuously, counted in `state`."""

    def __init__(self, state: SharedState, per_minute: int) -> None:
        self.state = state
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0

    @property
    def enabled(self) -> bool:
        return self.capacity > 0

    async def acquire(self, key: str) -> int:
        """0 when allowed, else the seconds to wait; raises `SharedStateUnavailable`."""
        if not self.enabled:
            return 0
        return await self.state.take("api:" + key, self.capacity, self.rate)
