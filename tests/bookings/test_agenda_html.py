"""The owner's agenda pages: day and week views, accept, decline, move, cancel, block; audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from allokoli.http.deps import AlloKoliApp
from allokoli.models import AuditEntry
from tests.bookings.conftest import NOW, make_shop
from tests.conftest import Account

pytestmark = pytest.mark.db


def _book(acc: Account, assistant_id: str, start: str, status: str = "confirmed") -> str:
    r = acc.client.post(
        "/api/v1/bookings",
        json={
            "assistant_id": assistant_id,
            "start_at": start,
            "service": "Coupe",
            "customer_name": "Marie Curie",
            "callback_number": "0612345678",
            "status": status,
        },
        headers=acc.auth,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_agenda_day_week_and_actions(app: AlloKoliApp, alice: Account) -> None:
    app.services.clock = lambda: NOW
    shop = make_shop(app.services.db, alice.org_id)
    aid = str(shop.assistant_id)
    confirmed = _book(alice, aid, "2027-03-09T10:00:00+01:00")
    request = _book(alice, aid, "2027-03-09T15:00:00+01:00", "requested")
    c = alice.client
    page = c.get("/agenda", params={"day": "2027-03-09"}).text
    assert "Mardi neuf mars" in page and "10:00–10:30 · Coupe" in page
    assert "Demande à valider" in page and "Accepter" in page
    week = c.get("/agenda", params={"day": "2027-03-11", "view": "semaine"}).text
    assert "Lundi huit mars" in week and "Dimanche quatorze mars" in week
    assert "Marie Curie" in week
    assert "Prochains rendez-vous" in c.get("/dashboard").text

    def post(path: str, data: dict[str, str]) -> str:
        r = c.post(
            path,
            data={"csrf_token": alice.csrf, **data},
            headers={"referer": "http://testserver/agenda?day=2027-03-09"},
            follow_redirects=True,
        )
        assert r.status_code == 200
        return r.text

    assert "Demande acceptée." in post(
        f"/agenda/bookings/{request}/status", {"status": "confirmed"}
    )
    text = post(f"/agenda/bookings/{confirmed}/move", {"start": "2027-03-09T15:00"})
    assert "Ce créneau n&#39;est plus libre." in text
    text = post(f"/agenda/bookings/{confirmed}/move", {"start": "2027-03-09T11:00"})
    assert "Rendez-vous déplacé au mardi neuf mars à 11:00." in text
    assert "11:00–11:30 · Coupe" in text
    assert "Rendez-vous annulé" in post(
        f"/agenda/bookings/{confirmed}/status", {"status": "cancelled"}
    )
    text = post(
        "/agenda/blocks",
        {
            "assistant_id": aid,
            "day": "2027-03-09",
            "start": "16:00",
            "end": "17:00",
            "reason": "Formation",
        },
    )
    assert "Créneau bloqué." in text and "Bloqué 16:00–17:00 : Formation" in text
    text = post(
        "/agenda/blocks",
        {"assistant_id": aid, "day": "2027-03-09", "start": "17:00", "end": "16:00"},
    )
    assert "La fin du blocage doit être après son début." in text
    r = c.get(
        f"/api/v1/assistants/{aid}/availability",
        params={"date": "2027-03-09", "limit": 20},
        headers=alice.auth,
    )
    hours = [s["spoken"] for s in r.json()["slots"]]
    assert "mardi neuf mars à seize heures" not in hours and "mardi neuf mars à dix heures" in hours
    with app.services.db.unit_of_work(alice.org_id) as s:
        actions = sorted(
            s.scalars(
                select(AuditEntry.action).where(AuditEntry.entity.in_(["booking", "booking_block"]))
            ).all()
        )
    assert actions == ["cancel", "confirm", "create", "create", "create", "move"]
