"""REST: /api/v1/bookings and an assistant's availability and booking rules."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from allokoli.bookings import config, owner
from allokoli.bookings.owner import MAX_LIMIT
from allokoli.bookings.schemas import (
    Availability,
    BlockIn,
    BlockOut,
    BookingCreate,
    BookingOut,
    BookingPage,
    BookingUpdate,
    ResourceIn,
    ResourceOut,
    ResourceUpdate,
    ServiceIn,
    ServiceOut,
    ServiceUpdate,
    SettingsIn,
    SettingsOut,
    Status,
)
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep

router = APIRouter(prefix="/api/v1", tags=["bookings"])


@router.get("/bookings", operation_id="bookings-list")
def list_bookings(
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    assistant_id: uuid.UUID | None = None,
    date_from: Annotated[
        date | None, Query(alias="from", description="First day (Paris), included; default today")
    ] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last day, included")] = None,
    status: Status | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> BookingPage:
    """Bookings and requests by start time, filtered by assistant, days and status."""
    return owner.list_bookings(
        session,
        principal.tenant,
        assistant_id=assistant_id,
        date_from=date_from,
        date_to=date_to,
        status=status,
        limit=limit,
        offset=offset,
        now=services.clock(),
    )


@router.post("/bookings", status_code=201, operation_id="bookings-create")
def create_booking(
    body: BookingCreate, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> BookingOut:
    """Book a slot (409 when it is no longer free)."""
    return owner.create_booking(
        session,
        principal.tenant,
        body,
        now=services.clock(),
        runtime=services.bookings,
        actor=principal.actor,
    )


@router.get("/bookings/{booking_id}", operation_id="bookings-get")
def get_booking(
    booking_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> BookingOut:
    """One booking."""
    return owner.get_booking(session, principal.tenant, booking_id)


@router.patch("/bookings/{booking_id}", operation_id="bookings-update")
def update_booking(
    booking_id: uuid.UUID,
    body: BookingUpdate,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> BookingOut:
    """Move a booking, accept or decline a request, or cancel."""
    return owner.update_booking(
        session,
        principal.tenant,
        booking_id,
        body,
        now=services.clock(),
        runtime=services.bookings,
        actor=principal.actor,
    )


@router.post("/bookings/{booking_id}/cancel", operation_id="bookings-cancel")
def cancel_booking(
    booking_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> BookingOut:
    """Cancel a booking and free its slot."""
    return owner.cancel_booking(
        session, principal.tenant, booking_id, runtime=services.bookings, actor=principal.actor
    )


@router.get("/assistants/{assistant_id}/availability", operation_id="bookings-availability")
def availability(
    assistant_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    day: Annotated[
        date | None, Query(alias="date", description="Day (Paris); default next")
    ] = None,
    service: Annotated[str | None, Query(max_length=80, description="Service name or id")] = None,
    party_size: Annotated[int, Query(ge=1, le=50)] = 1,
    limit: Annotated[int, Query(ge=1, le=20)] = 3,
) -> Availability:
    """Free slots of a day, or the next free ones when that day has none."""
    return owner.availability(
        session,
        principal.tenant,
        assistant_id,
        day=day,
        service_name=service,
        party_size=party_size,
        now=services.clock(),
        runtime=services.bookings,
        limit=limit,
    )


@router.put("/assistants/{assistant_id}/booking-settings", operation_id="bookings-settings_set")
def set_settings(
    assistant_id: uuid.UUID, body: SettingsIn, principal: CurrentPrincipal, session: DbSession
) -> SettingsOut:
    """Turn bookings on for an assistant: mode, minimum notice, horizon, slot step."""
    return owner.set_settings(session, principal.tenant, assistant_id, body, actor=principal.actor)


@router.get("/assistants/{assistant_id}/booking-settings", operation_id="bookings-settings_get")
def get_settings(
    assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> SettingsOut:
    """An assistant's booking rules."""
    return owner.get_settings(session, principal.tenant, assistant_id)


@router.post(
    "/assistants/{assistant_id}/booking-resources",
    status_code=201,
    operation_id="bookings-resources_add",
)
def add_resource(
    assistant_id: uuid.UUID, body: ResourceIn, principal: CurrentPrincipal, session: DbSession
) -> ResourceOut:
    """Add a resource (chair, seats, bays) with its capacity."""
    return owner.add_resource(session, principal.tenant, assistant_id, body, actor=principal.actor)


@router.get("/assistants/{assistant_id}/booking-resources", operation_id="bookings-resources_list")
def list_resources(
    assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> list[ResourceOut]:
    """An assistant's resources."""
    return owner.list_resources(session, principal.tenant, assistant_id)


@router.patch(
    "/assistants/{assistant_id}/booking-resources/{resource_id}",
    operation_id="bookings-resources_update",
)
def update_resource(
    assistant_id: uuid.UUID,
    resource_id: uuid.UUID,
    body: ResourceUpdate,
    principal: CurrentPrincipal,
    session: DbSession,
) -> ResourceOut:
    """Rename a resource or change its capacity; only the fields given change (bookings already
    taken are kept)."""
    row = config.get_resource(session, principal.tenant, assistant_id, resource_id)
    row = config.update_resource(
        session,
        principal.tenant,
        assistant_id,
        resource_id,
        row.name if body.name is None else body.name,
        row.capacity if body.capacity is None else body.capacity,
        per_person=row.per_person if body.per_person is None else body.per_person,
        actor=principal.actor,
    )
    return ResourceOut.of(row)


@router.delete(
    "/assistants/{assistant_id}/booking-resources/{resource_id}",
    status_code=204,
    operation_id="bookings-resources_delete",
)
def delete_resource(
    assistant_id: uuid.UUID, resource_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> None:
    """Delete a resource no service uses and no booking holds (422 with the reason otherwise)."""
    config.get_resource(session, principal.tenant, assistant_id, resource_id)
    config.delete_resource(
        session, principal.tenant, assistant_id, resource_id, actor=principal.actor
    )


@router.post(
    "/assistants/{assistant_id}/booking-services",
    status_code=201,
    operation_id="bookings-services_add",
)
def add_service(
    assistant_id: uuid.UUID, body: ServiceIn, principal: CurrentPrincipal, session: DbSession
) -> ServiceOut:
    """Add a bookable service (duration, buffer after, price, resource)."""
    return owner.add_service(session, principal.tenant, assistant_id, body, actor=principal.actor)


@router.get("/assistants/{assistant_id}/booking-services", operation_id="bookings-services_list")
def list_services(
    assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> list[ServiceOut]:
    """An assistant's bookable services."""
    return owner.list_services(session, principal.tenant, assistant_id)


@router.patch(
    "/assistants/{assistant_id}/booking-services/{service_id}",
    operation_id="bookings-services_update",
)
def update_service(
    assistant_id: uuid.UUID,
    service_id: uuid.UUID,
    body: ServiceUpdate,
    principal: CurrentPrincipal,
    session: DbSession,
) -> ServiceOut:
    """Change a service; only the fields given change (bookings already taken keep their
    times)."""
    row = config.get_service(session, principal.tenant, assistant_id, service_id)
    given = body.model_fields_set
    row = config.update_service(
        session,
        principal.tenant,
        assistant_id,
        service_id,
        name=row.name if body.name is None else body.name,
        duration_minutes=(
            row.duration_minutes if body.duration_minutes is None else body.duration_minutes
        ),
        buffer_minutes=row.buffer_minutes if body.buffer_minutes is None else body.buffer_minutes,
        price_cents=body.price_cents if "price_cents" in given else row.price_cents,
        resource_id=row.resource_id if body.resource_id is None else body.resource_id,
        actor=principal.actor,
    )
    return ServiceOut.of(row)


@router.delete(
    "/assistants/{assistant_id}/booking-services/{service_id}",
    status_code=204,
    operation_id="bookings-services_delete",
)
def delete_service(
    assistant_id: uuid.UUID, service_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> None:
    """Delete a service no booking was taken for (422 with the reason otherwise: rename it)."""
    config.get_service(session, principal.tenant, assistant_id, service_id)
    config.delete_service(
        session, principal.tenant, assistant_id, service_id, actor=principal.actor
    )


@router.post(
    "/assistants/{assistant_id}/booking-blocks",
    status_code=201,
    operation_id="bookings-blocks_add",
)
def add_block(
    assistant_id: uuid.UUID, body: BlockIn, principal: CurrentPrincipal, session: DbSession
) -> BlockOut:
    """Block a slot or a day: nothing can be booked in it."""
    return owner.add_block(session, principal.tenant, assistant_id, body, actor=principal.actor)
