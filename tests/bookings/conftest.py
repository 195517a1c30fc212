"""A hair salon and a restaurant with booking rules, written through the services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from allokoli.bookings import config
from allokoli.bookings.service import BookingRuntime
from allokoli.db.session import Database
from allokoli.models import Assistant
from allokoli.tenancy import Tenant, TenantRepository
from tests.calendars.conftest import radicale as radicale

#: Monday 8 March 2027, 08:00 in Paris (UTC+1).
NOW = datetime(2027, 3, 8, 7, 0, tzinfo=UTC)

HOURS: dict[str, Any] = {
    "days": [
        {
            "day": d,
            "ranges": [{"start": "09:00", "end": "12:00"}, {"start": "14:00", "end": "18:00"}],
        }
        for d in ("mardi", "mercredi", "jeudi", "vendredi", "samedi")
    ]
    + [{"day": "lundi", "ranges": []}, {"day": "dimanche", "ranges": []}],
}


class _Assistants(TenantRepository[Assistant]):
    model = Assistant


@dataclass
class Shop:
    database: Database
    tenant: Tenant
    assistant_id: uuid.UUID
    service_id: uuid.UUID
    resource_id: uuid.UUID
    runtime: BookingRuntime


def make_shop(
    database: Database,
    org_id: uuid.UUID,
    *,
    capacity: int = 1,
    per_person: bool = False,
    duration: int = 30,
    buffer: int = 0,
    mode: str = "direct",
    postal_code: str = "44000",
    name: str = "Salon Léa",
) -> Shop:
    tenant = Tenant(org_id)
    with database.unit_of_work() as s:
        assistant = _Assistants(s, tenant).add(
            Assistant(
                name=name,
                config={"name": name},
                profile={
                    "company_name": name,
                    "opening_hours": HOURS,
                    "address": {"postal_code": postal_code, "city": "Nantes"},
                    "booking_mode": mode,
                },
            )
        )
        config.set_rules(
            s, tenant, assistant.id, config.RulesIn(mode=mode, min_notice_minutes=60), actor="test"
        )
        resource = config.add_resource(
            s, tenant, assistant.id, "Fauteuil", capacity, per_person=per_person, actor="test"
        )
        service = config.add_service(
            s,
            tenant,
            assistant.id,
            name="Coupe" if not per_person else "Table",
            duration_minutes=duration,
            buffer_minutes=buffer,
            resource_id=resource.id,
            price_cents=2500,
            actor="test",
        )
        ids = assistant.id, service.id, resource.id
    return Shop(database, tenant, *ids, BookingRuntime())


@pytest.fixture
def org_id(database: Database) -> uuid.UUID:
    from allokoli.models import Organization

    with database.unit_of_work() as s:
        org = Organization(name="Salon Léa")
        s.add(org)
        s.flush()
        return org.id


@pytest.fixture
def shop(database: Database, org_id: uuid.UUID) -> Shop:
    return make_shop(database, org_id)
