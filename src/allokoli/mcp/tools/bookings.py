"""Bookings: free slots, the agenda, booking, moving, accepting and cancelling."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from mcp.server.mcpserver import Context
from pydantic import AwareDatetime, Field

from allokoli.bookings import owner
from allokoli.bookings.schemas import (
    Availability,
    BookingCreate,
    BookingOut,
    BookingPage,
    BookingUpdate,
)
from allokoli.mcp.server import runtime
from allokoli.mcp.tools.common import READ, WRITE, Tools


def check_availability(
    ctx: Context,
    assistant_id: Annotated[uuid.UUID, Field(description="`id` from list_assistants.")],
    day: Annotated[
        date | None, Field(default=None, description="Day (Europe/Paris); default: the next ones.")
    ] = None,
    service: Annotated[
        str | None, Field(default=None, max_length=80, description="Service name or id.")
    ] = None,
    party_size: Annotated[int, Field(default=1, ge=1, le=50)] = 1,
) -> Availability:
    """Up to three free slots of an assistant's agenda for a service on a day (or the nearest
    ones, with the reason that day is not possible), each also worded in French for speech."""
    rt = runtime(ctx)
    with rt.unit(ctx) as (session, principal):
        return owner.availability(
            session,
            principal.tenant,
            assistant_id,
            day=day,
            service_name=service,
            party_size=party_size,
            now=rt.services.clock(),
            runtime=rt.services.bookings,
        )


def list_bookings(
    ctx: Context,
    assistant_id: Annotated[
        uuid.UUID | None, Field(default=None, description="Only this assistant's bookings.")
    ] = None,
    date_from: Annotated[
        date | None, Field(default=None, description="First day (Europe/Paris); default today.")
    ] = None,
    date_to: Annotated[date | None, Field(default=None, description="Last day, included.")] = None,
    status: Annotated[
        Literal["confirmed", "requested", "declined", "cancelled"] | None,
        Field(default=None, description="Only bookings in this state."),
    ] = None,
    limit: Annotated[int, Field(default=50, ge=1, le=200)] = 50,
    offset: Annotated[int, Field(default=0, ge=0, le=100_000)] = 0,
) -> BookingPage:
    """Bookings and requests on your assistants' agendas by start time: reference, service,
    caller's name and number, party size, status; filters and offset pagination."""
    rt = runtime(ctx)
    with rt.unit(ctx) as (session, principal):
        return owner.list_bookings(
            session,
            principal.tenant,
            assistant_id=assistant_id,
            date_from=date_from,
            date_to=date_to,
            status=status,
            limit=limit,
            offset=offset,
            now=rt.services.clock(),
        )


def create_booking(
    ctx: Context,
    assistant_id: Annotated[uuid.UUID, Field(description="`id` from list_assistants.")],
    start_at: Annotated[AwareDatetime, Field(description="Start, with its UTC offset.")],
    service: Annotated[str, Field(min_length=1, max_length=80, description="Service name or id.")],
    customer_name: Annotated[str | None, Field(default=None, max_length=120)] = None,
    callback_number: Annotated[
        str | None, Field(default=None, max_length=32, description="French mobile or fixed.")
    ] = None,
    party_size: Annotated[int, Field(default=1, ge=1, le=50)] = 1,
    note: Annotated[str | None, Field(default=None, max_length=2000)] = None,
) -> BookingOut:
    """Book a slot on an assistant's agenda; refused (with the French reason) when it is no
    longer free, closed, in the past or outside the hours."""
    rt = runtime(ctx)
    body = BookingCreate(
        assistant_id=assistant_id,
        start_at=start_at,
        service=service,
        customer_name=customer_name,
        callback_number=callback_number,
        party_size=party_size,
        note=note,
    )
    with rt.unit(ctx) as (session, principal):
        return owner.create_booking(
            session,
            principal.tenant,
            body,
            now=rt.services.clock(),
            runtime=rt.services.bookings,
            actor=principal.actor,
        )


def update_booking(
    ctx: Context,
    booking_id: Annotated[uuid.UUID, Field(description="`id` from list_bookings.")],
    start_at: Annotated[
        AwareDatetime | None, Field(default=None, description="Move the booking here.")
    ] = None,
    status: Annotated[
        Literal["confirmed", "declined", "cancelled"] | None,
        Field(default=None, description="Accept or decline a request, or cancel."),
    ] = None,
) -> BookingOut:
    """Move a booking to another start (its slot is claimed atomically), accept (`confirmed`)
    or decline a request the assistant took, or cancel a booking; every change is audited."""
    rt = runtime(ctx)
    with rt.unit(ctx) as (session, principal):
        return owner.update_booking(
            session,
            principal.tenant,
            booking_id,
            BookingUpdate(start_at=start_at, status=status),
            now=rt.services.clock(),
            runtime=rt.services.bookings,
            actor=principal.actor,
        )


TOOLS: Tools = (
    (check_availability, READ),
    (list_bookings, READ),
    (create_booking, WRITE),
    (update_booking, WRITE),
)
