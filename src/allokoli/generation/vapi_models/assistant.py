"""The assistant itself: the bodies of `POST /assistant` and `PATCH /assistant/{id}`."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from allokoli.generation.vapi_models.after_call import AnalysisPlan, ArtifactPlan
from allokoli.generation.vapi_models.base import Number, StrictBool, VapiModel
from allokoli.generation.vapi_models.enums import ServerMessageType
from allokoli.generation.vapi_models.hooks import Hook
from allokoli.generation.vapi_models.model import OpenAIModel
from allokoli.generation.vapi_models.tools import Server
from allokoli.generation.vapi_models.transcriber import Transcriber
from allokoli.generation.vapi_models.turn_taking import (
    BackgroundSpeechDenoisingPlan,
    StartSpeakingPlan,
    StopSpeakingPlan,
)
from allokoli.generation.vapi_models.voice import Voice

__all__ = ["CreateAssistantDTO", "EndCallPhrase", "UpdateAssistantDTO"]


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
