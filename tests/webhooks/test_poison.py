"""An authentic event holding a value the database refuses (NaN, Infinity, a NUL character, a
lone surrogate) is stored quarantined with its reason, answered 422, and fails nothing else:
the other events of its batch, of the same organisation or another, are stored and processed."""

from __future__ import annotations

import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import select

from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.kit.dberrors import ValueRefused
from allokoli.models import Call, TakenMessage, WebhookEvent
from allokoli.webhooks.auth import sign
from allokoli.webhooks.payload import QUARANTINE_KEY, inbound
from allokoli.webhooks.service import TOOL_FAILED, Outcome, WebhookService
from tests.assistants.conftest import create, deploy
from tests.conftest import Account, DbUrls
from tests.webhooks.conftest import Hook, call_payload, end_of_call, hook_for, status_update

NUL = "\x00"


def _poisons(hook: Hook) -> list[dict[str, Any]]:
    """One poison per way a body can hold what PostgreSQL refuses (each its own call)."""

    def report(**extra: Any) -> dict[str, Any]:
        return end_of_call(hook, call_payload(hook), **extra)

    in_key = report()
    in_key["analysis"] = {"summary": "ok", f"cl{NUL}é": 1}
    nul_call = end_of_call(hook, call_payload(hook, f"call-{NUL}-{random.random()}"))
    return [
        report(cost=float("nan")),
        report(durationSeconds=float("inf"), cost=float("-inf")),
        report(artifact={"transcript": f"AI: Bonjour{NUL} !"}),
        in_key,
        nul_call,
        report(analysis={"summary": "demi \ud800 caractère"}),
        status_update(hook, call_payload(hook), f"ringing{NUL}"),
    ]


def _normals(hook: Hook, calls: int) -> list[dict[str, Any]]:
    events = []
    for _ in range(calls):
        call = call_payload(hook)
        events += [status_update(hook, call, "ringing"), end_of_call(hook, call)]
    return events


def _key(hook: Hook) -> str:
    return hook.url.rsplit("/", 1)[1]


def _state(database: Database, hook: Hook) -> tuple[dict[str, Call], list[WebhookEvent]]:
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        calls = {
            c.provider_call_id: c
            for c in s.scalars(select(Call).where(Call.organization_id == hook.org_id))
        }
        events = list(
            s.scalars(select(WebhookEvent).where(WebhookEvent.organization_id == hook.org_id))
        )
    return calls, events


def _check(
    database: Database, hook: Hook, normals: list[dict[str, Any]], poisons: list[dict[str, Any]]
) -> None:
    calls, events = _state(database, hook)
    reports = [e for e in normals if e["type"] == "end-of-call-report"]
    assert set(calls) == {e["call"]["id"] for e in reports}
    assert all(c.status == "ended" and c.duration_seconds == 150 for c in calls.values())
    quarantined = [e for e in events if e.error]
    assert len(events) == len(normals) + len(poisons)
    assert len(quarantined) == len(poisons)
    for event in quarantined:
        assert (event.error or "").startswith("ValueRefused: ")
        assert event.processed_at is None
        assert QUARANTINE_KEY in event.payload and isinstance(event.payload["body"], str)
    bodies = " ".join(e.payload["body"] for e in quarantined)
    for token in ("NaN", "Infinity", "-Infinity", "\\u0000", "\\ud800"):
        assert token in bodies
    assert all(e.processed_at is not None for e in events if not e.error)


def _two_tenants(app: AlloKoliApp, hook: Hook, bob: Account) -> Hook:
    bobs = create(bob)
    deploy(app, bob, bobs["id"])
    return hook_for(app, bob, bobs["id"])


def test_poison_events_in_mixed_batches_of_two_organisations(
    app: AlloKoliApp, hook: Hook, bob: Account, database: Database
) -> None:
    hook_b = _two_tenants(app, hook, bob)
    service: WebhookService = app.services.webhooks
    normals = {hook.org_id: _normals(hook, 6), hook_b.org_id: _normals(hook_b, 6)}
    poisons = {hook.org_id: _poisons(hook), hook_b.org_id: _poisons(hook_b)}
    deliveries = [
        (h, message, kind)
        for h in (hook, hook_b)
        for kind, messages in (("normal", normals[h.org_id]), ("poison", poisons[h.org_id]))
        for message in messages
    ]
    random.Random(3).shuffle(deliveries)
    for start in range(0, len(deliveries), 9):  # batches of 9: each mixes both kinds
        part = deliveries[start : start + 9]
        outcomes = service.store_batch([(_key(h), inbound(m)) for h, m, _ in part])
        for (_, _, kind), outcome in zip(part, outcomes, strict=True):
            if kind == "normal":
                assert isinstance(outcome, Outcome) and outcome.body == {"status": "stored"}
            else:
                assert isinstance(outcome, ValueRefused), outcome
    for h in (hook, hook_b):
        _check(database, h, normals[h.org_id], poisons[h.org_id])
    # Sent again: the poison is refused again and stored once; reprocessing leaves it alone.
    again = service.store_batch([(_key(hook), inbound(m)) for m in poisons[hook.org_id]])
    assert all(isinstance(o, ValueRefused) for o in again)
    assert service.reprocess_failed(hook.org_id) == 0
    _check(database, hook, normals[hook.org_id], poisons[hook.org_id])


def test_poison_events_delivered_concurrently_to_two_workers(
    app: AlloKoliApp, hook: Hook, bob: Account, database: Database, db_urls: DbUrls
) -> None:
    """Signed raw bodies (NaN and Infinity as JSON tokens), eight threads, two workers: the
    batches form as they come, mixing organisations and poison."""
    hook_b = _two_tenants(app, hook, bob)
    other = Database(make_engine(db_urls.app))
    workers = [app.services.webhooks, WebhookService(other, app.services.settings)]
    normals = {hook.org_id: _normals(hook, 20), hook_b.org_id: _normals(hook_b, 20)}
    poisons = {hook.org_id: _poisons(hook), hook_b.org_id: _poisons(hook_b)}
    deliveries = [
        (i, h, message, kind)
        for i, (h, message, kind) in enumerate(
            (h, message, kind)
            for h in (hook, hook_b)
            for kind, messages in (("normal", normals[h.org_id]), ("poison", poisons[h.org_id]))
            for message in messages
        )
    ]
    random.Random(5).shuffle(deliveries)

    def deliver(item: tuple[int, Hook, dict[str, Any], str]) -> tuple[str, str]:
        i, h, message, kind = item
        raw = json.dumps({"message": message}).encode()
        headers = sign(raw, h.secret, int(time.time()))
        try:
            status = str(workers[i % 2].handle(_key(h), headers, raw).body["status"])
        except ValueRefused:
            status = "refused"
        return kind, status

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(deliver, deliveries))
    finally:
        other.dispose()

    assert {a for a in answers if a[0] == "normal"} == {("normal", "stored")}
    assert {a for a in answers if a[0] == "poison"} == {("poison", "refused")}
    for h in (hook, hook_b):
        _check(database, h, normals[h.org_id], poisons[h.org_id])


def test_a_poison_sender_gets_422_over_http(hook: Hook, database: Database) -> None:
    r = hook.post(end_of_call(hook, call_payload(hook), cost=float("nan")))
    assert r.status_code == 422 and r.json()["error"] == "ValueRefused"
    assert hook.post(end_of_call(hook, call_payload(hook))).json() == {"status": "stored"}
    _, events = _state(database, hook)
    assert sorted(bool(e.error) for e in events) == [False, True]


def test_a_poison_tool_call_is_answered_and_quarantined_alone(
    hook: Hook, database: Database
) -> None:
    def item(tool_call_id: str, **arguments: Any) -> dict[str, Any]:
        return {"id": tool_call_id, "function": {"name": "take_message", "arguments": arguments}}

    message = {
        "type": "tool-calls",
        "call": call_payload(hook),
        "toolCallList": [
            item("tc-ok", nom_appelant="Jean", telephone_rappel="0612345678"),
            item("tc-nul", nom_appelant=f"Je{NUL}an", telephone_rappel="0612345678"),
            item("tc-nan", nom_appelant="Jean", telephone_rappel="0612345678", urgent=float("nan")),
        ],
    }
    for _ in range(2):  # a copy gets the same answers
        r = hook.post(message)
        assert r.status_code == 200
        ok, nul, nan = r.json()["results"]
        assert "Jean" in ok["result"]
        assert nul["error"] == nan["error"] == TOOL_FAILED
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        taken = s.scalars(select(TakenMessage).where(TakenMessage.organization_id == hook.org_id))
        assert [m.tool_call_id for m in taken] == ["tc-ok"]
    _, events = _state(database, hook)
    assert sorted((e.dedupe_key, bool(e.error)) for e in events) == [
        ("tool-call:tc-nan", True),
        ("tool-call:tc-nul", True),
        ("tool-call:tc-ok", False),
    ]
