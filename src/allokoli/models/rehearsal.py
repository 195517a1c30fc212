from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
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
