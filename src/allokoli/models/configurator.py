from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin, tenant_table
from allokoli.kit.clock import utcnow


class ConfiguratorSession(IdMixin, TimestampMixin, Base):
    """One owner's conversation with the configurator; the engine state after every turn."""

    __tablename__ = tenant_table("configurator_sessions")
    __table_args__ = (
        Index("ix_configurator_sessions_org_updated", "organization_id", "updated_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16), default="web")
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    stage: Mapped[str] = mapped_column(String(16))
    done: Mapped[bool] = mapped_column(default=False)
    company_name: Mapped[str | None] = mapped_column(String(120))
    assistant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("assistants.id", ondelete="SET NULL")
    )


class ConfiguratorTurn(IdMixin, Base):
    """Every message of a configurator conversation (auditable, replayable)."""

    __tablename__ = tenant_table("configurator_turns")
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("configurator_sessions.id", ondelete="CASCADE")
    )
    position: Mapped[int]
    role: Mapped[str] = mapped_column(String(12))
    """"owner" or "configurator"."""
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
