"""The PostgreSQL engine: procrastinate jobs run by `allokoli worker` processes.

The outbox stays the transactional part: a change writes its message in its own transaction
(nothing for a rolled-back change, nothing lost for a committed one), and a message due now gets
its procrastinate job in that same transaction (`_queue_in_transaction`, docs/decisions/0007):
no relay pass follows the commit. Every `outbox_poll_seconds` the workers relay what has no job
(messages due later, or written by an older version): one job each, in one statement per pass.
A job's queueing lock is the message id, so queueing twice queues one job, and its lock is the
message id too, so two jobs of one message never run at once (a slow job outliving its lease
cannot race the job relayed after it). The job claims the message with a lease
(`outbox_lease_seconds`) before any side effect: a duplicate job, or the same job run again
after its worker was killed (no heartbeat for `worker_stalled_seconds`), finds it claimed or
done, or finds the provider's copy by our id. A retryable failure
writes the next attempt time (exponential backoff with jitter) on the message and queues the
next job for that time; a message given up is the dead letter (`allokoli jobs dead`).

Reconciliation and the purges are procrastinate periodic tasks: each period is deferred once for
the whole platform (procrastinate's `periodic_defers` unique key), whichever worker does it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import threading
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

import procrastinate
from procrastinate import exceptions as procrastinate_errors
from procrastinate.jobs import Job as QueuedJob
from procrastinate.jobs import Status
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapper

from allokoli.calendars.entries import PUSH_WAKE
from allokoli.calendars.service import SYNC_WAKE
from allokoli.db.engine import normalize_url
from allokoli.deploy import outbox
from allokoli.jobs.inline import calendar_poll_seconds
from allokoli.jobs.tasks import (
    CalendarPushJob,
    JobFunctions,
    OutboxMessageJob,
    parse_calendar_job,
    parse_outbox_job,
)
from allokoli.kit.clock import utcnow
from allokoli.models import OutboxMessage
from allokoli.settings import Settings

log = logging.getLogger("allokoli.jobs")

OUTBOX_TASK = "outbox.message"
OUTBOX_QUEUE = "outbox"
PERIODIC_QUEUE = "periodic"
#: Longest wait between two attempts to reach the database again.
RECONNECT_MAX_SECONDS = 5.0
CALENDAR_PUSH_TASK = "calendars.push"
CALENDAR_SYNC_TASK = "calendars.sync-now"
CALENDAR_QUEUE = "calendars"


def conninfo(database_url: str) -> str:
    """The libpq address of our SQLAlchemy URL (`postgresql+psycopg://…` → `postgresql://…`)."""
    url = make_url(normalize_url(database_url)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def cron_every(seconds: float) -> str:
    """The cron expression of « every `seconds` » (procrastinate's scheduler reads cron; a
    sixth field is seconds). Periods that divide a minute, an hour or a day only."""
    whole = round(seconds)
    if whole >= 1 and whole < 60 and 60 % whole == 0:
        return f"* * * * * */{whole}"
    minutes, rest = divmod(whole, 60)
    if rest == 0 and 1 <= minutes < 60 and 60 % minutes == 0:
        return f"*/{minutes} * * * *"
    hours, rest = divmod(whole, 3600)
    if rest == 0 and 1 <= hours <= 24 and 24 % hours == 0:
        return f"0 */{hours} * * *" if hours < 24 else "0 0 * * *"
    raise ValueError(
        f"{seconds} s is not a period the scheduler can keep: use one that divides a minute "
        "(1-30 s), an hour (1-30 min) or a day (1-24 h)."
    )


#: Messages one relay pass queues at most (the next commit or pass takes the rest).
RELAY_LIMIT = 500
RELAY_ATTEMPTS = 3
#: The first key of the relay's advisory locks (the second is the message id's hash): a
#: space of its own, so they never meet another advisory lock of the application.
RELAY_LOCK_SPACE = 0x0A110B0
# The due messages without a job (migration 0014's SECURITY DEFINER read: the outbox is under
# RLS), each claimed by a try-lock: a message another relay holds is skipped, not waited for.
# The jobs are those `defer_message` queues (lock and queueing lock `outbox:<id>`, the
# `OutboxMessageJob` arguments), inserted by procrastinate's own function in one call.
_RELAY = text(
    """
    WITH claimed AS (
      SELECT u.id, u.organization_id FROM allokoli_unqueued_outbox(:now, :limit) AS u
      WHERE pg_try_advisory_xact_lock(:space, hashtext(u.id::text))
    )
    SELECT count(*) FROM unnest(procrastinate_defer_jobs_v1(ARRAY(
      SELECT ROW(
        CAST(:queue AS varchar), CAST(:task AS varchar), 0,
        'outbox:' || c.id::text, 'outbox:' || c.id::text,
        jsonb_build_object('message_id', c.id, 'organization_id', c.organization_id),
        CAST(NULL AS timestamptz)
      )::procrastinate_job_to_defer_v1
      FROM claimed AS c
    )))
    """
)


# One message's job, inserted in the transaction that writes the message (the same job as
# `defer_message` and `_RELAY`).
_QUEUE_ONE = text(
    """
    SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(
      CAST(:queue AS varchar), CAST(:task AS varchar), 0, :lock, :lock,
      CAST(:args AS jsonb), CAST(NULL AS timestamptz)
    )::procrastinate_job_to_defer_v1])
    """
)
#: The engines whose outbox messages get their job in their own transaction, with how many
#: open `QueueJobs` use each; a process may hold others (tests, the embedded engine's SQLite).
_QUEUED_ENGINES: WeakKeyDictionary[Engine, int] = WeakKeyDictionary()
_queued_lock = threading.Lock()


def _queue_for(engine: Engine) -> None:
    with _queued_lock:
        _QUEUED_ENGINES[engine] = _QUEUED_ENGINES.get(engine, 0) + 1
        if not event.contains(OutboxMessage, "after_insert", _queue_in_transaction):
            event.listen(OutboxMessage, "after_insert", _queue_in_transaction)


def _unqueue_for(engine: Engine) -> None:
    with _queued_lock:
        left = _QUEUED_ENGINES.get(engine, 0) - 1
        if left > 0:
            _QUEUED_ENGINES[engine] = left
        else:
            _QUEUED_ENGINES.pop(engine, None)


def _queue_in_transaction(mapper: Mapper[Any], connection: Connection, message: Any) -> None:
    """Enqueue the job of an outbox message in the transaction that inserts it (its flush):
    the job exists exactly when the message does, committed or rolled back together, with no
    relay pass to read the outbox afterwards. On a batch writer's transaction that is one
    statement per batch (`outbox.enqueue_external` writes one message per batch). A message
    due later gets its job from the workers' relay when it is due."""
    if connection.engine not in _QUEUED_ENGINES:
        return
    due = message.next_attempt_at
    if message.done_at is not None or (due is not None and due > utcnow()):
        return
    job = OutboxMessageJob(message_id=message.id, organization_id=message.organization_id)
    arguments = job.model_dump(mode="json")
    connection.execute(
        _QUEUE_ONE,
        {
            "queue": OUTBOX_QUEUE,
            "task": OUTBOX_TASK,
            "lock": job.queueing_lock,
            "args": json.dumps(arguments),
        },
    )


def _queued_already() -> None:
    """After a commit that wrote outbox messages: their jobs were queued with them."""


class QueueJobs:
    """Defers jobs from any process (web, CLI) and builds the worker's procrastinate app."""

    def __init__(self, functions: JobFunctions, settings: Settings) -> None:
        self.functions = functions
        self.settings = settings
        self._conninfo = conninfo(settings.database_url)
        # The web process and the CLI defer from synchronous code: a small synchronous pool,
        # opened at the first use. The worker has its own asynchronous app (`worker_app`).
        self._sync = procrastinate.App(
            connector=procrastinate.SyncPsycopgConnector(
                conninfo=self._conninfo, min_size=1, max_size=2
            )
        )
        self._opened = False
        self._closed = False
        self._open_lock = threading.Lock()
        # A message gets its job in its own transaction (`_queue_in_transaction`): nothing is
        # left to relay after the commit, and the dispatcher's wiring (run it here) is
        # replaced. A message made due again without a job (the operator's retry) is relayed.
        functions.db.on_commit(outbox.WAKE, _queued_already)
        functions.db.on_commit(outbox.RELAY, self.relay)
        _queue_for(functions.db.engine)
        functions.db.on_commit(PUSH_WAKE, self.relay_calendar)
        functions.db.on_commit(SYNC_WAKE, self.defer_sync)

    # -- any process ---------------------------------------------------------------------

    def start(self) -> None:
        """Nothing runs in the web process: the workers run the jobs."""

    def stop(self) -> None:
        """Nothing to stop in the web process."""

    def _app(self) -> procrastinate.App:
        with self._open_lock:
            if not self._opened:
                self._sync.open()
                self._opened = True
        return self._sync

    def relay(self) -> int:
        """Queue one job per due outbox message (none twice); returns how many were queued.

        One transaction and one statement whatever the number of messages (`_RELAY`): each
        message is claimed with a transaction-scoped advisory lock taken with a try, so
        relays running at once in several processes split the messages between them instead
        of racing for the same ones and failing on procrastinate's queueing lock. (A message
        whose id hashes like one another relay holds waits for the next pass.)"""
        for _ in range(RELAY_ATTEMPTS):
            try:
                with self.functions.db.unit_of_work() as session:
                    params = {
                        "now": utcnow(),
                        "limit": RELAY_LIMIT,
                        "space": RELAY_LOCK_SPACE,
                        "queue": OUTBOX_QUEUE,
                        "task": OUTBOX_TASK,
                    }
                    return int(session.execute(_RELAY, params).scalar_one())
            except IntegrityError:
                # Another relay committed a job of one of these messages between this
                # statement's snapshot and its lock (a narrow window): read again.
                continue
        return 0

    def defer_message(self, job: OutboxMessageJob, at: datetime | None = None) -> bool:
        deferrer = self._app().configure_task(
            OUTBOX_TASK,
            queue=OUTBOX_QUEUE,
            lock=job.queueing_lock,
            queueing_lock=job.queueing_lock,
            schedule_at=at,
        )
        try:
            deferrer.defer(**job.model_dump(mode="json"))
        except procrastinate_errors.AlreadyEnqueued:
            return False
        return True

    def relay_calendar(self) -> int:
        """Queue one job per calendar entry due (none twice); returns how many were queued."""
        queued = 0
        for job in self.functions.due_calendar_pushes():
            queued += self.defer_calendar(job)
        return queued

    def defer_calendar(self, job: CalendarPushJob, at: datetime | None = None) -> bool:
        deferrer = self._app().configure_task(
            CALENDAR_PUSH_TASK,
            queue=CALENDAR_QUEUE,
            queueing_lock=job.queueing_lock,
            schedule_at=at,
        )
        try:
            deferrer.defer(**job.model_dump(mode="json"))
        except procrastinate_errors.AlreadyEnqueued:
            return False
        return True

    def defer_sync(self) -> None:
        """Run the due calendar syncs soon (an owner asked for one)."""
        deferrer = self._app().configure_task(
            CALENDAR_SYNC_TASK, queue=CALENDAR_QUEUE, queueing_lock=CALENDAR_SYNC_TASK
        )
        with contextlib.suppress(procrastinate_errors.AlreadyEnqueued):
            deferrer.defer()

    def failed_jobs(self) -> list[QueuedJob]:
        """Jobs the engine gave up (their arguments did not load, or a periodic pass failed)."""
        return self._app().job_manager.list_jobs(status="failed")

    def retry_failed(self, job_id: int) -> bool:
        """Queue a failed job again now; false when no failed job has this id."""
        manager = self._app().job_manager
        if not manager.list_jobs(id=job_id, status="failed"):
            return False
        manager.retry_job_by_id(job_id, retry_at=utcnow())
        return True

    def close(self) -> None:
        with self._open_lock:
            if self._opened:
                self._sync.close()
                self._opened = False
            if not self._closed:
                self._closed = True
                _unqueue_for(self.functions.db.engine)

    # -- the worker ----------------------------------------------------------------------

    def worker_app(self) -> procrastinate.App:
        """The worker's app: the tasks, the periodic tasks, an asynchronous connection pool.

        The job functions are synchronous (SQLAlchemy, the Vapi SDK): each runs in a thread,
        so `--concurrency N` runs N jobs at once."""
        app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=self._conninfo))
        functions, settings = self.functions, self.settings

        async def defer(job: OutboxMessageJob, at: datetime | None) -> None:
            deferrer = app.configure_task(
                OUTBOX_TASK,
                queue=OUTBOX_QUEUE,
                lock=job.queueing_lock,
                queueing_lock=job.queueing_lock,
                schedule_at=at,
            )
            with contextlib.suppress(procrastinate_errors.AlreadyEnqueued):
                await deferrer.defer_async(**job.model_dump(mode="json"))

        @app.task(name=OUTBOX_TASK, queue=OUTBOX_QUEUE)
        async def run_outbox_message(**arguments: Any) -> None:
            job = parse_outbox_job(arguments)
            run = await asyncio.to_thread(functions.outbox_message, job)
            if run.retry_at is not None:
                await defer(job, run.retry_at)

        async def defer_calendar(job: CalendarPushJob, at: datetime | None) -> None:
            deferrer = app.configure_task(
                CALENDAR_PUSH_TASK,
                queue=CALENDAR_QUEUE,
                queueing_lock=job.queueing_lock,
                schedule_at=at,
            )
            with contextlib.suppress(procrastinate_errors.AlreadyEnqueued):
                await deferrer.defer_async(**job.model_dump(mode="json"))

        @app.task(name=CALENDAR_PUSH_TASK, queue=CALENDAR_QUEUE)
        async def run_calendar_push(**arguments: Any) -> None:
            job = parse_calendar_job(arguments)
            run = await asyncio.to_thread(functions.calendar_push, job)
            if run.retry_at is not None:
                await defer_calendar(job, run.retry_at)

        @app.task(name=CALENDAR_SYNC_TASK, queue=CALENDAR_QUEUE)
        async def run_calendar_sync() -> None:
            await asyncio.to_thread(functions.calendar_sync)

        async def relay_calendar(context: procrastinate.JobContext) -> None:
            # The entries' own lease (`calendar_pushes.next_attempt_at`) makes an entry due
            # again after a worker died holding it: relayed here like any due entry.
            for job in await asyncio.to_thread(functions.due_calendar_pushes):
                await defer_calendar(job, None)

        async def relay(context: procrastinate.JobContext) -> None:
            # Jobs of a dead worker first (they hold their message's lock), then due messages.
            # The worker running this pass is alive, however late its heartbeat (a loaded
            # machine): its own jobs are never taken for stalled, so a job still waiting for
            # the provider is not run a second time beside itself.
            stalled = await app.job_manager.get_stalled_jobs(
                seconds_since_heartbeat=settings.worker_stalled_seconds
            )
            for queued in stalled:
                assert queued.id is not None
                if queued.worker_id is not None and queued.worker_id == context.job.worker_id:
                    continue
                log.warning("job %s (%s) stalled: run again", queued.id, queued.task_name)
                try:
                    await app.job_manager.retry_job(queued)
                except procrastinate_errors.UniqueViolation:
                    # A job of the same message already waits (relayed when the lease ran
                    # out): it does the work, this one is dropped.
                    with contextlib.suppress(procrastinate_errors.ConnectorException):
                        await app.job_manager.finish_job_by_id_async(
                            queued.id, status=Status.SUCCEEDED, delete_job=True
                        )
                except procrastinate_errors.ConnectorException:
                    pass  # another relay pass (another worker) took it meanwhile
            for job in await asyncio.to_thread(functions.due_outbox):
                await defer(job, None)

        periodic = {
            "outbox.relay": (settings.outbox_poll_seconds, relay),
            "calls.reconcile": (settings.reconcile_seconds, _threaded(functions.reconcile)),
            "routing.schedule": (settings.routing_seconds, _threaded(functions.routing)),
            "privacy.purge": (settings.purge_seconds, _threaded(functions.purge)),
            "sessions.purge": (settings.purge_seconds, _threaded(functions.purge_sessions)),
            "notifications.digest": (settings.digest_seconds, _threaded(functions.digest)),
            "calendars.relay": (settings.outbox_poll_seconds, relay_calendar),
            "configurator.deploy": (
                settings.outbox_poll_seconds,
                _threaded(functions.configurator),
            ),
            "calendars.sync": (calendar_poll_seconds(settings), _threaded(functions.calendar_sync)),
        }
        for name, (seconds, body) in periodic.items():
            if seconds > 0:
                _register_periodic(app, name, cron_every(seconds), body)
        return app

    def run_worker(self, concurrency: int, *, graceful_seconds: float | None) -> None:
        """Run jobs until SIGTERM or SIGINT; then take no new job and let the running ones
        finish (up to `graceful_seconds`; a job cut short is run again after its lease).

        The database restarting or unreachable stops procrastinate's worker (its listener
        fails); this one then waits for the database and starts again by itself, until a
        signal stops it. Jobs that were running are found stalled and run again."""
        lost = _ConnectionLost()
        procrastinate_log = logging.getLogger("procrastinate.worker")
        procrastinate_log.addHandler(lost)
        try:
            while True:
                lost.seen = False
                try:
                    self.worker_app().run_worker(
                        concurrency=concurrency,
                        shutdown_graceful_timeout=graceful_seconds,
                        delete_jobs="successful",
                        stalled_worker_timeout=self.settings.worker_stalled_seconds,
                        update_heartbeat_interval=self.settings.worker_stalled_seconds / 4,
                    )
                except procrastinate_errors.ConnectorException as exc:
                    log.error("worker: database unreachable (%s); reconnecting", exc)
                else:
                    if not lost.seen:
                        return  # stopped by a signal
                    log.error("worker: connection to the database lost; reconnecting")
                if not self._wait_for_database():
                    return
        finally:
            procrastinate_log.removeHandler(lost)

    def _wait_for_database(self) -> bool:
        """Until the database answers (True), or a stop signal meanwhile (False)."""
        import psycopg

        stop = threading.Event()
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
        for sig in handlers:
            signal.signal(sig, lambda *_: stop.set())
        try:
            delay = 0.5
            while not stop.is_set():
                try:
                    psycopg.connect(self._conninfo, connect_timeout=5).close()
                except psycopg.Error:
                    stop.wait(delay)
                    delay = min(delay * 2, RECONNECT_MAX_SECONDS)
                    continue
                log.warning("worker: database reachable again; starting again")
                return True
            return False
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)


class _ConnectionLost(logging.Handler):
    """Notices procrastinate stopping its worker because a side task (the LISTEN connection,
    the heartbeat) failed, which it logs, then returns as if asked to stop."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "action", None) == "side_task_failed":
            self.seen = True


def _threaded(function: Any) -> Any:
    async def run(context: procrastinate.JobContext) -> None:
        await asyncio.to_thread(function)

    return run


def _register_periodic(app: procrastinate.App, name: str, cron: str, body: Any) -> None:
    """`body` takes the pass's `JobContext` (the relay reads which worker runs it)."""

    async def task(context: procrastinate.JobContext, timestamp: int) -> None:
        await body(context)

    app.periodic(cron=cron, periodic_id=name)(
        app.task(name=name, queue=PERIODIC_QUEUE, pass_context=True)(task)
    )
