"""A rehearsal's booking is a dry run: book_appointment, marked by the rehearsal run (a signed
mark in the assistant's metadata, checked by the webhook), checks the slot the real, atomic way
and says what a caller would hear, then rolls back: no booking, audit entry, calendar push or
outbox job stays. A real call, or a forged mark, books for real."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from allokoli.http.deps import AlloKoliApp
from allokoli.models import AuditEntry, Booking, CalendarPush, OutboxMessage
from allokoli.providers.vapi import METADATA_KEY
from allokoli.rehearsal import dry_run
from tests.bookings.conftest import NOW, Shop, make_shop
from tests.calls.conftest import OrgHook, org_hook
from tests.conftest import Account

pytestmark = pytest.mark.db

ARGS: dict[str, Any] = {
    "date": "demain",
    "heure": "10:30",
    "prestation": "coupe",
    "nom_appelant": "Marie Curie",
    "telephone_rappel": "06 12 34 56 78",
    "nombre_personnes": 1,
    "commentaire": "",
}


@pytest.fixture
def hooked(app: AlloKoliApp, alice: Account) -> tuple[OrgHook, Shop]:
    hook = org_hook(app, alice)
    app.services.clock = lambda: NOW
    return hook, make_shop(app.services.db, hook.org_id)


def _secret(hook: OrgHook) -> str:
    return hook.app.services.settings.secret_key.get_secret_value()


def _tool(
    hook: OrgHook, shop: Shop, name: str, args: dict[str, Any], mark: str | None = None
) -> dict[str, Any]:
    metadata: dict[str, Any] = {METADATA_KEY: str(shop.assistant_id)}
    if mark is not None:
        metadata[dry_run.METADATA_KEY] = mark
    body = hook.post(
        {
            "type": "tool-calls",
            "call": {"id": "call-rehearsal", "type": "webCall"},
            "assistant": {"metadata": metadata},
            "toolCallList": [
                {"id": f"tc-{uuid.uuid4()}", "function": {"name": name, "arguments": args}}
            ],
        }
    )
    result: dict[str, Any] = body["results"][0]
    return result


def _left(hook: OrgHook) -> dict[str, int]:
    """What a booking leaves behind, counted in the database."""
    with hook.app.services.db.unit_of_work(tenant_id=hook.org_id) as s:

        def count(model: Any, *where: Any) -> int:
            query = select(func.count()).select_from(model).where(*where)
            return int(s.scalar(query) or 0)

        return {
            "bookings": count(Booking, Booking.organization_id == hook.org_id),
            "audit": count(
                AuditEntry,
                AuditEntry.organization_id == hook.org_id,
                AuditEntry.entity == "booking",
            ),
            "pushes": count(CalendarPush, CalendarPush.organization_id == hook.org_id),
            "outbox": count(OutboxMessage, OutboxMessage.organization_id == hook.org_id),
        }


def test_a_rehearsal_booking_is_checked_then_rolled_back(hooked: tuple[OrgHook, Shop]) -> None:
    hook, shop = hooked
    before = _left(hook)
    mark = dry_run.mark(_secret(hook), hook.org_id, NOW)
    r = _tool(hook, shop, "book_appointment", ARGS, mark)
    # The caller hears what a real call hears, reference included…
    assert r["result"].startswith(
        "C'est réservé : « Coupe » le mardi neuf mars à dix heures trente. Votre référence : "
    )
    # …but nothing stays: the same slot can be "booked" again, and nothing was queued.
    again = _tool(
        hook, shop, "book_appointment", ARGS, dry_run.mark(_secret(hook), hook.org_id, NOW)
    )
    assert again["result"].startswith("C'est réservé")
    assert _left(hook) == before
    listed = hook.acc.client.get("/api/v1/bookings", headers=hook.acc.auth)
    assert listed.status_code == 200 and listed.json()["items"] == []
    # A dry-run cancel of a real booking leaves it in place.
    real = _tool(hook, shop, "book_appointment", ARGS)
    assert real["result"].startswith("C'est réservé")
    cancel = {"telephone_rappel": "0612345678", "date": "demain"}
    r = _tool(hook, shop, "cancel_appointment", cancel, mark)
    assert r["result"].startswith("C'est annulé")
    items = hook.acc.client.get("/api/v1/bookings", headers=hook.acc.auth).json()["items"]
    assert [i["status"] for i in items] == ["confirmed"]


def test_a_dry_run_on_a_taken_slot_is_refused_in_the_same_words(
    hooked: tuple[OrgHook, Shop],
) -> None:
    hook, shop = hooked
    assert _tool(hook, shop, "book_appointment", ARGS)["result"].startswith("C'est réservé")
    left = _left(hook)
    real = _tool(hook, shop, "book_appointment", {**ARGS, "nom_appelant": "Paul Dupont"})
    mark = dry_run.mark(_secret(hook), hook.org_id, NOW)
    dry = _tool(hook, shop, "book_appointment", {**ARGS, "nom_appelant": "Paul Dupont"}, mark)
    assert real["error"].startswith("Ce créneau vient d'être pris. Je peux vous proposer")
    assert dry == {**real, "toolCallId": dry["toolCallId"]}
    assert _left(hook) == left


@pytest.mark.parametrize("forged", ["oui", "abc.99999999999.0123456789abcdef0123456789abcdef"])
def test_a_real_call_or_a_forged_mark_books_for_real(
    hooked: tuple[OrgHook, Shop], forged: str
) -> None:
    hook, shop = hooked
    before = _left(hook)
    r = _tool(hook, shop, "book_appointment", ARGS, forged)
    assert r["result"].startswith("C'est réservé")
    after = _left(hook)
    assert after["bookings"] == before["bookings"] + 1
    assert after["audit"] == before["audit"] + 1
    assert after["pushes"] == before["pushes"] + 1  # mirrored to the owner's calendar


def test_a_mark_is_bound_to_its_organisation_and_expires() -> None:
    org, other = uuid.uuid4(), uuid.uuid4()
    mark = dry_run.mark("s" * 40, org, NOW)
    meta = {dry_run.METADATA_KEY: mark}
    assert dry_run.is_marked(meta, "s" * 40, org, NOW)
    assert not dry_run.is_marked(meta, "s" * 40, other, NOW)
    assert not dry_run.is_marked(meta, "t" * 40, org, NOW)
    assert not dry_run.is_marked(meta, "s" * 40, org, NOW + dry_run.LIFETIME + timedelta(1))
    assert not dry_run.is_marked({}, "s" * 40, org, NOW)
    nonce, expires, signature = mark.split(".")
    later = f"{nonce}.{int(expires) + 3600}.{signature}"
    assert not dry_run.is_marked({dry_run.METADATA_KEY: later}, "s" * 40, org, NOW)
