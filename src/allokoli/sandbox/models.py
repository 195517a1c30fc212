"""Tables of the embedded Vapi sandbox: tenant tables, one sandbox account per organisation.

Each organisation has one sandbox credential (`SandboxKey`): a random bearer token, stored sealed
(`kit.crypto`) with its SHA-256 for lookup. A request's token names the organisation; every
resource row carries its `organization_id` (row-level security on PostgreSQL, like every tenant
table). Every resource keeps its Vapi JSON body as sent (validated), with its secrets (headers,
tokens) sealed; the sandbox adds ids, `orgId` and timestamps when it answers.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin, tenant_table


def _organization() -> Mapped[uuid.UUID]:
    return mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))


class SandboxKey(IdMixin, TimestampMixin, Base):
    """The organisation's sandbox credential (its "Vapi private key" in the sandbox)."""

    __tablename__ = tenant_table("sandbox_keys")

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), unique=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """Hex SHA-256 of the token: found before the tenant is known (see `sandbox.keys`)."""
    token_sealed: Mapped[str] = mapped_column(Text)


class SandboxAssistant(IdMixin, TimestampMixin, Base):
    """`POST /assistant`: the CreateAssistantDTO body."""

    __tablename__ = tenant_table("sandbox_assistants")
    __table_args__ = (
        Index("ix_sandbox_assistants_organization_created", "organization_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = _organization()
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class SandboxPhoneNumber(IdMixin, TimestampMixin, Base):
    """`POST /phone-number`: a Twilio import or a demo number allocated by the sandbox."""

    __tablename__ = tenant_table("sandbox_phone_numbers")
    __table_args__ = (
        UniqueConstraint("organization_id", "number"),
        Index("ix_sandbox_phone_numbers_organization_created", "organization_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = _organization()
    provider: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(20))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class SandboxCall(IdMixin, TimestampMixin, Base):
    """One chat conversation, seen as a Vapi `webCall` (the Call JSON minus ids and dates)."""

    __tablename__ = tenant_table("sandbox_calls")
    __table_args__ = (
        Index("ix_sandbox_calls_organization_created", "organization_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = _organization()
    assistant_id: Mapped[uuid.UUID | None]
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class SandboxChat(IdMixin, TimestampMixin, Base):
    """`POST /chat`: the request, the context messages, the output and the conversation state."""

    __tablename__ = tenant_table("sandbox_chats")
    __table_args__ = (
        Index("ix_sandbox_chats_organization_session", "organization_id", "session_id"),
        Index("ix_sandbox_chats_organization_created", "organization_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = _organization()
    call_id: Mapped[uuid.UUID]
    assistant_id: Mapped[uuid.UUID | None]
    previous_chat_id: Mapped[uuid.UUID | None]
    session_id: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The receptionist's conversation state after this turn (see `receptionist.State`)."""


class SandboxCredential(IdMixin, TimestampMixin, Base):
    """`POST /credential` (`provider: "webhook"`): how the sandbox signs its webhooks."""

    __tablename__ = tenant_table("sandbox_credentials")
    __table_args__ = (
        Index("ix_sandbox_credentials_organization_created", "organization_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = _organization()
    provider: Mapped[str] = mapped_column(String(32))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
