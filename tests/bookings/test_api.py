"""REST /api/v1/bookings and an assistant's availability and rules."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from allokoli.http.deps import AlloKoliApp
from allokoli.models import AuditEntry, Booking
from tests.bookings.conftest import NOW, make_shop
from tests.conftest import Account

pytestmark = pytest.mark.db


@pytest.fixture
def api(app: AlloKoliApp, alice: Account) -> tuple[Account, str]:
    app.services.clock = lambda: NOW
    shop = make_shop(app.services.db, alice.org_id, capacity=1)
    return alice, str(shop.assistant_id)


def test_availability_book_list_move_cancel(api: tuple[Account, str]) -> None:
    acc, assistant_id = api
    c, h = acc.client, acc.auth
    r = c.get(
        f"/api/v1/assistants/{assistant_id}/availability", params={"date": "2027-03-09"}, headers=h
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["exact"] and body["service"] == "Coupe"
    assert body["slots"][0]["spoken"] == "mardi neuf mars à neuf heures"
    new = {
        "assistant_id": assistant_id,
        "start_at": "2027-03-09T10:00:00+01:00",
        "service": "Coupe",
        "customer_name": "Marie Curie",
        "callback_number": "06 12 34 56 78",
    }
    r = c.post("/api/v1/bookings", json=new, headers=h)
    assert r.status_code == 201, r.text
    booking = r.json()
    assert booking["status"] == "confirmed" and booking["start_at"].startswith("2027-03-09T09:00")
    r = c.post("/api/v1/bookings", json=new, headers=h)
    assert r.status_code == 409 and r.json() == {
        "error": "SlotTaken",
        "detail": "Ce créneau n'est plus libre.",
    }
    r = c.get("/api/v1/bookings", params={"from": "2027-03-09", "to": "2027-03-09"}, headers=h)
    assert r.json()["total"] == 1 and r.json()["items"][0]["reference"] == booking["reference"]
    r = c.patch(
        f"/api/v1/bookings/{booking['id']}",
        json={"start_at": "2027-03-09T15:00:00+01:00"},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["start_at"].startswith("2027-03-09T14:00")
    assert c.post("/api/v1/bookings", json=new, headers=h).status_code == 201
    r = c.post(f"/api/v1/bookings/{booking['id']}/cancel", headers=h)
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    r = c.get("/api/v1/bookings", params={"status": "cancelled"}, headers=h)
    assert [b["id"] for b in r.json()["items"]] == [booking["id"]]


def test_bad_input_is_refused_in_french_and_writes_nothing(
    app: AlloKoliApp, api: tuple[Account, str]
) -> None:
    acc, assistant_id = api
    c, h = acc.client, acc.auth
    base = {
        "assistant_id": assistant_id,
        "start_at": "2027-03-09T10:00:00+01:00",
        "service": "Coupe",
        "callback_number": "0612345678",
    }
    cases = [
        ({"start_at": "2027-03-01T10:00:00+01:00"}, "Ce créneau est déjà passé."),
        (
            {"start_at": "2027-03-14T10:00:00+01:00"},
            "Impossible de réserver ce jour-là : fermé ce jour-là.",
        ),
        (
            {"start_at": "2027-03-09T07:00:00+01:00"},
            "Ce créneau est en dehors des horaires d'ouverture.",
        ),
        ({"service": "Massage"}, "La prestation « Massage » n'existe pas. Au choix : Coupe."),
        (
            {"callback_number": "0044 20 7946 0958"},
            "« 0044 20 7946 0958 » n'est pas un numéro français de mobile ou de fixe.",
        ),
    ]
    for change, detail in cases:
        r = c.post("/api/v1/bookings", json={**base, **change}, headers=h)
        assert r.status_code == 422, r.text
        assert r.json() == {"error": "BookingRefused", "detail": detail}
    r = c.post(
        f"/api/v1/assistants/{assistant_id}/booking-resources",
        json={"name": "Bac", "capacity": 0},
        headers=h,
    )
    assert r.status_code == 422
    resources = c.get(f"/api/v1/assistants/{assistant_id}/booking-resources", headers=h).json()
    r = c.post(
        f"/api/v1/assistants/{assistant_id}/booking-services",
        json={"name": "coupe", "duration_minutes": 20, "resource_id": resources[0]["id"]},
        headers=h,
    )
    assert (
        r.json()["detail"] == "Une prestation s'appelle déjà « coupe » : choisissez un autre nom."
    )
    with app.services.db.unit_of_work(acc.org_id) as s:
        assert s.scalar(select(func.count()).select_from(Booking)) == 0
        assert (
            s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "booking")
            )
            == 0
        )


def test_requests_are_accepted_or_declined(api: tuple[Account, str]) -> None:
    acc, assistant_id = api
    c, h = acc.client, acc.auth
    r = c.put(
        f"/api/v1/assistants/{assistant_id}/booking-settings",
        json={"mode": "request", "min_notice_minutes": 30},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["mode"] == "request"
    new = {
        "assistant_id": assistant_id,
        "start_at": "2027-03-10T10:00:00+01:00",
        "service": "Coupe",
        "status": "requested",
    }
    first = c.post("/api/v1/bookings", json=new, headers=h).json()
    assert first["status"] == "requested"
    r = c.patch(f"/api/v1/bookings/{first['id']}", json={"status": "confirmed"}, headers=h)
    assert r.json()["status"] == "confirmed"
    r = c.patch(f"/api/v1/bookings/{first['id']}", json={"status": "declined"}, headers=h)
    assert r.json()["status"] == "declined"
    r = c.patch(f"/api/v1/bookings/{first['id']}", json={"status": "cancelled"}, headers=h)
    assert r.status_code == 422
    assert r.json()["detail"] == "Cette réservation est déjà annulée ou refusée."
