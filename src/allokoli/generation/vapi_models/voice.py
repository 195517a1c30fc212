"""The voice (text to speech): Azure, ElevenLabs, OpenAI and Cartesia, with their fallbacks."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from allokoli.generation.vapi_models.base import Number, StrictBool, VapiModel
from allokoli.generation.vapi_models.enums import CartesiaLanguage, Formatter, PunctuationBoundary

__all__ = [
    "AzureVoice",
    "CartesiaGenerationConfig",
    "CartesiaVoice",
    "ChunkPlan",
    "ElevenLabsModel",
    "ElevenLabsVoice",
    "FallbackAzureVoice",
    "FallbackPlan",
    "FormatPlan",
    "OpenAIVoice",
    "Voice",
]


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
