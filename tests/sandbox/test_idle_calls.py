"""A test chat left idle ends like a real call on silence, with its end-of-call report, so a
test call never stays « En cours » (the clock is injected: no waiting)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from allokoli.http.deps import AlloKoliApp
from tests.sandbox.conftest import AUTH, BASE, HOOK, Receiver, SdkTestClient, assistant_body, post

T0 = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def _at(value: datetime) -> datetime:
    return value


def _start(app: AlloKoliApp, api: SdkTestClient) -> dict[str, str]:
    app.services.clock = partial(_at, T0)
    assistant_id = post(api, "/assistant", assistant_body(server={"url": HOOK})).json()["id"]
    chat = post(api, "/chat", {"assistantId": assistant_id, "input": "vous êtes ouverts quand ?"})
    assert chat.status_code == 201, chat.text
    return dict(chat.json())


def test_the_next_message_after_the_timeout_ends_the_idle_call_first(
    app: AlloKoliApp, api: SdkTestClient, receiver: Receiver
) -> None:
    idle = app.services.settings.test_call_idle_seconds
    first = _start(app, api)
    app.services.clock = partial(_at, T0 + timedelta(seconds=idle - 1))
    second = post(api, "/chat", {"previousChatId": first["id"], "input": "et le samedi ?"}).json()
    assert second["messages"][-1]["content"] == "et le samedi ?"
    assert len(api.get(f"{BASE}/call", headers=AUTH).json()) == 1  # still the same call

    app.services.clock = partial(_at, T0 + timedelta(seconds=2 * idle))
    post(api, "/chat", {"previousChatId": second["id"], "input": "bonjour"})
    newest, oldest = api.get(f"{BASE}/call", headers=AUTH).json()
    assert newest["status"] == "in-progress"
    assert oldest["status"] == "ended"
    assert oldest["endedReason"] == "silence-timed-out"
    ended = datetime.fromisoformat(oldest["endedAt"])
    assert ended == T0 + timedelta(seconds=idle - 1 + idle)  # when the silence timed out
    assert "faute de réponse" in oldest["analysis"]["summary"]
    reports = [m for m in receiver.messages if m["type"] == "end-of-call-report"]
    assert [r["endedReason"] for r in reports] == ["silence-timed-out"]


def test_listing_the_calls_after_the_timeout_ends_the_idle_call(
    app: AlloKoliApp, api: SdkTestClient, receiver: Receiver
) -> None:
    idle = app.services.settings.test_call_idle_seconds
    _start(app, api)
    app.services.clock = partial(_at, T0 + timedelta(seconds=idle / 2))
    (call,) = api.get(f"{BASE}/call", headers=AUTH).json()
    assert call["status"] == "in-progress"

    app.services.clock = partial(_at, T0 + timedelta(seconds=idle))
    (call,) = api.get(f"{BASE}/call", headers=AUTH).json()
    assert call["status"] == "ended" and call["endedReason"] == "silence-timed-out"
    assert "horaires" in call["analysis"]["summary"]  # the state of the last turn is reported
    (again,) = api.get(f"{BASE}/call", headers=AUTH).json()
    assert again["endedAt"] == call["endedAt"]
    reports = [m for m in receiver.messages if m["type"] == "end-of-call-report"]
    assert len(reports) == 1
