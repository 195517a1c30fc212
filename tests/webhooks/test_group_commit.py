"""The group commit of webhook events: a batch mixing tenants, duplicates and refusals; one
event failing in a batch; concurrent deliveries to two workers give one call each."""

from __future__ import annotations

import json
import os
import random
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from allokoli.contracts.vapi_messages import EndOfCallReport
from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.kit.errors import Forbidden, NotFound
from allokoli.models import Call, WebhookEvent
from allokoli.settings import Settings
from allokoli.webhooks.auth import sign
from allokoli.webhooks.payload import inbound
from allokoli.webhooks.service import WRITERS, Outcome, WebhookService, writers_per_process
from tests.assistants.conftest import create, deploy
from tests.conftest import Account, DbUrls
from tests.webhooks.conftest import Hook, call_payload, end_of_call, hook_for, status_update


def _key(hook: Hook) -> str:
    return hook.url.rsplit("/", 1)[1]


def _status(outcome: Outcome | BaseException) -> str:
    assert isinstance(outcome, Outcome), outcome
    return str(outcome.body["status"])


def _calls(database: Database, hook: Hook) -> dict[str, Call]:
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        rows = s.scalars(select(Call).where(Call.organization_id == hook.org_id))
        return {c.provider_call_id: c for c in rows}


def _events(database: Database, hook: Hook) -> list[WebhookEvent]:
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        return list(
            s.scalars(select(WebhookEvent).where(WebhookEvent.organization_id == hook.org_id))
        )


def test_a_batch_mixing_tenants_duplicates_and_refusals(
    app: AlloKoliApp, client: TestClient, hook: Hook, bob: Account, database: Database
) -> None:
    bobs = create(bob)
    deploy(app, bob, bobs["id"])
    hook_b = hook_for(app, bob, bobs["id"])
    service: WebhookService = app.services.webhooks

    earlier = end_of_call(hook, call_payload(hook))
    assert hook.post(earlier).json() == {"status": "stored"}
    call_a, call_b = call_payload(hook), call_payload(hook_b)
    report_a = end_of_call(hook, call_a)
    batch = [
        (_key(hook), status_update(hook, call_a, "ringing")),
        (_key(hook_b), end_of_call(hook_b, call_b)),
        (_key(hook), report_a),
        (_key(hook), report_a),  # twice in the same batch
        (_key(hook), earlier),  # stored by an earlier request
        (_key(hook), status_update(hook, call_payload(hook_b), "ringing")),  # Bob's assistant
        ("no-such-key", end_of_call(hook, call_payload(hook))),
        (_key(hook), status_update(hook, call_a, "in-progress")),  # late: stays ended
    ]
    outcomes = service.store_batch([(key, inbound(m)) for key, m in batch])

    assert [_status(o) for o in outcomes[:5]] == [
        "stored",
        "stored",
        "stored",
        "duplicate",
        "duplicate",
    ]
    assert isinstance(outcomes[5], Forbidden)
    assert isinstance(outcomes[6], NotFound)
    assert _status(outcomes[7]) == "stored"

    alices = _calls(database, hook)
    assert set(alices) == {earlier["call"]["id"], call_a["id"]}
    assert alices[call_a["id"]].status == "ended"
    assert alices[call_a["id"]].transcript and alices[call_a["id"]].duration_seconds == 150
    assert len(_events(database, hook)) == 4  # earlier, ringing, report, in-progress
    bobs_calls = _calls(database, hook_b)
    assert set(bobs_calls) == {call_b["id"]}
    assert bobs_calls[call_b["id"]].summary


def test_one_failing_event_does_not_fail_its_batch(
    app: AlloKoliApp, hook: Hook, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from allokoli.calls import service as calls

    original = calls.apply_end_of_call_report
    bad = call_payload(hook)

    def sometimes(session: Any, tenant: Any, message: EndOfCallReport, *args: Any) -> Any:
        if message.call_id == bad["id"]:
            raise RuntimeError("bug on this report")
        return original(session, tenant, message, *args)

    monkeypatch.setattr(calls, "apply_end_of_call_report", sometimes)
    good = [call_payload(hook), call_payload(hook)]
    batch = [(_key(hook), inbound(end_of_call(hook, c))) for c in (good[0], bad, good[1])]
    outcomes = app.services.webhooks.store_batch(batch)

    assert [_status(o) for o in outcomes] == ["stored"] * 3  # stored, even the failing one
    assert set(_calls(database, hook)) == {good[0]["id"], good[1]["id"]}
    failed = [e for e in _events(database, hook) if e.error]
    assert len(failed) == 1 and failed[0].provider_call_id == bad["id"]
    assert failed[0].processed_at is None and "bug on this report" in (failed[0].error or "")


def test_concurrent_duplicate_deliveries_to_two_workers_give_one_call_each(
    app: AlloKoliApp, hook: Hook, database: Database, db_urls: DbUrls
) -> None:
    """Two workers (own engine, own writer thread each) receive every event of five calls,
    several times, in random order, from eight threads at once."""
    other = Database(make_engine(db_urls.app))
    workers = [app.services.webhooks, WebhookService(other, app.services.settings)]
    calls = [call_payload(hook) for _ in range(5)]
    events = [
        message
        for c in calls
        for message in (
            status_update(hook, c, "ringing", ts=1),
            status_update(hook, c, "in-progress", ts=2),
            end_of_call(hook, c),
            status_update(hook, c, "ended", ts=4),
        )
    ]
    deliveries = [(random.Random(i).choice(workers), e) for i in range(3) for e in events]
    random.Random(7).shuffle(deliveries)

    def deliver(item: tuple[WebhookService, dict[str, Any]]) -> str:
        worker, message = item
        raw = json.dumps({"message": message}).encode()
        headers = sign(raw, hook.secret, int(time.time()))
        return str(worker.handle(_key(hook), headers, raw).body["status"])

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(deliver, deliveries))
    finally:
        other.dispose()

    assert answers.count("stored") == len(events)
    assert answers.count("duplicate") == len(deliveries) - len(events)
    stored = _calls(database, hook)
    assert set(stored) == {c["id"] for c in calls}
    assert all(c.status == "ended" and c.duration_seconds == 150 for c in stored.values())
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        count = s.scalar(select(func.count()).select_from(WebhookEvent))
        unprocessed = s.scalar(
            select(func.count())
            .select_from(WebhookEvent)
            .where(WebhookEvent.processed_at.is_(None))
        )
    assert count == len(events) and unprocessed == 0


def test_a_second_batch_in_flight_only_for_a_process_with_a_core_to_spare() -> None:
    """Two batches per process overlap its own waits for the database; with as many web
    processes as cores the processes overlap each other's, and two per process would only
    halve the batches (more CPU per event). SQLite writes one batch at a time."""
    assert writers_per_process(True, 1, 2) == WRITERS == 2
    assert writers_per_process(True, 2, 8) == 2
    assert writers_per_process(True, 2, 2) == 1
    assert writers_per_process(True, 4, 2) == 1
    assert writers_per_process(False, 1, 8) == 1


def test_the_web_processes_setting_reaches_the_writer(
    database: Database, settings: Settings
) -> None:
    many = settings.model_copy(update={"web_processes": 64})
    assert WebhookService(database, many)._writer.writers == 1
    assert WebhookService(database, settings)._writer.writers == writers_per_process(
        database.is_postgres, 1, len(os.sched_getaffinity(0))
    )
