"""A batch writer's messages: one outbox row per tenant, kind and due time of a transaction,
whose payloads the dispatcher runs one by one, keeping only those not done for a retry."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from allokoli.db.session import Database, discard
from allokoli.deploy import outbox
from allokoli.deploy.service import Dispatcher
from allokoli.models import OutboxMessage
from allokoli.settings import Settings
from allokoli.tenancy import Tenant
from tests.conftest import Account

KIND = "test.batch"


def _rows(database: Database, org_id: uuid.UUID) -> list[OutboxMessage]:
    with database.unit_of_work(tenant_id=org_id) as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == KIND)))


def test_a_transaction_writes_one_message_per_kind_and_the_handler_runs_for_each(
    alice: Account, database: Database, settings: Settings
) -> None:
    seen: list[str] = []
    failing = {"b"}

    def handler(org_id: uuid.UUID, payload: dict[str, Any], now: datetime) -> None:
        if payload["call"] in failing:
            raise outbox.Undelivered("Échec passager", retryable=True)
        seen.append(payload["call"])

    dispatcher = Dispatcher(database, settings, lambda org_id: None)  # type: ignore[arg-type,return-value]
    dispatcher.register(KIND, handler)
    tenant = Tenant(alice.org_id)
    with database.unit_of_work(tenant_id=alice.org_id, run_after_commit=discard) as session:
        for call in ("a", "b", "c"):
            outbox.enqueue_external(session, tenant, KIND, {"call": call}, flush=False)
        outbox.enqueue_external(session, tenant, "test.other", {"call": "z"}, flush=False)

    (row,) = _rows(database, alice.org_id)
    assert outbox.batch_items(row.payload) == [{"call": "a"}, {"call": "b"}, {"call": "c"}]

    # « b » fails: « a » is done, the retry keeps « b » and « c » only.
    run = dispatcher.run_message(row.id, alice.org_id)
    assert run.claimed and run.retry_at is not None
    assert seen == ["a"]
    (row,) = _rows(database, alice.org_id)
    assert row.done_at is None and row.attempts == 1
    assert outbox.batch_items(row.payload) == [{"call": "b"}, {"call": "c"}]

    failing.clear()
    assert dispatcher.run_message(row.id, alice.org_id, run.retry_at).claimed
    assert seen == ["a", "b", "c"]  # none twice
    (row,) = _rows(database, alice.org_id)
    assert row.done_at is not None and row.last_error is None


def test_a_rolled_back_savepoint_takes_its_payload_out_of_the_batch(
    alice: Account, database: Database
) -> None:
    tenant = Tenant(alice.org_id)
    with database.unit_of_work(tenant_id=alice.org_id, run_after_commit=discard) as session:
        outbox.enqueue_external(session, tenant, KIND, {"call": "a"}, flush=False)
        session.flush()
        savepoint = session.begin_nested()
        outbox.enqueue_external(session, tenant, KIND, {"call": "b"}, flush=False)
        session.flush()
        savepoint.rollback()
        outbox.enqueue_external(session, tenant, KIND, {"call": "c"}, flush=False)

    (row,) = _rows(database, alice.org_id)
    assert outbox.batch_items(row.payload) == [{"call": "a"}, {"call": "c"}]


def test_a_single_message_keeps_its_own_payload(alice: Account, database: Database) -> None:
    with database.unit_of_work(tenant_id=alice.org_id, run_after_commit=discard) as session:
        outbox.enqueue_external(session, Tenant(alice.org_id), KIND, {"call": "a"}, flush=False)
    (row,) = _rows(database, alice.org_id)
    assert row.payload == {"call": "a"}  # as rows were written before batches
