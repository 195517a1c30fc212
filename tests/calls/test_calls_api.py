"""The calls, messages, stats, alerts and webhook-events API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update

from allokoli.calls import alerts, stats
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.models import Assistant, WebhookEvent
from allokoli.tenancy import Tenant
from tests.assistants.conftest import create
from tests.calls.conftest import OrgHook, call_id_of, org_hook
from tests.conftest import Account


def _today(minutes_before_now: int = 0) -> datetime:
    now = datetime.now(UTC)
    start = stats.period_start("today", now)
    return max(
        start + timedelta(seconds=1),
        now - timedelta(minutes=minutes_before_now) - (now - start) / 2,
    )


def test_list_masks_numbers_and_detail_shows_them(alice: Account, alice_hook: OrgHook) -> None:
    provider_id = alice_hook.report(
        caller="+33612345678", recording="https://storage.example/a.mp3"
    )
    alice_hook.take_message(provider_id)
    r = alice.client.get("/api/v1/calls", headers=alice.auth)
    assert r.status_code == 200
    item = r.json()["items"][0]
    assert item["caller_number_masked"] == "06 •• •• •• 78"
    assert "caller_number" not in item and "+33612345678" not in r.text
    assert (
        item["has_recording"] is True and item["ended_reason_label"] == "Raccroché par l'appelant"
    )
    detail = alice.client.get(f"/api/v1/calls/{item['id']}", headers=alice.auth).json()
    assert detail["caller_number"] == "+33612345678"
    assert detail["caller_number_display"] == "06 12 34 56 78"
    assert detail["recording_url"] == "https://storage.example/a.mp3"
    assert [t["role"] for t in detail["conversation"]] == ["assistant", "caller", "assistant"]
    assert detail["cost_usd"] == 0.25 and detail["cost_eur"] > 0
    (message,) = detail["taken_messages"]
    assert message["caller_name"] == "Jean Dupont" and message["call_id"] == item["id"]
    assert message["callback_number"] == "+33611223344"


def test_filters_and_cursor_pagination(alice: Account, alice_hook: OrgHook) -> None:
    assistant = create(alice)
    base = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    ids = [
        alice_hook.report(
            started=base + timedelta(days=i), assistant_id=assistant["id"] if i % 2 else None
        )
        for i in range(5)
    ]
    alice_hook.report(
        started=base + timedelta(days=1, hours=2), reason="pipeline-error-openai-llm-failed"
    )
    r = alice.client.get("/api/v1/calls", params={"limit": 2}, headers=alice.auth).json()
    seen = [c["provider_call_id"] for c in r["items"]]
    while r["next_cursor"]:
        r = alice.client.get(
            "/api/v1/calls", params={"limit": 2, "cursor": r["next_cursor"]}, headers=alice.auth
        ).json()
        seen += [c["provider_call_id"] for c in r["items"]]
    assert len(seen) == 6 and seen[0] == ids[4] and seen[-1] == ids[0]
    assert len(set(seen)) == 6

    def listed(**params: str) -> list[str]:
        body = alice.client.get("/api/v1/calls", params=params, headers=alice.auth).json()
        return [c["provider_call_id"] for c in body["items"]]

    assert listed(assistant_id=assistant["id"]) == [ids[3], ids[1]]
    assert listed(**{"from": "2026-03-11", "to": "2026-03-12"})[-1] == ids[1]
    assert len(listed(**{"from": "2026-03-11", "to": "2026-03-12"})) == 3
    assert listed(status="failed") and len(listed(status="failed")) == 1
    assert len(listed(status="ended")) == 6
    assert listed(status="in-progress") == []
    on_assistant = alice.client.get(
        f"/api/v1/assistants/{assistant['id']}/calls", headers=alice.auth
    )
    assert [c["assistant_name"] for c in on_assistant.json()["items"]] == [assistant["name"]] * 2


def test_calls_not_started_yet_come_last_across_pages(alice: Account, alice_hook: OrgHook) -> None:
    started = [alice_hook.report(started=datetime(2026, 3, 10, 9, i, tzinfo=UTC)) for i in range(3)]
    waiting = []
    for i in range(3):
        call_id = f"call-ringing-{i}"
        alice_hook.post(
            {"type": "status-update", "status": "ringing", "call": {"id": call_id}, "timestamp": i}
        )
        waiting.append(call_id)
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = alice.client.get("/api/v1/calls", params=params, headers=alice.auth).json()
        seen += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert [c["provider_call_id"] for c in seen[:3]] == started[::-1]
    assert {c["provider_call_id"] for c in seen[3:]} == set(waiting)
    assert all(c["started_at"] is None and c["status"] == "ringing" for c in seen[3:])
    ringing = alice.client.get("/api/v1/calls", params={"status": "ringing"}, headers=alice.auth)
    assert len(ringing.json()["items"]) == 3


def test_errors_use_the_envelope(
    alice: Account, bob: Account, alice_hook: OrgHook, client: TestClient
) -> None:
    call = call_id_of(alice, alice_hook.report())
    r = bob.client.get(f"/api/v1/calls/{call}", headers=bob.auth)
    assert r.status_code == 404 and r.json() == {
        "error": "NotFound",
        "detail": "Appel introuvable.",
    }
    r = alice.client.get("/api/v1/calls", params={"cursor": "pas-un-curseur"}, headers=alice.auth)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "cursor"
    r = alice.client.get("/api/v1/calls", params={"status": "bidon"}, headers=alice.auth)
    assert r.status_code == 422 and r.json()["error"] == "ValidationError"
    r = alice.client.get(
        "/api/v1/calls", params={"from": "2026-03-12", "to": "2026-03-01"}, headers=alice.auth
    )
    assert r.status_code == 422 and "date de fin" in r.json()["detail"]
    assistant = create(alice)
    r = bob.client.get(f"/api/v1/assistants/{assistant['id']}/calls", headers=bob.auth)
    assert r.status_code == 404
    assert client.get("/api/v1/calls").status_code == 401


def test_messages_list_filter_and_handled(
    alice: Account, alice_hook: OrgHook, bob: Account
) -> None:
    provider_id = alice_hook.report(
        structured={
            "appointmentRequests": [
                {
                    "name": "Marie Curie",
                    "phone": "07 68 12 34 56",
                    "preferredSlot": "samedi 20 h",
                    "partySize": 4,
                }
            ]
        }
    )
    alice_hook.take_message(alice_hook.report(), name="Paul")
    everything = alice.client.get("/api/v1/messages", headers=alice.auth).json()["items"]
    assert {m["kind"] for m in everything} == {"message", "appointment"}
    appointment = next(m for m in everything if m["kind"] == "appointment")
    assert appointment["preferred_time"] == "samedi 20 h" and appointment["party_size"] == 4
    assert appointment["callback_number"] == "+33768123456"
    assert appointment["call_id"] == call_id_of(alice, provider_id)
    kinds = alice.client.get("/api/v1/messages", params={"kind": "appointment"}, headers=alice.auth)
    assert [m["id"] for m in kinds.json()["items"]] == [appointment["id"]]
    r = alice.client.patch(
        f"/api/v1/messages/{appointment['id']}", json={"handled": True}, headers=alice.auth
    )
    assert r.status_code == 200 and r.json()["handled"] is True
    pending = alice.client.get("/api/v1/messages", params={"handled": "false"}, headers=alice.auth)
    assert [m["caller_name"] for m in pending.json()["items"]] == ["Paul"]
    audit = alice.client.get(
        "/api/v1/audit-log", params={"entity": "taken_message"}, headers=alice.auth
    )
    assert audit.json()[0]["details"] == {"handled": True}
    r = alice.client.patch(
        f"/api/v1/messages/{appointment['id']}", json={"handled": "peut-être"}, headers=alice.auth
    )
    assert r.status_code == 422
    r = bob.client.patch(
        f"/api/v1/messages/{appointment['id']}", json={"handled": False}, headers=bob.auth
    )
    assert r.status_code == 404
    page = alice.client.get("/api/v1/messages", params={"limit": 1}, headers=alice.auth).json()
    rest = alice.client.get(
        "/api/v1/messages", params={"limit": 1, "cursor": page["next_cursor"]}, headers=alice.auth
    )
    assert {page["items"][0]["id"], rest.json()["items"][0]["id"]} == {m["id"] for m in everything}


def test_stats_figures(alice: Account, alice_hook: OrgHook) -> None:
    assistant = create(alice)
    today = _today()
    alice_hook.report(started=today, seconds=120, cost=1.0, assistant_id=assistant["id"])
    alice_hook.report(
        started=today,
        seconds=60,
        cost=0.5,
        reason="pipeline-error-openai-llm-failed",
        assistant_id=assistant["id"],
    )
    alice_hook.report(
        started=today - timedelta(days=3), seconds=30, cost=0.1, reason="assistant-forwarded-call"
    )
    alice_hook.report(started=today - timedelta(days=20), seconds=600, cost=2.0)
    alice_hook.report(started=today - timedelta(days=45), seconds=600, cost=2.0)
    alice_hook.take_message(alice_hook.report(started=today - timedelta(days=40)))

    def get(period: str) -> dict[str, Any]:
        r = alice.client.get("/api/v1/stats", params={"period": period}, headers=alice.auth)
        assert r.status_code == 200, r.text
        stats: dict[str, Any] = r.json()
        return stats

    day = get("today")
    assert (day["calls"], day["minutes"], day["failed_calls"]) == (2, 3.0, 1)
    assert len(day["per_day"]) == 1 and day["per_day"][0]["calls"] == 2
    assert day["per_assistant"] == [
        {"assistant_id": assistant["id"], "name": assistant["name"], "calls": 2}
    ]
    assert {r["label"] for r in day["per_ended_reason"]} == {
        "Raccroché par l'appelant",
        "Erreur technique",
    }
    week = get("7d")
    assert week["calls"] == 3 and len(week["per_day"]) == 7
    assert sum(d["calls"] for d in week["per_day"]) == 3
    assert round(week["cost_eur"], 2) == round(sum(d["cost_eur"] for d in week["per_day"]), 2)
    month = get("30d")
    assert month["calls"] == 4 and month["minutes"] == 13.5 and len(month["per_day"]) == 30
    assert month["messages"] == 1 and month["appointments"] == 0  # the message was taken today
    assert (
        alice.client.get("/api/v1/stats", params={"period": "1an"}, headers=alice.auth).status_code
        == 422
    )


def test_outside_hours_is_counted(alice: Account, alice_hook: OrgHook, database: Database) -> None:
    assistant = create(alice)  # Da Marco: closed on Mondays
    monday = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    alice_hook.report(started=monday, assistant_id=assistant["id"])
    alice_hook.report(started=monday + timedelta(days=1), assistant_id=assistant["id"])  # open
    items = alice.client.get("/api/v1/calls", headers=alice.auth).json()["items"]
    assert [c["outside_hours"] for c in items] == [False, True]
    with database.unit_of_work(tenant_id=alice_hook.org_id) as s:
        figures = stats.stats(s, Tenant(alice_hook.org_id), "30d", now=monday + timedelta(days=2))
    assert figures.outside_hours_calls == 1 and figures.calls == 2


def test_days_are_paris_days_across_daylight_saving(
    alice: Account, alice_hook: OrgHook, database: Database
) -> None:
    alice_hook.report(started=datetime(2026, 10, 25, 22, 30, tzinfo=UTC))  # 23:30 on the 25th
    alice_hook.report(started=datetime(2026, 10, 25, 23, 30, tzinfo=UTC))  # 00:30 on the 26th
    alice_hook.report(
        started=datetime(2026, 10, 24, 22, 30, tzinfo=UTC)
    )  # 00:30 on the 25th (summer)
    with database.unit_of_work(tenant_id=alice_hook.org_id) as s:
        week = stats.stats(
            s, Tenant(alice_hook.org_id), "7d", now=datetime(2026, 10, 27, 9, 0, tzinfo=UTC)
        )
    by_day = {d.date.isoformat(): d.calls for d in week.per_day}
    assert by_day["2026-10-24"] == 0 and by_day["2026-10-25"] == 2 and by_day["2026-10-26"] == 1
    assert week.calls == 3


def test_webhook_events_list(alice: Account, alice_hook: OrgHook, database: Database) -> None:
    alice_hook.report()
    events = alice.client.get("/api/v1/webhook-events", headers=alice.auth).json()["items"]
    assert [e["type"] for e in events] == ["end-of-call-report"] and "payload" not in events[0]
    with database.unit_of_work(tenant_id=alice_hook.org_id) as s:
        s.execute(update(WebhookEvent).values(error="KeyError: boom", processed_at=None))
    failed = alice.client.get(
        "/api/v1/webhook-events", params={"failed": "true"}, headers=alice.auth
    )
    assert [e["error"] for e in failed.json()["items"]] == ["KeyError: boom"]
    ok = alice.client.get("/api/v1/webhook-events", params={"failed": "false"}, headers=alice.auth)
    assert ok.json()["items"] == []


def test_alerts(
    app: AlloKoliApp, alice: Account, alice_hook: OrgHook, database: Database, bob: Account
) -> None:
    assert alice.client.get("/api/v1/alerts", headers=alice.auth).json() == []
    # Refused webhook requests are counted per organisation.
    for _ in range(alerts.AUTH_FAILURES_THRESHOLD):
        r = alice.client.post(
            alice_hook.url, json={"message": {"type": "hang"}}, headers={"X-Vapi-Secret": "faux"}
        )
        assert r.status_code == 401
    # Calls failing more than usual.
    for _ in range(alerts.FAILED_CALLS_MIN):
        alice_hook.report(
            started=datetime.now(UTC) - timedelta(hours=1),
            reason="pipeline-error-openai-llm-failed",
        )
    # Events whose processing failed.
    for _ in range(alerts.PROCESSING_ERRORS_THRESHOLD):
        alice_hook.report()
    assistant = create(alice)
    with database.unit_of_work(tenant_id=alice_hook.org_id) as s:
        s.execute(
            update(WebhookEvent)
            .where(WebhookEvent.error.is_(None))
            .values(error="boom", processed_at=None)
        )
        s.execute(update(Assistant).values(status="error", status_reason="Clé Vapi refusée."))
    found = {a["kind"]: a for a in alice.client.get("/api/v1/alerts", headers=alice.auth).json()}
    assert set(found) == {"assistant_error", "webhook_auth", "webhook_processing", "failed_calls"}
    assert found["assistant_error"]["link"] == f"/assistants/{assistant['id']}"
    assert found["assistant_error"]["detail"] == "Clé Vapi refusée."
    assert "10 requêtes ont été refusées" in found["webhook_auth"]["detail"]
    assert found["failed_calls"]["link"] == "/calls?status=failed"
    assert bob.client.get("/api/v1/alerts", headers=bob.auth).json() == []
    bob_hook = org_hook(app, bob)
    assert bob_hook.org_id != alice_hook.org_id


def test_cached_past_days_follow_late_reports_and_erasures(
    alice: Account, alice_hook: OrgHook
) -> None:
    three_days_ago = datetime.now(UTC) - timedelta(days=3)

    def week() -> int:
        r = alice.client.get("/api/v1/stats", params={"period": "7d"}, headers=alice.auth)
        return int(r.json()["calls"])

    alice_hook.report(started=three_days_ago, caller="+33612345678")
    assert week() == 1  # the past days are now cached
    alice_hook.report(started=three_days_ago - timedelta(hours=1), caller="+33768123456")  # late
    assert week() == 2
    r = alice.client.post(
        "/settings/privacy/erase",
        data={"csrf_token": alice.csrf, "number": "0612345678", "confirm": "oui"},
    )
    assert r.status_code == 200
    assert week() == 1
