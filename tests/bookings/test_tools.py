"""The live booking tools through the real webhook (signed tool-calls, dedupe, one transaction)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from allokoli.bookings.dates import DateNotUnderstood, parse_date, parse_time
from allokoli.http.deps import AlloKoliApp
from allokoli.providers.vapi import METADATA_KEY
from tests.bookings.conftest import NOW, Shop, make_shop
from tests.calls.conftest import OrgHook, org_hook
from tests.conftest import Account

pytestmark = pytest.mark.db

MONDAY = date(2027, 3, 8)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("demain", date(2027, 3, 9)),
        ("après-demain", date(2027, 3, 10)),
        ("aujourd'hui", MONDAY),
        ("mardi", date(2027, 3, 9)),
        ("mardi prochain", date(2027, 3, 9)),
        ("lundi prochain", date(2027, 3, 15)),
        ("lundi", MONDAY),
        ("dans quinze jours", date(2027, 3, 22)),
        ("dans 3 jours", date(2027, 3, 11)),
        ("dans une semaine", date(2027, 3, 15)),
        ("le 12", date(2027, 3, 12)),
        ("le 5", date(2027, 4, 5)),
        ("le 12 mars", date(2027, 3, 12)),
        ("vendredi 12 mars", date(2027, 3, 12)),
        ("le premier avril", date(2027, 4, 1)),
        ("12/03", date(2027, 3, 12)),
        ("2027-03-12", date(2027, 3, 12)),
    ],
)
def test_relative_dates_resolve_in_paris(said: str, expected: date) -> None:
    assert parse_date(said, MONDAY) == expected


@pytest.mark.parametrize("said", ["bientôt", "le 31 février", "2027-13-01", "le 45"])
def test_unreadable_dates_are_refused(said: str) -> None:
    with pytest.raises(DateNotUnderstood):
        parse_date(said, MONDAY)


def test_times() -> None:
    assert [
        parse_time(t).isoformat("minutes") for t in ("10:30", "10h30", "10 h", "midi", "9")
    ] == [
        "10:30",
        "10:30",
        "10:00",
        "12:00",
        "09:00",
    ]


@pytest.fixture
def hooked(app: AlloKoliApp, alice: Account) -> tuple[OrgHook, Shop]:
    hook = org_hook(app, alice)
    app.services.clock = lambda: NOW
    return hook, make_shop(app.services.db, hook.org_id)


def _tool(hook: OrgHook, shop: Shop, name: str, args: dict[str, Any]) -> dict[str, Any]:
    body = hook.post(
        {
            "type": "tool-calls",
            "call": {"id": "call-booking"},
            "assistant": {"metadata": {METADATA_KEY: str(shop.assistant_id)}},
            "toolCallList": [
                {"id": f"tc-{uuid.uuid4()}", "function": {"name": name, "arguments": args}}
            ],
        }
    )
    result: dict[str, Any] = body["results"][0]
    return result


def test_a_caller_checks_books_and_cancels(hooked: tuple[OrgHook, Shop]) -> None:
    hook, shop = hooked
    r = _tool(hook, shop, "check_availability", {"date": "demain", "prestation": "coupe"})
    assert r["result"] == (
        "Pour « Coupe », je peux vous proposer mardi neuf mars à neuf heures, "
        "mardi neuf mars à dix heures ou mardi neuf mars à onze heures."
    )
    r = _tool(hook, shop, "check_availability", {"date": "demain", "heure": "10h30"})
    assert r["result"] == "Oui, mardi neuf mars à dix heures trente est libre pour « Coupe »."
    args = {
        "date": "demain",
        "heure": "10:30",
        "prestation": "coupe",
        "nom_appelant": "Marie Curie",
        "telephone_rappel": "06 12 34 56 78",
        "nombre_personnes": 1,
        "commentaire": "",
    }
    r = _tool(hook, shop, "book_appointment", args)
    assert r["result"].startswith(
        "C'est réservé : « Coupe » le mardi neuf mars à dix heures trente."
    )
    assert "Votre référence : " in r["result"]
    r = _tool(hook, shop, "book_appointment", args)
    assert r["error"].startswith(
        "Ce créneau vient d'être pris. Je peux vous proposer mardi neuf mars"
    )
    r = _tool(hook, shop, "check_availability", {"date": "demain", "heure": "10:30"})
    assert "ce créneau est déjà pris" in r["result"]
    listed = hook.acc.client.get("/api/v1/bookings", headers=hook.acc.auth)
    if listed.status_code == 200:
        assert listed.json()["items"][0]["customer_name"] == "Marie Curie"
    r = _tool(
        hook, shop, "cancel_appointment", {"telephone_rappel": "0612345678", "date": "demain"}
    )
    assert (
        r["result"]
        == "C'est annulé : le rendez-vous du mardi neuf mars à dix heures trente est libéré."
    )
    r = _tool(hook, shop, "book_appointment", args)
    assert r["result"].startswith("C'est réservé")


def test_closed_and_past_days_get_alternatives(hooked: tuple[OrgHook, Shop]) -> None:
    hook, shop = hooked
    r = _tool(hook, shop, "check_availability", {"date": "dimanche"})
    assert r["result"].startswith(
        "Pour dimanche quatorze mars, ce n'est pas possible : fermé ce jour-là. "
        "Je peux vous proposer mardi seize mars à neuf heures"
    )
    r = _tool(hook, shop, "check_availability", {"date": "2027-03-01"})
    assert r["result"].startswith(
        "Pour lundi premier mars, ce n'est pas possible : cette date est passée."
    )
    r = _tool(hook, shop, "check_availability", {"date": "demain", "heure": "20:00"})
    assert "en dehors des horaires d'ouverture" in r["result"]


def test_request_mode_never_says_confirmed(app: AlloKoliApp, alice: Account) -> None:
    hook = org_hook(app, alice)
    app.services.clock = lambda: NOW
    shop = make_shop(app.services.db, hook.org_id, mode="request")
    r = _tool(
        hook,
        shop,
        "book_appointment",
        {
            "date": "mardi",
            "heure": "15:00",
            "nom_appelant": "Paul",
            "telephone_rappel": "0240000000",
        },
    )
    text = r["result"]
    assert text.startswith(
        "Votre demande pour « Coupe » le mardi neuf mars à quinze heures est enregistrée"
    )
    assert (
        "rappellera au zéro deux, quarante, zéro zéro, zéro zéro, zéro zéro pour la valider" in text
    )
    assert "confirm" not in text.lower() and "réservé :" not in text


def test_bad_callback_number_is_said_in_french(hooked: tuple[OrgHook, Shop]) -> None:
    hook, shop = hooked
    r = _tool(
        hook,
        shop,
        "book_appointment",
        {
            "date": "demain",
            "heure": "10:00",
            "nom_appelant": "Bob",
            "telephone_rappel": "+1 415 555 0100",
        },
    )
    assert r["error"] == "« +1 415 555 0100 » n'est pas un numéro français de mobile ou de fixe."


def test_when_now_moves_past_the_slot(hooked: tuple[OrgHook, Shop]) -> None:
    hook, shop = hooked
    hook.app.services.clock = lambda: datetime(2027, 3, 9, 12, 0, tzinfo=UTC)
    r = _tool(hook, shop, "check_availability", {"date": "2027-03-09", "heure": "10:00"})
    assert "cette date est passée" not in r["result"] and "Je peux vous proposer" in r["result"]
