from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from allokoli.db.session import Database
from allokoli.models import Call, TakenMessage, WebhookEvent
from allokoli.webhooks.auth import sign
from tests.conftest import Account
from tests.webhooks.conftest import Hook, call_payload, end_of_call, status_update

JSON = {"content-type": "application/json"}


def _calls(database: Database, hook: Hook) -> list[Call]:
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        return list(s.scalars(select(Call)))


def test_end_of_call_report_creates_the_call(hook: Hook, alice: Account) -> None:
    call = call_payload(hook)
    r = hook.post(end_of_call(hook, call))
    assert r.status_code == 200 and r.json() == {"status": "stored"}
    listed = alice.client.get("/api/v1/calls", headers=alice.auth)
    if listed.status_code == 404:
        pytest.skip("calls API not built yet")


def test_authentication_forms(hook: Hook) -> None:
    msg = status_update(hook, call_payload(hook), "in-progress")
    assert hook.post(msg, mode="secret").status_code == 200
    assert (
        hook.post(status_update(hook, call_payload(hook), "in-progress"), mode="hmac").status_code
        == 200
    )
    assert hook.post(msg, mode="none").status_code == 401
    assert hook.post(msg, mode="none", headers={"X-Vapi-Secret": "faux"}).status_code == 401
    assert (
        hook.post(msg, mode="none", headers={"Authorization": f"Bearer {hook.secret}"}).status_code
        == 200
    )


def test_tampered_body_and_stale_timestamp_are_refused(hook: Hook) -> None:
    body = json.dumps({"message": status_update(hook, call_payload(hook), "ringing")}).encode()
    headers = sign(body, hook.secret, int(time.time()))
    tampered = body.replace(b"ringing", b"ended!!")
    r = hook.client.post(
        hook.url, content=tampered, headers={**headers, "content-type": "application/json"}
    )
    assert r.status_code == 401
    assert r.json()["detail"] == "Signature du webhook invalide."
    stale = JSON | sign(body, hook.secret, int(time.time()) - 301)
    assert hook.client.post(hook.url, content=body, headers=stale).status_code == 401
    future_ms = JSON | sign(body, hook.secret, int(time.time() * 1000) + 400_000)
    assert hook.client.post(hook.url, content=body, headers=future_ms).status_code == 401
    ok_ms = JSON | sign(body, hook.secret, int(time.time() * 1000))
    assert hook.client.post(hook.url, content=body, headers=ok_ms).status_code == 200


def test_unknown_org_key_and_other_tenants_assistant(
    hook: Hook, bob: Account, client: TestClient
) -> None:
    msg = status_update(hook, call_payload(hook), "ringing")
    r = client.post(
        "/webhooks/vapi/inconnu", json={"message": msg}, headers={"X-Vapi-Secret": hook.secret}
    )
    assert r.status_code == 404
    foreign = {**call_payload(hook), "assistantId": str(uuid.uuid4())}
    r = hook.post(status_update(hook, foreign, "ringing"))
    assert r.status_code == 403


def test_bad_payloads_are_400(hook: Hook) -> None:
    for body in (b"pas du json", b"[]", b'{"message": {}}', b'{"message": {"type": 3}}'):
        headers = JSON | sign(body, hook.secret, int(time.time()))
        r = hook.client.post(hook.url, content=body, headers=headers)
        assert r.status_code == 400, body


def test_oversized_body_is_413(hook: Hook) -> None:
    big = b'{"message": {"type": "transcript", "x": "' + b"a" * (1024 * 1024) + b'"}}'
    assert (
        hook.client.post(hook.url, content=big, headers={"X-Vapi-Secret": hook.secret}).status_code
        == 413
    )


def test_duplicates_are_absorbed_and_state_is_monotonic(hook: Hook, database: Database) -> None:
    call = call_payload(hook)
    assert hook.post(end_of_call(hook, call)).json() == {"status": "stored"}
    assert hook.post(end_of_call(hook, call)).json() == {"status": "duplicate"}
    # A late status-update never reopens the ended call.
    assert hook.post(status_update(hook, call, "in-progress")).status_code == 200
    calls = _calls(database, hook)
    assert len(calls) == 1
    c = calls[0]
    assert c.status == "ended"
    assert c.duration_seconds == 150
    assert c.cost_usd == 0.25 and c.cost_eur is not None and 0.1 < c.cost_eur < 0.3
    assert c.caller_number == "+33612345678"
    assert c.summary and "lundi" in c.summary
    assert c.recording_url
    assert c.transcript and c.transcript.startswith("AI:")


STATUSES = ["queued", "ringing", "in-progress", "forwarding", "ended"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(list(range(6))), dupes=st.lists(st.integers(0, 5), max_size=4))
def test_any_order_and_repetition_gives_the_same_state(
    hook: Hook, database: Database, order: list[int], dupes: list[int]
) -> None:
    call = call_payload(hook)
    events = [status_update(hook, call, s, ts=i) for i, s in enumerate(STATUSES)] + [
        end_of_call(hook, call)
    ]
    for index in [*order, *dupes]:
        assert hook.post(events[index]).status_code == 200
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        c = s.scalars(select(Call).where(Call.provider_call_id == call["id"])).one()
        assert c.status == "ended"
        assert c.duration_seconds == 150
        assert c.ended_reason == "customer-ended-call"
        assert c.summary
        n = s.scalar(
            select(func.count())
            .select_from(WebhookEvent)
            .where(WebhookEvent.provider_call_id == call["id"])
        )
        assert n == 6


def test_processing_error_keeps_the_event(
    hook: Hook, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from allokoli.calls import service as calls

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(calls, "apply_end_of_call_report", boom)
    call = call_payload(hook)
    assert hook.post(end_of_call(hook, call)).status_code == 200
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        event = s.scalars(select(WebhookEvent)).one()
        assert event.processed_at is None and "bug" in (event.error or "")
    monkeypatch.undo()
    org_id = event.organization_id
    assert hook.client.app.services.webhooks.reprocess_failed(org_id) == 1  # type: ignore[attr-defined]
    assert len(_calls(database, hook)) == 1


def _tool_message(
    hook: Hook, *calls: tuple[str, str, dict[str, Any] | str], call_id: str | None = None
) -> dict[str, Any]:
    return {
        "type": "tool-calls",
        "call": call_payload(hook, call_id),
        "toolCallList": [
            {"id": tid, "type": "function", "function": {"name": name, "arguments": args}}
            for tid, name, args in calls
        ],
        "timestamp": 1,
    }


def test_tool_calls_answer_in_order_and_store_messages(hook: Hook, database: Database) -> None:
    msg = _tool_message(
        hook,
        ("t1", "check_opening_hours", {"date": "2026-11-30", "heure": "12:00"}),
        (
            "t2",
            "take_message",
            {
                "nom_appelant": "Jean Dupont",
                "telephone_rappel": "06 12 34 56 78",
                "motif": "rappel",
                "message": "Rappeler pour\nun devis",
                "urgent": False,
            },
        ),
        (
            "t3",
            "request_appointment",
            {
                "nom_appelant": "Marie",
                "telephone_rappel": "0699887766",
                "objet": "réservation",
                "date_souhaitee": "2026-12-05",
                "heure_souhaitee": "20:00",
                "nombre_personnes": 4,
                "commentaire": "",
            },
        ),
        ("t4", "unknown_tool", {}),
    )
    r = hook.post(msg)
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["toolCallId"] for x in results] == ["t1", "t2", "t3", "t4"]
    assert all("result" in x for x in results[:3]), results
    assert "fermé" in results[0]["result"]  # Monday 30 November: closed
    assert "Jean Dupont" in results[1]["result"] and "zéro six" in results[1]["result"]
    assert "\n" not in json.dumps(results)
    assert "transmise" in results[2]["result"]
    assert "error" in results[3]
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        taken = s.scalars(select(TakenMessage).order_by(TakenMessage.kind)).all()
        assert [(t.kind, t.caller_name) for t in taken] == [
            ("appointment", "Marie"),
            ("message", "Jean Dupont"),
        ]
        assert taken[0].party_size == 4 and taken[1].callback_number == "+33612345678"
    # A retried tool call returns the stored answer and stores nothing new.
    again = hook.post(msg).json()["results"]
    assert again == results
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        assert s.scalar(select(func.count()).select_from(TakenMessage)) == 2


def test_tool_errors_are_speakable_200s(hook: Hook) -> None:
    r = hook.post(
        _tool_message(
            hook,
            ("e1", "take_message", {}),
            ("e2", "check_opening_hours", {"date": "demain", "heure": ""}),
            ("e3", "check_opening_hours", {"date": "2026-11-28", "heure": "99:00"}),
        )
    )
    assert r.status_code == 200
    errors = [x.get("error") for x in r.json()["results"]]
    assert all(errors), errors
    assert "nom" in errors[0]


def test_tool_arguments_as_json_string_and_holiday(hook: Hook) -> None:
    msg = _tool_message(
        hook, ("h1", "check_opening_hours", json.dumps({"date": "2026-12-25", "heure": ""}))
    )
    result = hook.post(msg).json()["results"][0]["result"]
    assert "férié" in result and "Noël" in result


def test_tool_deadline(hook: Hook, monkeypatch: pytest.MonkeyPatch) -> None:
    from allokoli.calls import tools
    from allokoli.webhooks import service as webhooks

    def slow(*args: Any, **kwargs: Any) -> str:
        time.sleep(0.5)
        return "trop tard"

    monkeypatch.setattr(webhooks, "TOOL_DEADLINE_SECONDS", 0.1)
    monkeypatch.setitem(tools.HANDLERS, "check_opening_hours", slow)
    r = hook.post(
        _tool_message(hook, ("slow1", "check_opening_hours", {"date": "2026-12-01", "heure": ""}))
    )
    assert r.status_code == 200
    assert r.json()["results"][0]["error"].startswith("Je n'arrive pas")


def test_database_down_is_503(hook: Hook, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from allokoli.db.engine import make_engine

    service = hook.client.app.services.webhooks  # type: ignore[attr-defined]
    monkeypatch.setattr(service, "db", Database(make_engine(f"sqlite:///{tmp_path}")))
    r = hook.post(status_update(hook, call_payload(hook), "ringing"))
    assert r.status_code == 503
