"""Vapi server messages (`{"message": {...}}`) and our answers to them, as Pydantic models.

One vocabulary for both sides of the seam: the sandbox builds these models and sends their
alias dump; the webhook handler reads what Vapi (or the sandbox) sent through the same models.
Names and shapes follow Vapi's OpenAPI contract (`ServerMessageStatusUpdate`,
`ServerMessageEndOfCallReport`, `ServerMessageToolCalls`, `ServerMessageTransferUpdate`,
`ServerMessageHang`, `ServerMessageAssistantRequest`, `ServerMessageResponseToolCalls`,
`ServerMessageResponseAssistantRequest`); attributes are snake_case with Vapi's camelCase as
aliases.

Reading is deliberately forgiving where our handler always was:
- every model keeps the fields it does not name (`extra="allow"`): real payloads carry far more
  than we read, and the sandbox sends whole call and assistant objects through them;
- a value we only *use when it makes sense* (a cost that is not a number, a summary that is not
  text) is read as None instead of refusing the message (`Lenient`);
- identifiers (call, assistant, phone number) are strict: a body that names something in a form
  we cannot read is refused, as the tenant checks always did;
- a message of a type we do not process parses as `OtherMessage` (stored, never processed).

Nothing here decides what is storable (NaN, NUL characters, nesting depth): that stays with
`webhooks.payload`, which sees the raw body before these models do.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic.alias_generators import to_camel

__all__ = [
    "Analysis",
    "AnyServerMessage",
    "Artifact",
    "AssistantRef",
    "AssistantRequest",
    "AssistantRequestResponse",
    "CallRef",
    "Customer",
    "EndOfCallReport",
    "Hang",
    "OtherMessage",
    "PhoneNumberRef",
    "ServerMessage",
    "StatusUpdate",
    "ToolCall",
    "ToolCallFunction",
    "ToolCallResult",
    "ToolCalls",
    "ToolCallsResponse",
    "ToolWithToolCall",
    "TransferUpdate",
    "VapiModel",
    "read_message",
]

T = TypeVar("T")


def _or_none(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        return None


Lenient = Annotated[T | None, WrapValidator(_or_none)]
"""A value read when it has the expected shape, else None (never a refusal)."""


class VapiModel(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown fields kept as they came."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        alias_generator=to_camel,
        coerce_numbers_to_str=True,
    )

    def wire(self) -> dict[str, Any]:
        """The JSON object Vapi reads: aliases, fields left unset or None omitted."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


# --- what messages refer to ----------------------------------------------------------------


class Customer(VapiModel):
    number: Lenient[str] = None


class PhoneNumberRef(VapiModel):
    id: str | None = None
    number: Lenient[str] = None


class AssistantRef(VapiModel):
    """The assistant a message is about (Vapi echoes the whole config: only these are read)."""

    id: str | None = None
    metadata: dict[str, Any] | None = None


class CallRef(VapiModel):
    """The call a message is about (Vapi's `Call`; the sandbox sends its whole body)."""

    id: str | None = None
    type: Lenient[str] = None
    assistant_id: str | None = None
    phone_number_id: str | None = None
    customer: Lenient[Customer] = None
    phone_number: Lenient[PhoneNumberRef] = None
    started_at: Any = None
    ended_at: Any = None


class Artifact(VapiModel):
    transcript: Lenient[str] = None
    messages: Lenient[list[Any]] = None
    recording_url: Lenient[str] = None
    structured_outputs: Lenient[dict[str, Any]] = None


class Analysis(VapiModel):
    summary: Lenient[str] = None
    structured_data: Lenient[dict[str, Any]] = None


# --- server messages ---------------------------------------------------------------------------


class _Message(VapiModel):
    """What every server message may carry."""

    type: str
    timestamp: Any = None
    """Kept exactly as sent (int, float or text): it is part of the inbox's dedupe key."""
    call: CallRef | None = None
    assistant: AssistantRef | None = None
    customer: Lenient[Customer] = None
    phone_number: PhoneNumberRef | None = None

    @property
    def call_id(self) -> str | None:
        """The provider's call id, when the message names one."""
        return self.call.id if self.call is not None and self.call.id else None

    @property
    def named_assistant_id(self) -> str | None:
        """The provider's assistant id the message names (the call's, else the assistant's)."""
        if self.call is not None and self.call.assistant_id:
            return self.call.assistant_id
        return self.assistant.id if self.assistant is not None else None

    @property
    def assistant_metadata(self) -> dict[str, Any]:
        return (self.assistant.metadata if self.assistant is not None else None) or {}

    @property
    def named_phone_number_id(self) -> str | None:
        if self.call is not None and self.call.phone_number_id:
            return self.call.phone_number_id
        return self.phone_number.id if self.phone_number is not None else None


class StatusUpdate(_Message):
    """`ServerMessageStatusUpdate`: the call moved (queued, ringing, in-progress, ended…)."""

    type: Literal["status-update"] = "status-update"
    status: Lenient[str] = None
    ended_reason: Lenient[str] = None
    started_at: Any = None


class EndOfCallReport(_Message):
    """`ServerMessageEndOfCallReport`: what the call was, once it ended."""

    type: Literal["end-of-call-report"] = "end-of-call-report"
    ended_reason: Lenient[str] = None
    artifact: Lenient[Artifact] = None
    analysis: Lenient[Analysis] = None
    started_at: Any = None
    ended_at: Any = None
    cost: Lenient[float] = None
    costs: Any = None
    duration_seconds: Lenient[float] = None
    # Older payloads put these beside `artifact` rather than in it.
    transcript: Lenient[str] = None
    messages: Lenient[list[Any]] = None
    recording_url: Lenient[str] = None


class ToolCallFunction(VapiModel):
    name: Lenient[str] = None
    arguments: Any = None
    """An object, or the same as JSON text (parsed by the handler, with its depth bound)."""


class ToolCall(VapiModel):
    """One call of `toolCallList` (`ToolCall`); `name` / `arguments` at the top are the older
    form, still read."""

    id: Any = None
    """Required by Vapi; checked by the handler, which answers 400 without it."""
    type: Lenient[str] = None
    function: ToolCallFunction | None = None
    name: Lenient[str] = None
    arguments: Any = None

    @property
    def tool_name(self) -> str:
        return str((self.function.name if self.function else None) or self.name or "")

    @property
    def raw_arguments(self) -> Any:
        return (self.function.arguments if self.function else None) or self.arguments


class ToolWithToolCall(VapiModel):
    """One item of `toolWithToolCallList`: the tool's config and its call."""

    tool_call: ToolCall | None = None


class ToolCalls(_Message):
    """`ServerMessageToolCalls`: the model calls tools; answered by `ToolCallsResponse`."""

    type: Literal["tool-calls"] = "tool-calls"
    tool_call_list: list[ToolCall] | None = None
    tool_with_tool_call_list: list[Lenient[ToolWithToolCall]] | None = None

    def calls(self) -> list[ToolCall | None]:
        """The calls to answer, in order: `toolCallList`, else those of
        `toolWithToolCallList` (an item without its call is None)."""
        if self.tool_call_list is not None:
            return list(self.tool_call_list)
        return [
            item.tool_call
            for item in self.tool_with_tool_call_list or []
            if item is not None  # not an object: skipped, as Vapi never sends one
        ]


class TransferUpdate(_Message):
    """`ServerMessageTransferUpdate`: the call is being transferred."""

    type: Literal["transfer-update"] = "transfer-update"
    destination: Lenient[dict[str, Any]] = None


class Hang(_Message):
    """`ServerMessageHang`: the assistant has not answered for a while."""

    type: Literal["hang"] = "hang"


class AssistantRequest(_Message):
    """`ServerMessageAssistantRequest`: which assistant answers this inbound call?"""

    type: Literal["assistant-request"] = "assistant-request"


class OtherMessage(_Message):
    """Any other type (`conversation-update`, `transcript`, `speech-update`…): stored in the
    inbox, never processed."""


_KNOWN = {
    "status-update",
    "end-of-call-report",
    "tool-calls",
    "transfer-update",
    "hang",
    "assistant-request",
}


def _kind(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return kind if kind in _KNOWN else "other"


AnyServerMessage = Annotated[
    Annotated[StatusUpdate, Tag("status-update")]
    | Annotated[EndOfCallReport, Tag("end-of-call-report")]
    | Annotated[ToolCalls, Tag("tool-calls")]
    | Annotated[TransferUpdate, Tag("transfer-update")]
    | Annotated[Hang, Tag("hang")]
    | Annotated[AssistantRequest, Tag("assistant-request")]
    | Annotated[OtherMessage, Tag("other")],
    Discriminator(_kind),
]
"""One server message, by its `type`; an unknown type is an `OtherMessage`."""


class ServerMessage(VapiModel):
    """`ServerMessage`: the body of every delivery, `{"message": {...}}`."""

    message: AnyServerMessage


_MESSAGE: TypeAdapter[AnyServerMessage] = TypeAdapter(AnyServerMessage)


def read_message(body: dict[str, Any]) -> AnyServerMessage:
    """The typed form of a delivery's `message` object (raises `ValidationError`)."""
    return _MESSAGE.validate_python(body)


# --- our answers -----------------------------------------------------------------------------


class ToolCallResult(VapiModel):
    """`ToolCallResult`: one answer, `result` or `error`, single-line text."""

    tool_call_id: str
    name: str
    result: str | None = None
    error: str | None = None


class ToolCallsResponse(VapiModel):
    """`ServerMessageResponseToolCalls`: the answers, in the order of the calls."""

    results: list[ToolCallResult] = Field(default_factory=list)


class AssistantRequestResponse(VapiModel):
    """`ServerMessageResponseAssistantRequest`: the assistant to use (by id or inline), a
    transfer destination, or an error spoken to the caller."""

    assistant_id: str | None = None
    assistant: dict[str, Any] | None = None
    destination: dict[str, Any] | None = None
    error: str | None = None
