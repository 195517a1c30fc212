"""Provider faults at the HTTP boundary, through the real job path (deploy → outbox → the job
function both engines run → the Vapi gateway → httpx): 5xx, timeouts and 429 are retried with
backoff and jitter, a `Retry-After` is honoured, and the owner always ends on a French status,
never a stuck « deploying ». Time is the injected clock (`run_due(now=…)`).

Twilio is called inside the owner's request (buying a number): a few quick attempts there
(`providers.twilio.RetryingHttpClient`), the pauses recorded instead of slept."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import requests
from fastapi.testclient import TestClient
from pydantic import SecretStr
from twilio.http import HttpClient
from twilio.http.response import Response as TwilioResponse

from allokoli.deploy import outbox
from allokoli.http.deps import AlloKoliApp
from allokoli.kit.clock import utcnow
from allokoli.models import OutboxMessage
from allokoli.providers import twilio as twilio_provider
from allokoli.providers.vapi import retry_after_seconds
from tests.conftest import Account, InProcessTransport

FR_NUMBER = "+33478000001"
TEXT = "Plomberie Dupont à Lyon, ouvert du lundi au vendredi de 8h à 18h, fermé le week-end"


class Faults(httpx.BaseTransport):
    """Answers the assistant creates from a plan (then forwards to the in-process sandbox)."""

    def __init__(self, inner: httpx.BaseTransport, plan: list[str]) -> None:
        self.inner = inner
        self.plan = plan
        self.now = utcnow()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/sandbox/vapi/assistant"):
            action = self.plan.pop(0) if self.plan else "ok"
            if action in {"500", "502", "503", "504"}:
                return httpx.Response(int(action), json={"message": "Server Error"})
            if action.startswith("429"):  # "429", "429:<seconds>", "429:date:<seconds>"
                headers = {}
                parts = action.split(":")
                if len(parts) == 2:
                    headers["Retry-After"] = parts[1]
                elif len(parts) == 3:
                    at = datetime.now(UTC) + timedelta(seconds=int(parts[2]))
                    headers["Retry-After"] = format_datetime(at, usegmt=True)
                return httpx.Response(429, json={"message": "Too Many Requests"}, headers=headers)
            if action == "read-timeout":
                raise httpx.ReadTimeout("timed out", request=request)
            if action == "connect-error":
                raise httpx.ConnectError("connection refused", request=request)
        return self.inner.handle_request(request)


def _faulty(app: AlloKoliApp, client: TestClient, plan: list[str]) -> Faults:
    transport = Faults(InProcessTransport(client), plan)
    app.services.vapi_http_client = httpx.Client(transport=transport, base_url="http://testserver")
    return transport


def _deploy(alice: Account) -> str:
    r = alice.client.post("/api/v1/assistants", json={"text": TEXT}, headers=alice.auth)
    assert r.status_code == 201, r.text
    assistant_id = str(r.json()["id"])
    r = alice.client.post(f"/api/v1/assistants/{assistant_id}/deploy", headers=alice.auth)
    assert r.status_code < 300, r.text
    return assistant_id


def _seen(alice: Account, assistant_id: str) -> dict[str, Any]:
    r = alice.client.get(f"/api/v1/assistants/{assistant_id}", headers=alice.auth)
    assert r.status_code == 200
    return dict(r.json())


def _message(app: AlloKoliApp, alice: Account) -> OutboxMessage:
    with app.services.db.unit_of_work(tenant_id=alice.org_id) as session:
        rows = session.query(OutboxMessage).all()
        assert len(rows) == 1
        session.expunge(rows[0])
        return rows[0]


@pytest.mark.parametrize(
    ("plan", "reason"),
    [
        (["500", "502", "503", "504"], "momentanément indisponible"),
        (["read-timeout", "read-timeout"], "délai dépassé"),
        (["connect-error"], "injoignable"),
        (["429", "429"], "limite le nombre de requêtes"),
    ],
)
def test_transient_faults_are_retried_until_active(
    plan: list[str], reason: str, app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    _faulty(app, client, list(plan))
    assistant_id = _deploy(alice)  # the first attempt runs right after the commit
    seen = _seen(alice, assistant_id)
    assert seen["status"] == "deploying"
    assert reason in seen["status_reason"] and "(tentative 1)" in seen["status_reason"]
    now = utcnow()
    for step in range(1, len(plan) + 1):
        waiting = _message(app, alice)
        # Backoff with jitter: the next attempt is later, and only then is it run.
        assert waiting.next_attempt_at is not None and waiting.next_attempt_at > now
        assert app.services.dispatcher.run_due(now=now) == 0
        now = waiting.next_attempt_at + timedelta(milliseconds=1)
        assert app.services.dispatcher.run_due(now=now) == 1, step
    seen = _seen(alice, assistant_id)
    assert seen["status"] == "active", seen["status_reason"]
    assert seen["status_reason"] is None
    assert _message(app, alice).done_at is not None


@pytest.mark.parametrize("header", ["429:600", "429:date:600", "503:600"])
def test_retry_after_is_honoured(
    header: str, app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    if header.startswith("503"):
        transport = _faulty(app, client, [])
        original = transport.handle_request

        def unavailable(request: httpx.Request) -> httpx.Response:
            if request.method == "POST" and not getattr(unavailable, "done", False):
                unavailable.done = True  # type: ignore[attr-defined]
                return httpx.Response(503, json={}, headers={"Retry-After": "600"})
            return original(request)

        transport.handle_request = unavailable  # type: ignore[method-assign]
    else:
        _faulty(app, client, [header])
    started = utcnow()
    assistant_id = _deploy(alice)
    waiting = _message(app, alice)
    assert waiting.attempts == 1 and waiting.next_attempt_at is not None
    # The backoff alone would be 1-2 s; the provider asked for 10 minutes.
    assert waiting.next_attempt_at >= started + timedelta(seconds=590)
    assert app.services.dispatcher.run_due(now=started + timedelta(seconds=60)) == 0
    assert _seen(alice, assistant_id)["status"] == "deploying"
    assert app.services.dispatcher.run_due(now=waiting.next_attempt_at) == 1
    assert _seen(alice, assistant_id)["status"] == "active"


def test_a_provider_down_for_good_ends_in_a_french_error_not_deploying(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    _faulty(app, client, ["503"] * outbox.MAX_ATTEMPTS)
    assistant_id = _deploy(alice)
    now = utcnow()
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        waiting = _message(app, alice)
        assert waiting.done_at is None
        assert waiting.next_attempt_at is not None
        now = waiting.next_attempt_at + timedelta(milliseconds=1)
        assert app.services.dispatcher.run_due(now=now) == 1
    seen = _seen(alice, assistant_id)
    assert seen["status"] == "error"
    assert seen["status_reason"] == (
        "Vapi est momentanément indisponible. Abandon après 8 tentatives : "
        "relancez le déploiement quand le service sera rétabli."
    )
    given_up = _message(app, alice)
    assert given_up.done_at is not None and given_up.attempts == outbox.MAX_ATTEMPTS
    page = alice.client.get(f"/assistants/{assistant_id}").text
    assert "momentanément indisponible" in page


def test_backoff_grows_and_is_capped() -> None:
    import random

    rng = random.Random(3)
    waits = [outbox.next_attempt_in(n, None, rng).total_seconds() for n in range(1, 12)]
    for attempts, wait in enumerate(waits, start=1):
        base = min(2**attempts, 900)
        assert base / 2 <= wait <= base
    assert outbox.next_attempt_in(1, 7200, rng) == timedelta(seconds=3600)
    assert outbox.next_attempt_in(10, 1, rng) >= timedelta(seconds=256)


def test_retry_after_values() -> None:
    now = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("Sun, 06 Dec 2026 10:02:00 GMT", now) == 120
    assert retry_after_seconds("Sun, 06 Dec 2026 09:00:00 GMT", now) == 0
    assert retry_after_seconds("bientôt", now) is None
    assert retry_after_seconds(None, now) is None


# --- Twilio: called inside the owner's request, a few quick attempts -------------------------


class FlakyTwilio(HttpClient):  # type: ignore[misc]  # twilio ships no types
    """Twilio's REST API at its HTTP boundary, answering each request kind from a plan."""

    def __init__(self, search: list[Any], buy: list[Any]) -> None:
        super().__init__(logger=logging.getLogger("tests.twilio"), is_async=False)
        self.plans = {"search": search, "buy": buy}
        self.requests: list[str] = []

    def request(self, method: str, uri: str, *args: Any, **kwargs: Any) -> TwilioResponse:
        kind = "search" if "AvailablePhoneNumbers" in uri else "buy"
        self.requests.append(kind)
        step = self.plans[kind].pop(0) if self.plans[kind] else "ok"
        if step == "network":
            raise requests.ConnectionError("connection reset")
        if isinstance(step, tuple):
            status, retry_after = step
            body = json.dumps({"code": 20000 + status, "message": "busy", "status": status})
            return TwilioResponse(status, body, headers={"Retry-After": retry_after})
        if isinstance(step, int):
            body = json.dumps({"code": 20000 + step, "message": "error", "status": step})
            return TwilioResponse(step, body)
        if kind == "search":
            numbers = [{"phone_number": FR_NUMBER, "friendly_name": "04 78 00 00 01"}]
            return TwilioResponse(200, json.dumps({"available_phone_numbers": numbers}))
        return TwilioResponse(
            201, json.dumps({"sid": "PN9", "phone_number": FR_NUMBER, "friendly_name": "x"})
        )


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    recorded: list[float] = []
    monkeypatch.setattr(twilio_provider, "_wait", recorded.append)
    return recorded


def _with_twilio(app: AlloKoliApp, fake: FlakyTwilio) -> None:
    settings = app.services.settings
    settings.twilio_account_sid = "AC" + "0" * 32
    settings.twilio_auth_token = SecretStr("test-token")
    app.services.twilio_http_client = fake


def _deployed(app: AlloKoliApp, client: TestClient, alice: Account) -> str:
    _faulty(app, client, [])  # Vapi: the in-process sandbox, no fault
    assistant_id = _deploy(alice)
    assert _seen(alice, assistant_id)["status"] == "active"
    return assistant_id


def test_twilio_busy_then_back_is_retried_within_the_request(
    app: AlloKoliApp, client: TestClient, alice: Account, waits: list[float]
) -> None:
    assistant_id = _deployed(app, client, alice)
    fake = FlakyTwilio(search=[503, "network"], buy=[(429, "2")])
    _with_twilio(app, fake)
    r = alice.client.post(f"/api/v1/assistants/{assistant_id}/phone-number", headers=alice.auth)
    assert r.status_code == 201, r.text
    assert r.json()["number"] == FR_NUMBER
    assert fake.requests == ["search", "search", "search", "buy", "buy"]
    assert len(waits) == 3
    assert 0.25 <= waits[0] <= 0.5 and 0.5 <= waits[1] <= 1.0  # backoff with jitter
    assert waits[2] >= 2  # Retry-After honoured


def test_twilio_purchase_failing_on_its_side_is_not_repeated(
    app: AlloKoliApp, client: TestClient, alice: Account, waits: list[float]
) -> None:
    assistant_id = _deployed(app, client, alice)
    fake = FlakyTwilio(search=[], buy=[500])
    _with_twilio(app, fake)
    r = alice.client.post(f"/api/v1/assistants/{assistant_id}/phone-number", headers=alice.auth)
    assert r.status_code == 502
    assert r.json()["detail"] == (
        "Twilio est momentanément indisponible : réessayez dans quelques minutes."
    )
    assert fake.requests == ["search", "buy"]  # a purchase that may have happened: once
    assert waits == []


def test_twilio_asking_for_a_long_wait_is_told_to_the_owner_at_once(
    app: AlloKoliApp, client: TestClient, alice: Account, waits: list[float]
) -> None:
    assistant_id = _deployed(app, client, alice)
    fake = FlakyTwilio(search=[(429, "120")], buy=[])
    _with_twilio(app, fake)
    r = alice.client.post(f"/api/v1/assistants/{assistant_id}/phone-number", headers=alice.auth)
    assert r.status_code == 502
    assert "limite le nombre de requêtes" in r.json()["detail"]
    assert fake.requests == ["search"] and waits == []


def test_twilio_down_for_good_gives_up_after_three_attempts(
    app: AlloKoliApp, client: TestClient, alice: Account, waits: list[float]
) -> None:
    assistant_id = _deployed(app, client, alice)
    fake = FlakyTwilio(search=[502, 502, 502, 502], buy=[])
    _with_twilio(app, fake)
    r = alice.client.post(f"/api/v1/assistants/{assistant_id}/phone-number", headers=alice.auth)
    assert r.status_code == 502
    assert "momentanément indisponible" in r.json()["detail"]
    assert fake.requests == ["search"] * twilio_provider.ATTEMPTS
    assert len(waits) == twilio_provider.ATTEMPTS - 1
