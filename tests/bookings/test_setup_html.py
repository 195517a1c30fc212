"""« Réglages des rendez-vous »: bookings turned on with the trade's defaults (the assistant
regenerated), resources and services added, edited and deleted, every refusal shown beside the
form with the owner's input kept and nothing written; audited."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import select

from allokoli.http.deps import AlloKoliApp
from allokoli.models import AuditEntry, BookableService, BookingResource, BookingSettings
from tests.assistants.conftest import create
from tests.conftest import Account

pytestmark = pytest.mark.db

SALON = (
    "Salon Léa, coiffeur à Nantes, ouvert du mardi au samedi de 9h à 18h. Coupe femme 35 €, "
    "coupe homme 22 €, brushing 25 €."
)


def _post(acc: Account, path: str, data: dict[str, str]) -> Any:
    return acc.client.post(path, data={"csrf_token": acc.csrf, **data}, follow_redirects=False)


def _rows(app: AlloKoliApp, model: Any, assistant_id: str, acc: Account) -> list[Any]:
    with app.services.db.unit_of_work(acc.org_id) as s:
        wanted = model.assistant_id == uuid.UUID(assistant_id)
        rows = s.scalars(select(model).where(wanted)).all()
        s.expunge_all()
        return list(rows)


def _api(acc: Account, aid: str) -> dict[str, Any]:
    return dict(acc.client.get(f"/api/v1/assistants/{aid}", headers=acc.auth).json())


def _tools(assistant: dict[str, Any]) -> set[str]:
    tools = assistant["config"]["model"].get("tools", [])
    return {t["function"]["name"] for t in tools if t.get("type") == "function"}


def test_turning_bookings_on_regenerates_and_prefills_from_the_trade(
    app: AlloKoliApp, alice: Account
) -> None:
    salon = create(alice, SALON)
    aid = salon["id"]
    base = f"/assistants/{aid}/rendez-vous"
    page = alice.client.get(base)
    assert page.status_code == 200
    assert "Réglages des rendez-vous" in page.text and "Réservation directe" in page.text
    assert base in alice.client.get(f"/assistants/{aid}").text
    assert base in alice.client.get("/agenda").text

    # a bad notice: the precise French error, the form as typed, nothing written
    r = _post(alice, f"{base}/regles", {"enabled": "on", "mode": "request", "notice_hours": "deux"})
    assert r.status_code == 422
    assert str(escape("Le délai de prévenance s'écrit en heures, par exemple 2 ou 0,5.")) in r.text
    assert 'value="deux"' in r.text and 'id="mode-request" name="mode" value="request" checked' in (
        r.text
    )
    assert _api(alice, aid)["version"] == salon["version"]
    assert _rows(app, BookingSettings, aid, alice) == []
    r = _post(
        alice,
        f"{base}/regles",
        {"enabled": "on", "mode": "request", "notice_hours": "1", "horizon_days": "400"},
    )
    assert r.status_code == 422 and "L&#39;horizon de réservation va de 1 à 365 jours." in r.text
    assert _api(alice, aid)["version"] == salon["version"]

    r = _post(
        alice,
        f"{base}/regles",
        {"enabled": "on", "mode": "request", "notice_hours": "1,5", "horizon_days": "30"},
    )
    assert r.status_code == 303
    got = _api(alice, aid)
    assert got["version"] == salon["version"] + 1
    assert got["profile"]["booking_mode"] == "request"
    tools = _tools(got)
    assert {"check_availability", "book_appointment"} <= tools
    shown = alice.client.get(r.headers["location"]).text
    assert "l&#39;assistant a été mis à jour" in shown and "vous la confirmerez" in shown
    (settings,) = _rows(app, BookingSettings, aid, alice)
    assert (settings.mode, settings.min_notice_minutes, settings.horizon_days) == (
        "request",
        90,
        30,
    )
    (resource,) = _rows(app, BookingResource, aid, alice)
    assert resource.name == "Poste" and resource.capacity == 1
    services = {s.name: s for s in _rows(app, BookableService, aid, alice)}
    assert set(services) == {"Coupe femme", "Coupe homme", "Brushing"}
    assert services["Coupe homme"].duration_minutes == 45
    assert services["Coupe homme"].buffer_minutes == 10
    assert services["Coupe homme"].price_cents == 2200

    # the same rules again: no new version
    r = _post(
        alice,
        f"{base}/regles",
        {"enabled": "on", "mode": "request", "notice_hours": "1,5", "horizon_days": "30"},
    )
    assert r.status_code == 303 and _api(alice, aid)["version"] == salon["version"] + 1


def test_resources_and_services_round_trip(app: AlloKoliApp, alice: Account) -> None:
    aid = create(alice, SALON)["id"]
    base = f"/assistants/{aid}/rendez-vous"
    r = _post(alice, f"{base}/ressources", {"name": "Bac", "capacity": "beaucoup"})
    assert r.status_code == 422
    assert str(escape("La capacité s'écrit en chiffres, par exemple 1 ou 30.")) in r.text
    assert 'value="Bac"' in r.text and 'value="beaucoup"' in r.text
    r = _post(alice, f"{base}/ressources", {"name": "Fauteuil", "capacity": "2"})
    assert r.status_code == 303
    r = _post(alice, f"{base}/ressources", {"name": "fauteuil", "capacity": "1"})
    assert r.status_code == 422 and "Une ressource s&#39;appelle déjà « fauteuil »." in r.text
    (chair,) = _rows(app, BookingResource, aid, alice)
    assert chair.capacity == 2

    service = {
        "name": "Coupe",
        "duration_minutes": "30",
        "buffer_minutes": "5",
        "price": "25,50",
        "resource_id": str(chair.id),
    }
    r = _post(alice, f"{base}/prestations", service | {"duration_minutes": "0"})
    assert r.status_code == 422
    assert "La durée d&#39;une prestation doit être d&#39;au moins une minute." in r.text
    assert 'value="25,50"' in r.text and 'value="Coupe"' in r.text
    r = _post(alice, f"{base}/prestations", service | {"price": "gratuit"})
    assert r.status_code == 422 and "Le prix s&#39;écrit en euros" in r.text
    assert _rows(app, BookableService, aid, alice) == []
    assert _post(alice, f"{base}/prestations", service).status_code == 303
    (coupe,) = _rows(app, BookableService, aid, alice)
    assert (coupe.duration_minutes, coupe.buffer_minutes, coupe.price_cents) == (30, 5, 2550)
    page = alice.client.get(base).text
    assert 'value="25,50"' in page and "Supprimer « Coupe »" in page

    # edit: a refusal comes back in that service's own form, the typed name kept
    r = _post(alice, f"{base}/prestations/{coupe.id}", service | {"duration_minutes": "2000"})
    assert r.status_code == 422 and "Une prestation dure au plus vingt-quatre heures." in r.text
    assert f'id="error-services-{coupe.id}"' in r.text
    r = _post(alice, f"{base}/prestations/{coupe.id}", service | {"name": "Coupe courte"})
    assert r.status_code == 303
    (coupe,) = _rows(app, BookableService, aid, alice)
    assert coupe.name == "Coupe courte"
    r = _post(alice, f"{base}/ressources/{chair.id}", {"name": "Fauteuil", "capacity": "3"})
    assert r.status_code == 303 and _rows(app, BookingResource, aid, alice)[0].capacity == 3

    # a resource a service uses is kept, with the reason
    r = _post(alice, f"{base}/ressources/{chair.id}/supprimer", {})
    assert r.status_code == 422
    assert "sert à la prestation « Coupe courte »" in r.text
    assert _post(alice, f"{base}/prestations/{coupe.id}/supprimer", {}).status_code == 303
    assert _post(alice, f"{base}/ressources/{chair.id}/supprimer", {}).status_code == 303
    assert (
        _rows(app, BookingResource, aid, alice) == []
        and _rows(app, BookableService, aid, alice) == []
    )

    # CSRF like every form
    r = alice.client.post(f"{base}/ressources", data={"name": "Salle", "capacity": "1"})
    assert r.status_code == 403
    with app.services.db.unit_of_work(alice.org_id) as s:
        actions = {
            (e.entity, e.action)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.entity.like("booking_%")))
        }
    assert {
        ("booking_resource", "create"),
        ("booking_resource", "update"),
        ("booking_resource", "delete"),
        ("booking_service", "create"),
        ("booking_service", "update"),
        ("booking_service", "delete"),
    } <= actions


def test_restaurant_defaults_are_seats_and_a_table(app: AlloKoliApp, alice: Account) -> None:
    aid = create(alice)["id"]  # the pizzeria: its services are a menu, not something one books
    r = _post(
        alice,
        f"/assistants/{aid}/rendez-vous/regles",
        {"enabled": "on", "mode": "direct", "notice_hours": "1", "horizon_days": "60"},
    )
    assert r.status_code == 303
    (seats,) = _rows(app, BookingResource, aid, alice)
    assert (seats.name, seats.capacity, seats.per_person) == ("Couverts", 30, True)
    (table,) = _rows(app, BookableService, aid, alice)
    assert (table.name, table.duration_minutes) == ("Table", 90)
    # turning bookings off regenerates without the booking tools, the agenda is kept
    r = _post(
        alice,
        f"/assistants/{aid}/rendez-vous/regles",
        {"mode": "direct", "notice_hours": "1", "horizon_days": "60"},
    )
    assert r.status_code == 303
    got = _api(alice, aid)
    assert got["profile"]["booking_mode"] is None
    tools = _tools(got)
    assert "book_appointment" not in tools
    assert len(_rows(app, BookingResource, aid, alice)) == 1


def test_another_tenant_cannot_open_the_page(alice: Account, bob: Account) -> None:
    aid = create(alice, SALON)["id"]
    assert bob.client.get(f"/assistants/{aid}/rendez-vous").status_code == 404
    r = _post(bob, f"/assistants/{aid}/rendez-vous/ressources", {"name": "X", "capacity": "1"})
    assert r.status_code == 404


def test_the_configurator_answer_comes_before_the_catalogue(
    app: AlloKoliApp, alice: Account
) -> None:
    from allokoli.models import Assistant

    aid = create(alice)["id"]
    with app.services.db.unit_of_work(alice.org_id, write=True) as s:
        assistant = s.get(Assistant, uuid.UUID(aid))
        assert assistant is not None and assistant.profile is not None
        facts = {"seats": 44, "min_notice_minutes": 1440}
        assistant.profile = {**assistant.profile, "booking_facts": facts}
    # the page starts from the owner's notice (the day before), not the restaurant's hour
    assert (
        'name="notice_hours" inputmode="decimal" value="24"'
        in alice.client.get(f"/assistants/{aid}/rendez-vous").text
    )
    r = _post(
        alice,
        f"/assistants/{aid}/rendez-vous/regles",
        {"enabled": "on", "mode": "direct", "notice_hours": "24", "horizon_days": "60"},
    )
    assert r.status_code == 303
    (seats,) = _rows(app, BookingResource, aid, alice)
    assert (seats.name, seats.capacity, seats.per_person) == ("Couverts", 44, True)
