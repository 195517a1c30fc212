"""Models of the AlloKoli REST API (the schemas of `/openapi.json`).

Responses are parsed leniently (`extra="allow"`): a field the server adds later does not break
an older client. Large nested documents the SDK does not need to interpret (a Vapi assistant
config, a business profile, the generator's recommendations) are plain `dict`s.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Alert",
    "ApiKey",
    "ApiKeyCreated",
    "Assistant",
    "AssistantDetail",
    "AssistantStats",
    "AuditEntry",
    "Call",
    "CallDetail",
    "CallTurn",
    "ChatReply",
    "ConfiguratorSession",
    "ConfiguratorSummary",
    "ConfiguratorTurn",
    "ConfiguratorTurnOut",
    "ConfiguratorVoice",
    "CostEstimate",
    "DayStats",
    "DeployStatus",
    "ExportDocument",
    "Fiche",
    "FicheGroup",
    "FicheSaved",
    "FieldChange",
    "FieldError",
    "GenerationResult",
    "Me",
    "Organization",
    "Page",
    "PhoneNumber",
    "PromptLine",
    "QualityReport",
    "ReasonStats",
    "SectorInfo",
    "SessionsRevoked",
    "Stats",
    "TakenMessage",
    "Template",
    "VersionChanges",
    "VersionDiff",
    "VersionInfo",
    "WebhookEvent",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


T = TypeVar("T", bound=_Model)


class Page(_Model, Generic[T]):
    """One page of a list; pass `next_cursor` as `cursor` for the next one (None: last page)."""

    items: list[T]
    next_cursor: str | None = None


class FieldError(_Model):
    field: str
    message: str
    type: str | None = None


# --- accounts ------------------------------------------------------------------------------------


class Organization(_Model):
    id: uuid.UUID
    name: str
    created_at: datetime


class Me(_Model):
    user_id: uuid.UUID | None
    email: str | None
    role: str
    organization: Organization
    via: str


class SessionsRevoked(_Model):
    revoked: int


class ApiKey(_Model):
    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKey):
    key: str
    """The full key, shown once."""


class AuditEntry(_Model):
    id: uuid.UUID
    actor: str
    entity: str
    entity_id: str | None
    action: str
    at: datetime
    details: dict[str, Any]


# --- assistants ----------------------------------------------------------------------------------


class PhoneNumber(_Model):
    id: uuid.UUID
    number: str
    display: str
    provider: str
    is_demo: bool
    status: str


class Assistant(_Model):
    id: uuid.UUID
    name: str
    status: str
    status_reason: str | None
    sector_family: str | None
    sector_subtype: str | None
    version: int
    provider_id: str | None
    deployed_version: int | None
    deployed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class AssistantDetail(Assistant):
    profile: dict[str, Any] | None
    config: dict[str, Any]
    generation: dict[str, Any] | None
    phone_number: PhoneNumber | None = None


class DeployStatus(_Model):
    id: uuid.UUID
    status: str
    status_reason: str | None
    provider_id: str | None


class ChatReply(_Model):
    reply: str
    chat_id: str


class VersionInfo(_Model):
    version: int
    actor: str
    note: str | None
    created_at: datetime


class VersionDiff(_Model):
    from_version: int
    to_version: int
    diff: str


class FieldChange(_Model):
    """One fact or setting that changed, in French."""

    label: str
    before: str
    after: str


class PromptLine(_Model):
    kind: Literal["same", "add", "del"]
    parts: list[tuple[bool, str]]
    """`(changed, text)` pieces: the changed words are marked."""


class VersionChanges(_Model):
    """Two versions (or a regeneration) compared: field by field, and the instructions line by
    line (None stands for unchanged lines left out)."""

    changes: list[FieldChange]
    prompt: list[PromptLine | None]


class FicheGroup(_Model):
    id: str
    title: str
    help: str


class Fiche(_Model):
    """The business facts as the Fiche forms show them (strings, by form field)."""

    groups: list[FicheGroup]
    values: dict[str, str]


class FicheSaved(_Model):
    assistant: AssistantDetail
    changes: list[FieldChange]


class ExportDocument(_Model):
    format: Literal["allokoli.assistant"] = "allokoli.assistant"
    format_version: int = 1
    name: str
    profile: dict[str, Any] | None
    config: dict[str, Any]


class Template(_Model):
    id: uuid.UUID
    name: str
    sector_family: str | None
    sector_subtype: str | None
    created_at: datetime


# --- generation ----------------------------------------------------------------------------------


class SectorInfo(_Model):
    family: str
    family_label: str
    subtype: str
    subtype_label: str
    source: str
    confidence: float
    alternatives: list[dict[str, Any]] = Field(default_factory=list)
    matched: list[str] = Field(default_factory=list)


class QualityReport(_Model):
    score: int
    level: str
    issues: list[dict[str, Any]]
    strengths: list[str]


class CostEstimate(_Model):
    monthly_eur: float
    currency: str = "EUR"
    calls_per_month: int
    average_call_minutes: float
    minutes_per_month: float
    eur_per_minute: float
    breakdown: list[dict[str, Any]]
    usd_to_eur: float
    prices_as_of: str
    assumptions: list[str]


class GenerationResult(_Model):
    profile: dict[str, Any]
    sector: SectorInfo
    recommendations: dict[str, Any]
    quality: QualityReport
    cost: CostEstimate
    vapi_assistant: dict[str, Any]
    """A Vapi `CreateAssistantDTO` (camelCase JSON)."""
    generator_version: str
    generated_at: datetime


# --- configurator --------------------------------------------------------------------------------


class ConfiguratorTurn(_Model):
    """The configurator's answer to one turn (or its greeting)."""

    id: uuid.UUID
    reply: str
    done: bool
    profile: dict[str, Any]
    progress: int
    stage: str
    chips: list[str]
    recap: str | None
    asked: str | None
    assistant_id: uuid.UUID | None


class ConfiguratorTurnOut(_Model):
    role: str
    text: str
    created_at: datetime


class ConfiguratorSession(_Model):
    id: uuid.UUID
    done: bool
    stage: str
    progress: int
    profile: dict[str, Any]
    assistant_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    transcript: list[ConfiguratorTurnOut]


class ConfiguratorVoice(_Model):
    """What a browser hands to Vapi's Web SDK: `vapi.start(assistant, assistant_overrides)`."""

    public_key: str | None
    assistant: dict[str, Any]
    assistant_overrides: dict[str, Any]
    expires_at: datetime


class ConfiguratorSummary(_Model):
    id: uuid.UUID
    company_name: str | None
    stage: str
    progress: int
    updated_at: datetime


# --- calls, messages, stats ----------------------------------------------------------------------


class TakenMessage(_Model):
    id: uuid.UUID
    kind: str
    kind_label: str
    assistant_id: uuid.UUID | None
    call_id: uuid.UUID | None
    caller_name: str | None
    callback_number: str | None
    callback_display: str | None
    reason: str | None
    details: str | None
    urgent: bool
    preferred_date: str | None
    preferred_time: str | None
    party_size: int | None
    handled: bool
    created_at: datetime


class Call(_Model):
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


class CallTurn(_Model):
    role: str
    text: str
    seconds_from_start: float | None = None


class CallDetail(Call):
    caller_number: str | None
    caller_number_display: str
    phone_number: str | None
    transcript: str | None
    conversation: list[CallTurn]
    recording_url: str | None
    cost_usd: float | None
    structured: dict[str, Any] | None
    taken_messages: list[TakenMessage]


class WebhookEvent(_Model):
    id: uuid.UUID
    type: str
    dedupe_key: str
    provider_call_id: str | None
    received_at: datetime
    processed_at: datetime | None
    error: str | None


class DayStats(_Model):
    date: date
    calls: int
    minutes: float
    cost_eur: float


class AssistantStats(_Model):
    assistant_id: uuid.UUID | None
    name: str
    calls: int


class ReasonStats(_Model):
    reason: str | None
    label: str
    calls: int


class Stats(_Model):
    period: str
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
    per_assistant: list[AssistantStats]
    per_ended_reason: list[ReasonStats]


class Alert(_Model):
    kind: str
    level: str
    title: str
    detail: str
    link: str
