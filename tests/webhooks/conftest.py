from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.http.deps import AlloKoliApp
from allokoli.models import Organization
from allokoli.webhooks.auth import sign
from tests.assistants.conftest import create, deploy
from tests.conftest import Account


@dataclass
class Hook:
    client: TestClient
    url: str
    secret: str
    provider_assistant_id: str
    assistant_id: str
    org_id: uuid.UUID

    def post(
        self, message: dict[str, Any], *, mode: str = "hmac", headers: dict[str, str] | None = None
    ) -> Any:
        body = json.dumps({"message": message}).encode()
        extra: dict[str, str] = {"content-type": "application/json"}
        if mode == "hmac":
            extra |= sign(body, self.secret, int(time.time()))
        elif mode == "secret":
            extra["X-Vapi-Secret"] = self.secret
        extra |= headers or {}
        return self.client.post(self.url, content=body, headers=extra)


def hook_for(app: AlloKoliApp, acc: Account, assistant_id: str) -> Hook:
    """A signed sender to the account's webhook URL, for an already deployed assistant."""
    provider_id = acc.client.get(f"/api/v1/assistants/{assistant_id}", headers=acc.auth).json()[
        "provider_id"
    ]
    with app.services.db.unit_of_work() as s:
        org = s.get(Organization, acc.org_id)
        assert org is not None
        url = f"/webhooks/vapi/{org.webhook_key}"
        secret = webhook_secret(app.services.settings, org)
    return Hook(acc.client, url, secret, provider_id, assistant_id, acc.org_id)


@pytest.fixture
def hook(app: AlloKoliApp, client: TestClient, alice: Account, database: Any) -> Hook:
    assistant = create(alice)
    deploy(app, alice, assistant["id"])
    return hook_for(app, alice, assistant["id"])


def call_payload(hook: Hook, call_id: str | None = None) -> dict[str, Any]:
    return {
        "id": call_id or str(uuid.uuid4()),
        "assistantId": hook.provider_assistant_id,
        "type": "inboundPhoneCall",
        "customer": {"number": "+33612345678"},
    }


def status_update(hook: Hook, call: dict[str, Any], status: str, ts: int = 1) -> dict[str, Any]:
    return {"type": "status-update", "status": status, "call": call, "timestamp": ts}


def end_of_call(hook: Hook, call: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "end-of-call-report",
        "endedReason": "customer-ended-call",
        "call": call,
        "startedAt": "2026-11-24T10:00:00.000Z",
        "endedAt": "2026-11-24T10:02:30.000Z",
        "cost": 0.25,
        "customer": {"number": "+33612345678"},
        "artifact": {
            "transcript": "AI: Bonjour, Pizzeria Da Marco.\nUser: Vous êtes ouverts lundi ?",
            "messages": [
                {"role": "bot", "message": "Bonjour"},
                {"role": "user", "message": "Vous êtes ouverts lundi ?"},
            ],
            "recordingUrl": "https://storage.example/rec.mp3",
        },
        "analysis": {"summary": "Le client demande si la pizzeria est ouverte le lundi."},
        "timestamp": 5,
        **extra,
    }


Poster = Callable[..., Any]
