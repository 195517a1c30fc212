"""The settings page and the ICS feed, through the app (a logged-in browser), against Radicale."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from allokoli.calendars.entries import push_entry
from allokoli.calendars.ics import CalendarEntry
from allokoli.http.deps import AlloKoliApp
from allokoli.tenancy import Tenant
from tests.calendars.conftest import PASSWORD, USER, Radicale, free_port
from tests.conftest import Account

NOW = datetime(2027, 3, 1, 8, tzinfo=UTC)
PAGE = "/settings/calendar"


@pytest.fixture(autouse=True)
def fixed_clock(app: AlloKoliApp) -> None:
    app.services.clock = lambda: NOW


def _connect(account: Account, **form: str) -> object:
    data = {"csrf_token": account.csrf, "username": USER, "password": PASSWORD} | form
    return account.client.post(f"{PAGE}/connect", data=data, follow_redirects=False)


def test_the_page_asks_to_connect_and_needs_a_login(app: AlloKoliApp, alice: Account) -> None:
    page = alice.client.get(PAGE)
    assert page.status_code == 200
    assert "Connecter un agenda" in page.text
    assert "mot de passe d'application" in page.text
    from fastapi.testclient import TestClient

    anonymous = TestClient(app).get(PAGE, follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login")


def test_rejected_credentials_get_a_french_message_and_nothing_is_connected(
    radicale: Radicale, alice: Account
) -> None:
    r = _connect(alice, server_url=radicale.url, password="mauvais")
    assert r.status_code == 400  # type: ignore[attr-defined]
    assert "refusé l&#39;identifiant ou le mot de passe" in r.text  # type: ignore[attr-defined]
    assert "Agenda connecté" not in alice.client.get(PAGE).text


def test_an_unreachable_server_gets_a_french_message(alice: Account) -> None:
    r = _connect(alice, server_url=f"http://127.0.0.1:{free_port()}/")
    assert r.status_code == 502  # type: ignore[attr-defined]
    assert "injoignable" in r.text  # type: ignore[attr-defined]
    assert "Agenda connecté" not in alice.client.get(PAGE).text


def test_missing_fields_are_named(alice: Account) -> None:
    r = alice.client.post(
        f"{PAGE}/connect", data={"csrf_token": alice.csrf, "server_url": ""}, follow_redirects=False
    )
    assert r.status_code == 400
    assert "Renseignez l&#39;adresse CalDAV, l&#39;identifiant, le mot de passe." in r.text


def test_connect_test_sync_status_choose_and_disconnect(radicale: Radicale, alice: Account) -> None:
    remote = radicale.new_calendar("Salon")
    other = radicale.new_calendar("Perso")
    remote.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//FR\r\nBEGIN:VEVENT\r\nUID:v1\r\n"
        "DTSTAMP:20270101T000000Z\r\nDTSTART:20270302T090000Z\r\nDTEND:20270302T100000Z\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    r = _connect(alice, server_url=radicale.url, calendar_name=str(remote.url))
    assert r.status_code == 303  # type: ignore[attr-defined]
    page = alice.client.get(PAGE).text
    assert "Agenda connecté : « Salon »" in page  # the flash
    assert "Réussie" in page and "1 créneau occupé importé" in page  # synced after the commit
    assert PASSWORD not in page

    r = alice.client.post(f"{PAGE}/test", data={"csrf_token": alice.csrf}, follow_redirects=True)
    assert "Connexion réussie" in r.text

    r = alice.client.post(
        f"{PAGE}/choose",
        data={"csrf_token": alice.csrf, "calendar_url": str(other.url)},
        follow_redirects=True,
    )
    assert "Agenda utilisé : « Perso »" in r.text
    assert "0 créneau occupé importé" in r.text

    r = alice.client.post(
        f"{PAGE}/choose",
        data={"csrf_token": alice.csrf, "calendar_url": "http://ailleurs.example/cal/"},
    )
    assert r.status_code == 400 and "Choisissez un des agendas de la liste." in r.text

    r = alice.client.post(
        f"{PAGE}/disconnect", data={"csrf_token": alice.csrf}, follow_redirects=True
    )
    assert "Agenda déconnecté" in r.text
    assert "Connecter un agenda" in r.text


def test_a_failed_sync_shows_on_the_page(
    radicale: Radicale, app: AlloKoliApp, alice: Account
) -> None:
    radicale.new_calendar("Salon")
    _connect(alice, server_url=radicale.url)
    from sqlalchemy import select

    from allokoli.models import CalendarConnection

    nowhere = f"http://127.0.0.1:{free_port()}"
    with app.services.db.unit_of_work(tenant_id=alice.org_id) as session:
        connection = session.scalars(select(CalendarConnection)).one()
        connection.server_url = connection.server_url.replace(radicale.url.rstrip("/"), nowhere)
        connection.calendar_url = connection.calendar_url.replace(radicale.url.rstrip("/"), nowhere)
    alice.client.post(f"{PAGE}/sync", data={"csrf_token": alice.csrf})
    page = alice.client.get(PAGE).text
    assert "Échec" in page and "injoignable" in page
    assert "Un nouvel essai est fait automatiquement" in page
    r = alice.client.post(f"{PAGE}/test", data={"csrf_token": alice.csrf})
    assert r.status_code == 502 and "injoignable" in r.text


def _feed_path(account: Account) -> str:
    match = re.search(
        r'<code id="feed-url">https?://[^/]+(/calendar/[^<]+\.ics)</code>',
        account.client.get(PAGE).text,
    )
    assert match
    return match.group(1)


def test_the_feed_serves_our_entries_and_a_wrong_or_former_token_gets_404(
    app: AlloKoliApp, alice: Account, bob: Account
) -> None:
    entry = CalendarEntry(
        "booking-9@allokoli", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1), "Coupe"
    )
    with app.services.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, Tenant(alice.org_id), entry, now=NOW)
    path = _feed_path(alice)
    from fastapi.testclient import TestClient

    anonymous = TestClient(app)  # a calendar app: no login, the token is the secret
    r = anonymous.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/calendar")
    uids = [str(e["UID"]) for e in Calendar.from_ical(r.content).walk("VEVENT")]
    assert uids == ["booking-9@allokoli"]

    assert anonymous.get("/calendar/pas-le-bon-jeton.ics").status_code == 404
    assert anonymous.get(path[:-8] + "AAAA.ics").status_code == 404
    bob_feed = anonymous.get(_feed_path(bob))
    assert bob_feed.status_code == 200 and b"booking-9" not in bob_feed.content

    alice.client.post(f"{PAGE}/feed/rotate", data={"csrf_token": alice.csrf})
    assert anonymous.get(path).status_code == 404
    new_path = _feed_path(alice)
    assert new_path != path and anonymous.get(new_path).status_code == 200


def test_an_assistant_gets_its_own_calendar_page(radicale: Radicale, alice: Account) -> None:
    r = alice.client.post(
        "/api/v1/assistants",
        json={
            "text": "Cabinet de kinésithérapie Marc à Lyon, ouvert du lundi au vendredi de 8h à 19h"
        },
        headers=alice.auth,
    )
    assert r.status_code == 201, r.text
    assistant_id, name = r.json()["id"], r.json()["name"]
    settings_page = alice.client.get(PAGE).text
    assert f"/assistants/{assistant_id}/calendar" in settings_page
    assert "l'agenda de l'organisation" in settings_page

    page = alice.client.get(f"/assistants/{assistant_id}/calendar")
    assert page.status_code == 200
    assert f"Agenda propre à {name}" in page.text
    assert "feed-url" not in page.text  # the feed is the organisation's

    own = radicale.new_calendar("Marc")
    r = alice.client.post(
        f"/assistants/{assistant_id}/calendar/connect",
        data={
            "csrf_token": alice.csrf,
            "server_url": radicale.url,
            "username": USER,
            "password": PASSWORD,
            "calendar_name": str(own.url),
        },
        follow_redirects=True,
    )
    assert r.status_code == 200
    assert "Agenda connecté : « Marc »" in r.text
    assert "son propre agenda « Marc »" in alice.client.get(PAGE).text
    # The organisation itself still has no calendar.
    assert "Connecter un agenda" in alice.client.get(PAGE).text
