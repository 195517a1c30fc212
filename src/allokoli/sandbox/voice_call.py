"""A sandbox web call that plays an assistant whose function tools relay what the caller says.

Offline stand-in for Vapi on the configurator's voice channel: given the assistant (a
`CreateAssistantDTO` as JSON) and the call's `assistantOverrides`, each typed (or transcribed)
caller line becomes a `tool-calls` server message, built as Vapi builds it (the call with its
overrides, `toolCallList` and `toolWithToolCallList`, a fresh tool-call id), sent to the tool's
`server.url`; the tool's result is what the assistant says, returned as text. The relaying
tool is the one whose parameters require `text`; the assistant's LLM is not simulated: a relay
prompt only forwards, which this does. Deliveries are signed with the assistant's credential
when one is given (`x-vapi-secret`), as Vapi does for a server with a bearer credential, and
carry the server's `headers` as Vapi sends them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from allokoli.sandbox.errors import VapiBadRequest


class NoRelayTool(VapiBadRequest):
    def __init__(self) -> None:
        super().__init__(["assistant has no function tool whose parameters require `text`"])


def _relay_tool(assistant: dict[str, Any]) -> dict[str, Any]:
    for tool in (assistant.get("model") or {}).get("tools") or []:
        params = ((tool.get("function") or {}).get("parameters")) or {}
        if tool.get("type") == "function" and "text" in (params.get("required") or []):
            return dict(tool)
    raise NoRelayTool()


@dataclass
class SandboxVoiceCall:
    """One simulated web call: `say(line)` → what the assistant answers."""

    client: httpx.Client
    assistant: dict[str, Any]
    overrides: dict[str, Any]
    secret: str | None = None
    call_id: str = field(default_factory=lambda: f"sandbox-{uuid.uuid4()}")
    transcript: list[tuple[str, str]] = field(default_factory=list)

    @property
    def first_message(self) -> str:
        return str(self.assistant.get("firstMessage") or "")

    def say(self, line: str) -> str:
        tool = _relay_tool(self.assistant)
        return self.call_tool(str(tool["function"]["name"]), {"text": line}, said=line)

    def call_tool(self, name: str, arguments: dict[str, Any], *, said: str = "") -> str:
        tool = next(
            t
            for t in (self.assistant.get("model") or {}).get("tools") or []
            if (t.get("function") or {}).get("name") == name
        )
        server = tool.get("server") or self.assistant.get("server") or {}
        url = str(server.get("url"))
        call = {
            "id": uuid.uuid4().hex,
            "type": "function",
            "function": {"name": name, "arguments": arguments},
        }
        message = {
            "type": "tool-calls",
            "call": {
                "id": self.call_id,
                "type": "webCall",
                "assistantOverrides": self.overrides,
            },
            "assistant": {
                "name": self.assistant.get("name"),
                "metadata": self.overrides.get("metadata"),
            },
            "toolCallList": [call],
            "toolWithToolCallList": [
                {"type": "function", "function": tool.get("function"), "toolCall": call}
            ],
        }
        # Vapi sends the server's `headers` with each request (our webhook credential).
        headers = {str(k): str(v) for k, v in (server.get("headers") or {}).items()}
        if self.secret:
            headers["x-vapi-secret"] = self.secret
        response = self.client.post(url, json={"message": message}, headers=headers)
        response.raise_for_status()
        results = response.json().get("results") or []
        answer = str(results[0].get("result") or results[0].get("error") or "") if results else ""
        self.transcript.append((said, answer))
        return answer
