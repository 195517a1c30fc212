"""Tools: functions called on our server, call transfers and the end of the call."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field

from allokoli.generation.vapi_models.base import Number, Str1000, StrictBool, VapiModel
from allokoli.generation.vapi_models.enums import TransferMode

__all__ = [
    "FUNCTION_NAME_RE",
    "Condition",
    "CreateEndCallToolDTO",
    "CreateFunctionToolDTO",
    "CreateTransferCallToolDTO",
    "CustomMessage",
    "JsonSchema",
    "OpenAIFunction",
    "OpenAIFunctionParameters",
    "Server",
    "SummaryPlan",
    "Tool",
    "ToolMessage",
    "ToolMessageComplete",
    "ToolMessageDelayed",
    "ToolMessageFailed",
    "ToolMessageStart",
    "TransferDestinationNumber",
    "TransferFallbackPlan",
    "TransferPlan",
]


class Condition(VapiModel):
    operator: Literal["eq", "neq", "gt", "gte", "lt", "lte"]
    param: Str1000
    value: Str1000


class ToolMessageStart(VapiModel):
    type: Literal["request-start"]
    content: Str1000 | None = None
    blocking: StrictBool | None = None
    conditions: list[Condition] | None = None


class ToolMessageDelayed(VapiModel):
    type: Literal["request-response-delayed"]
    content: Str1000 | None = None
    timing_milliseconds: Annotated[Number, Field(ge=100, le=120_000)] | None = None
    conditions: list[Condition] | None = None


class ToolMessageFailed(VapiModel):
    type: Literal["request-failed"]
    content: Str1000 | None = None
    role: Literal["assistant", "system"] | None = None
    end_call_after_spoken_enabled: StrictBool | None = None
    conditions: list[Condition] | None = None


class ToolMessageComplete(VapiModel):
    type: Literal["request-complete"]
    content: Str1000 | None = None
    role: Literal["assistant", "system"] | None = None
    end_call_after_spoken_enabled: StrictBool | None = None
    conditions: list[Condition] | None = None


ToolMessage = Annotated[
    ToolMessageStart | ToolMessageComplete | ToolMessageFailed | ToolMessageDelayed,
    Field(discriminator="type"),
]


class Server(VapiModel):
    """Where Vapi sends webhooks or tool calls; authenticated through `credential_id`."""

    url: str | None = None
    timeout_seconds: Annotated[Number, Field(ge=1, le=300)] | None = None
    credential_id: str | None = None
    headers: dict[str, Any] | None = None
    static_ip_addresses_enabled: StrictBool | None = None


class JsonSchema(VapiModel):
    """The JSON-schema subset Vapi accepts for tool parameters and structured outputs."""

    type: Literal["string", "number", "integer", "boolean", "array", "object"]
    items: JsonSchema | None = None
    properties: dict[str, JsonSchema] | None = None
    description: str | None = None
    pattern: str | None = None
    format: (
        Literal[
            "date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"
        ]
        | None
    ) = None
    required: list[str] | None = None
    enum: list[str] | None = None
    title: str | None = None


class OpenAIFunctionParameters(VapiModel):
    type: Literal["object"]
    properties: dict[str, JsonSchema]
    required: list[str] | None = None


FUNCTION_NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


class OpenAIFunction(VapiModel):
    name: Annotated[str, Field(max_length=64, pattern=FUNCTION_NAME_RE.pattern)]
    strict: StrictBool | None = None
    description: str | None = None
    parameters: OpenAIFunctionParameters | None = None


class CreateFunctionToolDTO(VapiModel):
    type: Literal["function"]
    messages: list[ToolMessage] | None = None
    async_: StrictBool | None = Field(default=None, alias="async")
    server: Server | None = None
    function: OpenAIFunction | None = None


class CustomMessage(VapiModel):
    type: Literal["custom-message"]
    content: Str1000 | None = None


class SummaryPlan(VapiModel):
    messages: list[dict[str, Any]] | None = None
    enabled: StrictBool | None = None
    timeout_seconds: Annotated[Number, Field(ge=1, le=60)] | None = None


class TransferFallbackPlan(VapiModel):
    message: str | CustomMessage
    end_call_enabled: StrictBool | None = None


class TransferPlan(VapiModel):
    mode: TransferMode
    message: str | CustomMessage | None = None
    timeout: Annotated[Number, Field(ge=1, le=600)] | None = None
    dial_timeout: Annotated[Number, Field(ge=1, le=600)] | None = None
    hold_audio_url: str | None = None
    summary_plan: SummaryPlan | None = None
    fallback_plan: TransferFallbackPlan | None = None


class TransferDestinationNumber(VapiModel):
    type: Literal["number"]
    number: Annotated[str, Field(min_length=3, max_length=40)]
    message: str | CustomMessage | None = None
    number_e164_check_enabled: StrictBool | None = None
    extension: Annotated[str, Field(min_length=1, max_length=10)] | None = None
    caller_id: Annotated[str, Field(max_length=40)] | None = None
    transfer_plan: TransferPlan | None = None
    description: str | None = None


class CreateTransferCallToolDTO(VapiModel):
    type: Literal["transferCall"]
    messages: list[ToolMessage] | None = None
    destinations: list[TransferDestinationNumber] | None = None


class CreateEndCallToolDTO(VapiModel):
    """The spec gives this tool no description: say in the prompt when to use it."""

    type: Literal["endCall"]
    messages: list[ToolMessage] | None = None


Tool = Annotated[
    CreateEndCallToolDTO | CreateFunctionToolDTO | CreateTransferCallToolDTO,
    Field(discriminator="type"),
]
