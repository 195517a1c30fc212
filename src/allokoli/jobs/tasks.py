"""The job functions, and the payloads that cross the process boundary to reach them.

Each function is one job: it opens its own units of work and is safe to run twice (the outbox
claim, provider look-ups by our id, idempotent purges). Both engines call these and nothing else.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import text

from allokoli.accounts import sessions as browser_sessions
from allokoli.calendars.service import CalendarService, PushRun
from allokoli.calls.reconcile import Reconciler
from allokoli.db.session import Database
from allokoli.deploy.service import Dispatcher, MessageRun
from allokoli.kit import metrics
from allokoli.kit.clock import utcnow
from allokoli.notifications.sender import Notifier
from allokoli.privacy import service as privacy
from allokoli.routing import schedule
from allokoli.routing.hooks import OwnerAlertHook, log_owner_alert
from allokoli.settings import Settings

log = logging.getLogger("allokoli.jobs")

#: Migration 0014's SECURITY DEFINER read of the outbox (it is under RLS) for the relay.
_UNQUEUED = text("SELECT id, organization_id FROM allokoli_unqueued_outbox(:now, :limit)")


class OutboxMessageJob(BaseModel):
    """The arguments of the job that runs one outbox message (the engine stores them as JSON).

    Only a pointer: the message itself (kind, payload, attempts, error) stays in the outbox
    row, written in the change's own transaction."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    message_id: uuid.UUID
    organization_id: uuid.UUID

    @property
    def queueing_lock(self) -> str:
        """At most one waiting job per message, however often it is relayed."""
        return f"outbox:{self.message_id}"


class CalendarPushJob(BaseModel):
    """The arguments of the job that writes one entry on the owner's calendar (a pointer: the
    entry's desired state stays in its `calendar_pushes` row)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    push_id: uuid.UUID
    organization_id: uuid.UUID

    @property
    def queueing_lock(self) -> str:
        return f"calendar-push:{self.push_id}"


class JobPayloadError(Exception):
    """A job's arguments do not match its type (deferred by another version): never retried."""


def parse_outbox_job(arguments: dict[str, object]) -> OutboxMessageJob:
    try:
        return OutboxMessageJob.model_validate(arguments)
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in e["loc"]) or "?" for e in exc.errors())
        raise JobPayloadError(
            f"Arguments illisibles pour « outbox.message » (champs en cause : {fields}) : "
            "tâche abandonnée sans nouvel essai."
        ) from exc


def parse_calendar_job(arguments: dict[str, object]) -> CalendarPushJob:
    try:
        return CalendarPushJob.model_validate(arguments)
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in e["loc"]) or "?" for e in exc.errors())
        raise JobPayloadError(
            f"Arguments illisibles pour « calendars.push » (champs en cause : {fields}) : "
            "tâche abandonnée sans nouvel essai."
        ) from exc


@dataclass(eq=False)
class JobFunctions:
    """Every background job of AlloKoli, over the process's shared services."""

    db: Database
    settings: Settings
    dispatcher: Dispatcher
    reconciler: Reconciler
    calendars: CalendarService
    notifier: Notifier
    owner_alert: OwnerAlertHook = log_owner_alert
    """Sends an owner alert (`routing.hooks`); the services' hook, read at each alert."""
    clock: Callable[[], datetime] = utcnow
    configurator_deploy: Callable[[], object] | None = None
    """Enqueue and push the installation's configurator assistant if its config changed
    (`deploy.configurator`); run at start-up and periodically."""

    def configurator(self) -> None:
        """Keep the configurator's own Vapi assistant deployed (no-op in sandbox mode)."""
        if self.configurator_deploy is not None:
            with _measured("configurator.deploy"):
                self.configurator_deploy()

    def outbox_message(self, job: OutboxMessageJob) -> MessageRun:
        """Claim and run one outbox message (a provider push, delete or number route)."""
        with _measured("outbox.message") as outcome:
            run = self.dispatcher.run_message(job.message_id, job.organization_id)
            if run.retry_at is not None:
                outcome("retried")
            elif not run.claimed:
                outcome("skipped")
            return run

    def due_outbox(self, now: datetime | None = None, limit: int = 500) -> list[OutboxMessageJob]:
        """The due messages of every tenant that no job waits for yet (PostgreSQL engine)."""
        with self.db.unit_of_work() as session:
            rows = session.execute(_UNQUEUED, {"now": now or utcnow(), "limit": limit}).all()
        return [
            OutboxMessageJob(message_id=uuid.UUID(str(m)), organization_id=uuid.UUID(str(o)))
            for m, o in rows
        ]

    def reconcile(self) -> None:
        """Fetch the calls the provider has and we missed (lost webhooks)."""
        with _measured("calls.reconcile"):
            self.reconciler.run()

    def routing(self) -> None:
        """Switch closures on and off, tell the owner of budget thresholds reached."""
        with _measured("routing.schedule"):
            schedule.run(self.db, self.clock(), self.owner_alert)

    def purge(self) -> None:
        """Delete call data past each organisation's retention (RGPD)."""
        with _measured("privacy.purge"):
            privacy.purge(self.db)

    def calendar_sync(self) -> None:
        """Import the busy events of every calendar whose sync is due."""
        with _measured("calendars.sync"):
            self.calendars.sync_due()

    def calendar_push_due(self) -> None:
        """Write every entry due on the owners' calendars (the embedded engine's pass)."""
        with _measured("calendars.push"):
            self.calendars.push_due()

    def calendar_push(self, job: CalendarPushJob) -> PushRun:
        """Write one entry on its owner's calendar (claimed first: safe to run twice)."""
        with _measured("calendars.push") as outcome:
            run = self.calendars.run_push(job.push_id, job.organization_id)
            if run.retry_at is not None:
                outcome("retried")
            elif not run.claimed:
                outcome("skipped")
            return run

    def due_calendar_pushes(self) -> list[CalendarPushJob]:
        return [
            CalendarPushJob(push_id=p, organization_id=o) for p, o in self.calendars.due_pushes()
        ]

    def digest(self) -> None:
        """Queue yesterday's digest e-mail of every assistant that wants one (once a day)."""
        with _measured("notifications.digest"):
            self.notifier.digest(utcnow())

    def purge_sessions(self) -> None:
        """Delete ended browser sessions past their retention."""
        with _measured("sessions.purge"):
            browser_sessions.purge(self.db, timedelta(days=self.settings.session_retention_days))


@contextmanager
def _measured(task: str) -> Iterator[Callable[[str], None]]:
    """Count the job in `allokoli_jobs_total` (succeeded unless told otherwise, failed when it
    raises) and time it in `allokoli_job_duration_seconds`."""
    outcome = ["succeeded"]
    started = time.perf_counter()
    try:
        yield lambda name: outcome.__setitem__(0, name)
    except BaseException:
        outcome[0] = "failed"
        raise
    finally:
        metrics.JOB_SECONDS.labels(task=task).observe(time.perf_counter() - started)
        metrics.JOBS.labels(task=task, outcome=outcome[0]).inc()
