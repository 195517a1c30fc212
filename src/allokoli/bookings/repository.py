"""SQL of the scheduling tables, every query scoped to the tenant."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, delete, func, insert, select

from allokoli.models import (
    HOLDING,
    BookableService,
    Booking,
    BookingBlock,
    BookingResource,
    BookingSettings,
    BookingUnit,
)
from allokoli.tenancy import TenantRepository


class SettingsRepository(TenantRepository[BookingSettings]):
    model = BookingSettings
    not_found = "Les réservations ne sont pas configurées pour cet assistant."

    def of_assistant(self, assistant_id: uuid.UUID) -> BookingSettings | None:
        return self.session.scalar(
            self.scoped().where(BookingSettings.assistant_id == assistant_id)
        )


class ResourceRepository(TenantRepository[BookingResource]):
    model = BookingResource
    not_found = "Ressource introuvable."

    def of_assistant(self, assistant_id: uuid.UUID) -> Sequence[BookingResource]:
        return self.list(
            self.scoped()
            .where(BookingResource.assistant_id == assistant_id)
            .order_by(BookingResource.name)
        )


class ServiceRepository(TenantRepository[BookableService]):
    model = BookableService
    not_found = "Prestation introuvable."

    def of_assistant(self, assistant_id: uuid.UUID) -> Sequence[BookableService]:
        return self.list(
            self.scoped()
            .where(BookableService.assistant_id == assistant_id)
            .order_by(BookableService.name)
        )


class BlockRepository(TenantRepository[BookingBlock]):
    model = BookingBlock
    not_found = "Blocage introuvable."

    def overlapping(
        self, assistant_id: uuid.UUID, start: datetime, end: datetime
    ) -> Sequence[BookingBlock]:
        return self.list(
            self.scoped()
            .where(
                BookingBlock.assistant_id == assistant_id,
                BookingBlock.start_at < end,
                BookingBlock.end_at > start,
            )
            .order_by(BookingBlock.start_at)
        )


class BookingRepository(TenantRepository[Booking]):
    model = Booking
    not_found = "Réservation introuvable."

    def between(
        self,
        start: datetime,
        end: datetime,
        *,
        assistant_id: uuid.UUID | None = None,
        statuses: Sequence[str] | None = None,
        callback_number: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Sequence[Booking]:
        return self.list(
            self._filtered(start, end, assistant_id, statuses, callback_number)
            .order_by(Booking.start_at, Booking.id)
            .limit(limit)
            .offset(offset)
        )

    def count_between(
        self,
        start: datetime,
        end: datetime,
        *,
        assistant_id: uuid.UUID | None = None,
        statuses: Sequence[str] | None = None,
        callback_number: str | None = None,
    ) -> int:
        return self.count(self._filtered(start, end, assistant_id, statuses, callback_number))

    def _filtered(
        self,
        start: datetime,
        end: datetime,
        assistant_id: uuid.UUID | None,
        statuses: Sequence[str] | None,
        callback_number: str | None,
    ) -> Select[Booking]:
        stmt = self.scoped().where(Booking.start_at >= start, Booking.start_at < end)
        if assistant_id is not None:
            stmt = stmt.where(Booking.assistant_id == assistant_id)
        if statuses:
            stmt = stmt.where(Booking.status.in_(list(statuses)))
        if callback_number:
            stmt = stmt.where(Booking.callback_number == callback_number)
        return stmt

    def count_using(
        self, *, service_id: uuid.UUID | None = None, resource_id: uuid.UUID | None = None
    ) -> int:
        """Bookings, of any status, of this service or on this resource (they keep it)."""
        stmt = self.scoped()
        if service_id is not None:
            stmt = stmt.where(Booking.service_id == service_id)
        if resource_id is not None:
            stmt = stmt.where(Booking.resource_id == resource_id)
        return self.count(stmt)

    def by_tool_call(self, tool_call_id: str) -> Booking | None:
        return self.session.scalar(self.scoped().where(Booking.tool_call_id == tool_call_id))

    def upcoming(self, now: datetime, limit: int) -> Sequence[Booking]:
        return self.list(
            self.scoped()
            .where(Booking.start_at >= now, Booking.status.in_(HOLDING))
            .order_by(Booking.start_at)
            .limit(limit)
        )


class UnitRepository(TenantRepository[BookingUnit]):
    """The occupancy rows. Inserting them is the booking's atomic claim (unique index)."""

    model = BookingUnit

    def used(
        self, resource_id: uuid.UUID, start: datetime, end: datetime
    ) -> dict[datetime, set[int]]:
        rows = self.session.execute(
            select(BookingUnit.cell_start, BookingUnit.unit).where(
                BookingUnit.organization_id == self.tenant.organization_id,
                BookingUnit.resource_id == resource_id,
                BookingUnit.cell_start >= start,
                BookingUnit.cell_start < end,
            )
        )
        out: dict[datetime, set[int]] = {}
        for cell, unit in rows:
            out.setdefault(cell, set()).add(unit)
        return out

    def counts(self, resource_id: uuid.UUID, start: datetime, end: datetime) -> dict[datetime, int]:
        rows = self.session.execute(
            select(BookingUnit.cell_start, func.count())
            .where(
                BookingUnit.organization_id == self.tenant.organization_id,
                BookingUnit.resource_id == resource_id,
                BookingUnit.cell_start >= start,
                BookingUnit.cell_start < end,
            )
            .group_by(BookingUnit.cell_start)
        )
        return {cell: int(n) for cell, n in rows}

    def claim(
        self, booking_id: uuid.UUID, resource_id: uuid.UUID, units: list[tuple[datetime, int]]
    ) -> None:
        """Insert the rows in (cell, unit) order, so that two claims lock in the same order on
        PostgreSQL (no deadlock). A unit taken meanwhile raises `IntegrityError`."""
        self.session.execute(
            insert(BookingUnit),
            [
                {
                    "id": uuid.uuid4(),
                    "organization_id": self.tenant.organization_id,
                    "resource_id": resource_id,
                    "cell_start": cell,
                    "unit": unit,
                    "booking_id": booking_id,
                }
                for cell, unit in sorted(units)
            ],
        )

    def release(self, booking_id: uuid.UUID) -> None:
        self.session.execute(
            delete(BookingUnit).where(
                BookingUnit.organization_id == self.tenant.organization_id,
                BookingUnit.booking_id == booking_id,
            )
        )
