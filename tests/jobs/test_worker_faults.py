"""Workers as separate processes on PostgreSQL, against a Vapi stand-in on localhost.

- A worker killed with SIGKILL in the middle of a provider call: the job runs again in another
  worker, and the provider holds one assistant (the retry finds it by our id, never creates twice).
- A worker stopped with SIGTERM in the middle of a job finishes it, then exits cleanly.

Bounded in time with generous limits (each worker builds the Vapi SDK's types on its first call,
tens of seconds on a loaded machine); nothing here asserts how long anything takes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import select

from allokoli.db.session import Database, discard
from allokoli.deploy import outbox
from allokoli.models import Assistant, OutboxMessage
from allokoli.tenancy import Tenant
from tests.conftest import TEST_SECRET, Account, DbUrls
from tests.jobs.fake_vapi import FakeVapi

pytestmark = pytest.mark.pg

SRC = Path(__file__).resolve().parents[2] / "src"
WAIT_SECONDS = 600.0
TEXT = "Plomberie Dupont à Lyon, ouvert du lundi au vendredi de 8h à 18h, fermé le week-end"


class Worker:
    def __init__(self, urls: DbUrls, fake: FakeVapi, folder: Path, name: str) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": str(SRC),
            "ALLOKOLI_ENV": "test",
            "ALLOKOLI_DATABASE_URL": urls.app,
            "ALLOKOLI_SECRET_KEY": TEST_SECRET,
            "ALLOKOLI_JOB_ENGINE": "procrastinate",
            "ALLOKOLI_VAPI_API_KEY": "cle-de-test",
            "ALLOKOLI_VAPI_BASE_URL": fake.url,
            "ALLOKOLI_OUTBOX_POLL_SECONDS": "1",
            "ALLOKOLI_OUTBOX_LEASE_SECONDS": "2",
            "ALLOKOLI_WORKER_STALLED_SECONDS": "4",
            "ALLOKOLI_RECONCILE_SECONDS": "0",
            "ALLOKOLI_PURGE_SECONDS": "0",
        }
        self.log_path = folder / f"{name}.log"
        self._log: IO[bytes] = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "allokoli", "worker", "--concurrency", "2"],
            env=env,
            cwd=folder,  # no .env of the checkout
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self, sig: signal.Signals | None) -> int:
        """Send `sig` (None: none, it was sent already) and wait for the exit code."""
        if sig is not None and self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=WAIT_SECONDS)
        self._log.close()
        return code


@pytest.fixture
def fake_vapi() -> Iterator[FakeVapi]:
    with FakeVapi().running() as fake:
        yield fake


@pytest.fixture
def workers(
    db_urls: DbUrls, fake_vapi: FakeVapi, tmp_path: Path
) -> Iterator[Callable[[str], Worker]]:
    started: list[Worker] = []

    def start(name: str) -> Worker:
        worker = Worker(db_urls, fake_vapi, tmp_path, name)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop(signal.SIGKILL)


def _wait_until(check: Callable[[], bool], what: str, worker: Worker) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        if worker.process.poll() is not None:
            pytest.fail(
                f"the worker exited ({worker.process.returncode}) before {what}:\n{worker.log()}"
            )
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {WAIT_SECONDS} s:\n{worker.log()}")
        time.sleep(0.2)  # polling the database; no outcome depends on this interval


def _queue_push(database: Database, alice: Account) -> tuple[uuid.UUID, uuid.UUID]:
    r = alice.client.post("/api/v1/assistants", json={"text": TEXT}, headers=alice.auth)
    assert r.status_code == 201, r.text
    assistant_id = uuid.UUID(r.json()["id"])
    # Queued as a deploy queues it; this process leaves it to the workers.
    with database.unit_of_work(tenant_id=alice.org_id, run_after_commit=discard) as session:
        outbox.enqueue(
            session, Tenant(alice.org_id), outbox.PushAssistant(assistant_id=assistant_id)
        )
        message_id = session.scalars(select(OutboxMessage.id)).one()
    return assistant_id, message_id


def _pushed(database: Database, alice: Account, assistant_id: uuid.UUID) -> Callable[[], bool]:
    def check() -> bool:
        with database.unit_of_work(tenant_id=alice.org_id) as session:
            assistant = session.get(Assistant, assistant_id)
            return assistant is not None and assistant.provider_id is not None

    return check


def _message(database: Database, alice: Account, message_id: uuid.UUID) -> OutboxMessage:
    with database.unit_of_work(tenant_id=alice.org_id) as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        return message


def test_a_worker_killed_mid_job_leaves_one_assistant(
    database: Database,
    alice: Account,
    fake_vapi: FakeVapi,
    workers: Callable[[str], Worker],
    clean_queue: None,
) -> None:
    assistant_id, message_id = _queue_push(database, alice)
    fake_vapi.hold_creates = True
    first = workers("first")
    if not fake_vapi.create_received.wait(timeout=WAIT_SECONDS):
        pytest.fail(f"the worker never called the provider:\n{first.log()}")
    first.stop(signal.SIGKILL)  # the assistant exists at the provider; we never heard back
    fake_vapi.hold_creates = False
    fake_vapi.release.set()
    assert _message(database, alice, message_id).done_at is None

    second = workers("second")
    _wait_until(_pushed(database, alice, assistant_id), "push after the kill", second)

    assert fake_vapi.creates == 1, second.log()
    (provider_id,) = fake_vapi.assistants
    with database.unit_of_work(tenant_id=alice.org_id) as session:
        assistant = session.get(Assistant, assistant_id)
        assert assistant is not None and assistant.provider_id == provider_id
        assert assistant.status == "active"
    message = _message(database, alice, message_id)
    assert message.done_at is not None and message.last_error is None
    assert second.stop(signal.SIGTERM) == 0, second.log()


def test_a_stopping_worker_finishes_its_job(
    database: Database,
    alice: Account,
    fake_vapi: FakeVapi,
    workers: Callable[[str], Worker],
    clean_queue: None,
) -> None:
    assistant_id, message_id = _queue_push(database, alice)
    fake_vapi.hold_creates = True
    worker = workers("graceful")
    if not fake_vapi.create_received.wait(timeout=WAIT_SECONDS):
        pytest.fail(f"the worker never called the provider:\n{worker.log()}")
    worker.process.send_signal(signal.SIGTERM)  # while the job waits for the provider
    fake_vapi.release.set()
    assert worker.stop(None) == 0, worker.log()

    assert _pushed(database, alice, assistant_id)(), worker.log()
    assert fake_vapi.creates == 1
    assert _message(database, alice, message_id).done_at is not None
