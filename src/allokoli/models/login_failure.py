from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin
from allokoli.kit.clock import utcnow


class LoginFailure(IdMixin, Base):
    """A failed login, kept for throttling (per e-mail + IP, and per IP) over a sliding window."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_email_ip_at", "email", "ip", "at"),
        Index("ix_login_failures_ip_at", "ip", "at"),
    )

    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
