"""Helpers to put calls and messages into an organisation through its real webhook."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.http.deps import AlloKoliApp
from allokoli.models import Organization
from allokoli.providers.vapi import METADATA_KEY
from allokoli.webhooks.auth import sign
from tests.conftest import Account

TRANSCRIPT = (
    "AI: Bonjour, Pizzeria Da Marco, je suis l'assistant virtuel. Que puis-je pour vous ?\n"
    "User: Bonjour, je voudrais réserver une table pour quatre personnes samedi soir.\n"
    "AI: C'est noté, je transmets votre demande de réservation.\n"
)


@dataclass
class OrgHook:
    app: AlloKoliApp
    acc: Account
    url: str
    secret: str
    org_id: uuid.UUID

    def post(self, message: dict[str, Any]) -> Any:
        body = json.dumps({"message": message}).encode()
        headers = {"content-type": "application/json", **sign(body, self.secret, int(time.time()))}
        r = self.acc.client.post(self.url, content=body, headers=headers)
        assert r.status_code == 200, r.text
        return r.json()

    def report(
        self,
        *,
        call_id: str | None = None,
        started: datetime | None = None,
        seconds: int = 150,
        transcript: str = TRANSCRIPT,
        summary: str = "Le client demande une réservation pour quatre personnes samedi soir.",
        caller: str | None = "+33612345678",
        reason: str = "customer-ended-call",
        cost: float = 0.25,
        assistant_id: str | None = None,
        structured: dict[str, Any] | None = None,
        recording: str | None = None,
    ) -> str:
        """Post an end-of-call-report; returns the provider call id."""
        call_id = call_id or f"call-{uuid.uuid4()}"
        started = started or datetime.now(UTC) - timedelta(minutes=10)
        message: dict[str, Any] = {
            "type": "end-of-call-report",
            "endedReason": reason,
            "call": {"id": call_id, "type": "inboundPhoneCall"},
            "startedAt": started.isoformat().replace("+00:00", "Z"),
            "endedAt": (started + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z"),
            "cost": cost,
            "artifact": {"transcript": transcript},
            "analysis": {"summary": summary, "structuredData": structured or {}},
            "timestamp": int(started.timestamp() * 1000),
        }
        if caller:
            message["customer"] = {"number": caller}
        if recording:
            message["artifact"]["recordingUrl"] = recording
        if assistant_id:
            message["assistant"] = {"metadata": {METADATA_KEY: assistant_id}}
        self.post(message)
        return call_id

    def take_message(
        self, call_id: str, *, name: str = "Jean Dupont", number: str = "06 11 22 33 44"
    ) -> None:
        self.post(
            {
                "type": "tool-calls",
                "call": {"id": call_id},
                "toolCallList": [
                    {
                        "id": f"tc-{uuid.uuid4()}",
                        "function": {
                            "name": "take_message",
                            "arguments": {
                                "nom_appelant": name,
                                "telephone_rappel": number,
                                "motif": "rappel",
                                "message": "Merci de me rappeler pour un devis.",
                            },
                        },
                    }
                ],
            }
        )


def org_hook(app: AlloKoliApp, acc: Account) -> OrgHook:
    with app.services.db.unit_of_work() as s:
        org = s.scalars(select(Organization).where(Organization.name == acc.org_name)).one()
        return OrgHook(
            app,
            acc,
            f"/webhooks/vapi/{org.webhook_key}",
            webhook_secret(app.services.settings, org),
            org.id,
        )


@pytest.fixture
def alice_hook(app: AlloKoliApp, alice: Account) -> OrgHook:
    return org_hook(app, alice)


def call_id_of(acc: Account, provider_call_id: str) -> str:
    r = acc.client.get("/api/v1/calls", params={"limit": 200}, headers=acc.auth)
    assert r.status_code == 200, r.text
    for item in r.json()["items"]:
        if item["provider_call_id"] == provider_call_id:
            return str(item["id"])
    raise AssertionError(f"call {provider_call_id} not listed")
