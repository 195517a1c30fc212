from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, tenant_table
from allokoli.kit.clock import utcnow


class AuditEntry(IdMixin, Base):
    """Who did what to which resource of an organisation, and when. Never updated."""

    __tablename__ = tenant_table("audit_log")
    __table_args__ = (Index("ix_audit_log_org_at", "organization_id", "at"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    actor: Mapped[str] = mapped_column(String(120))
    """"user:<uuid>", "apikey:<uuid>", "system" or "cli"."""
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
