"""The agenda's links to the owner's calendar and to the business's closures.

- Availability also treats as busy the events imported from the owner's CalDAV calendar
  (`calendars.entries.CalendarBusySource`, read from our table, never the network) and every day
  closed beyond the weekly hours: « Fermeture exceptionnelle / congés » periods and French public
  holidays (`routing.closures.closed_ranges`).
- Every booking change is mirrored on the owner's calendar and in the ICS feed: a booking or a
  request is written as an event with a stable UID, a cancelled or declined one is removed. The
  write happens after the change commits (`push_entry` / `remove_entry` defer it to a job).

`Services` installs both into `BookingRuntime` (`link_calendar`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from allokoli.bookings.repository import BookingRepository, ServiceRepository
from allokoli.bookings.service import BookingRuntime
from allokoli.calendars.entries import CalendarBusySource, push_entry, remove_entry
from allokoli.calendars.ics import CalendarEntry
from allokoli.models import Booking, BookingStatus
from allokoli.routing.closures import closed_ranges
from allokoli.tenancy import Tenant

PARIS = ZoneInfo("Europe/Paris")
REMOVED = frozenset({BookingStatus.CANCELLED.value, BookingStatus.DECLINED.value})


def booking_uid(booking_id: uuid.UUID) -> str:
    """The event UID of a booking on the owner's calendar: stable across moves."""
    return f"{booking_id}@allokoli"


def _paris_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)


@dataclass
class OwnerBusySource:
    """The owner's calendar events and the closed days, as busy UTC intervals."""

    calendar: CalendarBusySource = field(default_factory=CalendarBusySource)

    def busy(
        self,
        session: Session,
        tenant: Tenant,
        assistant_id: uuid.UUID,
        start_utc: datetime,
        end_utc: datetime,
    ) -> list[tuple[datetime, datetime]]:
        intervals = list(self.calendar.busy(session, tenant, assistant_id, start_utc, end_utc))
        since = start_utc.astimezone(PARIS).date()
        until = end_utc.astimezone(PARIS).date()
        for closed in closed_ranges(session, tenant, assistant_id, since, until):
            intervals.append(
                (
                    _paris_midnight_utc(closed.start),
                    _paris_midnight_utc(closed.end + timedelta(days=1)),
                )
            )
        return sorted(intervals)


def _entry(session: Session, tenant: Tenant, booking: Booking) -> CalendarEntry:
    service = ServiceRepository(session, tenant).get(booking.service_id)
    who = booking.customer_name or "client"
    request = booking.status == BookingStatus.REQUESTED.value
    summary = f"{'Demande : ' if request else ''}{service.name} — {who}"
    lines = [f"Référence {booking.reference}"]
    if booking.party_size > 1:
        lines.append(f"{booking.party_size} personnes")
    if booking.callback_number:
        lines.append(f"Téléphone : {booking.callback_number}")
    if booking.note:
        lines.append(booking.note)
    if request:
        lines.append("Demande à confirmer dans l'agenda AlloKoli.")
    return CalendarEntry(
        uid=booking_uid(booking.id),
        start_utc=booking.start_at,
        end_utc=booking.end_at,
        summary=summary,
        description="\n".join(lines),
    )


def calendar_hook(
    clock: Callable[[], datetime],
) -> Callable[[Session, Tenant, uuid.UUID, str], None]:
    """The booking-change listener that mirrors the booking on the owner's calendar."""

    def mirror(session: Session, tenant: Tenant, booking_id: uuid.UUID, change: str) -> None:
        booking = BookingRepository(session, tenant).get(booking_id)
        if booking.status in REMOVED:
            remove_entry(session, tenant, booking_uid(booking_id), now=clock())
        else:
            entry = _entry(session, tenant, booking)
            push_entry(session, tenant, entry, booking.assistant_id, now=clock())

    return mirror


def link_calendar(runtime: BookingRuntime, clock: Callable[[], datetime]) -> None:
    """Install the owner's busy times and the calendar mirror into the scheduling runtime."""
    runtime.busy_source = OwnerBusySource()
    runtime.hooks.append(calendar_hook(clock))
