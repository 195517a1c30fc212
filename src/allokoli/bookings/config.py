"""The owner's scheduling rules for one assistant: mode, notice, horizon, resources, services.

Each function checks everything before it writes anything, so a refused change leaves no trace.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.audit import service as audit
from allokoli.bookings.errors import BookingRefused, ResourceNotFound
from allokoli.bookings.repository import ResourceRepository, ServiceRepository, SettingsRepository
from allokoli.bookings.service import _fold
from allokoli.models import BookableService, BookingMode, BookingResource, BookingSettings
from allokoli.tenancy import Tenant

MAX_DURATION = 24 * 60


@dataclass(frozen=True)
class RulesIn:
    mode: str = BookingMode.DIRECT.value
    min_notice_minutes: int = 120
    horizon_days: int = 60
    slot_step_minutes: int = 30


def set_rules(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, rules: RulesIn, *, actor: str
) -> BookingSettings:
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
    if assistant.profile is not None and assistant.profile.get("booking_mode") != rules.mode:
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
    name = " ".join(name.split())[:80]
    if not name:
        raise BookingRefused("Donnez un nom à la ressource (« fauteuil », « salle », « pont »…).")
    if capacity <= 0:
        raise BookingRefused("La capacité d'une ressource doit être d'au moins 1.")
    if capacity > 500:
        raise BookingRefused("La capacité d'une ressource est de 500 au plus.")
    repo = ResourceRepository(session, tenant)
    if any(_fold(r.name) == _fold(name) for r in repo.of_assistant(assistant_id)):
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
    resource = ResourceRepository(session, tenant).find(resource_id)
    if resource is None or resource.assistant_id != assistant_id:
        raise ResourceNotFound()
    repo = ServiceRepository(session, tenant)
    if any(_fold(s.name) == _fold(name) for s in repo.of_assistant(assistant_id)):
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
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="booking_service",
        entity_id=row.id,
        action="create",
        details={"name": name, "duration_minutes": duration_minutes},
    )
    return row
