"""The transcriber (speech to text): Deepgram, or Azure, with an Azure fallback."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from allokoli.generation.vapi_models.base import Number, StrictBool, VapiModel
from allokoli.generation.vapi_models.enums import AzureSttLanguage, DeepgramLanguage

__all__ = [
    "AzureSpeechTranscriber",
    "DeepgramTranscriber",
    "FallbackAzureSpeechTranscriber",
    "FallbackTranscriberPlan",
    "Transcriber",
]


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
