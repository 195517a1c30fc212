"""PostgreSQL engine: calendar pushes become procrastinate jobs (one per entry, however often
relayed), run by a worker against Radicale; an owner's « sync now » is a job too."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from procrastinate.jobs import Status
from sqlalchemy import select

from allokoli.auth.principal import Principal
from allokoli.calendars.entries import push_entry
from allokoli.calendars.ics import CalendarEntry
from allokoli.calendars.service import ConnectionIn
from allokoli.db.session import Database
from allokoli.jobs.queue import CALENDAR_PUSH_TASK, CALENDAR_SYNC_TASK, QueueJobs
from allokoli.models import CalendarConnection, CalendarPush
from allokoli.services import Services
from allokoli.settings import JobEngine, Settings
from allokoli.tenancy import Tenant
from tests.calendars.conftest import PASSWORD, USER, Radicale
from tests.conftest import Account
from tests.jobs.conftest import clean_queue as clean_queue  # the shared fixture

pytestmark = pytest.mark.pg

NOW = datetime(2027, 3, 1, 8, tzinfo=UTC)


@pytest.fixture
def services(
    settings: Settings,
    database: Database,
    clean_queue: None,
) -> Iterator[Services]:
    queued = settings.model_copy(
        update={"job_engine": JobEngine.PROCRASTINATE, "reconcile_seconds": 0, "purge_seconds": 0}
    )
    with Services.build(queued, database=database) as built:
        assert isinstance(built.jobs, QueueJobs)
        built.clock = lambda: NOW
        yield built


def _drain(queue: QueueJobs) -> None:
    queue.worker_app().run_worker(
        wait=False, install_signal_handlers=False, listen_notify=False, concurrency=1
    )


def _jobs(queue: QueueJobs, task: str, status: Status | None = None) -> list[object]:
    return list(
        queue._app().job_manager.list_jobs(task=task, status=status.value if status else None)
    )


def test_a_pushed_entry_is_one_job_run_by_the_worker(
    alice: Account, services: Services, radicale: Radicale
) -> None:
    # `alice` first: her app's embedded engine is built before, and these services' engine
    # then answers the database's after-commit wake-ups.
    queue = services.jobs
    assert isinstance(queue, QueueJobs)
    remote = radicale.new_calendar("File d'attente")
    principal = Principal(organization_id=alice.org_id, user_id=uuid.uuid4(), role="owner")
    form = ConnectionIn(
        server_url=radicale.url, username=USER, password=PASSWORD, calendar_name=str(remote.url)
    )
    with services.db.unit_of_work(tenant_id=alice.org_id) as session:
        services.calendars.connect(session, principal, form)
    assert len(_jobs(queue, CALENDAR_SYNC_TASK, Status.TODO)) == 1  # the sync after connecting

    entry = CalendarEntry(
        "booking-q@allokoli", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1), "RDV"
    )
    with services.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, Tenant(alice.org_id), entry, now=NOW)
    assert len(_jobs(queue, CALENDAR_PUSH_TASK, Status.TODO)) == 1
    assert queue.relay_calendar() == 0  # already waiting: the queueing lock keeps one job

    _drain(queue)

    assert str(remote.event_by_uid("booking-q@allokoli").icalendar_component["SUMMARY"]) == "RDV"
    with services.db.unit_of_work(tenant_id=alice.org_id) as session:
        row = session.scalars(select(CalendarPush)).one()
        assert row.pushed_version == row.version and row.next_attempt_at is None
        connection = session.scalars(select(CalendarConnection)).one()
        assert connection.last_success_at == NOW  # the sync job ran too
