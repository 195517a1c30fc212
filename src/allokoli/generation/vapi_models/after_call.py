"""After the call: transcript, recording, structured outputs, summary and success evaluation."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from allokoli.generation.vapi_models.base import Number, StrictBool, VapiModel
from allokoli.generation.vapi_models.model import WorkflowOpenAIModel
from allokoli.generation.vapi_models.tools import JsonSchema, SummaryPlan

__all__ = [
    "AnalysisPlan",
    "ArtifactPlan",
    "CreateStructuredOutputDTO",
    "MinCallDurationCondition",
    "MinMessagesCondition",
    "StructuredOutputCondition",
    "SuccessEvaluationPlan",
    "TranscriptPlan",
]


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
