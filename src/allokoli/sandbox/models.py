"""Tables of the embedded Vapi sandbox.

The sandbox plays Vapi, not AlloKoli: these are *not* tenant tables. Rows are partitioned by
`org_id`, the SHA-256 of the bearer token that created them (each token is a separate sandbox
"account", like a Vapi private key). Every resource keeps its Vapi JSON body as sent (validated),
the sandbox adds ids, `orgId` and timestamps when it answers.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin

ORG_ID_LENGTH = 64
"""Hex SHA-256 of the bearer token."""


class SandboxAssistant(IdMixin, TimestampMixin, Base):
    """`POST /assistant`: the CreateAssistantDTO body."""

    __tablename__ = "sandbox_assistants"
    __table_args__ = (Index("ix_sandbox_assistants_org_created", "org_id", "created_at"),)

    org_id: Mapped[str] = mapped_column(String(ORG_ID_LENGTH))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class SandboxPhoneNumber(IdMixin, TimestampMixin, Base):
    """`POST /phone-number`: a Twilio import or a demo number allocated by the sandbox."""

    __tablename__ = "sandbox_phone_numbers"
    __table_args__ = (
        UniqueConstraint("org_id", "number"),
        Index("ix_sandbox_phone_numbers_org_created", "org_id", "created_at"),
    )

    org_id: Mapped[str] = mapped_column(String(ORG_ID_LENGTH))
    provider: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(20))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class SandboxCall(IdMixin, TimestampMixin, Base):
    """One chat conversation, seen as a Vapi `webCall` (the Call JSON minus ids and dates)."""

    __tablename__ = "sandbox_calls"
    __table_args__ = (Index("ix_sandbox_calls_org_created", "org_id", "created_at"),)

    org_id: Mapped[str] = mapped_column(String(ORG_ID_LENGTH))
    assistant_id: Mapped[uuid.UUID | None]
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class SandboxChat(IdMixin, TimestampMixin, Base):
    """`POST /chat`: the request, the context messages, the output and the conversation state."""

    __tablename__ = "sandbox_chats"
    __table_args__ = (
        Index("ix_sandbox_chats_org_session", "org_id", "session_id"),
        Index("ix_sandbox_chats_org_created", "org_id", "created_at"),
    )

    org_id: Mapped[str] = mapped_column(String(ORG_ID_LENGTH))
    call_id: Mapped[uuid.UUID]
    assistant_id: Mapped[uuid.UUID | None]
    previous_chat_id: Mapped[uuid.UUID | None]
    session_id: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The receptionist's conversation state after this turn (see `receptionist.State`)."""


class SandboxCredential(IdMixin, TimestampMixin, Base):
    """`POST /credential` (`provider: "webhook"`): how the sandbox signs its webhooks."""

    __tablename__ = "sandbox_credentials"
    __table_args__ = (Index("ix_sandbox_credentials_org_created", "org_id", "created_at"),)

    org_id: Mapped[str] = mapped_column(String(ORG_ID_LENGTH))
    provider: Mapped[str] = mapped_column(String(32))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
