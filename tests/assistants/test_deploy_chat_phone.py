"""Deploy through the official Vapi SDK to the sandbox in-process, test chat, phone numbers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from allokoli.http.deps import AlloKoliApp
from allokoli.kit.clock import utcnow
from allokoli.providers.vapi import METADATA_KEY
from tests.assistants.conftest import deploy
from tests.conftest import Account, InProcessTransport, sandbox_auth


class FaultyTransport(httpx.BaseTransport):
    """Fault injection at the HTTP boundary, in front of the in-process sandbox."""

    def __init__(self, inner: httpx.BaseTransport, plan: list[str]) -> None:
        self.inner = inner
        self.plan = plan
        self.creates = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/sandbox/vapi/assistant"):
            self.creates += 1
            action = self.plan.pop(0) if self.plan else "ok"
            if action == "503":
                return httpx.Response(
                    503, json={"message": "Service Unavailable", "statusCode": 503}
                )
            if action == "400":
                return httpx.Response(
                    400,
                    json={
                        "message": ["voice must be valid"],
                        "error": "Bad Request",
                        "statusCode": 400,
                    },
                )
            if action == "connect-timeout":
                raise httpx.ConnectTimeout("timed out", request=request)
            if action == "timeout-after-create":
                self.inner.handle_request(request).read()
                raise httpx.ReadTimeout("timed out", request=request)
        return self.inner.handle_request(request)


def _faulty(app: AlloKoliApp, client: TestClient, plan: list[str]) -> FaultyTransport:
    transport = FaultyTransport(InProcessTransport(client), plan)
    app.services.vapi_http_client = httpx.Client(transport=transport, base_url="http://testserver")
    return transport


def _sandbox_assistants(client: TestClient, owner: Account, our_id: str) -> list[dict[str, Any]]:
    auth = sandbox_auth(client.app, owner.org_id)  # type: ignore[arg-type]
    r = client.get("/sandbox/vapi/assistant", headers=auth)
    assert r.status_code == 200
    return [a for a in r.json() if (a.get("metadata") or {}).get(METADATA_KEY) == our_id]


def test_deploy_creates_on_sandbox_with_webhook_and_metadata(
    app: AlloKoliApp, client: TestClient, alice: Account, pizzeria: dict[str, Any]
) -> None:
    got = deploy(app, alice, pizzeria["id"])
    assert got["status"] == "active", got["status_reason"]
    assert got["provider_id"] and got["deployed_version"] == 1
    remote = _sandbox_assistants(client, alice, pizzeria["id"])
    assert len(remote) == 1
    server = remote[0]["server"]
    assert server["url"].endswith("/webhooks/vapi/" + server["url"].rsplit("/", 1)[1])
    assert server["headers"]["X-Vapi-Secret"]
    assert remote[0]["metadata"]["allokoliProfile"]["company_name"] == "Pizzeria Da Marco"
    # An edit of an active assistant is pushed again (update, not a second create).
    alice.client.patch(
        f"/api/v1/assistants/{pizzeria['id']}",
        json={
            "first_message": "Bonjour, ici Da Marco, je suis l'assistante vocale automatique de la pizzeria."
        },
        headers=alice.auth,
    )
    app.services.dispatcher.run_due()
    remote = _sandbox_assistants(client, alice, pizzeria["id"])
    assert len(remote) == 1
    assert remote[0]["firstMessage"].startswith("Bonjour, ici Da Marco")


@pytest.mark.parametrize(
    "plan",
    [
        ["503", "503"],
        ["connect-timeout"],
        ["timeout-after-create"],
        ["timeout-after-create", "503"],
    ],
)
def test_retries_end_with_exactly_one_assistant(
    plan: list[str], app: AlloKoliApp, client: TestClient, alice: Account, pizzeria: dict[str, Any]
) -> None:
    _faulty(app, client, list(plan))
    alice.client.post(f"/api/v1/assistants/{pizzeria['id']}/deploy", headers=alice.auth)
    now = utcnow()
    for step in range(6):
        app.services.dispatcher.run_due(now=now + timedelta(minutes=20 * step))
    got = alice.client.get(f"/api/v1/assistants/{pizzeria['id']}", headers=alice.auth).json()
    assert got["status"] == "active", got["status_reason"]
    assert len(_sandbox_assistants(client, alice, pizzeria["id"])) == 1


def test_retry_waits_for_backoff_and_shows_reason(
    app: AlloKoliApp, client: TestClient, alice: Account, pizzeria: dict[str, Any]
) -> None:
    _faulty(app, client, ["503", "503"])
    alice.client.post(f"/api/v1/assistants/{pizzeria['id']}/deploy", headers=alice.auth)
    app.services.dispatcher.run_due()
    got = alice.client.get(f"/api/v1/assistants/{pizzeria['id']}", headers=alice.auth).json()
    assert got["status"] == "deploying"
    assert "indisponible" in got["status_reason"]
    assert app.services.dispatcher.run_due() == 0  # not due yet: exponential backoff


def test_rejected_config_is_an_error_with_french_reason(
    app: AlloKoliApp, client: TestClient, alice: Account, pizzeria: dict[str, Any]
) -> None:
    _faulty(app, client, ["400"])
    got = deploy(app, alice, pizzeria["id"])
    assert got["status"] == "error"
    assert "Vapi a refusé la configuration" in got["status_reason"]


def test_chat_answers_from_the_facts(
    app: AlloKoliApp, alice: Account, pizzeria: dict[str, Any]
) -> None:
    deploy(app, alice, pizzeria["id"])
    r = alice.client.post(
        f"/api/v1/assistants/{pizzeria['id']}/chat",
        json={"text": "Bonjour, vous êtes ouverts le lundi ?"},
        headers=alice.auth,
    )
    assert r.status_code == 200, r.text
    first = r.json()
    assert first["chat_id"] and "ferm" in first["reply"].lower()
    r = alice.client.post(
        f"/api/v1/assistants/{pizzeria['id']}/chat",
        json={"text": "Et le samedi soir ?", "chat_id": first["chat_id"]},
        headers=alice.auth,
    )
    assert r.status_code == 200 and r.json()["reply"]


def test_draft_can_be_tested_inline(alice: Account, pizzeria: dict[str, Any]) -> None:
    r = alice.client.post(
        f"/api/v1/assistants/{pizzeria['id']}/chat",
        json={"text": "Vous êtes ouverts dimanche ?"},
        headers=alice.auth,
    )
    assert r.status_code == 200, r.text
    assert r.json()["reply"]


def test_demo_phone_number_with_qr(
    app: AlloKoliApp, alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    r = alice.client.post(f"/api/v1/assistants/{aid}/phone-number", headers=alice.auth)
    assert r.status_code == 409
    assert "Déployer" in r.json()["detail"]
    deploy(app, alice, aid)
    r = alice.client.post(f"/api/v1/assistants/{aid}/phone-number", headers=alice.auth)
    assert r.status_code == 201, r.text
    phone = r.json()
    assert phone["is_demo"] and phone["number"].startswith("+3319900")
    assert phone["display"].startswith("01 99 00")
    assert (
        alice.client.post(f"/api/v1/assistants/{aid}/phone-number", headers=alice.auth).status_code
        == 409
    )
    page = alice.client.get(f"/assistants/{aid}").text
    assert (
        f'href="tel:{phone["number"]}"' in page
        and "<svg" in page
        and "numéro de démonstration" in page
    )
    r = alice.client.delete(f"/api/v1/assistants/{aid}/phone-number", headers=alice.auth)
    assert r.status_code == 200 and r.json()["status"] == "released"
    assert (
        alice.client.delete(
            f"/api/v1/assistants/{aid}/phone-number", headers=alice.auth
        ).status_code
        == 404
    )


def test_html_deploy_and_test_chat(
    app: AlloKoliApp, alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    r = alice.client.post(
        f"/assistants/{aid}/deploy", data={"csrf_token": alice.csrf}, headers={"HX-Request": "true"}
    )
    assert r.status_code == 200 and "Mise en service" in r.text
    app.services.dispatcher.run_due()
    assert "En service" in alice.client.get(f"/assistants/{aid}/status").text
    r = alice.client.post(
        f"/assistants/{aid}/test",
        data={"csrf_token": alice.csrf, "text": "Quelle est votre adresse ?"},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and 'class="bubble bot"' in r.text
    r = alice.client.post(
        f"/assistants/{aid}/phone-number",
        data={"csrf_token": alice.csrf},
        headers={"HX-Request": "true"},
    )
    assert "01 99 00" in r.text
