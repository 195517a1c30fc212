"""Turn-taking: when the assistant starts and stops speaking, and background-speech denoising."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from allokoli.generation.vapi_models.base import Number, StrictBool, VapiModel

__all__ = [
    "AssistantCustomEndpointingRule",
    "BackgroundSpeechDenoisingPlan",
    "BothCustomEndpointingRule",
    "CustomEndpointingRule",
    "CustomerCustomEndpointingRule",
    "Phrase",
    "RegexOption",
    "SmartDenoisingPlan",
    "StartSpeakingPlan",
    "StopSpeakingPlan",
    "TranscriptionEndpointingPlan",
]


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
