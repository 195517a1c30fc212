from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin, tenant_table
from allokoli.kit.clock import utcnow


class AssistantStatus(StrEnum):
    DRAFT = "draft"
    DEPLOYING = "deploying"
    ACTIVE = "active"
    ERROR = "error"
    PAUSED = "paused"


class Assistant(IdMixin, TimestampMixin, Base):
    """A generated voice assistant: the whole Vapi config as JSON, its facts and its status."""

    __tablename__ = tenant_table("assistants")
    __table_args__ = (
        Index("ix_assistants_org_updated", "organization_id", "updated_at"),
        Index("ix_assistants_org_provider", "organization_id", "provider_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default=AssistantStatus.DRAFT.value)
    status_reason: Mapped[str | None] = mapped_column(Text)
    sector_family: Mapped[str | None] = mapped_column(String(60))
    sector_subtype: Mapped[str | None] = mapped_column(String(60))
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The BusinessProfile it was generated from (None for imported configs)."""
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The Vapi CreateAssistantDTO, validated before every save."""
    generation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Recommendations, quality and cost of the last generation."""
    version: Mapped[int] = mapped_column(default=1)
    provider_id: Mapped[str | None] = mapped_column(String(64))
    deployed_version: Mapped[int | None]
    deployed_at: Mapped[datetime | None]
    push_sent_first_at: Mapped[datetime | None]
    """The first push to the provider since the last one whose outcome was recorded (None: every
    push so far is recorded). A push that timed out, or whose worker died, may still have created
    the assistant there: the retry looks for it among the provider's assistants created between
    these two times (`VapiGateway.find_assistant`), never through the whole account."""
    push_sent_last_at: Mapped[datetime | None]
    """The last such push."""


class AssistantVersion(IdMixin, Base):
    """Every save of an assistant, to diff and restore."""

    __tablename__ = tenant_table("assistant_versions")
    __table_args__ = (UniqueConstraint("assistant_id", "version"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    version: Mapped[int]
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PhoneNumberStatus(StrEnum):
    PROVISIONING = "provisioning"
    ACTIVE = "active"
    RELEASING = "releasing"
    RELEASED = "released"
    ERROR = "error"


class PhoneNumber(IdMixin, TimestampMixin, Base):
    """A phone number attached to an assistant (Twilio FR number imported into Vapi, or demo)."""

    __tablename__ = tenant_table("phone_numbers")

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("assistants.id", ondelete="SET NULL")
    )
    number: Mapped[str] = mapped_column(String(20))
    provider: Mapped[str] = mapped_column(String(16))
    """"twilio" or "sandbox"."""
    is_demo: Mapped[bool] = mapped_column(default=False)
    twilio_sid: Mapped[str | None] = mapped_column(String(64))
    provider_id: Mapped[str | None] = mapped_column(String(64))
    """The Vapi phone-number id."""
    status: Mapped[str] = mapped_column(String(16), default=PhoneNumberStatus.PROVISIONING.value)
    status_reason: Mapped[str | None] = mapped_column(Text)


class OutboxMessage(IdMixin, Base):
    """Work to do after commit (provider pushes), written in the same transaction as the change.

    Tenant data under RLS. The dispatcher finds every tenant's due rows through one narrow door
    (`deploy.outbox.due_messages`), then claims and processes each one inside a unit of work
    bound to the row's organisation.
    """

    __tablename__ = tenant_table("outbox")
    __table_args__ = (Index("ix_outbox_pending", "done_at", "next_attempt_at"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssistantTemplate(IdMixin, TimestampMixin, Base):
    """An organisation's own starting point for new assistants (agencies run many similar
    businesses): a saved config and profile."""

    __tablename__ = tenant_table("assistant_templates")

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    sector_family: Mapped[str | None] = mapped_column(String(60))
    sector_subtype: Mapped[str | None] = mapped_column(String(60))
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
