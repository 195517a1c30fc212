"""A chat conversation becomes a web call; its end is reported to the assistant's server URL,
authenticated with its credential, after the sandbox's transaction has committed."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import uuid
from typing import Any

import httpx
import pytest
import respx
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import select

from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.sandbox.models import SandboxCall
from allokoli.sandbox.webhooks import auth_headers
from tests.sandbox.conftest import (
    AUTH,
    BASE,
    HOOK,
    Receiver,
    SandboxAccounts,
    SdkTestClient,
    assistant_body,
    post,
)
from tests.vapi_schema import errors, openapi_path


def _credential(api: SdkTestClient, plan: dict[str, Any]) -> str:
    response = post(api, "/credential", {"provider": "webhook", "authenticationPlan": plan})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _assistant(api: SdkTestClient, **overrides: Any) -> str:
    response = post(api, "/assistant", assistant_body(**overrides))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _chat(api: SdkTestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = post(api, "/chat", body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _talk(api: SdkTestClient, assistant_id: str, lines: list[str]) -> list[dict[str, Any]]:
    chats = [_chat(api, {"assistantId": assistant_id, "input": lines[0]})]
    for line in lines[1:]:
        chats.append(_chat(api, {"previousChatId": chats[-1]["id"], "input": line}))
    return chats


MESSAGE_CALL = [
    "Bonjour, je voudrais laisser un message",
    "Paul Martin",
    "06 12 34 56 78",
    "c'est pour un devis mariage",
    "oui",
    "non merci, au revoir",
]


def test_conversation_becomes_a_call_and_is_reported_with_a_valid_hmac(
    api: SdkTestClient, receiver: Receiver
) -> None:
    secret = "whsec-allokoli"
    credential_id = _credential(api, {"type": "hmac", "secretKey": secret, "algorithm": "sha256"})
    assistant_id = _assistant(
        api,
        server={"url": HOOK, "credentialId": credential_id, "headers": {"X-Tenant": "t-42"}},
    )
    chats = _talk(api, assistant_id, MESSAGE_CALL)
    assert chats[-1]["output"][0]["content"] == "Merci de votre appel et à bientôt au Salon Élise !"

    kinds = [(m["type"], m.get("status")) for m in receiver.messages]
    assert kinds == [
        ("status-update", "in-progress"),
        ("status-update", "ended"),
        ("end-of-call-report", None),
    ]
    for headers, body in receiver.requests:
        timestamp = headers["x-timestamp"]
        assert abs(int(timestamp) - time.time()) < 300
        expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
        assert hmac.compare_digest(headers["x-signature"], expected.hexdigest())
        assert headers["x-tenant"] == "t-42"
        assert headers["content-type"] == "application/json"

    report = receiver.messages[-1]
    call = api.get(f"{BASE}/call/{report['call']['id']}", headers=AUTH).json()
    assert call["status"] == "ended" and report["call"]["status"] == "ended"
    assert call["assistantId"] == assistant_id == report["call"]["assistantId"]
    assert report["endedReason"] == call["endedReason"] == "customer-ended-call"
    transcript = report["artifact"]["transcript"]
    assert transcript == call["artifact"]["transcript"]
    assert transcript.startswith("AI: Bonjour, Salon Élise")
    assert "User: Paul Martin\nAI: À quel numéro peut-on vous rappeler ?\n" in transcript
    assert report["analysis"]["structuredData"]["messages"] == [
        {"name": "Paul Martin", "phone": "+33612345678", "reason": "un devis mariage"}
    ]
    assert "Message laissé par Paul Martin (06 12 34 56 78)" in report["analysis"]["summary"]
    assert report["assistant"]["name"] == "Salon Élise"
    assert report["cost"] == 0 and report["startedAt"] <= report["endedAt"]
    # one call for the whole conversation, with every chat pointing at the previous one
    assert len(api.get(f"{BASE}/call", headers=AUTH).json()) == 1
    assert chats[1]["previousChatId"] == chats[0]["id"]


@pytest.mark.skipif(not openapi_path().exists(), reason="shared/vapi/openapi.json missing")
def test_server_messages_match_vapis_schema(api: SdkTestClient, receiver: Receiver) -> None:
    assistant_id = _assistant(api, server={"url": HOOK})
    _talk(api, assistant_id, ["vos horaires ?", "au revoir"])
    status, ended, report = receiver.messages
    assert errors(report, "ServerMessageEndOfCallReport", strict=True) == []
    assert errors(status, "ServerMessageStatusUpdate", strict=True) == []
    assert errors(ended, "ServerMessageStatusUpdate", strict=True) == []
    call = api.get(f"{BASE}/call/{report['call']['id']}", headers=AUTH).json()
    assert errors(call, "Call", strict=True) == []


def test_bearer_credentials(api: SdkTestClient, receiver: Receiver) -> None:
    default = _credential(api, {"type": "bearer", "token": "tok-1"})
    legacy = _credential(
        api,
        {
            "type": "bearer",
            "token": "tok-2",
            "headerName": "X-Vapi-Secret",
            "bearerPrefixEnabled": False,
        },
    )
    for credential_id in (default, legacy):
        assistant_id = _assistant(api, server={"url": HOOK, "credentialId": credential_id})
        _talk(api, assistant_id, ["au revoir"])
    first, second = receiver.requests[0][0], receiver.requests[-1][0]
    assert first["authorization"] == "Bearer tok-1"
    assert second["x-vapi-secret"] == "tok-2" and "authorization" not in second


def test_server_messages_setting_filters_what_is_sent(
    api: SdkTestClient, receiver: Receiver
) -> None:
    assistant_id = _assistant(
        api, server={"url": HOOK}, serverMessages=["end-of-call-report", "transcript"]
    )
    _talk(api, assistant_id, ["bonjour", "au revoir"])
    assert [m["type"] for m in receiver.messages] == ["end-of-call-report"]


def test_no_server_url_means_no_delivery(api: SdkTestClient, receiver: Receiver) -> None:
    assistant_id = _assistant(api)
    _talk(api, assistant_id, ["au revoir"])
    assert receiver.requests == []


def test_delivery_happens_after_the_commit(
    app: AlloKoliApp, api: SdkTestClient, database: Database, sandbox_accounts: SandboxAccounts
) -> None:
    seen: list[str] = []
    hook_app = FastAPI()

    @hook_app.post("/webhooks/vapi/{key}")
    async def hook(request: Request, key: str) -> dict[str, str]:
        message = json.loads(await request.body())["message"]
        with database.unit_of_work(tenant_id=sandbox_accounts.alice) as session:
            row = session.scalars(
                select(SandboxCall).where(SandboxCall.id == uuid.UUID(message["call"]["id"]))
            ).one_or_none()
            seen.append(row.status if row else "missing")
        return {}

    # Starlette's TestClient is an httpx.Client of its own httpx fork: same interface.
    app.services.sandbox_http_client = lambda: TestClient(hook_app)  # type: ignore[assignment]
    assistant_id = _assistant(api, server={"url": HOOK})
    _talk(api, assistant_id, ["bonjour", "au revoir"])
    assert seen == ["in-progress", "ended", "ended"]


def test_failed_delivery_is_logged_and_never_breaks_the_chat(
    app: AlloKoliApp, api: SdkTestClient, caplog: pytest.LogCaptureFixture
) -> None:
    app.services.sandbox_http_client = lambda: httpx.Client(timeout=1)
    assistant_id = _assistant(api, server={"url": HOOK})
    with (
        respx.mock(assert_all_called=True) as mock,
        caplog.at_level(logging.WARNING, logger="allokoli.sandbox"),
    ):
        for outcome in (httpx.ConnectError("refused"), httpx.Response(500)):
            mock.post(HOOK).mock(side_effect=[outcome] * 3)
            chats = _talk(api, assistant_id, ["au revoir"])
            assert chats[0]["output"][0]["content"].startswith("Merci de votre appel")
    logged = [r.getMessage() for r in caplog.records if r.name == "allokoli.sandbox"]
    assert any(HOOK in m and "refused" in m for m in logged)
    assert any(HOOK in m and "500" in m for m in logged)


def test_a_new_chat_after_the_end_starts_a_new_call(api: SdkTestClient) -> None:
    assistant_id = _assistant(api)
    chats = _talk(api, assistant_id, ["au revoir", "bonjour, c'est encore moi"])
    calls = api.get(f"{BASE}/call", headers=AUTH).json()
    assert len(calls) == 2
    newest, oldest = calls
    assert oldest["status"] == "ended" and newest["status"] == "in-progress"
    assert newest["artifact"]["transcript"].endswith(
        f"User: bonjour, c'est encore moi\nAI: {chats[1]['output'][0]['content']}\n"
    )
    assert "analysis" not in newest


def test_transfer_ends_the_call_as_forwarded(api: SdkTestClient, receiver: Receiver) -> None:
    body = assistant_body(server={"url": HOOK})
    body["metadata"]["allokoliProfile"]["transfer_number"] = "+33611223344"
    assistant_id = str(post(api, "/assistant", body).json()["id"])
    _talk(api, assistant_id, ["je veux parler au responsable"])
    report = receiver.messages[-1]
    assert report["endedReason"] == "assistant-forwarded-call"
    assert report["analysis"]["structuredData"]["transferNumber"] == "+33611223344"


def test_hmac_plan_options() -> None:
    body = b'{"message":{}}'
    plan = {
        "type": "hmac",
        "secretKey": "c2VjcmV0",  # base64 of "secret"
        "secretIsBase64": True,
        "algorithm": "sha512",
        "signatureHeader": "X-Sig",
        "timestampHeader": "X-Ts",
        "signaturePrefix": "sha512=",
        "signatureEncoding": "base64",
        "payloadFormat": "{method}:{timestamp}:{body}",
    }
    headers = auth_headers(plan, body, url="https://x.test/h", now=1_700_000_000)
    digest = hmac.new(b"secret", b"POST:1700000000:" + body, hashlib.sha512).digest()
    import base64

    assert headers == {"X-Sig": "sha512=" + base64.b64encode(digest).decode(), "X-Ts": "1700000000"}
    no_ts = auth_headers(
        {"type": "hmac", "secretKey": "s", "algorithm": "sha1", "includeTimestamp": False},
        body,
        url="u",
    )
    assert no_ts == {"x-signature": hmac.new(b"s", body, hashlib.sha1).hexdigest()}


def test_a_shared_client_instance_is_used_and_left_open(
    app: AlloKoliApp, api: SdkTestClient
) -> None:
    shared = httpx.Client(timeout=1)
    app.services.sandbox_http_client = shared
    try:
        with respx.mock(assert_all_called=True) as mock:
            route = mock.post(HOOK).mock(return_value=httpx.Response(204))
            assistant_id = _assistant(api, server={"url": HOOK})
            _talk(api, assistant_id, ["au revoir"])
        assert [json.loads(c.request.content)["message"]["type"] for c in route.calls] == [
            "status-update",
            "status-update",
            "end-of-call-report",
        ]
        assert not shared.is_closed
    finally:
        shared.close()
