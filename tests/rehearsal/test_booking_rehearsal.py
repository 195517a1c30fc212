"""An assistant that books for real is rehearsed through its booking tools: check_availability,
then book_appointment with the number as dictated and a slot the check offered. The rehearsal's
booking is a dry run: after it the agenda is empty and nothing was queued (no calendar push, no
notification), while a real call's booking still books."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from allokoli.assistants import service as assistants
from allokoli.auth.principal import Principal
from allokoli.bookings import config
from allokoli.domain.profile import BusinessProfile
from allokoli.generation.service import generate
from allokoli.http.deps import AlloKoliApp
from allokoli.models import AuditEntry, Booking, CalendarPush, OutboxMessage
from allokoli.providers.vapi import METADATA_KEY
from allokoli.rehearsal.scenarios import DRY_RUN_NOTE
from tests.assistants.conftest import deploy
from tests.calls.conftest import org_hook
from tests.conftest import Account

pytestmark = pytest.mark.db

#: Monday 8 March 2027, 08:00 in Paris.
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


def _salon(app: AlloKoliApp, acc: Account) -> uuid.UUID:
    profile = BusinessProfile.model_validate(
        {
            "company_name": "Salon Léa",
            "sector": {"family": "beaute_bien_etre", "subtype": "salon_coiffure"},
            "tasks": ["book_appointment", "take_message"],
            "booking_mode": "direct",
            "opening_hours": HOURS,
            "address": {"postal_code": "44000", "city": "Nantes"},
            "services": [
                {"name": "Coupe", "price_eur": 25, "duration_minutes": 30},
                {"name": "Brushing", "price_eur": 20, "duration_minutes": 30},
            ],
        }
    )
    principal = Principal(organization_id=acc.org_id, role="owner")
    with app.services.db.unit_of_work(tenant_id=acc.org_id) as s:
        assistant = assistants.create_from_result(s, principal, generate(profile, now=NOW))
        tenant = principal.tenant
        config.set_rules(
            s, tenant, assistant.id, config.RulesIn(mode="direct", min_notice_minutes=60), actor="t"
        )
        chair = config.add_resource(s, tenant, assistant.id, "Fauteuil", 1, actor="t")
        for name in ("Coupe", "Brushing"):
            config.add_service(
                s,
                tenant,
                assistant.id,
                name=name,
                duration_minutes=30,
                resource_id=chair.id,
                price_cents=2500,
                actor="t",
            )
        return assistant.id


def _left(app: AlloKoliApp, org_id: uuid.UUID) -> dict[str, int]:
    with app.services.db.unit_of_work(tenant_id=org_id) as s:

        def count(model: Any, *where: Any) -> int:
            query = select(func.count()).select_from(model).where(*where)
            return int(s.scalar(query) or 0)

        return {
            "bookings": count(Booking, Booking.organization_id == org_id),
            "booking_audit": count(
                AuditEntry, AuditEntry.organization_id == org_id, AuditEntry.entity == "booking"
            ),
            "calendar_pushes": count(CalendarPush, CalendarPush.organization_id == org_id),
            "outbox": count(OutboxMessage, OutboxMessage.organization_id == org_id),
        }


def test_a_booking_assistant_rehearses_through_its_booking_tools_and_books_nothing(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    app.services.clock = lambda: NOW
    assistant_id = _salon(app, alice)
    before = _left(app, alice.org_id)
    r = alice.client.post(
        f"/api/v1/assistants/{assistant_id}/rehearsals", json={"runs": 2}, headers=alice.auth
    )
    assert r.status_code == 201, r.text
    report = r.json()
    booking = next(s for s in report["scenarios"] if s["id"] == "booking")
    assert booking["passed"], booking["problems"]
    assert booking["note"] == DRY_RUN_NOTE
    for run in booking["runs"]:
        calls = [c for t in run["turns"] for c in t["tool_calls"]]
        names = [c["name"] for c in calls]
        assert names.index("check_availability") < names.index("book_appointment")
        booked = next(c for c in calls if c["name"] == "book_appointment")
        assert booked["arguments"]["telephone_rappel"] == "0612345678"
        assert booked["arguments"]["date"] == "2027-03-09"
        # The second run "books" the same slot: the first one left it free.
        replies = " ".join(t["reply"] for t in run["turns"])
        assert "C'est réservé : « Coupe » le mardi neuf mars à neuf heures." in replies

    # Nothing stays: no booking, no audit of one, no calendar push, no outbox job.
    assert _left(app, alice.org_id) == before
    listed = alice.client.get("/api/v1/bookings", headers=alice.auth)
    assert listed.status_code == 200 and listed.json()["items"] == []

    # A real call's book_appointment, on the same slot, still books (and is mirrored).
    hook = org_hook(app, alice)
    body = hook.post(
        {
            "type": "tool-calls",
            "call": {"id": "call-real", "type": "inboundPhoneCall"},
            "assistant": {"metadata": {METADATA_KEY: str(assistant_id)}},
            "toolCallList": [
                {
                    "id": "tc-real",
                    "function": {
                        "name": "book_appointment",
                        "arguments": {
                            "date": "2027-03-09",
                            "heure": "09:00",
                            "prestation": "Coupe",
                            "nom_appelant": "Julie Moreau",
                            "telephone_rappel": "0612345678",
                        },
                    },
                }
            ],
        }
    )
    assert body["results"][0]["result"].startswith("C'est réservé : « Coupe » le mardi")
    after = _left(app, alice.org_id)
    assert after["bookings"] == 1 and after["calendar_pushes"] == 1
    items = alice.client.get("/api/v1/bookings", headers=alice.auth).json()["items"]
    assert [i["customer_name"] for i in items] == ["Julie Moreau"]


def test_a_deployed_assistant_that_books_is_rehearsed_as_a_dry_run_too(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    """Live, it is rehearsed on its current version sent inline with the rehearsal's mark (its
    deployed config carries none): its booking still leaves nothing."""
    app.services.clock = lambda: NOW
    assistant_id = _salon(app, alice)
    assert deploy(app, alice, str(assistant_id))["status"] == "active"
    before = _left(app, alice.org_id)
    r = alice.client.post(
        f"/api/v1/assistants/{assistant_id}/rehearsals", json={"runs": 1}, headers=alice.auth
    )
    assert r.status_code == 201, r.text
    booking = next(s for s in r.json()["scenarios"] if s["id"] == "booking")
    assert booking["passed"], booking["problems"]
    assert _left(app, alice.org_id) == before
