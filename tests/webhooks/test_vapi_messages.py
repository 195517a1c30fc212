"""The typed Vapi messages against Vapi's contract: what we answer to tool calls is a
`ServerMessageResponseToolCalls`; each model we build is its schema; a message of a type we do
not process is stored and answered, never refused; fields we do not use survive a round trip."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from allokoli.contracts.vapi_messages import (
    AssistantRequest,
    AssistantRequestResponse,
    EndOfCallReport,
    Hang,
    OtherMessage,
    ServerMessage,
    StatusUpdate,
    ToolCall,
    ToolCallFunction,
    ToolCallResult,
    ToolCalls,
    ToolCallsResponse,
    TransferUpdate,
    VapiModel,
    read_message,
)
from allokoli.db.session import Database
from allokoli.models import WebhookEvent
from tests.vapi_schema import errors, openapi_path
from tests.webhooks.conftest import Hook, call_payload

needs_schema = pytest.mark.skipif(
    not openapi_path().exists(), reason="shared/vapi/openapi.json missing"
)

_TOOL_CALL = ToolCall(
    id="t1", type="function", function=ToolCallFunction(name="take_message", arguments="{}")
)
# Built without `call`: Vapi's `Call` requires fields (orgId, createdAt…) tests need not carry.
BUILT: list[tuple[VapiModel, str]] = [
    (StatusUpdate(status="ringing", timestamp=1), "ServerMessageStatusUpdate"),
    (
        EndOfCallReport.model_validate(
            {
                "endedReason": "customer-ended-call",
                "artifact": {"transcript": "AI: Bonjour", "messages": []},
                "analysis": {"summary": "Appel court.", "structuredData": {"topics": []}},
                "cost": 0.25,
                "startedAt": "2026-11-24T10:00:00.000Z",
                "endedAt": "2026-11-24T10:02:30.000Z",
            }
        ),
        "ServerMessageEndOfCallReport",
    ),
    (
        ToolCalls(tool_call_list=[_TOOL_CALL], tool_with_tool_call_list=[]),
        "ServerMessageToolCalls",
    ),
    (
        TransferUpdate(destination={"type": "number", "number": "+33611223344"}),
        "ServerMessageTransferUpdate",
    ),
    (Hang(timestamp=3), "ServerMessageHang"),
    (AssistantRequest(timestamp=4), "ServerMessageAssistantRequest"),
    (
        ToolCallsResponse(
            results=[
                ToolCallResult(tool_call_id="t1", name="take_message", result="C'est noté."),
                ToolCallResult(tool_call_id="t2", name="unknown", error="Impossible."),
            ]
        ),
        "ServerMessageResponseToolCalls",
    ),
    (AssistantRequestResponse(assistant_id="asst-1"), "ServerMessageResponseAssistantRequest"),
    (
        AssistantRequestResponse(error="Nous sommes fermés."),
        "ServerMessageResponseAssistantRequest",
    ),
]


@needs_schema
@pytest.mark.parametrize(("model", "component"), BUILT, ids=[c for _, c in BUILT])
def test_each_model_is_its_vapi_schema(model: VapiModel, component: str) -> None:
    assert errors(model.wire(), component, strict=True) == []


def test_messages_read_by_type_and_keep_what_we_do_not_use() -> None:
    body: dict[str, Any] = {
        "type": "end-of-call-report",
        "call": {"id": 42, "orgId": "o", "monitor": {"listenUrl": None}},
        "assistant": {"id": "a", "voice": {"provider": "azure", "voiceId": "fr-FR-DeniseNeural"}},
        "artifact": {"transcript": "AI: Bonjour", "performanceMetrics": {"turns": 3}},
        "analysis": {"summary": 7, "successEvaluation": "true"},
        "cost": "not a number",
        "compliance": {"recordingConsent": True},
        "timestamp": 1733350000000,
    }
    message = read_message(body)
    assert isinstance(message, EndOfCallReport)
    assert message.call_id == "42"  # an id read as text, as the inbox stores it
    assert message.cost is None  # unusable: ignored, not refused
    assert message.timestamp == 1733350000000 and isinstance(message.timestamp, int)
    dumped = ServerMessage(message=message).wire()["message"]
    assert dumped["compliance"] == body["compliance"]
    assert dumped["assistant"]["voice"] == body["assistant"]["voice"]
    assert dumped["artifact"]["performanceMetrics"] == {"turns": 3}
    assert dumped["call"]["monitor"] == {"listenUrl": None}  # nulls we did not read stay

    other = read_message({"type": "speech-update", "status": "started", "role": "user"})
    assert isinstance(other, OtherMessage) and other.type == "speech-update"
    assert other.model_extra == {"status": "started", "role": "user"}


@needs_schema
def test_tool_call_answers_are_vapis(hook: Hook) -> None:
    message = {
        "type": "tool-calls",
        "call": call_payload(hook),
        "toolCallList": [
            {"id": "t1", "type": "function", "function": {"name": "nope", "arguments": "{}"}},
            {
                "id": "t2",
                "type": "function",
                "function": {"name": "check_opening_hours", "arguments": '{"date": "2026-11-30"}'},
            },
        ],
        "toolWithToolCallList": [],
        "timestamp": 1,
    }
    assert errors({k: v for k, v in message.items() if k != "call"}, "ServerMessageToolCalls") == []
    r = hook.post(message)
    assert r.status_code == 200
    assert errors(r.json(), "ServerMessageResponseToolCalls", strict=True) == []
    results = r.json()["results"]
    assert [(x["toolCallId"], x["name"]) for x in results] == [
        ("t1", "nope"),
        ("t2", "check_opening_hours"),
    ]
    assert "error" in results[0] and "result" in results[1]


def test_a_type_we_do_not_process_is_stored(hook: Hook, database: Database) -> None:
    call = call_payload(hook)
    message = {"type": "conversation-update", "call": call, "timestamp": 5, "messages": []}
    assert hook.post(message).json() == {"status": "stored"}
    assert hook.post(message).json() == {"status": "duplicate"}
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        (event,) = s.scalars(select(WebhookEvent)).all()
    assert (event.type, event.dedupe_key) == (
        "conversation-update",
        f"conversation-update:{call['id']}:5",
    )
    assert event.payload == message and event.error is None
