"""The state web processes share (`kit.shared`): memory, Redis, and Redis unreachable."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from allokoli.accounts import service as accounts
from allokoli.app import create_app
from allokoli.calls import display, stats
from allokoli.cli import app as cli
from allokoli.db.session import Database
from allokoli.kit.clock import utcnow
from allokoli.kit.crypto import SecretBox
from allokoli.kit.shared import MemoryState, RedisState, SharedStateUnavailable, shared_state
from allokoli.models import Call
from allokoli.settings import Settings
from allokoli.tenancy import Tenant
from tests.conftest import TEST_SECRET

REDIS_URL = os.environ.get("ALLOKOLI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
needs_redis = pytest.mark.skipif(not RedisState(REDIS_URL).ping(), reason="no Redis")


def _nothing_listens() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # the port is free again: nothing listens there


def test_settings_choose_the_implementation() -> None:
    assert isinstance(shared_state(None), MemoryState)
    assert isinstance(shared_state(REDIS_URL), RedisState)


def test_memory_state_buckets_and_generations() -> None:
    state = MemoryState()
    waits = [asyncio.run(state.take("k", 2, 1 / 60)) for _ in range(3)]
    assert waits[:2] == [0, 0] and waits[2] >= 1
    assert asyncio.run(state.take("other", 2, 1 / 60)) == 0
    assert state.generation("g") == 0
    state.bump("g")
    assert state.generation("g") == 1


@needs_redis
def test_two_redis_clients_share_one_bucket_and_one_generation() -> None:
    # Two clients on one URL: what two processes see.
    first, second = RedisState(REDIS_URL), RedisState(REDIS_URL)
    key = uuid.uuid4().hex
    try:
        waits = [asyncio.run((first if i % 2 else second).take(key, 3, 1 / 3600)) for i in range(6)]
        assert waits[:3] == [0, 0, 0]
        assert all(wait >= 1 for wait in waits[3:])
        assert second.generation(key) == 0
        first.bump(key)
        assert second.generation(key) == 1
    finally:
        first.close()
        second.close()


def test_unreachable_redis_raises_a_french_503() -> None:
    state = RedisState(_nothing_listens())
    assert state.ping() is False
    for attempt in (
        lambda: asyncio.run(state.take("k", 1, 1)),
        lambda: state.generation("g"),
        lambda: state.bump("g"),
    ):
        with pytest.raises(SharedStateUnavailable) as caught:
            attempt()
        assert caught.value.status_code == 503
        assert "indisponible" in caught.value.detail


def test_api_requests_get_503_not_a_silent_pass_when_redis_is_down(
    settings: Settings, database: Database
) -> None:
    app = create_app(
        settings.model_copy(update={"redis_url": _nothing_listens()}), database=database
    )
    with TestClient(app) as client:
        r = client.get("/api/v1/me", headers={"Authorization": "Bearer ak_quelconque"})
        assert r.status_code == 503
        assert r.json()["error"] == "SharedStateUnavailable"
        assert "stockage partagé injoignable" in r.json()["detail"]
        assert r.headers["Retry-After"] == "5"
        # What is not limited per key does not need Redis.
        assert client.get("/healthz").status_code == 200


def test_stats_cache_is_bypassed_not_stale_when_redis_is_down(database: Database) -> None:
    tenant, day = _org_with_a_past_call(database)
    database.shared = RedisState(_nothing_listens())
    with database.unit_of_work(tenant_id=tenant.organization_id) as session:
        assert stats.per_day(session, tenant, day, day)[0].calls == 1
        _add_call(session, tenant, day)  # behind the cache's back: no `forget`
        assert stats.per_day(session, tenant, day, day)[0].calls == 2


@needs_redis
def test_a_bump_from_another_process_invalidates_cached_days(database: Database) -> None:
    tenant, day = _org_with_a_past_call(database)
    database.shared = RedisState(REDIS_URL)
    other_process = RedisState(REDIS_URL)
    with database.unit_of_work(tenant_id=tenant.organization_id) as session:
        assert stats.per_day(session, tenant, day, day)[0].calls == 1
        _add_call(session, tenant, day)  # written by "another process": no local `forget`
        assert stats.per_day(session, tenant, day, day)[0].calls == 1  # cached
        other_process.bump(f"stats:{tenant.organization_id}")
        assert stats.per_day(session, tenant, day, day)[0].calls == 2
    other_process.close()


def test_forget_moves_the_generation_on_after_commit_only(database: Database) -> None:
    tenant, _ = _org_with_a_past_call(database)
    key = f"stats:{tenant.organization_id}"

    def rolled_back() -> None:
        with database.unit_of_work() as session:
            stats.forget(session, tenant.organization_id)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        rolled_back()
    assert database.shared.generation(key) == 0
    with database.unit_of_work() as session:
        stats.forget(session, tenant.organization_id)
    assert database.shared.generation(key) == 1


def test_several_workers_need_redis() -> None:
    r = CliRunner().invoke(cli, ["serve", "--workers", "2"], env={"ALLOKOLI_REDIS_URL": ""})
    assert r.exit_code == 2
    assert "ALLOKOLI_REDIS_URL" in r.output and "Plusieurs processus" in r.output


def _org_with_a_past_call(database: Database) -> tuple[Tenant, date]:
    with database.unit_of_work() as session:
        created = accounts.create_user(
            session,
            email=f"{uuid.uuid4().hex[:8]}@exemple.fr",
            password="motdepasse-solide",
            org_name="Stats SARL",
            box=SecretBox(TEST_SECRET),
        )
        tenant = Tenant(created.organization.id)
    day = (utcnow() - timedelta(days=3)).astimezone(display.PARIS).date()
    with database.unit_of_work(tenant_id=tenant.organization_id) as session:
        _add_call(session, tenant, day)
    return tenant, day


def _add_call(session: Session, tenant: Tenant, day: date) -> None:
    started = stats.paris_midnight(day) + timedelta(hours=10)
    session.add(
        Call(
            organization_id=tenant.organization_id,
            provider_call_id=f"call-{uuid.uuid4()}",
            status="ended",
            started_at=started,
            duration_seconds=60,
        )
    )
    session.flush()
