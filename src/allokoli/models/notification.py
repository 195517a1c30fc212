"""Notifications: the owner's preferences, every message sent (or to send), the callers who
said STOP, and the questions an assistant could not answer."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin, tenant_table
from allokoli.kit.clock import utcnow


class NotificationSettings(IdMixin, TimestampMixin, Base):
    """What an assistant's owner wants to hear about its calls, and where."""

    __tablename__ = tenant_table("notification_settings")
    __table_args__ = (UniqueConstraint("organization_id", "assistant_id"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    calls: Mapped[str] = mapped_column(String(16), default="messages")
    """Which calls are notified: "all", "messages" (a message, a booking or urgent), "urgent",
    "none"."""
    email_enabled: Mapped[bool] = mapped_column(default=True)
    sms_enabled: Mapped[bool] = mapped_column(default=False)
    emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    """SMS quiet hours, Europe/Paris ("HH:MM"); None: none."""
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    digest_enabled: Mapped[bool] = mapped_column(default=True)
    caller_sms_enabled: Mapped[bool] = mapped_column(default=True)
    """Send the caller's confirmation SMS (only when the caller said yes)."""
    unsubscribe_token: Mapped[str] = mapped_column(String(64), unique=True)


class NotificationDelivery(IdMixin, TimestampMixin, Base):
    """One e-mail or SMS to one recipient: sent at most once (`idempotency_key`).

    `status` moves pending → sending (committed before the network call) → sent, or back to
    pending with `last_error` for a retry, or failed; a run that finds « sending » knows an
    earlier attempt died mid-send and does not send blindly again (see notifications.sender).
    """

    __tablename__ = tenant_table("notification_deliveries")
    __table_args__ = (
        UniqueConstraint("organization_id", "idempotency_key"),
        Index("ix_notification_deliveries_org_created", "organization_id", "created_at"),
        Index("ix_notification_deliveries_org_call", "organization_id", "provider_call_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    assistant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("assistants.id", ondelete="SET NULL")
    )
    provider_call_id: Mapped[str | None] = mapped_column(String(64))
    taken_message_id: Mapped[uuid.UUID | None]
    kind: Mapped[str] = mapped_column(String(24))
    """"call", "confirmation" (to the caller), "alert", "digest"."""
    channel: Mapped[str] = mapped_column(String(8))
    """"email" or "sms"."""
    recipient: Mapped[str] = mapped_column(String(320))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(String(300))
    text_body: Mapped[str | None] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    attempt_started_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    provider_ref: Mapped[str | None] = mapped_column(String(200))


class SmsOptOut(IdMixin, Base):
    """A number that said STOP: no SMS of this organisation goes to it any more."""

    __tablename__ = tenant_table("sms_opt_outs")
    __table_args__ = (UniqueConstraint("organization_id", "number"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    number: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16))
    """"twilio" (an inbound STOP) or "owner"."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KnowledgeGap(IdMixin, TimestampMixin, Base):
    """A question callers asked that the assistant could not answer, grouped by its key."""

    __tablename__ = tenant_table("knowledge_gaps")
    __table_args__ = (UniqueConstraint("organization_id", "assistant_id", "key"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(300))
    """The normalised question (notifications.gaps.question_key): similar wordings share it."""
    question: Mapped[str] = mapped_column(String(300))
    asked_count: Mapped[int] = mapped_column(default=0)
    last_asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_version: Mapped[int | None]
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class KnowledgeGapAsk(IdMixin, Base):
    """One call (or test chat) in which a gap's question was asked: counted once per call."""

    __tablename__ = tenant_table("knowledge_gap_asks")
    __table_args__ = (UniqueConstraint("organization_id", "gap_id", "provider_call_id"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    gap_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("knowledge_gaps.id", ondelete="CASCADE"))
    provider_call_id: Mapped[str] = mapped_column(String(64))
    wording: Mapped[str] = mapped_column(String(300))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
