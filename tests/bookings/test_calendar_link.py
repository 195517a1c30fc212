"""The agenda and the owner's calendar together, against a real CalDAV server (Radicale): a
caller's booking appears in the calendar and the ICS feed, a cancellation removes it, an event
added to the calendar blocks its slot, and a closure closes its days. SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from allokoli.auth.principal import Principal
from allokoli.bookings.links import booking_uid
from allokoli.calendars.service import CalendarService, ConnectionIn
from allokoli.http.deps import AlloKoliApp
from allokoli.models import CalendarConnection
from tests.bookings.conftest import NOW, Shop, make_shop
from tests.calendars.conftest import PASSWORD, USER, Radicale
from tests.calendars.conftest import settings as settings
from tests.calls.conftest import OrgHook, org_hook
from tests.conftest import Account

pytestmark = pytest.mark.db


@pytest.fixture
def hooked(app: AlloKoliApp, alice: Account) -> tuple[OrgHook, Shop]:
    hook = org_hook(app, alice)
    app.services.clock = lambda: NOW
    return hook, make_shop(app.services.db, hook.org_id)


def _tool(hook: OrgHook, shop: Shop, name: str, args: dict[str, Any]) -> dict[str, Any]:
    body = hook.post(
        {
            "type": "tool-calls",
            "call": {"id": f"call-{uuid.uuid4()}"},
            "assistant": {"metadata": {"allokoliAssistantId": str(shop.assistant_id)}},
            "toolCallList": [
                {"id": f"tc-{uuid.uuid4()}", "function": {"name": name, "arguments": args}}
            ],
        }
    )
    result: dict[str, Any] = body["results"][0]
    return result


def _connect(app: AlloKoliApp, acc: Account, radicale: Radicale, name: str) -> tuple[Any, Any]:
    remote = radicale.new_calendar(name)
    calendars: CalendarService = app.services.calendars
    principal = Principal(organization_id=acc.org_id, user_id=uuid.uuid4(), role="owner")
    form = ConnectionIn(
        calendar_name=str(remote.url), server_url=radicale.url, username=USER, password=PASSWORD
    )
    with calendars.db.unit_of_work(tenant_id=acc.org_id) as session:
        connection = calendars.connect(session, principal, form)
    return remote, connection


def _sync(app: AlloKoliApp, connection: Any) -> None:
    calendars = app.services.calendars
    with calendars.db.unit_of_work(tenant_id=connection.organization_id) as session:
        stored = session.get(CalendarConnection, connection.id)
        assert stored is not None
        stored.next_sync_at = calendars.clock()
    run = calendars.sync(connection.id, connection.organization_id)
    assert run is not None and run.ok


BOOKING = {
    "date": "demain",
    "heure": "10:30",
    "prestation": "coupe",
    "nom_appelant": "Marie Curie",
    "telephone_rappel": "06 12 34 56 78",
}


def test_a_booking_taken_on_a_call_is_written_to_the_calendar_and_the_feed(
    app: AlloKoliApp, hooked: tuple[OrgHook, Shop], radicale: Radicale
) -> None:
    hook, shop = hooked
    remote, _ = _connect(app, hook.acc, radicale, "Salon")
    booked = _tool(hook, shop, "book_appointment", BOOKING)
    assert booked["result"].startswith("C'est réservé")
    listed = hook.acc.client.get("/api/v1/bookings", headers=hook.acc.auth).json()["items"]
    booking_id = uuid.UUID(listed[0]["id"])

    event = remote.event_by_uid(booking_uid(booking_id)).icalendar_component
    assert str(event["SUMMARY"]) == "Coupe — Marie Curie"
    assert event.decoded("DTSTART").isoformat() == listed[0]["start_at"].replace("Z", "+00:00")

    cancelled = _tool(
        hook, shop, "cancel_appointment", {"telephone_rappel": "0612345678", "date": "demain"}
    )
    assert cancelled["result"].startswith("C'est annulé")
    assert remote.events() == []


def test_an_event_added_to_the_calendar_blocks_its_slot(
    app: AlloKoliApp, hooked: tuple[OrgHook, Shop], radicale: Radicale
) -> None:
    hook, shop = hooked
    remote, connection = _connect(app, hook.acc, radicale, "Perso")
    free = _tool(hook, shop, "check_availability", {"date": "demain", "heure": "10:30"})
    assert free["result"].startswith("Oui, mardi neuf mars à dix heures trente est libre")

    # The owner's dentist, Tuesday 9 March 2027 from 10 h to 11 h in Paris.
    remote.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\nBEGIN:VEVENT\r\n"
        "UID:dentiste\r\nDTSTAMP:20270101T000000Z\r\n"
        "DTSTART;TZID=Europe/Paris:20270309T100000\r\nDTEND;TZID=Europe/Paris:20270309T110000\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    _sync(app, connection)

    taken = _tool(hook, shop, "check_availability", {"date": "demain", "heure": "10:30"})
    assert taken["result"].startswith(
        "Pour mardi neuf mars à dix heures trente, ce n'est pas possible : "
        "ce créneau est déjà pris. Je peux vous proposer mardi neuf mars à neuf heures trente"
    )
    refused = _tool(hook, shop, "book_appointment", BOOKING)
    assert refused["error"].startswith("Ce créneau vient d'être pris.")


def test_a_closure_closes_its_days_for_bookings(
    app: AlloKoliApp, hooked: tuple[OrgHook, Shop]
) -> None:
    hook, shop = hooked
    r = hook.acc.client.post(
        "/api/v1/closures",
        json={"starts_on": "2027-03-09", "ends_on": "2027-03-10", "message": "Congés"},
        headers=hook.acc.auth,
    )
    assert r.status_code == 201, r.text
    answer = _tool(hook, shop, "check_availability", {"date": "demain"})["result"]
    assert answer.startswith("Pour mardi neuf mars, ce n'est pas possible")
    assert "jeudi onze mars" in answer
