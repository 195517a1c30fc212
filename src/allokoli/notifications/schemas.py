"""The contract of the notification settings, deliveries and unanswered questions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CallsFilter = Literal["all", "messages", "urgent", "none"]

CALLS_LABELS: dict[str, str] = {
    "all": "Tous les appels",
    "messages": "Les messages, rendez-vous et urgences",
    "urgent": "Les urgences seulement",
    "none": "Aucun (résumé quotidien seulement)",
}


class NotificationPreferences(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    assistant_id: uuid.UUID
    calls: CallsFilter
    email_enabled: bool
    sms_enabled: bool
    emails: list[str]
    phones: list[str]
    quiet_start: str | None
    quiet_end: str | None
    digest_enabled: bool
    caller_sms_enabled: bool


class NotificationPreferencesUpdate(BaseModel):
    """Every field optional: only those given change. Recipients are checked one by one and
    refused with the wrong one named (nothing is saved then)."""

    model_config = ConfigDict(extra="forbid")

    calls: CallsFilter | None = None
    email_enabled: bool | None = None
    sms_enabled: bool | None = None
    emails: list[str] | None = Field(default=None, max_length=5)
    phones: list[str] | None = Field(default=None, max_length=5)
    quiet_start: str | None = None
    quiet_end: str | None = None
    digest_enabled: bool | None = None
    caller_sms_enabled: bool | None = None


class Delivery(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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


class KnowledgeGapOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    assistant_id: uuid.UUID
    question: str
    asked_count: int
    last_asked_at: datetime
    answer: str | None
    answered_at: datetime | None
    answered_version: int | None


class KnowledgeGapAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1, max_length=1000)


class OptOutIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = Field(min_length=1, max_length=40)


class OptOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    source: str
    created_at: datetime
