"""The PostgreSQL engine in process: the outbox relayed into procrastinate jobs (once per
message), run by a worker that drains the queue; arguments of another version fail alone."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from procrastinate import JobContext
from procrastinate.jobs import Job as QueuedJob
from procrastinate.jobs import Status
from sqlalchemy import Engine, select, text

from allokoli.db.session import Database, discard
from allokoli.deploy import outbox
from allokoli.jobs import dead
from allokoli.jobs.queue import OUTBOX_QUEUE, OUTBOX_TASK, QueueJobs
from allokoli.models import OutboxMessage
from allokoli.services import Services
from allokoli.settings import JobEngine, Settings
from allokoli.tenancy import Tenant
from tests.conftest import Account

pytestmark = pytest.mark.pg


@pytest.fixture
def queue(settings: Settings, database: Database, clean_queue: None) -> Iterator[QueueJobs]:
    queued = settings.model_copy(
        update={"job_engine": JobEngine.PROCRASTINATE, "reconcile_seconds": 0, "purge_seconds": 0}
    )
    with Services.build(queued, database=database) as services:
        assert isinstance(services.jobs, QueueJobs)
        yield services.jobs


def _drain(queue: QueueJobs) -> None:
    """A worker that runs every job queued now, then returns."""
    queue.worker_app().run_worker(
        wait=False, install_signal_handlers=False, listen_notify=False, concurrency=1
    )


def _route(database: Database, org_id: uuid.UUID) -> None:
    # A number route for an assistant that has no number: a job with no provider call.
    with database.unit_of_work(tenant_id=org_id, run_after_commit=discard) as session:
        outbox.enqueue(session, Tenant(org_id), outbox.RoutePhoneNumber(assistant_id=uuid.uuid4()))


def _jobs(queue: QueueJobs, status: Status | None = None) -> list[object]:
    return list(
        queue._app().job_manager.list_jobs(
            task=OUTBOX_TASK, status=status.value if status else None
        )
    )


def test_a_committed_change_has_its_job_once_and_it_runs(
    alice: Account, queue: QueueJobs, database: Database
) -> None:
    _route(database, alice.org_id)  # no after-commit work: the job came with the transaction
    assert queue.relay() == 0  # already waiting: the queueing lock keeps one job
    assert len(_jobs(queue, Status.TODO)) == 1
    _drain(queue)
    with database.unit_of_work(tenant_id=alice.org_id) as session:
        (row,) = session.scalars(select(OutboxMessage)).all()
        assert row.done_at is not None and row.last_error is None


def test_a_rolled_back_change_queues_nothing(
    alice: Account, queue: QueueJobs, database: Database
) -> None:
    def change_that_fails() -> None:
        with database.unit_of_work(tenant_id=alice.org_id) as session:
            job = outbox.RoutePhoneNumber(assistant_id=uuid.uuid4())
            outbox.enqueue(session, Tenant(alice.org_id), job)
            raise RuntimeError("la modification échoue")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert queue.relay() == 0
    assert _jobs(queue) == []


def test_the_commit_itself_relays(alice: Account, queue: QueueJobs, database: Database) -> None:
    with database.unit_of_work(tenant_id=alice.org_id) as session:
        outbox.enqueue(
            session, Tenant(alice.org_id), outbox.RoutePhoneNumber(assistant_id=uuid.uuid4())
        )
    assert len(_jobs(queue, Status.TODO)) == 1


def test_bad_arguments_and_bad_payloads_fail_alone(
    alice: Account, queue: QueueJobs, database: Database
) -> None:
    app = queue._app()
    app.configure_task(OUTBOX_TASK, queue=OUTBOX_QUEUE).defer(id="ancien-format")
    with database.unit_of_work(tenant_id=alice.org_id, run_after_commit=discard) as session:
        session.add(
            OutboxMessage(organization_id=alice.org_id, kind="assistant.push", payload={"x": 1})
        )
    _route(database, alice.org_id)
    assert len(_jobs(queue, Status.TODO)) == 3  # both messages got their job with their commit

    _drain(queue)  # returns: the worker survived both

    (failed,) = _jobs(queue, Status.FAILED)
    assert len(_jobs(queue, Status.SUCCEEDED)) == 2
    listed = {job.kind: job for job in dead.dead_jobs(database, queue)}
    assert set(listed) == {"assistant.push", OUTBOX_TASK}
    assert "assistant.push" in listed["assistant.push"].error
    assert listed[OUTBOX_TASK].id == str(failed.id)  # type: ignore[attr-defined]

    # The operator re-runs the engine's failed job: queued again (and fails again, alone).
    assert dead.retry(database, queue, str(failed.id))  # type: ignore[attr-defined]
    assert len(_jobs(queue, Status.TODO)) == 1
    assert not dead.retry(database, queue, "999999999")


def test_the_relay_never_runs_again_a_job_of_its_own_live_worker(
    queue: QueueJobs, admin_engine: Engine
) -> None:
    """A worker whose heartbeat is late (a loaded machine) is alive when its own relay runs: its
    job still waiting for the provider must not run a second time beside itself. A job of
    another silent worker is run again."""
    polling = QueueJobs(
        queue.functions, queue.settings.model_copy(update={"outbox_poll_seconds": 1})
    )
    app = polling.worker_app()
    relay = app.tasks["outbox.relay"]

    async def scenario() -> tuple[int, int, list[int]]:
        async with app.open_async():
            manager = app.job_manager
            own, other = await manager.register_worker(), await manager.register_worker()
            ids = [
                await app.configure_task(
                    OUTBOX_TASK, queue=OUTBOX_QUEUE, lock=f"m{n}", queueing_lock=f"m{n}"
                ).defer_async(id=f"m{n}")
                for n in (1, 2)
            ]
            return own, other, ids

    own, other, ids = asyncio.run(scenario())
    with admin_engine.begin() as conn:
        for job_id, worker_id in zip(ids, (own, other), strict=True):
            conn.execute(
                text(
                    "UPDATE procrastinate_jobs SET status = 'doing', worker_id = :w WHERE id = :j"
                ),
                {"w": worker_id, "j": job_id},
            )
        conn.execute(
            text("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour'")
        )

    async def run_relay() -> None:
        async with app.open_async():
            context = JobContext(
                app=app,
                job=QueuedJob(
                    id=0,
                    queue="periodic",
                    lock=None,
                    queueing_lock=None,
                    task_name="outbox.relay",
                    worker_id=own,
                ),
                start_timestamp=0.0,
                abort_reason=lambda: None,
            )
            await relay.func(context, timestamp=0)

    asyncio.run(run_relay())
    polling.close()
    with admin_engine.begin() as conn:
        rows = conn.execute(
            text("SELECT id, status FROM procrastinate_jobs WHERE id = ANY(:ids)"), {"ids": ids}
        )
        status = {int(job_id): str(state) for job_id, state in rows}
    assert status == {ids[0]: "doing", ids[1]: "todo"}


def test_the_relay_queues_what_has_no_job_once_even_when_several_relay_at_once(
    alice: Account, queue: QueueJobs, database: Database, admin_engine: Engine
) -> None:
    """Messages without a job (written before the engine queued jobs in their transaction, or
    made due again by hand): relays running at once in several processes split them, each
    queued once, none refused by the queueing lock."""
    for _ in range(20):
        _route(database, alice.org_id)
    with admin_engine.begin() as connection:
        connection.execute(text("DELETE FROM procrastinate_jobs"))
    with ThreadPoolExecutor(max_workers=4) as pool:
        queued = list(pool.map(lambda _: queue.relay(), range(4)))
    assert sum(queued) == 20
    assert len(_jobs(queue, Status.TODO)) == 20
    assert queue.relay() == 0


def test_a_rolled_back_savepoint_takes_its_job_back(
    alice: Account, queue: QueueJobs, database: Database
) -> None:
    with database.unit_of_work(tenant_id=alice.org_id, run_after_commit=discard) as session:
        kept = outbox.RoutePhoneNumber(assistant_id=uuid.uuid4())
        outbox.enqueue(session, Tenant(alice.org_id), kept)
        savepoint = session.begin_nested()
        outbox.enqueue(
            session, Tenant(alice.org_id), outbox.RoutePhoneNumber(assistant_id=uuid.uuid4())
        )
        savepoint.rollback()
    (job,) = _jobs(queue, Status.TODO)
    with database.unit_of_work(tenant_id=alice.org_id) as session:
        (row,) = session.scalars(select(OutboxMessage)).all()
    assert job.task_kwargs == {  # type: ignore[attr-defined]
        "message_id": str(row.id),
        "organization_id": str(alice.org_id),
    }


def test_a_closed_engine_no_longer_queues_in_the_transaction(
    alice: Account, settings: Settings, database: Database, clean_queue: None
) -> None:
    queued = settings.model_copy(update={"job_engine": JobEngine.PROCRASTINATE})
    with Services.build(queued, database=database):
        pass
    _route(database, alice.org_id)  # e.g. a later test on the same engine, embedded engine
    with database.engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM procrastinate_jobs")).scalar()
    assert count == 0
