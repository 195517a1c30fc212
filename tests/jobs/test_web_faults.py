"""Web processes and the database under faults, as separate local processes on PostgreSQL.

- A web process killed with SIGKILL in the middle of a stream of webhook deliveries: every
  delivery that got a 2xx is stored (and processed).
- The database restarted (a crash: `pg_ctl stop -m immediate`, then start) in the middle of a
  stream, on a PostgreSQL server the test starts itself in a temporary folder: nothing
  acknowledged is lost, the web process and the worker reconnect by themselves, and requests
  during the outage get 503 with `Retry-After`, never 500.

Bounded in time (every wait polls a condition under a generous deadline); nothing asserts how
long anything took.
"""

from __future__ import annotations

import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from allokoli.db.migrate import upgrade
from allokoli.db.session import Database, discard
from allokoli.deploy import outbox
from allokoli.models import Assistant, OutboxMessage
from allokoli.tenancy import Tenant
from tests.conftest import DbUrls
from tests.jobs.cluster import (
    Stream,
    Web,
    Worker,
    app_database,
    environment,
    own_postgres,
    seed,
    stored_call_ids,
    wait_until,
)
from tests.jobs.fake_vapi import FakeVapi

pytestmark = pytest.mark.pg


@pytest.fixture
def fake_vapi() -> Iterator[FakeVapi]:
    with FakeVapi().running() as fake:
        yield fake


def test_a_web_process_killed_mid_stream_keeps_every_acknowledged_delivery(
    database: Database, db_urls: DbUrls, tmp_path: Path
) -> None:
    receiver = seed(database)
    web = Web(environment(db_urls), tmp_path)
    try:
        web.wait_ready()
        with Stream([web.base], receiver, senders=8, stop_on_error=True) as stream:
            answers = stream.answers
            wait_until(lambda: len(answers.acknowledged) >= 150, "150 deliveries", web.logs)
            web.stop(signal.SIGKILL)  # senders are in the middle of their requests
            wait_until(stream.finished, "every sender cut off", web.logs)
    finally:
        web.stop(signal.SIGKILL)

    assert answers.connection_errors == 8  # each sender lost a request in flight
    assert set(answers.statuses) == {200}, answers.statuses
    missing = answers.acknowledged - stored_call_ids(database, receiver.organization_id)
    assert not missing, f"{len(missing)} acknowledged deliveries lost"


def _queue_push(db: Database, org_id: uuid.UUID) -> uuid.UUID:
    with db.unit_of_work(tenant_id=org_id, run_after_commit=discard) as session:
        assistant = Assistant(
            organization_id=org_id,
            name="Cabinet Martin",
            config={"name": "Cabinet Martin"},
            status="deploying",
        )
        session.add(assistant)
        session.flush()
        outbox.enqueue(session, Tenant(org_id), outbox.PushAssistant(assistant_id=assistant.id))
        return assistant.id


def test_a_database_restart_loses_nothing_and_answers_503_meanwhile(
    tmp_path: Path, fake_vapi: FakeVapi
) -> None:
    with own_postgres() as pg:
        urls = pg.create_database()
        upgrade(urls.admin, urls.app)
        db = app_database(urls)
        receiver = seed(db)
        env = environment(
            urls,
            ALLOKOLI_JOB_ENGINE="procrastinate",
            ALLOKOLI_VAPI_API_KEY="cle-de-test",
            ALLOKOLI_VAPI_BASE_URL=fake_vapi.url,
            ALLOKOLI_OUTBOX_POLL_SECONDS="1",
            ALLOKOLI_WORKER_STALLED_SECONDS="4",
        )
        web = Web(env, tmp_path)
        worker = Worker(env, tmp_path)

        def logs() -> str:
            return f"{web.logs()}\n{worker.logs()}\n--- postgresql:\n{pg.logs()}"

        try:
            web.wait_ready()
            with Stream([web.base], receiver, senders=6) as stream:
                answers = stream.answers
                wait_until(lambda: len(answers.acknowledged) >= 60, "deliveries before", logs)
                pg.stop("immediate")  # a crash: the next start recovers from the WAL
                wait_until(lambda: answers.count(503) >= 6, "refusals during the outage", logs)
                pg.start()
                before = len(answers.acknowledged)
                wait_until(
                    lambda: len(answers.acknowledged) >= before + 60, "deliveries after", logs
                )
            # The worker reconnected too: a push queued now is done by it.
            assistant_id = _queue_push(db, receiver.organization_id)

            def pushed() -> bool:
                if not worker.alive():
                    pytest.fail(f"the worker exited:\n{logs()}")
                with db.unit_of_work(tenant_id=receiver.organization_id) as session:
                    assistant = session.get(Assistant, assistant_id)
                    return assistant is not None and assistant.status == "active"

            wait_until(pushed, "push by the worker after the restart", logs)
            assert web.alive(), logs()
            with db.unit_of_work(tenant_id=receiver.organization_id) as session:
                # The pushes (the calls' notification jobs have no SMTP here to go to).
                done = session.scalars(
                    select(OutboxMessage.done_at).where(OutboxMessage.kind == "assistant.push")
                ).all()
            assert done and all(done), logs()
            assert fake_vapi.creates == 1

            assert set(answers.statuses) <= {200, 503}, (answers.statuses, logs())
            assert answers.retry_after_missing == 0
            assert answers.connection_errors == 0
            missing = answers.acknowledged - stored_call_ids(db, receiver.organization_id)
            assert not missing, f"{len(missing)} acknowledged deliveries lost"
            # uvicorn, once shut down cleanly, re-raises the signal it caught (one process).
            assert web.stop() in (0, -signal.SIGTERM), logs()
            assert worker.stop() == 0, logs()
        finally:
            web.stop(signal.SIGKILL)
            worker.stop(signal.SIGKILL)
            db.dispose()
