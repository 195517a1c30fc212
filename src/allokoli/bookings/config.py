"""The owner's scheduling rules for one assistant: mode, notice, horizon, resources, services.

Each function checks everything before it writes anything, so a refused change leaves no trace.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.audit import service as audit
from allokoli.bookings.errors import BookingRefused, ResourceNotFound, ServiceNotFound
from allokoli.bookings.repository import (
    BookingRepository,
    ResourceRepository,
    ServiceRepository,
    SettingsRepository,
)
from allokoli.bookings.service import _fold
from allokoli.domain.catalogue import BookingDefaults, load_catalogue
from allokoli.models import (
    Assistant,
    BookableService,
    BookingMode,
    BookingResource,
    BookingSettings,
)
from allokoli.tenancy import Tenant

MAX_DURATION = 24 * 60


@dataclass(frozen=True)
class RulesIn:
    mode: str = BookingMode.DIRECT.value
    min_notice_minutes: int = 120
    horizon_days: int = 60
    slot_step_minutes: int = 30


def set_rules(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    rules: RulesIn,
    *,
    actor: str,
    touch_profile: bool = True,
) -> BookingSettings:
    """Save the rules. With `touch_profile` (the API's way) the profile's booking mode follows
    for the next generation; the settings page regenerates through the assistants feature
    instead and passes False."""
    assistant = AssistantRepository(session, tenant).get(assistant_id)
    if rules.mode not in {m.value for m in BookingMode}:
        raise BookingRefused("Le mode de réservation est « direct » ou « demande ».")
    if not 0 <= rules.min_notice_minutes <= 60 * 24 * 30:
        raise BookingRefused("Le délai de prévenance va de 0 minute à 30 jours.")
    if not 1 <= rules.horizon_days <= 365:
        raise BookingRefused("L'horizon de réservation va de 1 à 365 jours.")
    if rules.slot_step_minutes not in (15, 30, 45, 60, 90, 120):
        raise BookingRefused(
            "L'intervalle entre deux créneaux est de 15, 30, 45, 60, 90 ou 120 minutes."
        )
    repo = SettingsRepository(session, tenant)
    row = repo.of_assistant(assistant_id)
    if row is None:
        row = repo.add(BookingSettings(assistant_id=assistant_id))
    row.mode = rules.mode
    row.min_notice_minutes = rules.min_notice_minutes
    row.horizon_days = rules.horizon_days
    row.slot_step_minutes = rules.slot_step_minutes
    if (
        touch_profile
        and assistant.profile is not None
        and assistant.profile.get("booking_mode") != rules.mode
    ):
        # The next generation gives the assistant the booking tools and this mode's wording.
        assistant.profile = {**assistant.profile, "booking_mode": rules.mode}
    session.flush()
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking_settings",
        entity_id=row.id,
        action="update",
        details={
            "mode": row.mode,
            "min_notice_minutes": row.min_notice_minutes,
            "horizon_days": row.horizon_days,
        },
    )
    return row


def add_resource(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    name: str,
    capacity: int,
    *,
    per_person: bool = False,
    actor: str,
) -> BookingResource:
    AssistantRepository(session, tenant).get(assistant_id)
    name = _check_resource(name, capacity)
    repo = ResourceRepository(session, tenant)
    if _name_taken(repo.of_assistant(assistant_id), name):
        raise BookingRefused(f"Une ressource s'appelle déjà « {name} ».")
    row = repo.add(
        BookingResource(
            assistant_id=assistant_id, name=name, capacity=capacity, per_person=per_person
        )
    )
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking_resource",
        entity_id=row.id,
        action="create",
        details={"name": name, "capacity": capacity},
    )
    return row


def add_service(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    *,
    name: str,
    duration_minutes: int,
    resource_id: uuid.UUID,
    buffer_minutes: int = 0,
    price_cents: int | None = None,
    actor: str,
) -> BookableService:
    AssistantRepository(session, tenant).get(assistant_id)
    name = _check_service(name, duration_minutes, buffer_minutes, price_cents)
    resource = _own_resource(session, tenant, assistant_id, resource_id)
    repo = ServiceRepository(session, tenant)
    if _name_taken(repo.of_assistant(assistant_id), name):
        raise BookingRefused(f"Une prestation s'appelle déjà « {name} » : choisissez un autre nom.")
    row = repo.add(
        BookableService(
            assistant_id=assistant_id,
            name=name,
            duration_minutes=duration_minutes,
            buffer_minutes=buffer_minutes,
            price_cents=price_cents,
            resource_id=resource.id,
        )
    )
    _audit_service(session, tenant, row, "create", actor=actor)
    return row


def _audit_service(
    session: Session, tenant: Tenant, row: BookableService, action: str, *, actor: str
) -> None:
    """Record a service created or changed, by its (new) name and duration."""
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking_service",
        entity_id=row.id,
        action=action,
        details={"name": row.name, "duration_minutes": row.duration_minutes},
    )


def _name_taken(
    rows: Iterable[BookingResource | BookableService],
    name: str,
    *,
    other_than: uuid.UUID | None = None,
) -> bool:
    """Whether one of `rows`, apart from `other_than` (the row being renamed), already has this
    name, case and accents aside."""
    return any(_fold(r.name) == _fold(name) for r in rows if r.id != other_than)


def _own_resource(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, resource_id: uuid.UUID
) -> BookingResource:
    resource = ResourceRepository(session, tenant).find(resource_id)
    if resource is None or resource.assistant_id != assistant_id:
        raise ResourceNotFound()
    return resource


def _own_service(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, service_id: uuid.UUID
) -> BookableService:
    row = ServiceRepository(session, tenant).find(service_id)
    if row is None or row.assistant_id != assistant_id:
        raise ServiceNotFound()
    return row


def get_resource(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, resource_id: uuid.UUID
) -> BookingResource:
    """One of the assistant's resources: 404 for an unknown assistant or resource, another
    organisation's or another assistant's alike."""
    AssistantRepository(session, tenant).get(assistant_id)
    return _own_resource(session, tenant, assistant_id, resource_id)


def get_service(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, service_id: uuid.UUID
) -> BookableService:
    """One of the assistant's services, 404 like `get_resource`."""
    AssistantRepository(session, tenant).get(assistant_id)
    return _own_service(session, tenant, assistant_id, service_id)


def update_resource(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    resource_id: uuid.UUID,
    name: str,
    capacity: int,
    *,
    per_person: bool = False,
    actor: str,
) -> BookingResource:
    """Rename a resource or change its capacity (bookings already taken are kept)."""
    row = _own_resource(session, tenant, assistant_id, resource_id)
    name = _check_resource(name, capacity)
    others = ResourceRepository(session, tenant).of_assistant(assistant_id)
    if _name_taken(others, name, other_than=row.id):
        raise BookingRefused(f"Une ressource s'appelle déjà « {name} ».")
    row.name, row.capacity, row.per_person = name, capacity, per_person
    session.flush()
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking_resource",
        entity_id=row.id,
        action="update",
        details={"name": name, "capacity": capacity, "per_person": per_person},
    )
    return row


def delete_resource(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, resource_id: uuid.UUID, *, actor: str
) -> None:
    """Delete a resource no service uses and no booking holds."""
    row = _own_resource(session, tenant, assistant_id, resource_id)
    used = [
        s.name
        for s in ServiceRepository(session, tenant).of_assistant(assistant_id)
        if s.resource_id == row.id
    ]
    if used:
        raise BookingRefused(
            f"La ressource « {row.name} » sert à la prestation « {used[0]} » : "
            "supprimez la prestation ou donnez-lui une autre ressource d'abord."
        )
    if BookingRepository(session, tenant).count_using(resource_id=row.id):
        raise BookingRefused(
            f"La ressource « {row.name} » a des rendez-vous dans l'agenda : elle est gardée."
        )
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking_resource",
        entity_id=row.id,
        action="delete",
        details={"name": row.name},
    )
    ResourceRepository(session, tenant).delete(row)
    session.flush()


def update_service(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    service_id: uuid.UUID,
    *,
    name: str,
    duration_minutes: int,
    resource_id: uuid.UUID,
    buffer_minutes: int = 0,
    price_cents: int | None = None,
    actor: str,
) -> BookableService:
    """Change a service; bookings already taken keep their times."""
    row = _own_service(session, tenant, assistant_id, service_id)
    name = _check_service(name, duration_minutes, buffer_minutes, price_cents)
    resource = _own_resource(session, tenant, assistant_id, resource_id)
    others = ServiceRepository(session, tenant).of_assistant(assistant_id)
    if _name_taken(others, name, other_than=row.id):
        raise BookingRefused(f"Une prestation s'appelle déjà « {name} » : choisissez un autre nom.")
    row.name, row.duration_minutes, row.buffer_minutes = name, duration_minutes, buffer_minutes
    row.price_cents, row.resource_id = price_cents, resource.id
    session.flush()
    _audit_service(session, tenant, row, "update", actor=actor)
    return row


def delete_service(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, service_id: uuid.UUID, *, actor: str
) -> None:
    """Delete a service no booking was taken for."""
    row = _own_service(session, tenant, assistant_id, service_id)
    if BookingRepository(session, tenant).count_using(service_id=row.id):
        raise BookingRefused(
            f"La prestation « {row.name} » a des rendez-vous dans l'agenda : elle est gardée. "
            "Renommez-la si elle ne se réserve plus."
        )
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking_service",
        entity_id=row.id,
        action="delete",
        details={"name": row.name},
    )
    ServiceRepository(session, tenant).delete(row)
    session.flush()


def _defaults_of(assistant: Assistant) -> tuple[BookingDefaults, dict[str, Any]]:
    profile = assistant.profile or {}
    subtype = assistant.sector_subtype or (profile.get("sector") or {}).get("subtype")
    return load_catalogue().booking_defaults(subtype), profile.get("booking_facts") or {}


def default_notice_minutes(assistant: Assistant) -> int:
    """The notice the settings start from: the owner's configurator answer, else the trade's."""
    wanted, facts = _defaults_of(assistant)
    notice = facts.get("min_notice_minutes")
    return wanted.min_notice_minutes if notice is None else int(notice)


def apply_defaults(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, *, actor: str
) -> BookingSettings:
    """Give an assistant whose bookings are turned on a working agenda: the trade's catalogue
    defaults (resource, durations, notice), one service per service of the profile (its own
    duration, or the trade's). What the owner already set is kept: only what is missing is
    added."""
    assistant = AssistantRepository(session, tenant).get(assistant_id)
    profile = assistant.profile or {}
    wanted, facts = _defaults_of(assistant)
    duration = facts.get("duration_minutes") or wanted.duration_minutes
    settings = SettingsRepository(session, tenant).of_assistant(assistant_id)
    if settings is None:
        mode = profile.get("booking_mode") or BookingMode.DIRECT.value
        settings = set_rules(
            session,
            tenant,
            assistant_id,
            RulesIn(
                mode=mode,
                min_notice_minutes=default_notice_minutes(assistant),
            ),
            actor=actor,
            touch_profile=False,
        )
    resources = list(ResourceRepository(session, tenant).of_assistant(assistant_id))
    if not resources:
        capacity = facts.get("seats") if wanted.per_person else None
        resources = [
            add_resource(
                session,
                tenant,
                assistant_id,
                wanted.resource,
                capacity or wanted.capacity,
                per_person=wanted.per_person,
                actor=actor,
            )
        ]
    if ServiceRepository(session, tenant).of_assistant(assistant_id):
        return settings
    listed = profile.get("services") or [] if wanted.from_profile_services else []
    names: dict[str, tuple[str, int, int | None]] = {}
    for item in listed:
        name = " ".join(str(item.get("name") or "").split())[:80]
        if name and _fold(name) not in names:
            price = item.get("price_eur")
            names[_fold(name)] = (
                name,
                int(item.get("duration_minutes") or duration),
                None if price is None else round(float(price) * 100),
            )
    if not names:
        names[_fold(wanted.service)] = (wanted.service, duration, None)
    for name, minutes, price in names.values():
        add_service(
            session,
            tenant,
            assistant_id,
            name=name,
            duration_minutes=minutes,
            buffer_minutes=wanted.buffer_minutes,
            price_cents=price,
            resource_id=resources[0].id,
            actor=actor,
        )
    return settings


def _check_resource(name: str, capacity: int) -> str:
    name = " ".join(name.split())[:80]
    if not name:
        raise BookingRefused("Donnez un nom à la ressource (« fauteuil », « salle », « pont »…).")
    if capacity <= 0:
        raise BookingRefused("La capacité d'une ressource doit être d'au moins 1.")
    if capacity > 500:
        raise BookingRefused("La capacité d'une ressource est de 500 au plus.")
    return name


def _check_service(
    name: str, duration_minutes: int, buffer_minutes: int, price_cents: int | None
) -> str:
    name = " ".join(name.split())[:80]
    if not name:
        raise BookingRefused("Donnez un nom à la prestation.")
    if duration_minutes <= 0:
        raise BookingRefused("La durée d'une prestation doit être d'au moins une minute.")
    if duration_minutes > MAX_DURATION:
        raise BookingRefused("Une prestation dure au plus vingt-quatre heures.")
    if buffer_minutes < 0:
        raise BookingRefused("Le temps de battement après une prestation ne peut pas être négatif.")
    if price_cents is not None and price_cents < 0:
        raise BookingRefused("Le prix d'une prestation ne peut pas être négatif.")
    return name
