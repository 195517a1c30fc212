from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin
from allokoli.kit.security import random_token


class Organization(IdMixin, TimestampMixin, Base):
    """A business (or an agency): the tenant. Everything a customer owns hangs from one."""

    __tablename__ = "organizations"

    name: Mapped[str] = mapped_column(String(120))
    webhook_key: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: random_token(24)
    )
    """Unguessable key naming this tenant in its Vapi webhook URL."""
    retention_days: Mapped[int] = mapped_column(default=365)
