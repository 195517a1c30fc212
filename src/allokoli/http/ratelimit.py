"""Per-API-key rate limiting of the REST API and the MCP endpoint: an in-memory token bucket.

Each bearer token gets a bucket of `per_minute` tokens refilled continuously; a request takes
one, and an empty bucket answers 429 with `Retry-After`. The bucket is keyed on a hash of the
whole presented key, not on its public prefix: knowing a key's prefix must not let anyone
exhaust its owner's budget. The limit is per server process (several workers multiply it),
which is the intent: protect the process, not bill usage.

Browser requests (session cookie, no bearer token) are not limited here: logins have their own
throttling, and the HTML pages are not an API.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from allokoli.kit.errors import TooManyRequests

LIMITED_PREFIXES = ("/api/", "/mcp")
MAX_BUCKETS = 100_000


class RateLimited(TooManyRequests):
    default_detail = "Trop de requêtes avec cette clé API : réessayez dans quelques secondes."

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Trop de requêtes avec cette clé API : réessayez dans {retry_after} s.",
            retry_after=retry_after,
        )
        self.extra = {"retry_after": retry_after}


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
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = _Bucket(self.capacity, now)
                self._buckets[key] = bucket
                if len(self._buckets) > MAX_BUCKETS:
                    # Forget the least recently seen key: at worst it starts again full.
                    self._buckets.popitem(last=False)
            else:
                self._buckets.move_to_end(key)
                elapsed = max(0.0, now - bucket.updated)
                bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self.rate)
                bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0
            return max(1, math.ceil((1 - bucket.tokens) / self.rate))


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = bytes(value).decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


class RateLimitMiddleware:
    """Pure ASGI: answers 429 (error envelope + `Retry-After`) before the app runs."""

    def __init__(self, app: ASGIApp, limiter: TokenBucketLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and self.limiter.enabled
            and scope["path"].startswith(LIMITED_PREFIXES)
        ):
            token = _bearer(scope)
            if token is not None:
                key = hashlib.sha256(token.encode()).hexdigest()
                wait = self.limiter.acquire(key)
                if wait:
                    error = RateLimited(wait)
                    response = JSONResponse(
                        error.envelope(),
                        status_code=error.status_code,
                        headers={"Retry-After": str(wait)},
                    )
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
