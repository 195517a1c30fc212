"""The configurator's own Vapi assistant, deployed once per installation and voice setting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin
from allokoli.kit.clock import utcnow


class ConfiguratorDeployment(IdMixin, Base):
    """One row per voice setting (`ALLOKOLI_CONFIGURATOR_VOICE`): the provider's assistant, the
    hash of the config last pushed and the one wanted, and the push's own retry state.

    Installation-level, not tenant-owned: the configurator assistant serves every organisation
    (the session token a call carries says whose session it is), so it has no `organization_id`
    and no row-level security; the app role reads and writes it like `organizations`."""

    __tablename__ = "configurator_deployments"

    voice: Mapped[str] = mapped_column(String(16), unique=True)
    wanted_hash: Mapped[str] = mapped_column(String(64))
    """The hash of the config this code version and settings build."""
    pushed_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    """The hash of the config the provider's assistant has (None: never pushed)."""
    provider_id: Mapped[str | None] = mapped_column(String(100), default=None)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    """`pending` (a push is due or under way), `active` (pushed) or `error` (given up)."""
    status_reason: Mapped[str | None] = mapped_column(Text, default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    push_sent_first_at: Mapped[datetime | None] = mapped_column(default=None)
    """The first push sent whose answer was never recorded (a timeout, a crash): a retry looks
    for what it may have created between this and `push_sent_last_at` before creating."""
    push_sent_last_at: Mapped[datetime | None] = mapped_column(default=None)
    deployed_at: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
