"""Benchmark of live bookings (targets: check_availability server time p95 ≤ 20 ms with 10,000
bookings and 500 busy intervals; 50 concurrent book_appointment on one slot of capacity 2 →
exactly 2 succeed), on SQLite and PostgreSQL.

In-process, through the whole webhook path (`WebhookService.handle`: signature, tenant checks,
the tool, the inbox row, the answer). A salon with ten chairs, 10,000 bookings spread over its
next months and 500 owner blocks; `check_availability` asks for a day, a day and a time, or a
relative date, in turn. Then 50 threads send `book_appointment` for the same slot of a
resource of capacity 2 at once. Prints p50/p95/p99 and the successes.

    .venv/bin/python bench/bookings.py [--rounds 300] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import json
import logging
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from _common import databases, organisation, summary
from sqlalchemy import insert

from allokoli.app import create_app
from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.bookings import availability as av
from allokoli.bookings import config
from allokoli.bookings import service as booking_service
from allokoli.bookings.dates import parse_date
from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.models import Assistant, Booking, BookingBlock, BookingUnit, Organization
from allokoli.providers.vapi import METADATA_KEY
from allokoli.settings import Settings
from allokoli.tenancy import Tenant, TenantRepository
from allokoli.webhooks.auth import sign

SECRET = "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - benchmark only
NOW = datetime(2027, 3, 8, 7, 0, tzinfo=UTC)  # Monday 08:00 in Paris
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
HOURS = {
    "days": [{"day": d, "ranges": [{"start": "08:00", "end": "20:00"}]} for d in DAYS]
    + [{"day": "dimanche", "ranges": []}]
}
ASKS: list[dict[str, Any]] = [
    {"date": "2027-04-14", "prestation": "coupe"},
    {"date": "2027-04-20", "heure": "10:30", "prestation": "coupe"},
    {"date": "mardi prochain", "prestation": "coupe"},
    {"date": "dans quinze jours", "heure": "16:00", "prestation": "coupe"},
]


class _Assistants(TenantRepository[Assistant]):
    model = Assistant


def _salon(db: Database, tenant: Tenant, chairs: int) -> tuple[uuid.UUID, uuid.UUID]:
    with db.unit_of_work() as s:
        assistant = _Assistants(s, tenant).add(
            Assistant(
                name="Salon",
                config={"name": "Salon"},
                profile={"company_name": "Salon", "opening_hours": HOURS},
            )
        )
        config.set_rules(
            s,
            tenant,
            assistant.id,
            config.RulesIn(min_notice_minutes=0, horizon_days=365),
            actor="bench",
        )
        resource = config.add_resource(s, tenant, assistant.id, "Fauteuil", chairs, actor="bench")
        config.add_service(
            s,
            tenant,
            assistant.id,
            name="Coupe",
            duration_minutes=30,
            resource_id=resource.id,
            actor="bench",
        )
        return assistant.id, resource.id


def _fill(db: Database, tenant: Tenant, assistant_id: uuid.UUID, resource_id: uuid.UUID) -> int:
    """10,000 bookings (one chair, 30 minutes each) from tomorrow on, and 500 blocks."""
    service_id = None
    with db.unit_of_work(tenant.organization_id) as s:
        from allokoli.bookings.repository import ServiceRepository

        service_id = ServiceRepository(s, tenant).of_assistant(assistant_id)[0].id
    bookings: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    day = date(2027, 3, 9)
    while len(bookings) < 10_000:
        plan = av.day_plan(av_hours(), day, None)
        for span_start, span_end in plan.spans:
            start = span_start
            while start < span_end and len(bookings) < 10_000:
                for chair in range(0, 10, 2):  # half the chairs taken at every half hour
                    booking_id = uuid.uuid4()
                    bookings.append(
                        {
                            "id": booking_id,
                            "organization_id": tenant.organization_id,
                            "assistant_id": assistant_id,
                            "service_id": service_id,
                            "resource_id": resource_id,
                            "reference": f"B{len(bookings):05d}",
                            "start_at": start,
                            "end_at": start + timedelta(minutes=30),
                            "party_size": 1,
                            "status": "confirmed",
                            "source": "owner",
                            "created_at": NOW,
                            "updated_at": NOW,
                        }
                    )
                    for cell in av.cells(start, start + timedelta(minutes=30)):
                        units.append(
                            {
                                "id": uuid.uuid4(),
                                "organization_id": tenant.organization_id,
                                "resource_id": resource_id,
                                "cell_start": cell,
                                "unit": chair,
                                "booking_id": booking_id,
                            }
                        )
                start += timedelta(minutes=30)
        day += timedelta(days=1)
    blocks = [
        {
            "id": uuid.uuid4(),
            "organization_id": tenant.organization_id,
            "assistant_id": assistant_id,
            "start_at": NOW + timedelta(days=1 + i % 120, hours=3 + (i % 5) * 2),
            "end_at": NOW + timedelta(days=1 + i % 120, hours=4 + (i % 5) * 2),
            "reason": "Absence",
            "created_at": NOW,
            "updated_at": NOW,
        }
        for i in range(500)
    ]
    with db.unit_of_work(tenant.organization_id) as s:
        for i in range(0, len(bookings), 1000):
            s.execute(insert(Booking), bookings[i : i + 1000])
        for i in range(0, len(units), 2000):
            s.execute(insert(BookingUnit), units[i : i + 2000])
        s.execute(insert(BookingBlock), blocks)
    return len(bookings)


def av_hours() -> Any:
    from allokoli.domain.profile import OpeningHours

    return OpeningHours.model_validate(HOURS)


def _message(assistant_id: uuid.UUID, tool: str, args: dict[str, Any]) -> bytes:
    return json.dumps(
        {
            "message": {
                "type": "tool-calls",
                "call": {"id": f"call-{uuid.uuid4()}"},
                "assistant": {"metadata": {METADATA_KEY: str(assistant_id)}},
                "toolCallList": [
                    {
                        "id": f"tc-{uuid.uuid4()}",
                        "type": "function",
                        "function": {"name": tool, "arguments": args},
                    }
                ],
            }
        }
    ).encode()


def run(backend: str, urls: Any, rounds: int) -> None:
    org_id = organisation(urls.app)
    tenant = Tenant(org_id)
    db = Database(make_engine(urls.app))
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        env="test",
        database_url=urls.app,
        secret_key=SECRET,
        log_level="WARNING",
        outbox_poll_seconds=0,
        reconcile_seconds=0,
        purge_seconds=0,
    )
    app = create_app(settings, database=db)
    app.services.clock = lambda: NOW
    logging.getLogger("allokoli").setLevel(logging.WARNING)
    assistant_id, resource_id = _salon(db, tenant, chairs=10)
    started = time.perf_counter()
    count = _fill(db, tenant, assistant_id, resource_id)
    print(
        f"\n== {backend}: {count} bookings and 500 blocks written in "
        f"{time.perf_counter() - started:.1f} s"
    )
    with db.unit_of_work() as session:
        org = session.get(Organization, org_id)
        assert org is not None
        key, secret = org.webhook_key, webhook_secret(settings, org)
    service = app.services.webhooks

    def call(tool: str, args: dict[str, Any]) -> tuple[float, dict[str, Any]]:
        body = _message(assistant_id, tool, args)
        headers = {"content-type": "application/json", **sign(body, secret, int(time.time()))}
        t0 = time.perf_counter()
        outcome = service.handle(key, headers, body)
        answer: dict[str, Any] = outcome.body["results"][0]
        return (time.perf_counter() - t0) * 1000, answer

    times: list[float] = []
    for i in range(rounds + 10):
        took, answer = call("check_availability", ASKS[i % len(ASKS)])
        assert "result" in answer, answer
        if i >= 10:
            times.append(took)
    print(f"check_availability   {summary(times)}   (target p95 ≤ 20 ms)")
    # The availability itself, without the webhook path (signature, inbox row, commit).
    own: list[float] = []
    for i in range(rounds + 10):
        ask = ASKS[i % len(ASKS)]
        t0 = time.perf_counter()
        with db.unit_of_work(org_id) as s:
            sc = booking_service.scope(s, tenant, assistant_id)
            day = parse_date(ask["date"], NOW.astimezone(av.PARIS).date())
            booking_service.propose(
                s,
                tenant,
                sc,
                service="coupe",
                party_size=1,
                day=day,
                at=None,
                now=NOW,
                runtime=app.services.bookings,
            )
        if i >= 10:
            own.append((time.perf_counter() - t0) * 1000)
    print(f"  availability alone {summary(own)}")

    _, pair = _salon_pair(db, tenant)
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        args = {
            "date": "2027-03-09",
            "heure": "10:00",
            "prestation": "coupe",
            "nom_appelant": f"Client {i}",
            "telephone_rappel": "0612345678",
        }
        barrier.wait()
        _, answer = call_for(pair, args)
        with lock:
            outcomes.append("ok" if "result" in answer else "refused")

    def call_for(assistant: uuid.UUID, args: dict[str, Any]) -> tuple[float, dict[str, Any]]:
        body = _message(assistant, "book_appointment", args)
        headers = {"content-type": "application/json", **sign(body, secret, int(time.time()))}
        t0 = time.perf_counter()
        answer: dict[str, Any] = service.handle(key, headers, body).body["results"][0]
        return (time.perf_counter() - t0) * 1000, answer

    threads = [threading.Thread(target=one, args=(i,)) for i in range(50)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(
        f"50 concurrent book_appointment, capacity 2: {outcomes.count('ok')} booked, "
        f"{outcomes.count('refused')} refused in {(time.perf_counter() - t0) * 1000:.0f} ms "
        "(target: exactly 2)"
    )
    db.dispose()


def _salon_pair(db: Database, tenant: Tenant) -> tuple[uuid.UUID, uuid.UUID]:
    assistant_id, resource_id = _salon(db, tenant, chairs=2)
    return resource_id, assistant_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with databases(backends) as each:
        for backend, urls in each:
            run(backend, urls, args.rounds)


if __name__ == "__main__":
    main()
