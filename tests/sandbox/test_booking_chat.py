"""The test chat books for real: the sandbox's receptionist calls the assistant's booking tools
on AlloKoli's webhook (signed tool-calls), reads back the free slots, books the one picked, and
the booking is in the owner's agenda; a second caller hears the slot is taken; cancelling
frees it. Request mode never says « confirmé »."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from allokoli.assistants import service as assistants
from allokoli.auth.principal import Principal
from allokoli.bookings import config
from allokoli.domain.profile import BusinessProfile
from allokoli.generation.service import generate
from allokoli.http.deps import AlloKoliApp
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


def _salon(app: AlloKoliApp, acc: Account, mode: str = "direct") -> uuid.UUID:
    profile = BusinessProfile.model_validate(
        {
            "company_name": "Salon Léa",
            "sector": {"family": "beaute_bien_etre", "subtype": "salon_coiffure"},
            "tasks": ["book_appointment", "take_message"],
            "booking_mode": mode,
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
            s, tenant, assistant.id, config.RulesIn(mode=mode, min_notice_minutes=60), actor="t"
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


class Chat:
    def __init__(self, acc: Account, assistant_id: uuid.UUID) -> None:
        self.acc = acc
        self.url = f"/api/v1/assistants/{assistant_id}/chat"
        self.chat_id: str | None = None

    def say(self, text: str) -> str:
        body: dict[str, Any] = {"text": text}
        if self.chat_id:
            body["chat_id"] = self.chat_id
        r = self.acc.client.post(self.url, json=body, headers=self.acc.auth)
        assert r.status_code == 200, r.text
        self.chat_id = r.json()["chat_id"]
        return str(r.json()["reply"])


@pytest.fixture
def salon(app: AlloKoliApp, client: TestClient, alice: Account) -> uuid.UUID:
    app.services.clock = lambda: NOW
    return _salon(app, alice)


def _bookings(acc: Account) -> list[dict[str, Any]]:
    r = acc.client.get("/api/v1/bookings", headers=acc.auth)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def test_a_caller_books_a_real_slot_then_another_hears_it_is_taken_then_cancels(
    alice: Account, salon: uuid.UUID
) -> None:
    chat = Chat(alice, salon)
    reply = chat.say("Bonjour, je voudrais un rendez-vous demain pour une coupe")
    assert "je peux vous proposer mardi neuf mars à neuf heures" in reply
    assert "mardi neuf mars à dix heures" in reply
    assert reply.endswith("Lequel vous convient ?")
    reply = chat.say("Celui de dix heures")
    assert reply.startswith("Très bien, mardi neuf mars à dix heures.")
    assert "nom" in reply
    reply = chat.say("Marie Curie")
    assert "numéro" in reply
    reply = chat.say("06 12 34 56 78")
    assert reply.startswith("Je récapitule : un rendez-vous pour coupe le mardi neuf mars à dix")
    assert "Marie Curie" in reply and reply.endswith("C'est bien ça ?")
    reply = chat.say("Oui, c'est parfait")
    assert reply.startswith("C'est réservé : « Coupe » le mardi neuf mars à dix heures.")
    assert "Votre référence" in reply

    booked = _bookings(alice)
    assert len(booked) == 1
    assert booked[0]["customer_name"] == "Marie Curie"
    assert booked[0]["status"] == "confirmed"
    page = alice.client.get("/agenda", params={"day": "2027-03-09"})
    assert page.status_code == 200 and "Marie Curie" in page.text

    second = Chat(alice, salon)
    reply = second.say("Bonjour, un rendez-vous pour une coupe demain à 10h s'il vous plaît")
    assert (
        "Pour mardi neuf mars à dix heures, ce n'est pas possible : ce créneau est déjà pris"
        in (reply)
    )
    assert "mardi neuf mars à dix heures trente" in reply
    reply = second.say("Au revoir")
    assert len(_bookings(alice)) == 1

    third = Chat(alice, salon)
    reply = third.say("Bonjour, je voudrais annuler mon rendez-vous")
    assert "numéro" in reply
    reply = third.say("06 12 34 56 78")
    assert "quel jour" in reply.lower()
    reply = third.say("demain")
    assert reply.startswith("Je récapitule : j'annule le rendez-vous de demain pris avec le")
    reply = third.say("oui")
    assert reply.startswith(
        "C'est annulé : le rendez-vous du mardi neuf mars à dix heures est libéré."
    )
    assert [b["status"] for b in _bookings(alice)] == ["cancelled"]


def test_the_tool_calls_are_in_the_chat_output_and_signed_deliveries_reach_the_webhook(
    app: AlloKoliApp, alice: Account, salon: uuid.UUID
) -> None:
    gateway = app.services.gateway(alice.org_id)
    with app.services.db.unit_of_work(tenant_id=alice.org_id) as s:
        from allokoli.deploy.service import deployable_config
        from allokoli.models import Assistant, Organization

        org = s.get(Organization, alice.org_id)
        assistant = s.get(Assistant, salon)
        assert org is not None and assistant is not None
        inline = deployable_config(app.services.settings, org, assistant)
    reply = gateway.chat(
        "Un rendez-vous pour une coupe demain à 11h, c'est possible ?", assistant=inline
    )
    names = [c.name for c in reply.tool_calls]
    assert names == ["check_availability"], reply.text
    assert reply.tool_calls[0].arguments == {
        "date": "demain",
        "heure": "11:00",
        "prestation": "Coupe",
        "nombre_personnes": 1,
    }
    assert reply.text.startswith("Avec plaisir. Oui, mardi neuf mars à onze heures est libre")


def test_request_mode_keeps_the_slot_and_never_says_confirmed(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    app.services.clock = lambda: NOW
    salon = _salon(app, alice, mode="request")
    chat = Chat(alice, salon)
    chat.say("Bonjour, je voudrais un rendez-vous pour un brushing mercredi vers 15h")
    chat.say("oui")
    chat.say("Je m'appelle Paul Martin")
    reply = chat.say("0612345678")
    assert "Je récapitule" in reply
    reply = chat.say("oui")
    assert "confirm" not in reply.lower() and "c'est réservé" not in reply.lower()
    assert "Votre demande pour « Brushing » le mercredi dix mars à quinze heures" in reply
    assert [b["status"] for b in _bookings(alice)] == ["requested"]


def test_the_html_test_chat_shows_the_booking_tools_it_called(
    alice: Account, salon: uuid.UUID
) -> None:
    url = f"/assistants/{salon}/test"
    form = {"csrf_token": alice.csrf, "text": "Un rendez-vous pour une coupe jeudi à 9h"}
    r = alice.client.post(url, data=form)
    assert r.status_code == 200, r.text
    assert "jeudi onze mars à neuf heures est libre" in r.text
    assert "Outil appelé : créneaux libres de l&#39;agenda" in r.text
