from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, tenant_table
from allokoli.kit.clock import utcnow


class UserSession(IdMixin, Base):
    """A browser session of a user in one organisation, revocable server-side.

    The session cookie carries only a random token; this row holds a SHA-256 of it (the token is
    32 random bytes, so a fast hash is enough), never the token itself. A revoked or expired row
    authenticates nothing, whatever cookie is presented.
    """

    __tablename__ = tenant_table("user_sessions")

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[datetime | None]
