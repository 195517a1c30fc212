"""Scheduling tables: what can be booked, with what, when, and by whom (issue 17).

Times are UTC. A booking occupies `booking_units` rows, one per capacity unit and per
15-minute cell it covers (buffer included): the unique index on (resource, cell, unit) is what
makes a double booking impossible on SQLite and PostgreSQL alike, whatever the concurrency.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin, tenant_table


class BookingMode(StrEnum):
    DIRECT = "direct"
    """The assistant books and the booking is confirmed at once."""
    REQUEST = "request"
    """The assistant takes a request that holds the slot until the owner accepts or declines."""


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    REQUESTED = "requested"
    DECLINED = "declined"
    CANCELLED = "cancelled"


#: Statuses whose booking holds its slot.
HOLDING = (BookingStatus.CONFIRMED.value, BookingStatus.REQUESTED.value)


class BookingSettings(IdMixin, TimestampMixin, Base):
    """How one assistant takes bookings."""

    __tablename__ = tenant_table("booking_settings")
    __table_args__ = (
        UniqueConstraint("assistant_id"),
        CheckConstraint("min_notice_minutes >= 0", name="notice"),
        CheckConstraint("horizon_days > 0", name="horizon"),
        CheckConstraint("slot_step_minutes > 0", name="step"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(16), default=BookingMode.DIRECT.value)
    min_notice_minutes: Mapped[int] = mapped_column(default=120)
    horizon_days: Mapped[int] = mapped_column(default=60)
    slot_step_minutes: Mapped[int] = mapped_column(default=30)


class BookingResource(IdMixin, TimestampMixin, Base):
    """A chair, a practitioner, a restaurant's seats, a garage's bays: `capacity` units."""

    __tablename__ = tenant_table("booking_resources")
    __table_args__ = (
        UniqueConstraint("assistant_id", "name"),
        CheckConstraint("capacity > 0", name="capacity"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    capacity: Mapped[int] = mapped_column(default=1)
    per_person: Mapped[bool] = mapped_column(default=False)
    """True for seats: a party of four takes four units; otherwise a booking takes one."""


class BookableService(IdMixin, TimestampMixin, Base):
    """A service a caller can book (« coupe homme », « vidange », « table »)."""

    __tablename__ = tenant_table("booking_services")
    __table_args__ = (
        UniqueConstraint("assistant_id", "name"),
        CheckConstraint("duration_minutes > 0", name="duration"),
        CheckConstraint("buffer_minutes >= 0", name="buffer"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    resource_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("booking_resources.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    duration_minutes: Mapped[int]
    buffer_minutes: Mapped[int] = mapped_column(default=0)
    price_cents: Mapped[int | None]


class Booking(IdMixin, TimestampMixin, Base):
    """An appointment or a reservation (confirmed, or a request the owner confirms)."""

    __tablename__ = tenant_table("bookings")
    __table_args__ = (
        UniqueConstraint("organization_id", "reference"),
        Index("ix_bookings_org_start", "organization_id", "start_at"),
        Index("ix_bookings_assistant_start", "assistant_id", "start_at"),
        Index("ix_bookings_org_callback", "organization_id", "callback_number"),
        # One booking per live tool call, whatever the copies (NULLs are distinct).
        Index("uq_bookings_org_tool_call", "organization_id", "tool_call_id", unique=True),
        CheckConstraint("party_size > 0", name="party"),
        CheckConstraint("end_at > start_at", name="span"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("booking_services.id", ondelete="RESTRICT"), index=True
    )
    resource_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("booking_resources.id", ondelete="RESTRICT"), index=True
    )
    reference: Mapped[str] = mapped_column(String(12))
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    """End of the service itself; the buffer after it is held in `booking_units` only."""
    party_size: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16), default=BookingStatus.CONFIRMED.value)
    customer_name: Mapped[str | None] = mapped_column(String(120))
    callback_number: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="owner")
    provider_call_id: Mapped[str | None] = mapped_column(String(64))
    tool_call_id: Mapped[str | None] = mapped_column(String(64))


class BookingUnit(IdMixin, Base):
    """One capacity unit of one resource held for one 15-minute cell by one booking."""

    __tablename__ = tenant_table("booking_units")
    __table_args__ = (UniqueConstraint("resource_id", "cell_start", "unit"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    resource_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("booking_resources.id", ondelete="CASCADE")
    )
    cell_start: Mapped[datetime]
    unit: Mapped[int]
    booking_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )


class BookingBlock(IdMixin, TimestampMixin, Base):
    """A span the owner blocked (a slot, a day): nothing can be booked in it."""

    __tablename__ = tenant_table("booking_blocks")
    __table_args__ = (
        Index("ix_booking_blocks_assistant_span", "assistant_id", "start_at", "end_at"),
        CheckConstraint("end_at > start_at", name="span"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(String(200))
