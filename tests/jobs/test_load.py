"""The production layout under load: 4 web processes (`allokoli serve --workers 4`) and 2
workers on PostgreSQL (the app role under RLS) and Redis. Webhook deliveries, 20 % of them
duplicates, shuffled (a call's report before its status, a copy before its original), sent
by 32 concurrent senders to the four processes: every event is stored and processed once,
every duplicate is answered « duplicate », every call exists once and ends « ended ». Meanwhile
the workers push an assistant queued during the load, once.

The suite sends `ALLOKOLI_TEST_LOAD_DELIVERIES` deliveries (1,000 by default, to fit `make
test` on 2 cores); `bench/scaleout_load.py` runs the same check with the issue's 20,000 and
prints the figures. Bounded in time; nothing asserts how long anything took.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from allokoli.db.session import Database
from allokoli.kit.shared import RedisState
from allokoli.models import Assistant
from tests.conftest import DbUrls
from tests.jobs.cluster import (
    REDIS_URL,
    Web,
    Worker,
    environment,
    run_load,
    seed,
    wait_until,
)
from tests.jobs.fake_vapi import FakeVapi
from tests.jobs.test_web_faults import _queue_push

DELIVERIES = int(os.environ.get("ALLOKOLI_TEST_LOAD_DELIVERIES", "1000"))

pytestmark = [
    pytest.mark.pg,
    pytest.mark.skipif(not RedisState(REDIS_URL).ping(), reason=f"no Redis at {REDIS_URL}"),
]


@pytest.fixture
def fake_vapi() -> Iterator[FakeVapi]:
    with FakeVapi().running() as fake:
        yield fake


def test_four_web_processes_and_two_workers_store_every_event_once(
    database: Database, db_urls: DbUrls, tmp_path: Path, fake_vapi: FakeVapi, clean_queue: None
) -> None:
    receiver = seed(database)
    env = environment(
        db_urls,
        ALLOKOLI_REDIS_URL=REDIS_URL,
        ALLOKOLI_JOB_ENGINE="procrastinate",
        ALLOKOLI_VAPI_API_KEY="cle-de-test",
        ALLOKOLI_VAPI_BASE_URL=fake_vapi.url,
        ALLOKOLI_OUTBOX_POLL_SECONDS="1",
    )
    web = Web(env, tmp_path, workers=4)
    workers = [Worker(env, tmp_path, f"worker-{n}") for n in (1, 2)]

    def logs() -> str:
        return "\n".join(p.logs() for p in (web, *workers))

    try:
        web.wait_ready()
        assistant_id = _queue_push(database, receiver.organization_id)
        result = run_load(database, [web.base], receiver, DELIVERIES)

        def pushed() -> bool:
            with database.unit_of_work(tenant_id=receiver.organization_id) as session:
                assistant = session.get(Assistant, assistant_id)
                return assistant is not None and assistant.status == "active"

        wait_until(pushed, "push by a worker", logs)
        assert all(w.alive() for w in workers), logs()
        assert fake_vapi.creates == 1
    finally:
        web.stop(signal.SIGTERM)
        for worker in workers:
            worker.stop(signal.SIGTERM)

    answers = result.answers
    duplicates = result.deliveries - result.distinct
    assert answers.get("stored") == result.distinct, answers
    assert answers.get("duplicate") == duplicates, answers
    assert set(answers) <= {"stored", "duplicate", "503", "connection-error"}, answers
    assert result.stored_events == result.distinct
    assert result.unprocessed == 0
    assert result.duplicate_rows == 0
    assert result.calls == result.distinct // 2
    assert result.calls_not_ended == 0
