from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, tenant_table


class WebhookFailure(IdMixin, Base):
    """Rejected webhook requests of one organisation, counted per hour (for alerts).

    A counter, not a log: a flood of forged requests adds to one row per hour instead of
    one row per request. Rejections for an unknown URL key have no tenant and are not counted.
    """

    __tablename__ = tenant_table("webhook_failures")
    __table_args__ = (UniqueConstraint("organization_id", "kind", "hour"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(20))
    """"auth" (signature or secret refused, HTTP 401)."""
    hour: Mapped[datetime]
    """Start of the UTC hour the failures happened in."""
    count: Mapped[int] = mapped_column(default=0)
