"""REST: editing and deleting an assistant's resources and services, with the setup page's rules
(names unique case and accents aside, capacity bounds, a resource a service uses, a service with
bookings), the same French reasons, and 404 for another organisation's ids as for unknown ones."""

from __future__ import annotations

import uuid
from typing import Any

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from allokoli.http.deps import AlloKoliApp
from allokoli.models import AuditEntry, BookableService, BookingResource
from allokoli_sdk import AlloKoli, AsyncAlloKoli, NotFoundError, ValidationError
from tests.bookings.conftest import NOW, Shop, make_shop
from tests.conftest import Account
from tests.sdk.test_sdk import BASE, sdk

pytestmark = pytest.mark.db


@pytest.fixture
def shop_of_alice(app: AlloKoliApp, alice: Account) -> Shop:
    app.services.clock = lambda: NOW
    return make_shop(app.services.db, alice.org_id, capacity=2)


def _paths(shop: Shop) -> tuple[str, str, str]:
    a = f"/api/v1/assistants/{shop.assistant_id}"
    return a, f"{a}/booking-resources/{shop.resource_id}", f"{a}/booking-services/{shop.service_id}"


def _audits(app: AlloKoliApp, acc: Account, entity: str) -> list[str]:
    """The actions audited on this kind of row, sorted."""
    with app.services.db.unit_of_work(acc.org_id) as s:
        return sorted(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == entity)))


def _refused(r: httpx.Response | Any, detail: str) -> None:
    assert r.status_code == 422, r.text
    assert r.json() == {"error": "BookingRefused", "detail": detail}


def _book(acc: Account, shop: Shop, service: str = "Coupe") -> dict[str, Any]:
    r = acc.client.post(
        "/api/v1/bookings",
        json={
            "assistant_id": str(shop.assistant_id),
            "start_at": "2027-03-09T10:00:00+01:00",
            "service": service,
        },
        headers=acc.auth,
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_resource_edited_field_by_field_with_the_pages_rules(
    app: AlloKoliApp, alice: Account, shop_of_alice: Shop
) -> None:
    c, h = alice.client, alice.auth
    a, resource, _ = _paths(shop_of_alice)
    r = c.patch(resource, json={"capacity": 3}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "id": str(shop_of_alice.resource_id),
        "name": "Fauteuil",
        "capacity": 3,
        "per_person": False,
    }
    r = c.patch(resource, json={"name": "  Fauteuil   bleu ", "per_person": True}, headers=h)
    assert r.json()["name"] == "Fauteuil bleu" and r.json()["per_person"] is True
    assert r.json()["capacity"] == 3
    # Its own name with other capitals is not a duplicate.
    assert c.patch(resource, json={"name": "FAUTEUIL BLEU"}, headers=h).status_code == 200
    r = c.post(f"{a}/booking-resources", json={"name": "Bac à shampoing", "capacity": 1}, headers=h)
    assert r.status_code == 201, r.text
    _refused(
        c.patch(resource, json={"name": "bac a shampoing"}, headers=h),
        "Une ressource s'appelle déjà « bac a shampoing ».",
    )
    for capacity in (0, 501):
        r = c.patch(resource, json={"capacity": capacity}, headers=h)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "capacity", r.text
    r = c.patch(resource, json={"color": "bleu"}, headers=h)
    assert r.status_code == 422
    listed = c.get(f"{a}/booking-resources", headers=h).json()
    assert {(x["name"], x["capacity"]) for x in listed} == {
        ("FAUTEUIL BLEU", 3),
        ("Bac à shampoing", 1),
    }
    # Three changes saved (the refused ones leave no trace), the two resources created.
    assert sorted(_audits(app, alice, "booking_resource")) == ["create"] * 2 + ["update"] * 3


def test_resource_deleted_only_once_no_service_uses_it(
    app: AlloKoliApp, alice: Account, shop_of_alice: Shop
) -> None:
    c, h = alice.client, alice.auth
    a, resource, service = _paths(shop_of_alice)
    _refused(
        c.delete(resource, headers=h),
        "La ressource « Fauteuil » sert à la prestation « Coupe » : supprimez la prestation ou "
        "donnez-lui une autre ressource d'abord.",
    )
    spare = c.post(f"{a}/booking-resources", json={"name": "Bac", "capacity": 1}, headers=h).json()
    # The service moves to the other resource: the first one is free to go.
    r = c.patch(service, json={"resource_id": spare["id"]}, headers=h)
    assert r.status_code == 200 and r.json()["resource_id"] == spare["id"], r.text
    r = c.delete(resource, headers=h)
    assert r.status_code == 204 and r.content == b""
    assert [x["id"] for x in c.get(f"{a}/booking-resources", headers=h).json()] == [spare["id"]]
    r = c.delete(resource, headers=h)
    assert r.status_code == 404 and r.json() == {
        "error": "ResourceNotFound",
        "detail": "Cette ressource n'existe pas pour cet assistant.",
    }
    assert _audits(app, alice, "booking_resource").count("delete") == 1


def test_resource_holding_bookings_is_kept(alice: Account, shop_of_alice: Shop) -> None:
    c, h = alice.client, alice.auth
    a, resource, service = _paths(shop_of_alice)
    _book(alice, shop_of_alice)
    spare = c.post(f"{a}/booking-resources", json={"name": "Bac", "capacity": 1}, headers=h).json()
    assert c.patch(service, json={"resource_id": spare["id"]}, headers=h).status_code == 200
    _refused(
        c.delete(resource, headers=h),
        "La ressource « Fauteuil » a des rendez-vous dans l'agenda : elle est gardée.",
    )


def test_service_edited_field_by_field_with_the_pages_rules(
    app: AlloKoliApp, alice: Account, shop_of_alice: Shop
) -> None:
    c, h = alice.client, alice.auth
    a, _, service = _paths(shop_of_alice)
    r = c.patch(service, json={"duration_minutes": 45, "buffer_minutes": 10}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "id": str(shop_of_alice.service_id),
        "name": "Coupe",
        "duration_minutes": 45,
        "buffer_minutes": 10,
        "price_cents": 2500,
        "resource_id": str(shop_of_alice.resource_id),
    }
    # Absent keeps the price, null removes it.
    assert c.patch(service, json={"name": "Coupe femme"}, headers=h).json()["price_cents"] == 2500
    r = c.patch(service, json={"price_cents": None}, headers=h)
    assert r.json()["price_cents"] is None and r.json()["name"] == "Coupe femme"
    assert c.patch(service, json={"price_cents": 3000}, headers=h).json()["price_cents"] == 3000
    r = c.post(
        f"{a}/booking-services",
        json={
            "name": "Brushing",
            "duration_minutes": 30,
            "resource_id": str(shop_of_alice.resource_id),
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    _refused(
        c.patch(service, json={"name": "BRÛSHING"}, headers=h),
        "Une prestation s'appelle déjà « BRÛSHING » : choisissez un autre nom.",
    )
    for change in ({"duration_minutes": 0}, {"duration_minutes": 1441}, {"buffer_minutes": -1}):
        assert c.patch(service, json=change, headers=h).status_code == 422, change
    # A resource of another assistant of the same organisation is not this assistant's.
    other = make_shop(app.services.db, alice.org_id, name="Salon Paul")
    r = c.patch(service, json={"resource_id": str(other.resource_id)}, headers=h)
    assert r.status_code == 404 and r.json()["error"] == "ResourceNotFound"
    listed = {x["name"]: x for x in c.get(f"{a}/booking-services", headers=h).json()}
    assert listed["Coupe femme"]["duration_minutes"] == 45
    assert listed["Coupe femme"]["resource_id"] == str(shop_of_alice.resource_id)
    assert _audits(app, alice, "booking_service").count("update") == 4


def test_service_with_bookings_is_kept_and_may_be_renamed(
    app: AlloKoliApp, alice: Account, shop_of_alice: Shop
) -> None:
    c, h = alice.client, alice.auth
    a, _, service = _paths(shop_of_alice)
    booking = _book(alice, shop_of_alice)
    refused = (
        "La prestation « Coupe » a des rendez-vous dans l'agenda : elle est gardée. "
        "Renommez-la si elle ne se réserve plus."
    )
    _refused(c.delete(service, headers=h), refused)
    # Still refused once the booking is cancelled: it stays in the agenda's history.
    c.post(f"/api/v1/bookings/{booking['id']}/cancel", headers=h)
    _refused(c.delete(service, headers=h), refused)
    r = c.patch(service, json={"name": "Coupe (ancienne)"}, headers=h)
    assert r.status_code == 200, r.text
    assert c.get(f"/api/v1/bookings/{booking['id']}", headers=h).json()["service_id"] == str(
        shop_of_alice.service_id
    )
    assert len(c.get(f"{a}/booking-services", headers=h).json()) == 1
    assert "delete" not in _audits(app, alice, "booking_service")


def test_service_without_bookings_is_deleted(
    app: AlloKoliApp, alice: Account, shop_of_alice: Shop
) -> None:
    c, h = alice.client, alice.auth
    a, resource, service = _paths(shop_of_alice)
    r = c.delete(service, headers=h)
    assert r.status_code == 204 and r.content == b""
    assert c.get(f"{a}/booking-services", headers=h).json() == []
    r = c.patch(service, json={"name": "Coupe"}, headers=h)
    assert r.status_code == 404 and r.json() == {
        "error": "ServiceNotFound",
        "detail": "Cette prestation n'existe pas pour cet assistant.",
    }
    assert c.delete(resource, headers=h).status_code == 204
    with app.services.db.unit_of_work(alice.org_id) as s:
        assert s.scalar(select(func.count()).select_from(BookableService)) == 0
        assert s.scalar(select(func.count()).select_from(BookingResource)) == 0
    assert _audits(app, alice, "booking_service").count("delete") == 1


def test_another_organisation_gets_the_unknown_ids_404(
    app: AlloKoliApp, alice: Account, bob: Account, shop_of_alice: Shop
) -> None:
    """Bob with Alice's ids gets exactly what anyone gets with ids that do not exist."""
    a, resource, service = _paths(shop_of_alice)
    unknown = str(uuid.uuid4())
    bobs = make_shop(app.services.db, bob.org_id, name="Plomberie Bob")
    b = f"/api/v1/assistants/{bobs.assistant_id}"
    bodies = {"booking-resources": {"capacity": 9}, "booking-services": {"name": "Pirate"}}

    def answer(acc: Account, method: str, path: str) -> tuple[int, Any]:
        kind = path.split("/")[-2]
        body = bodies[kind] if method == "PATCH" else None
        r = acc.client.request(method, path, json=body, headers=acc.auth)
        return r.status_code, r.json()

    for method in ("PATCH", "DELETE"):
        for path in (resource, service):
            kind, own_id = path.split("/")[-2:]
            # Alice's assistant: as an unknown assistant.
            assert answer(bob, method, path) == answer(
                bob, method, path.replace(str(shop_of_alice.assistant_id), unknown)
            )
            assert answer(bob, method, path)[0] == 404
            # Bob's own assistant, Alice's resource or service: as an unknown one.
            mine = answer(bob, method, f"{b}/{kind}/{own_id}")
            assert mine == answer(bob, method, f"{b}/{kind}/{unknown}")
            assert mine[0] == 404 and mine[1]["error"] in ("ResourceNotFound", "ServiceNotFound")
    r = alice.client.get(f"{a}/booking-services", headers=alice.auth).json()
    assert [(x["name"], x["duration_minutes"]) for x in r] == [("Coupe", 30)]
    r = alice.client.get(f"{a}/booking-resources", headers=alice.auth).json()
    assert [(x["name"], x["capacity"]) for x in r] == [("Fauteuil", 2)]
    # Bob cannot give his service Alice's resource either.
    r = bob.client.patch(
        f"{b}/booking-services/{bobs.service_id}",
        json={"resource_id": str(shop_of_alice.resource_id)},
        headers=bob.auth,
    )
    assert r.status_code == 404 and r.json()["error"] == "ResourceNotFound"


def test_sdk_edits_and_deletes(
    app: AlloKoliApp, client: TestClient, alice: Account, shop_of_alice: Shop
) -> None:
    aid = shop_of_alice.assistant_id
    api: AlloKoli = sdk(client, alice.api_key)
    chair = api.bookings.update_resource(aid, shop_of_alice.resource_id, capacity=4)
    assert (chair.name, chair.capacity) == ("Fauteuil", 4)
    bay = api.bookings.add_resource(aid, "Bac", 1)
    with pytest.raises(ValidationError) as refused:
        api.bookings.update_resource(aid, bay.id, name="fauteuil")
    assert refused.value.detail == "Une ressource s'appelle déjà « fauteuil »."
    cut = api.bookings.update_service(
        aid, shop_of_alice.service_id, name="Coupe courte", resource_id=bay.id
    )
    assert (cut.name, cut.resource_id, cut.price_cents) == ("Coupe courte", bay.id, 2500)
    free = api.bookings.update_service(aid, cut.id, remove_price=True)
    assert free.price_cents is None and free.name == "Coupe courte"
    with pytest.raises(ValidationError) as used:
        api.bookings.delete_resource(aid, bay.id)
    assert "sert à la prestation « Coupe courte »" in used.value.detail
    api.bookings.delete_resource(aid, chair.id)
    assert [r.id for r in api.bookings.resources(aid)] == [bay.id]

    async def asynchronous() -> None:
        transport = httpx.ASGITransport(app=app)
        async with AsyncAlloKoli(api_key=alice.api_key, base_url=BASE, transport=transport) as a:
            again = await a.bookings.update_service(aid, cut.id, price_cents=1800)
            assert again.price_cents == 1800
            bay_again = await a.bookings.update_resource(aid, bay.id, per_person=True)
            assert bay_again.per_person is True
            await a.bookings.delete_service(aid, cut.id)
            assert await a.bookings.services(aid) == []
            await a.bookings.delete_resource(aid, bay.id)
            with pytest.raises(NotFoundError):
                await a.bookings.delete_resource(aid, bay.id)

    anyio.run(asynchronous)
