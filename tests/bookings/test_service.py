"""Availability and the atomic claim of a slot, on the real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from allokoli.bookings import config, service
from allokoli.bookings.availability import PARIS
from allokoli.bookings.errors import BookingRefused, SlotTaken
from allokoli.bookings.repository import BookingRepository
from allokoli.db.session import Database
from allokoli.models import AuditEntry, Booking, BookingUnit
from tests.bookings.conftest import NOW, Shop, make_shop

pytestmark = pytest.mark.db

TUESDAY_10 = datetime(2027, 3, 9, 9, 0, tzinfo=UTC)  # 10:00 in Paris


def _book(shop: Shop, start: datetime, **kw: object) -> Booking:
    with shop.database.unit_of_work(write=True) as s:
        new = service.NewBooking(
            assistant_id=shop.assistant_id,
            start=start,
            service=kw.pop("service", None),  # type: ignore[arg-type]
            customer_name="Marie Curie",
            callback_number="06 12 34 56 78",
            source="call",
            **kw,  # type: ignore[arg-type]
        )
        b = service.book(s, shop.tenant, new, now=NOW, runtime=shop.runtime, actor="test")
        s.expunge(b)
        return b


def _propose(shop: Shop, **kw: object) -> service.Proposal:
    with shop.database.unit_of_work() as s:
        sc = service.scope(s, shop.tenant, shop.assistant_id)
        args: dict[str, object] = {"service": None, "party_size": 1, "day": None, "at": None}
        args.update(kw)
        return service.propose(s, shop.tenant, sc, now=NOW, runtime=shop.runtime, **args)  # type: ignore[arg-type]


def test_free_slots_of_a_day_follow_the_hours(shop: Shop) -> None:
    p = _propose(shop, day=date(2027, 3, 9))
    assert p.exact and len(p.slots) == 3
    assert p.slots[0] == TUESDAY_10 - timedelta(hours=1)  # 9:00 Paris
    assert all(s.astimezone(PARIS).hour < 18 for s in p.slots)


def test_a_closed_day_gets_the_next_open_slots(shop: Shop) -> None:
    p = _propose(shop, day=date(2027, 3, 8))  # Monday: closed
    assert not p.exact and p.reason == "fermé ce jour-là"
    assert p.slots and p.slots[0].astimezone(PARIS).date() == date(2027, 3, 9)


def test_a_past_day_gets_upcoming_slots(shop: Shop) -> None:
    p = _propose(shop, day=date(2027, 3, 1))
    assert p.reason == "cette date est passée" and p.slots[0] > NOW


def test_out_of_hours_time_gets_the_nearest_slots(shop: Shop) -> None:
    p = _propose(shop, at=datetime(2027, 3, 9, 12, 0, tzinfo=UTC))  # 13:00 Paris, lunch
    assert not p.exact and p.reason == "c'est en dehors des horaires d'ouverture"
    hours = sorted(s.astimezone(PARIS).strftime("%H:%M") for s in p.slots)
    assert hours == ["11:30", "14:00", "14:30"]


def test_public_holidays_and_alsace_moselle(database: Database, org_id: uuid.UUID) -> None:
    nantes = make_shop(database, org_id, name="Nantes")
    metz = make_shop(database, org_id, name="Metz", postal_code="57000")
    good_friday = date(2027, 3, 26)
    assert _propose(nantes, day=good_friday).exact
    p = _propose(metz, day=good_friday)
    assert not p.exact and p.reason == "jour férié (Vendredi saint)"


def test_dst_change_keeps_paris_wall_clock(shop: Shop) -> None:
    before = _propose(shop, day=date(2027, 3, 27)).slots[0]  # Saturday, UTC+1
    after = _propose(shop, day=date(2027, 3, 30)).slots[0]  # Tuesday, UTC+2
    assert before.astimezone(PARIS).hour == after.astimezone(PARIS).hour == 9
    assert (before.hour, after.hour) == (8, 7)


def test_booking_takes_the_slot_and_no_double_booking(shop: Shop) -> None:
    b = _book(shop, TUESDAY_10)
    assert b.status == "confirmed" and len(b.reference) == 6
    assert b.callback_number == "+33612345678"
    with pytest.raises(SlotTaken):
        _book(shop, TUESDAY_10)
    with pytest.raises(SlotTaken):
        _book(shop, TUESDAY_10 + timedelta(minutes=15))  # overlaps the 30-minute cut
    assert TUESDAY_10 not in _propose(shop, day=date(2027, 3, 9)).slots
    p = _propose(shop, at=TUESDAY_10)
    assert not p.exact and p.reason == "ce créneau est déjà pris"


def test_cancel_frees_the_slot_and_is_audited(shop: Shop) -> None:
    b = _book(shop, TUESDAY_10)
    with shop.database.unit_of_work() as s:
        row = BookingRepository(s, shop.tenant).get(b.id)
        service.cancel(s, shop.tenant, row, runtime=shop.runtime, actor="test")
    assert _book(shop, TUESDAY_10).status == "confirmed"
    with shop.database.unit_of_work(shop.tenant.organization_id) as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "booking")).all()
    assert sorted(actions) == ["cancel", "create", "create"]


def test_change_hooks_are_told(shop: Shop) -> None:
    seen: list[tuple[uuid.UUID, str]] = []
    shop.runtime.hooks.append(lambda _s, _t, booking_id, change: seen.append((booking_id, change)))
    b = _book(shop, TUESDAY_10)
    with shop.database.unit_of_work() as s:
        row = BookingRepository(s, shop.tenant).get(b.id)
        service.move(
            s,
            shop.tenant,
            row,
            TUESDAY_10 + timedelta(hours=1),
            now=NOW,
            runtime=shop.runtime,
            actor="t",
        )
    assert seen == [(b.id, "created"), (b.id, "moved")]


def test_a_failing_busy_source_falls_back_to_our_data(shop: Shop) -> None:
    class Broken:
        def busy(self, *args: object) -> list[tuple[datetime, datetime]]:
            raise ConnectionError("calendar down")

    class Lunch:
        def busy(self, *args: object) -> list[tuple[datetime, datetime]]:
            return [(TUESDAY_10 - timedelta(hours=1), TUESDAY_10 + timedelta(hours=2))]

    shop.runtime.busy_source = Broken()
    assert _propose(shop, day=date(2027, 3, 9)).slots[0] == TUESDAY_10 - timedelta(hours=1)
    shop.runtime.busy_source = Lunch()
    assert _propose(shop, day=date(2027, 3, 9)).slots[0] == TUESDAY_10 + timedelta(hours=4)
    with pytest.raises(SlotTaken):
        _book(shop, TUESDAY_10)


def test_request_mode_holds_the_slot_until_declined(database: Database, org_id: uuid.UUID) -> None:
    shop = make_shop(database, org_id, mode="request")
    b = _book(shop, TUESDAY_10)
    assert b.status == "requested"
    with pytest.raises(SlotTaken):
        _book(shop, TUESDAY_10)
    with database.unit_of_work() as s:
        row = BookingRepository(s, shop.tenant).get(b.id)
        service.cancel(s, shop.tenant, row, runtime=shop.runtime, actor="t", status="declined")
    assert _book(shop, TUESDAY_10).status == "requested"


@pytest.mark.parametrize(
    ("start", "callback", "message"),
    [
        (TUESDAY_10 - timedelta(days=2), "0612345678", "Ce créneau est déjà passé."),
        (
            datetime(2027, 3, 15, 9, 0, tzinfo=UTC),
            "0612345678",
            "Impossible de réserver ce jour-là : fermé ce jour-là.",
        ),
        (
            datetime(2027, 3, 9, 18, 0, tzinfo=UTC),
            "0612345678",
            "Ce créneau est en dehors des horaires d'ouverture.",
        ),
        (
            TUESDAY_10,
            "+44 20 7946 0958",
            "« +44 20 7946 0958 » n'est pas un numéro français de mobile ou de fixe.",
        ),
        (
            TUESDAY_10,
            "0899123456",
            "« 0899123456 » n'est pas un numéro français de mobile ou de fixe.",
        ),
        (TUESDAY_10, "12", "« 12 » n'est pas un numéro de téléphone français valide."),
    ],
)
def test_bad_bookings_are_refused_in_french_and_write_nothing(
    shop: Shop, start: datetime, callback: str, message: str
) -> None:
    with pytest.raises(BookingRefused) as err:
        _book_with(shop, start, callback)
    assert err.value.detail == message
    with shop.database.unit_of_work(shop.tenant.organization_id) as s:
        assert s.scalar(select(func.count()).select_from(Booking)) == 0
        assert s.scalar(select(func.count()).select_from(BookingUnit)) == 0


def _book_with(shop: Shop, start: datetime, callback: str) -> Booking:
    with shop.database.unit_of_work(write=True) as s:
        new = service.NewBooking(
            assistant_id=shop.assistant_id,
            start=start,
            service=None,
            customer_name="Marie",
            callback_number=callback,
            source="call",
        )
        return service.book(s, shop.tenant, new, now=NOW, runtime=shop.runtime, actor="test")


def test_unknown_service_is_refused(shop: Shop) -> None:
    with pytest.raises(
        BookingRefused, match=r"La prestation « massage » n'existe pas\. Au choix : Coupe\."
    ):
        _book(shop, TUESDAY_10, service="massage")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"duration_minutes": 0}, "La durée d'une prestation doit être d'au moins une minute."),
        ({"duration_minutes": -30}, "La durée d'une prestation doit être d'au moins une minute."),
        (
            {"buffer_minutes": -5},
            "Le temps de battement après une prestation ne peut pas être négatif.",
        ),
        ({"name": "coupe"}, "Une prestation s'appelle déjà « coupe » : choisissez un autre nom."),
    ],
)
def test_bad_services_are_refused(shop: Shop, kwargs: dict[str, object], message: str) -> None:
    args: dict[str, Any] = {"name": "Brushing", "duration_minutes": 30, "buffer_minutes": 0}
    args.update(kwargs)
    with shop.database.unit_of_work() as s, pytest.raises(BookingRefused) as err:
        config.add_service(
            s, shop.tenant, shop.assistant_id, resource_id=shop.resource_id, actor="t", **args
        )
    assert err.value.detail == message


def test_capacity_zero_is_refused(shop: Shop) -> None:
    with shop.database.unit_of_work() as s, pytest.raises(BookingRefused) as err:
        config.add_resource(s, shop.tenant, shop.assistant_id, "Bac", 0, actor="t")
    assert err.value.detail == "La capacité d'une ressource doit être d'au moins 1."


def test_restaurant_seats_are_counted_per_person(database: Database, org_id: uuid.UUID) -> None:
    shop = make_shop(database, org_id, capacity=10, per_person=True, duration=90)
    _book(shop, TUESDAY_10, party_size=6)
    with pytest.raises(SlotTaken):
        _book(shop, TUESDAY_10, party_size=5)
    assert _book(shop, TUESDAY_10, party_size=4).party_size == 4


def concurrent_bookings(shop: Shop, start: datetime, attempts: int) -> tuple[int, int]:
    """`attempts` threads book the same slot at once; returns (succeeded, refused)."""
    barrier = threading.Barrier(attempts)
    results: list[str] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        barrier.wait()
        try:
            with shop.database.unit_of_work(write=True) as s:
                new = service.NewBooking(
                    assistant_id=shop.assistant_id,
                    start=start,
                    service=None,
                    customer_name=f"Client {i}",
                    callback_number="0612345678",
                    source="call",
                )
                service.book(s, shop.tenant, new, now=NOW, runtime=shop.runtime, actor="t")
            outcome = "ok"
        except SlotTaken:
            outcome = "taken"
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results.count("ok"), results.count("taken")


def test_fifty_concurrent_bookings_on_capacity_two(database: Database, org_id: uuid.UUID) -> None:
    shop = make_shop(database, org_id, capacity=2)
    assert concurrent_bookings(shop, TUESDAY_10, 50) == (2, 48)
    with database.unit_of_work(org_id) as s:
        assert s.scalar(select(func.count()).select_from(Booking)) == 2
