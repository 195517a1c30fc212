from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin, tenant_table
from allokoli.kit.clock import utcnow

#: Call statuses in the order a call goes through them; processing only ever moves forward.
CALL_STATUS_RANK = {
    "scheduled": 0,
    "queued": 1,
    "ringing": 2,
    "in-progress": 3,
    "forwarding": 4,
    "ended": 5,
}


class WebhookEvent(IdMixin, Base):
    """The inbox: every accepted Vapi event, stored before we answer 200.

    `dedupe_key` (unique per organisation) absorbs duplicates; for tool calls, `result` keeps the
    answer so that a retried tool call gets the same one.
    """

    __tablename__ = tenant_table("webhook_events")
    __table_args__ = (
        UniqueConstraint("organization_id", "dedupe_key"),
        Index("ix_webhook_events_unprocessed", "processed_at"),
        Index("ix_webhook_events_org_call", "organization_id", "provider_call_id"),
        Index("ix_webhook_events_org_received", "organization_id", "received_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    dedupe_key: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(40))
    provider_call_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Call(IdMixin, TimestampMixin, Base):
    __tablename__ = tenant_table("calls")
    __table_args__ = (
        UniqueConstraint("organization_id", "provider_call_id"),
        Index(
            "ix_calls_stats",
            "organization_id",
            "started_at",
            "id",
            "ended_reason",
            "duration_seconds",
            "cost_eur",
            "outside_hours",
            "assistant_id",
        ),
        Index(
            "ix_calls_org_assistant_started",
            "organization_id",
            "assistant_id",
            "started_at",
            "id",
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    assistant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("assistants.id", ondelete="SET NULL")
    )
    provider_call_id: Mapped[str] = mapped_column(String(64))
    type: Mapped[str | None] = mapped_column(String(40))
    phone_number: Mapped[str | None] = mapped_column(String(20))
    """Our number that was called (E.164)."""
    caller_number: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    duration_seconds: Mapped[float | None]
    ended_reason: Mapped[str | None] = mapped_column(String(120))
    transcript: Mapped[str | None] = mapped_column(Text)
    messages: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    summary: Mapped[str | None] = mapped_column(Text)
    recording_url: Mapped[str | None] = mapped_column(String(1000))
    cost_usd: Mapped[float | None]
    cost_eur: Mapped[float | None]
    structured: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    outside_hours: Mapped[bool | None]


class TakenMessage(IdMixin, TimestampMixin, Base):
    """A message or an appointment request taken by an assistant for the owner."""

    __tablename__ = tenant_table("taken_messages")
    __table_args__ = (
        Index("ix_taken_messages_org_created", "organization_id", "created_at"),
        Index("ix_taken_messages_org_call", "organization_id", "provider_call_id"),
        Index("ix_taken_messages_org_kind_created", "organization_id", "kind", "created_at"),
        Index("ix_taken_messages_org_handled_created", "organization_id", "handled", "created_at"),
        # One message per live tool call, whatever the copies and the order (NULLs are distinct:
        # messages kept from an end-of-call report have none).
        Index("uq_taken_messages_org_tool_call", "organization_id", "tool_call_id", unique=True),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    assistant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("assistants.id", ondelete="SET NULL")
    )
    call_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"))
    provider_call_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    """"message" or "appointment"."""
    caller_name: Mapped[str | None] = mapped_column(String(120))
    callback_number: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(60))
    details: Mapped[str | None] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(default=False)
    preferred_date: Mapped[str | None] = mapped_column(String(20))
    preferred_time: Mapped[str | None] = mapped_column(String(60))
    party_size: Mapped[int | None]
    handled: Mapped[bool] = mapped_column(default=False)
    sms_consent: Mapped[bool] = mapped_column(default=False)
    """The caller said yes to a confirmation SMS (the tool's `confirmation_sms` argument)."""
    tool_call_id: Mapped[str | None] = mapped_column(String(64))
