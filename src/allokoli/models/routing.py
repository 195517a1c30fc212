"""Who the assistant answers, when the business is closed, and how much the month may cost:
protected and blocked numbers, closures, the monthly budget, and each screened inbound call."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, tenant_table
from allokoli.kit.clock import utcnow


class NumberKind(StrEnum):
    PROTECTED = "protected"
    """Family, VIP: forwarded straight to the owner, never to the assistant."""
    BLOCKED = "blocked"
    """Refused before the assistant picks up."""


class NumberRule(IdMixin, Base):
    """A caller number on one of the organisation's two lists.

    Unique per (organisation, number, kind): the services refuse a number on both lists, but
    two requests racing could still store both, and the call decision refuses such a number."""

    __tablename__ = tenant_table("number_rules")
    __table_args__ = (
        UniqueConstraint("organization_id", "number", "kind"),
        Index("ix_number_rules_org_created", "organization_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    number: Mapped[str] = mapped_column(String(20))
    """E.164."""
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Closure(IdMixin, Base):
    """« Fermeture exceptionnelle / congés »: from `starts_on` to `ends_on` (both included,
    days in Paris), for one assistant or (assistant_id None) every assistant of the
    organisation. `switched_on_at` / `switched_off_at` record when the scheduled job made the
    assistants say it (and stop saying it)."""

    __tablename__ = tenant_table("closures")
    __table_args__ = (Index("ix_closures_org_ends", "organization_id", "ends_on"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    assistant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("assistants.id", ondelete="CASCADE")
    )
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    switched_on_at: Mapped[datetime | None]
    switched_off_at: Mapped[datetime | None]


class SpendControl(IdMixin, Base):
    """The organisation's monthly budget (one row per organisation, absent: no budget)."""

    __tablename__ = tenant_table("spend_controls")
    __table_args__ = (UniqueConstraint("organization_id"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    monthly_budget_eur: Mapped[float | None]
    auto_pause: Mapped[bool] = mapped_column(default=False)
    """At 100 %, calls are forwarded to the owner instead of the assistant."""
    alerted_month: Mapped[str | None] = mapped_column(String(7))
    """"2026-12": the month `alerted_percent` is about."""
    alerted_percent: Mapped[int] = mapped_column(default=0)
    """The highest threshold (80, 100) the owner was told about in `alerted_month`."""
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ScreeningDecision(StrEnum):
    ASSISTANT = "assistant"
    FORWARDED = "forwarded"
    """Protected number, paused assistant or budget reached: sent to the owner."""
    BLOCKED = "blocked"


class CallScreening(IdMixin, Base):
    """What we answered to one `assistant-request` (an inbound call, before anyone speaks)."""

    __tablename__ = tenant_table("call_screenings")
    __table_args__ = (
        Index("ix_call_screenings_org_call", "organization_id", "provider_call_id"),
        Index("ix_call_screenings_org_created", "organization_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    provider_call_id: Mapped[str | None] = mapped_column(String(64))
    caller_number: Mapped[str | None] = mapped_column(String(32))
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
