"""State that every web process must agree on: rate-limit buckets and cache generations.

One small interface, two implementations chosen by `ALLOKOLI_REDIS_URL`:

- `MemoryState` (no URL, the embedded default): dictionaries of this process. Correct for one
  process (`allokoli serve` with one worker); several processes would each count on their own.
- `RedisState`: one Redis shared by every process and machine. A token bucket is one Lua
  script (atomic, timed by Redis's own clock, so the processes' clocks do not matter).

Redis unreachable is never a silent fallback to per-process counting (that would multiply the
limits by the number of processes without anyone noticing): every operation raises
`SharedStateUnavailable`, a 503 with the usual French envelope, until Redis answers again.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

import redis
from anyio import to_thread
from redis.exceptions import RedisError

from allokoli.kit.errors import ServiceUnavailable
from allokoli.kit.ratelimit import TokenBucketLimiter

log = logging.getLogger("allokoli.shared")

#: How long a Redis operation may take before the request gets its 503 (local network).
REDIS_TIMEOUT_SECONDS = 1.0
RETRY_AFTER_SECONDS = 5
KEY_PREFIX = "allokoli:"

# KEYS[1]: the bucket; ARGV: capacity, refill per second. Returns 0 (allowed) or the seconds
# to wait. The bucket expires once it would be full again: idle keys cost nothing.
_TAKE = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return wait
"""


class SharedStateUnavailable(ServiceUnavailable):
    default_detail = (
        "Le service est momentanément indisponible (stockage partagé injoignable). "
        "Réessayez dans quelques secondes."
    )

    def __init__(self) -> None:
        super().__init__()
        self.retry_after = RETRY_AFTER_SECONDS


class SharedState(Protocol):
    """What the processes share. Keys are short ASCII strings chosen by the caller."""

    async def take(self, key: str, capacity: float, per_second: float) -> int:
        """Take one token from bucket `key`: 0 when allowed, else the seconds to wait."""
        ...

    def generation(self, key: str) -> int:
        """The current value of counter `key` (0 when never bumped)."""
        ...

    def bump(self, key: str) -> None:
        """Increment counter `key`: whatever was cached under its previous value is stale."""
        ...

    def close(self) -> None: ...


class MemoryState:
    """One process's state (the embedded default)."""

    def __init__(self) -> None:
        self._buckets = TokenBucketLimiter(0)
        self._counters: dict[str, int] = {}
        self._lock = threading.Lock()

    async def take(self, key: str, capacity: float, per_second: float) -> int:
        return self._buckets.take(key, capacity, per_second)

    def generation(self, key: str) -> int:
        return self._counters.get(key, 0)

    def bump(self, key: str) -> None:
        with self._lock:
            self._counters[key] = self._counters.get(key, 0) + 1

    def close(self) -> None:
        """Nothing to release."""


class RedisState:
    """State in Redis, shared by every process that uses the same URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._sync = redis.Redis.from_url(
            url,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )

    async def take(self, key: str, capacity: float, per_second: float) -> int:
        # The blocking client in a worker thread: one connection pool for every event loop
        # and thread (redis.asyncio's connections belong to the loop that opened them).
        return await to_thread.run_sync(self._take, key, capacity, per_second)

    def _take(self, key: str, capacity: float, per_second: float) -> int:
        bucket = KEY_PREFIX + "bucket:" + key
        try:
            wait = self._sync.eval(_TAKE, 1, bucket, repr(capacity), repr(per_second))
        except RedisError as exc:
            raise self._unavailable(exc) from exc
        return int(wait)

    def generation(self, key: str) -> int:
        try:
            value = self._sync.get(KEY_PREFIX + "gen:" + key)
        except RedisError as exc:
            raise self._unavailable(exc) from exc
        return int(value) if value is not None else 0

    def bump(self, key: str) -> None:
        try:
            self._sync.incr(KEY_PREFIX + "gen:" + key)
        except RedisError as exc:
            raise self._unavailable(exc) from exc

    def ping(self) -> bool:
        try:
            return bool(self._sync.ping())
        except RedisError:
            return False

    def _unavailable(self, exc: RedisError) -> SharedStateUnavailable:
        log.error("shared state: Redis at %s does not answer: %s", _safe(self.url), exc)
        return SharedStateUnavailable()

    def close(self) -> None:
        self._sync.close()


def _safe(url: str) -> str:
    """The URL without its password (for logs)."""
    return url.split("@")[-1]


def shared_state(redis_url: str | None) -> SharedState:
    """`RedisState` when a URL is set, else `MemoryState`."""
    return RedisState(redis_url) if redis_url else MemoryState()
