from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin


class User(IdMixin, TimestampMixin, Base):
    """A person who logs in. Identity, not tenant data: memberships link users to organisations.

    Their browser sessions are `UserSession` rows (revocable one by one or all at once)."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    consent_at: Mapped[datetime]
    """When the user accepted the terms and the privacy policy (RGPD consent at sign-up)."""
    terms_version: Mapped[str | None] = mapped_column(String(32))
    """Which version of those texts they accepted (`legal.content.VERSION`; None: signed up
    before versions were recorded)."""
    last_login_at: Mapped[datetime | None]
