"""Strict models of the Vapi request bodies the sandbox accepts besides assistants, and the one
validation entry point that turns Pydantic errors into Vapi's 400 messages.

Assistants are validated with the generator's own models (`generation.vapi_models`), so that the
sandbox accepts exactly what the generator may emit. The models here follow
`shared/vapi/openapi.json` the same way: camelCase aliases, unknown properties rejected, same
enums and bounds, and they cover a subset (a property not modelled is refused, never ignored).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from allokoli.generation.vapi_models import (
    CreateAssistantDTO,
    Server,
    StrictBool,
    UpdateAssistantDTO,
    VapiModel,
)
from allokoli.sandbox.errors import VapiBadRequest

__all__ = [
    "BearerAuthenticationPlan",
    "ChatInputMessage",
    "CreateAssistantDTO",
    "CreateChatDTO",
    "CreateTwilioPhoneNumberDTO",
    "CreateVapiPhoneNumberDTO",
    "CreateWebhookCredentialDTO",
    "HMACAuthenticationPlan",
    "PhoneNumberCreate",
    "UpdateAssistantDTO",
    "UpdateTwilioPhoneNumberDTO",
    "UpdateVapiPhoneNumberDTO",
    "validate_body",
]

E164 = Annotated[str, Field(pattern=r"^\+[1-9]\d{1,14}$")]
Name40 = Annotated[str, Field(max_length=40)]

# --- Phone numbers ------------------------------------------------------------------------------


class TransferDestinationNumber(VapiModel):
    """`fallbackDestination` of a phone number: where a call goes when no assistant takes it
    (the spec's SIP destination and `transferPlan` are not modelled)."""

    type: Literal["number"]
    number: Annotated[str, Field(min_length=3, max_length=40)]
    message: str | None = None
    number_e164_check_enabled: StrictBool | None = None
    extension: Annotated[str, Field(min_length=1, max_length=10)] | None = None
    caller_id: Annotated[str, Field(max_length=40)] | None = None
    description: str | None = None


class CreateTwilioPhoneNumberDTO(VapiModel):
    """Import of a Twilio number (`POST /phone-number`, `provider: "twilio"`)."""

    provider: Literal["twilio"]
    number: E164
    twilio_account_sid: str
    twilio_auth_token: str | None = None
    twilio_api_key: str | None = None
    twilio_api_secret: str | None = None
    sms_enabled: StrictBool | None = None
    name: Name40 | None = None
    assistant_id: str | None = None
    fallback_destination: TransferDestinationNumber | None = None
    server: Server | None = None


class CreateVapiPhoneNumberDTO(VapiModel):
    """A number allocated by the provider (`provider: "vapi"`); SIP fields are not modelled."""

    provider: Literal["vapi"]
    number_desired_area_code: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    name: Name40 | None = None
    assistant_id: str | None = None
    fallback_destination: TransferDestinationNumber | None = None
    server: Server | None = None


PhoneNumberCreate = Annotated[
    CreateTwilioPhoneNumberDTO | CreateVapiPhoneNumberDTO, Field(discriminator="provider")
]


class UpdateTwilioPhoneNumberDTO(VapiModel):
    provider: Literal["twilio"] | None = None
    number: E164 | None = None
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_api_key: str | None = None
    twilio_api_secret: str | None = None
    sms_enabled: StrictBool | None = None
    name: Name40 | None = None
    assistant_id: str | None = None
    fallback_destination: TransferDestinationNumber | None = None
    server: Server | None = None


class UpdateVapiPhoneNumberDTO(VapiModel):
    provider: Literal["vapi"] | None = None
    name: Name40 | None = None
    assistant_id: str | None = None
    fallback_destination: TransferDestinationNumber | None = None
    server: Server | None = None


# --- Chat ---------------------------------------------------------------------------------------


class ChatInputMessage(VapiModel):
    """A message of an array `input`, OpenAI style (`role` + `content`), as Vapi's examples show.

    The spec's `UserMessage`/`SystemMessage` (call transcript messages with `message`, `time`…)
    are what it lists here, but Vapi's own example is `{"role": "user", "content": "…"}`.
    """

    role: Literal["system", "user", "assistant", "developer"]
    content: Annotated[str, Field(max_length=10_000)]
    name: Name40 | None = None


class CreateChatDTO(VapiModel):
    """`POST /chat` (the subset the sandbox plays: no squads, no transport, no streaming)."""

    input: str | list[ChatInputMessage]
    assistant_id: str | None = None
    assistant: CreateAssistantDTO | None = None
    name: Name40 | None = None
    session_id: str | None = None
    previous_chat_id: str | None = None
    stream: Literal[False] | None = None


# --- Credentials --------------------------------------------------------------------------------


class BearerAuthenticationPlan(VapiModel):
    type: Literal["bearer"]
    token: str
    header_name: str | None = None
    bearer_prefix_enabled: StrictBool | None = None


class HMACAuthenticationPlan(VapiModel):
    type: Literal["hmac"]
    secret_key: str
    algorithm: Literal["sha256", "sha512", "sha1"]
    signature_header: str | None = None
    timestamp_header: str | None = None
    signature_prefix: str | None = None
    include_timestamp: StrictBool | None = None
    payload_format: str | None = None
    message_id_header: str | None = None
    signature_encoding: Literal["hex", "base64"] | None = None
    secret_is_base64: StrictBool | None = None


AuthenticationPlan = Annotated[
    BearerAuthenticationPlan | HMACAuthenticationPlan, Field(discriminator="type")
]


class CreateWebhookCredentialDTO(VapiModel):
    """`POST /credential` with `provider: "webhook"` (OAuth2 plans are not played)."""

    provider: Literal["webhook"]
    authentication_plan: AuthenticationPlan
    name: Annotated[str, Field(min_length=1, max_length=40)] | None = None


# --- Validation ---------------------------------------------------------------------------------

M = TypeVar("M")


def _path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _clean_loc(loc: tuple[int | str, ...], body: Any) -> tuple[int | str, ...]:
    """The error's path in the *body*: union tags ("azure", "str"…) that Pydantic inserts in
    locations are dropped, the keys and indexes of the body kept (a missing key ends a path)."""
    out: list[int | str] = []
    node = body
    for i, part in enumerate(loc):
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            out.append(part)
            node = node[part]
        elif i == len(loc) - 1 and isinstance(node, dict):
            out.append(part)
    return tuple(out)


def _message(error: ErrorDetails, body: Any) -> str:
    path = _path(_clean_loc(error["loc"], body))
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"property {path} should not exist"
    if kind == "missing":
        return f"{path} should not be empty"
    if not path:
        return str(error["msg"])
    return f"{path}: {error['msg']}"


def _explicit_nulls(value: Any, loc: tuple[int | str, ...] = ()) -> list[str]:
    """Optional properties sent as `null`: Pydantic accepts them, Vapi's schema does not (its
    only nullable properties are modelled as required-but-nullable fields, left alone here)."""
    found: list[str] = []
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        for name in value.model_fields_set:
            info = fields.get(name)
            if info is None:
                continue
            alias = info.alias or name
            child = getattr(value, name)
            if child is None and not info.is_required():
                found.append(f"{_path((*loc, alias))} should not be null")
            else:
                found.extend(_explicit_nulls(child, (*loc, alias)))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found.extend(_explicit_nulls(item, (*loc, i)))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, BaseModel | list | dict):
                found.extend(_explicit_nulls(item, (*loc, key)))
    return found


_ADAPTERS: dict[int, tuple[Any, TypeAdapter[Any]]] = {}


def _adapter(schema: Any) -> TypeAdapter[Any]:
    """One TypeAdapter per schema (building one costs far more than validating)."""
    cached = _ADAPTERS.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = (schema, TypeAdapter(schema))
        _ADAPTERS[id(schema)] = cached
    return cached[1]


def validate_body(schema: type[M] | Any, body: Any) -> M:
    """Validate a decoded JSON body against a model (or an annotated union of models).

    Raises `VapiBadRequest` listing every problem, the way Vapi answers an invalid body.
    """
    adapter: TypeAdapter[M] = _adapter(schema)
    if not isinstance(body, dict):
        raise VapiBadRequest(["request body must be a JSON object"])
    try:
        value = adapter.validate_python(body)
    except ValidationError as exc:
        raise VapiBadRequest(
            sorted({_message(e, body) for e in exc.errors(include_url=False)})
        ) from None
    nulls = _explicit_nulls(value)
    if nulls:
        raise VapiBadRequest(sorted(nulls))
    return value
