"""The scheduling API's contract."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from allokoli.models import BookableService, Booking, BookingBlock, BookingResource, BookingSettings

Status = Literal["confirmed", "requested", "declined", "cancelled"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class BookingOut(BaseModel):
    id: uuid.UUID
    reference: str
    assistant_id: uuid.UUID
    service_id: uuid.UUID
    resource_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    party_size: int
    status: Status | str
    customer_name: str | None
    callback_number: str | None
    note: str | None
    source: str
    created_at: datetime

    @classmethod
    def of(cls, b: Booking) -> BookingOut:
        return cls(
            id=b.id,
            reference=b.reference,
            assistant_id=b.assistant_id,
            service_id=b.service_id,
            resource_id=b.resource_id,
            start_at=b.start_at,
            end_at=b.end_at,
            party_size=b.party_size,
            status=b.status,
            customer_name=b.customer_name,
            callback_number=b.callback_number,
            note=b.note,
            source=b.source,
            created_at=b.created_at,
        )


class BookingPage(BaseModel):
    items: list[BookingOut]
    total: int


class BookingCreate(_In):
    assistant_id: uuid.UUID
    start_at: AwareDatetime = Field(description="Start, with its UTC offset.")
    service: str = Field(min_length=1, max_length=80, description="Service id or name.")
    party_size: int = Field(default=1, ge=1, le=50)
    customer_name: str | None = Field(default=None, max_length=120)
    callback_number: str | None = Field(default=None, max_length=32)
    note: str | None = Field(default=None, max_length=2000)
    status: Literal["confirmed", "requested"] = "confirmed"


class BookingUpdate(_In):
    start_at: AwareDatetime | None = Field(default=None, description="Move the booking here.")
    status: Literal["confirmed", "declined", "cancelled"] | None = Field(
        default=None, description="Accept (`confirmed`) or decline a request; cancel a booking."
    )


class Slot(BaseModel):
    start_at: datetime
    end_at: datetime
    spoken: str
    """The slot as the assistant says it (« mardi neuf mars à dix heures »)."""


class Availability(BaseModel):
    service_id: uuid.UUID
    service: str
    slots: list[Slot]
    exact: bool
    reason: str | None


class SettingsIn(_In):
    mode: Literal["direct", "request"] = "direct"
    min_notice_minutes: int = Field(default=120, ge=0, le=43200)
    horizon_days: int = Field(default=60, ge=1, le=365)
    slot_step_minutes: Literal[15, 30, 45, 60, 90, 120] = 30


class SettingsOut(BaseModel):
    assistant_id: uuid.UUID
    mode: str
    min_notice_minutes: int
    horizon_days: int
    slot_step_minutes: int

    @classmethod
    def of(cls, s: BookingSettings) -> SettingsOut:
        return cls(
            assistant_id=s.assistant_id,
            mode=s.mode,
            min_notice_minutes=s.min_notice_minutes,
            horizon_days=s.horizon_days,
            slot_step_minutes=s.slot_step_minutes,
        )


class ResourceIn(_In):
    name: str = Field(min_length=1, max_length=80)
    capacity: int = Field(ge=1, le=500)
    per_person: bool = False


class ResourceUpdate(_In):
    """Only the fields given change (null or absent: unchanged)."""

    name: str | None = Field(default=None, min_length=1, max_length=80)
    capacity: int | None = Field(default=None, ge=1, le=500)
    per_person: bool | None = None


class ResourceOut(BaseModel):
    id: uuid.UUID
    name: str
    capacity: int
    per_person: bool

    @classmethod
    def of(cls, r: BookingResource) -> ResourceOut:
        return cls(id=r.id, name=r.name, capacity=r.capacity, per_person=r.per_person)


class ServiceIn(_In):
    name: str = Field(min_length=1, max_length=80)
    duration_minutes: int = Field(ge=1, le=1440)
    buffer_minutes: int = Field(default=0, ge=0, le=1440)
    price_cents: int | None = Field(default=None, ge=0)
    resource_id: uuid.UUID


class ServiceUpdate(_In):
    """Only the fields given change (null or absent: unchanged, except `price_cents`)."""

    name: str | None = Field(default=None, min_length=1, max_length=80)
    duration_minutes: int | None = Field(default=None, ge=1, le=1440)
    buffer_minutes: int | None = Field(default=None, ge=0, le=1440)
    price_cents: int | None = Field(
        default=None, ge=0, description="The price in cents; `null` removes it, absent keeps it."
    )
    resource_id: uuid.UUID | None = None


class ServiceOut(BaseModel):
    id: uuid.UUID
    name: str
    duration_minutes: int
    buffer_minutes: int
    price_cents: int | None
    resource_id: uuid.UUID

    @classmethod
    def of(cls, s: BookableService) -> ServiceOut:
        return cls(
            id=s.id,
            name=s.name,
            duration_minutes=s.duration_minutes,
            buffer_minutes=s.buffer_minutes,
            price_cents=s.price_cents,
            resource_id=s.resource_id,
        )


class BlockIn(_In):
    start_at: AwareDatetime
    end_at: AwareDatetime
    reason: str | None = Field(default=None, max_length=200)


class BlockOut(BaseModel):
    id: uuid.UUID
    assistant_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    reason: str | None

    @classmethod
    def of(cls, b: BookingBlock) -> BlockOut:
        return cls(
            id=b.id,
            assistant_id=b.assistant_id,
            start_at=b.start_at,
            end_at=b.end_at,
            reason=b.reason,
        )
