"""Every server message the sandbox sends is built from `contracts.vapi_messages` and is what
Vapi's contract says: the whole envelope validates against `ServerMessage`, each message against
its own schema, and the webhook handler's models read it back unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest

from allokoli.contracts.vapi_messages import (
    EndOfCallReport,
    ServerMessage,
    StatusUpdate,
    read_message,
)
from tests.sandbox.conftest import HOOK, Receiver, SdkTestClient, assistant_body, post
from tests.sandbox.test_calls_webhooks import MESSAGE_CALL
from tests.vapi_schema import errors, openapi_path

SCHEMAS = {
    "status-update": ("ServerMessageStatusUpdate", StatusUpdate),
    "end-of-call-report": ("ServerMessageEndOfCallReport", EndOfCallReport),
}


def _talk(api: SdkTestClient, assistant_id: str, lines: list[str]) -> None:
    previous: str | None = None
    for line in lines:
        body: dict[str, Any] = {"input": line}
        body |= {"previousChatId": previous} if previous else {"assistantId": assistant_id}
        response = post(api, "/chat", body)
        assert response.status_code == 201, response.text
        previous = str(response.json()["id"])


@pytest.mark.skipif(not openapi_path().exists(), reason="shared/vapi/openapi.json missing")
def test_every_message_the_sandbox_sends_is_vapis(api: SdkTestClient, receiver: Receiver) -> None:
    plain = post(api, "/assistant", assistant_body(server={"url": HOOK})).json()["id"]
    _talk(api, plain, ["vos horaires ?", "au revoir"])
    _talk(api, plain, MESSAGE_CALL)
    forwarding = assistant_body(server={"url": HOOK})
    forwarding["metadata"]["allokoliProfile"]["transfer_number"] = "+33611223344"
    forwarded = post(api, "/assistant", forwarding).json()["id"]
    _talk(api, forwarded, ["je veux parler au responsable"])

    bodies = [json.loads(raw) for _, raw in receiver.requests]
    kinds = [b["message"]["type"] for b in bodies]
    assert set(kinds) == set(SCHEMAS) and kinds.count("end-of-call-report") == 3
    for body in bodies:
        component, model = SCHEMAS[body["message"]["type"]]
        assert errors(body, "ServerMessage") == []
        assert errors(body["message"], component, strict=True) == []
        # What the webhook handler reads is what was sent: the same class, the same JSON.
        message = read_message(body["message"])
        assert type(message) is model
        assert ServerMessage(message=message).wire() == body
