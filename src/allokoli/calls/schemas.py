from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class TakenMessageOut(BaseModel):
    """A message or an appointment request taken by an assistant."""

    id: uuid.UUID
    kind: Literal["message", "appointment"] | str
    kind_label: str
    assistant_id: uuid.UUID | None
    call_id: uuid.UUID | None
    """Our call, when it is known."""
    caller_name: str | None
    callback_number: str | None
    """The number the caller asked to be called back on (in full: it is the message)."""
    callback_display: str | None
    reason: str | None
    details: str | None
    urgent: bool
    preferred_date: str | None
    preferred_time: str | None
    party_size: int | None
    sms_consent: bool = False
    """The caller said yes to a confirmation SMS."""
    handled: bool
    created_at: datetime


class TakenMessagePage(BaseModel):
    items: list[TakenMessageOut]
    next_cursor: str | None


class TakenMessageUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    handled: bool


class CallOut(BaseModel):
    """A call in a list: the caller's number is masked."""

    id: uuid.UUID
    assistant_id: uuid.UUID | None
    assistant_name: str | None
    provider_call_id: str
    type: str | None
    status: str
    status_label: str
    caller_number_masked: str
    started_at: datetime | None
    ended_at: datetime | None
    duration_seconds: float | None
    ended_reason: str | None
    ended_reason_label: str
    summary: str | None
    cost_eur: float | None
    outside_hours: bool | None
    has_recording: bool


class CallTurn(BaseModel):
    """One line of the conversation."""

    role: Literal["assistant", "caller", "tool", "system"]
    text: str
    seconds_from_start: float | None = None


class CallDetail(CallOut):
    """One call, with the caller's number in full, the conversation and what was taken."""

    caller_number: str | None
    caller_number_display: str
    phone_number: str | None
    transcript: str | None
    conversation: list[CallTurn]
    recording_url: str | None
    cost_usd: float | None
    structured: dict[str, Any] | None
    taken_messages: list[TakenMessageOut]


class CallPage(BaseModel):
    items: list[CallOut]
    next_cursor: str | None


class WebhookEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    type: str
    dedupe_key: str
    provider_call_id: str | None
    received_at: datetime
    processed_at: datetime | None
    error: str | None


class WebhookEventPage(BaseModel):
    items: list[WebhookEventOut]
    next_cursor: str | None


class DayStats(BaseModel):
    date: date
    calls: int
    minutes: float
    cost_eur: float


class AssistantStats(BaseModel):
    assistant_id: uuid.UUID | None
    name: str
    calls: int


class ReasonStats(BaseModel):
    reason: str | None
    label: str
    calls: int


class Stats(BaseModel):
    period: Literal["today", "7d", "30d"]
    since: datetime
    until: datetime
    calls: int
    minutes: float
    cost_eur: float
    messages: int
    appointments: int
    outside_hours_calls: int
    failed_calls: int
    per_day: list[DayStats]
    per_assistant: list[AssistantStats] = Field(description="The 10 busiest assistants.")
    per_ended_reason: list[ReasonStats]


class AlertOut(BaseModel):
    kind: str
    level: Literal["error", "warning"]
    title: str
    detail: str
    link: str
