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

from allokoli.generation.vapi_models.after_call import (
    AnalysisPlan,
    ArtifactPlan,
    CreateStructuredOutputDTO,
    MinCallDurationCondition,
    SuccessEvaluationPlan,
    TranscriptPlan,
)
from allokoli.generation.vapi_models.assistant import CreateAssistantDTO, UpdateAssistantDTO
from allokoli.generation.vapi_models.base import (
    Number,
    Str1000,
    StrictBool,
    VapiModel,
    to_vapi_json,
)
from allokoli.generation.vapi_models.enums import (
    CartesiaLanguage,
    Formatter,
    ServerMessageType,
    TransferMode,
)
from allokoli.generation.vapi_models.hooks import (
    CallHookCallEnding,
    CallHookCustomerSpeechTimeout,
    CallHookFilter,
    CustomerSpeechTimeoutOptions,
    SayHookAction,
    ToolCallHookAction,
)
from allokoli.generation.vapi_models.model import OpenAIMessage, OpenAIModel, WorkflowOpenAIModel
from allokoli.generation.vapi_models.tools import (
    CreateEndCallToolDTO,
    CreateFunctionToolDTO,
    CreateTransferCallToolDTO,
    CustomMessage,
    JsonSchema,
    OpenAIFunction,
    OpenAIFunctionParameters,
    Server,
    SummaryPlan,
    ToolMessageComplete,
    ToolMessageDelayed,
    ToolMessageFailed,
    ToolMessageStart,
    TransferDestinationNumber,
    TransferFallbackPlan,
    TransferPlan,
)
from allokoli.generation.vapi_models.transcriber import (
    AzureSpeechTranscriber,
    DeepgramTranscriber,
    FallbackAzureSpeechTranscriber,
    FallbackTranscriberPlan,
    Transcriber,
)
from allokoli.generation.vapi_models.turn_taking import (
    BackgroundSpeechDenoisingPlan,
    CustomerCustomEndpointingRule,
    RegexOption,
    SmartDenoisingPlan,
    StartSpeakingPlan,
    StopSpeakingPlan,
    TranscriptionEndpointingPlan,
)
from allokoli.generation.vapi_models.voice import (
    AzureVoice,
    CartesiaGenerationConfig,
    CartesiaVoice,
    ChunkPlan,
    ElevenLabsVoice,
    FallbackAzureVoice,
    FallbackPlan,
    FormatPlan,
    OpenAIVoice,
    Voice,
)

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
    "CartesiaLanguage",
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
    "Formatter",
    "JsonSchema",
    "MinCallDurationCondition",
    "Number",
    "OpenAIFunction",
    "OpenAIFunctionParameters",
    "OpenAIMessage",
    "OpenAIModel",
    "OpenAIVoice",
    "RegexOption",
    "SayHookAction",
    "Server",
    "ServerMessageType",
    "SmartDenoisingPlan",
    "StartSpeakingPlan",
    "StopSpeakingPlan",
    "Str1000",
    "StrictBool",
    "SuccessEvaluationPlan",
    "SummaryPlan",
    "ToolCallHookAction",
    "ToolMessageComplete",
    "ToolMessageDelayed",
    "ToolMessageFailed",
    "ToolMessageStart",
    "Transcriber",
    "TranscriptPlan",
    "TranscriptionEndpointingPlan",
    "TransferDestinationNumber",
    "TransferFallbackPlan",
    "TransferMode",
    "TransferPlan",
    "UpdateAssistantDTO",
    "VapiModel",
    "Voice",
    "WorkflowOpenAIModel",
    "to_vapi_json",
]
