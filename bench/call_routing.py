"""Benchmark of the `assistant-request` decision (target: server time p95 ≤ 20 ms with 10,000
listed numbers).

In-process, on SQLite and PostgreSQL: one organisation with a few deployed assistants and 3,000
calls this season, one screened phone number, 10,000 listed numbers (half protected, half
blocked) and a monthly budget with the automatic pause (so every decision also estimates the
month's spend). Then signed `assistant-request` messages through the whole webhook path
(`WebhookService.handle`: authentication, parsing, tenant and number lookups, the lists, the
budget, the `call_screenings` row, the answer) and through the ASGI app (`TestClient`). Callers
alternate: a blocked number, a protected number, a number on no list. Prints p50/p95/p99.

    .venv/bin/python bench/call_routing.py [--rounds 300] [--numbers 10000] [--backend both]
"""

from __future__ import annotations

import argparse
import json
import logging
import time
import uuid
from typing import Any

from _common import databases, organisation, summary
from sqlalchemy import insert, select

from allokoli.app import create_app
from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.demo.seed import seed
from allokoli.kit.clock import utcnow
from allokoli.models import Assistant, NumberRule, Organization, PhoneNumber, SpendControl
from allokoli.settings import Settings
from allokoli.webhooks.auth import sign

SECRET = "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - benchmark only
PHONE_ID = "pn-bench-routing"


def _listed(index: int) -> str:
    return f"+3361{index:07d}"


def _message(caller: str) -> bytes:
    return json.dumps(
        {
            "message": {
                "type": "assistant-request",
                "call": {
                    "id": f"call-{uuid.uuid4()}",
                    "type": "inboundPhoneCall",
                    "phoneNumberId": PHONE_ID,
                },
                "phoneNumber": {"id": PHONE_ID},
                "customer": {"number": caller},
            }
        }
    ).encode()


def _prepare(db: Database, org_id: uuid.UUID, listed: int) -> None:
    with db.unit_of_work(tenant_id=org_id) as session:
        assistant = session.scalars(
            select(Assistant).where(Assistant.provider_id.is_not(None)).limit(1)
        ).one()
        assistant.profile = {**(assistant.profile or {}), "transfer_number": "+33612345678"}
        session.add(
            PhoneNumber(
                organization_id=org_id,
                assistant_id=assistant.id,
                number="+33199009999",
                provider="sandbox",
                is_demo=True,
                provider_id=PHONE_ID,
                status="active",
            )
        )
        session.add(
            SpendControl(organization_id=org_id, monthly_budget_eur=1_000_000.0, auto_pause=True)
        )
        now = utcnow()
        rows: list[dict[str, Any]] = [
            {
                "id": uuid.uuid4(),
                "organization_id": org_id,
                "number": _listed(i),
                "kind": "protected" if i % 2 else "blocked",
                "created_at": now,
            }
            for i in range(listed)
        ]
        for start in range(0, len(rows), 2000):
            session.execute(insert(NumberRule), rows[start : start + 2000])


def run(backend: str, urls: Any, rounds: int, listed: int) -> None:
    org_id = organisation(urls.app)
    db = Database(make_engine(urls.app))
    seed(db, org_id, assistants=5, calls=3000, seed=5)
    _prepare(db, org_id, listed)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        env="test",
        database_url=urls.app,
        secret_key=SECRET,
        log_level="WARNING",
        outbox_poll_seconds=0,
        reconcile_seconds=0,
        purge_seconds=0,
        routing_seconds=0,
    )
    app = create_app(settings, database=db)
    logging.getLogger("allokoli").setLevel(logging.WARNING)
    with db.unit_of_work(tenant_id=org_id) as session:
        org = session.get(Organization, org_id)
        assert org is not None
        key, secret = org.webhook_key, webhook_secret(settings, org)
    service = app.services.webhooks
    callers = {
        "blocked": (_listed(0), "error"),
        "protected": (_listed(1), "destination"),
        "no list": ("+33700000001", "assistantId"),
    }
    print(f"\n== {backend} ({listed:,} listed numbers)".replace(",", " "))
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        for label, (caller, field) in callers.items():
            direct: list[float] = []
            http: list[float] = []
            for i in range(rounds + 10):
                body = _message(caller)
                headers = {
                    "content-type": "application/json",
                    **sign(body, secret, int(time.time())),
                }
                started = time.perf_counter()
                outcome = service.handle(key, headers, body)
                took = (time.perf_counter() - started) * 1000
                assert field in outcome.body, outcome.body
                body = _message(caller)
                headers = {
                    "content-type": "application/json",
                    **sign(body, secret, int(time.time())),
                }
                started = time.perf_counter()
                r = client.post(f"/webhooks/vapi/{key}", content=body, headers=headers)
                took_http = (time.perf_counter() - started) * 1000
                assert field in r.json(), r.text
                if i >= 10:  # warm-up
                    direct.append(took)
                    http.append(took_http)
            print(f"{label:<10} service {summary(direct)}")
            print(f"{'':<10} ASGI    {summary(http)}")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--numbers", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with databases(backends) as each:
        for backend, urls in each:
            run(backend, urls, args.rounds, args.numbers)


if __name__ == "__main__":
    main()
