"""Bookings: rules, availability, and the atomic claim of a slot.

A booking is written with its `booking_units` rows (one per capacity unit and 15-minute cell,
buffer included) in one savepoint. Two callers racing for the last unit both try to insert the
same (resource, cell, unit) row: the unique index lets one through; the other's savepoint rolls
back, it reads the occupancy again and takes another unit or finds the slot full. Nothing is
decided on a count read before the write.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.audit import service as audit
from allokoli.bookings import availability as av
from allokoli.bookings.errors import BookingRefused, SlotTaken
from allokoli.bookings.repository import (
    BlockRepository,
    BookingRepository,
    ResourceRepository,
    ServiceRepository,
    SettingsRepository,
    UnitRepository,
)
from allokoli.domain.profile import OpeningHours, normalize_french_phone
from allokoli.models import (
    HOLDING,
    Assistant,
    BookableService,
    Booking,
    BookingBlock,
    BookingMode,
    BookingResource,
    BookingSettings,
    BookingStatus,
)
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.bookings")

#: What a change hook is told: the booking and what happened to it.
ChangeHook = Callable[[Session, Tenant, uuid.UUID, str], None]
CHANGES = ("created", "moved", "cancelled", "confirmed", "declined")

REFERENCE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
MAX_PARTY = 50
SEARCH_DAYS = 21


@dataclass
class BookingRuntime:
    """What the scheduling services take from the outside, built once (`Services.bookings`).

    `busy_source` adds the owner's calendar busy intervals to ours; when it is missing or fails
    availability uses our own data only (the documented fallback). `hooks` are told of every
    created, moved, confirmed, declined or cancelled booking, in the change's transaction (the
    calendar side defers its `bookings.changed` job from there)."""

    busy_source: av.BusySource | None = None
    hooks: list[ChangeHook] = field(default_factory=list)

    def extra_busy(
        self,
        session: Session,
        tenant: Tenant,
        assistant_id: uuid.UUID,
        start: datetime,
        end: datetime,
    ) -> list[av.Interval]:
        if self.busy_source is None:
            return []
        try:
            with session.begin_nested():
                return list(self.busy_source.busy(session, tenant, assistant_id, start, end))
        except Exception:
            log.warning(
                "busy source failed; availability from our own bookings only", exc_info=True
            )
            return []

    def changed(self, session: Session, tenant: Tenant, booking_id: uuid.UUID, change: str) -> None:
        for hook in self.hooks:
            hook(session, tenant, booking_id, change)


# --- rules ------------------------------------------------------------------------------------


def french_callback(raw: str | None) -> str:
    """A French mobile or fixed number in E.164, or a French error."""
    text = (raw or "").strip()
    if not text:
        raise BookingRefused("Il faut un numéro de téléphone pour vous rappeler.")
    try:
        e164 = normalize_french_phone(text)
    except ValueError as exc:
        raise BookingRefused(
            f"« {text[:40]} » n'est pas un numéro de téléphone français valide."
        ) from exc
    if not e164.startswith("+33") or e164[3] not in "1234567 9".replace(" ", ""):
        raise BookingRefused(f"« {text[:40]} » n'est pas un numéro français de mobile ou de fixe.")
    return e164


@dataclass(frozen=True)
class Scope:
    """One assistant's booking rules, loaded once per call of a service."""

    assistant: Assistant
    settings: BookingSettings
    services: Sequence[BookableService]
    resources: dict[uuid.UUID, BookingResource]

    @property
    def hours(self) -> OpeningHours | None:
        raw = (self.assistant.profile or {}).get("opening_hours")
        return OpeningHours.model_validate(raw) if raw else None

    @property
    def postal_code(self) -> str | None:
        address = (self.assistant.profile or {}).get("address") or {}
        code = address.get("postal_code")
        return str(code) if code else None

    def service(self, wanted: str | uuid.UUID | None) -> BookableService:
        if not self.services:
            raise BookingRefused("Aucune prestation réservable n'est configurée.")
        if wanted is None or wanted == "":
            if len(self.services) == 1:
                return self.services[0]
            names = ", ".join(s.name for s in self.services)
            raise BookingRefused(f"Pour quelle prestation ? Au choix : {names}.")
        for s in self.services:
            if s.id == wanted or str(s.id) == str(wanted):
                return s
        key = _fold(str(wanted))
        matches = [
            s for s in self.services if key and (key in _fold(s.name) or _fold(s.name) in key)
        ]
        if len(matches) == 1:
            return matches[0]
        names = ", ".join(s.name for s in self.services)
        raise BookingRefused(
            f"La prestation « {str(wanted)[:60]} » n'existe pas. Au choix : {names}."
        )

    def rules(self, service: BookableService, party_size: int) -> av.Rules:
        if not 0 < party_size <= MAX_PARTY:
            raise BookingRefused(
                f"Le nombre de personnes doit être compris entre 1 et {MAX_PARTY}."
            )
        resource = self.resources[service.resource_id]
        units = party_size if resource.per_person else 1
        if units > resource.capacity:
            raise BookingRefused(
                f"Nous ne pouvons pas accueillir {party_size} personnes en même temps "
                f"(au plus {resource.capacity})."
            )
        return av.Rules(
            hours=self.hours,
            postal_code=self.postal_code,
            duration=timedelta(minutes=service.duration_minutes),
            buffer=timedelta(minutes=service.buffer_minutes),
            capacity=resource.capacity,
            units=units,
            step=timedelta(minutes=self.settings.slot_step_minutes),
            notice=timedelta(minutes=self.settings.min_notice_minutes),
            horizon=timedelta(days=self.settings.horizon_days),
        )


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if c.isalnum() or c == " ").split())


def scope(session: Session, tenant: Tenant, assistant_id: uuid.UUID) -> Scope:
    assistant = AssistantRepository(session, tenant).get(assistant_id)
    return scope_of(session, tenant, assistant)


def scope_of(session: Session, tenant: Tenant, assistant: Assistant) -> Scope:
    settings = SettingsRepository(session, tenant).of_assistant(assistant.id)
    if settings is None:
        raise BookingRefused("Les réservations ne sont pas configurées pour cet assistant.")
    resources = {r.id: r for r in ResourceRepository(session, tenant).of_assistant(assistant.id)}
    services = ServiceRepository(session, tenant).of_assistant(assistant.id)
    return Scope(assistant, settings, services, resources)


# --- availability -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DayAvailability:
    day: date
    closed_reason: str | None
    slots: list[datetime]


def day_availability(
    session: Session,
    tenant: Tenant,
    sc: Scope,
    rules: av.Rules,
    resource_id: uuid.UUID,
    day: date,
    now: datetime,
    runtime: BookingRuntime,
) -> DayAvailability:
    plan = av.day_plan(rules.hours, day, rules.postal_code)
    if plan.closed_reason is not None:
        return DayAvailability(day, plan.closed_reason, [])
    start = min(s for s, _ in plan.spans)
    end = max(e for _, e in plan.spans) + rules.buffer + av.CELL
    counts = UnitRepository(session, tenant).counts(resource_id, av.floor_cell(start), end)
    blocks = BlockRepository(session, tenant).overlapping(sc.assistant.id, start, end)
    busy = [(b.start_at, b.end_at) for b in blocks]
    busy += runtime.extra_busy(session, tenant, sc.assistant.id, start, end)
    occupancy = av.Occupancy(counts, busy)
    return DayAvailability(day, None, av.free_slots(rules, plan, occupancy, now))


@dataclass(frozen=True)
class Proposal:
    """The answer to « is it free? »: the slots, and why the asked ones were not."""

    service: BookableService
    slots: list[datetime]
    wanted_day: date | None
    wanted_at: datetime | None
    exact: bool
    """The asked time (or, without one, the asked day) has the slots given."""
    reason: str | None
    """Why the asked day or time has nothing (« fermé ce jour-là », « complet »…)."""


def propose(
    session: Session,
    tenant: Tenant,
    sc: Scope,
    *,
    service: str | uuid.UUID | None,
    party_size: int,
    day: date | None,
    at: datetime | None,
    now: datetime,
    runtime: BookingRuntime,
    limit: int = 3,
) -> Proposal:
    """Up to `limit` free slots for the asked day (and time), else the nearest ones after."""
    svc = sc.service(service)
    rules = sc.rules(svc, party_size)
    today = now.astimezone(av.PARIS).date()
    wanted_day = at.astimezone(av.PARIS).date() if at is not None else day
    reason: str | None = None
    if wanted_day is not None and wanted_day < today:
        reason = "cette date est passée"
    elif wanted_day is not None:
        found = day_availability(
            session, tenant, sc, rules, svc.resource_id, wanted_day, now, runtime
        )
        if found.slots:
            if at is not None:
                if at in found.slots:
                    return Proposal(svc, [at], wanted_day, at, True, None)
                reason = _why_not(rules, found, at, now)
                return Proposal(
                    svc, av.nearest(found.slots, at, limit), wanted_day, at, False, reason
                )
            return Proposal(
                svc, av.spread(found.slots, limit, timedelta(hours=1)), wanted_day, None, True, None
            )
        reason = found.closed_reason or _why_empty(rules, wanted_day, now)
    first = max(today, wanted_day) if wanted_day is not None else today
    slots: list[datetime] = []
    for offset in range(SEARCH_DAYS):
        d = first + timedelta(days=offset)
        if d == wanted_day:
            continue
        found = day_availability(session, tenant, sc, rules, svc.resource_id, d, now, runtime)
        slots.extend(
            found.slots[: limit - len(slots)]
            if len(found.slots) < 3
            else av.spread(found.slots, limit - len(slots), timedelta(hours=1))
        )
        if len(slots) >= limit:
            break
    return Proposal(svc, slots[:limit], wanted_day, at, wanted_day is None and bool(slots), reason)


def _why_not(rules: av.Rules, found: DayAvailability, at: datetime, now: datetime) -> str:
    plan = av.day_plan(rules.hours, found.day, rules.postal_code)
    inside = any(s <= at and at + rules.duration <= e for s, e in plan.spans)
    if not inside:
        return "c'est en dehors des horaires d'ouverture"
    if at < now + rules.notice:
        return "c'est trop tôt pour réserver"
    return "ce créneau est déjà pris"


def _why_empty(rules: av.Rules, day: date, now: datetime) -> str:
    start, _ = av.local_day_bounds(day)
    if start > now + rules.horizon:
        return "c'est trop loin pour réserver"
    return "c'est complet ce jour-là"


# --- booking ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewBooking:
    assistant_id: uuid.UUID
    start: datetime
    service: str | uuid.UUID | None
    party_size: int = 1
    customer_name: str | None = None
    callback_number: str | None = None
    note: str | None = None
    source: str = "owner"
    status: str | None = None
    """None: the assistant's mode decides (direct → confirmed, request → requested)."""
    provider_call_id: str | None = None
    tool_call_id: str | None = None


def _check_slot(rules: av.Rules, start: datetime, now: datetime, *, owner: bool) -> None:
    if start.tzinfo is None:
        raise BookingRefused("L'heure du rendez-vous doit préciser son fuseau horaire.")
    if start <= now:
        raise BookingRefused("Ce créneau est déjà passé.")
    if av.floor_cell(start) != start:
        raise BookingRefused(
            "Un rendez-vous commence à l'heure pile, au quart, à la demie ou à moins le quart."
        )
    local_day = start.astimezone(av.PARIS).date()
    plan = av.day_plan(rules.hours, local_day, rules.postal_code)
    if plan.closed_reason is not None:
        raise BookingRefused(f"Impossible de réserver ce jour-là : {plan.closed_reason}.")
    if not any(s <= start and start + rules.duration <= e for s, e in plan.spans):
        raise BookingRefused("Ce créneau est en dehors des horaires d'ouverture.")
    if not owner:
        earliest, latest = av.bookable_window(rules, now)
        if start < earliest:
            raise BookingRefused("Ce créneau est trop proche : il faut réserver plus à l'avance.")
        if start > latest:
            raise BookingRefused("Ce créneau est trop lointain pour être réservé maintenant.")


def _claim(
    session: Session,
    tenant: Tenant,
    booking: Booking,
    rules: av.Rules,
    busy: list[av.Interval],
) -> None:
    """Write the booking and its units, or raise `SlotTaken`; retried on a lost race."""
    units_repo = UnitRepository(session, tenant)
    span = av.cells(booking.start_at, booking.end_at + rules.buffer)
    for b_start, b_end in busy:
        if b_start < booking.end_at and booking.start_at < b_end:
            raise SlotTaken()
    for _attempt in range(rules.capacity + 3):
        used = units_repo.used(booking.resource_id, span[0], span[-1] + av.CELL)
        claim: list[tuple[datetime, int]] = []
        for cell in span:
            taken = used.get(cell, set())
            free = [u for u in range(rules.capacity) if u not in taken][: rules.units]
            if len(free) < rules.units:
                raise SlotTaken()
            claim.extend((cell, u) for u in free)
        booking.reference = _reference()
        try:
            with session.begin_nested():
                session.add(booking)
                session.flush()
                units_repo.claim(booking.id, booking.resource_id, claim)
            return
        except IntegrityError:
            # Another booking took a unit (or the reference) between our read and our insert.
            if booking in session:
                session.expunge(booking)
            continue
    raise SlotTaken()


def _reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def book(
    session: Session,
    tenant: Tenant,
    new: NewBooking,
    *,
    now: datetime,
    runtime: BookingRuntime,
    actor: str,
    sc: Scope | None = None,
) -> Booking:
    sc = sc or scope(session, tenant, new.assistant_id)
    svc = sc.service(new.service)
    rules = sc.rules(svc, new.party_size)
    owner = new.source != "call"
    start = new.start.astimezone(UTC)
    _check_slot(rules, start, now, owner=owner)
    callback = french_callback(new.callback_number) if (new.callback_number or not owner) else None
    name = (new.customer_name or "").strip()[:120] or None
    if not owner and not name:
        raise BookingRefused("Il faut le nom de la personne qui réserve.")
    status = new.status or (
        BookingStatus.CONFIRMED.value
        if sc.settings.mode == BookingMode.DIRECT.value
        else BookingStatus.REQUESTED.value
    )
    end = start + rules.duration
    busy = [
        (b.start_at, b.end_at)
        for b in BlockRepository(session, tenant).overlapping(sc.assistant.id, start, end)
    ]
    busy += runtime.extra_busy(session, tenant, sc.assistant.id, start, end)
    booking = Booking(
        id=uuid.uuid4(),
        organization_id=tenant.organization_id,
        assistant_id=sc.assistant.id,
        service_id=svc.id,
        resource_id=svc.resource_id,
        start_at=start,
        end_at=end,
        party_size=new.party_size,
        status=status,
        customer_name=name,
        callback_number=callback,
        note=(new.note or "").strip()[:2000] or None,
        source=new.source,
        provider_call_id=new.provider_call_id,
        tool_call_id=new.tool_call_id,
    )
    _claim(session, tenant, booking, rules, busy)
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking",
        entity_id=booking.id,
        action="create",
        details={"reference": booking.reference, "start_at": start.isoformat(), "status": status},
    )
    runtime.changed(session, tenant, booking.id, "created")
    return booking


def cancel(
    session: Session,
    tenant: Tenant,
    booking: Booking,
    *,
    runtime: BookingRuntime,
    actor: str,
    status: str = BookingStatus.CANCELLED.value,
) -> Booking:
    if booking.status not in HOLDING:
        raise BookingRefused("Cette réservation est déjà annulée ou refusée.")
    UnitRepository(session, tenant).release(booking.id)
    booking.status = status
    session.flush()
    action = "decline" if status == BookingStatus.DECLINED.value else "cancel"
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking",
        entity_id=booking.id,
        action=action,
        details={"reference": booking.reference},
    )
    runtime.changed(session, tenant, booking.id, "declined" if action == "decline" else "cancelled")
    return booking


def confirm(
    session: Session, tenant: Tenant, booking: Booking, *, runtime: BookingRuntime, actor: str
) -> Booking:
    if booking.status != BookingStatus.REQUESTED.value:
        raise BookingRefused("Seule une demande en attente peut être acceptée.")
    booking.status = BookingStatus.CONFIRMED.value
    session.flush()
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking",
        entity_id=booking.id,
        action="confirm",
        details={"reference": booking.reference},
    )
    runtime.changed(session, tenant, booking.id, "confirmed")
    return booking


def move(
    session: Session,
    tenant: Tenant,
    booking: Booking,
    start: datetime,
    *,
    now: datetime,
    runtime: BookingRuntime,
    actor: str,
) -> Booking:
    """Move a booking to another start: its units are released and claimed again in one
    savepoint, so a failed move leaves it where it was."""
    if booking.status not in HOLDING:
        raise BookingRefused("Une réservation annulée ou refusée ne peut pas être déplacée.")
    sc = scope(session, tenant, booking.assistant_id)
    svc = sc.service(booking.service_id)
    rules = sc.rules(svc, booking.party_size)
    start = start.astimezone(UTC)
    _check_slot(rules, start, now, owner=True)
    old = booking.start_at
    end = start + rules.duration
    busy = [
        (b.start_at, b.end_at)
        for b in BlockRepository(session, tenant).overlapping(sc.assistant.id, start, end)
    ]
    units_repo = UnitRepository(session, tenant)
    with session.begin_nested():
        units_repo.release(booking.id)
        span = av.cells(start, end + rules.buffer)
        used = units_repo.used(booking.resource_id, span[0], span[-1] + av.CELL)
        if any(b_start < end and start < b_end for b_start, b_end in busy):
            raise SlotTaken()
        claim: list[tuple[datetime, int]] = []
        for cell in span:
            free = [u for u in range(rules.capacity) if u not in used.get(cell, set())][
                : rules.units
            ]
            if len(free) < rules.units:
                raise SlotTaken()
            claim.extend((cell, u) for u in free)
        try:
            units_repo.claim(booking.id, booking.resource_id, claim)
        except IntegrityError as exc:
            raise SlotTaken() from exc
        booking.start_at, booking.end_at = start, end
        session.flush()
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking",
        entity_id=booking.id,
        action="move",
        details={"from": old.isoformat(), "to": start.isoformat()},
    )
    runtime.changed(session, tenant, booking.id, "moved")
    return booking


def block(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    start: datetime,
    end: datetime,
    reason: str | None,
    *,
    actor: str,
) -> BookingBlock:
    AssistantRepository(session, tenant).get(assistant_id)
    if start.tzinfo is None or end.tzinfo is None:
        raise BookingRefused("Les heures du blocage doivent préciser leur fuseau horaire.")
    if end <= start:
        raise BookingRefused("La fin du blocage doit être après son début.")
    row = BlockRepository(session, tenant).add(
        BookingBlock(
            assistant_id=assistant_id,
            start_at=start.astimezone(UTC),
            end_at=end.astimezone(UTC),
            reason=(reason or "").strip()[:200] or None,
        )
    )
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking_block",
        entity_id=row.id,
        action="create",
        details={"start_at": row.start_at.isoformat(), "end_at": row.end_at.isoformat()},
    )
    return row


def unblock(session: Session, tenant: Tenant, block_id: uuid.UUID, *, actor: str) -> None:
    repo = BlockRepository(session, tenant)
    row = repo.get(block_id)
    repo.delete(row)
    audit.record(
        session, tenant, actor=actor, entity="booking_block", entity_id=block_id, action="delete"
    )


def find_to_cancel(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    callback: str,
    day: date | None,
    now: datetime,
) -> list[Booking]:
    number = french_callback(callback)
    if day is not None:
        start, end = av.local_day_bounds(day)
    else:
        start, end = now, now + timedelta(days=400)
    return list(
        BookingRepository(session, tenant).between(
            start, end, assistant_id=assistant_id, statuses=HOLDING, callback_number=number
        )
    )


def summary(booking: Booking) -> dict[str, Any]:
    return {"reference": booking.reference, "start_at": booking.start_at.isoformat()}
