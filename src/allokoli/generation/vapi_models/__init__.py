"""Strict Pydantic models of the part of Vapi's `CreateAssistantDTO` that AlloKoli emits.

The official `vapi-server-sdk` types validate nothing, so the generator checks its own output with
these models before returning it, and the embedded sandbox can reuse them on request bodies.
They mirror `shared/vapi/openapi.json` (Vapi API 1.0): same camelCase names (through an alias
generator), same enums, bounds, lengths and patterns, `extra="forbid"` everywhere (Vapi rejects
unknown properties). They cover a *subset* of the schema: a property we never emit is not modelled
and is therefore rejected here although Vapi would accept it.

Conventions:
- python names are snake_case; `model_dump(mode="json", by_alias=True, exclude_none=True)` (see
  `to_vapi_json`) gives the camelCase JSON body;
- a JSON-schema `number` is a strict float (ints accepted, booleans and strings refused) that is
  serialised as an int when it is integral, so `600` stays `600`;
- a schema `oneOf` of an enum beside a free `string` is a plain `str`;
- big enums (OpenAI models, transcriber languages) are checked against frozensets copied from
  the spec; keep them in sync when the spec moves (the schema tests fail when they drift).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    model_validator,
)
from pydantic.alias_generators import to_camel

__all__ = [
    "AnalysisPlan",
    "ArtifactPlan",
    "AzureSpeechTranscriber",
    "AzureVoice",
    "BackgroundSpeechDenoisingPlan",
    "CallHookCallEnding",
    "CallHookCustomerSpeechTimeout",
    "CallHookFilter",
    "CartesiaGenerationConfig",
    "CartesiaVoice",
    "ChunkPlan",
    "CreateAssistantDTO",
    "CreateEndCallToolDTO",
    "CreateFunctionToolDTO",
    "CreateStructuredOutputDTO",
    "CreateTransferCallToolDTO",
    "CustomMessage",
    "CustomerCustomEndpointingRule",
    "CustomerSpeechTimeoutOptions",
    "DeepgramTranscriber",
    "ElevenLabsVoice",
    "FallbackAzureSpeechTranscriber",
    "FallbackAzureVoice",
    "FallbackPlan",
    "FallbackTranscriberPlan",
    "FormatPlan",
    "JsonSchema",
    "MinCallDurationCondition",
    "OpenAIFunction",
    "OpenAIFunctionParameters",
    "OpenAIMessage",
    "OpenAIModel",
    "OpenAIVoice",
    "RegexOption",
    "SayHookAction",
    "Server",
    "SmartDenoisingPlan",
    "StartSpeakingPlan",
    "StopSpeakingPlan",
    "SuccessEvaluationPlan",
    "SummaryPlan",
    "ToolCallHookAction",
    "ToolMessageComplete",
    "ToolMessageDelayed",
    "ToolMessageFailed",
    "ToolMessageStart",
    "TranscriptPlan",
    "TranscriptionEndpointingPlan",
    "TransferDestinationNumber",
    "TransferFallbackPlan",
    "TransferPlan",
    "UpdateAssistantDTO",
    "VapiModel",
    "WorkflowOpenAIModel",
    "to_vapi_json",
]


class VapiModel(BaseModel):
    """Base of every Vapi model: camelCase aliases, unknown keys rejected."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
    )


def to_vapi_json(model: VapiModel) -> dict[str, Any]:
    """The JSON body Vapi expects: camelCase keys, unset (None) fields left out."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def _integral(value: float) -> int | float:
    return int(value) if value.is_integer() else value


Number = Annotated[float, Strict(), PlainSerializer(_integral, return_type=int | float)]
"""A JSON-schema `number`: int or float, never a bool or a numeric string."""
StrictBool = Annotated[bool, Strict()]


def _one_of(allowed: frozenset[str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not a valid {what}")
        return value

    return AfterValidator(check)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- Enums copied from the spec (shared/vapi/openapi.json) ---------------------------------

_OPENAI_MODELS = _words(
    """
    gpt-5.6-sol gpt-5.6-terra gpt-5.6-luna gpt-5.5 chat-latest gpt-5.4 gpt-5.4-mini gpt-5.4-nano
    gpt-5.2 gpt-5.2-chat-latest gpt-5.1 gpt-5.1-chat-latest gpt-5 gpt-5-chat-latest gpt-5-mini
    gpt-5-nano gpt-4.1-2025-04-14 gpt-4.1-mini-2025-04-14 gpt-4.1-nano-2025-04-14 gpt-4.1
    gpt-4.1-mini gpt-4.1-nano chatgpt-4o-latest o3 o3-mini o4-mini o1-mini o1-mini-2024-09-12
    gpt-4o-realtime-preview-2024-10-01 gpt-4o-realtime-preview-2024-12-17
    gpt-4o-mini-realtime-preview-2024-12-17 gpt-realtime-2025-08-28 gpt-realtime-mini-2025-12-15
    gpt-realtime-2 gpt-4o-mini-2024-07-18 gpt-4o-mini gpt-4o gpt-4o-2024-05-13 gpt-4o-2024-08-06
    gpt-4o-2024-11-20 gpt-4-turbo gpt-4-turbo-2024-04-09 gpt-4-turbo-preview gpt-4-0125-preview
    gpt-4-1106-preview gpt-4 gpt-4-0613 gpt-3.5-turbo gpt-3.5-turbo-0125 gpt-3.5-turbo-1106
    gpt-3.5-turbo-16k gpt-3.5-turbo-0613 gpt-5.6-luna:westus3 gpt-5.6-terra:westus3
    gpt-5.6-sol:westus3 gpt-5.4:eastus2 gpt-5.4:swedencentral gpt-5.4-mini:eastus2
    gpt-5.4-mini:swedencentral gpt-5.4-nano:eastus2 gpt-5.4-nano:swedencentral gpt-5.2:eastus2
    gpt-5.2:swedencentral gpt-5.1:eastus2 gpt-5.1:swedencentral gpt-5:eastus2 gpt-5:swedencentral
    gpt-5:canadaeast gpt-5:eastus gpt-5:westeurope gpt-5:germanywestcentral gpt-5:polandcentral
    gpt-5:spaincentral gpt-5-mini:eastus2 gpt-5-mini:swedencentral gpt-5-mini:westeurope
    gpt-5-mini:germanywestcentral gpt-5-mini:polandcentral gpt-5-mini:spaincentral
    gpt-5-nano:eastus2 gpt-5-nano:swedencentral gpt-4.1-2025-04-14:westus
    gpt-4.1-2025-04-14:eastus2 gpt-4.1-2025-04-14:eastus gpt-4.1-2025-04-14:westus3
    gpt-4.1-2025-04-14:northcentralus gpt-4.1-2025-04-14:southcentralus
    gpt-4.1-2025-04-14:westeurope gpt-4.1-2025-04-14:germanywestcentral
    gpt-4.1-2025-04-14:polandcentral gpt-4.1-2025-04-14:spaincentral
    gpt-4.1-mini-2025-04-14:westus gpt-4.1-mini-2025-04-14:eastus2 gpt-4.1-mini-2025-04-14:eastus
    gpt-4.1-mini-2025-04-14:westus3 gpt-4.1-mini-2025-04-14:northcentralus
    gpt-4.1-mini-2025-04-14:southcentralus gpt-4.1-mini-2025-04-14:westeurope
    gpt-4.1-mini-2025-04-14:germanywestcentral gpt-4.1-mini-2025-04-14:polandcentral
    gpt-4.1-mini-2025-04-14:spaincentral gpt-4.1-nano-2025-04-14:westus
    gpt-4.1-nano-2025-04-14:eastus2 gpt-4.1-nano-2025-04-14:westus3
    gpt-4.1-nano-2025-04-14:northcentralus gpt-4.1-nano-2025-04-14:southcentralus
    gpt-4o-2024-11-20:swedencentral gpt-4o-2024-11-20:westus gpt-4o-2024-11-20:eastus2
    gpt-4o-2024-11-20:eastus gpt-4o-2024-11-20:westus3 gpt-4o-2024-11-20:southcentralus
    gpt-4o-2024-11-20:westeurope gpt-4o-2024-11-20:germanywestcentral
    gpt-4o-2024-11-20:polandcentral gpt-4o-2024-11-20:spaincentral gpt-4o-2024-08-06:westus
    gpt-4o-2024-08-06:westus3 gpt-4o-2024-08-06:eastus gpt-4o-2024-08-06:eastus2
    gpt-4o-2024-08-06:northcentralus gpt-4o-2024-08-06:southcentralus
    gpt-4o-mini-2024-07-18:westus gpt-4o-mini-2024-07-18:westus3 gpt-4o-mini-2024-07-18:eastus
    gpt-4o-mini-2024-07-18:eastus2 gpt-4o-mini-2024-07-18:northcentralus
    gpt-4o-mini-2024-07-18:southcentralus gpt-4o-2024-05-13:eastus2 gpt-4o-2024-05-13:eastus
    gpt-4o-2024-05-13:northcentralus gpt-4o-2024-05-13:southcentralus gpt-4o-2024-05-13:westus3
    gpt-4o-2024-05-13:westus gpt-4-turbo-2024-04-09:eastus2 gpt-4-0125-preview:eastus
    gpt-4-0125-preview:northcentralus gpt-4-0125-preview:southcentralus
    gpt-4-1106-preview:australiaeast gpt-4-1106-preview:canadaeast gpt-4-1106-preview:france
    gpt-4-1106-preview:india gpt-4-1106-preview:norway gpt-4-1106-preview:swedencentral
    gpt-4-1106-preview:uk gpt-4-1106-preview:westus gpt-4-1106-preview:westus3
    gpt-4-0613:canadaeast gpt-3.5-turbo-0125:canadaeast gpt-3.5-turbo-0125:northcentralus
    gpt-3.5-turbo-0125:southcentralus gpt-3.5-turbo-1106:canadaeast gpt-3.5-turbo-1106:westus
    gpt-4.1:australiaeast gpt-4o:australiaeast gpt-5.4-mini:australiaeast
    """
)

_OPENAI_REALTIME_ONLY = _words(
    """
    gpt-4o-realtime-preview-2024-10-01 gpt-4o-realtime-preview-2024-12-17
    gpt-4o-mini-realtime-preview-2024-12-17 gpt-realtime-2025-08-28 gpt-realtime-mini-2025-12-15
    gpt-realtime-2
    """
)

_DEEPGRAM_LANGUAGES = _words(
    """
    ar az ba be bg bn br bs ca cs da da-DK de de-CH el en en-AU en-CA en-GB en-IE en-IN en-NZ
    en-US es es-419 es-LATAM et eu fa fi fr fr-CA ha haw he hi hi-Latn hr hu id is it ja jw kn ko
    ko-KR ln lt lv mk mr ms multi nl nl-BE no pl pt pt-BR pt-PT ro ru sk sl sn so sr su sv sv-SE
    ta taq te th th-TH tl tr tt uk ur vi yo zh zh-CN zh-HK zh-Hans zh-Hant zh-TW
    """
)

_AZURE_STT_LANGUAGES = _words(
    """
    af-ZA am-ET ar-AE ar-BH ar-DZ ar-EG ar-IL ar-IQ ar-JO ar-KW ar-LB ar-LY ar-MA ar-OM ar-PS
    ar-QA ar-SA ar-SY ar-TN ar-YE az-AZ bg-BG bn-IN bs-BA ca-ES cs-CZ cy-GB da-DK de-AT de-CH
    de-DE el-GR en-AU en-CA en-GB en-GH en-HK en-IE en-IN en-KE en-NG en-NZ en-PH en-SG en-TZ
    en-US en-ZA es-AR es-BO es-CL es-CO es-CR es-CU es-DO es-EC es-ES es-GQ es-GT es-HN es-MX
    es-NI es-PA es-PE es-PR es-PY es-SV es-US es-UY es-VE et-EE eu-ES fa-IR fi-FI fil-PH fr-BE
    fr-CA fr-CH fr-FR ga-IE gl-ES gu-IN he-IL hi-IN hr-HR hu-HU hy-AM id-ID is-IS it-CH it-IT
    ja-JP jv-ID ka-GE kk-KZ km-KH kn-IN ko-KR lo-LA lt-LT lv-LV mk-MK ml-IN mn-MN mr-IN ms-MY
    mt-MT my-MM nb-NO ne-NP nl-BE nl-NL pa-IN pl-PL ps-AF pt-BR pt-PT ro-RO ru-RU si-LK sk-SK
    sl-SI so-SO sq-AL sr-RS sv-SE sw-KE sw-TZ ta-IN te-IN th-TH tr-TR uk-UA ur-IN uz-UZ vi-VN
    wuu-CN yue-CN zh-CN zh-CN-shandong zh-CN-sichuan zh-HK zh-TW zu-ZA
    """
)

OpenAIModelName = Annotated[str, _one_of(_OPENAI_MODELS, "OpenAI model")]
WorkflowOpenAIModelName = Annotated[
    str, Field(max_length=100), _one_of(_OPENAI_MODELS - _OPENAI_REALTIME_ONLY, "OpenAI model")
]
DeepgramLanguage = Annotated[str, _one_of(_DEEPGRAM_LANGUAGES, "Deepgram language")]
AzureSttLanguage = Annotated[str, _one_of(_AZURE_STT_LANGUAGES, "Azure speech language")]

ServerMessageType = Literal[
    "assistant.started",
    "assistant.speechStarted",
    "conversation-update",
    "end-of-call-report",
    "function-call",
    "hang",
    "language-changed",
    "language-change-detected",
    "model-output",
    "phone-call-control",
    "speech-update",
    "status-update",
    "transcript",
    'transcript[transcriptType="final"]',
    "tool-calls",
    "transfer-destination-request",
    "handoff-destination-request",
    "transfer-update",
    "user-interrupted",
    "voice-input",
    "chat.created",
    "chat.deleted",
    "session.created",
    "session.updated",
    "session.deleted",
    "call.deleted",
    "call.delete.failed",
    "call.artifact.upload",
]
Formatter = Literal[
    "markdown",
    "asterisk",
    "quote",
    "dash",
    "newline",
    "colon",
    "acronym",
    "dollarAmount",
    "email",
    "date",
    "time",
    "distance",
    "unit",
    "percentage",
    "phoneNumber",
    "number",
    "stripAsterisk",
]
PunctuationBoundary = Literal[
    "。", "，", ".", "!", "?", ";", ")", "،", "۔", "।", "॥", "|", "||", ",", ":"
]
CartesiaLanguage = Literal[
    "ar", "bg", "bn", "cs", "da", "de", "el", "en", "es", "fi", "fr", "gu", "he", "hi",
    "hr", "hu", "id", "it", "ja", "ka", "kn", "ko", "ml", "mr", "ms", "nl", "no", "pa",
    "pl", "pt", "ro", "ru", "sk", "sv", "ta", "te", "th", "tl", "tr", "uk", "vi", "zh",
]  # fmt: skip
TransferMode = Literal[
    "blind-transfer",
    "blind-transfer-add-summary-to-sip-header",
    "warm-transfer-say-message",
    "warm-transfer-say-summary",
    "warm-transfer-twiml",
    "warm-transfer-wait-for-operator-to-speak-first-and-then-say-message",
    "warm-transfer-wait-for-operator-to-speak-first-and-then-say-summary",
    "warm-transfer-experimental",
]

Str1000 = Annotated[str, Field(max_length=1000)]

# --- Messages --------------------------------------------------------------------------------


class OpenAIMessage(VapiModel):
    content: Annotated[str, Field(max_length=100_000_000)] | None
    role: Literal["assistant", "function", "user", "system", "tool"]


# --- Tools -----------------------------------------------------------------------------------


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

# --- Model -----------------------------------------------------------------------------------


class OpenAIModel(VapiModel):
    provider: Literal["openai"]
    model: OpenAIModelName
    messages: list[OpenAIMessage] | None = None
    tools: list[Tool] | None = None
    tool_ids: list[str] | None = None
    fallback_models: list[OpenAIModelName] | None = None
    reasoning_effort: Literal["minimal", "none", "low", "medium", "high", "xhigh"] | None = None
    temperature: Annotated[Number, Field(ge=0, le=2)] | None = None
    max_tokens: Annotated[Number, Field(ge=50, le=10_000)] | None = None
    emotion_recognition_enabled: StrictBool | None = None
    num_fast_turns: Annotated[Number, Field(ge=0)] | None = None


class WorkflowOpenAIModel(VapiModel):
    """The model of a structured output (no realtime models there)."""

    provider: Literal["openai"]
    model: WorkflowOpenAIModelName
    messages: list[OpenAIMessage] | None = None
    temperature: Annotated[Number, Field(ge=0, le=2)] | None = None
    max_tokens: Annotated[Number, Field(ge=50, le=10_000)] | None = None


# --- Voice -----------------------------------------------------------------------------------


class FormatPlan(VapiModel):
    enabled: StrictBool | None = None
    number_to_digits_cutoff: Annotated[Number, Field(ge=0)] | None = None
    formatters_enabled: list[Formatter] | None = None


class ChunkPlan(VapiModel):
    enabled: StrictBool | None = None
    min_characters: Annotated[Number, Field(ge=1, le=80)] | None = None
    punctuation_boundaries: list[PunctuationBoundary] | None = None
    format_plan: FormatPlan | None = None


class FallbackAzureVoice(VapiModel):
    provider: Literal["azure"]
    voice_id: str
    caching_enabled: StrictBool | None = None
    speed: Annotated[Number, Field(ge=0.5, le=2)] | None = None
    chunk_plan: ChunkPlan | None = None


class FallbackPlan(VapiModel):
    voices: list[FallbackAzureVoice]


class AzureVoice(VapiModel):
    provider: Literal["azure"]
    voice_id: str
    caching_enabled: StrictBool | None = None
    chunk_plan: ChunkPlan | None = None
    speed: Annotated[Number, Field(ge=0.5, le=2)] | None = None
    fallback_plan: FallbackPlan | None = None


ElevenLabsModel = Literal[
    "eleven_multilingual_v2",
    "eleven_turbo_v2",
    "eleven_turbo_v2_5",
    "eleven_flash_v2",
    "eleven_flash_v2_5",
    "eleven_monolingual_v1",
    "eleven_v3",
]


class ElevenLabsVoice(VapiModel):
    provider: Literal["11labs"]
    voice_id: str
    caching_enabled: StrictBool | None = None
    stability: Annotated[Number, Field(ge=0, le=1)] | None = None
    similarity_boost: Annotated[Number, Field(ge=0, le=1)] | None = None
    style: Annotated[Number, Field(ge=0, le=1)] | None = None
    use_speaker_boost: StrictBool | None = None
    speed: Annotated[Number, Field(ge=0.7, le=1.2)] | None = None
    optimize_streaming_latency: Annotated[Number, Field(ge=0, le=4)] | None = None
    enable_ssml_parsing: StrictBool | None = None
    auto_mode: StrictBool | None = None
    model: ElevenLabsModel | None = None
    language: str | None = None
    chunk_plan: ChunkPlan | None = None
    fallback_plan: FallbackPlan | None = None

    @model_validator(mode="after")
    def _language_needs_turbo(self) -> ElevenLabsVoice:
        # The spec: "only Turbo v2.5 supports language enforcement. For other models, an error
        # will be returned if language code is provided."
        if self.language is not None and self.model != "eleven_turbo_v2_5":
            raise ValueError("`language` is only accepted with model eleven_turbo_v2_5")
        return self


class OpenAIVoice(VapiModel):
    provider: Literal["openai"]
    voice_id: str
    caching_enabled: StrictBool | None = None
    model: Literal["tts-1", "tts-1-hd", "gpt-4o-mini-tts"] | None = None
    instructions: Annotated[str, Field(max_length=10_000)] | None = None
    speed: Annotated[Number, Field(ge=0.25, le=4)] | None = None
    chunk_plan: ChunkPlan | None = None
    fallback_plan: FallbackPlan | None = None


class CartesiaGenerationConfig(VapiModel):
    speed: Annotated[Number, Field(ge=0.6, le=1.5)] | None = None
    volume: Annotated[Number, Field(ge=0.5, le=2)] | None = None


class CartesiaVoice(VapiModel):
    provider: Literal["cartesia"]
    voice_id: str
    caching_enabled: StrictBool | None = None
    model: (
        Literal[
            "sonic-3.5",
            "sonic-3.5-2026-05-04",
            "sonic-3",
            "sonic-3-2026-01-12",
            "sonic-3-2025-10-27",
            "sonic-2",
            "sonic-2-2025-06-11",
            "sonic-english",
            "sonic-multilingual",
            "sonic-preview",
            "sonic",
        ]
        | None
    ) = None
    language: CartesiaLanguage | None = None
    generation_config: CartesiaGenerationConfig | None = None
    pronunciation_dict_id: str | None = None
    chunk_plan: ChunkPlan | None = None
    fallback_plan: FallbackPlan | None = None


Voice = Annotated[
    AzureVoice | ElevenLabsVoice | OpenAIVoice | CartesiaVoice, Field(discriminator="provider")
]

# --- Transcriber -----------------------------------------------------------------------------


class FallbackAzureSpeechTranscriber(VapiModel):
    provider: Literal["azure"]
    language: AzureSttLanguage | None = None
    segmentation_strategy: Literal["Default", "Time", "Semantic"] | None = None
    segmentation_silence_timeout_ms: Annotated[Number, Field(ge=100, le=5000)] | None = None
    segmentation_maximum_time_ms: Annotated[Number, Field(ge=20_000, le=70_000)] | None = None


class FallbackTranscriberPlan(VapiModel):
    transcribers: list[FallbackAzureSpeechTranscriber] | None = None


class DeepgramTranscriber(VapiModel):
    provider: Literal["deepgram"]
    model: str | None = None
    language: DeepgramLanguage | None = None
    smart_format: StrictBool | None = None
    mip_opt_out: StrictBool | None = None
    numerals: StrictBool | None = None
    profanity_filter: StrictBool | None = None
    confidence_threshold: Annotated[Number, Field(ge=0, le=1)] | None = None
    eot_threshold: Annotated[Number, Field(ge=0.5, le=0.9)] | None = None
    eot_timeout_ms: Annotated[Number, Field(ge=500, le=10_000)] | None = None
    languages: list[str] | None = None
    keyterm: list[str] | None = None
    endpointing: Annotated[Number, Field(ge=10, le=500)] | None = None
    fallback_plan: FallbackTranscriberPlan | None = None


class AzureSpeechTranscriber(VapiModel):
    provider: Literal["azure"]
    language: AzureSttLanguage | None = None
    segmentation_strategy: Literal["Default", "Time", "Semantic"] | None = None
    segmentation_silence_timeout_ms: Annotated[Number, Field(ge=100, le=5000)] | None = None
    segmentation_maximum_time_ms: Annotated[Number, Field(ge=20_000, le=70_000)] | None = None
    fallback_plan: FallbackTranscriberPlan | None = None


Transcriber = Annotated[
    DeepgramTranscriber | AzureSpeechTranscriber, Field(discriminator="provider")
]

# --- Turn-taking -----------------------------------------------------------------------------


class TranscriptionEndpointingPlan(VapiModel):
    on_punctuation_seconds: Annotated[Number, Field(ge=0, le=3)] | None = None
    on_no_punctuation_seconds: Annotated[Number, Field(ge=0, le=3)] | None = None
    on_number_seconds: Annotated[Number, Field(ge=0, le=3)] | None = None


class RegexOption(VapiModel):
    type: Literal["ignore-case", "whole-word", "multi-line"]
    enabled: StrictBool


class AssistantCustomEndpointingRule(VapiModel):
    type: Literal["assistant"]
    regex: str
    regex_options: list[RegexOption] | None = None
    timeout_seconds: Annotated[Number, Field(ge=0, le=15)]


class CustomerCustomEndpointingRule(VapiModel):
    type: Literal["customer"]
    regex: str
    regex_options: list[RegexOption] | None = None
    timeout_seconds: Annotated[Number, Field(ge=0, le=15)]


class BothCustomEndpointingRule(VapiModel):
    type: Literal["both"]
    assistant_regex: str
    customer_regex: str
    assistant_regex_options: list[RegexOption] | None = None
    customer_regex_options: list[RegexOption] | None = None
    timeout_seconds: Annotated[Number, Field(ge=0, le=15)]


CustomEndpointingRule = Annotated[
    AssistantCustomEndpointingRule | CustomerCustomEndpointingRule | BothCustomEndpointingRule,
    Field(discriminator="type"),
]


class StartSpeakingPlan(VapiModel):
    wait_seconds: Annotated[Number, Field(ge=0, le=5)] | None = None
    custom_endpointing_rules: list[CustomEndpointingRule] | None = None
    transcription_endpointing_plan: TranscriptionEndpointingPlan | None = None


Phrase = Annotated[str, Field(max_length=240)]


class StopSpeakingPlan(VapiModel):
    num_words: Annotated[Number, Field(ge=0, le=10)] | None = None
    voice_seconds: Annotated[Number, Field(ge=0, le=0.5)] | None = None
    backoff_seconds: Annotated[Number, Field(ge=0, le=10)] | None = None
    acknowledgement_phrases: list[Phrase] | None = None
    interruption_phrases: list[Phrase] | None = None


class SmartDenoisingPlan(VapiModel):
    enabled: StrictBool | None = None


class BackgroundSpeechDenoisingPlan(VapiModel):
    smart_denoising_plan: SmartDenoisingPlan | None = None


# --- Hooks -----------------------------------------------------------------------------------


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

# --- After the call --------------------------------------------------------------------------


class TranscriptPlan(VapiModel):
    enabled: StrictBool | None = None
    assistant_name: str | None = None
    user_name: str | None = None


class MinCallDurationCondition(VapiModel):
    type: Literal["minCallDuration"]
    seconds: Annotated[Number, Field(ge=0)]


class MinMessagesCondition(VapiModel):
    type: Literal["minMessages"]
    count: Annotated[Number, Field(ge=0)]


StructuredOutputCondition = Annotated[
    MinCallDurationCondition | MinMessagesCondition, Field(discriminator="type")
]


class CreateStructuredOutputDTO(VapiModel):
    name: Annotated[str, Field(min_length=1, max_length=40)]
    schema_: JsonSchema = Field(alias="schema")
    type: Literal["ai", "regex"] | None = None
    regex: Annotated[str, Field(min_length=1, max_length=1000)] | None = None
    description: str | None = None
    model: WorkflowOpenAIModel | None = None
    conditions: list[StructuredOutputCondition] | None = None


class ArtifactPlan(VapiModel):
    recording_enabled: StrictBool | None = None
    recording_format: Literal["wav;l16", "mp3"] | None = None
    video_recording_enabled: StrictBool | None = None
    full_message_history_enabled: StrictBool | None = None
    pcap_enabled: StrictBool | None = None
    logging_enabled: StrictBool | None = None
    transcript_plan: TranscriptPlan | None = None
    structured_output_ids: list[str] | None = None
    structured_outputs: list[CreateStructuredOutputDTO] | None = None


class SuccessEvaluationPlan(VapiModel):
    rubric: (
        Literal[
            "NumericScale",
            "DescriptiveScale",
            "Checklist",
            "Matrix",
            "PercentageScale",
            "LikertScale",
            "AutomaticRubric",
            "PassFail",
        ]
        | None
    ) = None
    messages: list[dict[str, Any]] | None = None
    enabled: StrictBool | None = None
    timeout_seconds: Annotated[Number, Field(ge=1, le=60)] | None = None


class AnalysisPlan(VapiModel):
    """Deprecated in the spec, yet still what fills `call.analysis.summary`."""

    summary_plan: SummaryPlan | None = None
    success_evaluation_plan: SuccessEvaluationPlan | None = None


# --- The assistant ---------------------------------------------------------------------------


def _background_sound(value: str) -> str:
    if value in ("off", "office") or re.match(r"^https?://\S+$", value):
        return value
    raise ValueError("backgroundSound must be 'off', 'office' or an audio file URL")


EndCallPhrase = Annotated[str, Field(min_length=2, max_length=140)]


class CreateAssistantDTO(VapiModel):
    """`POST /assistant` body (the subset AlloKoli writes). Every property is optional."""

    transcriber: Transcriber | None = None
    model: OpenAIModel | None = None
    voice: Voice | None = None
    first_message: str | None = None
    first_message_interruptions_enabled: StrictBool | None = None
    first_message_mode: (
        Literal[
            "assistant-speaks-first",
            "assistant-speaks-first-with-model-generated-message",
            "assistant-waits-for-user",
        ]
        | None
    ) = None
    voicemail_detection: Literal["off"] | None = None
    server_messages: list[ServerMessageType] | None = None
    max_duration_seconds: Annotated[Number, Field(ge=10, le=43_200)] | None = None
    background_sound: Annotated[str, AfterValidator(_background_sound)] | None = None
    model_output_in_messages_enabled: StrictBool | None = None
    hooks: list[Hook] | None = None
    name: Annotated[str, Field(max_length=40)] | None = None
    voicemail_message: Annotated[str, Field(max_length=1000)] | None = None
    end_call_message: Annotated[str, Field(max_length=1000)] | None = None
    end_call_phrases: list[EndCallPhrase] | None = None
    metadata: dict[str, Any] | None = None
    background_speech_denoising_plan: BackgroundSpeechDenoisingPlan | None = None
    analysis_plan: AnalysisPlan | None = None
    artifact_plan: ArtifactPlan | None = None
    start_speaking_plan: StartSpeakingPlan | None = None
    stop_speaking_plan: StopSpeakingPlan | None = None
    credential_ids: list[str] | None = None
    server: Server | None = None


class UpdateAssistantDTO(CreateAssistantDTO):
    """`PATCH /assistant/{id}` body: in the spec it has exactly the properties of the create DTO,
    all optional, so a partial update validates with the same rules."""
