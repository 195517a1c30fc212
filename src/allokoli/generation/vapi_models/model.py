"""The language model of an assistant (OpenAI only), and the messages it starts with."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from allokoli.generation.vapi_models.base import Number, StrictBool, VapiModel
from allokoli.generation.vapi_models.enums import OpenAIModelName, WorkflowOpenAIModelName
from allokoli.generation.vapi_models.tools import Tool

__all__ = ["OpenAIMessage", "OpenAIModel", "WorkflowOpenAIModel"]


class OpenAIMessage(VapiModel):
    content: Annotated[str, Field(max_length=100_000_000)] | None
    role: Literal["assistant", "function", "user", "system", "tool"]


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
