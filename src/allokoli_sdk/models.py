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
    "Availability",
    "Booking",
    "BookingBlock",
    "BookingPage",
    "BookingResource",
    "BookingService",
    "BookingSettings",
    "Budget",
    "Call",
    "CallDetail",
    "CallScenario",
    "CallTurn",
    "ChatReply",
    "Closure",
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
    "KnowledgeGap",
    "Me",
    "NotificationDelivery",
    "NotificationSettings",
    "NumberRule",
    "Organization",
    "Page",
    "PhoneNumber",
    "PromptLine",
    "QualityReport",
    "ReasonStats",
    "Rehearsal",
    "RehearsalReport",
    "SectorInfo",
    "SessionsRevoked",
    "Slot",
    "SmsOptOut",
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


class Rehearsal(_Model):
    """A dress rehearsal of one assistant version (summary)."""

    id: uuid.UUID
    assistant_id: uuid.UUID
    assistant_version: int
    created_at: datetime
    provider: str
    passed: bool
    scenario_count: int
    failed_count: int
    runs_per_scenario: int
    duration_ms: int
    actor: str
    overridden_at: datetime | None = None
    overridden_by: str | None = None
    override_reason: str | None = None


class RehearsalReport(Rehearsal):
    """The report card: every scenario (`id`, `title`, `passed`, `pass_rate`, `problems` in
    French, `judge`, `runs` with their turns and tool calls), `changes` since the previous
    version, and whether it `blocks_deploy`."""

    scenarios: list[dict[str, Any]]
    changes: list[dict[str, Any]] = []
    blocks_deploy: bool = False


class CallScenario(_Model):
    """A real call kept as a regression scenario of its assistant."""

    id: uuid.UUID
    assistant_id: uuid.UUID
    call_id: uuid.UUID | None
    title: str
    lines: list[str]
    created_at: datetime


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
    sms_consent: bool = False
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


class NotificationSettings(_Model):
    """Who is told about an assistant's calls, and how."""

    assistant_id: uuid.UUID
    calls: str
    email_enabled: bool
    sms_enabled: bool
    emails: list[str]
    phones: list[str]
    quiet_start: str | None
    quiet_end: str | None
    digest_enabled: bool
    caller_sms_enabled: bool


class NotificationDelivery(_Model):
    id: uuid.UUID
    assistant_id: uuid.UUID | None
    provider_call_id: str | None
    kind: str
    channel: str
    recipient: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class KnowledgeGap(_Model):
    """A question callers asked that the assistant could not answer."""

    id: uuid.UUID
    assistant_id: uuid.UUID
    question: str
    asked_count: int
    last_asked_at: datetime
    answer: str | None
    answered_at: datetime | None
    answered_version: int | None


class SmsOptOut(_Model):
    id: uuid.UUID
    number: str
    source: str
    created_at: datetime


class NumberRule(_Model):
    """A protected (always forwarded to the owner) or blocked (refused) caller number."""

    id: uuid.UUID
    number: str
    display: str
    kind: str
    label: str | None = None
    created_at: datetime


class Closure(_Model):
    """« Fermeture exceptionnelle / congés »: the assistants say it during the period."""

    id: uuid.UUID
    assistant_id: uuid.UUID | None = None
    starts_on: date
    ends_on: date
    message: str | None = None
    active: bool


class Budget(_Model):
    """The monthly budget and the month's estimated spend."""

    month: str
    monthly_budget_eur: float | None = None
    auto_pause: bool
    spent_eur: float
    minutes: float
    percent: int | None = None
    paused: bool


class Booking(_Model):
    """A booking or a request on an assistant's agenda (times in UTC)."""

    id: uuid.UUID
    reference: str
    assistant_id: uuid.UUID
    service_id: uuid.UUID
    resource_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    party_size: int
    status: str
    customer_name: str | None
    callback_number: str | None
    note: str | None
    source: str
    created_at: datetime


class BookingPage(_Model):
    items: list[Booking]
    total: int


class Slot(_Model):
    start_at: datetime
    end_at: datetime
    spoken: str


class Availability(_Model):
    service_id: uuid.UUID
    service: str
    slots: list[Slot]
    exact: bool
    reason: str | None


class BookingSettings(_Model):
    assistant_id: uuid.UUID
    mode: str
    min_notice_minutes: int
    horizon_days: int
    slot_step_minutes: int


class BookingResource(_Model):
    id: uuid.UUID
    name: str
    capacity: int
    per_person: bool


class BookingService(_Model):
    id: uuid.UUID
    name: str
    duration_minutes: int
    buffer_minutes: int
    price_cents: int | None
    resource_id: uuid.UUID


class BookingBlock(_Model):
    id: uuid.UUID
    assistant_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    reason: str | None
