"""Per-API-key rate limiting: a token bucket per key, 429 with the envelope and Retry-After."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from allokoli.http.deps import AlloKoliApp
from allokoli.kit.ratelimit import TokenBucketLimiter
from allokoli.settings import Settings
from tests.conftest import Account


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_bucket_refills_continuously_and_tells_how_long_to_wait() -> None:
    clock = Clock()
    limiter = TokenBucketLimiter(60, clock=clock)  # one token per second
    assert [limiter.acquire("k") for _ in range(60)] == [0] * 60
    assert limiter.acquire("k") == 1
    assert limiter.acquire("other") == 0  # keys are independent
    clock.now += 0.5
    assert limiter.acquire("k") == 1
    clock.now += 0.5
    assert limiter.acquire("k") == 0
    clock.now += 3600
    assert [limiter.acquire("k") for _ in range(60)] == [0] * 60  # capped at capacity
    assert limiter.acquire("k") == 1


def test_slow_limits_ask_to_wait_longer() -> None:
    clock = Clock()
    limiter = TokenBucketLimiter(2, clock=clock)
    assert limiter.acquire("k") == 0 and limiter.acquire("k") == 0
    assert limiter.acquire("k") == 30


def test_zero_disables_the_limit() -> None:
    limiter = TokenBucketLimiter(0)
    assert not limiter.enabled
    assert all(limiter.acquire("k") == 0 for _ in range(1000))


def test_setting_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None).api_rate_limit_per_minute == 300
    monkeypatch.setenv("ALLOKOLI_API_RATE_LIMIT_PER_MINUTE", "12")
    assert Settings(_env_file=None).api_rate_limit_per_minute == 12


def test_api_answers_429_with_envelope_and_retry_after(
    app: AlloKoliApp, alice: Account, bob: Account
) -> None:
    assert app.services.rate_limiter.capacity == 300
    app.services.rate_limiter.capacity = 3.0
    app.services.rate_limiter.rate = 3 / 60
    for _ in range(3):
        assert alice.client.get("/api/v1/me", headers=alice.auth).status_code == 200
    limited = alice.client.get("/api/v1/assistants", headers=alice.auth)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "20"
    assert limited.json() == {
        "error": "RateLimited",
        "detail": "Trop de requêtes avec cette clé API : réessayez dans 20 s.",
        "retry_after": 20,
    }
    # Another key has its own bucket; the browser session (no key) is not limited here.
    assert bob.client.get("/api/v1/me", headers=bob.auth).status_code == 200
    assert alice.client.get("/api/v1/me").status_code == 200
    # Pages and health checks are never limited.
    assert alice.client.get("/healthz", headers=alice.auth).status_code == 200


def test_an_invalid_key_gets_its_own_bucket(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    app.services.rate_limiter.capacity = 1.0
    app.services.rate_limiter.rate = 1 / 60
    bad = {"Authorization": f"Bearer {alice.api_key[:-4]}xxxx"}
    assert client.get("/api/v1/me", headers=bad).status_code == 401
    assert client.get("/api/v1/me", headers=bad).status_code == 429
    assert client.get("/api/v1/me", headers=alice.auth).status_code == 200
