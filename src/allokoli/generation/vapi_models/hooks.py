"""Hooks: what the assistant says or does on a silent caller, and when the call ends."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from allokoli.generation.vapi_models.base import Number, Str1000, VapiModel
from allokoli.generation.vapi_models.tools import Tool

__all__ = [
    "CallHookCallEnding",
    "CallHookCustomerSpeechTimeout",
    "CallHookFilter",
    "CustomerSpeechTimeoutOptions",
    "Hook",
    "HookAction",
    "SayHookAction",
    "ToolCallHookAction",
]


class SayHookAction(VapiModel):
    type: Literal["say"]
    exact: str | list[str] | None = None
    prompt: str | None = None


class ToolCallHookAction(VapiModel):
    type: Literal["tool"]
    tool: Tool | None = None
    tool_id: str | None = None


HookAction = Annotated[SayHookAction | ToolCallHookAction, Field(discriminator="type")]


class CustomerSpeechTimeoutOptions(VapiModel):
    timeout_seconds: Annotated[Number, Field(ge=1, le=1000)]
    trigger_max_count: Annotated[Number, Field(ge=1, le=10)] | None = None
    trigger_reset_mode: Literal["onUserSpeech", "never"] | None = None


class CallHookCustomerSpeechTimeout(VapiModel):
    on: Literal["customer.speech.timeout"]
    do: list[HookAction]
    options: CustomerSpeechTimeoutOptions | None = None
    name: Str1000 | None = None


class CallHookFilter(VapiModel):
    type: Literal["oneOf"]
    key: Str1000
    one_of: list[Str1000]


class CallHookCallEnding(VapiModel):
    on: Literal["call.ending"]
    do: list[ToolCallHookAction]
    filters: list[CallHookFilter] | None = None


Hook = Annotated[CallHookCallEnding | CallHookCustomerSpeechTimeout, Field(discriminator="on")]
