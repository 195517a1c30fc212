"""The dead letter on the embedded engine (and on PostgreSQL with the same code): a message whose
payload no longer matches its kind is given up with a clear error, never retried, listed for the
operator and re-runnable; the messages around it still run."""

from __future__ import annotations

import json
import random
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from allokoli.cli import app as cli_app
from allokoli.db.session import Database
from allokoli.deploy import outbox
from allokoli.http.deps import AlloKoliApp
from allokoli.jobs import dead
from allokoli.jobs.queue import cron_every
from allokoli.jobs.tasks import JobPayloadError, parse_outbox_job
from allokoli.kit.clock import utcnow
from allokoli.models import OutboxMessage
from allokoli.settings import Settings, SettingsError
from tests.conftest import TEST_SECRET, Account

runner = CliRunner()


def _queue_raw(
    database: Database, org_id: uuid.UUID, kind: str, payload: dict[str, object]
) -> uuid.UUID:
    with database.unit_of_work(tenant_id=org_id) as session:
        row = OutboxMessage(organization_id=org_id, kind=kind, payload=payload)
        session.add(row)
        session.flush()
        return row.id


def test_an_unreadable_message_goes_to_dead_letter_once(
    app: AlloKoliApp, database: Database, alice: Account
) -> None:
    bad = _queue_raw(database, alice.org_id, "assistant.push", {"assistant": "ancien format"})
    good = _queue_raw(
        database, alice.org_id, "phone_number.route", {"assistant_id": str(uuid.uuid4())}
    )

    assert app.services.dispatcher.run_due() == 2
    later = utcnow() + timedelta(days=1)
    assert app.services.dispatcher.run_due(now=later) == 0  # given up: never retried

    with database.unit_of_work(tenant_id=alice.org_id) as session:
        rows = {r.id: r for r in session.scalars(select(OutboxMessage))}
    assert rows[good].done_at is not None and rows[good].last_error is None
    assert rows[bad].done_at is not None and rows[bad].attempts == 1
    assert "assistant.push" in (rows[bad].last_error or "")
    assert "assistant_id" in (rows[bad].last_error or "")

    (listed,) = dead.dead_jobs(database, app.services.jobs)
    assert (listed.id, listed.kind, listed.organization_id) == (
        str(bad),
        "assistant.push",
        alice.org_id,
    )
    assert listed.error == rows[bad].last_error


def test_a_dead_message_can_be_run_again(
    app: AlloKoliApp, database: Database, alice: Account
) -> None:
    bad = _queue_raw(database, alice.org_id, "assistant.rename", {})
    app.services.dispatcher.run_due()
    assert not dead.retry(database, app.services.jobs, str(uuid.uuid4()))
    assert not dead.retry(database, app.services.jobs, "pas-un-identifiant")
    # Re-run from the first attempt (here it is given up again: its kind is still unknown).
    assert dead.retry(database, app.services.jobs, str(bad))
    with database.unit_of_work(tenant_id=alice.org_id) as session:
        row = session.get(OutboxMessage, bad)
        assert row is not None and row.attempts == 1 and row.done_at is not None


def test_the_cli_lists_dead_jobs(
    monkeypatch: pytest.MonkeyPatch,
    app: AlloKoliApp,
    database: Database,
    alice: Account,
    settings: Settings,
) -> None:
    monkeypatch.setenv("ALLOKOLI_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("ALLOKOLI_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("ALLOKOLI_OUTBOX_POLL_SECONDS", "0")
    r = runner.invoke(cli_app, ["jobs", "dead"])
    assert r.exit_code == 0, r.output
    assert "Aucune tâche abandonnée" in r.output

    bad = _queue_raw(database, alice.org_id, "assistant.delete", {"provider": 3})
    app.services.dispatcher.run_due()
    r = runner.invoke(cli_app, ["jobs", "dead", "--json"])
    assert r.exit_code == 0, r.output
    (listed,) = json.loads(r.output)
    assert listed["id"] == str(bad) and "provider_id" in listed["error"]

    r = runner.invoke(cli_app, ["jobs", "retry", str(uuid.uuid4())])
    assert r.exit_code == 2 and "Aucune tâche abandonnée" in r.output


def test_job_arguments_of_another_version_are_refused_clearly() -> None:
    ok = parse_outbox_job({"message_id": str(uuid.uuid4()), "organization_id": str(uuid.uuid4())})
    assert ok.queueing_lock == f"outbox:{ok.message_id}"
    with pytest.raises(JobPayloadError, match="message_id"):
        parse_outbox_job({"id": "1", "organization_id": str(uuid.uuid4())})


def test_backoff_is_exponential_with_jitter() -> None:
    rng = random.Random(7)
    for attempts in range(1, 12):
        base = min(2**attempts, 900)
        waits = {outbox.backoff(attempts, rng).total_seconds() for _ in range(20)}
        assert all(base / 2 <= w <= base for w in waits)
        assert len(waits) > 1  # spread, not one instant for every message


@pytest.mark.parametrize(
    ("seconds", "cron"),
    [(5, "* * * * * */5"), (300, "*/5 * * * *"), (3600, "0 */1 * * *"), (86400, "0 0 * * *")],
)
def test_periods_become_cron(seconds: float, cron: str) -> None:
    assert cron_every(seconds) == cron


def test_a_period_the_scheduler_cannot_keep_is_refused() -> None:
    with pytest.raises(ValueError, match="divides"):
        cron_every(7)


def test_the_queue_engine_needs_postgresql() -> None:
    with pytest.raises(SettingsError, match="PostgreSQL"):
        Settings(_env_file=None, job_engine="procrastinate", database_url="sqlite:///x.db")
