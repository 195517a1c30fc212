from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, tenant_table
from allokoli.kit.clock import utcnow


class Rehearsal(IdMixin, Base):
    """One dress rehearsal of an assistant version: every scenario, every run, every reply and
    tool call (`results`), and the owner's override of a failure, if any."""

    __tablename__ = tenant_table("rehearsals")
    __table_args__ = (Index("ix_rehearsals_assistant_created", "assistant_id", "created_at"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    assistant_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    provider: Mapped[str] = mapped_column(String(16))
    """"sandbox" or "vapi": where the conversations ran."""
    passed: Mapped[bool]
    scenario_count: Mapped[int]
    failed_count: Mapped[int]
    runs_per_scenario: Mapped[int]
    duration_ms: Mapped[int]
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(200))
    overridden_at: Mapped[datetime | None]
    overridden_by: Mapped[str | None] = mapped_column(String(200))
    override_reason: Mapped[str | None] = mapped_column(Text)


class RehearsalScenario(IdMixin, Base):
    """A real call turned into a regression scenario: its caller's lines are replayed at every
    rehearsal of the assistant."""

    __tablename__ = tenant_table("rehearsal_scenarios")
    __table_args__ = (UniqueConstraint("assistant_id", "call_id"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assistants.id", ondelete="CASCADE"), index=True
    )
    call_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    lines: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
