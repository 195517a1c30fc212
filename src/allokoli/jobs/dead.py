"""The dead letter: jobs given up, shown to the operator with their error, and run again.

Three sources, one list. Outbox messages given up (a provider refusal, attempts exhausted, a payload
that no longer matches its kind) carry their error on the row; their id is a UUID. Calendar entries
whose write was given up carry theirs on their `calendar_pushes` row (a UUID too). With the
PostgreSQL engine, procrastinate jobs that failed (arguments that do not load, a periodic pass that
raised) are listed too; their id is an integer and their error is in the worker's log.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from allokoli.calendars.repository import dead_pushes
from allokoli.db.session import Database
from allokoli.deploy import outbox
from allokoli.jobs.engine import Jobs
from allokoli.jobs.queue import QueueJobs
from allokoli.kit.clock import utcnow
from allokoli.tenancy import Tenant

ENGINE_FAILURE = "Échec de la tâche : le détail est dans le journal du worker."


class DeadJob(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    kind: str
    organization_id: uuid.UUID | None
    attempts: int
    error: str
    failed_at: datetime | None


def dead_jobs(db: Database, jobs: Jobs, limit: int = 100) -> list[DeadJob]:
    """Every job given up, outbox messages first (newest first)."""
    with db.unit_of_work() as session:
        messages = outbox.dead_messages(session, limit)
    found = [
        DeadJob(
            id=str(m.id),
            kind=m.kind,
            organization_id=m.organization_id,
            attempts=m.attempts,
            error=m.last_error,
            failed_at=m.done_at,
        )
        for m in messages
    ]
    with db.unit_of_work() as session:
        given_up = dead_pushes(session, limit)
    found += [
        DeadJob(
            id=str(push_id),
            kind="calendars.push",
            organization_id=org_id,
            attempts=attempts,
            error=error,
            failed_at=failed_at,
        )
        for push_id, org_id, attempts, error, failed_at in given_up
    ]
    if isinstance(jobs, QueueJobs):
        found += [
            DeadJob(
                id=str(job.id),
                kind=job.task_name,
                organization_id=None,
                attempts=job.attempts,
                error=ENGINE_FAILURE,
                failed_at=None,
            )
            for job in jobs.failed_jobs()[:limit]
        ]
    return found


def retry(db: Database, jobs: Jobs, job_id: str) -> bool:
    """Run a dead job again from its first attempt; false when no dead job has this id."""
    if job_id.isdigit():
        return isinstance(jobs, QueueJobs) and jobs.retry_failed(int(job_id))
    try:
        message_id = uuid.UUID(job_id)
    except ValueError:
        return False
    with db.unit_of_work() as session:
        found = outbox.dead_messages(session, 1, message_id)
        calendar = dead_pushes(session, 1, message_id) if not found else []
    if calendar:
        org_id = calendar[0][1]
        with db.unit_of_work(tenant_id=org_id) as session:
            return jobs.functions.calendars.retry_given_up(session, Tenant(org_id), message_id)
    if not found:
        return False
    with db.unit_of_work(tenant_id=found[0].organization_id) as session:
        return outbox.requeue(session, message_id, utcnow())
