"""The SDK's booking methods against the app in process (sync and async clients)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient

from allokoli.http.deps import AlloKoliApp
from allokoli_sdk import AlloKoli, AsyncAlloKoli, ConflictError
from tests.bookings.conftest import NOW, make_shop
from tests.conftest import Account
from tests.sdk.test_sdk import BASE, sdk

pytestmark = pytest.mark.db


def test_sdk_configures_checks_books_moves_and_cancels(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    app.services.clock = lambda: NOW
    aid = str(make_shop(app.services.db, alice.org_id).assistant_id)
    api: AlloKoli = sdk(client, alice.api_key)
    rules = api.bookings.set_settings(aid, mode="direct", min_notice_minutes=30)
    assert rules.min_notice_minutes == 30 and api.bookings.settings(aid).mode == "direct"
    seats = api.bookings.add_resource(aid, "Bac à shampoing", 2)
    service = api.bookings.add_service(aid, "Brushing", 45, seats.id, buffer_minutes=15)
    assert {s.name for s in api.bookings.services(aid)} == {"Coupe", "Brushing"}
    assert len(api.bookings.resources(aid)) == 2
    free = api.bookings.availability(aid, day=date(2027, 3, 9), service="Brushing")
    assert free.slots[0].spoken == "mardi neuf mars à neuf heures"
    booked = api.bookings.create(
        aid,
        free.slots[0].start_at,
        str(service.id),
        customer_name="Marie",
        callback_number="0612345678",
    )
    assert booked.reference and api.bookings.get(booked.id).status == "confirmed"
    moved = api.bookings.update(booked.id, start_at=datetime(2027, 3, 9, 13, 0, tzinfo=UTC))
    assert moved.start_at == datetime(2027, 3, 9, 13, 0, tzinfo=UTC)
    block = api.bookings.block(
        aid,
        datetime(2027, 3, 9, 15, 0, tzinfo=UTC),
        datetime(2027, 3, 9, 16, 0, tzinfo=UTC),
        reason="Stage",
    )
    assert block.reason == "Stage"
    with pytest.raises(ConflictError):
        api.bookings.create(aid, datetime(2027, 3, 9, 15, 0, tzinfo=UTC), "Coupe")
    assert api.bookings.list(date_from=date(2027, 3, 9)).total == 1
    assert api.bookings.cancel(booked.id).status == "cancelled"

    async def asynchronous() -> None:
        transport = httpx.ASGITransport(app=app)
        async with AsyncAlloKoli(api_key=alice.api_key, base_url=BASE, transport=transport) as a:
            page = await a.bookings.list(status="cancelled", date_from=date(2027, 3, 1))
            assert [b.id for b in page.items] == [booked.id]

    anyio.run(asynchronous)
