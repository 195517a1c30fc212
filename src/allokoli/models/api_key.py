from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin, tenant_table


class ApiKey(IdMixin, TimestampMixin, Base):
    """An API key of one organisation. Only a SHA-256 of the secret is stored.

    The key is `ak_<prefix>_<secret>`: the prefix finds the row, the hash proves the secret. A
    fast hash is right here because the secret is 32 random bytes, not a password.
    """

    __tablename__ = tenant_table("api_keys")

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
