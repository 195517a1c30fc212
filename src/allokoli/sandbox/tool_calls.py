"""Function tools the sandbox's receptionist calls during a chat, as Vapi calls them: a
`tool-calls` server message (the call, the assistant without its secrets, `toolCallList` and
`toolWithToolCallList` with a fresh tool-call id) POSTed to the tool's `server.url` (else the
assistant's), signed like the sandbox's other deliveries (`webhooks.auth_headers` with the
credential's plan, and the server's `headers`). The answer is Vapi's `results`: the first
result's `result` (or `error`) is what the assistant reads out.

That URL is always the organisation's own AlloKoli webhook (checked by the service). The call is
made before the sandbox's transaction writes anything: the webhook runs the tool in a
transaction of its own, which on SQLite must be able to take the write lock.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import ValidationError

from allokoli.contracts.vapi_messages import (
    AssistantRef,
    CallRef,
    ServerMessage,
    ToolCall,
    ToolCallFunction,
    ToolCalls,
    ToolCallsResponse,
)
from allokoli.kit import outbound
from allokoli.sandbox.webhooks import HttpClientSource, auth_headers, encode

log = logging.getLogger("allokoli.sandbox")

#: Vapi waits 20 s for a tool's server by default; our webhook answers within 2 s.
TOOL_POLICY = outbound.OutboundPolicy(max_bytes=64 * 1024, timeout=20)
UNREACHABLE = (
    "Je n'arrive pas à consulter le planning pour le moment ; je peux prendre un message pour "
    "que l'on vous rappelle."
)


@dataclass(frozen=True)
class ToolTarget:
    """Where and how one tool is called."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    plan: dict[str, Any] | None = None


@dataclass(frozen=True)
class ToolAnswer:
    text: str
    ok: bool


def message(
    name: str,
    arguments: dict[str, Any],
    function: dict[str, Any] | None,
    call: dict[str, Any],
    assistant: dict[str, Any],
) -> tuple[str, ServerMessage]:
    """(tool-call id, the `tool-calls` message) for one call of `name`."""
    call_id = f"call_{uuid.uuid4().hex[:24]}"
    tool_call = ToolCall(
        id=call_id, type="function", function=ToolCallFunction(name=name, arguments=arguments)
    )
    payload = ToolCalls.model_validate(
        {
            "type": "tool-calls",
            "call": CallRef.model_validate(call).wire(),
            "assistant": AssistantRef.model_validate(assistant).wire(),
            "toolCallList": [tool_call.wire()],
            "toolWithToolCallList": [
                {
                    "type": "function",
                    "function": function or {"name": name},
                    "toolCall": tool_call.wire(),
                }
            ],
        }
    )
    return call_id, ServerMessage(message=payload)


def call_tool(
    source: HttpClientSource, target: ToolTarget, server_message: ServerMessage
) -> ToolAnswer:
    """POST the message and read the tool's answer; never raises (a failure is an answer the
    assistant can say)."""
    body = encode(server_message.wire())
    headers = {"content-type": "application/json", **target.headers}
    headers.update(auth_headers(target.plan, body, url=target.url))
    try:
        if callable(source) and not hasattr(source, "post"):
            with source() as client:
                response = _send(client, target, body, headers)
        else:
            response = _send(source, target, body, headers)  # type: ignore[arg-type]
    except (httpx.HTTPError, outbound.OutboundRefused) as exc:
        log.warning("sandbox tool call to %s failed: %s", target.url, exc)
        return ToolAnswer(UNREACHABLE, ok=False)
    if response.status_code >= 300:
        log.warning("sandbox tool call to %s answered %s", target.url, response.status_code)
        return ToolAnswer(UNREACHABLE, ok=False)
    try:
        answer = ToolCallsResponse.model_validate(json.loads(response.content))
    except (ValueError, ValidationError):
        return ToolAnswer(UNREACHABLE, ok=False)
    if not answer.results:
        return ToolAnswer(UNREACHABLE, ok=False)
    first = answer.results[0]
    if first.error:
        return ToolAnswer(first.error, ok=False)
    return ToolAnswer(first.result or "", ok=True)


def _send(
    client: httpx.Client, target: ToolTarget, body: bytes, headers: dict[str, str]
) -> httpx.Response:
    request = client.build_request("POST", target.url, content=body, headers=headers)
    return outbound.send(client, request, TOOL_POLICY)
