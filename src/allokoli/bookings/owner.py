"""What an owner (REST, HTML, MCP) does with bookings: one function per action, shared by
every surface. Each takes the principal's tenant and actor, and the current time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.bookings import availability as av
from allokoli.bookings import config, service
from allokoli.bookings.errors import BookingRefused
from allokoli.bookings.repository import (
    BlockRepository,
    BookingRepository,
    ResourceRepository,
    ServiceRepository,
    SettingsRepository,
)
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
    ServiceIn,
    ServiceOut,
    SettingsIn,
    SettingsOut,
    Slot,
)
from allokoli.bookings.speech import slot_words
from allokoli.models import HOLDING, BookingBlock
from allokoli.tenancy import Tenant

MAX_LIMIT = 200


def list_bookings(
    session: Session,
    tenant: Tenant,
    *,
    assistant_id: uuid.UUID | None,
    date_from: date | None,
    date_to: date | None,
    status: str | None,
    limit: int,
    offset: int,
    now: datetime,
) -> BookingPage:
    today = now.astimezone(av.PARIS).date()
    first = date_from or today
    last = date_to or (first + timedelta(days=365))
    if last < first:
        return BookingPage(items=[], total=0)
    start, _ = av.local_day_bounds(first)
    _, end = av.local_day_bounds(last)
    statuses = [status] if status else None
    repo = BookingRepository(session, tenant)
    rows = repo.between(
        start, end, assistant_id=assistant_id, statuses=statuses, limit=limit, offset=offset
    )
    total = repo.count_between(start, end, assistant_id=assistant_id, statuses=statuses)
    return BookingPage(items=[BookingOut.of(b) for b in rows], total=total)


def get_booking(session: Session, tenant: Tenant, booking_id: uuid.UUID) -> BookingOut:
    return BookingOut.of(BookingRepository(session, tenant).get(booking_id))


def create_booking(
    session: Session,
    tenant: Tenant,
    body: BookingCreate,
    *,
    now: datetime,
    runtime: service.BookingRuntime,
    actor: str,
) -> BookingOut:
    booking = service.book(
        session,
        tenant,
        service.NewBooking(
            assistant_id=body.assistant_id,
            start=body.start_at,
            service=body.service,
            party_size=body.party_size,
            customer_name=body.customer_name,
            callback_number=body.callback_number,
            note=body.note,
            source="owner",
            status=body.status,
        ),
        now=now,
        runtime=runtime,
        actor=actor,
    )
    return BookingOut.of(booking)


def update_booking(
    session: Session,
    tenant: Tenant,
    booking_id: uuid.UUID,
    body: BookingUpdate,
    *,
    now: datetime,
    runtime: service.BookingRuntime,
    actor: str,
) -> BookingOut:
    booking = BookingRepository(session, tenant).get(booking_id)
    if body.start_at is None and body.status is None:
        raise BookingRefused("Indiquez un nouvel horaire ou un nouveau statut.")
    if body.start_at is not None:
        service.move(session, tenant, booking, body.start_at, now=now, runtime=runtime, actor=actor)
    if body.status == "confirmed" and booking.status != "confirmed":
        service.confirm(session, tenant, booking, runtime=runtime, actor=actor)
    elif body.status in ("declined", "cancelled"):
        service.cancel(session, tenant, booking, runtime=runtime, actor=actor, status=body.status)
    return BookingOut.of(booking)


def cancel_booking(
    session: Session,
    tenant: Tenant,
    booking_id: uuid.UUID,
    *,
    runtime: service.BookingRuntime,
    actor: str,
) -> BookingOut:
    booking = BookingRepository(session, tenant).get(booking_id)
    return BookingOut.of(service.cancel(session, tenant, booking, runtime=runtime, actor=actor))


def availability(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    *,
    day: date | None,
    service_name: str | None,
    party_size: int,
    now: datetime,
    runtime: service.BookingRuntime,
    limit: int = 3,
) -> Availability:
    sc = service.scope(session, tenant, assistant_id)
    proposal = service.propose(
        session,
        tenant,
        sc,
        service=service_name,
        party_size=party_size,
        day=day,
        at=None,
        now=now,
        runtime=runtime,
        limit=limit,
    )
    duration = timedelta(minutes=proposal.service.duration_minutes)
    return Availability(
        service_id=proposal.service.id,
        service=proposal.service.name,
        slots=[Slot(start_at=s, end_at=s + duration, spoken=slot_words(s)) for s in proposal.slots],
        exact=proposal.exact,
        reason=proposal.reason,
    )


def set_settings(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, body: SettingsIn, *, actor: str
) -> SettingsOut:
    row = config.set_rules(
        session,
        tenant,
        assistant_id,
        config.RulesIn(
            mode=body.mode,
            min_notice_minutes=body.min_notice_minutes,
            horizon_days=body.horizon_days,
            slot_step_minutes=body.slot_step_minutes,
        ),
        actor=actor,
    )
    return SettingsOut.of(row)


def get_settings(session: Session, tenant: Tenant, assistant_id: uuid.UUID) -> SettingsOut:
    service.scope(session, tenant, assistant_id)
    row = SettingsRepository(session, tenant).of_assistant(assistant_id)
    assert row is not None  # scope() refused otherwise
    return SettingsOut.of(row)


def add_resource(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, body: ResourceIn, *, actor: str
) -> ResourceOut:
    row = config.add_resource(
        session,
        tenant,
        assistant_id,
        body.name,
        body.capacity,
        per_person=body.per_person,
        actor=actor,
    )
    return ResourceOut.of(row)


def list_resources(session: Session, tenant: Tenant, assistant_id: uuid.UUID) -> list[ResourceOut]:
    AssistantRepository(session, tenant).get(assistant_id)
    return [
        ResourceOut.of(r) for r in ResourceRepository(session, tenant).of_assistant(assistant_id)
    ]


def add_service(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, body: ServiceIn, *, actor: str
) -> ServiceOut:
    row = config.add_service(
        session,
        tenant,
        assistant_id,
        name=body.name,
        duration_minutes=body.duration_minutes,
        buffer_minutes=body.buffer_minutes,
        price_cents=body.price_cents,
        resource_id=body.resource_id,
        actor=actor,
    )
    return ServiceOut.of(row)


def list_services(session: Session, tenant: Tenant, assistant_id: uuid.UUID) -> list[ServiceOut]:
    AssistantRepository(session, tenant).get(assistant_id)
    return [ServiceOut.of(s) for s in ServiceRepository(session, tenant).of_assistant(assistant_id)]


def add_block(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, body: BlockIn, *, actor: str
) -> BlockOut:
    row = service.block(
        session, tenant, assistant_id, body.start_at, body.end_at, body.reason, actor=actor
    )
    return BlockOut.of(row)


def utc(at: datetime) -> datetime:
    return at.astimezone(UTC)


# --- the agenda (HTML) ------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    booking: BookingOut
    service: str
    assistant: str
    time: str
    end: str


@dataclass(frozen=True)
class AgendaDay:
    day: date
    items: list[AgendaItem]
    blocks: list[BlockOut]


def agenda(
    session: Session, tenant: Tenant, first: date, days: int, assistant_id: uuid.UUID | None
) -> list[AgendaDay]:
    """Bookings and requests (cancelled and declined left out) and blocks, day by day."""
    start, _ = av.local_day_bounds(first)
    _, end = av.local_day_bounds(first + timedelta(days=days - 1))
    rows = BookingRepository(session, tenant).between(
        start, end, assistant_id=assistant_id, statuses=HOLDING, limit=2000
    )
    service_names = {s.id: s.name for s in ServiceRepository(session, tenant).list()}
    assistants = {a.id: a.name for a in AssistantRepository(session, tenant).list()}
    block_repo = BlockRepository(session, tenant)
    blocks = block_repo.list(
        block_repo.scoped()
        .where(BookingBlock.start_at < end, BookingBlock.end_at > start)
        .order_by(BookingBlock.start_at)
    )
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        d_start, d_end = av.local_day_bounds(day)
        items = [
            AgendaItem(
                booking=BookingOut.of(b),
                service=service_names.get(b.service_id, "—"),
                assistant=assistants.get(b.assistant_id, "—"),
                time=b.start_at.astimezone(av.PARIS).strftime("%H:%M"),
                end=b.end_at.astimezone(av.PARIS).strftime("%H:%M"),
            )
            for b in rows
            if d_start <= b.start_at < d_end
            and (assistant_id is None or b.assistant_id == assistant_id)
        ]
        day_blocks = [
            BlockOut.of(b)
            for b in blocks
            if b.start_at < d_end
            and b.end_at > d_start
            and (assistant_id is None or b.assistant_id == assistant_id)
        ]
        out.append(AgendaDay(day, items, day_blocks))
    return out


def next_bookings(
    session: Session, tenant: Tenant, now: datetime, limit: int = 5
) -> list[AgendaItem]:
    """The next bookings and requests, for the dashboard."""
    rows = BookingRepository(session, tenant).upcoming(now, limit)
    service_names = {s.id: s.name for s in ServiceRepository(session, tenant).list()}
    assistants = {a.id: a.name for a in AssistantRepository(session, tenant).list()}
    return [
        AgendaItem(
            booking=BookingOut.of(b),
            service=service_names.get(b.service_id, "—"),
            assistant=assistants.get(b.assistant_id, "—"),
            time=b.start_at.astimezone(av.PARIS).strftime("%d/%m %H:%M"),
            end=b.end_at.astimezone(av.PARIS).strftime("%H:%M"),
        )
        for b in rows
    ]


def block_day_or_slot(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    day: date,
    start: time | None,
    end: time | None,
    reason: str | None,
    *,
    actor: str,
) -> BlockOut:
    """Block a whole day (no times) or a slot of it, in Paris time."""
    if (start is None) != (end is None):
        raise BookingRefused(
            "Donnez l'heure de début et l'heure de fin, ou aucune pour la journée."
        )
    if start is None or end is None:
        first, last = av.local_day_bounds(day)
    else:
        first = datetime.combine(day, start, tzinfo=av.PARIS)
        last = datetime.combine(day, end, tzinfo=av.PARIS)
    row = service.block(session, tenant, assistant_id, first, last, reason, actor=actor)
    return BlockOut.of(row)
