"""Per-API-key rate limiting of the REST API and the MCP endpoint: an in-memory token bucket.

Each bearer token gets a bucket of `per_minute` tokens refilled continuously; a request takes
one, and an empty bucket answers 429 with `Retry-After`. The bucket is keyed on a hash of the
whole presented key, not on its public prefix: knowing a key's prefix must not let anyone
exhaust its owner's budget. The buckets live in the settings' shared state (`kit.shared`): in
this process by default, in Redis (`ALLOKOLI_REDIS_URL`) when several processes serve, so the
limit holds across them. Redis unreachable answers 503, never an unlimited or per-process pass.

Browser requests (session cookie, no bearer token) are not limited here: logins have their own
throttling, and the HTML pages are not an API.
"""

from __future__ import annotations

import hashlib

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from allokoli.kit.errors import TooManyRequests
from allokoli.kit.ratelimit import ApiRateLimiter
from allokoli.kit.shared import SharedStateUnavailable

LIMITED_PREFIXES = ("/api/", "/mcp")


class RateLimited(TooManyRequests):
    default_detail = "Trop de requêtes avec cette clé API : réessayez dans quelques secondes."

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Trop de requêtes avec cette clé API : réessayez dans {retry_after} s.",
            retry_after=retry_after,
        )
        self.extra = {"retry_after": retry_after}


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

    def __init__(self, app: ASGIApp, limiter: ApiRateLimiter) -> None:
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
                error: RateLimited | SharedStateUnavailable | None = None
                try:
                    wait = await self.limiter.acquire(key)
                    error = RateLimited(wait) if wait else None
                except SharedStateUnavailable as exc:
                    error = exc
                if error is not None:
                    response = JSONResponse(
                        error.envelope(),
                        status_code=error.status_code,
                        headers={"Retry-After": str(error.retry_after)},
                    )
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
